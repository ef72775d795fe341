"""Indicator tables copied from a web page: one cell per line, a blank line between cells.

The documents are generated here from made-up rows: the header cells, then each row's
cells, every cell on its own line followed by a blank line; an empty cell is written as
a whitespace-only line (or left out entirely), a category row as its cell and an empty
one, a stacked row (a name over its 其中 lines) as its names followed by each column's
lines.
"""

from __future__ import annotations

import pytest

from eduplan.core.plan import Attribute, Indicator, Op
from eduplan.ingest.extract import extract_plan
from eduplan.ingest.indicators.extract import extract_indicators
from eduplan.ingest.readers.document import Document, read_bytes

Row = tuple[str, ...]

_ROWS: list[Row] = [
    ("1.托育机构覆盖率(%)", "40%", "75%以上", "预期性"),
    ("2.小学巩固率(%)", "98.5%", "99%", "约束性"),
    ("3.每百名学生计算机数(台)", "12台", "20台以上", "预期性"),
    ("4.平均受教育年限(年)", "10.8年", "11.5年以上", "约束性"),
    ("5.超大班额比例(%)", "3%", "1%以下", "约束性"),
]


def web_lines(header: Row, rows: list[Row | str], *, empty: str = "    ") -> list[str]:
    """A table as a web page copy leaves it; a str row is a category (its cell, then an empty cell)."""
    cells: list[str] = list(header)
    for row in rows:
        cells += [row, empty] if isinstance(row, str) else list(row)
    out: list[str] = []
    for cell in cells:
        out += [cell, ""]
    return out


def web_doc(*parts: str | list[str]) -> Document:
    lines: list[str] = []
    for part in parts:
        lines += [part] if isinstance(part, str) else part
    return read_bytes("\n".join(lines).encode(), suffix=".txt")


def _by_name(indicators: list[Indicator]) -> dict[str, Indicator]:
    return {i.name: i for i in indicators}


_PROSE = "全面落实立德树人根本任务，推动教育事业高质量发展，人民群众对教育的满意度持续提高，各项事业取得新进展。"


@pytest.mark.parametrize("name_label", ["指标", "指 标", "指  标", "主要指标"])
@pytest.mark.parametrize("categories", [False, True])
def test_rows_read_without_caption_with_or_without_categories(name_label: str, categories: bool) -> None:
    rows: list[Row | str] = [*_ROWS[:2], *_ROWS[2:]]
    if categories:
        rows = ["一、普及水平", *_ROWS[:2], "二、质量水平", *_ROWS[2:]]
    doc = web_doc(_PROSE, "", *[web_lines((name_label, "2020年", "2025年", "属性"), rows)], _PROSE)
    got = extract_indicators(doc)
    assert [i.name for i in got] == ["托育机构覆盖率", "小学巩固率", "每百名学生计算机数", "平均受教育年限", "超大班额比例"]
    ind = _by_name(got)
    assert ind["托育机构覆盖率"].unit == "%"
    assert ind["托育机构覆盖率"].target is not None and ind["托育机构覆盖率"].target.op is Op.GE
    assert ind["托育机构覆盖率"].target.value == 75 and ind["托育机构覆盖率"].target.year == 2025
    assert ind["托育机构覆盖率"].values == {"2020": 40, "2025": 75}
    assert ind["平均受教育年限"].unit == "年" and ind["平均受教育年限"].target.value == 11.5
    assert ind["超大班额比例"].target.op is Op.LE and ind["超大班额比例"].target.value == 1
    assert ind["小学巩固率"].attribute is Attribute.BINDING and ind["托育机构覆盖率"].attribute is Attribute.EXPECTED
    assert ind["每百名学生计算机数"].unit == "台" and ind["每百名学生计算机数"].values["2020"] == 12
    if categories:
        assert ind["小学巩固率"].category == "一、普及水平" and ind["超大班额比例"].category == "二、质量水平"
    else:
        assert all(i.category is None for i in got)
    # A row's line is the line of its target cell (what the plan commits to), below its name here.
    name_line = next(n for n, line in enumerate(doc.lines, 1) if line.startswith("1.托育"))
    target_line = next(n for n, line in enumerate(doc.lines, 1) if n > name_line and "75" in line)
    assert ind["托育机构覆盖率"].source.line == target_line


