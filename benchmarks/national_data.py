"""The national dataset of `python -m benchmarks national`: seeded, built in minutes.

Every current county of the shipped division list (about 2,850) in its province → city → county
tree, with GB/T 2260 codes; each county has a plan made from one bundled demo plan (璧山区's
indicators, prose targets, tasks and projects re-keyed to the county: Plan objects built in
Python, no document extracted), observations 2015–2025 of every series the plan monitors, task
and project reports, finance records 2015–2025, and about 74 school records (210,000 in all) of
SCHOOL_YEAR. Written with Core `insert` executemany into the schema the Alembic migrations
build, with the column dicts `store.convert` makes, so the product's paths read it as theirs.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from importlib import resources
from typing import Any, cast

import numpy as np
from sqlalchemy import FromClause, Table, func, insert, select, text
from sqlalchemy.orm import Session

from eduplan.core.evaluation.targets import plan_targets
from eduplan.core.interchange import plan_from_dict
from eduplan.core.plan import Plan
from eduplan.core.regions import Level, Region
from eduplan.core.tracking.projects import project_key
from eduplan.data.catalog import load_catalog
from eduplan.data.divisions import load_divisions
from eduplan.store import convert as cv
from eduplan.store.db import make_engine, make_session_factory, upgrade_database
from eduplan.store.models.monitoring import (
    FinanceRecordRow,
    ObservationRow,
    ProjectReportRow,
    SchoolRecordRow,
    SubmissionRow,
    TaskReportRow,
)
from eduplan.store.models.plans import IndicatorRow, PlanRow, ProjectRow, ProseTargetRow, TaskRow
from eduplan.store.models.regions import RegionRow

TEMPLATE = "bishan.json"
YEARS = range(2015, 2026)
SCHOOL_YEAR = 2024
REPORT_YEAR = 2024
SCHOOLS_PER_COUNTY = 74  # 2,845 counties × 74 ≈ 210,000 school records
SOURCE = "基准测试"
BATCH = 20_000
COMPARED = "preschool_gross_enrolment_rate"  # 学前三年毛入园率, the comparison page's default
_STAGES = ("小学", "小学", "小学", "初中", "初中", "幼儿园", "幼儿园")


@dataclass(frozen=True)
class National:
    """What was built: counts, the seconds it took, and the regions the timed paths ask for."""

    url: str
    seconds: float
    counts: dict[str, int]
    province: str  # keys (name, or code where two regions share the name)
    city: str
    county: str
    province_counties: list[str]
    city_counties: list[str]
    indicator: str  # the catalog id the comparison asks for


def chosen_counties(limit: int | None = None) -> list[Region]:
    """Every current county (with `limit`, the first counties of the largest cities of one province)."""
    divisions = load_divisions()
    counties = sorted((r for r in divisions.regions if r.level is Level.COUNTY and r.abolished is None),
                      key=lambda r: r.code)
    if limit is None:
        return counties
    by_parent: dict[str, list[Region]] = {}
    for c in counties:
        if c.code.startswith("13") and c.parent_code:  # 河北省: prefectures with many counties
            by_parent.setdefault(c.parent_code, []).append(c)
    cities = sorted(by_parent, key=lambda p: (-len(by_parent[p]), p))[:2]
    half = (limit + 1) // 2
    return sorted([*by_parent[cities[0]][:half], *by_parent[cities[1]][:limit - half]], key=lambda r: r.code)


def template_plan() -> Plan:
    """The bundled demo plan every county's plan is made from."""
    text = resources.files("eduplan.data.demo").joinpath(TEMPLATE).read_text(encoding="utf-8")
    return plan_from_dict(json.loads(text))


def _tree(counties: Sequence[Region]) -> list[Region]:
    """The counties and all their ancestors, parents first."""
    divisions = load_divisions()
    seen: dict[str, Region] = {}
    for c in counties:
        for r in [*reversed(divisions.ancestors(c)), c]:
            seen.setdefault(r.code, r)
    return sorted(seen.values(), key=lambda r: (r.level.depth, r.code))


