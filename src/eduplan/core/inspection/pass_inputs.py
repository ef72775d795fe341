"""The inputs of a 优质均衡 pass plan: unit costs, limits, and the county's sections in the deadline year.

A pass plan (`pass_plan.solve_pass_plan`) chooses, per school section and year, the hires,
backbone-teacher training, rotations, building and purchases that make every school section
pass the 7 resource indicators (6 of 7 met, the 7th at 85%) and every stage's CV stay within its
limit by the deadline year, at least cost. This module holds what it starts from:

- `UnitCosts` and `Limits`: the prices and the limits, all in stated units (万元 per teacher-year,
  元 per m² …); defaults ship in data/costs/*.json with their source and date, a district
  overrides them with its own file.
- `deadline_records`: the school records carried to the deadline year with the enrolment
  forecast (a growth rate per stage), so that the sections the model sees are the sections the
  inspection will assess. Combined schools' figures are apportioned by enrolment as the
  inspection does.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from eduplan.core.errors import InputError, Location
from eduplan.core.plan import SchoolRecord


@dataclass(frozen=True)
class UnitCosts:
    """Prices of the actions (each in its own unit; every total in the output is in 万元)."""

    teacher_per_year: float = 12.0  # 万元 per teacher and year (salary, social insurance, housing fund)
    pe_art_teacher_per_year: float = 12.0  # 万元 per PE / music / art teacher and year
    backbone_training: float = 3.0  # 万元 per teacher trained to 县级骨干 (one-off)
    rotation_per_year: float = 1.0  # 万元 per rotated teacher and year (allowance, transport)
    teaching_area_per_m2: float = 4500.0  # 元 per m² of teaching and auxiliary rooms built
    sports_area_per_m2: float = 600.0  # 元 per m² of sports ground built
    multimedia_classroom: float = 6.0  # 万元 per classroom fitted with network multimedia
    special_room: float = 25.0  # 万元 per music or art room (built and fitted)
    source: str = ""
    version: str = ""


@dataclass(frozen=True)
class Limits:
    """What can be done: per school and year, per school in all, and the county's yearly budget."""

    hires_per_school_per_year: int = 6
    trainings_per_school_per_year: int = 4
    rotation_share_per_year: float = 0.3  # of a donor school's backbone teachers, per year
    rotation_min_stay_years: int = 3  # a rotated teacher stays at least this long (not returned in the plan)
    teaching_area_per_school: float = 4000.0  # m² a site can take in all
    sports_area_per_school: float = 6000.0  # m² a site can take in all
    rooms_per_school_per_year: int = 4  # multimedia, music and art rooms fitted per school and year
    budget_per_year: float | None = None  # 万元, the county's yearly spending cap (None: no cap)
    enrolment_growth: Mapping[str, float] = field(default_factory=dict)  # stage → yearly rate


COST_FIELDS = {f.name for f in dataclasses.fields(UnitCosts)} - {"source", "version"}
LIMIT_FIELDS = {f.name for f in dataclasses.fields(Limits)}


def costs_from_dict(data: Mapping[str, object], *, base: UnitCosts | None = None,
                    file: str | None = None) -> tuple[UnitCosts, Limits]:
    """Unit costs and limits from a cost file's JSON (`{"costs": {...}, "limits": {...}}`), over `base`."""
    costs = base or UnitCosts()
    limits = Limits()
    where = Location(file=file)
    for section, known, target in (("costs", COST_FIELDS, "costs"), ("limits", LIMIT_FIELDS, "limits")):
        given = data.get(section) or {}
        if not isinstance(given, Mapping):
            raise InputError(f"“{section}”应为对象（键值表）", location=where)
        unknown = sorted(set(given) - known)
        if unknown:
            raise InputError(f"“{section}”中有未知的项：{'、'.join(unknown)}；可用的项：{'、'.join(sorted(known))}",
                             location=where)
        values: dict[str, object] = {}
        for key, value in given.items():
            values[key] = _checked(section, key, value, where)
        if target == "costs":
            costs = dataclasses.replace(costs, **values)  # type: ignore[arg-type]
        else:
            limits = dataclasses.replace(limits, **values)  # type: ignore[arg-type]
    source = data.get("source")
    version = data.get("version")
    costs = dataclasses.replace(costs, source=str(source) if source else costs.source,
                                version=str(version) if version else costs.version)
    return costs, limits


def _checked(section: str, key: str, value: object, where: Location) -> object:
    if key == "enrolment_growth":
        if not isinstance(value, Mapping) or not all(
                isinstance(v, int | float) and not isinstance(v, bool) and -0.5 < v < 0.5 for v in value.values()):
            raise InputError(f"“{section}.{key}”应为“学段: 年增长率”（-0.5 到 0.5 之间的小数）", location=where)
        return {str(k): float(v) for k, v in value.items()}
    if key == "budget_per_year" and value is None:
        return None
    if not isinstance(value, int | float) or isinstance(value, bool) or not math.isfinite(value) or value < 0:
        raise InputError(f"“{section}.{key}”应为不小于 0 的数，实为 {value!r}", location=where)
    if key.endswith("_per_year") and section == "limits" and key != "budget_per_year" and key != "rotation_share_per_year":
        return int(value)
    return float(value)


def deadline_records(records: Sequence[SchoolRecord], *, year: int,
                     growth: Mapping[str, float]) -> list[SchoolRecord]:
    """The records carried to `year`: enrolment (and each section's) grown by its stage's rate, rounded."""
    out: list[SchoolRecord] = []
    for r in records:
        years = max(year - r.year, 0)

        def grow(value: float, stage: str, n: int = years) -> int:
            return round(value * (1.0 + growth.get(stage, 0.0)) ** n)

        extra = dict(r.extra)
        sections = 0
        for key, value in r.extra.items():
            if key.endswith(".enrolment") and isinstance(value, int | float) and not isinstance(value, bool):
                grown = grow(float(value), key.split(".", 1)[0])
                extra[key] = grown
                sections += grown
        enrolment = sections if _covers_all(r) else grow(r.enrolment, r.stage)
        out.append(dataclasses.replace(r, year=year, enrolment=enrolment, extra=extra))
    return out


def _covers_all(record: SchoolRecord) -> bool:
    """Whether the record's per-section enrolments add up to its enrolment (so the sum may replace it)."""
    given = [float(v) for k, v in record.extra.items() if k.endswith(".enrolment")
             and isinstance(v, int | float) and not isinstance(v, bool)]
    return bool(given) and abs(sum(given) - record.enrolment) < 0.5
