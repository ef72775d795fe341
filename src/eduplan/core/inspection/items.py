"""An inspection item judged for a school section or a region, and the generic ways of judging
one: a rate or a limit against its standard, with the gap in whole units (teachers, pupils, 元).

Shared by the 优质均衡 resource indicators (`inspection`), the 政府保障 and 教育质量 items
(`guarantee`) and 普及普惠 (`preschool`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from eduplan.core.inspection.standards import StandardsSet
from eduplan.core.plan import SchoolRecord

ASSESSED_SECTIONS = ("小学", "初中")


@dataclass(frozen=True)
class ItemResult:
    """One inspection item judged for one subject (a school section or a region)."""

    key: str
    name: str
    subject: str
    value: float | None
    standard: float | None
    op: str | None
    unit: str | None
    met: bool | None  # None: the figures cannot decide (missing data or no standard set)
    gap: float = 0.0  # what is missing to meet the standard, in `gap_unit`
    gap_unit: str = ""
    message: str = ""
    confidence: str = "unconfirmed"
    within_tolerance: bool | None = None  # resource indicators: reaches 85 % of the standard
    tolerance_gap: float | None = None  # what is missing to reach that floor


def is_teaching_point(record: SchoolRecord) -> bool:
    """Whether the record is a 教学点 (by stage or by `extra["kind"]`)."""
    return record.stage == "教学点" or record.extra.get("kind") == "教学点"


def shortfall(standard: float, enrolment: float, per: int, current: float, whole: bool) -> float:
    """What must be added to `current` so that the value reaches `standard` (0 when it does)."""
    # Rounding to 1e-6 first keeps 4.2 × 500 / 100 = 21.000000000000004 from asking for a 22nd
    # teacher; round-half-even of the scaled float is what np.rint does, so the bulk path agrees.
    missing = round((standard * enrolment / per - current) * 1e6) / 1e6
    if missing <= 0:
        return 0.0
    return float(math.ceil(missing)) if whole else math.ceil(missing * 100) / 100


def number_text(x: float) -> str:
    """A number without a needless decimal part."""
    return f"{x:,.0f}" if x == int(x) else f"{x:,.2f}"


def _compare(value: float, op: str | None, standard: float) -> bool:
    """Whether `value` satisfies `op standard`."""
    return {">=": value >= standard, ">": value > standard, "<=": value <= standard,
            "<": value < standard, "=": value == standard}.get(op or ">=", value >= standard)


def rate_item(
    standards: StandardsSet, key: str, subject: str, *, value: float | None = None,
    numerator: float | None = None, denominator: float | None = None, gap_unit: str = "人",
) -> ItemResult:
    """A percentage item; with numerator and denominator the gap is a count in `gap_unit`,
    otherwise it is in percentage points."""
    std = standards.item(key)
    standard = standards.optional_number(key)
    if numerator is not None and denominator:
        value = numerator * 100 / denominator
    if value is None or standard is None:
        why = "缺少数据" if value is None else "未设定标准，仅报告数值"
        return ItemResult(key, std.name, subject, value, standard, std.op, std.unit, None,
                          message=f"{subject}：{std.name}{why}", confidence=std.confidence)
    met = _compare(value, std.op, standard)
    if numerator is not None and denominator:
        gap = 0.0 if met else shortfall(standard, denominator, 100, numerator, True)
        unit = gap_unit
    else:
        gap, unit = (0.0 if met else round(abs(standard - value), 6)), "个百分点"
    message = "" if met else (f"{subject}：{std.name}为{value:.2f}%，标准{_op_text(std.op)}{standard:g}%，"
                              f"差{number_text(gap)}{unit}")
    return ItemResult(key, std.name, subject, value, standard, std.op, std.unit, met, gap, unit,
                      message, std.confidence)


def _op_text(op: str | None) -> str:
    """The Chinese reading of a comparison operator."""
    return {">=": "不低于", ">": "高于", "<=": "不高于", "<": "低于", "=": "等于"}.get(op or "", "")


def limit_item(
    standards: StandardsSet, key: str, subject: str, value: float | None, *,
    gap: float, gap_unit: str, detail: str = "",
) -> ItemResult:
    """An item with an upper or lower limit whose gap the caller computed."""
    std = standards.item(key)
    standard = standards.number(key)
    if value is None:
        return ItemResult(key, std.name, subject, None, standard, std.op, std.unit, None,
                          message=f"{subject}：{std.name}缺少数据", confidence=std.confidence)
    met = _compare(value, std.op, standard)
    message = "" if met else (f"{subject}：{std.name}{value:g}{std.unit or ''}，标准{_op_text(std.op)}"
                              f"{standard:g}{std.unit or ''}；{detail or f'差{number_text(gap)}{gap_unit}'}")
    return ItemResult(key, std.name, subject, value, standard, std.op, std.unit, met,
                      0.0 if met else gap, gap_unit, message, std.confidence)
