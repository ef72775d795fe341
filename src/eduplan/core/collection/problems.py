"""The problem report of an import: its issues in one order, as one table.

The CLI prints it, the web's upload answer lists it (capped), and `exchange/problems.py` writes it
as an Excel sheet (问题清单); all three read the same rows, so a problem reads the same everywhere.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from eduplan.core.collection.yearly import Issue, Severity

SEVERITY_LABELS = {Severity.ERROR: "错误", Severity.WARNING: "警告"}
#: The columns of the report, in the order every rendering shows them.
PROBLEM_COLUMNS = ("级别", "位置", "代码", "单元格内容", "说明")


@dataclass(frozen=True)
class Problem:
    """One row of the report."""

    issue: Issue

    @property
    def label(self) -> str:
        """错误 (blocks the import) or 警告 (shown for checking)."""
        return SEVERITY_LABELS[self.issue.severity]

    @property
    def where(self) -> str:
        """The location as a reader says it: file, sheet, row, column, field."""
        return str(self.issue.location)

    def cells(self) -> tuple[str, str, str, str, str]:
        """The row under `PROBLEM_COLUMNS`."""
        i = self.issue
        return self.label, self.where, i.code, i.value or "", i.message


def problem_report(issues: Iterable[Issue]) -> list[Problem]:
    """The issues as report rows: errors first, then by file, sheet and row (a file's order kept)."""
    def order(i: Issue) -> tuple[bool, str, str, int, int]:
        loc = i.location
        return (i.severity is not Severity.ERROR, loc.file or "", loc.sheet or "", loc.row or loc.line or 0,
                _column_number(loc.column))
    return [Problem(i) for i in sorted(issues, key=order)]


def _column_number(column: int | str | None) -> int:
    """A column's position: a number as it is, letters as a spreadsheet counts them (J → 10), else 0."""
    if isinstance(column, int):
        return column
    text = (column or "").strip().upper()
    if not text.isascii() or not text.isalpha():
        return 0
    number = 0
    for letter in text:
        number = number * 26 + ord(letter) - ord("A") + 1
    return number


def counts_text(problems: Iterable[Problem]) -> str:
    """“错误2条，警告3条” (empty when there is none)."""
    found = list(problems)
    errors = sum(1 for p in found if p.issue.severity is Severity.ERROR)
    parts = [f"错误{errors}条"] if errors else []
    if len(found) - errors:
        parts.append(f"警告{len(found) - errors}条")
    return "，".join(parts)
