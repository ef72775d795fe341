"""The vectorised readiness of many regions (core.inspection.readiness_bulk) equals, field for field,
what the per-school code (`services.readiness._readiness`, the oracle) gives region by region, on
generated counties full of edge cases: missing figures, 教学点 big and small, zero enrolment, no
teachers, no class sizes, kindergartens with and without grades, areas and design years, a county of
kindergartens only, empty counties, ties in the gaps, simulated records, combined schools with their
parts' own figures, qualifications and rooms."""

from __future__ import annotations

import dataclasses
import datetime as dt
import random

import pytest
from sqlalchemy.orm import Session

from eduplan.core.inspection.checklist import Confirmation
from eduplan.core.inspection.guarantee import CountyFigures
from eduplan.core.inspection.preschool import PreschoolFigures
from eduplan.core.inspection.readiness_bulk import readiness_bulk
from eduplan.core.inspection.school_columns import from_records
from eduplan.core.inspection.standards import StandardsSet
from eduplan.core.plan import SchoolRecord
from eduplan.data.standards_sets import load_standards
from eduplan.services.readiness import (
    _from_columns,
    _readiness,
    confirm_checklist_item,
    inspection_readiness,
    readiness_of_regions,
)
from eduplan.store.inspections import load_confirmations
from eduplan.store.records import load_school_records, save_school_records

STANDARDS = load_standards()
CHONGQING = load_standards("chongqing")
STAGES = ("小学", "小学", "初中", "教学点", "幼儿园", "幼儿园", "高中")
GRADES = ("小班", "中班", "大班", "混合班", "", "托班")