@pytest.mark.parametrize("empty", ["    ", ""])
def test_three_columns_without_attribute(empty: str) -> None:
    rows: list[Row | str] = ["学前教育", *(r[:3] for r in _ROWS[:2]), "义务教育", *(r[:3] for r in _ROWS[2:])]
    got = _by_name(extract_indicators(web_doc(_PROSE, "", web_lines(("指标", "2020年", "2025年"), rows,
                                                                          empty=empty), _PROSE)))
    assert list(got) == ["托育机构覆盖率", "小学巩固率", "每百名学生计算机数", "平均受教育年限", "超大班额比例"]
    assert got["小学巩固率"].category == "学前教育" and got["平均受教育年限"].category == "义务教育"
    assert got["小学巩固率"].target is not None and got["小学巩固率"].target.value == 99
    assert all(i.attribute is None for i in got.values())


def test_stacked_rows_are_placed_column_by_column() -> None:
    rows: list[Row | str] = [
        "一、办学条件",
        ("1.标准化学校比例(%)", "其中:小学", "初中", "70%", "60%", "90%以上", "85%以上", "预期性"),
        ("2.专任教师本科学历比例(%)", "其中:硕士学历比例(%)", "80%", "5%", "90%", "10%", "约束性"),
        _ROWS[0],
    ]
    got = extract_indicators(web_doc(web_lines(("指  标", "2020年", "2025年", "属性"), rows), _PROSE))
    summary = [(i.name, i.parent, i.unit, i.values, i.target.value if i.target else None) for i in got]
    assert summary == [
        ("标准化学校比例", None, "%", {}, None),
        ("小学", "标准化学校比例", "%", {"2020": 70, "2025": 90}, 90),
        ("初中", "标准化学校比例", "%", {"2020": 60, "2025": 85}, 85),
        ("专任教师本科学历比例", None, "%", {"2020": 80, "2025": 90}, 90),
        ("硕士学历比例", "专任教师本科学历比例", "%", {"2020": 5, "2025": 10}, 10),
        ("托育机构覆盖率", None, "%", {"2020": 40, "2025": 75}, 75),
    ]
    assert all(i.category == "一、办学条件" for i in got)
    assert got[1].attribute is Attribute.EXPECTED and got[4].attribute is Attribute.BINDING


def test_a_group_no_reading_explains_is_reported_not_read() -> None:
    rows: list[Row | str] = [_ROWS[0], ("2.标准化学校比例(%)", "其中:小学", "初中", "70%", "90%", "85%", "预期性"),
                             _ROWS[1]]
    plan = extract_plan(web_doc("某县教育事业发展“十四五”规划", "", web_lines(("指标", "2020年", "2025年", "属性"), rows)))
    names = [i.name for i in plan.indicators]
    assert names == ["托育机构覆盖率", "小学巩固率"]
    unplaced = [f for f in plan.findings if f.kind == "table_cell_unplaced"]
    assert len(unplaced) == 1 and "70%" in unplaced[0].message


def test_table_ends_at_the_prose_after_it_and_the_next_table_is_read() -> None:
    first = web_lines(("指标", "2020年", "2025年", "属性"), _ROWS[:2])
    second = web_lines(("指标", "2020年", "2025年"), [r[:3] for r in _ROWS[3:]])
    doc = web_doc(first, "三、主要任务", "（一）坚持立德树人", _PROSE, "", "表2 质量指标", "", second, "四、保障措施")
    got = extract_indicators(doc)
    assert [i.name for i in got] == ["托育机构覆盖率", "小学巩固率", "平均受教育年限", "超大班额比例"]
    assert got[2].table == "表2 质量指标" and got[2].category is None


def test_blank_separated_prose_is_no_table() -> None:
    doc = web_doc("指标", "", "全县幼儿园达到省定标准", "", "2025年", "", "基本实现教育现代化")
    assert extract_indicators(doc) == []


def test_another_table_after_it_gives_no_row() -> None:
    projects = web_lines(("序号", "项目名称", "2021年", "2022年"), [("1", "某某中学新建工程", "500", "800")])
    doc = web_doc(web_lines(("指标", "2020年", "2025年"), [r[:3] for r in _ROWS[:2]]), *[projects])
    got = extract_indicators(doc)
    assert [i.name for i in got] == ["托育机构覆盖率", "小学巩固率"]
    assert all(set(i.values) == {"2020", "2025"} for i in got)
