"""Indicator tables in every layout: synthetic documents per layout, and the five plans."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest

from eduplan.core.plan import Attribute, Direction, Indicator, Op
from eduplan.ingest.indicators.extract import extract_indicators, split_unit
from eduplan.ingest.indicators.headers import classify_label
from eduplan.ingest.readers.document import Document, read_bytes, read_document

EXPECTED = Path(__file__).resolve().parent.parent / "data" / "expected"
PLANS_WITH_TABLES = ("bishan", "fuling", "nanchuan", "yuzhong")

FIELDS = ("category", "name", "unit", "parent", "attribute", "table", "catalog_id", "direction", "line")


# --- fixture form and cell accuracy ---------------------------------------------------


def indicator_row(ind: Indicator) -> dict[str, Any]:
    """An indicator as a fixture row (numbers as printed: 15.0 → 15)."""
    target = None
    if ind.target is not None:
        target = {"op": str(ind.target.op), "value": _num(ind.target.value),
                  "value_max": _num(ind.target.value_max), "year": ind.target.year, "raw": ind.target.raw}
    return {
        "category": ind.category, "name": ind.name, "unit": ind.unit, "parent": ind.parent,
        "values": {k: _num(v) for k, v in ind.values.items()}, "raw_values": dict(ind.raw_values),
        "target": target, "attribute": str(ind.attribute) if ind.attribute else None, "table": ind.table,
        "catalog_id": ind.catalog_id, "direction": str(ind.direction) if ind.direction else None,
        "line": ind.source.line,
    }


def _num(value: float | None) -> float | int | None:
    return int(value) if value is not None and float(value).is_integer() else value


def row_cells(row: dict[str, Any]) -> dict[str, Any]:
    """A fixture row flattened to its cells: one per field, value key and target part."""
    cells = {f: row.get(f) for f in FIELDS}
    for group in ("values", "raw_values"):
        for key, value in (row.get(group) or {}).items():
            cells[f"{group}.{key}"] = value
    target = row.get("target")
    cells["target"] = target is not None
    for key, value in (target or {}).items():
        cells[f"target.{key}"] = value
    return cells


def cell_accuracy(expected: list[dict[str, Any]], actual: list[dict[str, Any]]) -> tuple[int, int]:
    """(matching cells, expected cells); rows paired by position, a missing row's cells count as wrong."""
    right = total = 0
    for k, exp in enumerate(expected):
        exp_cells = row_cells(exp)
        act_cells = row_cells(actual[k]) if k < len(actual) else {}
        total += len(exp_cells)
        right += sum(1 for name, value in exp_cells.items() if name in act_cells and act_cells[name] == value)
    return right, total


def plan_rows(plans_dir: Path, plan: str) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """(expected, extracted) fixture rows of one plan."""
    expected = json.loads((EXPECTED / plan / "indicators.json").read_text(encoding="utf-8"))
    actual = [indicator_row(i) for i in extract_indicators(read_document(plans_dir / f"{plan}.txt"))]
    return expected, actual


def doc(*lines: str) -> Document:
    """A synthetic text document from its lines (read like a .txt file)."""
    return read_bytes("\n".join(lines).encode("utf-8"), suffix=".txt")


def by_name(indicators: list[Indicator]) -> dict[str, Indicator]:
    return {(f"{i.parent}/" if i.parent else "") + i.name: i for i in indicators}


# --- the five plans -------------------------------------------------------------------


@pytest.mark.parametrize("plan", PLANS_WITH_TABLES)
def test_plan_indicators_equal_hand_checked_fixture(plans_dir: Path, plan: str) -> None:
    expected, actual = plan_rows(plans_dir, plan)
    right, total = cell_accuracy(expected, actual)
    assert len(actual) == len(expected), f"{plan}: {len(actual)} rows, expected {len(expected)}"
    assert right == total, f"{plan}: cell accuracy {right}/{total} = {right / total:.2%}"
    assert actual == expected


