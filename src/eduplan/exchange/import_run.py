"""The state of one yearly import and the checks every sheet of it shares.

`Run` holds the inputs, lookups, results and issues of one import (a workbook or a web form);
`Table` a sheet's header and rows; the helpers below read a row's region and year and check a
number, each problem an issue at its cell.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from eduplan.core.catalog import Catalog, normalize_indicator_name
from eduplan.core.collection import yearly as c
from eduplan.core.collection.plausibility import DEFAULT_CEILING
from eduplan.core.collection.yearly import Collection, Issue, IssueKind
from eduplan.core.errors import Location
from eduplan.core.evaluation.reported import reported_targets
from eduplan.core.numbers import format_number
from eduplan.core.plan import Observation, Plan
from eduplan.exchange import columns as t
from eduplan.exchange import workbook as wbk
from eduplan.exchange.cells import header_key, number, shown, text
from eduplan.exchange.rows import Cell, Row, column_letter

DEFAULT_SOURCE = "年度数据采集表"


#: (region, observation indicator, year) → the value stored now: what the 已存值 column is checked against.
Stored = Mapping[tuple[str, str, int], float]


@dataclass
class Run:
    """The state of one import: inputs, lookups, results and issues."""

    file: str | None
    plans: Sequence[Plan]
    catalog: Catalog
    entered_by: str | None
    collection: Collection = field(default_factory=Collection)
    issues: list[Issue] = field(default_factory=list)
    cells_of: dict[int, Location] = field(default_factory=dict)  # id(observation) → its value cell
    stored: Stored | None = None
    default_source: str = DEFAULT_SOURCE

    def __post_init__(self) -> None:
        self.by_region: dict[str, list[Plan]] = {}
        for plan in self.plans:
            self.by_region.setdefault(plan.region, []).append(plan)
        self._names = {normalize_indicator_name(e.name): e for e in self.catalog.entries}
        self.reported = {region: {r.key: r for r in reported_targets(plans, self.catalog)}
                         for region, plans in self.by_region.items()}
        self.series = {r.series: r for targets in self.reported.values() for r in targets.values()}

    def unit(self, indicator: str) -> str | None:
        """The unit of an observation's indicator: a catalog entry's, or a prose target's."""
        entry = self.catalog.get(indicator)
        if entry is not None:
            return entry.unit
        reported = self.series.get(indicator)
        return reported.unit if reported else None

    def name(self, indicator: str) -> str:
        """How an indicator is named in messages: its catalog name, or the prose target's subject."""
        entry = self.catalog.get(indicator)
        if entry is not None:
            return entry.name
        reported = self.series.get(indicator)
        return reported.subject if reported else indicator


@dataclass
class Table:
    """A sheet's rows with its header: column key → 0-based index."""

    name: str
    header_row: int
    columns: dict[str, int]
    rows: list[Row]
    year_in_header: int | None = None

    @classmethod
    def of(cls, run: Run, name: str, rows: list[Row]) -> Table | None:
        """The table of a sheet, or None (with an issue) when its header lacks a required column."""
        if not rows:
            return None
        number, cells = rows[0]
        columns: dict[str, int] = {}
        year = None
        for i, cell in enumerate(cells):
            key = header_key(cell)
            if key and key not in columns:
                columns[key] = i
            if key == t.VALUE and (m := re.search(r"(\d{4})年", str(cell))):
                year = int(m.group(1))
        missing = [k for k in REQUIRED[name] if k not in columns]
        if t.YEAR in missing and year is not None:  # a hand-made sheet: “本年值（2023年）”
            missing.remove(t.YEAR)
        for key in missing:
            run.issues.append(c.MISSING_COLUMN.make(Location(file=run.file, sheet=name, row=number), column=key))
        return None if missing else cls(name, number, columns, rows[1:], year)

    def cell(self, cells: tuple[Cell, ...], key: str) -> Cell:
        """The cell of a column in a row (None when the row is short or the column absent)."""
        i = self.columns.get(key)
        return cells[i] if i is not None and i < len(cells) else None

    def at(self, run: Run, row: int, key: str) -> Location:
        """The location of a cell."""
        i = self.columns.get(key)
        letter = column_letter(i) if i is not None else None
        return Location(file=run.file, sheet=self.name, row=row, column=letter)

    def filled(self, cells: tuple[Cell, ...], keys: Iterable[str]) -> bool:
        """Whether any of these cells holds something."""
        return any(self.cell(cells, k) is not None for k in keys)


