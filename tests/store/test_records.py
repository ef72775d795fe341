"""Observations, school records and evaluations are stored, upserted and loaded back."""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from eduplan.core.plan import Evaluation, EvaluationKind, Observation, SchoolRecord
from eduplan.store.records import (
    load_evaluations,
    load_observations,
    load_school_records,
    save_evaluation,
    save_observations,
    save_school_records,
)


def test_observations_are_upserted_by_indicator_region_and_year(session: Session) -> None:
    first = [
        Observation("preschool_gross_enrolment", "涪陵区", 2021, 91.5, source="统计年鉴", reported_by="区教委"),
        Observation("preschool_gross_enrolment", "涪陵区", 2022, 92.0, simulated=True),
        Observation("preschool_gross_enrolment", "璧山区", 2022, 95.0),
    ]
    assert save_observations(session, first) == (3, 0)
    assert save_observations(session, first) == (0, 0)
    real = Observation("preschool_gross_enrolment", "涪陵区", 2022, 92.4, source="年报", simulated=False)
    assert save_observations(session, [real]) == (0, 1)
    assert load_observations(session, region="涪陵区") == [first[0], real]
    assert len(load_observations(session, indicator="preschool_gross_enrolment")) == 3


def test_school_records_round_trip_and_upsert(session: Session) -> None:
    rec = SchoolRecord(
        school_id="500102001", name="中华路小学", region="涪陵区", year=2023, stage="小学", enrolment=1350,
        classes=30, class_sizes=[45, 44, 46], teachers=80, teachers_by_qualification={"本科": 60, "研究生": 10},
        backbone_teachers=8, pe_teachers=5, music_teachers=3, art_teachers=3, certified_teachers=79,
        teaching_area=8000.5, sports_area=6000.0, music_rooms=2, art_rooms=2, equipment_value=320.5,
        multimedia_classrooms=30, extra={"网络多媒体教室": 30, "备注": None}, simulated=True,
    )
    assert save_school_records(session, [rec]) == (1, 0)
    assert load_school_records(session, region="涪陵区", year=2023) == [rec]
    rec.enrolment = 1400
    assert save_school_records(session, [rec]) == (0, 1)
    assert load_school_records(session)[0].enrolment == 1400


def test_evaluations_are_stored_with_their_payload(session: Session) -> None:
    at = dt.datetime(2024, 3, 1, 8, 30, tzinfo=dt.UTC)
    ev = Evaluation(region="涪陵区", kind=EvaluationKind.MIDTERM, year=2023, created_at=at,
                    plan_title="规划", payload={"on_track": 12, "targets": [{"name": "毛入园率", "status": "达成"}]})
    ev_id = save_evaluation(session, ev)
    [(loaded_id, loaded)] = load_evaluations(session, region="涪陵区")
    assert loaded_id == ev_id and loaded == ev
