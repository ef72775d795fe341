"""The review page's items: each extracted item with the fields to check and its source lines."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, cast

from eduplan.core.plan import Finding, Indicator, Plan, Project, ProseTarget, Task
from eduplan.services.review import CORRECTABLE, ITEM_KINDS, ItemKind, source_context
from eduplan.web.labels import ATTRIBUTES, SEVERITIES, label, number, target_text
from eduplan.web.schemas.plans import ContextLineOut, ReviewItem


def review_items(plan: Plan, lines: Sequence[str], excluded: Mapping[str, set[int]]) -> list[ReviewItem]:
    """Every indicator, prose target, task, project and finding, in that order, with its context."""
    out: list[ReviewItem] = []
    for kind in ITEM_KINDS:
        for index, item in enumerate(getattr(plan, kind)):
            line = _line(item)
            head, details = _DESCRIBE[kind](item)
            fields = _target_fields(kind, item)
            out.append(ReviewItem(
                kind=cast(ItemKind, kind), index=index, noun=ITEM_KINDS[kind], label=head, details=details, line=line,
                context=[ContextLineOut(number=c.number, text=c.text, hit=c.hit)
                         for c in source_context(lines, line, name=item.name if kind == "indicators" else None)],
                excluded=index in excluded.get(kind, set()), correctable=kind in CORRECTABLE, **fields))
    return out


def _line(item: Any) -> int | None:
    if isinstance(item, Finding) and item.source.line is None and item.lines:
        return item.lines[0]
    line: int | None = item.source.line
    return line


def _target_fields(kind: str, item: Any) -> dict[str, Any]:
    if kind == "indicators":
        t = item.target
        return {"op": t.op.value if t else None, "value": t.value if t else None,
                "value_max": t.value_max if t else None, "unit": item.unit, "year": t.year if t else None}
    if kind == "targets":
        return {"op": item.op.value, "value": item.value, "value_max": item.value_max, "unit": item.unit,
                "year": item.year}
    return {}


def _indicator(i: Indicator) -> tuple[str, list[tuple[str, str]]]:
    values = "；".join(f"{y}年 {i.raw_values.get(y) or number(v)}" for y, v in sorted(i.values.items()))
    target = i.target
    return i.name, [("类别", i.category or "—"), ("单位", i.unit or "—"), ("各年值（基期等）", values or "—"),
                    ("目标", target_text(target) or "—"), ("目标年份", str(target.year) if target and target.year else "—"),
                    ("属性", label(ATTRIBUTES, i.attribute.value if i.attribute else None) or "—")]


def _target(t: ProseTarget) -> tuple[str, list[tuple[str, str]]]:
    shown = target_text({"op": t.op.value, "value": t.value, "value_max": t.value_max})
    return t.subject, [("目标", shown or "—"), ("单位", t.unit or "—"), ("年份", str(t.year) if t.year else "—"),
                       ("原文", t.text or "—")]


def _task(t: Task) -> tuple[str, list[tuple[str, str]]]:
    return t.title, [("编号", t.id), ("牵头单位", "、".join(t.lead_units) or "—"),
                     ("责任单位", "、".join(t.responsible_units) or "—"),
                     ("完成时限", t.deadline.isoformat() if t.deadline else "—")]


def _project(p: Project) -> tuple[str, list[tuple[str, str]]]:
    period = f"{p.period[0]}—{p.period[1]}" if p.period else "—"
    return p.name, [("学段", p.stage or "—"), ("性质", p.nature or "—"), ("建设期", period),
                    ("总投资（万元）", number(p.investment_total) or "—"), ("学位", number(p.places) or "—")]


def _finding(f: Finding) -> tuple[str, list[tuple[str, str]]]:
    return f.message, [("级别", label(SEVERITIES, f.severity)), ("类型", f.kind)]


_DESCRIBE: dict[str, Any] = {"indicators": _indicator, "targets": _target, "tasks": _task, "projects": _project,
                             "findings": _finding}
