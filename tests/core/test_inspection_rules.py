"""Inspection rules as the published 评估办法 say them (issue 14): one test per correction, each on a
small school or region whose figures are worked out by hand in the comments."""

from __future__ import annotations

from eduplan.core.collection.yearly import FinanceRecord
from eduplan.core.evaluation.funding import check_funding
from eduplan.core.inspection.classsize import class_sizes_by_stage
from eduplan.core.inspection.guarantee import CountyFigures, assess_guarantee
from eduplan.core.inspection.preschool import Kindergarten, PreschoolFigures, assess_preschool
from eduplan.core.plan import SchoolRecord
from eduplan.data.standards_sets import load_standards

STANDARDS = load_standards()


def combined(stage: str, **kw: object) -> SchoolRecord:
    """A combined school; `kw` sets record fields and `extra` the per-section figures."""
    extra = dict(kw.pop("extra", {}))  # type: ignore[call-overload]
    base: dict[str, object] = {"school_id": "c1", "name": "联合学校", "region": "南川区", "year": 2024, "stage": stage}
    return SchoolRecord(**(base | kw), extra=extra)  # type: ignore[arg-type]


def guarantee(record: SchoolRecord) -> dict[tuple[str, str], object]:
    """The school's guarantee items by (key, subject)."""
    return {(i.key, i.subject): i for i in assess_guarantee([record], CountyFigures(), STANDARDS)}


# --- 学校规模 ------------------------------------------------------------------------------------


def test_a_twelve_year_school_size_counts_only_its_compulsory_pupils() -> None:
    # 1200 小学 + 1000 初中 = 2200 义务教育阶段 ≤ 2500; the 700 高中 pupils do not count.
    record = combined("十二年一贯制", enrolment=2900,
                      extra={"小学.enrolment": 1200, "初中.enrolment": 1000, "高中.enrolment": 700})
    item = guarantee(record)[("balance.gov.school_size.twelve_year", "联合学校")]
    assert (item.value, item.met) == (2200, True)  # type: ignore[attr-defined]


def test_a_twelve_year_school_without_section_pupils_cannot_be_sized() -> None:
    item = guarantee(combined("十二年一贯制", enrolment=2900))[("balance.gov.school_size.twelve_year", "联合学校")]
    assert item.met is None and "义务教育阶段" in item.message  # type: ignore[attr-defined]


def test_a_complete_secondary_school_junior_section_gets_the_junior_size_check() -> None:
    # 初中部 2100 > 2000: 100 pupils over; the 高中部 has no size rule.
    record = combined("完全中学", enrolment=3500, extra={"初中.enrolment": 2100, "高中.enrolment": 1400})
    item = guarantee(record)[("balance.gov.school_size.junior", "联合学校（初中）")]
    assert (item.value, item.met, item.gap) == (2100, False, 100)  # type: ignore[attr-defined]


# --- 音乐、美术专用教室 -------------------------------------------------------------------------


def test_complete_secondary_rooms_are_judged_on_junior_classes_with_a_weighted_share() -> None:
    # 13 初中 + 11 高中 classes share 2 rooms; by classes the 初中部 has 2 × 13/24 = 1.08 rooms but
    # needs ⌈13/12⌉ = 2. The school needs ⌈2 × 24/13⌉ = 4 rooms for that share: 2 more.
    # (Counting all 24 classes would ask ⌈24/12⌉ = 2 rooms and pass.)
    record = combined("完全中学", enrolment=1200, classes=24, music_rooms=2, art_rooms=4,
                      extra={"初中.enrolment": 650, "高中.enrolment": 550, "初中.classes": 13, "高中.classes": 11})
    items = guarantee(record)
    music = items[("balance.gov.classes_per_special_room.music", "联合学校（初中）")]
    art = items[("balance.gov.classes_per_special_room.art", "联合学校（初中）")]
    assert (music.met, music.gap, round(music.value, 3)) == (False, 2, 1.083)  # type: ignore[attr-defined]
    assert art.met is True  # type: ignore[attr-defined]  # 4 × 13/24 = 2.17 ≥ 2


def test_rooms_a_section_reports_as_its_own_are_not_shared() -> None:
    # The 初中部 has its own music room for 12 classes; 30 高中 classes do not raise its requirement.
    record = combined("完全中学", enrolment=2000, classes=42, music_rooms=1, art_rooms=1,
                      extra={"初中.enrolment": 600, "初中.classes": 12, "高中.classes": 30,
                             "初中.music_rooms": 1, "初中.art_rooms": 1})
    items = guarantee(record)
    assert items[("balance.gov.classes_per_special_room.music", "联合学校（初中）")].met is True  # type: ignore[attr-defined]