def _batches(table: FromClause, rows: Iterator[dict[str, Any]] | list[dict[str, Any]], session: Session) -> int:
    """Insert rows in executemany batches into a model's table (`Model.__table__`); returns how many."""
    target = cast(Table, table)  # a declarative model's __table__ is typed as the FromClause it may be
    n, batch = 0, []
    for row in rows:
        batch.append(row)
        if len(batch) == BATCH:
            session.execute(insert(target), batch)
            n, batch = n + len(batch), []
    if batch:
        session.execute(insert(target), batch)
        n += len(batch)
    return n


def build(url: str, *, limit: int | None = None, seed: int = 2026) -> National:
    """Migrate a fresh database at `url` and fill it; returns what was built."""
    start = time.perf_counter()
    upgrade_database(url)
    engine = make_engine(url)
    counties = chosen_counties(limit)
    tree = _tree(counties)
    template = template_plan()
    rng = np.random.default_rng(seed)
    counts: dict[str, int] = {}
    try:
        with make_session_factory(engine)() as session:
            ids = _regions(session, tree, counts)
            _plans(session, counties, ids, template, counts)
            _observations(session, counties, ids, template, rng, counts)
            _reports(session, counties, ids, template, rng, counts)
            _schools(session, counties, ids, rng, counts)
            if session.get_bind().dialect.name == "postgresql":  # ids given explicitly: move the sequences on
                for table in ("regions", "plans"):
                    session.execute(text(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                                         f"(SELECT max(id) FROM {table}))"))
            session.commit()
            keys = _keys(session)
        if engine.dialect.name == "postgresql":
            # What autovacuum does to a loaded database before long: the statistics gathered and the
            # visibility map set. Timed straight after a bulk load, the first reads of every page
            # would write its hint bits, which no server in use does.
            with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
                connection.execute(text("VACUUM (ANALYZE)"))
    finally:
        engine.dispose()
    return _chosen(url, time.perf_counter() - start, counts, counties, keys, template)


def _regions(session: Session, tree: Sequence[Region], counts: dict[str, int]) -> dict[str, int]:
    first = int(session.scalar(select(func.coalesce(func.max(RegionRow.id), 0))) or 0) + 1
    ids = {r.code: first + n for n, r in enumerate(tree)}
    counts["regions"] = _batches(RegionRow.__table__, [
        {"id": ids[r.code], "name": r.name, "code": r.code, "level": r.level.value, "version": 1,
         "parent_id": ids.get(r.parent_code) if r.parent_code else None} for r in tree], session)
    return ids


def _plans(session: Session, counties: Sequence[Region], ids: dict[str, int], template: Plan,
           counts: dict[str, int]) -> dict[str, int]:
    """One published plan per county, its indicators, prose targets, tasks and projects."""
    head = cv.plan_fields(template)
    plan_ids = {c.code: n + 1 for n, c in enumerate(counties)}
    created = dt.datetime(2021, 3, 1, tzinfo=dt.UTC)
    counts["plans"] = _batches(PlanRow.__table__, [
        {**head, "id": plan_ids[c.code], "region_id": ids[c.code], "status": "published", "version": 1,
         "created_at": created, "title": f"{c.name}教育事业发展“十四五”规划", "source_file": None,
         "source_sha256": None} for c in counties], session)
    children = (
        ("indicators", IndicatorRow, [cv.indicator_fields(i) for i in template.indicators]),
        ("targets", ProseTargetRow, [cv.prose_target_fields(t) for t in template.targets]),
        ("tasks", TaskRow, [{k: v for k, v in cv.task_fields(t).items() if k not in ("lead_units", "responsible_units")}
                            for t in template.tasks]),
        ("projects", ProjectRow, [cv.project_fields(p) for p in template.projects]),
    )
    for name, model, fields in children:
        counts[name] = _batches(model.__table__, (
            {**f, "plan_id": plan_ids[c.code], "position": n, "version": 1}
            for c in counties for n, f in enumerate(fields)), session)
    return plan_ids


