"""义务教育优质均衡: resource indicators, pass rule, CVs, exclusions, gaps, guarantee and quality
items — and the standards set they read (national default, overrides)."""

from __future__ import annotations

import pytest

from eduplan.core.errors import InputError
from eduplan.core.inspection.balance import (
    CountyFigures,
    assess_guarantee,
    assess_quality,
    assess_resources,
    coefficient_of_variation,
    qualified_teachers,
    school_sections,
)
from eduplan.core.inspection.standards import merge_standards
from eduplan.core.plan import SchoolRecord
from eduplan.data.standards_sets import bundled_standard_ids, load_standards

STANDARDS = load_standards()


def school(**kw: object) -> SchoolRecord:
    """A 小学 of 500 pupils meeting every resource standard exactly, changed by `kw`."""
    base: dict[str, object] = {
        "school_id": "s1", "name": "实验小学", "region": "南川区", "year": 2024, "stage": "小学", "enrolment": 500,
        "classes": 12, "class_sizes": [42] * 12, "teachers": 30, "teachers_by_qualification": {"本科": 15, "专科": 6, "高中": 9},
        "backbone_teachers": 5, "pe_teachers": 3, "music_teachers": 1, "art_teachers": 1, "certified_teachers": 30,
        "teaching_area": 2250, "sports_area": 3750, "equipment_value": 100, "multimedia_classrooms": 12,
        "music_rooms": 1, "art_rooms": 1,
    }
    base.update(kw)
    return SchoolRecord(**base)  # type: ignore[arg-type]


# --- coefficient of variation --------------------------------------------------------------


def test_weighted_cv_reproduces_the_published_vector() -> None:
    enrolment = [45, 37, 89, 76, 55]
    books = [279, 137, 935, 160, 402]
    d = coefficient_of_variation([b / p for b, p in zip(books, enrolment)], enrolment)
    assert d is not None and d.cv is not None
    assert (round(d.mean, 3), round(d.sd, 3), round(d.cv, 3)) == (6.334, 3.264, 0.515)


def test_unweighted_cv_of_the_published_vector_is_0_489() -> None:
    d = coefficient_of_variation([b / p for b, p in zip([279, 137, 935, 160, 402], [45, 37, 89, 76, 55])])
    assert d is not None and round(d.cv or 0, 3) == 0.489


def test_cv_is_undefined_without_values_or_with_zero_mean() -> None:
    assert coefficient_of_variation([]) is None
    d = coefficient_of_variation([0.0, 0.0], [10, 20])
    assert d is not None and d.cv is None


def test_county_cv_per_stage_is_judged_against_its_limit() -> None:
    schools = [school(school_id="a"), school(school_id="b", sports_area=7500, enrolment=500)]
    result = assess_resources(schools, STANDARDS)
    sports = next(c for c in result.cvs if c.key == "sports_area")
    assert sports.limit == 0.50 and sports.dispersion is not None
    assert round(sports.dispersion.cv or 0, 3) == 0.333 and sports.met


# --- the 7 indicators and the pass rule ----------------------------------------------------------


def test_a_school_meeting_every_standard_passes() -> None:
    result = assess_resources([school()], STANDARDS)
    assert [s.met_count for s in result.schools] == [7] and result.schools[0].passed


def test_six_met_and_the_seventh_at_85_percent_passes() -> None:
    result = assess_resources([school(sports_area=7.5 * 500 * 0.86)], STANDARDS)
    assert result.schools[0].met_count == 6 and result.schools[0].passed


def test_six_met_and_the_seventh_below_85_percent_fails() -> None:
    result = assess_resources([school(sports_area=7.5 * 500 * 0.84)], STANDARDS)
    assert not result.schools[0].passed


def test_two_indicators_unmet_fail_even_above_85_percent() -> None:
    result = assess_resources([school(sports_area=3600, teaching_area=2200)], STANDARDS)
    assert result.schools[0].met_count == 5 and not result.schools[0].passed


def test_qualified_teachers_count_the_stage_bar_and_above() -> None:
    record = school(teachers_by_qualification={"硕士": 1, "本科": 10, "大专": 5, "中专": 4})
    assert qualified_teachers(record, "专科") == 16 and qualified_teachers(record, "本科") == 11


