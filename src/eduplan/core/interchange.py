"""The plan interchange format of DESIGN.md: core objects ⇄ plain JSON-ready dicts.

`plan_to_dict` and `plan_from_dict` are inverse: for every valid plan `p`,
`plan_from_dict(plan_to_dict(p)) == p`. Validation errors name the field path in Chinese.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any, TypeVar

from eduplan.core.fields import FieldReader
from eduplan.core.plan import (
    TASK_KINDS,
    Attribute,
    Direction,
    Finding,
    Indicator,
    Op,
    Plan,
    Programme,
    Project,
    ProseTarget,
    ResponsibleUnit,
    Source,
    Target,
    Task,
    task_kind,
)

FORMAT_VERSION = 1

T = TypeVar("T")


# ---------------------------------------------------------------- to dict


def _source(s: Source) -> dict[str, Any]:
    d: dict[str, Any] = {"line": s.line}
    if s.file:
        d["file"] = s.file
    return d


def _target(t: Target | None) -> dict[str, Any] | None:
    if t is None:
        return None
    return {"year": t.year, "op": str(t.op), "value": t.value, "value_max": t.value_max, "raw": t.raw}


def _indicator(i: Indicator) -> dict[str, Any]:
    return {
        "category": i.category,
        "name": i.name,
        "unit": i.unit,
        "parent": i.parent,
        "values": dict(i.values),
        "raw_values": dict(i.raw_values),
        "target": _target(i.target),
        "attribute": str(i.attribute) if i.attribute else None,
        "table": i.table,
        "catalog_id": i.catalog_id,
        "direction": str(i.direction) if i.direction else None,
        "source": _source(i.source),
        # a row of a table of past results (主要成就): written only for those, so that a
        # reader can keep them apart from the targets; derived again when read
        **({"kind": "achievement"} if i.kind == "achievement" else {}),
    }


def _prose_target(t: ProseTarget) -> dict[str, Any]:
    return {
        "subject": t.subject,
        "op": str(t.op),
        "value": t.value,
        "value_max": t.value_max,
        "unit": t.unit,
        "year": t.year,
        "text": t.text,
        "programme": t.programme,
        "catalog_id": t.catalog_id,
        "source": _source(t.source),
    }


def _programme(p: Programme) -> dict[str, Any]:
    return {"title": p.title, "number": p.number, "items": list(p.items), "source": _source(p.source)}


def _task(t: Task) -> dict[str, Any]:
    return {
        "id": t.id,
        "title": t.title,
        "section": t.section,
        "parent": t.parent,
        "level": t.level,
        "text": t.text,
        "lead_units": list(t.lead_units),
        "responsible_units": list(t.responsible_units),
        "deadline": t.deadline.isoformat() if t.deadline else None,
        "source": _source(t.source),
        "kind": t.kind,
    }


def _project(p: Project) -> dict[str, Any]:
    return {
        "table": p.table,
        "seq": p.seq,
        "name": p.name,
        "group": p.group,
        "stage": p.stage,
        "nature": p.nature,
        "period": list(p.period) if p.period else None,
        "planned_start": p.planned_start,
        "planned_finish": p.planned_finish,
        "investment_total": p.investment_total,
        "investment_by_year": dict(p.investment_by_year),
        "places": p.places,
        "site_area": p.site_area,
        "floor_area": p.floor_area,
        "status": p.status,
        "columns": dict(p.columns),
        "actual_start": p.actual_start,
        "actual_finish": p.actual_finish,
        "actual_investment_by_year": dict(p.actual_investment_by_year),
        "places_delivered_by_year": dict(p.places_delivered_by_year),
        "source": _source(p.source),
    }


def _finding(f: Finding) -> dict[str, Any]:
    return {
        "kind": f.kind,
        "message": f.message,
        "severity": f.severity,
        "lines": list(f.lines),
        "data": dict(f.data),
        "source": _source(f.source),
    }


def _unit(u: ResponsibleUnit) -> dict[str, Any]:
    return {"name": u.name, "aliases": list(u.aliases), "kind": u.kind}


def plan_to_dict(plan: Plan) -> dict[str, Any]:
    """The plan in the interchange format (JSON-ready)."""
    return {
        "format": FORMAT_VERSION,
        "plan": {
            "region": plan.region,
            "region_code": plan.region_code,
            "region_level": plan.region_level,
            "title": plan.title,
            "doc_number": plan.doc_number,
            "issuer": plan.issuer,
            "issued_on": plan.issued_on.isoformat() if plan.issued_on else None,
            "period": list(plan.period) if plan.period else None,
            "vision_year": plan.vision_year,
            "kind": plan.kind,
            "source_file": plan.source_file,
            "source_sha256": plan.source_sha256,
        },
        "indicators": [_indicator(i) for i in plan.indicators],
        "targets": [_prose_target(t) for t in plan.targets],
        "programmes": [_programme(p) for p in plan.programmes],
        "tasks": [_task(t) for t in plan.tasks],
        "projects": [_project(p) for p in plan.projects],
        "findings": [_finding(f) for f in plan.findings],
        "responsible_units": [_unit(u) for u in plan.responsible_units],
    }


# ---------------------------------------------------------------- from dict


def _read_target(r: FieldReader, value: Any, path: str) -> Target | None:
    if value is None:
        return None
    d = r.obj(value, path)
    op = r.enum(d, "op", path, Op)
    if op is None:
        raise r.fail(f"{path}.op", "缺少目标运算符")
    return Target(
        op=op,
        value=r.number(d, "value", path),
        value_max=r.number(d, "value_max", path),
        year=r.integer(d, "year", path),
        raw=r.text(d, "raw", path),
    )


def _read_indicator(r: FieldReader, d: Mapping[str, Any], path: str) -> Indicator:
    return Indicator(
        name=r.text(d, "name", path, required=True) or "",
        category=r.text(d, "category", path),
        unit=r.text(d, "unit", path),
        parent=r.text(d, "parent", path),
        values=r.number_map(d, "values", path),
        raw_values=r.text_map(d, "raw_values", path),
        target=_read_target(r, d.get("target"), f"{path}.target"),
        attribute=r.enum(d, "attribute", path, Attribute),
        table=r.text(d, "table", path),
        catalog_id=r.text(d, "catalog_id", path),
        direction=r.enum(d, "direction", path, Direction),
        source=r.source(d, path),
    )


def _read_prose_target(r: FieldReader, d: Mapping[str, Any], path: str) -> ProseTarget:
    op = r.enum(d, "op", path, Op)
    if op is None:
        raise r.fail(f"{path}.op", "缺少目标运算符")
    return ProseTarget(
        subject=r.text(d, "subject", path, required=True) or "",
        op=op,
        value=r.number(d, "value", path),
        value_max=r.number(d, "value_max", path),
        unit=r.text(d, "unit", path),
        year=r.integer(d, "year", path),
        text=r.text(d, "text", path) or "",
        programme=r.text(d, "programme", path),
        catalog_id=r.text(d, "catalog_id", path),
        source=r.source(d, path),
    )


def _read_programme(r: FieldReader, d: Mapping[str, Any], path: str) -> Programme:
    return Programme(
        title=r.text(d, "title", path, required=True) or "",
        number=r.integer(d, "number", path),
        items=r.texts(d, "items", path),
        source=r.source(d, path),
    )


def _read_task(r: FieldReader, d: Mapping[str, Any], path: str) -> Task:
    return Task(
        id=r.text(d, "id", path, required=True) or "",
        title=r.text(d, "title", path, required=True) or "",
        section=r.text(d, "section", path),
        parent=r.text(d, "parent", path),
        level=r.integer(d, "level", path) or 1,
        text=r.text(d, "text", path) or "",
        lead_units=r.texts(d, "lead_units", path),
        responsible_units=r.texts(d, "responsible_units", path),
        deadline=r.date(d, "deadline", path),
        source=r.source(d, path),
        kind=_task_kind_of(r, d, path),
    )


def _task_kind_of(r: FieldReader, d: Mapping[str, Any], path: str) -> str:
    kind = r.text(d, "kind", path)
    if kind is not None and kind not in TASK_KINDS:
        raise r.fail(f"{path}.kind", f"任务类型应为 {' 或 '.join(TASK_KINDS)}，而不是 {kind!r}")
    return kind or ""  # absent: derived from the tree once all tasks are read


def _with_task_kinds(tasks: list[Task]) -> list[Task]:
    """Tasks written before `kind` existed take the kind their place in the tree gives them."""
    parents = {t.parent for t in tasks if t.parent is not None}
    for t in tasks:
        if not t.kind:
            t.kind = task_kind(t, has_children=t.id in parents)
    return tasks


def _read_project(r: FieldReader, d: Mapping[str, Any], path: str) -> Project:
    places = r.integer(d, "places", path)
    delivered = {k: int(v) for k, v in r.number_map(d, "places_delivered_by_year", path).items() if v is not None}
    return Project(
        name=r.text(d, "name", path, required=True) or "",
        table=r.text(d, "table", path),
        seq=r.integer(d, "seq", path),
        group=r.text(d, "group", path),
        stage=r.text(d, "stage", path),
        nature=r.text(d, "nature", path),
        period=r.year_pair(d, "period", path),
        planned_start=r.text(d, "planned_start", path),
        planned_finish=r.text(d, "planned_finish", path),
        investment_total=r.number(d, "investment_total", path),
        investment_by_year={k: v for k, v in r.number_map(d, "investment_by_year", path).items() if v is not None},
        places=places,
        site_area=r.number(d, "site_area", path),
        floor_area=r.number(d, "floor_area", path),
        status=r.text(d, "status", path),
        columns=r.text_map(d, "columns", path),
        actual_start=r.text(d, "actual_start", path),
        actual_finish=r.text(d, "actual_finish", path),
        actual_investment_by_year={
            k: v for k, v in r.number_map(d, "actual_investment_by_year", path).items() if v is not None
        },
        places_delivered_by_year=delivered,
        source=r.source(d, path),
    )


def _read_finding(r: FieldReader, d: Mapping[str, Any], path: str) -> Finding:
    lines = []
    for n, v in enumerate(r.lst(d.get("lines"), f"{path}.lines")):
        if isinstance(v, bool) or not isinstance(v, int):
            raise r.fail(f"{path}.lines[{n}]", f"应为行号（整数），实际为 {v!r}")
        lines.append(v)
    data = d.get("data") or {}
    return Finding(
        kind=r.text(d, "kind", path, required=True) or "",
        message=r.text(d, "message", path, required=True) or "",
        severity=r.text(d, "severity", path) or "warning",
        lines=lines,
        data=dict(r.obj(data, f"{path}.data")),
        source=r.source(d, path),
    )


def _read_unit(r: FieldReader, d: Mapping[str, Any], path: str) -> ResponsibleUnit:
    return ResponsibleUnit(
        name=r.text(d, "name", path, required=True) or "",
        aliases=tuple(r.texts(d, "aliases", path)),
        kind=r.text(d, "kind", path),
    )


def _items(r: FieldReader, data: Mapping[str, Any], key: str, read: Callable[[FieldReader, Mapping[str, Any], str], T]) -> list[T]:
    return [read(r, r.obj(v, f"{key}[{n}]"), f"{key}[{n}]") for n, v in enumerate(r.lst(data.get(key), key))]


def _present(r: FieldReader, meta: Mapping[str, Any], key: str, note: str) -> str:
    """A required key of the plan whose value is "" while extraction could not read it."""
    if key not in meta:
        raise r.fail(f"plan.{key}", f"缺少必填字段（{note}）")
    return r.text(meta, key, "plan") or ""


_REGION_LEVELS = ("province", "prefecture", "county")


def _region_code(r: FieldReader, meta: Mapping[str, Any]) -> tuple[str | None, str | None]:
    """The optional region_code (6 digits, GB/T 2260) and region_level keys of the plan."""
    code = r.text(meta, "region_code", "plan") or None
    if code is not None and not re.fullmatch(r"\d{6}", code):
        raise r.fail("plan.region_code", f"区划代码应为 6 位数字（GB/T 2260），而不是 {code!r}")
    level = r.text(meta, "region_level", "plan") or None
    if level is not None and level not in _REGION_LEVELS:
        raise r.fail("plan.region_level", f"行政区级别应为 {'、'.join(_REGION_LEVELS)} 之一，而不是 {level!r}")
    return code, level


def plan_from_dict(data: Any, *, file: str | None = None) -> Plan:
    """Build a plan from the interchange format, or raise `InputError` naming the bad field."""
    r = FieldReader(file)
    top = r.obj(data, "（根）")
    fmt = top.get("format", FORMAT_VERSION)
    if fmt != FORMAT_VERSION:
        raise r.fail("format", f"不支持的交换格式版本 {fmt!r}（支持 {FORMAT_VERSION}）")
    if "plan" not in top:
        raise r.fail("plan", "缺少规划基本信息（plan）")
    meta = r.obj(top["plan"], "plan")
    period = r.year_pair(meta, "period", "plan")
    region_code, region_level = _region_code(r, meta)
    return Plan(
        region=_present(r, meta, "region", "所属地区未能识别时写空字符串"),
        region_code=region_code,
        region_level=region_level,
        title=_present(r, meta, "title", "标题未能识别时写空字符串"),
        doc_number=r.text(meta, "doc_number", "plan"),
        issuer=r.text(meta, "issuer", "plan"),
        issued_on=r.date(meta, "issued_on", "plan"),
        period=period,
        vision_year=r.integer(meta, "vision_year", "plan"),
        kind=r.text(meta, "kind", "plan") or "规划",
        source_file=r.text(meta, "source_file", "plan"),
        source_sha256=r.text(meta, "source_sha256", "plan"),
        indicators=_items(r, top, "indicators", _read_indicator),
        targets=_items(r, top, "targets", _read_prose_target),
        programmes=_items(r, top, "programmes", _read_programme),
        tasks=_with_task_kinds(_items(r, top, "tasks", _read_task)),
        projects=_items(r, top, "projects", _read_project),
        findings=_items(r, top, "findings", _read_finding),
        responsible_units=_items(r, top, "responsible_units", _read_unit),
    )