def _school(rng: random.Random, county: int, i: int, stage: str) -> SchoolRecord:
    enrolment = rng.choice([0, rng.randint(1, 60), rng.randint(40, 2600), rng.randint(40, 2600)])
    per100 = enrolment / 100

    def q(standard: float) -> float:
        return standard * rng.choice([rng.uniform(0.6, 1.0), rng.uniform(1.0, 1.6), 1.0])

    classes = rng.choice([0, max(enrolment // 45, 1), rng.randint(1, 40)])
    sizes = [rng.randint(10, 80) for _ in range(rng.choice([0, classes, max(classes - 2, 0)]))]
    teachers = rng.choice([0, int(per100 * 6), rng.randint(1, 80)])
    record = SchoolRecord(
        school_id=f"{county}-{i:03d}", name=f"县{county}第{i}{stage}", region=f"县{county}", year=2024, stage=stage,
        ownership=rng.choice(["public", "公办", "普惠", "private", "inclusive"]), enrolment=enrolment,
        classes=classes, class_sizes=sizes, teachers=teachers,
        teachers_by_qualification=rng.choice([{}, {"本科": round(per100 * q(5.3)), "专科": rng.randint(0, 3)},
                                               {"硕士": 2, "大专": teachers, "中专": 1}, {"高中以下": 1}]),
        backbone_teachers=round(per100 * q(1.0)), pe_teachers=round(per100 * q(0.5)),
        music_teachers=round(per100 * q(0.2)), art_teachers=round(per100 * q(0.2)),
        certified_teachers=rng.choice([teachers, max(teachers - 3, 0)]),
        teaching_area=enrolment * q(4.5), sports_area=rng.choice([enrolment * q(7.5), 0.0]),
        music_rooms=rng.randint(0, 3), art_rooms=rng.randint(0, 3),
        equipment_value=round(enrolment * q(0.2), 2), multimedia_classrooms=round(per100 * q(2.3)),
        simulated=rng.random() < 0.05,
    )
    if rng.random() < 0.15:
        for key in rng.sample(["sports_area", "teaching_area", "equipment_value", "qualified_teachers",
                               "backbone_teachers", "multimedia_classrooms"], rng.randint(1, 3)):
            record.extra[key] = None
    if rng.random() < 0.05:
        record.extra["kind"] = "教学点"
    if stage == "幼儿园":
        _kindergarten(rng, record)
    return record


def _kindergarten(rng: random.Random, record: SchoolRecord) -> None:
    if rng.random() < 0.5:
        record.extra["grades"] = ",".join(rng.choice(GRADES) for _ in range(rng.randint(0, len(record.class_sizes) + 2)))
    for attr in ("outdoor_area", "activity_area", "building_area"):
        if rng.random() < 0.4:
            record.extra[attr] = rng.choice([record.enrolment * rng.uniform(2, 12), record.enrolment * 4, 0, "不详"])
    if rng.random() < 0.5:
        record.extra["design_year"] = rng.choice([2010, 2017, 2020, 2016.0])
    if rng.random() < 0.4:
        record.extra["certified_principals"] = rng.randint(0, 2)
        record.extra["principals"] = rng.choice([1, 2, 0])


def _combined(rng: random.Random, county: int, i: int) -> SchoolRecord:
    """A combined school: its parts' pupils and classes given (or not), some figures and rooms of its own."""
    stage = rng.choice(["九年一贯制", "完全中学", "十二年一贯制"])
    record = _school(rng, county, i, stage)
    if rng.random() < 0.8:
        record.extra.pop("kind", None)
    for part in ("小学", "初中", "高中"):
        if rng.random() < 0.85:
            record.extra[f"{part}.enrolment"] = rng.choice([0, rng.randint(1, max(record.enrolment, 1))])
        if rng.random() < 0.8:
            record.extra[f"{part}.classes"] = rng.randint(0, max(record.classes // 2, 1))
        if rng.random() < 0.3:
            record.extra[f"{part}.music_rooms"] = rng.randint(0, 2)
        if rng.random() < 0.3:
            record.extra[f"{part}.sports_area"] = rng.choice([rng.uniform(0, 9000), None])
        if rng.random() < 0.3:
            record.extra[f"{part}.equipment_value"] = rng.uniform(0, 300)
        if rng.random() < 0.3:
            record.extra[f"{part}.qualification.本科"] = rng.randint(0, 60)
            record.extra[f"{part}.qualification.专科"] = rng.randint(0, 10)
    return record


def _counties(seed: int, n: int = 30) -> list[SchoolRecord]:
    rng = random.Random(seed)
    records: list[SchoolRecord] = []
    for c in range(n):
        shape = rng.random()
        size = 0 if shape < 0.08 else rng.randint(1, 40)
        stages = ("幼儿园",) if shape > 0.92 else STAGES
        for i in range(size):
            records.append(_school(rng, c, i, rng.choice(stages)))
        if 0.3 < shape < 0.7 and size:
            records.extend(_combined(rng, c, size + k) for k in range(rng.randint(1, 4)))
    return records


def _confirmations(seed: int, regions: list[str]) -> dict[str, dict[str, Confirmation]]:
    rng = random.Random(seed)
    at = dt.datetime(2024, 6, 1, tzinfo=dt.UTC)
    keys = ["balance.veto.key_schools", "preschool.veto.major_incident"]
    return {r: {k: Confirmation(k, rng.random() < 0.8, "测试", at) for k in keys if rng.random() < 0.5}
            for r in regions}


@pytest.mark.parametrize(("seed", "standards", "largest"), [
    (1, STANDARDS, 10), (2, STANDARDS, 10), (3, STANDARDS, 3), (4, STANDARDS, 1000), (5, CHONGQING, 10),
    (6, CHONGQING, 1000), (7, STANDARDS, 0)])
def test_bulk_readiness_equals_the_per_school_readiness_on_generated_counties(
        seed: int, standards: StandardsSet, largest: int) -> None:
    records = _counties(seed)
    regions = [f"县{c}" for c in range(30)] + ["无学校县"]
    confirmations = _confirmations(seed, regions)
    together = _from_columns(from_records(regions, records), confirmations, year=2024, standards=standards,
                             largest=largest)
    assert list(together) == regions
    for region in regions:
        own = [r for r in records if r.region == region]
        assert together[region] == _readiness(own, confirmations.get(region, {}), region=region, year=2024,
                                              standards=standards, largest=largest), region


def test_region_figures_given_are_judged_as_the_per_school_code_judges_them() -> None:
    records = _counties(11, 12)
    regions = [f"县{c}" for c in range(12)]
    county = CountyFigures(teacher_pay=98_000, civil_servant_pay=100_000, teachers=900, rotation_eligible=200,
                           rotated=20, backbone_rotated=2, training_completion=99.0, consolidation_rate=97.0,
                           recognition=88.0, nearby_enrolment_primary=100.0, nearby_enrolment_junior=100.0,
                           quota_allocation=60.0, migrant_public_share=90.0, disabled_enrolment_rate=96.0,
                           training_funds_share=5.0)
    preschool = PreschoolFigures(population_3_5=4000, public_funding_per_child=300, inclusive_subsidy_per_child=100,
                                 non_establishment_pay=50_000, establishment_pay=80_000, recognition=92.0)
    for region in regions:
        own = [r for r in records if r.region == region]
        bulk = _from_columns(from_records([region], own), {}, year=2024, standards=STANDARDS, county=county,
                             preschool=preschool)[region]
        assert bulk == _readiness(own, {}, region=region, year=2024, standards=STANDARDS, county=county,
                                  preschool=preschool)


def test_combined_schools_sections_join_the_arrays_in_record_order() -> None:
    """A county of combined schools among single-stage ones, with standards that split shared figures by
    classes and weigh a 高中部 heavier: the CVs, exclusions, rooms and class bands of every part."""
    rng = random.Random(5)
    by_classes = load_standards(extra=[{"id": "t", "version": "1", "items": {
        "balance.shared.resources.basis": {"value": "classes", "source": "测试", "confidence": "read"},
        "balance.shared.weight.senior": {"value": 1.5, "source": "测试", "confidence": "read"}}}])
    for standards in (STANDARDS, by_classes):
        for c in range(8):
            records = sorted([*(_school(rng, c, i, rng.choice(("小学", "初中"))) for i in range(6)),
                              *(_combined(rng, c, 10 + i) for i in range(6))], key=lambda r: r.school_id)
            region = f"县{c}"
            bulk = _from_columns(from_records([region], records), {}, year=2024, standards=standards,
                                 largest=1000)[region]
            assert bulk == _readiness(records, {}, region=region, year=2024, standards=standards, largest=1000)
    empty = readiness_bulk(from_records(["县"], []), STANDARDS, largest=10)[0]
    assert empty.schools == 0 and empty.balance_passed is None and empty.largest_gaps == ()


def test_ties_in_the_gaps_keep_the_per_school_order() -> None:
    """Every school misses the same figures: every gap has shortfall 1, the order decides alone."""
    records = [SchoolRecord(f"s{i}", f"第{i}小学", "县", 2024, "小学", enrolment=500, classes=10, class_sizes=[40] * 10,
                            teachers=30, extra={"sports_area": None, "teaching_area": None}) for i in range(8)]
    bulk = _from_columns(from_records(["县"], records), {}, year=2024, standards=STANDARDS, largest=5)["县"]
    assert bulk == _readiness(records, {}, region="县", year=2024, standards=STANDARDS, largest=5)
    assert [g.shortfall for g in bulk.largest_gaps] == [1.0] * 5


def test_stored_records_read_as_columns_give_the_per_school_readiness(db_session: Session) -> None:
    """Through the store on each backend: `readiness_of_regions` and `inspection_readiness` (columns and
    kernel) equal `_readiness` over `load_school_records`, the path they replace."""
    session = db_session
    rng = random.Random(21)
    regions = ["涪陵区", "璧山区", "南川区", "万州区"]
    records = []
    for c, region in enumerate(regions[:3]):
        for i in range(25):
            record = _school(rng, c, i, rng.choice(STAGES)) if i % 6 else _combined(rng, c, i)
            records.append(dataclasses.replace(record, region=region, school_id=f"{region}{i:03d}"))
    save_school_records(session, records)
    confirm_checklist_item(session=session, region="璧山区", year=2024, key="balance.veto.key_schools", holds=False,
                           actor="测试")
    together = readiness_of_regions(session=session, regions=regions, year=2024)
    for region in regions:
        expected = _readiness(load_school_records(session, region=region, year=2024),
                              load_confirmations(session, region=region, year=2024), region=region, year=2024,
                              standards=STANDARDS)
        assert together[region] == expected == inspection_readiness(session=session, region=region, year=2024)
    assert together["璧山区"].balance_ready is False and together["万州区"].schools == 0
