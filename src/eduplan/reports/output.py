"""Writing a report in the format its caller asks for (docx, pdf or xlsx)."""

from __future__ import annotations

from pathlib import Path

from eduplan.core.errors import InputError
from eduplan.reports.model import Report

FORMATS = ("docx", "pdf", "xlsx")


def report_format(path: Path, fmt: str | None = None) -> str:
    """The format named, else the file's suffix; InputError for anything else."""
    chosen = (fmt or path.suffix.lstrip(".")).lower()
    if chosen not in FORMATS:
        raise InputError(f"报告格式“{chosen or path.name}”无效，应为 docx、pdf 或 xlsx")
    return chosen


def write_report(report: Report, path: Path, fmt: str | None = None) -> Path:
    """Write the report to `path` as docx, pdf or xlsx."""
    chosen = report_format(path, fmt)
    if chosen == "docx":
        from eduplan.reports.docx import write_docx

        return write_docx(report, path)
    if chosen == "pdf":
        from eduplan.reports.pdf import write_pdf

        return write_pdf(report, path)
    from eduplan.reports.xlsx import write_xlsx

    return write_xlsx(report, path)
