"""Indicator tables (主要指标, 主要成就表 …) in every layout the family of plans uses.

Tables are found and their rows read by `ingest.indicator_tables`, in any layout and
column order; here each row becomes an `Indicator`:

- the category cell is carried down to rows whose category cell is empty;
- a “其中：” row, and a unit-less row naming a stage or school type (普通初中 after
  “其中：普通小学”), is a sub-row: its parent is the last row that is not one, and it
  takes the parent's unit when it has none;
- the unit is the bracket closing the name (“在园幼儿数（万人）” → 在园幼儿数, 万人);
- `raw_values[key]` is the printed cell of each year column (key "2020") and of the
  change column (key "change"); `values[key]` is its number: the plain number, or the
  single number of a target cell (“>98” → 98); a range (“4—5”) or a word gives None;
  an empty cell gives no key;
- the target is the target-year column read by `numbers.parse_target`; a retrospective
  table (主要成就 / 完成情况, or a change column with no attribute column) has none.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from eduplan.core.catalog import Catalog
from eduplan.core.findings import TABLE_CELL_UNPLACED
from eduplan.core.numbers import parse_number, parse_target
from eduplan.core.plan import ACHIEVEMENT_TABLE_RE, Finding, Indicator, Op, Source, Target
from eduplan.data.catalog import load_catalog
from eduplan.ingest.indicators.headers import (
    SUB_MARKER_RE,
    Column,
    IndicatorTable,
    Kind,
    TableRow,
    attribute_of,
    document_period,
    find_table,
)
from eduplan.ingest.indicators.rows import read_rows, split_unit
from eduplan.ingest.readers.document import Document
from eduplan.ingest.tables.layouts import Cell, is_placeholder, join_cjk

__all__ = ["cell_number", "extract_indicators", "split_unit"]

_RETROSPECTIVE_RE = ACHIEVEMENT_TABLE_RE
_STAGE_TAIL_RE = re.compile(
    r"(小学|初中|高中|中职|职业教育|职业学校|幼儿园|特殊教育|特教|本科|专科|高职|公办|民办|城区|城镇|农村|乡村|乡镇|男|女)$")


@dataclass
class _State:
    """What carries down the rows of one table: the category and the last parent row."""

    category: str | None = None
    parent: Indicator | None = None
    rows: list[Indicator] = field(default_factory=list)

def extract_indicators(doc: Document, *, catalog: Catalog | None = None,
                       findings: list[Finding] | None = None) -> list[Indicator]:
    """Every row of every indicator table, with values, target, attribute, unit, parent.

    Cells no column can be told for are not read: each such row is appended to `findings`
    (table_cell_unplaced) when a list is given.
    """
    catalog = catalog if catalog is not None else load_catalog()
    lines = doc.lines
    found: list[Indicator] = []
    i = 0
    while i < len(lines):
        table = find_table(lines, i, doc_period=lambda: document_period(lines))
        if table is None:
            i += 1
            continue
        rows, end = read_rows(lines, table)
        found.extend(_interpret(rows, table, catalog))
        if findings is not None:
            findings.extend(_unplaced(row, table) for row in rows if row.unplaced)
        i = max(end, table.body_start)
    return found

def _unplaced(row: TableRow, table: IndicatorTable) -> Finding:
    assert row.unplaced
    line = row.unplaced[0].line
    return TABLE_CELL_UNPLACED.make(
        line=line, table=f"《{table.title or '指标表'}》", row=line,
        cells=" | ".join(c.text for c in row.unplaced),
        reason="名称与数值的个数对不上表头的列")

# --- rows → indicators ----------------------------------------------------------------


def _interpret(rows: Sequence[TableRow], table: IndicatorTable, catalog: Catalog) -> list[Indicator]:
    """The indicators of a table's rows, with categories carried down and parents set."""
    state = _State()
    cat_at, name_at = table.index(Kind.CATEGORY), table.index(Kind.NAME)
    for row in rows:
        if row.unplaced:
            continue
        cat_cell = row.category or (row.cells[cat_at] if cat_at is not None else None)
        if cat_cell is not None and not is_placeholder(cat_cell.text):
            category = join_cjk(cat_cell.text.split())
            if category != state.category:  # a category repeated on every row keeps the parent
                state.category, state.parent = category, None
        name_cell = row.cells[name_at] if name_at is not None else None
        if name_cell is None or is_placeholder(name_cell.text):
            continue
        if not _has_values(row, table) and not row.heads_group:
            state.category, state.parent = join_cjk(name_cell.text.split()), None
            continue
        indicator = _indicator(row, name_cell, table, state)
        entry = catalog.match_indicator(indicator)
        if entry is not None:
            indicator.catalog_id, indicator.direction = entry.id, entry.direction
        if indicator.parent is None:
            state.parent = indicator
        state.rows.append(indicator)
    return state.rows