def monitored_series(template: Plan) -> dict[str, float | None]:
    """The catalog ids the template plan's targets read, with its printed base-year value (or None)."""
    out: dict[str, float | None] = {}
    for item in plan_targets(template, load_catalog(), {}):
        if item.entry is not None:
            out.setdefault(item.entry.id, item.baseline.value if item.baseline else None)
    return out


def _observations(session: Session, counties: Sequence[Region], ids: dict[str, int], template: Plan,
                  rng: np.random.Generator, counts: dict[str, int]) -> None:
    """A trend with noise per county and series, 2015–2025; every region-year approved up to 2024."""
    catalog = load_catalog()
    series = monitored_series(template)
    years = np.array(YEARS, dtype=np.float64)

    def rows() -> Iterator[dict[str, Any]]:
        for c in counties:
            for indicator, printed in series.items():
                entry = catalog.get(indicator)
                unit = entry.unit if entry else None
                base = printed if printed is not None else (11.0 if unit == "年" else 80.0)
                base *= float(rng.uniform(0.9, 1.05))
                step = float(rng.normal(0.01, 0.01)) * base
                values = base + step * (years - 2020) + rng.normal(0, 0.005 * abs(base) + 0.01, len(years))
                if unit == "%":
                    values = np.minimum(values, 100.0)
                for y, v in zip(YEARS, np.round(values, 2).tolist(), strict=True):
                    yield {"indicator": indicator, "region_id": ids[c.code], "year": y, "value": max(v, 0.0),
                           "source": SOURCE, "reported_by": None, "simulated": False, "version": 1}

    counts["observations"] = _batches(ObservationRow.__table__, rows(), session)
    at = dt.datetime(2025, 3, 1, tzinfo=dt.UTC)
    counts["submissions"] = _batches(SubmissionRow.__table__, (
        {"region_id": ids[c.code], "year": y, "state": "approved", "changed_by": SOURCE, "changed_at": at,
         "reason": None, "last_transition": "approve", "version": 1}
        for c in counties for y in YEARS if y <= REPORT_YEAR), session)


def _reports(session: Session, counties: Sequence[Region], ids: dict[str, int], template: Plan,
             rng: np.random.Generator, counts: dict[str, int]) -> None:
    """Task and project reports of REPORT_YEAR, finance records of every year."""
    now = dt.datetime(2025, 1, 15, tzinfo=dt.UTC)
    common = {"source": SOURCE, "entered_by": SOURCE, "simulated": False, "updated_at": now, "version": 1}
    tasks = [t for t in template.tasks if t.actionable]
    counts["task_reports"] = _batches(TaskReportRow.__table__, (
        {**common, "region_id": ids[c.code], "year": REPORT_YEAR, "task_key": t.id, "unit": "", "progress": "按计划推进",
         "percent": float(p), "evidence_name": None, "evidence_path": None, "reported_by": "区教委"}
        for c in counties for t, p in zip(tasks, rng.integers(20, 101, len(tasks)).tolist(), strict=True)), session)
    counts["project_reports"] = _batches(ProjectReportRow.__table__, (
        {**common, "region_id": ids[c.code], "year": REPORT_YEAR, "project_key": project_key(p.table, p.seq, p.name),
         "project_table": p.table, "project_seq": p.seq, "project_name": p.name, "actual_start": "2022-03",
         "actual_finish": None, "investment": round(float(rng.uniform(100, 3000)), 1), "places": None, "note": None}
        for c in counties for p in template.projects), session)
    counts["finance"] = _batches(FinanceRecordRow.__table__, (
        {**common, "region_id": ids[c.code], "year": y, "budget": 50_000.0 + 2_500 * (y - 2015),
         "per_student": {"小学": 12_000 + 400 * (y - 2015), "初中": 16_000 + 500 * (y - 2015)},
         "teacher_salary": 95_000.0 + 3_000 * (y - 2015), "civil_servant_salary": 94_000.0 + 2_900 * (y - 2015),
         "training_spend": 1_200.0 + 40 * (y - 2015), "payroll": 30_000.0 + 1_000 * (y - 2015)}
        for c in counties for y in YEARS), session)


