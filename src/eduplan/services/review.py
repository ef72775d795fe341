"""Reviewing an extracted plan before it is stored: each item beside its source lines, the
planner's corrections of a target (operator, value, unit, year), and items left out.

Pure functions on a `Plan` and the document's numbered lines; the web keeps both with the
pending upload and stores the reviewed plan with `services.plans.import_plan`.
"""

from __future__ import annotations

import copy
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from eduplan.core.errors import InputError, Location, NotFoundError
from eduplan.core.numbers import parse_number, value_text
from eduplan.core.plan import Op, Plan, Target

ItemKind = Literal["indicators", "targets", "tasks", "projects", "findings"]
#: The lists of a plan a reviewer may leave out, and their Chinese nouns.
ITEM_KINDS: dict[str, str] = {"indicators": "指标", "targets": "文中目标", "tasks": "任务", "projects": "项目",
                              "findings": "问题"}
#: The lists whose target a reviewer may correct.
CORRECTABLE = ("indicators", "targets")
CONTEXT_RADIUS = 2
MIN_YEAR, MAX_YEAR = 2000, 2100
MAX_UNIT = 20
MAX_VALUE = 1e15  # larger than any figure a plan states
#: Operators as a planner writes them → the plan's operator.
OP_WORDS: dict[str, Op] = {
    "=": Op.EQ, "==": Op.EQ, "＝": Op.EQ, "达到": Op.EQ,
    ">=": Op.GE, "≥": Op.GE, "＞＝": Op.GE, "不低于": Op.GE, "以上": Op.GE,
    ">": Op.GT, "＞": Op.GT, "高于": Op.GT,
    "<=": Op.LE, "≤": Op.LE, "＜＝": Op.LE, "不高于": Op.LE, "以下": Op.LE,
    "<": Op.LT, "＜": Op.LT, "低于": Op.LT,
    "range": Op.RANGE, "区间": Op.RANGE, "–": Op.RANGE, "-": Op.RANGE,
}


@dataclass(frozen=True)
class ContextLine:
    """One line of the source text beside an item; `hit` marks the line the item came from."""

    number: int
    text: str
    hit: bool


#: How far above its line an item's name may stand and still be shown with it.
NAME_REACH = 12


def source_context(lines: Sequence[str], line: int | None, radius: int = CONTEXT_RADIUS, *,
                   name: str | None = None) -> list[ContextLine]:
    """The item's line (1-based) and `radius` lines either side; empty when the line is unknown.

    An indicator's line is its target cell's: in a layout of one cell per line its `name` stands
    some lines above, and the context then reaches up to it (within `NAME_REACH` lines)."""
    if line is None or not 1 <= line <= len(lines):
        return []
    first, last = max(1, line - radius), min(len(lines), line + radius)
    if name:
        above = next((n for n in range(line, max(0, line - NAME_REACH - 1), -1) if name in lines[n - 1]), None)
        if above is not None:
            first = min(first, above)
    return [ContextLine(number=n, text=lines[n - 1], hit=n == line) for n in range(first, last + 1)]


@dataclass(frozen=True)
class TargetCorrection:
    """A reviewer's correction of one target; a field left None stays as extracted.

    `value` and `value_max` are text as typed (Arabic or Chinese numerals, full-width digits);
    `unit` "" clears the unit; `year` is text or a number."""

    op: str | None = None
    value: str | float | None = None
    value_max: str | float | None = None
    unit: str | None = None
    year: str | int | None = None

    def is_empty(self) -> bool:
        """Whether the correction changes nothing."""
        return all(v is None for v in (self.op, self.value, self.value_max, self.unit, self.year))