REQUIRED = {
    wbk.INDICATORS: (t.REGION, t.YEAR, t.VALUE),
    wbk.TARGETS: (t.REGION, t.YEAR, t.VALUE),
    wbk.TASKS: (t.REGION, t.YEAR, t.TASK_ID),
    wbk.PROJECTS: (t.REGION, t.YEAR, t.PROJ_NAME),
    wbk.FINANCE: (t.REGION, t.YEAR, t.AMOUNT),
}


def issue(run: Run, kind: IssueKind, loc: Location, **data: Any) -> None:
    """Record an issue."""
    run.issues.append(kind.make(loc, **data))


def region_year(run: Run, table: Table, row: int, cells: tuple[Cell, ...]) -> tuple[str, int] | None:
    """The row's region and year, with an issue for each that is missing or wrong."""
    region = text(table.cell(cells, t.REGION))
    if region is None:
        issue(run, c.MISSING_REGION, table.at(run, row, t.REGION))
    raw = table.cell(cells, t.YEAR)
    value = number(raw) if raw is not None else None
    if raw is None and table.year_in_header is not None:
        value = float(table.year_in_header)
    year = int(value) if value is not None and value.is_integer() and 1949 <= value <= 2100 else None
    if year is None:
        issue(run, c.BAD_YEAR, table.at(run, row, t.YEAR), value=text(raw) or "（空）")
    return (region, year) if region is not None and year is not None else None


def amount(run: Run, table: Table, row: int, cells: tuple[Cell, ...], key: str,
            what: str, *, ceiling: float = DEFAULT_CEILING, unit: str | None = None) -> tuple[bool, float | None]:
    """A non-negative number cell at most `ceiling`: (ok, value); blank is (True, None)."""
    return checked(run, table.cell(cells, key), table.at(run, row, key), what, ceiling=ceiling, unit=unit)


def checked(run: Run, raw: Cell, loc: Location, what: str, *, ceiling: float = DEFAULT_CEILING,
             unit: str | None = None) -> tuple[bool, float | None]:
    """A non-negative number at most `ceiling`, wherever it was typed: (ok, value); blank is (True, None)."""
    if raw is None:
        return True, None
    value = number(raw)
    if value is None:
        issue(run, c.NOT_A_NUMBER, loc, value=text(raw))
        return False, None
    if value < 0:
        issue(run, c.NEGATIVE_VALUE, loc, value=shown(value), what=what)
        return False, None
    if value > ceiling:
        issue(run, c.VALUE_OUT_OF_RANGE, loc, what=what, value=shown(value),
               limit=format_number(ceiling), unit=unit or "")
        return False, None
    return True, value


def once(run: Run, seen: dict[tuple[object, ...], int], key: tuple[object, ...], loc: Location,
         what: str) -> bool:
    """False (with an issue) when this key was already read on another row."""
    if key not in seen:
        seen[key] = loc.row or 0
        return True
    issue(run, c.DUPLICATE_ROW, loc, what=what, first=seen[key])
    return False


def observe(run: Run, source: str | None, obs: Observation, loc: Location) -> None:
    """Keep an observation with its source (else the workbook's, or the form's) and who entered it."""
    obs.source = source or (f"{run.default_source}（{run.file}）" if run.file else run.default_source)
    obs.reported_by = run.entered_by
    run.collection.observations.append(obs)
    run.cells_of[id(obs)] = loc


def plans_of(run: Run, table: Table, row: int, region: str) -> list[Plan] | None:
    """The region's plans, or None with an unknown-region issue."""
    plans = run.by_region.get(region)
    if not plans:
        issue(run, c.UNKNOWN_REGION, table.at(run, row, t.REGION), value=region)
    return plans
