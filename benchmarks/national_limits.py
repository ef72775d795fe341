"""The one-pass limit of each timed path of `python -m benchmarks national`.

The same rows the product path reads, read once in columnar form (one SELECT of the needed
columns per kind of row, straight into NumPy arrays) and the vectorised kernel over them
(`core.progress.bulk.assess_bulk` for targets, `core.inspection.balance_bulk` for schools). No
Python object per row, no sentence per target: the least the work can cost on this machine.
A report also writes a document: `document_limit` writes the same paragraphs, cells and images
once in the cheapest form (a bare WordprocessingML body built with lxml, zipped, no styles).
"""

from __future__ import annotations

import math
import zipfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
from lxml import etree
from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from eduplan.core.inspection.balance_bulk import SchoolArrays, assess_resources_bulk
from eduplan.core.plan import Op
from eduplan.core.progress.bulk import assess_bulk
from eduplan.core.progress.bulk_rules import DIRECTION_CODES, OP_CODES, BulkTargets
from eduplan.core.progress.rules import SCALE_NATURE, Shape, bounds_for, shape_for
from eduplan.data.catalog import load_catalog
from eduplan.data.standards_sets import load_standards
from eduplan.store.models.monitoring import (
    FinanceRecordRow,
    ObservationRow,
    ProjectReportRow,
    SchoolRecordRow,
    TaskReportRow,
)
from eduplan.store.models.plans import IndicatorRow, PlanRow, ProjectRow, ProseTargetRow, TaskRow
from eduplan.store.models.regions import RegionRow

_OPS = {str(op): code for op, code in OP_CODES.items()}


def columns(session: Session, query: Select[*tuple[Any, ...]]) -> list[np.ndarray]:
    """The query's result as one NumPy array per column (one pass over the rows)."""
    rows = session.execute(query).all()
    width = len(query.selected_columns)
    if not rows:
        return [np.array([]) for _ in range(width)]
    return [np.array(c) for c in zip(*rows, strict=True)]


def region_ids(session: Session, codes: Sequence[str]) -> list[int]:
    """The row ids of regions by code (not timed: the product resolves its keys itself)."""
    return [int(i) for i in session.scalars(select(RegionRow.id).where(RegionRow.code.in_(codes)))]


def targets_limit(session: Session, ids: Sequence[int], year: int, *, indicator: str | None = None) -> int:
    """The observations and the targets of the regions' plans (or of one indicator), assessed at once."""
    obs = select(ObservationRow.region_id, ObservationRow.indicator, ObservationRow.year, ObservationRow.value)
    table = select(PlanRow.region_id, IndicatorRow.catalog_id, IndicatorRow.target_op, IndicatorRow.target_value,
                   IndicatorRow.target_value_max, IndicatorRow.target_year).join(PlanRow).where(
        IndicatorRow.target_op.is_not(None), IndicatorRow.catalog_id.is_not(None))
    prose = select(PlanRow.region_id, ProseTargetRow.catalog_id, ProseTargetRow.op, ProseTargetRow.value,
                   ProseTargetRow.value_max, ProseTargetRow.year).join(PlanRow).where(ProseTargetRow.catalog_id.is_not(None))
    if indicator is None:
        obs, table, prose = (obs.where(ObservationRow.region_id.in_(ids)), table.where(PlanRow.region_id.in_(ids)),
                             prose.where(PlanRow.region_id.in_(ids)))
    else:
        obs = obs.where(ObservationRow.indicator == indicator)
        table, prose = table.where(IndicatorRow.catalog_id == indicator), prose.where(ProseTargetRow.catalog_id == indicator)
    o = columns(session, obs)
    t = [np.concatenate(pair) for pair in zip(columns(session, table), columns(session, prose), strict=True)]
    return _assess(o, t, year)