def test_plan_without_indicator_table_gives_none(plans_dir: Path) -> None:
    assert extract_indicators(read_document(plans_dir / "qianjiang.txt")) == []


# --- layout: one TAB-prefixed cell per line ---------------------------------------------


CELL_PER_LINE = (
    "二、发展目标",
    "专栏2  某区教育事业发展主要指标",
    "",
    "\t分类", "\t指  标", "\t2020年", "\t2025年", "\t属性",
    "",
    "\t学前教育", "\t在园幼儿数（万人）", "\t1.2", "\t1.5", "\t预期性",
    "",
    "\t", "\t学前三年毛入园率（%）", "\t90.5", "\t≥95", "\t预期性",
    "",
    "\t高中阶段", "", "教育", "\t在校学生数（万人）", "\t2.0", "\t2.4", "\t预期性",
    "",
    "\t", "\t其中：普通高中", "\t1.2", "\t1.5", "\t预期性",
    "",
    "\t", "\t中等职业教育", "\t0.8", "\t0.9", "\t预期性",
    "",
    "\t", "\t高中阶段毛入学率（%）", "\t96", "\t98以上", "\t约束性",
    "",
    "",
    "三、主要任务",
    "\t1. 一段正文",
)


def test_cell_per_line_table_reads_every_row() -> None:
    rows = extract_indicators(doc(*CELL_PER_LINE))
    assert [i.name for i in rows] == ["在园幼儿数", "学前三年毛入园率", "在校学生数", "普通高中", "中等职业教育",
                                      "高中阶段毛入学率"]
    assert {i.table for i in rows} == {"专栏2 某区教育事业发展主要指标"}


def test_cell_per_line_carries_category_and_joins_wrapped_category() -> None:
    rows = by_name(extract_indicators(doc(*CELL_PER_LINE)))
    assert rows["学前三年毛入园率"].category == "学前教育"
    assert rows["在校学生数"].category == "高中阶段教育"
    assert rows["在校学生数/中等职业教育"].category == "高中阶段教育"


def test_cell_per_line_sub_rows_get_parent_and_unit() -> None:
    rows = by_name(extract_indicators(doc(*CELL_PER_LINE)))
    sub = rows["在校学生数/普通高中"]
    assert (sub.parent, sub.unit) == ("在校学生数", "万人")
    assert rows["在校学生数/中等职业教育"].parent == "在校学生数"
    assert rows["高中阶段毛入学率"].parent is None


def test_cell_per_line_values_target_attribute_and_line() -> None:
    rows = by_name(extract_indicators(doc(*CELL_PER_LINE)))
    rate = rows["学前三年毛入园率"]
    assert rate.unit == "%"
    assert rate.values == {"2020": 90.5, "2025": 95}
    assert rate.raw_values == {"2020": "90.5", "2025": "≥95"}
    assert (rate.target.op, rate.target.value, rate.target.year) == (Op.GE, 95, 2025)
    assert rate.attribute is Attribute.EXPECTED
    assert rate.source.line == 19  # the line of its target value (the name is on line 17)
    gross = rows["高中阶段毛入学率"]
    assert (gross.target.op, gross.target.value, gross.attribute) == (Op.GE, 98, Attribute.BINDING)


ACHIEVEMENTS = (
    "专栏1  某区教育事业“十三五”主要成就表",
    "",
    "\t分类", "\t指标", "\t2015年", "\t2020年", "\t“十三五”变化情况",
    "",
    "\t学前教育", "\t在园幼儿数（万人）", "\t3.0", "\t2.6", "\t-0.4",
    "",
    "\t", "\t学前三年毛入园率（%）", "\t85", "\t90.5", "\t+5.5",
    "",
    "",
    "（二）发展机遇",
)


def test_achievement_table_has_values_and_change_but_no_target() -> None:
    rows = extract_indicators(doc(*ACHIEVEMENTS))
    assert [i.values for i in rows] == [{"2015": 3.0, "2020": 2.6, "change": -0.4},
                                        {"2015": 85, "2020": 90.5, "change": 5.5}]
    assert [i.raw_values["change"] for i in rows] == ["-0.4", "+5.5"]
    assert all(i.target is None and i.attribute is None for i in rows)


