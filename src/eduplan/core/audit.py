"""The plan's own health check: findings from its indicators, targets and projects.

Rules (each finding names the lines involved):

- Sub-rows. Rows under a parent indicator (Indicator.parent) in an additive unit (counts,
  money, areas — never rates, years or ratios) are parts of it. “其中” rows are parts but
  not necessarily all of them, so only these are reported: a sub-row larger than its
  parent (``subrow_exceeds_parent``); sub-rows whose sum exceeds the parent, which no set
  of disjoint parts can do; and, when no sub-row is introduced by 其中/含/包括 (a declared
  complete split), sub-rows whose sum differs from the parent (``subrows_sum_mismatch``).
  Differences within the rounding of the printed values (half a unit of the last printed
  digit of the parent and of each part) are ignored; only year columns are compared.
- Direction. A target on the wrong side of its baseline for the indicator's direction
  (an “up” indicator planned to fall, a “down” one planned to rise) is
  ``target_wrong_direction``; indicators without a direction, or “hold”, are skipped.
- Consistency. A prose target matched to a table row (same catalog id, else the same
  normalised name) for the same year, with a different value or an opposite operator
  (≥/> against ≤/<; a bare “=” is compatible with both), is ``target_inconsistent``.
"""

from __future__ import annotations

from collections import defaultdict

from eduplan.core.catalog import normalize_indicator_name, units_compatible
from eduplan.core.findings import (
    SUBROW_EXCEEDS_PARENT,
    SUBROWS_SUM_MISMATCH,
    TARGET_INCONSISTENT,
    TARGET_WRONG_DIRECTION,
    format_number,
)
from eduplan.core.plan import Direction, Finding, Indicator, Op, Plan, ProseTarget, Target

_NON_ADDITIVE_UNITS = ("%", "‰", "年", "岁", ":", "：", "比", "率", "次/", "/")
_PART_MARKS = ("其中", "含", "包括")


def _additive(unit: str | None) -> bool:
    return not unit or not any(mark in unit for mark in _NON_ADDITIVE_UNITS)


def _decimals(ind: Indicator, year: str) -> int:
    raw = ind.raw_values.get(year)
    text = raw if raw else repr(ind.values.get(year))
    return len(text.split(".")[1]) if "." in text and text.split(".")[1].isdigit() else 0


def _families(plan: Plan) -> list[tuple[Indicator, list[Indicator]]]:
    """Each parent with its sub-rows; a sub-row belongs to the nearest row above it of that name."""
    last: dict[tuple[str | None, str], Indicator] = {}
    kids: dict[int, list[Indicator]] = defaultdict(list)
    for ind in plan.indicators:
        parent = last.get((ind.table, ind.parent)) if ind.parent else None
        if parent is not None:
            kids[id(parent)].append(ind)
        last[(ind.table, ind.name)] = ind
    return [(ind, kids[id(ind)]) for ind in plan.indicators if kids.get(id(ind))]


def _line(ind: Indicator) -> int | None:
    return ind.source.line


def _check_subrows(parent: Indicator, kids: list[Indicator]) -> list[Finding]:
    kids = [k for k in kids if k.unit in (None, "", parent.unit) and _additive(k.unit)]
    if not kids or not _additive(parent.unit):
        return []
    complete = not any(k.name.startswith(_PART_MARKS) for k in kids)
    findings = []
    for year, total in parent.values.items():
        if total is None or not year.isdigit():
            continue  # a change or ratio column is not a stock that sub-rows add up to
        values = [(k, k.values.get(year)) for k in kids]
        known = [(k, v) for k, v in values if v is not None]
        for k, v in known:
            if v > total + 0.5 * 10 ** -max(_decimals(k, year), _decimals(parent, year)):
                findings.append(SUBROW_EXCEEDS_PARENT.make(
                    line=_line(k), lines=[n for n in (_line(parent),) if n], child=k.name, year=year,
                    child_value=v, parent=parent.name, parent_value=total))
        if len(known) < 2 or len(known) < len(values):
            continue
        digits = max(_decimals(x, year) for x in (parent, *kids))
        computed = round(sum(v for _, v in known), digits)
        # every printed value is rounded: the parent and each part may be off by half a unit
        tolerance = sum(0.5 * 10 ** -_decimals(x, year) for x in (parent, *kids)) + 1e-9
        if computed > total + tolerance or (complete and abs(computed - total) > tolerance):
            findings.append(SUBROWS_SUM_MISMATCH.make(
                line=_line(parent), lines=[n for k in kids if (n := _line(k))], parent=parent.name, year=year,
                parent_value=total, children="、".join(f"“{k.name}”" for k in kids), computed=computed,
                diff=round(abs(computed - total), digits)))
    return findings


