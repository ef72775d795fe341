"""The vectorised 优质均衡 path gives results identical to the plain-Python reference."""

from __future__ import annotations

import math
import random

import numpy as np
import pytest

from eduplan.core.inspection.balance import RESOURCE_INDICATORS, assess_resources
from eduplan.core.inspection.balance_bulk import assess_resources_bulk, school_arrays
from eduplan.core.inspection.standards import StandardsSet
from eduplan.core.plan import SchoolRecord
from eduplan.data.standards_sets import load_standards

STANDARDS = load_standards()
STAGES = ("小学", "初中", "教学点", "九年一贯制", "十二年一贯制", "完全中学", "幼儿园")
#: Shared figures of combined schools split by classes, with a heavier 高中部 (issue 14).
BY_CLASSES = load_standards(extra=[{"id": "t", "version": "1", "items": {
    "balance.shared.resources.basis": {"value": "classes", "source": "测试", "confidence": "read"},
    "balance.shared.weight.senior": {"value": 1.5, "source": "测试", "confidence": "read"}}}])


def random_school(rng: random.Random, county: int, i: int) -> SchoolRecord:
    """A school whose figures sit around the standards, with edge cases mixed in."""
    stage = rng.choice(STAGES)
    enrolment = rng.choice([0, rng.randint(1, 60), rng.randint(50, 3000), rng.randint(50, 3000)])
    per100 = enrolment / 100

    def q(standard: float) -> float:
        """A figure per student around `standard` (most schools near or above it)."""
        return standard * rng.choice([rng.uniform(0.7, 1.0), rng.uniform(1.0, 1.6), rng.uniform(1.0, 1.6)])

    record = SchoolRecord(
        school_id=f"{county}-{i}", name=f"学校{county}-{i}", region=f"县{county}", year=2024, stage=stage,
        enrolment=enrolment, classes=max(enrolment // 45, 1), teachers=int(per100 * 6),
        teachers_by_qualification={"本科": round(per100 * q(5.3)), "专科": rng.randint(0, 3), "高中": rng.randint(0, 3)},
        backbone_teachers=round(per100 * q(1.0)), pe_teachers=round(per100 * q(0.5)),
        music_teachers=round(per100 * q(0.2)), art_teachers=round(per100 * q(0.2)),
        teaching_area=enrolment * q(5.8), sports_area=enrolment * q(10.2),
        equipment_value=round(enrolment * q(0.25), 2), multimedia_classrooms=round(per100 * q(2.4)),
    )
    if rng.random() < 0.1:  # a missing figure
        record.extra[rng.choice(["sports_area", "teaching_area", "equipment_value"])] = None
    if rng.random() < 0.1:
        record.teachers_by_qualification = {}  # qualification breakdown not reported
    if stage in ("九年一贯制", "十二年一贯制", "完全中学") and rng.random() < 0.8:
        for section in ("小学", "初中", "高中"):
            record.extra[f"{section}.enrolment"] = rng.randint(0, enrolment)
            if rng.random() < 0.9:  # classes per part, for weights by classes
                record.extra[f"{section}.classes"] = rng.randint(0, 40)
        if rng.random() < 0.5:
            record.extra["初中.sports_area"] = rng.uniform(0, 8000)
    return record


def reference_rows(counties: list[list[SchoolRecord]], standards: StandardsSet = STANDARDS,
                   ) -> tuple[list[list[float]], list[bool], list]:
    """Values, pass flags and CVs of the reference, county by county."""
    values, passed, cvs = [], [], []
    for records in counties:
        result = assess_resources(records, standards)
        for school in result.schools:
            values.append([math.nan if i.value is None else i.value for i in school.items])
            passed.append(school.passed)
        cvs.append((result.cvs, result.passed))
    return values, passed, cvs


@pytest.mark.parametrize(("seed", "standards"), [(1, STANDARDS), (2, STANDARDS), (3, STANDARDS),
                                                 (4, BY_CLASSES), (5, BY_CLASSES)])
def test_bulk_assessment_is_identical_to_the_reference_on_random_counties(seed: int, standards: StandardsSet) -> None:
    rng = random.Random(seed)
    counties = [[random_school(rng, c, i) for i in range(rng.randint(0, 25))] for c in range(40)]
    arrays = school_arrays(counties, standards)
    bulk = assess_resources_bulk(arrays, standards)
    values, passed, cvs = reference_rows(counties, standards)
    inc = bulk.included
    assert inc.sum() == len(values)
    np.testing.assert_array_equal(bulk.values[inc], np.array(values).reshape(-1, 7))
    assert bulk.passed[inc].tolist() == passed
    assert not bulk.passed[~inc].any()
    for county, (county_cvs, county_passed) in enumerate(cvs):
        assert bool(bulk.county_passed[county]) is county_passed
        for cv in county_cvs:
            stage, k = ("小学", "初中").index(cv.stage), [c.key for c in county_cvs[:7]].index(cv.key)
            got = bulk.cv[county, stage, k]
            if cv.dispersion is None or cv.dispersion.cv is None:
                assert np.isnan(got)
            else:
                assert got == cv.dispersion.cv  # exact, not approximate
                assert bulk.cv_mean[county, stage, k] == cv.dispersion.mean
                assert bulk.cv_sd[county, stage, k] == cv.dispersion.sd
            assert bool(bulk.cv_met[county, stage, k]) is bool(cv.met)


def test_bulk_gaps_are_identical_to_the_reference() -> None:
    rng = random.Random(7)
    counties = [[random_school(rng, c, i) for i in range(20)] for c in range(10)]
    bulk = assess_resources_bulk(school_arrays(counties, STANDARDS), STANDARDS)
    ref = [(i.gap if i.value is not None else math.nan, i.tolerance_gap if i.value is not None else math.nan)
           for records in counties for s in assess_resources(records, STANDARDS).schools for i in s.items]
    inc = bulk.included
    np.testing.assert_array_equal(bulk.gaps[inc].ravel(), np.array([g for g, _ in ref]))
    np.testing.assert_array_equal(bulk.tolerance_gaps[inc].ravel(), np.array([t for _, t in ref]))


def test_zero_enrolment_and_small_teaching_points_are_excluded_in_bulk() -> None:
    schools = [
        SchoolRecord("a", "空校", "县", 2024, "小学", enrolment=0),
        SchoolRecord("b", "村教学点", "县", 2024, "教学点", enrolment=30, teaching_area=200),
        SchoolRecord("c", "大教学点", "县", 2024, "教学点", enrolment=60, teaching_area=300),
    ]
    bulk = assess_resources_bulk(school_arrays([schools], STANDARDS), STANDARDS)
    assert bulk.included.tolist() == [False, False, True]
    assert bulk.schools[0].tolist() == [1, 0]


def test_a_county_without_schools_passes_vacuously_and_has_undefined_cvs() -> None:
    bulk = assess_resources_bulk(school_arrays([[]], STANDARDS), STANDARDS)
    assert bulk.county_passed.tolist() == [True]
    assert np.isnan(bulk.cv).all()


def test_bulk_and_reference_agree_with_unweighted_cvs_from_an_override() -> None:
    unweighted = load_standards(extra=[{"id": "t", "version": "1", "items": {"balance.cv.weighting": {"value": "none"}}}])
    rng = random.Random(11)
    counties = [[random_school(rng, c, i) for i in range(15)] for c in range(8)]
    bulk = assess_resources_bulk(school_arrays(counties, unweighted), unweighted)
    for county, records in enumerate(counties):
        for cv in assess_resources(records, unweighted).cvs:
            k = [i.key for i in RESOURCE_INDICATORS].index(cv.key)
            got = bulk.cv[county, ("小学", "初中").index(cv.stage), k]
            assert (np.isnan(got) and (cv.dispersion is None or cv.dispersion.cv is None)) or got == cv.dispersion.cv


def test_weights_by_classes_change_what_a_combined_school_part_gets() -> None:
    # 小学 20 classes, 初中 10, 高中 10 × 1.5: the 初中部 gets 10 / 45 of the 9000 m² sports area = 2000 m²
    # by classes, against 300 / 1200 = 2250 m² by pupils.
    record = SchoolRecord("t", "一贯制", "县", 2024, "十二年一贯制", enrolment=1200, sports_area=9000,
                          extra={"小学.enrolment": 600, "初中.enrolment": 300, "高中.enrolment": 300,
                                 "小学.classes": 20, "初中.classes": 10, "高中.classes": 10})
    by_pupils = {s.section.section: s for s in assess_resources([record], STANDARDS).schools}
    by_classes = {s.section.section: s for s in assess_resources([record], BY_CLASSES).schools}
    assert by_pupils["初中"].section.figures[4] == 2250
    assert by_classes["初中"].section.figures[4] == pytest.approx(2000)
    bulk = assess_resources_bulk(school_arrays([[record]], BY_CLASSES), BY_CLASSES)
    assert bulk.values[1, 4] == by_classes["初中"].items[4].value