# --- layout: table run together into lines of text (PDF), across a page break -----------


PDF_TEXT = (
    "专栏1 某区教育事业“十四五”规划主要指标",
    "",
    "分类 指 标 2020 年 2025 年 属性",
    "",
    "学前教育",
    "",
    "在园幼儿数（万人） 1.2 1.5 预期性",
    "毛入园率（%） 90% >95% 预期性",
    "",
    "公办幼儿园在园幼儿占比（%） 50.5% 55% 预",
    "期性",
    "义务教育",
    "在校学生数（万人） 5.0 5.5 预期性",
    "其中：普通小学 3.5 3.8 预期性",
    "",
    "普通初中 1.5 1.7 预期性",
    "- 7 -",
    " 专栏1 某区教育事业“十四五”规划主要指标",
    "分类 指标 2020 年 2025 年 属性",
    "",
    "高等教育 在学总规模（万人） 1.0 1.2 预期性",
    "人力资源开发",
    "水平",
    "人均受教育年限（年） 10 10.5 预期性",
    "劳动年龄人口平均受教育",
    "年限（年） 11 12 约束性",
    "",
    "三、主要任务",
    "一段正文 2 3 预期性",
)


def test_pdf_text_table_across_page_break() -> None:
    rows = extract_indicators(doc(*PDF_TEXT))
    assert [(i.category, i.name) for i in rows] == [
        ("学前教育", "在园幼儿数"), ("学前教育", "毛入园率"), ("学前教育", "公办幼儿园在园幼儿占比"),
        ("义务教育", "在校学生数"), ("义务教育", "普通小学"),
        ("义务教育", "普通初中"), ("高等教育", "在学总规模"), ("人力资源开发水平", "人均受教育年限"),
        ("人力资源开发水平", "劳动年龄人口平均受教育年限")]


def test_pdf_text_values_targets_parents_and_lines() -> None:
    rows = by_name(extract_indicators(doc(*PDF_TEXT)))
    rate = rows["毛入园率"]
    assert (rate.values, rate.raw_values) == ({"2020": 90, "2025": 95}, {"2020": "90%", "2025": ">95%"})
    assert (rate.target.op, rate.target.value) == (Op.GT, 95)
    assert rows["在校学生数/普通初中"].parent == "在校学生数"
    assert rows["在学总规模"].source.line == 21
    wrapped = rows["劳动年龄人口平均受教育年限"]
    assert (wrapped.unit, wrapped.attribute, wrapped.source.line) == ("年", Attribute.BINDING, 26)
    cut = rows["公办幼儿园在园幼儿占比"]
    assert (cut.values, cut.attribute, cut.source.line) == ({"2020": 50.5, "2025": 55}, Attribute.EXPECTED, 10)


PDF_CELL_LINES = (
    "专栏1 某区教育事业“十四五”规划主要指标",
    "分类", "指标", "2020年", "2025年", "属性",
    "学前教育", "在园幼儿数（万人）", "1.2", "1.5", "预期性",
    "毛入园率（%）", "90", "≥95", "预期性",
    "12",
    "分类", "指标", "2020年", "2025年", "属性",
    "义务教育", "在校学生数（万人）", "5", "5.5", "预期性",
    "其中：普通小学", "3.5", "3.8", "预期性",
    "九年义务教育", "巩固率（%）", "98", ">99", "约束性",
    "三、主要任务",
    "正文 1 2",
)


def test_pdf_text_one_cell_per_line_without_separators() -> None:
    rows = extract_indicators(doc(*PDF_CELL_LINES))
    assert [(i.category, i.name, i.parent, i.values) for i in rows] == [
        ("学前教育", "在园幼儿数", None, {"2020": 1.2, "2025": 1.5}),
        ("学前教育", "毛入园率", None, {"2020": 90, "2025": 95}),
        ("义务教育", "在校学生数", None, {"2020": 5, "2025": 5.5}),
        ("义务教育", "普通小学", "在校学生数", {"2020": 3.5, "2025": 3.8}),
        ("义务教育", "九年义务教育巩固率", None, {"2020": 98, "2025": 99})]
    assert [i.source.line for i in rows] == [10, 14, 25, 29, 34]  # each row at its 2025 target cell
    assert rows[-1].attribute is Attribute.BINDING


