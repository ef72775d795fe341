"""Loaders of many regions or plans at once: one query per kind of row, the same records as one
at a time; the named statements the boards, the comparison and the evaluations use."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from eduplan.core.inspection.checklist import Confirmation
from eduplan.core.plan import Evaluation, EvaluationKind, Observation, Plan, SchoolRecord
from eduplan.store.boards import (
    indicator_series,
    indicator_targets,
    latest_observation_year,
    plan_heads,
    plan_statuses,
    stored_evaluations,
)
from eduplan.store.inspections import load_confirmations, load_confirmations_of, save_confirmation
from eduplan.store.plan_reads import load_plans
from eduplan.store.records import (
    load_observations,
    load_school_records,
    save_evaluation,
    save_observations,
    save_school_records,
)
from eduplan.store.repo import load_plan, save_plan
from tests.store.sample import rich_plan

RATE = "preschool_gross_enrolment"


def _plan(region: str, title: str) -> Plan:
    plan = rich_plan()
    plan.region, plan.title = region, title
    return plan


def test_load_plans_gives_each_plan_as_load_plan_does(session: Session) -> None:
    ids = [save_plan(session, _plan(r, f"{r}规划"), actor="测试").plan_id for r in ("涪陵区", "璧山区")]
    loaded = load_plans(session, [*ids, 999])
    assert sorted(loaded) == sorted(ids) and load_plans(session, []) == {}
    for i in ids:
        assert loaded[i] == load_plan(session, i)
    assert [(h.id, h.region) for h in plan_heads(session, regions=["璧山区"])] == [(ids[1], "璧山区")]
    assert {r for r, _ in plan_statuses(session)} == {"涪陵区", "璧山区"}


def test_observations_and_school_records_of_some_regions(session: Session) -> None:
    save_observations(session, [Observation(RATE, r, 2022, v, source="年报", simulated=r == "璧山区")
                                for r, v in (("涪陵区", 90.0), ("璧山区", 95.0), ("南川区", 93.0))])
    assert [o.region for o in load_observations(session, regions=["璧山区", "南川区"])] == ["南川区", "璧山区"]
    assert load_observations(session, regions=["璧山区"])[0] == Observation(RATE, "璧山区", 2022, 95.0, source="年报",
                                                                             simulated=True)
    assert latest_observation_year(session) == 2022 and latest_observation_year(session, region="万州区") is None
    assert sorted(r for r, *_ in indicator_series(session, indicator=RATE)) == ["南川区", "涪陵区", "璧山区"]
    records = [SchoolRecord(f"s{r}", "一小", r, 2024, "小学", enrolment=300, class_sizes=[40], extra={"note": "x"})
               for r in ("涪陵区", "璧山区")]
    save_school_records(session, records)
    assert load_school_records(session, regions=["璧山区"], year=2024) == [records[1]]
    assert load_school_records(session, regions=[]) == []


def test_confirmations_of_several_regions_by_key(session: Session) -> None:
    at = dt.datetime(2024, 5, 1, tzinfo=dt.UTC)
    for region in ("涪陵区", "璧山区"):
        save_confirmation(session, region=region, year=2024, key="balance.veto.key_schools", holds=region == "涪陵区",
                          by="测试", at=at, note=None, expected_version=None)
    found = load_confirmations_of(session, regions=["涪陵区", "璧山区", "南川区"], year=2024)
    assert set(found) == {"涪陵区", "璧山区"} and load_confirmations_of(session, regions=[], year=2024) == {}
    assert found["涪陵区"] == load_confirmations(session, region="涪陵区", year=2024)
    assert isinstance(found["璧山区"]["balance.veto.key_schools"], Confirmation)


def test_stored_evaluations_newest_first_by_region_or_id(session: Session) -> None:
    ids = [save_evaluation(session, Evaluation(r, EvaluationKind.ANNUAL, 2023, plan_title="规划",
                                               created_at=dt.datetime(2024, 1, n + 1, tzinfo=dt.UTC),
                                               payload={"summary": {}}))
           for n, r in enumerate(("涪陵区", "璧山区"))]
    assert [e.id for e in stored_evaluations(session)] == ids[::-1]
    assert [e.region for e in stored_evaluations(session, regions=["涪陵区"])] == ["涪陵区"]
    assert stored_evaluations(session, evaluation_id=ids[1])[0].region == "璧山区"


def test_indicator_targets_of_published_plans_only_unless_drafts(session: Session) -> None:
    plan = _plan("涪陵区", "涪陵区规划")
    save_plan(session, plan, actor="测试", status="draft")
    wanted = "preschool_gross_enrolment"
    assert any(i.catalog_id == wanted and i.target for i in plan.indicators)
    assert indicator_targets(session, indicator=wanted, include_drafts=False) == []
    found = indicator_targets(session, indicator=wanted, include_drafts=True)
    assert [(t.region, t.plan_title, t.period_start) for t in found][:1] == [("涪陵区", "涪陵区规划", plan.period[0])]


def test_keys_of_many_ids_read_from_the_whole_table_are_the_keys_of_few(session: Session,
                                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    from eduplan.store import region_keys
    from eduplan.store.models.regions import RegionRow
    from eduplan.store.regions import ensure_key

    for code in ("350102", "320106", "500102", "500101"):  # two 鼓楼区, 涪陵区, 万州区 (with their ancestors)
        ensure_key(session, code)
    ids = [int(i) for i in session.scalars(select(RegionRow.id))]
    few = region_keys.keys_of(session, ids[:-1])
    monkeypatch.setattr(region_keys, "WHOLE_TABLE", 0)
    assert region_keys.keys_of(session, ids[:-1]) == few
    assert {few[i] for i in few} >= {"350102", "320106", "涪陵区"} and "鼓楼区" not in few.values()