def _schools(session: Session, counties: Sequence[Region], ids: dict[str, int], rng: np.random.Generator,
             counts: dict[str, int]) -> None:
    """SCHOOLS_PER_COUNTY school records per county: primary, middle schools and kindergartens,
    figures around the national standards (some below)."""
    n = len(counties) * SCHOOLS_PER_COUNTY
    enrolment = np.maximum(np.round(rng.lognormal(6.2, 0.8, n)), 20).astype(np.int64)
    factor = rng.uniform(0.75, 1.5, (n, 8))

    def rows() -> Iterator[dict[str, Any]]:
        i = 0
        for c in counties:
            for s in range(SCHOOLS_PER_COUNTY):
                stage = _STAGES[s % len(_STAGES)]
                pupils, f = int(enrolment[i]), factor[i].tolist()
                classes = max(1, round(pupils / 42))
                size = pupils // classes
                teachers = max(2, round(pupils / 16 * f[0]))
                degree = "本科" if stage == "初中" else "专科"
                yield {"school_id": f"{c.code}{s:03d}", "name": f"{c.name}第{s + 1}{stage}", "region_id": ids[c.code],
                       "year": SCHOOL_YEAR, "stage": stage, "ownership": "public", "enrolment": pupils,
                       "classes": classes, "class_sizes": [size + (k % 3) * 4 for k in range(classes)],
                       "teachers": teachers, "teachers_by_qualification": {degree: teachers},
                       "backbone_teachers": round(teachers * 0.1 * f[1]), "pe_teachers": max(1, round(pupils / 300 * f[2])),
                       "music_teachers": max(1, round(pupils / 400 * f[3])), "art_teachers": max(1, round(pupils / 400 * f[3])),
                       "certified_teachers": teachers, "teaching_area": round(pupils * 4.5 * f[4], 1),
                       "sports_area": round(pupils * 7.5 * f[5], 1), "music_rooms": max(1, classes // 12),
                       "art_rooms": max(1, classes // 12), "equipment_value": round(pupils * 0.2 * f[6], 1),
                       "multimedia_classrooms": round(classes * f[7]), "extra": {}, "simulated": False, "version": 1}
                i += 1

    counts["school_records"] = _batches(SchoolRecordRow.__table__, rows(), session)


def _keys(session: Session) -> dict[str, str]:
    """Each stored region's key by its code (`store.regions.region_key`)."""
    from eduplan.store.regions import region_key

    return {code: key for code, key in session.execute(select(RegionRow.code, region_key())) if code}


def _chosen(url: str, seconds: float, counts: dict[str, int], counties: Sequence[Region], keys: dict[str, str],
            template: Plan) -> National:
    """The province with the most counties, its city with the most counties, that city's first county."""
    divisions = load_divisions()
    province_of = {c.code: divisions.province(c).code for c in counties}
    by_province: dict[str, list[Region]] = {}
    for c in counties:
        by_province.setdefault(province_of[c.code], []).append(c)
    province = max(by_province, key=lambda p: (len(by_province[p]), p))
    by_city: dict[str, list[Region]] = {}
    for c in by_province[province]:
        if c.parent_code and c.parent_code != province:
            by_city.setdefault(c.parent_code, []).append(c)
    city = max(by_city, key=lambda p: (len(by_city[p]), p))
    series = monitored_series(template)
    indicator = COMPARED if COMPARED in series else next(iter(series))
    return National(url=url, seconds=seconds, counts=counts, province=keys[province], city=keys[city],
                    county=keys[by_city[city][0].code],
                    province_counties=[keys[c.code] for c in by_province[province]],
                    city_counties=[keys[c.code] for c in by_city[city]], indicator=indicator)


def with_url(national: National, url: str) -> National:
    """The same choice of regions on another database."""
    return dataclasses.replace(national, url=url)