def test_the_shared_room_weights_are_configurable() -> None:
    # Weighted by pupils instead of classes: 初中 900 of 1200 → 2 × 0.75 = 1.5 rooms, still < 2.
    # With 初中 weight 3 per pupil: 2700 / (2700 + 300) × 2 = 1.8; with 4 rooms it reaches 3.6 ≥ 2.
    by_pupils = load_standards(extra=[{"id": "d", "version": "1", "items": {
        "balance.shared.rooms.basis": {"value": "enrolment", "source": "区县约定", "confidence": "read"},
        "balance.shared.weight.junior": {"value": 3, "source": "区县约定", "confidence": "read"}}}])
    record = combined("完全中学", enrolment=1200, classes=24, music_rooms=4, art_rooms=2,
                      extra={"初中.enrolment": 900, "高中.enrolment": 300, "初中.classes": 13, "高中.classes": 11})
    items = {(i.key, i.subject): i for i in assess_guarantee([record], CountyFigures(), by_pupils)}
    music = items[("balance.gov.classes_per_special_room.music", "联合学校（初中）")]
    art = items[("balance.gov.classes_per_special_room.art", "联合学校（初中）")]
    assert round(music.value, 2) == 3.6 and music.met is True
    assert round(art.value, 2) == 1.8 and art.met is False


def test_a_nine_year_school_rooms_are_required_per_section() -> None:
    # 小学 18 classes need 2 rooms, 初中 6 need 1; 3 rooms split by classes: 2.25 and 0.75 → 初中 short.
    record = combined("九年一贯制", enrolment=1100, classes=24, music_rooms=3, art_rooms=4,
                      extra={"小学.enrolment": 800, "初中.enrolment": 300, "小学.classes": 18, "初中.classes": 6})
    items = guarantee(record)
    assert items[("balance.gov.classes_per_special_room.music", "联合学校（小学）")].met is True  # type: ignore[attr-defined]
    junior = items[("balance.gov.classes_per_special_room.music", "联合学校（初中）")]
    assert junior.met is False and junior.gap == 1  # type: ignore[attr-defined]  # ⌈1 × 24/6⌉ − 3


# --- 大班额 --------------------------------------------------------------------------------------


def test_large_class_share_counts_every_class_of_56_and_more() -> None:
    # 56, 65, 66 and 80 are all 大班额 (≥ 56); 66 and 80 are also 超大班额 (≥ 66).
    record = SchoolRecord("p", "小学", "区", 2024, "小学", enrolment=400, classes=8,
                          class_sizes=[40, 45, 50, 55, 56, 65, 66, 80])
    (summary,) = class_sizes_by_stage([record], STANDARDS)
    assert (summary.large, summary.super_large) == (4, 2)
    assert (summary.large_share, summary.super_large_share) == (50.0, 25.0)


# --- 两个只增不减 --------------------------------------------------------------------------------


def _budget_rule(budget: dict[int, float]):  # as an evaluation judges it
    records = [FinanceRecord(region="某区", year=y, budget=v) for y, v in budget.items()]
    return next(r for r in check_funding(records, up_to_year=max(budget)) if r.code == "budget-not-decreasing")


def test_a_missing_year_is_not_a_pass_but_incomplete_with_the_year_named() -> None:
    budget = _budget_rule({2021: 100, 2023: 120})
    assert budget.passed is None
    assert "数据不全" in budget.message and "2022年" in budget.message
    assert [(c.year, c.passed) for c in budget.checks] == [(2022, None), (2023, None)]


def test_a_drop_still_fails_when_another_year_is_missing() -> None:
    budget = _budget_rule({2021: 100, 2022: 90, 2024: 120})
    assert budget.passed is False and "缺2023年数据" in budget.message
    assert [c.year for c in budget.checks if c.passed is False] == [2022]


# --- 普及普惠 ------------------------------------------------------------------------------------


