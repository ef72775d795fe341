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


def test_a_paragraph_about_the_present_state_holds_no_targets() -> None:
    text = TASKS + "目前，全区共有幼儿园64所，毛入园率保持在95%以上。普惠性幼儿园数量达到28所。\n"
    assert _targets(text) == []


def test_the_text_turns_to_the_plan_at_a_future_word() -> None:
    text = TASKS + "目前全区有幼儿园64所，到2025年将新建幼儿园10所。\n"
    assert _facts(text) == [("新建幼儿园", Op.EQ, 10, None, "所", 2025)]


def test_an_achievement_lends_its_subject_to_the_target_after_it() -> None:
    text = TASKS + "全区义务教育巩固率已达到99%，力争到2025年达到100%。\n"
    assert _facts(text) == [("义务教育巩固率", Op.GE, 100, None, "%", 2025)]


@pytest.mark.parametrize("sentence", [
    "“十三五”期间，学前三年毛入园率由85%提高到91%。", "截至2020年底，全区共有中小学校52所。",
    "5年间，全区新建改扩建学校12所，新增学位8000个。", "五年来，累计投入教育经费36.5亿元。",
    "自2016年以来，新建幼儿园20所。", "过去三年，生均公用经费从600元增加到800元。",
])
def test_achievements_and_baselines_are_not_targets(sentence: str) -> None:
    assert _targets(TASKS + sentence + "\n") == []


def test_the_starting_value_of_a_change_is_not_a_target() -> None:
    assert _facts(GOAL + "到2025年，学前三年毛入园率由85%提高到91%。") == [
        ("学前三年毛入园率", Op.GE, 91, None, "%", 2025)]


def test_list_items_after_an_account_of_the_past_belong_to_it() -> None:
    text = (TASKS + "自2018年以来，我区为迎接入园高峰做了大量工作。\n\n● 普惠性幼儿园达到120所，占比90%。\n\n"
            "● 公办园在园幼儿占比达到52%。\n\n下一步，全区将新建幼儿园6所。\n")
    assert [(t.subject, t.value) for t in _targets(text)] == [("新建幼儿园", 6)]


def test_the_current_five_year_plan_is_the_future() -> None:
    assert [t.value for t in _targets(TASKS + "“十四五”期间，新建学校10所。")] == [10]
    assert [t.year for t in _targets(TASKS + "到“十三五”末，新建学校10所。", end_year=None)] == [2020]
