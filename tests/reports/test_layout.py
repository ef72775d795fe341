"""The 公文 page measures: title lines, the signature's indents, column widths, the issuing body's name."""

from __future__ import annotations

import itertools

import pytest

from eduplan.reports import layout as gw
from eduplan.reports.builders import default_issuer
from eduplan.reports.model import Column, NumberFormat, Table


@pytest.mark.parametrize("title", [
    "《重庆市南川区教育事业发展“十四五”规划（2021-2025）》中期评估报告",
    "《南川区教育事业发展“十四五”规划（2021—2025年）》2023年度评估报告",
    "《黔南布依族苗族自治州教育事业发展第十四个五年规划（2021-2025年）》中期评估报告",
    "2023年各区县教育事业发展规划主要指标比较报告",
])
def test_title_lines_never_break_inside_brackets_or_numbers(title: str) -> None:
    lines = gw.title_lines(title, gw.TEXT_WIDTH / gw.TITLE_PT)
    assert "".join(lines) == title
    assert all(gw.em_width(line) <= gw.TEXT_WIDTH / gw.TITLE_PT for line in lines)
    for line in lines:
        assert line.count("（") == line.count("）") and line.count("“") == line.count("”")
        assert line[0] not in gw.NO_START
    for a, b in itertools.pairwise(lines):  # never inside a word
        assert not any(a.endswith(w[:k]) and b.startswith(w[k:]) for w in gw._WORDS for k in range(1, len(w))), (a, b)
    if len(lines) > 1:  # balanced: no short last line hanging under a full one
        assert gw.em_width(lines[-1]) >= gw.em_width(lines[0]) / 2


def test_units_keep_groups_numbers_and_closing_marks_together() -> None:
    assert gw.units("计划投资2,000万元（含2023年）。") == ["计", "划", "投", "资", "2,000", "万", "元", "（含2023年）。"]


@pytest.mark.parametrize(("issuer", "date", "expected"), [
    ("重庆市南川区教育委员会", "2024年3月15日", (2.0, 4.5)),  # the date starts two characters right of the body
    ("区教委", "2024年12月31日", (8.0, 2.0)),  # a date longer than the body: it ends two in, the body moves left
])
def test_signature_indents_follow_gbt_9704(issuer: str, date: str, expected: tuple[float, float]) -> None:
    right_body, right_day = gw.signature_indents(issuer, date)
    assert (right_body, right_day) == expected
    start_body = -right_body - gw.em_width(issuer)
    start_day = -right_day - gw.em_width(date)
    assert start_day - start_body == 2 or right_day == 2


def test_number_columns_are_never_narrower_than_their_longest_number() -> None:
    table = Table("项目", (Column("项目名称", NumberFormat.TEXT, 3), Column("完成投资（万元）", NumberFormat.AUTO, 0.3),
                           Column("状态", NumberFormat.TEXT, 0.2)),
                  (("某某小学改扩建工程（含运动场、食堂和教学楼）", 123456.7, "进展顺利"),))
    widths = gw.column_widths(table, gw.TEXT_WIDTH)
    assert sum(widths) == pytest.approx(gw.TEXT_WIDTH)
    assert widths[1] >= gw.em_width("123,456.7") * gw.TABLE_PT + gw.CELL_PADDING
    assert widths[2] >= gw.em_width("进展顺利") * gw.TABLE_PT + gw.CELL_PADDING
    assert widths[0] > widths[1]


@pytest.mark.parametrize(("args", "expected"), [
    (("南川区",), "南川区教育委员会"),
    (("南川区", "重庆市南川区", "500119", "county"), "重庆市南川区教育委员会"),
    (("平和县", "福建省漳州市平和县", "350628", "county"), "福建省漳州市平和县教育局"),
    (("重庆市", "重庆市", "500000", "province"), "重庆市教育委员会"),
    (("四川省", "四川省", "510000", "province"), "四川省教育厅"),
])
def test_the_issuing_body_is_the_regions_education_authority_in_full(args: tuple, expected: str) -> None:
    region, *rest = args
    kwargs = dict(zip(("full_name", "code", "level"), rest))
    assert default_issuer(region, **kwargs) == expected
