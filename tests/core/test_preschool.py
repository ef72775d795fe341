"""学前教育普及普惠: coverage, class sizes, teachers, certification, funding and their gaps."""

from __future__ import annotations

from eduplan.core.inspection.balance import ItemResult
from eduplan.core.inspection.preschool import (
    Kindergarten,
    KindergartenClass,
    PreschoolFigures,
    assess_kindergarten,
    assess_preschool,
)
from eduplan.core.plan import SchoolRecord
from eduplan.data.standards_sets import load_standards

STANDARDS = load_standards()


def kindergarten(name: str, ownership: str, enrolment: int, teachers: int, *, certified: int | None = None,
                 classes: tuple[tuple[str, int], ...] = (), **kw: object) -> Kindergarten:
    """A kindergarten with its record and graded classes."""
    record = SchoolRecord(name, name, "南川区", 2024, "幼儿园", ownership=ownership, enrolment=enrolment,
                          teachers=teachers, certified_teachers=teachers if certified is None else certified)
    return Kindergarten(record, tuple(KindergartenClass(g, s) for g, s in classes), **kw)  # type: ignore[arg-type]


REGION = [
    kindergarten("城区一幼", "public", 300, 20, classes=(("小班", 25), ("中班", 32), ("大班", 35)),
                 certified_principals=1),
    kindergarten("阳光幼儿园", "普惠", 200, 10, certified=9, classes=(("大班", 40),), certified_principals=1),
    kindergarten("小太阳幼儿园", "private", 300, 18, certified_principals=0),
]


def items(figures: PreschoolFigures | None = None) -> dict[str, ItemResult]:
    """The region items by key."""
    result = assess_preschool(REGION, figures or PreschoolFigures(population_3_5=1000), STANDARDS)
    return {i.key: i for i in result.items}


def test_gross_enrolment_rate_gap_is_children_to_enrol() -> None:
    item = items()["preschool.gross_enrolment_rate"]
    assert (item.value, item.met, item.gap) == (80.0, False, 50)  # 85 % of 1000 − 800


def test_inclusive_coverage_counts_public_and_inclusive_private() -> None:
    item = items()["preschool.inclusive_coverage"]
    assert item.value == 62.5 and item.gap == 140 and item.gap_unit == "个普惠性学位"  # 80 % of 800 − 500


def test_public_share_counts_only_public_kindergartens() -> None:
    item = items()["preschool.public_share"]
    assert item.value == 37.5 and item.gap == 100


def test_class_size_compliance_uses_each_grade_limit() -> None:
    item = items()["preschool.class_size_compliance"]
    assert item.value == 50.0 and item.gap == 2  # 2 of 4 within 25/30/35; 85 % of 4 needs 4


def test_teacher_ratio_gap_is_teachers_to_hire() -> None:
    item = items()["preschool.children_per_teacher"]
    assert item.met is False and item.gap == 6  # ceil(800 / 15) − 48


def test_certification_counts_principals_and_teachers() -> None:
    item = items()["preschool.certified_share"]
    assert item.met is False and item.gap == 2  # 47 teachers + 2 principals of 48 + 3


def test_unreported_funding_is_undecided_and_the_region_is_not_passed() -> None:
    result = assess_preschool(REGION, PreschoolFigures(population_3_5=1000), STANDARDS)
    assert {i.key: i.met for i in result.items}["preschool.public_funding_per_child"] is None
    assert result.passed is False


def test_a_region_meeting_every_reported_item_passes() -> None:
    kgs = [kindergarten("一幼", "public", 150, 10, classes=(("小班", 25),) * 6, certified_principals=1,
                        outdoor_area=600, activity_area=1300, building_area=1600)]
    kgs[0].record.extra["design_year"] = 2019
    figures = PreschoolFigures(population_3_5=160, public_funding_per_child=600, non_establishment_pay=80,
                               establishment_pay=100, recognition=92)
    assert assess_preschool(kgs, figures, STANDARDS).passed is True


def test_a_kindergarten_short_of_outdoor_space_gets_the_gap_in_square_metres() -> None:
    kg = kindergarten("二幼", "public", 200, 14, outdoor_area=700)
    area = next(i for i in assess_kindergarten(kg, STANDARDS).items if i.key == "preschool.outdoor_area_per_child")
    assert area.met is False and area.gap == 100 and area.gap_unit == "平方米"


def test_classes_without_grades_are_judged_against_the_default_limit() -> None:
    kg = kindergarten("三幼", "public", 62, 5)
    kg.record.class_sizes[:] = [30, 32]
    size = next(i for i in assess_kindergarten(kg, STANDARDS).items if i.key == "preschool.class_size")
    assert size.gap == 1 and size.met is False


def test_a_provincial_override_raises_the_enrolment_bar() -> None:
    henan = load_standards(extra=[{"id": "henan", "version": "1", "items": {
        "preschool.gross_enrolment_rate": {"value": 90, "source": "河南省", "confidence": "read"}}}])
    result = assess_preschool(REGION, PreschoolFigures(population_3_5=1000), henan)
    item = next(i for i in result.items if i.key == "preschool.gross_enrolment_rate")
    assert item.standard == 90 and item.gap == 100
