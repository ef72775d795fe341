"""Class sizes: bands, 大班额 / 超大班额 counts and shares, 标准班额达标率 by stage and school."""

from __future__ import annotations

import pytest

from eduplan.core.inspection.classsize import (
    class_size_band,
    class_sizes_by_school,
    class_sizes_by_stage,
    section_class_sizes,
)
from eduplan.core.plan import SchoolRecord
from eduplan.data.standards_sets import load_standards

STANDARDS = load_standards()


def school(stage: str, sizes: list[int], *, classes: int | None = None, **extra: float) -> SchoolRecord:
    """A school with the given class sizes."""
    return SchoolRecord("x", f"{stage}学校", "区", 2024, stage, enrolment=sum(sizes),
                        classes=len(sizes) if classes is None else classes, class_sizes=sizes, extra=dict(extra))


@pytest.mark.parametrize(("size", "band"), [
    (45, "正常"), (46, "偏大"), (55, "偏大"), (56, "大班额"), (65, "大班额"), (66, "超大班额"), (80, "超大班额"),
])
def test_band_boundaries_follow_the_standards(size: int, band: str) -> None:
    assert class_size_band(size, STANDARDS) == band


def test_stage_summary_counts_large_and_super_large_classes_and_shares() -> None:
    records = [school("小学", [40, 45, 50, 58, 70]), school("小学", [44, 66, 60, 30, 46])]
    (summary,) = class_sizes_by_stage(records, STANDARDS)
    # 大班额 are the 4 classes of 56 and more (58, 70, 66, 60); 超大班额 the 2 of them of 66 and more.
    assert (summary.classes, summary.large, summary.super_large) == (10, 4, 2)
    assert summary.large_share == 40.0 and summary.super_large_share == 20.0


def test_standard_rate_uses_45_for_primary_and_50_for_junior() -> None:
    records = [school("小学", [45, 46, 50, 40]), school("初中", [45, 46, 50, 51])]
    rates = {s.stage: s.standard_rate for s in class_sizes_by_stage(records, STANDARDS)}
    assert rates == {"小学": 50.0, "初中": 75.0}


def test_a_nine_year_school_splits_its_classes_by_section_counts() -> None:
    record = school("九年一贯制", [40, 44, 48, 48, 52], **{"小学.classes": 3, "初中.classes": 2})
    assert section_class_sizes(record) == {"小学": [40, 44, 48], "初中": [48, 52]}
    by_school = class_sizes_by_school([record], STANDARDS)
    assert [(s.label, s.within_standard) for s in by_school] == [
        ("九年一贯制学校（小学部）", 2), ("九年一贯制学校（初中部）", 1)]


def test_an_unsplit_combined_school_has_no_standard_rate() -> None:
    (summary,) = class_sizes_by_stage([school("九年一贯制", [40, 70])], STANDARDS)
    assert summary.standard_rate is None and summary.super_large == 1


def test_classes_without_sizes_are_reported_not_guessed() -> None:
    (summary,) = class_sizes_by_school([school("初中", [50, 60], classes=5)], STANDARDS)
    assert (summary.classes, summary.unsized_classes, summary.large_share) == (2, 3, 50.0)


def test_an_empty_group_has_no_shares() -> None:
    (summary,) = class_sizes_by_school([school("小学", [])], STANDARDS)
    assert summary.large_share is None and summary.standard_rate is None