def _target_bounds(ind: Indicator, year: int) -> tuple[float, float, str] | None:
    t = ind.target
    if t is not None and t.value is not None and (t.year in (None, year)):
        hi = t.value_max if t.op is Op.RANGE and t.value_max is not None else t.value
        return t.value, hi, t.raw or f"{t.op.value}{format_number(t.value)}"
    value = ind.values.get(str(year))
    return (value, value, format_number(value)) if value is not None else None


def _check_direction(ind: Indicator, plan: Plan) -> list[Finding]:
    if ind.direction not in (Direction.UP, Direction.DOWN):
        return []
    year = (ind.target.year if ind.target and ind.target.year else None) or plan.end_year
    if year is None:
        return []
    bounds = _target_bounds(ind, year)
    base_years = sorted(int(y) for y, v in ind.values.items() if y.isdigit() and int(y) < year and v is not None)
    if bounds is None or not base_years:
        return []
    preferred = plan.period[0] - 1 if plan.period else None
    base_year = preferred if preferred in base_years else base_years[-1]
    base = ind.values[str(base_year)]
    assert base is not None
    lo, hi, shown = bounds
    wrong = hi < base if ind.direction is Direction.UP else lo > base
    if not wrong:
        return []
    return [TARGET_WRONG_DIRECTION.make(
        line=_line(ind), name=ind.name, expected="逐步提高" if ind.direction is Direction.UP else "逐步降低",
        target_year=year, target=shown, relation="低于" if ind.direction is Direction.UP else "高于",
        base_year=base_year, base=base)]


def _ops_conflict(a: Op, b: Op) -> bool:
    up, down = {Op.GE, Op.GT}, {Op.LE, Op.LT}
    return (a in up and b in down) or (a in down and b in up)


def _matches(t: ProseTarget, ind: Indicator) -> bool:
    if t.catalog_id and ind.catalog_id:
        return t.catalog_id == ind.catalog_id
    return normalize_indicator_name(t.subject) == normalize_indicator_name(ind.name)


def _differs(t: ProseTarget, target: Target) -> bool:
    if t.value is None or target.value is None:
        return False
    if abs(t.value - target.value) > 1e-9 or _ops_conflict(t.op, target.op):
        return True
    if Op.RANGE in (t.op, target.op) and t.op is target.op:
        return abs((t.value_max or 0) - (target.value_max or 0)) > 1e-9
    return False


def _check_consistency(plan: Plan) -> list[Finding]:
    findings = []
    for t in plan.targets:
        for ind in plan.indicators:
            target = ind.target
            if target is None or not _matches(t, ind):
                continue
            if (t.year or plan.end_year) != (target.year or plan.end_year):
                continue
            if t.unit and ind.unit and t.unit != ind.unit and not (
                    units_compatible(t.unit, ind.unit) and "%" in t.unit + ind.unit):
                continue
            if _differs(t, target):
                findings.append(TARGET_INCONSISTENT.make(
                    line=t.source.line, lines=[n for n in (_line(ind),) if n], name=ind.name,
                    table_target=target.raw or f"{target.op.value}{format_number(target.value)}",
                    table_line=_line(ind) or "?", prose_target=t.text or f"{t.op.value}{format_number(t.value)}",
                    prose_line=t.source.line or "?"))
    return findings


def audit_plan(plan: Plan) -> list[Finding]:
    """Findings about the plan's internal consistency."""
    findings: list[Finding] = []
    for parent, kids in _families(plan):
        findings.extend(_check_subrows(parent, kids))
    for ind in plan.indicators:
        findings.extend(_check_direction(ind, plan))
    findings.extend(_check_consistency(plan))
    return findings
