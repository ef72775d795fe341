"""A generated workbook of many regions imported at once (the bulk store: plans read in one query per kind
of row, one lock statement, one executemany per kind of record and for the audit): it stores, audits and
reopens what was expected of each region-year, and an approved region-year refuses it whole, located
(SQLite and PostgreSQL)."""

from __future__ import annotations

import dataclasses
import random
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy.orm import Session

from eduplan.core.access import Principal, Role
from eduplan.core.collection.approval import SubmissionState, Transition
from eduplan.core.collection.yearly import Collection
from eduplan.core.errors import ConflictError
from eduplan.core.plan import Observation
from eduplan.services.approval import apply_transition
from eduplan.services.audit import list_audit
from eduplan.services.collection import collection_template, import_workbook, store_records
from eduplan.services.plans import import_plan
from eduplan.store.records import load_observations
from eduplan.store.submissions import load_submission
from tests.services.conftest import RATE, fuling_plan

REGIONS = ["涪陵区", "渝中区", "璧山区", "南川区", "黔江区", "万州区", "江北区"]
YEAR = 2024
MUNICIPAL = Principal("shi", Role.MUNICIPAL)


def _plans(session: Session) -> None:
    for region in REGIONS:
        plan = dataclasses.replace(fuling_plan(), region=region, title=f"{region}教育事业发展“十四五”规划")
        import_plan(session=session, plan=plan, actor="测试")


def _store(session: Session, region: str, value: float, actor: str = "district") -> None:
    store_records(session=session, collection=Collection(observations=[Observation(RATE, region, YEAR, value)]),
                  source="统计年报", actor=actor)


def _fill(template: Path, values: dict[str, float | None]) -> Path:
    """The template with each region's 本年值 of the rate (None: left blank)."""
    wb = load_workbook(template)
    ws = wb["指标"]
    header = [c.value for c in ws[1]]
    value_col = header.index(f"本年值（{YEAR}年）") + 1
    for r in range(2, ws.max_row + 1):
        region, indicator = ws.cell(r, 1).value, ws.cell(r, 3).value
        if indicator == RATE and values.get(region) is not None:
            ws.cell(r, value_col).value = values[region]
    out = template.with_name("filled.xlsx")
    wb.save(out)
    return out


def _act(session: Session, region: str, transition: Transition) -> None:
    user = Principal("district", Role.PLANNER, region=region) if transition is Transition.SUBMIT else MUNICIPAL
    apply_transition(session=session, user=user, region=region, year=YEAR, transition=transition)


