"""How plans write their commitments in prose: units, bounds, enumerations, the past beside
the future, and the year each clause keeps. Every sentence here is written for the test."""

from __future__ import annotations

import pytest

from eduplan.core.plan import Op, ProseTarget
from eduplan.ingest.readers.document import Document, lines_from_text
from eduplan.ingest.targets import extract_targets

TASKS = "三、主要任务\n"
GOAL = "二、发展目标\n（一）主要目标\n"


def _targets(text: str, end_year: int | None = 2025) -> list[ProseTarget]:
    return extract_targets(Document(lines=tuple(lines_from_text(text)), file="t.txt"), end_year=end_year)[0]


def _facts(text: str, end_year: int | None = 2025) -> list[tuple[object, ...]]:
    return [(t.subject, t.op, t.value, t.value_max, t.unit, t.year) for t in _targets(text, end_year)]


def _values(text: str, end_year: int | None = 2025) -> list[tuple[object, ...]]:
    return [(t.op, t.value, t.value_max, t.unit) for t in _targets(text, end_year)]


@pytest.mark.parametrize(("sentence", "value", "unit"), [
    ("新增公办学位3.5万个。", 3.5, "万个"), ("新建学校1.2万所。", 1.2, "万所"), ("新建校舍12.6万平方米。", 12.6, "万平方米"),
    ("投入教育资金8.6亿元。", 8.6, "亿元"), ("培训教师2.4万人次。", 2.4, "万人次"), ("培训校长800人次。", 800, "人次"),
    ("新建功能教室40间。", 40, "间"), ("招聘教师300名。", 300, "名"), ("优良率提高3个百分点。", 3, "个百分点"),
])
def test_values_keep_their_counting_unit(sentence: str, value: float, unit: str) -> None:
    [target] = _targets(TASKS + sentence)
    assert (target.value, target.unit) == (value, unit)


def test_years_of_schooling_are_a_value_not_a_date() -> None:
    assert _facts(GOAL + "到2025年，劳动年龄人口平均受教育年限达到11.5年。") == [
        ("劳动年龄人口平均受教育年限", Op.GE, 11.5, None, "年", 2025)]
    assert _facts(GOAL + "新增劳动力平均受教育年限达到14年以上。")[0][1:5] == (Op.GE, 14, None, "年")


def test_a_duration_or_a_date_is_not_a_number_of_years() -> None:
    assert [t.value for t in _targets(TASKS + "用3年时间新建幼儿园6所，2024年完成。")] == [6]