@pytest.mark.parametrize(("changes", "key", "gap", "unit"), [
    ({"teachers_by_qualification": {"专科": 18}}, "qualified_teachers", 3, "名教师"),  # ceil(4.2×5 − 18)
    ({"backbone_teachers": 2}, "backbone_teachers", 3, "名骨干教师"),
    ({"teaching_area": 2000}, "teaching_area", 250, "平方米"),
    ({"equipment_value": 80}, "equipment_value", 200_000, "元"),
    ({"multimedia_classrooms": 9}, "multimedia_classrooms", 3, "间"),  # ceil(2.3×5 − 9) = ceil(2.5)
])
def test_gap_is_given_in_the_indicator_own_unit(changes: dict[str, object], key: str, gap: float,
                                                unit: str) -> None:
    item = next(i for i in assess_resources([school(**changes)], STANDARDS).schools[0].items if key in i.key)
    assert (item.met, item.gap, item.gap_unit) == (False, gap, unit)
    assert "还需" in item.message


def test_a_float_product_does_not_ask_for_an_extra_teacher() -> None:
    # 4.2 × 500 / 100 is 21.000000000000004 in floating point; 21 teachers meet it.
    item = assess_resources([school(teachers_by_qualification={"专科": 21})], STANDARDS).schools[0].items[0]
    assert item.met and item.gap == 0


def test_missing_figure_counts_as_unmet_and_leaves_the_cv() -> None:
    result = assess_resources([school(extra={"sports_area": None}), school(school_id="b")], STANDARDS)
    item = next(i for i in result.schools[0].items if "sports_area" in i.key)
    assert item.met is False and item.value is None and "缺少数据" in item.message
    cv = next(c for c in result.cvs if c.key == "sports_area")
    assert cv.dispersion is not None and cv.dispersion.count == 1


# --- exclusions and sections -----------------------------------------------------------------


@pytest.mark.parametrize(("record", "reason"), [
    (school(stage="教学点", enrolment=49), "不足50人的教学点"),
    (school(stage="特殊教育", enrolment=80), "特殊教育不参与"),
    (school(enrolment=0), "无在校生"),
    (school(stage="九年一贯制"), "缺少小学部在校生数"),
])
def test_excluded_schools_say_why(record: SchoolRecord, reason: str) -> None:
    sections, excluded = school_sections(record, STANDARDS)
    assert not sections and reason in excluded[0].reason


def test_a_teaching_point_of_50_is_assessed_as_a_primary_school() -> None:
    sections, _ = school_sections(school(stage="教学点", enrolment=50), STANDARDS)
    assert [s.section for s in sections] == ["小学"]


def test_a_nine_year_school_is_split_with_own_figures_and_apportioned_rest() -> None:
    record = school(stage="九年一贯制", enrolment=1000, sports_area=9000,
                    extra={"小学.enrolment": 600, "初中.enrolment": 400, "初中.sports_area": 4080,
                           "初中.equipment_value": 50})
    sections, excluded = school_sections(record, STANDARDS)
    assert not excluded and [s.section for s in sections] == ["小学", "初中"]
    primary, junior = sections
    assert primary.figures[4] == pytest.approx(5400) and "sports_area" in primary.apportioned
    assert junior.figures[4] == 4080 and "sports_area" not in junior.apportioned
    assert junior.figures[5] == 500_000  # 万元, like SchoolRecord.equipment_value, held in 元
    assert junior.label == "实验小学（初中）"


def test_a_complete_secondary_school_is_assessed_only_as_its_junior_section() -> None:
    record = school(stage="完全中学", enrolment=1500, extra={"初中.enrolment": 900, "高中.enrolment": 600})
    assert [s.section for s in school_sections(record, STANDARDS)[0]] == ["初中"]


# --- 政府保障 and 教育质量 --------------------------------------------------------------------------


def guarantee(record: SchoolRecord, figures: CountyFigures | None = None) -> dict[str, object]:
    """The guarantee items by key."""
    return {i.key: i for i in assess_guarantee([record], figures or CountyFigures(), STANDARDS)}


def test_oversized_classes_fail_with_their_count() -> None:
    item = guarantee(school(class_sizes=[42] * 10 + [48, 52]))["balance.gov.class_size.primary"]
    assert item.met is False and item.gap == 2 and item.gap_unit == "个班"  # type: ignore[attr-defined]


def test_school_size_over_the_limit_gives_the_excess_pupils() -> None:
    item = guarantee(school(enrolment=2300))["balance.gov.school_size.primary"]
    assert item.met is False and item.gap == 300  # type: ignore[attr-defined]


