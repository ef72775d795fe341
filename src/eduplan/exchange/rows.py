"""The cell model every reader yields and every importer reads: a sheet is its non-empty rows,
each with its 1-based row number (a message points at the row a user sees), cells from column A.

A cell is text, a number (int when whole in the file, else float), a bool or a date/time; an
empty or blank cell is None and trailing empty cells are dropped. The caps on a sheet are here too.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from eduplan.core.errors import Location

Cell = str | int | float | bool | dt.datetime | dt.date | dt.time | None
Row = tuple[int, tuple[Cell, ...]]

#: A national yearly workbook has a few tens of thousands of rows and fewer than 50 columns:
#: a sheet (or CSV file) beyond these caps is refused where it passes them, before it is held.
MAX_ROWS = 500_000
MAX_COLUMNS = 500


@dataclass(frozen=True)
class Where:
    """The file and sheet being read, for located messages."""

    file: str | None
    sheet: str

    def at(self, row: int | None = None, column: int | None = None) -> Location:
        return Location(file=self.file, sheet=self.sheet, row=row,
                        column=column_letter(column) if column is not None else None)


def column_letter(index: int) -> str:
    """The spreadsheet letter of a 0-based column index: 0 → A, 26 → AA."""
    letters = ""
    n = index + 1
    while n:
        n, rem = divmod(n - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def numbered(rows: Iterable[Sequence[Cell]]) -> list[Row]:
    """Non-empty rows with their 1-based numbers; trailing empty cells dropped."""
    out: list[Row] = []
    for n, row in enumerate(rows, start=1):
        cells = tuple(None if (isinstance(c, str) and not c.strip()) else c for c in row)
        end = len(cells)
        while end and cells[end - 1] is None:
            end -= 1
        if end:
            out.append((n, cells[:end]))
    return out
