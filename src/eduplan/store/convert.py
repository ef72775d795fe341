"""Core plan items ⇄ flat field dicts named like the store columns.

A field dict is what `repo` compares, writes into a row and records in audit events;
`item_from_fields(item_to_fields(x)) == x` for every kind.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from eduplan.core.plan import (
    TASK_ACTIONABLE,
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
    natural_text,
)

T = TypeVar("T")
Fields = dict[str, Any]


def _source(s: Source) -> Fields:
    return {"source_line": s.line, "source_file": s.file}


def _source_of(f: Fields) -> Source:
    return Source(line=f["source_line"], file=f["source_file"])


def _period(p: tuple[int, int] | None) -> Fields:
    return {"period_start": p[0] if p else None, "period_end": p[1] if p else None}


def _period_of(f: Fields) -> tuple[int, int] | None:
    if f["period_start"] is None or f["period_end"] is None:
        return None
    return (f["period_start"], f["period_end"])


def plan_fields(p: Plan) -> Fields:
    """The plan's own columns (without region and children)."""
    return {
        "title": p.title, "doc_number": p.doc_number, "issuer": p.issuer, "issued_on": p.issued_on,
        **_period(p.period), "vision_year": p.vision_year, "kind": p.kind,
        "source_file": p.source_file, "source_sha256": p.source_sha256,
    }


def plan_from_fields(region: str, f: Fields, *, region_code: str | None = None,
                     region_level: str | None = None) -> Plan:
    """A plan header (children empty) from its columns (the region's code and level from its row)."""
    return Plan(
        region=region, region_code=region_code, region_level=region_level, title=f["title"], doc_number=f["doc_number"], issuer=f["issuer"],
        issued_on=f["issued_on"], period=_period_of(f), vision_year=f["vision_year"],
        kind=f["kind"], source_file=f["source_file"], source_sha256=f["source_sha256"],
    )


def indicator_fields(i: Indicator) -> Fields:
    """An indicator row's columns; the target cell is flattened into target_* columns."""
    t = i.target
    return {
        "table_name": i.table, "parent": i.parent, "name": i.name, "category": i.category,
        "unit": i.unit, "values": dict(i.values), "raw_values": dict(i.raw_values),
        "target_op": str(t.op) if t else None, "target_value": t.value if t else None,
        "target_value_max": t.value_max if t else None, "target_year": t.year if t else None,
        "target_raw": t.raw if t else None,
        "attribute": str(i.attribute) if i.attribute else None, "catalog_id": i.catalog_id,
        "direction": str(i.direction) if i.direction else None, **_source(i.source),
    }


def indicator_from_fields(f: Fields) -> Indicator:
    """An indicator from its columns."""
    target = None
    if f["target_op"] is not None:
        target = Target(op=Op(f["target_op"]), value=f["target_value"], value_max=f["target_value_max"],
                        year=f["target_year"], raw=f["target_raw"])
    return Indicator(
        name=f["name"], category=f["category"], unit=f["unit"], parent=f["parent"],
        values=dict(f["values"]), raw_values=dict(f["raw_values"]), target=target,
        attribute=Attribute(f["attribute"]) if f["attribute"] else None, table=f["table_name"],
        catalog_id=f["catalog_id"], direction=Direction(f["direction"]) if f["direction"] else None,
        source=_source_of(f),
    )


def prose_target_fields(t: ProseTarget) -> Fields:
    """A prose target's columns."""
    return {
        "subject": t.subject, "op": str(t.op), "value": t.value, "value_max": t.value_max,
        "unit": t.unit, "year": t.year, "text": t.text, "programme": t.programme,
        "catalog_id": t.catalog_id, **_source(t.source),
    }


def prose_target_from_fields(f: Fields) -> ProseTarget:
    """A prose target from its columns."""
    return ProseTarget(
        subject=f["subject"], op=Op(f["op"]), value=f["value"], value_max=f["value_max"],
        unit=f["unit"], year=f["year"], text=f["text"], programme=f["programme"],
        catalog_id=f["catalog_id"], source=_source_of(f),
    )


def programme_fields(p: Programme) -> Fields:
    """A programme's columns."""
    return {"title": p.title, "number": p.number, "items": list(p.items), **_source(p.source)}


def programme_from_fields(f: Fields) -> Programme:
    """A programme from its columns."""
    return Programme(title=f["title"], number=f["number"], items=list(f["items"]), source=_source_of(f))


def task_fields(t: Task) -> Fields:
    """A task's columns plus its lead and responsible units (kept in task_units)."""
    return {
        "key": t.id, "title": t.title, "section": t.section, "parent_key": t.parent,
        "level": t.level, "text": t.text, "deadline": t.deadline,
        "lead_units": list(t.lead_units), "responsible_units": list(t.responsible_units),
        "kind": t.kind, **_source(t.source),
    }


def task_from_fields(f: Fields) -> Task:
    """A task from its columns and units."""
    return Task(
        id=f["key"], title=f["title"], section=f["section"], parent=f["parent_key"], level=f["level"],
        text=f["text"], lead_units=list(f["lead_units"]), responsible_units=list(f["responsible_units"]),
        deadline=f["deadline"], source=_source_of(f), kind=f["kind"] or TASK_ACTIONABLE,
    )