def _assess(o: list[np.ndarray], t: list[np.ndarray], year: int) -> int:
    """assess_bulk over targets whose series are looked up in the observation columns by index."""
    if not len(t[0]):
        return 0
    catalog = load_catalog()
    years = np.arange(int(o[2].min()), int(o[2].max()) + 1) if len(o[2]) else np.array([year])
    series = np.char.add(o[0].astype(str), np.char.add("|", o[1].astype(str)))
    keys, row = np.unique(series, return_inverse=True)
    grid = np.full((len(keys), len(years)), np.nan)
    grid[row, o[2].astype(np.int64) - years[0]] = o[3].astype(np.float64)
    wanted = np.char.add(t[0].astype(str), np.char.add("|", t[1].astype(str)))
    at = np.searchsorted(keys, wanted).clip(0, max(len(keys) - 1, 0))
    found = keys[at] == wanted
    values = np.where(found[:, None], grid[at], np.nan)
    entries = {c: catalog.get(c) for c in set(t[1].tolist())}
    direction = np.array([DIRECTION_CODES[e.direction] if (e := entries[c]) else 1 for c in t[1].tolist()], np.int8)
    info = {c: (shape_for(e) is Shape.COMPOUND, e.nature == SCALE_NATURE, bounds_for(e)) for c, e in entries.items() if e}
    base_year = np.full(len(t[0]), 2020, dtype=np.int64)
    base = values[:, 2020 - years[0]] if years[0] <= 2020 <= years[-1] else np.full(len(t[0]), np.nan)
    result = assess_bulk(BulkTargets(
        years=years, values=values, base_year=base_year, base_value=base,
        target_year=np.array([2025 if y is None or (isinstance(y, float) and math.isnan(y)) else int(y)
                              for y in t[5].tolist()], dtype=np.int64),
        op=np.array([_OPS.get(str(x), OP_CODES[Op.GE]) for x in t[2].tolist()], dtype=np.int8),
        target_value=t[3].astype(np.float64), target_max=t[4].astype(np.float64), direction=direction,
        compound=np.array([info.get(c, (False,))[0] for c in t[1].tolist()], dtype=np.bool_),
        binding=np.zeros(len(t[0]), dtype=np.bool_),
        lower=np.array([_open(info[c][2].low) if c in info else np.nan for c in t[1].tolist()]),
        upper=np.array([_open(info[c][2].high) if c in info else np.nan for c in t[1].tolist()]),
        scale=np.array([info.get(c, (False, False))[1] for c in t[1].tolist()], dtype=np.bool_),
    ), as_of=year)
    return len(result.status)


def _open(value: float | None) -> float:
    return math.nan if value is None else value


def monitoring_limit(session: Session, ids: Sequence[int], year: int) -> int:
    """The targets plus the tasks, projects, their reports and finance of the regions (a board, an evaluation)."""
    n = targets_limit(session, ids, year)
    for query in (
        select(TaskRow.plan_id, TaskRow.key, TaskRow.deadline).join(PlanRow).where(PlanRow.region_id.in_(ids)),
        select(ProjectRow.plan_id, ProjectRow.table_name, ProjectRow.seq, ProjectRow.name, ProjectRow.period_start,
               ProjectRow.period_end, ProjectRow.investment_total).join(PlanRow).where(PlanRow.region_id.in_(ids)),
        select(TaskReportRow.region_id, TaskReportRow.task_key, TaskReportRow.year, TaskReportRow.percent)
        .where(TaskReportRow.region_id.in_(ids)),
        select(ProjectReportRow.region_id, ProjectReportRow.project_key, ProjectReportRow.year,
               ProjectReportRow.investment).where(ProjectReportRow.region_id.in_(ids)),
        select(FinanceRecordRow.region_id, FinanceRecordRow.year, FinanceRecordRow.budget,
               FinanceRecordRow.teacher_salary, FinanceRecordRow.civil_servant_salary,
               FinanceRecordRow.training_spend, FinanceRecordRow.payroll).where(FinanceRecordRow.region_id.in_(ids)),
    ):
        n += len(columns(session, query)[0])
    return n