# --- layout: a real .docx table (cells joined by " | ") --------------------------------


def _docx_bytes(title: str, table: list[list[str]], merge_rows: tuple[int, int] | None = None) -> bytes:
    import docx

    document = docx.Document()
    document.add_paragraph(title)
    grid = document.add_table(rows=len(table), cols=len(table[0]))
    for r, row in enumerate(table):
        for c, text in enumerate(row):
            grid.cell(r, c).text = text
    if merge_rows:
        grid.cell(merge_rows[0], 1).merge(grid.cell(merge_rows[1], 1))
    document.add_paragraph("（二）其他")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_docx_table_in_another_column_order_with_unit_column() -> None:
    data = _docx_bytes("专栏3 某区教育发展主要指标", [
        ["序号", "领域", "指标名称", "单位", "指标属性", "2020年", "2025年目标"],
        ["1", "学前教育", "学前教育毛入园率", "%", "预期性", "92", "≥95"],
        ["2", "", "普惠性幼儿园覆盖率", "%", "约束性", "80", "不低于85"],
        ["3", "义务教育", "生师比", "", "预期性", "18", "16—17"],
    ], merge_rows=(1, 2))
    rows = extract_indicators(read_bytes(data, suffix=".docx"))
    assert [(i.category, i.name, i.unit) for i in rows] == [
        ("学前教育", "学前教育毛入园率", "%"), ("学前教育", "普惠性幼儿园覆盖率", "%"), ("义务教育", "生师比", None)]
    ratio = rows[2]
    assert (ratio.target.op, ratio.target.value, ratio.target.value_max) == (Op.RANGE, 16, 17)
    assert ratio.values == {"2020": 18, "2025": None}
    assert (rows[1].target.op, rows[1].target.value, rows[1].attribute) == (Op.GE, 85, Attribute.BINDING)
    assert [i.source.line for i in rows] == [3, 4, 5]


# --- layout: pipe (Markdown), TAB-separated and space-separated lines ------------------


def test_markdown_pipe_table_with_base_and_target_columns() -> None:
    rows = extract_indicators(doc(
        "表1 某县“十四五”教育发展指标",
        "| 指标 | 分类 | 属性 | 基期值 | 目标值 |",
        "|---|---|---|---|---|",
        "| 小学专任教师本科及以上学历比例（%） | 教师 | 预期性 | 70 | 超过80 |",
        "| 儿童青少年总体近视率（%） |  | 约束性 | 52 | 保持50% |",
        "",
        "正文继续。",
    ))
    assert [i.values for i in rows] == [{"2020": 70, "2025": 80}, {"2020": 52, "2025": 50}]
    assert [(i.target.op, i.target.year) for i in rows] == [(Op.GT, 2025), (Op.EQ, 2025)]
    assert [i.category for i in rows] == ["教师", "教师"]
    assert rows[1].direction is Direction.DOWN


@pytest.mark.parametrize(("cell", "op", "value", "value_max"), [
    ("≥93", Op.GE, 93, None), (">98", Op.GT, 98, None), ("95以上", Op.GE, 95, None), ("超过60", Op.GT, 60, None),
    ("不低于90", Op.GE, 90, None), ("不少于12", Op.GE, 12, None), ("保持100%", Op.EQ, 100, None),
    ("4—5", Op.RANGE, 4, 5), ("8~10", Op.RANGE, 8, 10), ("3-5", Op.RANGE, 3, 5), ("99.5", Op.EQ, 99.5, None),
])
def test_tab_separated_rows_read_every_target_form(cell: str, op: Op, value: float, value_max: float | None) -> None:
    rows = extract_indicators(doc(
        "主要指标",
        "类别\t指标\t2020年\t2025年\t增减\t属性",
        f"教师\t骨干教师占比（%）\t3\t{cell}\t1\t预期性",
        "说明文字",
    ))
    assert len(rows) == 1
    target = rows[0].target
    assert (target.op, target.value, target.value_max, target.year) == (op, value, value_max, 2025)
    assert rows[0].raw_values["2025"] == cell
    assert rows[0].values["change"] == 1


