"""School records read as columns (store.school_columns) are the records `load_school_records` reads,
row for row: the same order, fields and JSON values, of the regions named or of one region."""

from __future__ import annotations

from sqlalchemy.orm import Session

from eduplan.core.plan import SchoolRecord
from eduplan.store.records import load_school_records, save_school_records
from eduplan.store.school_columns import load_school_columns


def _records(region: str) -> list[SchoolRecord]:
    return [
        SchoolRecord(f"{region}2", "二小", region, 2024, "小学", enrolment=420, classes=10, class_sizes=[40, 44, 58],
                     teachers=25, teachers_by_qualification={"本科": 20, "专科": 5}, teaching_area=1850.5,
                     sports_area=2400.0, equipment_value=81.25, multimedia_classrooms=9, music_rooms=1,
                     extra={"sports_area": None, "kind": "教学点"}, simulated=True),
        SchoolRecord(f"{region}1", "一幼", region, 2024, "幼儿园", ownership="普惠", enrolment=180, classes=6,
                     class_sizes=[25, 30], teachers=12, certified_teachers=11,
                     extra={"grades": "小班,中班", "outdoor_area": 900.0, "design_year": 2018}),
        SchoolRecord(f"{region}1", "一幼", region, 2023, "幼儿园", enrolment=170),
    ]


def test_columns_are_the_records_load_school_records_reads(session: Session) -> None:
    save_school_records(session, [*_records("涪陵区"), *_records("璧山区"), *_records("南川区")])
    wanted = ["璧山区", "涪陵区", "万州区"]
    columns = load_school_columns(session, regions=wanted, year=2024)
    assert columns.regions == tuple(wanted)
    records = [columns.record(i) for i in range(len(columns))]
    assert records == load_school_records(session, regions=wanted, year=2024)
    assert [r.region for r in records] == ["涪陵区", "涪陵区", "璧山区", "璧山区"]  # by region name, then school
    assert columns.records_of(2) == []
    one = load_school_columns(session, region="南川区", year=2024)
    assert [one.record(i) for i in range(len(one))] == load_school_records(session, region="南川区", year=2024)
    assert len(load_school_columns(session, regions=[], year=2024)) == 0
    assert len(load_school_columns(session, regions=["万州区"], year=2024)) == 0