def _has_values(row: TableRow, table: IndicatorTable) -> bool:
    return any(cell is not None and cell.text.strip() for cell, col in zip(row.cells, table.columns, strict=True)
               if col.kind in (Kind.YEAR, Kind.CHANGE, Kind.ATTRIBUTE))

def cell_number(raw: str) -> float | None:
    """The number a value cell holds: plain, or the single number of a target (“>98” → 98)."""
    value = parse_number(raw)
    if value is not None:
        return value
    target = parse_target(raw)
    if target is None or target.op is Op.RANGE:
        return None
    return target.value


def _indicator(row: TableRow, name_cell: Cell, table: IndicatorTable, state: _State) -> Indicator:
    text = join_cjk(name_cell.text.split())
    marked = bool(SUB_MARKER_RE.match(text))
    name, unit = split_unit(SUB_MARKER_RE.sub("", text))
    unit_at = table.index(Kind.UNIT)
    unit_cell = row.cells[unit_at] if unit_at is not None else None
    if unit_cell is not None and not is_placeholder(unit_cell.text):
        unit = unit_cell.text.strip("（）() ")
    parent = state.parent
    is_sub = parent is not None and (marked or (unit is None and bool(_STAGE_TAIL_RE.search(name))))
    indicator = Indicator(name=name, category=state.category, unit=unit, table=table.title,
                          source=Source(line=name_cell.line))
    if is_sub and parent is not None:
        indicator.parent = parent.name
        indicator.unit = unit or parent.unit
    retrospective = _is_retrospective(table)
    target_at = _target_index(table)
    for k, (cell, col) in enumerate(zip(row.cells, table.columns, strict=True)):
        raw = cell.text.strip() if cell is not None else ""
        if col.kind is Kind.ATTRIBUTE:
            indicator.attribute = attribute_of(raw)
        if col.kind not in (Kind.YEAR, Kind.CHANGE) or not raw:
            continue
        assert col.key is not None
        indicator.raw_values[col.key] = raw
        indicator.values[col.key] = cell_number(raw)
        if k == target_at and not retrospective:
            indicator.target = _target(raw, col)
            if indicator.target is not None and cell is not None and cell.line:
                # The row's line is where its commitment stands: in a layout of one cell per line
                # (and rows stacked under 其中) the target value is lines below the name.
                indicator.source = Source(line=cell.line)
    return indicator


def _target(raw: str, column: Column) -> Target | None:
    year = int(column.key) if column.key and column.key.isdigit() else None
    return parse_target(raw, year=year)


def _is_retrospective(table: IndicatorTable) -> bool:
    """A table of achievements (主要成就) reports the past: its last column is no target."""
    if table.title and _RETROSPECTIVE_RE.search(table.title):
        return True
    kinds = {c.kind for c in table.columns}
    return Kind.CHANGE in kinds and Kind.ATTRIBUTE not in kinds and not any(c.target for c in table.columns)


def _target_index(table: IndicatorTable) -> int | None:
    """The target column: one labelled 目标, else the last year column."""
    years = [k for k, c in enumerate(table.columns) if c.kind is Kind.YEAR]
    marked = [k for k in years if table.columns[k].target]
    if marked:
        return marked[-1]
    return years[-1] if len(years) >= 2 or table.index(Kind.ATTRIBUTE) is not None else None