def project_fields(p: Project) -> Fields:
    """A project's columns; yearly figures stay JSON maps."""
    return {
        "table_name": p.table, "seq": p.seq, "name": p.name, "group_name": p.group, "stage": p.stage,
        "nature": p.nature, **_period(p.period), "planned_start": p.planned_start,
        "planned_finish": p.planned_finish, "investment_total": p.investment_total,
        "investment_by_year": dict(p.investment_by_year), "places": p.places,
        "site_area": p.site_area, "floor_area": p.floor_area, "status": p.status,
        "columns": dict(p.columns), "actual_start": p.actual_start, "actual_finish": p.actual_finish,
        "actual_investment_by_year": dict(p.actual_investment_by_year),
        "places_delivered_by_year": dict(p.places_delivered_by_year), **_source(p.source),
    }


def project_from_fields(f: Fields) -> Project:
    """A project from its columns."""
    return Project(
        name=f["name"], table=f["table_name"], seq=f["seq"], group=f["group_name"], stage=f["stage"],
        nature=f["nature"], period=_period_of(f), planned_start=f["planned_start"],
        planned_finish=f["planned_finish"], investment_total=f["investment_total"],
        investment_by_year=dict(f["investment_by_year"]), places=f["places"],
        site_area=f["site_area"], floor_area=f["floor_area"], status=f["status"],
        columns=dict(f["columns"]), actual_start=f["actual_start"], actual_finish=f["actual_finish"],
        actual_investment_by_year=dict(f["actual_investment_by_year"]),
        places_delivered_by_year=dict(f["places_delivered_by_year"]), source=_source_of(f),
    )


def finding_fields(x: Finding) -> Fields:
    """A finding's columns."""
    return {"kind": x.kind, "message": x.message, "severity": x.severity, "lines": list(x.lines),
            "data": dict(x.data), **_source(x.source)}


def finding_from_fields(f: Fields) -> Finding:
    """A finding from its columns."""
    return Finding(kind=f["kind"], message=f["message"], severity=f["severity"], lines=list(f["lines"]),
                   data=dict(f["data"]), source=_source_of(f))


def unit_fields(u: ResponsibleUnit) -> Fields:
    """A declared unit: its name (resolved to a region's unit row), kind and aliases."""
    return {"name": u.name, "kind": u.kind, "aliases": list(u.aliases)}


def unit_from_fields(f: Fields) -> ResponsibleUnit:
    """A declared unit from its columns."""
    return ResponsibleUnit(name=f["name"], kind=f["kind"], aliases=tuple(f["aliases"]))


@dataclass(frozen=True)
class Kind(Generic[T]):
    """How one collection of plan items is stored, keyed and named in messages."""

    entity: str  # audit entity name
    noun: str  # Chinese noun for messages
    attr: str  # the Plan attribute and the PlanRow relationship
    to_fields: Callable[[T], Fields]
    from_fields: Callable[[Fields], T]
    key: Callable[[Fields], tuple[Any, ...]]
    label: Callable[[Fields], str]
    blank: Callable[[], T]  # a minimal item, to learn the field names

    @property
    def columns(self) -> list[str]:
        """The names of the fields `to_fields` produces."""
        return list(self.to_fields(self.blank()))


def _indicator_label(f: Fields) -> str:
    return f"{f['parent']}·{f['name']}" if f["parent"] else str(f["name"])


def _n(text: str | None) -> str:
    return natural_text(text)


INDICATORS: Kind[Indicator] = Kind(
    "indicator", "指标", "indicators", indicator_fields, indicator_from_fields,
    lambda f: (_n(f["table_name"]), _n(f["parent"]), _n(f["name"])), _indicator_label, lambda: Indicator(name=""),
)
TARGETS: Kind[ProseTarget] = Kind(
    "prose_target", "文中目标", "targets", prose_target_fields, prose_target_from_fields,
    lambda f: (_n(f["subject"]), _n(f["unit"]), f["year"]), lambda f: str(f["subject"]),
    lambda: ProseTarget(subject="", op=Op.EQ, value=None),
)
PROGRAMMES: Kind[Programme] = Kind(
    "programme", "专栏", "programmes", programme_fields, programme_from_fields,
    lambda f: (_n(f["title"]),), lambda f: str(f["title"]), lambda: Programme(title=""),
)
TASKS: Kind[Task] = Kind(
    "task", "任务", "tasks", task_fields, task_from_fields,
    lambda f: (f["key"],), lambda f: f"{f['key']} {f['title']}", lambda: Task(id="", title=""),
)
PROJECTS: Kind[Project] = Kind(
    "project", "项目", "projects", project_fields, project_from_fields,
    lambda f: (_n(f["table_name"]), f["seq"], _n(f["name"])), lambda f: str(f["name"]), lambda: Project(name=""),
)
UNITS: Kind[ResponsibleUnit] = Kind(
    "plan_unit", "责任单位", "units", unit_fields, unit_from_fields,
    lambda f: (f["name"],), lambda f: str(f["name"]), lambda: ResponsibleUnit(name=""),
)
# Findings are replaced as a whole, never matched by key; the kind serves for columns.
FINDINGS: Kind[Finding] = Kind(
    "finding", "问题", "findings", finding_fields, finding_from_fields,
    lambda f: (f["kind"], f["message"]), lambda f: str(f["message"]), lambda: Finding(kind="", message=""),
)
PLAN_COLUMNS = list(plan_fields(Plan(region="", title="")))


def jsonable(value: Any) -> Any:
    """The value with dates turned into ISO text, ready for a JSON column."""
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [jsonable(v) for v in value]
    return value