def test_space_separated_rows_with_plan_named_columns() -> None:
    rows = extract_indicators(doc(
        "主要发展指标",
        "领域    指标名称    “十三五”末    “十四五”目标    属性",
        "高中阶段    毛入学率（%）    95    ≥97    约束性",
        "          生师比    13.5    13    预期性",
        "",
        "（一）主要任务",
    ))
    assert [(i.category, i.name, i.values) for i in rows] == [
        ("高中阶段", "毛入学率", {"2020": 95, "2025": 97}), ("高中阶段", "生师比", {"2020": 13.5, "2025": 13})]
    assert rows[0].catalog_id == "senior_secondary_gross_enrolment_rate"


# --- nanchuan/yuzhong family: Word bookmarks, a caption without 专栏 -------------------


def test_word_text_with_bookmarks_and_plain_caption() -> None:
    rows = extract_indicators(doc(
        "3.发展指标",
        "某区教育事业“十四五”主要发展指标",
        "\t分类", "\t指标", "\t2020年", "\t2025年", "\t属性",
        "",
        "\t高中教育", "\t在校学生数（万人）", "\t1.5", "\t1.9", "\t预期性",
        "",
        "\t", "\t其中：普通高中", "\t1.1", "\t1.3", "\t预期性",
        "",
        "",
        "[bookmark: _Toc1]三、主要任务",
    ))
    assert [(i.name, i.parent, i.catalog_id) for i in rows] == [
        ("在校学生数", None, "senior_secondary_enrolment"),
        ("普通高中", "在校学生数", "general_high_school_enrolment")]
    assert rows[0].table == "某区教育事业“十四五”主要发展指标"


# --- pieces -----------------------------------------------------------------------------


def test_prose_mentioning_indicators_is_no_table() -> None:
    assert extract_indicators(doc("指标 体系不断完善，2020年以来持续提高。", "指标", "属性")) == []


@pytest.mark.parametrize(("name", "expected"), [
    ("在园幼儿数（万人）", ("在园幼儿数", "万人")), ("毛入园率（%）", ("毛入园率", "%")),
    ("毛入园率(％)", ("毛入园率", "%")), ("人均受教育年限（年）", ("人均受教育年限", "年")),
    ("普惠性幼儿园覆盖率（含公办）", ("普惠性幼儿园覆盖率（含公办）", None)), ("生师比", ("生师比", None)),
])
def test_split_unit_takes_only_a_unit_bracket(name: str, expected: tuple[str, str | None]) -> None:
    assert split_unit(name) == expected


@pytest.mark.parametrize(("label", "kind", "key"), [
    ("2020 年", "year", "2020"), ("“十三五”末", "year", "2020"), ("“十三五”变化情况", "change", "change"),
    ("增减", "change", "change"), ("指标属性", "attribute", None), ("类别", "category", None),
    ("指标名称", "name", None), ("基期值", "year", "base"), ("目标值", "year", "target"),
])
def test_classify_label(label: str, kind: str, key: str | None) -> None:
    column = classify_label(label)
    assert column is not None and (column.kind, column.key) == (kind, key)


if __name__ == "__main__":  # accuracy report: python -m tests.ingest.test_indicators
    from tests.conftest import PLANS_DIR

    for plan_name in PLANS_WITH_TABLES:
        exp, act = plan_rows(PLANS_DIR, plan_name)
        ok, cells = cell_accuracy(exp, act)
        print(f"{plan_name}: {len(exp)} rows, {cells} cells, {ok}/{cells} = {ok / cells:.2%}")
