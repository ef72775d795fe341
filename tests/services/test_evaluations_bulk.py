"""`evaluate_regions` (one query per kind of row for all the regions, one flush) against
`run_evaluation` one region at a time, its oracle, on generated regions (both backends): the same
stored payloads, records and audit events, with regions that have no figures, missing values,
several plans (published and drafts, ties on the date issued), assignments and regions sharing a name."""

from __future__ import annotations

import datetime as dt
import random

import pytest
from sqlalchemy.orm import Session

from eduplan.core.collection.yearly import FinanceRecord, ProjectKey, ProjectReport, TaskReport
from eduplan.core.errors import NotFoundError
from eduplan.core.plan import Attribute, Finding, Indicator, Observation, Op, Plan, Project, ProseTarget, Target, Task
from eduplan.core.tracking.assignments import Assignment, ItemKind, Origin
from eduplan.data.catalog import load_catalog
from eduplan.services.audit import list_audit
from eduplan.services.evaluations import evaluate_regions, get_evaluation, run_evaluation
from eduplan.services.plans import PlanStatus, import_plan
from eduplan.store.monitoring import save_assignments, save_finance_records, save_project_reports, save_task_reports
from eduplan.store.records import save_observations

UNITS = ("区教委", "区财政局", "区发改委", "区人社局")
CODES = {"鼓楼区": ("350102", "320106")}  # two stored regions of one name: their keys are their codes


def _plan(rng: random.Random, region: str, n: int, *, code: str | None = None, title: str | None = None,
          issued: dt.date | None = None) -> Plan:
    entries = rng.sample([e for e in load_catalog().entries if e.unit], 6)
    indicators = [Indicator(e.name, category=e.category, unit=e.unit,
                            values={"2020": round(rng.uniform(10, 90), 1)} if rng.random() < 0.7 else {},
                            target=None if rng.random() < 0.1 else Target(rng.choice([Op.GE, Op.LE, Op.EQ]),
                                                                          round(rng.uniform(10, 99), 1),
                                                                          year=rng.choice([2025, None])),
                            attribute=rng.choice([Attribute.BINDING, Attribute.EXPECTED, None]), table="主要指标",
                            catalog_id=e.id if rng.random() < 0.8 else None)
                  for e in entries]
    prose = [ProseTarget(rng.choice(["新增公办幼儿园", entries[0].name, "新建学校"]), Op.GE, float(rng.randint(1, 30)),
                         unit=rng.choice(["所", "%", None]), year=rng.choice([2025, None])) for _ in range(3)]
    tasks = [Task(id=f"{n}.{i}", title=f"任务{i}", lead_units=rng.sample(UNITS, rng.randint(0, 2)),
                  responsible_units=rng.sample(UNITS, rng.randint(0, 2)),
                  deadline=rng.choice([None, dt.date(2023, 6, 30), dt.date(2024, 12, 1), dt.date(2025, 3, 1)]),
                  kind=rng.choice(["actionable", "actionable", "heading"])) for i in range(1, 6)]
    projects = [Project(name=f"项目{i}", table=rng.choice(["项目表", None]), seq=i if rng.random() < 0.8 else None,
                        period=rng.choice([(2022, 2024), (2023, 2025), None]),
                        investment_total=rng.choice([None, 500.0, 1200.0]),
                        investment_by_year={"2023": 200.0} if rng.random() < 0.5 else {},
                        places=rng.choice([None, 450, 900])) for i in range(1, 4)]
    return Plan(region=region, region_code=code, region_level="county" if code else None,
                title=title or f"{region}教育事业发展规划", period=(2021, 2025), issued_on=issued,
                indicators=indicators, targets=prose, tasks=tasks, projects=projects,
                findings=[Finding(kind="sum_mismatch", message="合计不符", lines=[n])] if rng.random() < 0.5 else [])


def _figures(session: Session, rng: random.Random, key: str, plan: Plan) -> None:
    """Observations with missing years, reports of assigned and former units, finance with gaps."""
    ids = [i.catalog_id for i in plan.indicators if i.catalog_id] + ["preschool_gross_enrolment_rate"]
    save_observations(session, [Observation(ind, key, year, round(rng.uniform(0, 100), 2), simulated=rng.random() < 0.2)
                                for ind in ids for year in range(2019, 2026) if rng.random() < 0.6])
    save_task_reports(session, [TaskReport(key, year, t.id, percent=rng.choice([None, 0.0, 50.0, 100.0]),
                                           progress=rng.choice([None, "推进中"]), simulated=rng.random() < 0.2,
                                           unit=rng.choice([None, *UNITS]))
                                for t in plan.tasks for year in (2023, 2024) if rng.random() < 0.5])
    save_project_reports(session, [ProjectReport(key, year, ProjectKey(p.table, p.seq, p.name),
                                                 actual_start=rng.choice([None, "2023-03"]),
                                                 investment=rng.choice([None, 100.0, 300.0]), places=rng.choice([None, 200]))
                                   for p in plan.projects for year in (2023, 2024) if rng.random() < 0.6])
    save_finance_records(session, [FinanceRecord(key, year, budget=rng.choice([None, 1000.0 + year, 900.0]),
                                                 per_student={"小学": 12000.0 + year} if rng.random() < 0.7 else {},
                                                 teacher_salary=rng.choice([None, 9000.0]),
                                                 civil_servant_salary=rng.choice([None, 8800.0, 9500.0]),
                                                 training_spend=rng.choice([None, 30.0]), payroll=rng.choice([None, 1500.0]))
                                   for year in range(2021, 2025) if rng.random() < 0.8])
    tasks = [t for t in plan.tasks if rng.random() < 0.4]
    save_assignments(session, region=key, actor="测试", assignments=[
        Assignment(ItemKind.TASK, t.id, lead_units=(rng.choice(UNITS),), co_units=tuple(rng.sample(UNITS, 1)),
                   deadline=rng.choice([None, dt.date(2024, 6, 30)]), origin=Origin.PLANNER) for t in tasks])


