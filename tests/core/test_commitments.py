"""One monitored commitment with all its sources: a target stated in the indicator table and
again in prose is assessed, counted and reported once, with the prose line as a second source;
a restatement that disagrees stays a target of its own and a `target_inconsistent` finding.
Target keys say what a target is, so moving it to another line keeps its key."""

from __future__ import annotations

from eduplan.core.evaluation.build import EvaluationInputs, build_evaluation
from eduplan.core.evaluation.targets import plan_targets
from eduplan.core.plan import EvaluationKind, Op, Plan, Target
from eduplan.core.progress.monitored import monitored_targets, same_commitment
from eduplan.data.catalog import load_catalog
from eduplan.ingest.extract import extract_plan
from eduplan.ingest.readers.document import Document

CATALOG = load_catalog()


def plan_of(goal: str, *, blank_lines: int = 0) -> Plan:
    """A written plan: one goal sentence, then a table with the 2025 毛入园率 target of 95."""
    lines = (
        "某某区教育事业发展“十四五”规划（2021—2025年）",
        *([""] * blank_lines),
        "一、发展目标",
        goal,
        "",
        "专栏1 某某区教育事业发展主要指标",
        "分类\t指标\t2020年\t2025年\t属性",
        "学前教育\t学前三年毛入园率（%）\t90\t95\t预期性",
    )
    return extract_plan(Document(lines=lines, file="plan.txt"))


def test_a_table_target_restated_in_prose_is_one_commitment_with_both_sources() -> None:
    plan = plan_of("到2025年，学前三年毛入园率达到95%以上。")
    items = [i for i in plan_targets(plan, CATALOG, {}) if i.entry is not None]
    assert [(i.origin, i.line, i.also_stated_at) for i in items] == [("指标表", 7, (3,))]
    monitored = monitored_targets(plan, catalog=CATALOG)
    assert [(m.entry.id, m.also_stated_at) for m in monitored] == [("preschool_gross_enrolment_rate", (3,))]
    payload = build_evaluation(EvaluationInputs(plan, CATALOG), kind=EvaluationKind.ANNUAL, year=2022)
    assert payload.summary.targets == 1
    assert payload.to_dict()["targets"][0]["also_stated_at"] == [3]
    assert not [f for f in plan.findings if f.kind == "target_inconsistent"]


def test_a_prose_restatement_with_another_value_stays_a_target_and_a_finding() -> None:
    plan = plan_of("到2025年，学前三年毛入园率达到97%以上。")
    items = [i for i in plan_targets(plan, CATALOG, {}) if i.entry is not None]
    assert [(i.origin, i.target.value, i.also_stated_at) for i in items] == [("指标表", 95, ()), ("正文", 97, ())]
    assert len({i.key for i in items}) == 2
    assert len(monitored_targets(plan, catalog=CATALOG)) == 2
    assert [f.lines for f in plan.findings if f.kind == "target_inconsistent"] == [[3, 7]]


def test_target_keys_stay_when_the_plan_gains_lines() -> None:
    goal = "到2025年，学前三年毛入园率达到97%以上，新建幼儿园3所。"
    before, after = plan_of(goal), plan_of(goal, blank_lines=5)
    keys = [i.key for i in plan_targets(before, CATALOG, {})]
    assert [i.line for i in plan_targets(after, CATALOG, {})] != [i.line for i in plan_targets(before, CATALOG, {})]
    assert keys == [i.key for i in plan_targets(after, CATALOG, {})]
    assert keys == ["preschool_gross_enrolment_rate｜2025", "preschool_gross_enrolment_rate｜2025｜2",
                    "正文｜新建幼儿园｜所｜2025"]


def test_a_bare_number_and_a_floor_are_one_promise_but_floor_and_ceiling_are_two() -> None:
    assert same_commitment(Target(Op.EQ, 95, year=2025), Target(Op.GE, 95, year=2025))
    assert same_commitment(Target(Op.GT, 95, year=2025), Target(Op.GE, 95, year=2025))
    assert not same_commitment(Target(Op.LE, 45, year=2025), Target(Op.GE, 45, year=2025))
    assert not same_commitment(Target(Op.GE, 95, year=2025), Target(Op.GE, 95, year=2023))
    assert not same_commitment(Target(Op.GE, 95, year=2025), Target(Op.GE, 96, year=2025))