def kindergarten(name: str, ownership: str, children: int, *, design_year: int | None, outdoor: float) -> Kindergarten:
    """A kindergarten with 1 teacher per 15 children, every class within its size, and one reported area."""
    extra: dict[str, float | str | None] = {} if design_year is None else {"design_year": design_year}
    record = SchoolRecord(name, name, "区", 2024, "幼儿园", ownership=ownership, enrolment=children,
                          teachers=children // 15, certified_teachers=children // 15, extra=extra)
    return Kindergarten(record, certified_principals=1, outdoor_area=outdoor)


def preschool_items(kgs: list[Kindergarten], figures: PreschoolFigures | None = None) -> dict[str, object]:
    return {i.key: i for i in assess_preschool(kgs, figures or PreschoolFigures(), STANDARDS).items}


def test_outdoor_space_is_required_of_every_new_and_half_the_older_kindergartens() -> None:
    # 2018 and 2020 designs meet 4 m² (600/150); of the three older ones one meets → 33.3 % < 50 %.
    kgs = [kindergarten("新一", "public", 150, design_year=2018, outdoor=600),
           kindergarten("新二", "public", 150, design_year=2020, outdoor=640),
           kindergarten("老一", "public", 150, design_year=2008, outdoor=600),
           kindergarten("老二", "public", 150, design_year=2010, outdoor=300),
           kindergarten("老三", "public", 150, design_year=2012, outdoor=450)]
    items = preschool_items(kgs)
    new, old = items["preschool.facilities.outdoor_area.new"], items["preschool.facilities.outdoor_area.old"]
    assert (new.value, new.standard, new.met) == (100.0, 100.0, True)  # type: ignore[attr-defined]
    assert (old.standard, old.met, old.gap) == (50.0, False, 1)  # type: ignore[attr-defined]  # ⌈1.5⌉ − 1
    assert "preschool.facilities_required_share" not in items


def test_one_new_kindergarten_short_of_space_fails_the_area() -> None:
    kgs = [kindergarten("新一", "public", 150, design_year=2017, outdoor=500),
           kindergarten("老一", "public", 150, design_year=2016, outdoor=600)]
    items = preschool_items(kgs)
    assert items["preschool.facilities.outdoor_area.new"].met is False  # type: ignore[attr-defined]
    assert items["preschool.facilities.outdoor_area.old"].met is True  # type: ignore[attr-defined]


def test_a_kindergarten_without_a_design_year_leaves_the_areas_undecided() -> None:
    kgs = [kindergarten("新一", "public", 150, design_year=2019, outdoor=600),
           kindergarten("不详", "public", 150, design_year=None, outdoor=600)]
    item = preschool_items(kgs)["preschool.facilities.design_year"]
    assert item.met is None and "不详" in item.message  # type: ignore[attr-defined]


def test_public_funding_and_the_inclusive_private_subsidy_are_both_required() -> None:
    kgs = [kindergarten("公办一", "public", 150, design_year=2019, outdoor=600),
           kindergarten("普惠一", "普惠", 150, design_year=2019, outdoor=600)]
    items = preschool_items(kgs, PreschoolFigures(public_funding_per_child=600, inclusive_subsidy_per_child=300))
    assert items["preschool.public_funding_per_child"].met is True  # type: ignore[attr-defined]
    subsidy = items["preschool.inclusive_subsidy_per_child"]
    assert (subsidy.met, subsidy.gap) == (False, 200)  # type: ignore[attr-defined]


def test_an_unreported_subsidy_is_undecided_when_inclusive_private_kindergartens_exist() -> None:
    kgs = [kindergarten("公办一", "public", 150, design_year=2019, outdoor=600),
           kindergarten("普惠一", "普惠", 150, design_year=2019, outdoor=600)]
    items = preschool_items(kgs, PreschoolFigures(public_funding_per_child=600))
    assert items["preschool.inclusive_subsidy_per_child"].met is None  # type: ignore[attr-defined]


def test_the_pass_plan_is_asked_for_the_rooms_the_weighted_rule_needs() -> None:
    from eduplan.core.inspection.pass_actions import special_rooms_required

    # As above: 13 初中 + 11 高中 classes need 4 shared rooms so that the 初中部's share reaches 2.
    record = combined("完全中学", enrolment=1200, classes=24, music_rooms=2, art_rooms=4,
                      extra={"初中.enrolment": 650, "高中.enrolment": 550, "初中.classes": 13, "高中.classes": 11})
    assert special_rooms_required(record, STANDARDS, "music_room") == 4
    assert special_rooms_required(record, STANDARDS, "art_room") == 4
    single = SchoolRecord("s", "小学", "区", 2024, "小学", enrolment=600, classes=25, music_rooms=1)
    assert special_rooms_required(single, STANDARDS, "music_room") == 3  # ⌈25/12⌉
