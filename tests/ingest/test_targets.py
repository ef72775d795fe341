"""Prose targets: synthetic sentences for each rule, and hand-checked facts of the sample plans."""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

import pytest

from eduplan.core.plan import Op, ProseTarget
from eduplan.ingest.readers.document import Document, lines_from_text
from eduplan.ingest.targets import extract_targets

EXPECTED = Path(__file__).resolve().parent.parent / "data" / "expected"
CHECKED_PLANS = ("fuling", "bishan", "nanchuan", "qianjiang", "yuzhong")


def _doc(text: str) -> Document:
    return Document(lines=tuple(lines_from_text(text)), file="synthetic.txt")


def _targets(text: str, end_year: int | None = 2025) -> list[ProseTarget]:
    return extract_targets(_doc(text), end_year=end_year)[0]


def _facts(targets: list[ProseTarget]) -> list[tuple[object, ...]]:
    return [(t.subject, t.op, t.value, t.value_max, t.unit, t.year) for t in targets]


GOAL = "二、发展目标\n（一）主要目标\n"


def test_rate_with_floor_reads_subject_operator_value_unit() -> None:
    assert _facts(_targets(GOAL + "到2025年，学前三年毛入园率达93%以上。")) == [
        ("学前三年毛入园率", Op.GE, 93, None, "%", 2025)]


def test_count_reads_as_equality_with_the_verb_in_the_subject() -> None:
    assert _facts(_targets("三、主要任务\n新增公办幼儿园15所。")) == [("新增公办幼儿园", Op.EQ, 15, None, "所", 2025)]


def test_range_reads_value_and_value_max() -> None:
    [target] = _targets("三、主要任务\n创建市级示范校2—3所。")
    assert (target.op, target.value, target.value_max, target.unit) == (Op.RANGE, 2, 3, "所")


@pytest.mark.parametrize(("sentence", "value"), [
    ("新增公办幼儿园十五所。", 15), ("新建两所初中。", 2), ("培训教师一千二百人。", 1200), ("新增公办幼儿园１５所。", 15),
])
def test_chinese_and_full_width_numerals_are_numbers(sentence: str, value: int) -> None:
    [target] = _targets("三、主要任务\n" + sentence)
    assert target.value == value


@pytest.mark.parametrize("sentence", [
    "打造一批示范学校。", "优良率逐年提高。", "建设一支高素质教师队伍。", "增强“四个意识”，坚定“四个自信”。",
    "从三个方面推进改革。", "实施“1+N”课程建设。", "适龄儿童3周岁入园。", "联系电话023-12345678。",
    "依据渝府发〔2021〕37号文件。", "2022年9月开始招生。", "五年一周期开展培训。",
])
def test_unquantified_phrases_and_non_targets_yield_nothing(sentence: str) -> None:
    assert _targets("三、主要任务\n" + sentence) == []


def test_explicit_year_in_sentence_beats_the_goal_year() -> None:
    text = GOAL + "到2025年，普惠率达90%。\n到2023年，公办园在园幼儿占比达55%。\n覆盖率达80%。"
    assert [t.year for t in _targets(text)] == [2025, 2023, 2025]


def test_goal_year_applies_to_later_items_of_the_goal_section() -> None:
    text = GOAL + "到2030年，基本实现教育现代化。\n——学前教育。普惠率达90%。"
    assert [t.year for t in _targets(text)] == [2030]


def test_year_outside_goal_sections_falls_back_to_plan_end_or_none() -> None:
    assert [t.year for t in _targets("三、主要任务\n新建小学3所。")] == [2025]
    assert [t.year for t in _targets("三、主要任务\n新建小学3所。", end_year=None)] == [None]


def test_year_after_earlier_clauses_does_not_date_them() -> None:
    text = "三、主要任务\n公办园在园幼儿占比超过55%，力争2022年建成普及普惠区，2023年新建幼儿园2所。"
    assert [(t.subject, t.year) for t in _targets(text)] == [("公办园在园幼儿占比", 2025), ("新建幼儿园", 2023)]


