"""A subtree read at once: the boards, readiness and evaluations of many regions give what one
region at a time gives, and regions sharing a name read their own figures (by key)."""

from __future__ import annotations

import dataclasses

from sqlalchemy.orm import Session

from eduplan.core.plan import Indicator, Observation, Op, Plan, SchoolRecord, Target
from eduplan.services.dashboards import progress_by_plan
from eduplan.services.evaluations import evaluate_regions, list_evaluations
from eduplan.services.inspections import inspection_readiness as old_name
from eduplan.services.monitoring import assess_region
from eduplan.services.plans import import_plan
from eduplan.services.readiness import confirm_checklist_item, inspection_readiness, readiness_of_regions
from eduplan.store.records import save_observations, save_school_records
from tests.services.conftest import FULING, RATE, TABLE, YUZHONG


def _schools(region: str, n: int) -> list[SchoolRecord]:
    return [SchoolRecord(f"{region}{i}", f"{region}第{i}小学", region, 2024, "小学", enrolment=400 + 50 * i, classes=10,
                         class_sizes=[40] * 10, teachers=20 + i, teachers_by_qualification={"专科": 20 + i},
                         teaching_area=1800.0, sports_area=2400.0 + 300 * i, equipment_value=80.0,
                         multimedia_classrooms=10)
            for i in range(n)]


def test_progress_of_a_subtree_is_each_regions_own_assessment(db_plans: Session) -> None:
    save_observations(db_plans, [Observation(RATE, FULING, 2023, 91.0), Observation(RATE, YUZHONG, 2023, 98.5),
                                 Observation(RATE, YUZHONG, 2022, 97.0, simulated=True)])
    every = {p.region: p for p in progress_by_plan(session=db_plans, year=2023)}
    only = progress_by_plan(session=db_plans, year=2023, regions=[YUZHONG])
    assert [p.region for p in only] == [YUZHONG] and set(every) == {FULING, YUZHONG}
    for region, p in every.items():
        assert p.targets == assess_region(session=db_plans, region=region, year=2023)
    assert only[0].targets == every[YUZHONG].targets and only[0].simulated == frozenset({(RATE, 2022)})


def test_two_regions_sharing_a_name_are_assessed_on_their_own_figures(session: Session) -> None:
    for code in ("350102", "320106"):  # 福州市鼓楼区, 南京市鼓楼区
        import_plan(session=session, actor="测试", plan=Plan(
            region="鼓楼区", region_code=code, region_level="county", title=f"鼓楼区规划{code}", period=(2021, 2025),
            indicators=[Indicator("学前三年毛入园率", unit="%", values={"2020": 90.0}, table=TABLE, catalog_id=RATE,
                                  target=Target(Op.GE, 95.0, year=2025))]))
    save_observations(session, [Observation(RATE, "350102", 2023, 91.0), Observation(RATE, "320106", 2023, 97.0)])
    latest = {p.region: p.targets[0].latest_value for p in progress_by_plan(session=session, year=2023)}
    assert latest == {"350102": 91.0, "320106": 97.0}
    assert assess_region(session=session, region="320106", year=2023)[0].latest_value == 97.0


def test_readiness_of_regions_is_each_regions_readiness_from_two_queries(db_plans: Session) -> None:
    save_school_records(db_plans, [*_schools(FULING, 3), *_schools(YUZHONG, 2)])
    confirm_checklist_item(session=db_plans, region=FULING, year=2024, key="balance.veto.key_schools", holds=True,
                           actor="测试")
    together = readiness_of_regions(session=db_plans, regions=[FULING, YUZHONG, "北碚区"], year=2024)
    assert list(together) == [FULING, YUZHONG, "北碚区"]
    for region in (FULING, YUZHONG):
        assert together[region] == inspection_readiness(session=db_plans, region=region, year=2024)
    assert (together[FULING].schools, together[YUZHONG].schools, together["北碚区"].schools) == (3, 2, 0)
    assert any(e.confirmation is not None for e in together[FULING].checklist)
    assert old_name is inspection_readiness  # still importable from services.inspections


def test_evaluate_regions_stores_one_evaluation_per_region(db_plans: Session) -> None:
    records = evaluate_regions(session=db_plans, regions=[FULING, YUZHONG, FULING], kind="annual", year=2023,
                               actor="测试")
    assert [r.region for r in records] == [FULING, YUZHONG]
    assert {r.region for r in list_evaluations(session=db_plans)} == {FULING, YUZHONG}
    assert dataclasses.asdict(records[0])["payload"]["summary"]["targets"] >= 1
