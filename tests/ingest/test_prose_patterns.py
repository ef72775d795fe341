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
    "去年，全市新增学位3万个。", "全市教育经费投入同比增长12%，新建学校5所。",
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


def test_an_enumeration_pairs_each_subject_with_its_value_and_bound() -> None:
    text = GOAL + "到2025年，学前三年毛入园率、义务教育巩固率和高中阶段毛入学率分别达到90%、95%和98%以上。"
    assert _facts(text) == [("学前三年毛入园率", Op.GE, 90, None, "%", 2025),
                            ("义务教育巩固率", Op.GE, 95, None, "%", 2025),
                            ("高中阶段毛入学率", Op.GE, 98, None, "%", 2025)]


def test_an_enumeration_without_subjects_reuses_the_previous_ones_with_its_own_year() -> None:
    text = TASKS + "2023年，普惠率和公办率分别达到85%和50%；2025年分别达到90%和55%以上。"
    assert _facts(text, end_year=None) == [
        ("普惠率", Op.GE, 85, None, "%", 2023), ("公办率", Op.GE, 50, None, "%", 2023),
        ("普惠率", Op.GE, 90, None, "%", 2025), ("公办率", Op.GE, 55, None, "%", 2025)]


def test_short_enumerated_heads_share_the_tail_of_the_last_subject() -> None:
    text = TASKS + "小学、初中专任教师本科学历比例分别为80%、90%。"
    assert [(t.subject, t.value) for t in _targets(text)] == [
        ("小学专任教师本科学历比例", 80), ("初中专任教师本科学历比例", 90)]
    assert [t.subject for t in _targets(TASKS + "小学、初中巩固率依次达到99%、98%。")] == ["小学巩固率", "初中巩固率"]


def test_an_enumeration_with_a_years_value_and_counts() -> None:
    text = TASKS + "新建幼儿园、小学和初中分别为6所、4所和2所，平均受教育年限和毛入学率分别达到12年和60%。"
    assert _values(text) == [(Op.EQ, 6, None, "所"), (Op.EQ, 4, None, "所"), (Op.EQ, 2, None, "所"),
                             (Op.GE, 12, None, "年"), (Op.GE, 60, None, "%")]


def test_each_clause_keeps_its_own_year() -> None:
    text = GOAL + "到2023年，普惠率达到85%；到2025年，普惠率达到90%。"
    assert [(t.value, t.year) for t in _targets(text)] == [(85, 2023), (90, 2025)]


def test_a_paragraph_opening_with_a_year_dates_its_later_sentences() -> None:
    text = TASKS + "到2022年，新建幼儿园5所。公办园在园幼儿占比达到50%。\n新建小学2所。\n"
    assert [(t.value, t.year) for t in _targets(text)] == [(5, 2022), (50, 2022), (2, 2025)]


def test_a_vision_year_and_a_three_year_plan_end_date_their_targets() -> None:
    assert [t.year for t in _targets(GOAL + "到2035年，学前三年毛入园率达到99%。")] == [2035]
    assert [t.year for t in _targets(TASKS + "新建幼儿园3所。", end_year=2023)] == [2023]


@pytest.mark.parametrize(("sentence", "read"), [
    ("新增学位近5000个。", (Op.EQ, 5000, None, "个")), ("培训教师3000余人。", (Op.GT, 3000, None, "人")),
    ("新增学位5000多个。", (Op.GT, 5000, None, "个")), ("普惠率达到90%左右。", (Op.EQ, 90, None, "%")),
    ("班额控制在45人以内。", (Op.LE, 45, None, "人")), ("大班额比例不超过5%。", (Op.LE, 5, None, "%")),
    ("辍学率控制在0.5%以下。", (Op.LE, 0.5, None, "%")), ("公办园在园幼儿占全区的55%以上。", (Op.GE, 55, None, "%")),
    ("新建幼儿园2-4所。", (Op.RANGE, 2, 4, "所")), ("建设示范校3至5所。", (Op.RANGE, 3, 5, "所")),
    ("投入资金约3.2亿元。", (Op.EQ, 3.2, None, "亿元")),
])
def test_bounds_read_as_operators(sentence: str, read: tuple[object, ...]) -> None:
    assert _values(TASKS + sentence) == [read]


def test_an_approximate_number_alone_is_no_commitment() -> None:
    assert _targets(TASKS + "近2000名教师参加了活动。") == []


def test_a_count_described_again_after_de_is_not_a_second_target() -> None:
    text = TASKS + "今年建成投用公办园12所，建成投用的12所公办园将于9月开园。"
    assert [(t.subject, t.value) for t in _targets(text)] == [("今年建成投用公办园", 12)]


def test_projects_carried_on_or_started_are_counted() -> None:
    assert [t.value for t in _targets(TASKS + "继续推进12个续建项目，开工建设8个新建项目。")] == [12, 8]