def item_at(plan: Plan, kind: str, index: int) -> Any:
    """The `index`-th (0-based) item of the plan's list `kind`, or a Chinese not-found error."""
    if kind not in ITEM_KINDS:
        raise NotFoundError(f"核对页没有“{kind}”这类条目（可选：{'、'.join(ITEM_KINDS)}）")
    items = getattr(plan, kind)
    if not 0 <= index < len(items):
        raise NotFoundError(f"提取结果中没有第 {index + 1} 项{ITEM_KINDS[kind]}（共 {len(items)} 项）")
    return items[index]


def correct_target(plan: Plan, kind: str, index: int, correction: TargetCorrection) -> list[str]:
    """Apply a correction to an indicator's target or a prose target, in place; the Chinese lines
    saying what changed. Every field is checked first: a bad one raises `InputError` located at
    the item's source line and the field, and nothing is changed."""
    if kind not in CORRECTABLE:
        raise InputError(f"只能更正指标和文中目标的目标值，{ITEM_KINDS.get(kind, kind)}不能更正",
                         location=Location(field=kind))
    item = item_at(plan, kind, index)
    where = f"{kind}[{index}]"
    line = item.source.line

    def bad(field: str, message: str) -> InputError:
        return InputError(message, location=Location(file=plan.source_file, line=line, field=f"{where}.{field}"))

    target = item.target if kind == "indicators" else item
    if target is None and correction.op is None and correction.value is None and correction.value_max is None:
        if correction.unit is None:  # a year alone makes no target
            raise bad("op", "该指标尚无目标：请选择目标运算符（≥、≤、= 等）并填写目标值")
        before_unit, item.unit = item.unit, _unit(correction.unit, bad)
        if before_unit == item.unit:
            return []
        return [f"{ITEM_KINDS[kind]}“{item.name}”：单位 {value_text(before_unit)} → {value_text(item.unit)}"]
    old_op = target.op if target is not None else None
    op = old_op if correction.op is None else _op(correction.op, bad)
    value = (target.value if target is not None else None) if correction.value is None \
        else _number(correction.value, "value", "目标值", bad)
    value_max = (target.value_max if target is not None else None) if correction.value_max is None \
        else _number(correction.value_max, "value_max", "目标上限", bad, optional=True)
    year = (target.year if target is not None else plan.end_year) if correction.year is None \
        else _year(correction.year, bad)
    unit = item.unit if correction.unit is None else _unit(correction.unit, bad)
    if op is None:
        raise bad("op", "该指标尚无目标：请选择目标运算符（≥、≤、= 等）")
    if value is None:
        raise bad("value", "目标值不能为空：请填写数字，如 95")
    if op is Op.RANGE:
        if value_max is None:
            raise bad("value_max", "区间目标需要填写上限")
        if value_max < value:
            raise bad("value_max", f"区间上限 {value_max:g} 小于下限 {value:g}")
    else:
        value_max = None
    if unit and unit.strip() in ("%", "％") and not 0 <= value <= 100:
        raise bad("value", f"单位为 % 的目标值应在 0 到 100 之间，填写的是 {value:g}")
    if kind == "indicators" and year is not None:
        old_year = target.year if target is not None else None
        baselines = sorted(int(y) for y in item.values if y.isdigit() and int(y) != old_year)
        if baselines and year <= baselines[0]:
            raise bad("year", f"目标年份 {year} 不晚于该指标的基期 {baselines[0]} 年：目标年份应在基期之后")
    before = _described(item, kind)
    if kind == "indicators":
        old_year = target.year if target is not None else None
        item.target = Target(op=op, value=value, value_max=value_max, year=year, raw=None)
        _move_target_cell(item, old_year, item.target)
    else:
        item.op, item.value, item.value_max, item.year = op, value, value_max, year
    item.unit = unit
    after = _described(item, kind)
    noun = ITEM_KINDS[kind]
    name = item.name if kind == "indicators" else item.subject
    return [f"{noun}“{name}”：{label} {before[label]} → {after[label]}" for label in before if before[label] != after[label]]


_PRINTED_OPS = {Op.EQ: "", Op.GE: "≥", Op.GT: ">", Op.LE: "≤", Op.LT: "<"}