@pytest.mark.parametrize("seed", [1, 2])
def test_a_workbook_of_many_regions_stores_audits_and_reopens_each_region_year(db_session: Session, tmp_path: Path,
                                                                              seed: int) -> None:
    s = db_session
    _plans(s)
    rng = random.Random(seed)
    before = {r: round(rng.uniform(80, 95), 1) for r in REGIONS[:5]}  # stored before the download
    for region, value in before.items():
        _store(s, region, value)
    submitted = REGIONS[:3]
    for region in submitted:
        _act(s, region, Transition.SUBMIT)
    template = collection_template(session=s, region=None, year=YEAR, dest=tmp_path / "t.xlsx")
    # 涪陵区 and 南川区 change, 渝中区 and 璧山区 repeat the value stored (from another source: no value changes), 黔江区 is left blank, 万州区 and 江北区 are new
    values: dict[str, float | None] = {"涪陵区": before["涪陵区"] + 1, "渝中区": before["渝中区"],
                                       "璧山区": before["璧山区"], "南川区": before["南川区"] + 2.5, "黔江区": None,
                                       "万州区": 90.0, "江北区": round(rng.uniform(80, 95), 1)}
    seen = {e.id for e in list_audit(session=s, limit=1000)}

    outcome = import_workbook(session=s, paths=[_fill(template, values)], entered_by="planner")

    assert outcome.stored is not None, outcome.result.summary()
    assert (outcome.stored.observations.inserted, outcome.stored.observations.updated,
            outcome.stored.observations.unchanged) == (2, 4, 0)  # the same value from another source is an update
    expected = {**before, **{r: v for r, v in values.items() if v is not None}}
    stored = {o.region: o for o in load_observations(s, indicator=RATE) if o.year == YEAR}
    assert {r: o.value for r, o in stored.items()} == expected
    source = "年度数据采集表（filled.xlsx）"
    assert {r: o.source for r, o in stored.items()} == {
        r: source if values.get(r) is not None else "统计年报" for r in expected}

    audit = [e for e in list_audit(session=s, limit=1000) if e.id not in seen]
    values_audited = {e.entity_id: (e.action, e.before, e.after) for e in audit if e.entity == "observation"}
    why = {"source": "filled.xlsx", "reason": None}
    assert values_audited == {
        f"涪陵区:{YEAR}": ("update", {"values": {RATE: before["涪陵区"]}}, {"values": {RATE: values["涪陵区"]}, **why}),
        f"南川区:{YEAR}": ("update", {"values": {RATE: before["南川区"]}}, {"values": {RATE: values["南川区"]}, **why}),
        f"万州区:{YEAR}": ("create", {"values": {RATE: None}}, {"values": {RATE: 90.0}, **why}),
        f"江北区:{YEAR}": ("create", {"values": {RATE: None}}, {"values": {RATE: values["江北区"]}, **why}),
    }
    assert [e.entity for e in sorted(audit, key=lambda e: e.id)][:1] == ["collection"]  # the import's event first
    reopened = {e.entity_id for e in audit if e.entity == "submission"}
    assert reopened == {f"涪陵区:{YEAR}"}  # submitted and changed; 渝中区, 璧山区 submitted but unchanged
    states = {r: load_submission(s, region=r, year=YEAR).state for r in REGIONS}
    assert states == {**{r: SubmissionState.FILLING for r in REGIONS},
                      "渝中区": SubmissionState.SUBMITTED, "璧山区": SubmissionState.SUBMITTED}

    again = import_workbook(session=s, paths=[_fill(template, values)], entered_by="planner")
    assert again.stored is not None and not again.stored.changed
    assert len(list_audit(session=s, limit=1000)) == len(seen) + len(audit)


def test_an_approved_region_year_refuses_the_whole_workbook_and_names_it(db_session: Session, tmp_path: Path) -> None:
    s = db_session
    _plans(s)
    for region in REGIONS[:2]:
        _store(s, region, 88.0)
    _act(s, REGIONS[1], Transition.SUBMIT)
    _act(s, REGIONS[1], Transition.APPROVE)
    template = collection_template(session=s, region=None, year=YEAR, dest=tmp_path / "t.xlsx")
    filled = _fill(template, dict.fromkeys(REGIONS, 91.0))
    with pytest.raises(ConflictError, match=f"{REGIONS[1]}{YEAR}年.*本次未写入任何数据"):
        import_workbook(session=s, paths=[filled], entered_by="planner")
    assert {o.region: o.value for o in load_observations(s, indicator=RATE)} == dict.fromkeys(REGIONS[:2], 88.0)


def test_regions_sharing_a_name_are_collected_by_their_codes_in_one_workbook(db_session: Session, tmp_path: Path) -> None:
    s = db_session
    shared = {"350102": 91.5, "320106": 87.25}  # 福州市鼓楼区, 南京市鼓楼区
    for code in shared:
        import_plan(session=s, plan=dataclasses.replace(fuling_plan(), region="鼓楼区", region_code=code,
                                                        region_level="county", title=f"鼓楼区规划{code}"), actor="测试")
    import_plan(session=s, plan=dataclasses.replace(fuling_plan(), region="涪陵区", title="涪陵区规划"), actor="测试")
    template = collection_template(session=s, region=None, year=YEAR, dest=tmp_path / "t.xlsx")
    rows = {ws_row[0] for ws_row in load_workbook(template)["指标"].iter_rows(min_row=2, values_only=True)}
    assert rows == {"350102", "320106", "涪陵区"}  # a shared name is written as the region's code (its key)

    outcome = import_workbook(session=s, paths=[_fill(template, {**shared, "涪陵区": 95.0})], entered_by="planner")

    assert outcome.stored is not None, outcome.result.summary()
    stored = {o.region: o.value for o in load_observations(s, indicator=RATE) if o.year == YEAR}
    assert stored == {**shared, "涪陵区": 95.0}