def _regions(session: Session, seed: int, n: int) -> list[str]:
    """n generated regions, the first with no figures at all, and the two 鼓楼区; their keys."""
    rng = random.Random(seed)
    keys = []
    for i in range(n):
        region = f"测试{seed}县{i}"
        plan = _plan(rng, region, i, issued=dt.date(2022, 1, 1))
        import_plan(session=session, plan=plan, actor="测试")
        if i % 3 == 1:  # a draft beside it, and a second published plan issued the same day (the tie: newest)
            import_plan(session=session, plan=_plan(rng, region, i, title=f"{region}草稿"), actor="测试",
                        status=PlanStatus.DRAFT)
        if i % 4 == 2:
            import_plan(session=session, plan=_plan(rng, region, i, title=f"{region}新规划", issued=dt.date(2022, 1, 1)),
                        actor="测试")
        if i:
            _figures(session, rng, region, plan)
        keys.append(region)
    for code in CODES["鼓楼区"]:
        plan = _plan(rng, "鼓楼区", 99, code=code, title=f"鼓楼区规划{code}")
        import_plan(session=session, plan=plan, actor="测试")
        _figures(session, rng, code, plan)
        keys.append(code)
    return keys


def _without_identity(record: object) -> tuple[object, ...]:
    return tuple(v for k, v in vars(record).items() if k not in ("id", "created_at"))


@pytest.mark.parametrize("seed", [1, 2])
def test_evaluate_regions_stores_what_run_evaluation_stores_region_by_region(db_session: Session, seed: int) -> None:
    keys = _regions(db_session, seed, 7)
    asked = [*keys[::-1], keys[0]]  # any order, a region named twice is evaluated once
    for year in (2023, 2024):
        oracle = [run_evaluation(session=db_session, region=k, kind="annual", year=year, actor="单个")
                  for k in dict.fromkeys(asked)]
        bulk = evaluate_regions(session=db_session, regions=asked, kind="年度", year=year, actor="批量")
        assert [r.region for r in bulk] == [r.region for r in oracle] == list(dict.fromkeys(asked))
        for one, many in zip(oracle, bulk, strict=True):
            assert many.payload == one.payload
            assert _without_identity(many) == _without_identity(one)
            stored = get_evaluation(session=db_session, evaluation_id=many.id)
            assert (stored.payload, stored.created_at, stored.plan_id) == (many.payload, many.created_at, many.plan_id)
        audits = {int(a.entity_id or 0): a for a in list_audit(session=db_session, entity="evaluation", limit=1000)}
        for one, many in zip(oracle, bulk, strict=True):
            assert audits[many.id].after == audits[one.id].after and audits[many.id].actor == "批量"
    assert any(r.payload["summary"]["targets"] for r in bulk) and any(r.payload["tasks"] for r in bulk)


def test_a_region_without_a_plan_in_force_is_refused_as_run_evaluation_refuses_it(db_session: Session) -> None:
    keys = _regions(db_session, 3, 2)
    import_plan(session=db_session, plan=Plan(region="草稿县", title="草稿县规划一", period=(2021, 2025)), actor="测试",
                status=PlanStatus.DRAFT)
    import_plan(session=db_session, plan=Plan(region="草稿县", title="草稿县规划二", period=(2021, 2025)), actor="测试",
                status=PlanStatus.DRAFT)
    for region in ("草稿县", "无规划县"):
        with pytest.raises(NotFoundError) as one:
            run_evaluation(session=db_session, region=region, kind="annual", year=2024, actor="测试")
        with pytest.raises(NotFoundError) as many:
            evaluate_regions(session=db_session, regions=[*keys, region], kind="annual", year=2024, actor="测试")
        assert str(many.value) == str(one.value)
    assert evaluate_regions(session=db_session, regions=[], kind="annual", year=2024, actor="测试") == []


def test_evaluate_under_a_city_evaluates_its_published_plans_and_names_its_drafts(db_session: Session) -> None:
    from eduplan.services.evaluations import evaluate_under
    from eduplan.services.regions import build_divisions

    build_divisions(db_session, "500000")  # 重庆市 and its 区县, with codes
    rng = random.Random(5)
    for district in ("涪陵区", "南川区", "万州区"):
        plan = _plan(rng, district, 1)
        import_plan(session=db_session, plan=plan, actor="测试")
        _figures(db_session, rng, district, plan)
    import_plan(session=db_session, plan=_plan(rng, "黔江区", 2, title="黔江区规划（征求意见稿）"), actor="测试",
                status=PlanStatus.DRAFT)
    done = evaluate_under(session=db_session, region="重庆市", kind="midterm", year=2024, actor="市教委")
    assert done.scope == "重庆市" and done.drafts_only == ["黔江区"]
    assert [r.region for r in done.records] == ["万州区", "涪陵区", "南川区"]  # by code: 500101, 500102, 500119
    for many in done.records:
        one = run_evaluation(session=db_session, region=many.region, kind="midterm", year=2024, actor="单个")
        assert many.payload == one.payload and many.kind_label == "中期评估"
    assert [r.region for r in evaluate_under(session=db_session, region="500101", kind="annual", year=2024,
                                             actor="测试").records] == ["万州区"]  # a 区县 by code: itself
    with pytest.raises(NotFoundError, match="黔江区及其下级地区没有已发布的规划，无法评估（只有草稿：黔江区）"):
        evaluate_under(session=db_session, region="黔江区", kind="annual", year=2024, actor="测试")