def _move_target_cell(indicator: Any, old_year: int | None, target: Target) -> None:
    """The indicator's year column of its target follows the corrected target: the old target
    year's cell goes (a target cell, not a baseline) and the new year's holds the corrected value."""
    if old_year is not None and old_year != target.year:
        indicator.values.pop(str(old_year), None)
        indicator.raw_values.pop(str(old_year), None)
    if target.year is None:
        return
    key = str(target.year)
    indicator.values[key] = target.value
    printed = f"{value_text(target.value)}–{value_text(target.value_max)}" if target.op is Op.RANGE \
        else f"{_PRINTED_OPS[target.op]}{value_text(target.value)}"
    indicator.raw_values[key] = printed


def excluded_items(plan: Plan, excluded: Mapping[str, Sequence[int]]) -> dict[str, set[int]]:
    """The positions left out, per list; a task left out takes its sub-tasks with it."""
    out = {kind: {i for i in excluded.get(kind, ()) if 0 <= i < len(getattr(plan, kind))} for kind in ITEM_KINDS}
    dropped = {plan.tasks[i].id for i in out["tasks"]}
    changed = True
    while changed:
        changed = False
        for n, t in enumerate(plan.tasks):
            if n not in out["tasks"] and t.parent in dropped:
                out["tasks"].add(n)
                dropped.add(t.id)
                changed = True
    return out


def without_excluded(plan: Plan, excluded: Mapping[str, Sequence[int]]) -> Plan:
    """A copy of the plan without the items left out (the plan itself is not changed)."""
    drop = excluded_items(plan, excluded)
    kept = copy.deepcopy(plan)
    for kind, positions in drop.items():
        setattr(kept, kind, [x for n, x in enumerate(getattr(kept, kind)) if n not in positions])
    return kept


def _described(item: Any, kind: str) -> dict[str, str]:
    t = item.target if kind == "indicators" else item
    op = t.op.value if t is not None else None
    return {"运算符": value_text(op), "目标值": value_text(t.value if t else None),
            "目标上限": value_text(t.value_max if t else None), "单位": value_text(item.unit),
            "年份": value_text(t.year if t else None)}


def _op(text: str, bad: Any) -> Op:
    word = text.strip()
    if word in OP_WORDS:
        return OP_WORDS[word]
    raise bad("op", f"目标运算符“{word[:20]}”无法识别：请用 ≥、>、=、≤、< 或 区间")


def _number(value: str | float, field: str, noun: str, bad: Any, *, optional: bool = False) -> float | None:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if not math.isfinite(value) or abs(value) > MAX_VALUE:
            raise bad(field, f"{noun}超出范围：请填写一个有限的数字")
        return float(value)
    text = str(value).strip()
    if not text:
        if optional:
            return None
        raise bad(field, f"{noun}不能为空：请填写数字，如 95")
    parsed = parse_number(text) if len(text) <= 30 else None
    if parsed is None:
        raise bad(field, f"{noun}“{text[:30]}”不是数字：请填写如 95、97.5 或 九十五")
    if not math.isfinite(parsed) or abs(parsed) > MAX_VALUE:
        raise bad(field, f"{noun}“{text[:30]}”超出范围：请填写一个有限的数字")
    return parsed


def _year(value: str | int, bad: Any) -> int:
    text = str(value).strip().removesuffix("年")
    if not text.isdigit() or not MIN_YEAR <= int(text) <= MAX_YEAR:
        raise bad("year", f"目标年份“{str(value)[:20]}”无效：请填写 {MIN_YEAR}—{MAX_YEAR} 之间的四位年份")
    return int(text)


def _unit(text: str, bad: Any) -> str | None:
    unit = text.strip()
    if len(unit) > MAX_UNIT:
        raise bad("unit", f"单位最多 {MAX_UNIT} 个字，填写了 {len(unit)} 个")
    return unit or None