def test_music_and_art_rooms_are_required_per_12_classes() -> None:
    items = guarantee(school(classes=25, music_rooms=3, art_rooms=1))
    assert items["balance.gov.classes_per_special_room.music"].met  # type: ignore[attr-defined]
    art = items["balance.gov.classes_per_special_room.art"]
    assert art.met is False and art.gap == 2  # type: ignore[attr-defined]


def test_teacher_pay_below_civil_servants_gives_the_yearly_gap_in_yuan() -> None:
    items = guarantee(school(), CountyFigures(teacher_pay=92_000, civil_servant_pay=100_000, teachers=1000))
    pay = items["balance.gov.teacher_pay_ratio"]
    assert pay.met is False and pay.gap == 8000 and "共8,000,000元" in pay.message  # type: ignore[attr-defined]


def test_rotation_needs_10_percent_and_a_fifth_of_backbone_teachers() -> None:
    items = guarantee(school(), CountyFigures(rotation_eligible=500, rotated=40, backbone_rotated=9))
    assert items["balance.gov.rotation_share"].gap == 10  # type: ignore[attr-defined]
    backbone = items["balance.gov.rotation_backbone_share"]
    assert backbone.met is False and backbone.gap == 1  # type: ignore[attr-defined] # 20 % of 50 required


def test_certification_is_summed_from_the_school_records() -> None:
    item = guarantee(school(certified_teachers=28))["balance.gov.certified_share"]
    assert item.met is False and item.gap == 2  # type: ignore[attr-defined]


def test_unreported_county_figures_are_undecided_not_failed() -> None:
    items = guarantee(school())
    assert items["balance.gov.migrant_public_share"].met is None  # type: ignore[attr-defined]


def test_quality_items_give_gaps_in_pupils_when_counts_are_known() -> None:
    items = assess_quality(CountyFigures(cohort_entrants=1000, cohort_graduates=930, disabled_enrolment_rate=96),
                           STANDARDS, region="南川区")
    consolidation, disabled = items[0], items[1]
    assert consolidation.met is False and consolidation.gap == 20 and consolidation.gap_unit == "名学生"
    assert disabled.met is True


# --- the standards set ---------------------------------------------------------------------------


def test_every_threshold_used_here_has_a_source_confidence() -> None:
    assert {s.confidence for s in STANDARDS.items.values()} <= {"read", "secondary", "unconfirmed"}
    assert STANDARDS.item("balance.cv.junior").mark == "✅"


def test_an_override_changes_a_value_and_records_its_lineage() -> None:
    henan = {"id": "henan", "version": "2023", "extends": "national",
             "items": {"preschool.gross_enrolment_rate": {"value": 90, "source": "河南省实施办法",
                                                          "confidence": "read"}}}
    merged = load_standards(extra=[henan])
    assert merged.number("preschool.gross_enrolment_rate") == 90
    assert merged.item("preschool.gross_enrolment_rate").name == "学前三年毛入园率"  # kept from the base
    assert merged.label == "national@2024.2 + henan@2023"
    assert STANDARDS.number("preschool.gross_enrolment_rate") == 85  # the base is untouched


def test_an_override_value_without_source_does_not_keep_the_base_citation() -> None:
    merged = merge_standards(STANDARDS, {"id": "x", "version": "1", "items": {"balance.cv.primary": {"value": 0.4}}})
    item = merged.item("balance.cv.primary")
    assert item.confidence == "unconfirmed" and "x" in (item.source or "")


def test_an_override_of_an_unknown_key_is_refused() -> None:
    with pytest.raises(InputError, match="不存在"):
        merge_standards(STANDARDS, {"id": "x", "version": "1", "items": {"balance.cv.primery": {"value": 1}}})


def test_the_bundled_chongqing_override_applies_cleanly() -> None:
    assert "chongqing" in bundled_standard_ids()
    assert load_standards("chongqing").label == "national@2024.2 + chongqing@2024.1"


def test_every_standard_and_public_function_is_documented() -> None:
    from pathlib import Path

    doc = (Path(__file__).resolve().parents[2] / "docs" / "inspections.md").read_text(encoding="utf-8")
    missing = [k for k in STANDARDS.items if f"`{k}`" not in doc]
    assert not missing, f"docs/inspections.md 未说明标准条目：{missing}"
    for name in ("assess_resources", "assess_guarantee", "assess_quality", "assess_resources_bulk",
                 "assess_preschool", "class_sizes_by_stage", "place_balance", "merge_standards"):
        assert name in doc, name