def test_a_change_from_a_dated_baseline_keeps_its_target() -> None:
    assert _facts(GOAL + "到2025年，学前三年毛入园率由2020年的88%提高到95%。") == [
        ("学前三年毛入园率", Op.GE, 95, None, "%", 2025)]


def test_a_year_compared_against_is_not_a_date_of_the_past() -> None:
    assert _values(TASKS + "义务教育巩固率比2020年提高2个百分点。") == [(Op.EQ, 2, None, "个百分点")]


def test_a_status_date_inside_the_plan_period_is_a_due_date() -> None:
    assert [(t.value, t.unit, t.year) for t in _targets(TASKS + "截至2025年底，累计新增学位2万个。")] == [
        (2, "万个", 2025)]
    assert _targets(TASKS + "截至2020年底，全区共有学校52所。") == []


def test_a_number_describing_what_is_removed_is_not_a_target() -> None:
    assert _targets(TASKS + "全面消除56人以上大班额。") == []


def test_a_year_carries_over_a_semicolon_and_a_lead_in_clause() -> None:
    text = "规划提出，到2025年，普惠率达到90%；新建幼儿园6所。公办率达到50%。\n"
    assert [(t.value, t.year) for t in _targets(TASKS + text, end_year=None)] == [(90, 2025), (6, 2025), (50, 2025)]


@pytest.mark.parametrize(("sentence", "read"), [
    ("新增学位1,500个。", (Op.EQ, 1500, None, "个")), ("新增学位1.5万余个。", (Op.GT, 1.5, None, "万个")),
    ("培训教师2万多人次。", (Op.GT, 2, None, "万人次")),
])
def test_thousands_separators_and_wan_with_more(sentence: str, read: tuple[object, ...]) -> None:
    assert _values(TASKS + sentence) == [read]


def test_without_a_plan_period_the_latest_five_year_plan_named_sets_it() -> None:
    text = ("“十三五”期间，全区新建学校12所。“十四五”时期，全区新建学校8所。\n"
            "2020年，高中阶段毛入学率为96%；2025年，高中阶段毛入学率达到98%。\n")
    assert [(t.value, t.year) for t in _targets(text, end_year=None)] == [(8, 2025), (98, 2025)]


def test_a_vision_year_opening_a_clause_dates_it_past_the_plan_end() -> None:
    assert [t.year for t in _targets(TASKS + "2035年远景目标：学前三年毛入园率达到99%。")] == [2035]


def test_an_enumeration_with_a_verb_after_fenbie_gives_it_to_each_subject() -> None:
    assert [(t.subject, t.value) for t in _targets(TASKS + "小学和初中分别新增教师120名、80名。")] == [
        ("小学新增教师", 120), ("初中新增教师", 80)]


def test_heads_share_the_tail_after_their_common_ending() -> None:
    text = TASKS + "学前教育、义务教育、高中阶段教育生均公用经费分别不低于600元、800元和1000元。"
    assert [(t.subject, t.op, t.value) for t in _targets(text)] == [
        ("学前教育生均公用经费", Op.GE, 600), ("义务教育生均公用经费", Op.GE, 800),
        ("高中阶段教育生均公用经费", Op.GE, 1000)]


def test_a_subject_carries_over_a_semicolon_with_each_clause_keeping_its_year() -> None:
    text = GOAL + "到2023年，专任教师本科学历比例达到85%；到2025年，达到90%以上。"
    assert _facts(text) == [("专任教师本科学历比例", Op.GE, 85, None, "%", 2023),
                            ("专任教师本科学历比例", Op.GE, 90, None, "%", 2025)]


def test_a_reduction_to_a_number_is_an_upper_bound() -> None:
    assert _facts(TASKS + "到2025年，全区义务教育阶段学校缩减至85所。") == [
        ("义务教育阶段学校", Op.LE, 85, None, "所", 2025)]


def test_an_undated_target_takes_the_end_of_the_five_year_plan_the_text_names() -> None:
    text = "某县“十四五”教育事业发展规划\n" + TASKS + "新建幼儿园12所。\n"
    assert [t.year for t in _targets(text, end_year=None)] == [2025]


def test_a_base_year_of_a_change_is_not_a_date_of_the_past() -> None:
    assert _facts(GOAL + "到2025年，毛入园率在2020年基础上提高5个百分点。") == [
        ("毛入园率提高", Op.EQ, 5, None, "个百分点", 2025)]


def test_a_target_keeps_the_text_as_written() -> None:
    [target] = _targets(GOAL + "到2025年，学前三年毛入园率由2020年的88%提高到95%。")
    assert target.text == "学前三年毛入园率由2020年的88%提高到95%"
    first = _targets(TASKS + "普惠率和公办率分别达到85%和50%。")[0]
    assert first.text == "普惠率和公办率分别达到85%和50%"