def test_past_achievements_section_is_skipped() -> None:
    text = ("一、发展环境\n（一）发展成就\n新增公办幼儿园42所，毛入园率达到98.2%。\n"
            "二、总体要求\n（一）发展目标\n到2025年，毛入园率达99%。")
    assert _facts(_targets(text)) == [("毛入园率", Op.GE, 99, None, "%", 2025)]


def test_sentence_dated_before_the_plan_period_is_a_baseline() -> None:
    assert _targets("三、主要任务\n2019年新建学校5所。") == []


def test_table_rows_are_not_prose_targets() -> None:
    text = "专栏1 主要指标\n\t分类\n\t毛入园率（%）\n\t91.2\n\t≥98\n\t预期性\n毛入园率（%） 98.2% 99% 预期性\n三、主要任务\n"
    assert _targets(text) == []


def test_line_broken_sentence_is_joined_and_reports_the_number_line() -> None:
    text = ("三、主要任务\n\n推进学前教育普惠发展，扩大资源供给，新增公办幼\n\n"
            "儿园 15所，让适龄幼儿能够就近入园，满足群众期盼。\n")
    [target] = _targets(text)
    assert (target.subject, target.value, target.source.line) == ("新增公办幼儿园", 15, 5)


def test_enumeration_shares_the_verb_and_the_operator() -> None:
    text = "三、主要任务\n建设示范校5所、教学团队10个，研究生学历比例不低于8%、15%。"
    assert _facts(_targets(text)) == [
        ("建设示范校", Op.EQ, 5, None, "所", 2025), ("建设教学团队", Op.EQ, 10, None, "个", 2025),
        ("研究生学历比例", Op.GE, 8, None, "%", 2025), ("研究生学历比例", Op.GE, 15, None, "%", 2025)]


def test_number_before_its_noun_takes_the_noun_as_subject() -> None:
    assert _facts(_targets("三、主要任务\n新建8间创新实验室（含数字化实验室）。")) == [
        ("新建创新实验室", Op.EQ, 8, None, "间", 2025)]


def test_target_inside_a_box_names_its_programme() -> None:
    text = "专栏3 基础教育重点计划\n1.实施学前计划。新增公办幼儿园15所。\n\n（三）职业教育\n新建实训基地2个。"
    targets = _targets(text)
    assert [t.programme for t in targets] == ["专栏3 基础教育重点计划", None]


def test_appendix_tables_are_not_read() -> None:
    assert _targets("三、主要任务\n附件：建设项目表\n新建小学5所。") == []


def _normalise(subject: str) -> str:
    return re.sub(r"[\s“”\"'（）()、，,]", "", subject)


def _key(row: dict[str, object]) -> tuple[object, ...]:
    value_max = row["value_max"]
    return (row["line"], _normalise(str(row["subject"])), row["op"], float(row["value"]),  # type: ignore[arg-type]
            None if value_max is None else float(value_max), row["unit"], row["year"])  # type: ignore[arg-type]


def _score(plans_dir: Path, plan: str) -> tuple[float, float, int, int]:
    expected = json.loads((EXPECTED / plan / "targets.json").read_text(encoding="utf-8"))
    doc = Document(lines=tuple(lines_from_text((plans_dir / f"{plan}.txt").read_text(encoding="utf-8"))))
    targets, _ = extract_targets(doc, end_year=expected["end_year"])
    scope = expected["checked_lines"]
    got = Counter(_key({"line": t.source.line, "subject": t.subject, "op": t.op.value, "value": t.value,
                        "value_max": t.value_max, "unit": t.unit, "year": t.year})
                  for t in targets if any(a <= (t.source.line or 0) <= b for a, b in scope))
    want = Counter(_key(row) for row in expected["targets"])
    hits = sum((got & want).values())
    return hits / max(sum(got.values()), 1), hits / max(sum(want.values()), 1), sum(got.values()), sum(want.values())


@pytest.mark.parametrize("plan", CHECKED_PLANS)
def test_sample_plan_targets_match_hand_checked_facts(plans_dir: Path, plan: str) -> None:
    precision, recall, got, want = _score(plans_dir, plan)
    print(f"{plan}: precision {precision:.3f} recall {recall:.3f} (extracted {got}, expected {want})")
    assert precision >= 0.95 and recall >= 0.95
