"""The evaluation payload: targets from the plan, tasks, projects, funding, findings; and its diff."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json

import pytest

from eduplan.core.catalog import Catalog
from eduplan.core.collection.yearly import FinanceRecord, ProjectKey, ProjectReport, TaskReport
from eduplan.core.evaluation.build import EvaluationInputs, build_evaluation
from eduplan.core.evaluation.diff import diff_evaluations
from eduplan.core.evaluation.funding import check_funding
from eduplan.core.evaluation.reported import prose_target_key, reported_targets
from eduplan.core.evaluation.targets import assess_plan, plan_targets
from eduplan.core.plan import (
    Attribute,
    CatalogEntry,
    Direction,
    EvaluationKind,
    Finding,
    Indicator,
    Observation,
    Op,
    Plan,
    Project,
    ProseTarget,
    Target,
    Task,
)
from eduplan.core.progress.rules import Status

REGION = "涪陵区"
CATALOG = Catalog([
    CatalogEntry("preschool_rate", "学前三年毛入园率", "%", Direction.UP, "学前教育", ("毛入园率",), 100.0),
    CatalogEntry("dropout", "辍学率", "%", Direction.DOWN, "义务教育"),
])


def _plan() -> Plan:
    return Plan(
        region=REGION, title="涪陵区教育事业发展“十四五”规划", period=(2021, 2025),
        indicators=[
            Indicator("学前三年毛入园率", category="学前教育", unit="%", values={"2020": 90.0, "2025": 95.0},
                      target=Target(Op.GE, 95.0, year=2025), attribute=Attribute.BINDING,
                      catalog_id="preschool_rate", table="主要指标"),
            Indicator("辍学率", unit="%", values={"2020": 0.0}, target=Target(Op.EQ, 0.0, year=2025),
                      attribute=Attribute.EXPECTED, catalog_id="dropout", table="主要指标"),
        ],
        targets=[
            ProseTarget("毛入园率", Op.GE, 95.0, unit="%", year=2025),  # says the same as the table row
            ProseTarget("新增公办幼儿园", Op.GE, 15.0, unit="所", year=None),  # no catalog entry, no year
        ],
        tasks=[Task(id="2.1", title="推动学前教育普及普惠", lead_units=["区教委"], deadline=dt.date(2023, 6, 30))],
        projects=[Project(name="中华路小学改扩建", table="项目表", seq=1, period=(2022, 2023),
                          investment_total=800.0, investment_by_year={"2022": 300.0, "2023": 500.0}, places=900)],
        findings=[Finding(kind="sum_mismatch", message="合计不符", lines=[12])],
    )


def _inputs(*observed: tuple[str, int, float]) -> EvaluationInputs:
    return EvaluationInputs(
        plan=_plan(), catalog=CATALOG,
        observations=[Observation(i, REGION, y, v) for i, y, v in observed],
        task_reports=[TaskReport(REGION, 2023, "2.1", progress="推进中", percent=60, evidence="佐证.pdf")],
        project_reports=[ProjectReport(REGION, 2023, ProjectKey("项目表", 1, "中华路小学改扩建"),
                                       actual_start="2022-03", investment=400.0)],
        finance=[FinanceRecord(REGION, 2022, budget=52000, per_student={"小学": 12000}, teacher_salary=9000,
                               civil_servant_salary=8800),
                 FinanceRecord(REGION, 2023, budget=51000, per_student={"小学": 12500}, teacher_salary=9100,
                               civil_servant_salary=9200)],
    )


def test_targets_are_assessed_once_each_with_the_plans_baseline_and_last_year() -> None:
    results = assess_plan(_plan(), CATALOG, [Observation("preschool_rate", REGION, 2023, 91.0)], year=2023)
    assert [(r.name, r.origin, r.status) for r in results] == [
        ("学前三年毛入园率", "指标表", Status.SLOW), ("辍学率", "指标表", Status.INSUFFICIENT),
        ("新增公办幼儿园", "正文", Status.UNMONITORED)]
    rate, _, prose = results
    assert (rate.baseline_year, rate.baseline, rate.latest_value, rate.target) == (2020, 90.0, 91.0, "≥95")
    assert rate.binding and rate.flagged and rate.alert and "约束性" in rate.alert
    assert prose.target_year == 2025 and prose.indicator_id is None
    assert prose.reason.startswith("该目标（2025年目标≥15所）是规划文本中的承诺，目前没有年度数据来源，未纳入监测；")


def test_observations_after_the_evaluation_year_are_not_used() -> None:
    results = assess_plan(_plan(), CATALOG, [Observation("preschool_rate", REGION, 2024, 96.0)], year=2023)
    assert results[0].status is Status.INSUFFICIENT


def test_an_indicator_without_a_printed_baseline_takes_the_observed_one() -> None:
    plan = _plan()
    plan.indicators[0].values = {}
    observed = [Observation("preschool_rate", REGION, 2020, 92.0), Observation("preschool_rate", REGION, 2023, 95.5)]
    rate = assess_plan(plan, CATALOG, observed, year=2023)[0]
    assert (rate.baseline, rate.status) == (92.0, Status.ACHIEVED)


def test_funding_rules_run_per_stage_and_carry_their_figures() -> None:
    results = {r.code: r for r in check_funding(_inputs().finance, up_to_year=2023)}
    assert results["budget-not-decreasing"].verdict == "未达标"
    assert results["budget-not-decreasing"].checks[0].figures["current"] == 51000
    assert results["per-student-not-decreasing.小学"].passed is True
    assert results["teacher-salary-parity"].passed is False
    assert results["training-spend-share"].verdict == "无法判断"


def test_payload_holds_every_section_and_is_json_ready() -> None:
    payload = build_evaluation(_inputs(("preschool_rate", 2023, 91.0)), kind=EvaluationKind.ANNUAL, year=2023)
    data = payload.to_dict()
    assert json.loads(json.dumps(data, ensure_ascii=False)) == data
    assert {"region", "plan_title", "kind", "kind_label", "year", "as_of", "summary", "targets", "tasks",
            "units", "projects", "places", "funding", "findings"} <= set(data)
    assert (data["kind_label"], data["as_of"]) == ("年度评估", "2023-12-31")
    assert data["summary"]["by_status"]["进展缓慢"] == 1 and data["summary"]["flagged"] == 1
    assert data["tasks"][0]["state"] == "逾期" and data["tasks"][0]["evidence"] == "佐证.pdf"
    assert data["units"][0]["unit"] == "区教委"
    assert data["projects"][0]["execution_by_year"] == {"2022": 0.0, "2023": 0.8}
    assert data["places"][-1] == {"year": 2023, "planned": 900, "delivered": 0, "planned_to_date": 900,
                                  "delivered_to_date": 0}
    assert data["summary"]["funding"] == {"达标": 1, "未达标": 2, "无法判断": 1}
    assert data["findings"][0]["title"] == "合计与分项之和不符"


def test_same_inputs_give_the_same_payload() -> None:
    first = build_evaluation(_inputs(("preschool_rate", 2023, 91.0)), kind=EvaluationKind.MIDTERM, year=2023)
    again = build_evaluation(_inputs(("preschool_rate", 2023, 91.0)), kind=EvaluationKind.MIDTERM, year=2023)
    assert first.to_dict() == again.to_dict()


def test_diff_lists_status_changes_with_their_trend() -> None:
    before = build_evaluation(_inputs(("preschool_rate", 2022, 90.5)), kind=EvaluationKind.ANNUAL, year=2022)
    after = build_evaluation(_inputs(("preschool_rate", 2022, 90.5), ("preschool_rate", 2023, 95.0)),
                             kind=EvaluationKind.ANNUAL, year=2023)
    diff = diff_evaluations(before, after)
    changes = {(c.section, c.name): (c.before, c.after, c.trend) for c in diff.changes}
    assert changes[("目标", "学前三年毛入园率")] == ("进展缓慢", "已达成", "改善")
    assert changes[("任务", "推动学前教育普及普惠")] == ("正常", "逾期", "恶化")
    assert changes[("经费保障", "一般公共预算教育支出只增不减")] == ("无法判断", "未达标", "变化")
    assert (diff.previous_year, diff.current_year) == (2022, 2023)
    assert diff.summary().startswith("与上次评估相比，状态变化")


def test_diff_of_identical_payloads_is_empty_and_items_can_appear_or_go() -> None:
    payload = build_evaluation(_inputs(), kind=EvaluationKind.ANNUAL, year=2023)
    assert diff_evaluations(payload, payload).changes == []
    assert diff_evaluations(payload, payload).summary() == "与上次评估相比，各项状态均无变化。"
    fewer = dataclasses.replace(payload, tasks=[])
    assert [c.trend for c in diff_evaluations(payload, fewer).changes] == ["删除"]
    assert [c.trend for c in diff_evaluations(fewer, payload).changes] == ["新增"]


# ---------------------------------------------------------------- prose targets outside the catalog

SCHOOLS = "target:新增公办幼儿园｜所"


def test_a_prose_target_key_is_its_subject_and_unit_never_a_hash() -> None:
    assert prose_target_key("新增 公办幼儿园", "所") == "新增公办幼儿园｜所"
    assert prose_target_key("民办学校", None) == "民办学校"
    long = prose_target_key("很长的目标" * 40, "个")
    assert len(long) <= 120 and long == prose_target_key("很长的目标" * 40, "个")
    assert long.startswith("很长的目标") and long != prose_target_key("很长的目标" * 41, "个")


def test_the_key_is_the_same_when_the_plan_is_ingested_again() -> None:
    first, again = plan_targets(_plan(), CATALOG, {}), plan_targets(_plan(), CATALOG, {})
    assert [(i.key, i.series) for i in first] == [(i.key, i.series) for i in again]
    assert [i.series for i in first] == ["preschool_rate", "dropout", SCHOOLS]


def test_reported_targets_are_the_quantified_prose_targets_outside_the_catalog_once_per_key() -> None:
    plan = _plan()
    plan.targets.append(ProseTarget("新增公办幼儿园", Op.GE, 5.0, unit="所", year=2023))
    plan.targets.append(ProseTarget("新增学位", Op.GE, None, unit="个"))
    (only,) = reported_targets([plan], CATALOG)
    assert (only.key, only.series, only.subject, only.unit) == ("新增公办幼儿园｜所", SCHOOLS, "新增公办幼儿园", "所")
    assert [(t.value, t.year) for t in only.targets] == [(15.0, 2025), (5.0, 2023)]


def _schools(*observed: tuple[int, float], year: int = 2023):
    results = assess_plan(_plan(), CATALOG, [Observation(SCHOOLS, REGION, y, v) for y, v in observed], year=year)
    return next(r for r in results if r.name == "新增公办幼儿园")


def test_a_prose_target_without_figures_is_unmonitored_and_asks_for_them_in_the_workbook() -> None:
    result = _schools()
    assert result.status is Status.UNMONITORED and not result.flagged
    assert "未纳入监测；需在年度数据采集表“文中目标”页逐年填报“新增公办幼儿园”的数值" in result.reason


def test_a_prose_target_is_judged_from_its_reported_figures() -> None:
    # no base-year figure: 2021 is the baseline; counts are compound: (8/2)^(1/2) − 1 = 100 % a year
    # against the (15/2)^(1/4) − 1 = 65 % required
    result = _schools((2021, 2.0), (2023, 8.0))
    assert (result.status, result.baseline_year, result.baseline, result.latest_value) == (
        Status.ON_TRACK, 2021, 2.0, 8.0)
    assert "无法采集" not in result.reason and "文中目标" not in result.reason


@pytest.mark.parametrize(("observed", "status", "baseline_year"), [
    (((2020, 0.0), (2023, 6.0)), Status.ACCELERATE, 2020),  # base-year figure; from 0 linear: 2 a year of 3
    (((2023, 16.0),), Status.ACHIEVED, None),  # one figure that meets the target
    (((2023, 8.0),), Status.INSUFFICIENT, None),  # one figure short of it: no baseline to measure from
    (((2021, 9.0), (2023, 4.0)), Status.REGRESSING, 2021),  # moving away from a rising target
])
def test_prose_target_statuses(observed: tuple[tuple[int, float], ...], status: Status,
                               baseline_year: int | None) -> None:
    result = _schools(*observed)
    assert (result.status, result.baseline_year) == (status, baseline_year)


def test_a_falling_prose_target_moves_down_on_a_linear_trajectory() -> None:
    plan = _plan()
    plan.targets = [ProseTarget("大班额比例", Op.LE, 5.0, unit="%", year=2025)]
    observed = [Observation("target:大班额比例｜%", REGION, y, v) for y, v in ((2021, 13.0), (2023, 9.0))]
    (result,) = [r for r in assess_plan(plan, CATALOG, observed, year=2023) if r.origin == "正文"]
    assert (result.status, result.expected) == (Status.ON_TRACK, 9.0)  # 13 → 5 over four years: 9 in 2023
