"""Class sizes (班额): bands, 大班额 / 超大班额 counts and the 标准班额达标率, by stage and school.

Bands come from the standards set (`classsize.band.*`): 正常 ≤ 45, 偏大 46–55, 56–65, ≥ 66.
大班额 are all classes of 56 and more (the 56–65 band and the 66+ band together); 超大班额 are those
of 66 and more, a part of 大班额. Counts and shares follow that: a class of 70 is both. The 标准班额达标率 of a group is the share of its classes no larger than the
stage's standard class size (`classsize.standard.<stage>`: 小学 45, 初中、高中 50).

A combined school (九年一贯制 …) lists its class sizes section by section, in the order of
`SECTIONS[stage]`, and says how many belong to each in `extra["<section>.classes"]`; without
those counts its classes stay under the school's own stage, which has no standard class size.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from eduplan.core.inspection.standards import SECTIONS, StandardsSet, stage_key
from eduplan.core.plan import SchoolRecord

BANDS = ("正常", "偏大", "大班额", "超大班额")


@dataclass(frozen=True)
class ClassSizeSummary:
    """Class-size figures of one group of classes (a stage of a region, or a school's section)."""

    label: str  # the stage, or the school's name and section
    stage: str
    classes: int  # classes with a known size
    unsized_classes: int  # classes counted in `SchoolRecord.classes` but without a size
    bands: dict[str, int]
    standard: float | None
    within_standard: int | None

    @property
    def large(self) -> int:
        """大班额 classes: 56 and more, 超大班额 included."""
        return self.bands["大班额"] + self.bands["超大班额"]

    @property
    def super_large(self) -> int:
        """超大班额 classes (66 and more)."""
        return self.bands["超大班额"]

    @property
    def large_share(self) -> float | None:
        """大班额 classes (56 and more) as a percentage of the sized classes."""
        return _share(self.large, self.classes)

    @property
    def super_large_share(self) -> float | None:
        """超大班额 classes as a percentage of the sized classes."""
        return _share(self.super_large, self.classes)

    @property
    def standard_rate(self) -> float | None:
        """标准班额达标率: classes within the standard size, as a percentage."""
        return None if self.within_standard is None else _share(self.within_standard, self.classes)


def _share(part: int, whole: int) -> float | None:
    """`part` as a percentage of `whole`, None when there is nothing to divide."""
    return part * 100 / whole if whole else None


def class_size_band(size: int, standards: StandardsSet) -> str:
    """The band of a class of `size` pupils: 正常, 偏大, 大班额 or 超大班额."""
    limits = [standards.number(f"classsize.band.{b}") for b in ("normal_max", "elevated_max", "large_max")]
    for band, limit in zip(BANDS, limits, strict=False):
        if size <= limit:
            return band
    return BANDS[-1]


def standard_class_size(stage: str, standards: StandardsSet) -> float | None:
    """The standard class size of a stage, None when the standards set has none for it."""
    return standards.optional_number(f"classsize.standard.{stage_key(stage)}")


def section_class_sizes(record: SchoolRecord) -> dict[str, list[int]]:
    """The school's class sizes by section (a single-stage school has one section)."""
    sections = SECTIONS.get(record.stage)
    stage = "小学" if record.stage == "教学点" else record.stage
    if not sections:
        return {stage: list(record.class_sizes)}
    counts = [record.extra.get(f"{s}.classes") for s in sections]
    if any(not isinstance(c, int | float) for c in counts):
        return {stage: list(record.class_sizes)}
    out: dict[str, list[int]] = {}
    start = 0
    for section, count in zip(sections, counts, strict=True):
        end = start + int(count)  # type: ignore[arg-type]
        out[section] = list(record.class_sizes[start:end])
        start = end
    return out


def summarise_class_sizes(
    sizes: Iterable[int], *, stage: str, label: str, standards: StandardsSet, unsized: int = 0
) -> ClassSizeSummary:
    """Band counts and standard compliance of a list of class sizes."""
    sizes = list(sizes)
    bands = dict.fromkeys(BANDS, 0)
    for size in sizes:
        bands[class_size_band(size, standards)] += 1
    standard = standard_class_size(stage, standards)
    within = None if standard is None else sum(1 for s in sizes if s <= standard)
    return ClassSizeSummary(label=label, stage=stage, classes=len(sizes), unsized_classes=unsized,
                            bands=bands, standard=standard, within_standard=within)


def _unsized(record: SchoolRecord) -> int:
    """Classes the record counts but gives no size for."""
    return max(record.classes - len(record.class_sizes), 0)


def class_sizes_by_school(
    records: Iterable[SchoolRecord], standards: StandardsSet
) -> list[ClassSizeSummary]:
    """One summary per school section, in input order."""
    out: list[ClassSizeSummary] = []
    for record in records:
        split = section_class_sizes(record)
        for i, (section, sizes) in enumerate(split.items()):
            label = record.name if len(split) == 1 else f"{record.name}（{section}部）"
            out.append(summarise_class_sizes(sizes, stage=section, label=label, standards=standards,
                                             unsized=_unsized(record) if i == 0 else 0))
    return out


def class_sizes_by_stage(
    records: Iterable[SchoolRecord], standards: StandardsSet
) -> list[ClassSizeSummary]:
    """One summary per stage over all schools, stages in order of first appearance."""
    sizes: dict[str, list[int]] = {}
    unsized: dict[str, int] = {}
    for record in records:
        split = section_class_sizes(record)
        for i, (section, values) in enumerate(split.items()):
            sizes.setdefault(section, []).extend(values)
            unsized[section] = unsized.get(section, 0) + (_unsized(record) if i == 0 else 0)
    return [summarise_class_sizes(v, stage=s, label=s, standards=standards, unsized=unsized[s])
            for s, v in sizes.items()]