def schools_limit(session: Session, ids: Sequence[int], year: int) -> int:
    """The school columns of the regions in one SELECT and the vectorised 优质均衡 resource kernel."""
    r = SchoolRecordRow
    c = columns(session, select(r.region_id, r.stage, r.enrolment, r.teachers, r.backbone_teachers, r.pe_teachers,
                                r.music_teachers, r.art_teachers, r.teaching_area, r.sports_area, r.equipment_value,
                                r.multimedia_classrooms).where(r.region_id.in_(ids), r.year == year))
    if not len(c[0]):
        return 0
    stage = c[1].astype(str)
    keep = (stage == "小学") | (stage == "初中")
    county = np.unique(c[0].astype(np.int64), return_inverse=True)[1]
    pupils = c[2].astype(np.float64)
    with np.errstate(divide="ignore", invalid="ignore"):
        figures = np.stack([c[3] * 100 / pupils, c[4] * 100 / pupils, (c[5] + c[6] + c[7]) * 100 / pupils,
                            c[8] / pupils, c[9] / pupils, c[10] * 10_000 / pupils, c[11] * 100 / pupils],
                           axis=1).astype(np.float64)
    arrays = SchoolArrays(county=county[keep], stage=(stage[keep] == "初中").astype(np.int64), enrolment=pupils[keep],
                          teaching_point=np.zeros(int(keep.sum()), dtype=np.bool_), figures=figures[keep],
                          n_counties=int(county.max()) + 1)
    return len(assess_resources_bulk(arrays, load_standards()).passed)


def workbook_limit(path: str) -> int:
    """Every cell of the workbook read once with calamine into arrays (no checks, no store)."""
    from python_calamine import CalamineWorkbook

    book = CalamineWorkbook.from_path(path)
    n = 0
    for name in book.sheet_names:
        rows = book.get_sheet_by_name(name).to_python()
        n += len(np.array(rows, dtype=object)) if rows else 0
    return n


_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_TYPES = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
          '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
          '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
          '<Default Extension="xml" ContentType="application/xml"/><Default Extension="png" ContentType="image/png"/>'
          '<Override PartName="/word/document.xml" '
          'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>')
_RELS = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
         '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
         '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
         'officeDocument" Target="word/document.xml"/></Relationships>')


def document_limit(blocks: Sequence[str | Sequence[Sequence[str]]], images: Sequence[bytes], dest: Path) -> int:
    """A document's blocks (a paragraph's text, or a table's rows of cell texts) written once as a
    bare WordprocessingML body with lxml (a run per paragraph and cell; no styles, properties,
    widths or fonts) and zipped with its images (stored: a PNG is compressed already): the least
    writing the same text and pictures can cost. The number of paragraphs written."""
    w = f"{{{_W}}}"
    root = etree.Element(w + "document", nsmap={"w": _W})
    body = etree.SubElement(root, w + "body")
    n = 0

    def paragraph(parent: Any, text: str) -> None:
        nonlocal n
        etree.SubElement(etree.SubElement(etree.SubElement(parent, w + "p"), w + "r"), w + "t").text = text
        n += 1

    for block in blocks:
        if isinstance(block, str):
            paragraph(body, block)
            continue
        table = etree.SubElement(body, w + "tbl")
        for row in block:
            tr = etree.SubElement(table, w + "tr")
            for cell in row:
                paragraph(etree.SubElement(tr, w + "tc"), cell)
    with zipfile.ZipFile(dest, "w", compression=zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", _TYPES)
        z.writestr("_rels/.rels", _RELS)
        z.writestr("word/document.xml", etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True))
        for i, png in enumerate(images, 1):
            z.writestr(f"word/media/image{i}.png", png, compress_type=zipfile.ZIP_STORED)
    return n
