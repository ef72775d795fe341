"""Text that looks like a formula never becomes one in an .xlsx eduplan writes, and reads back as written."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from openpyxl import load_workbook

from eduplan.core.plan import SchoolRecord
from eduplan.core.spreadsheet import looks_like_formula
from eduplan.exchange import read_workbook, write_template
from eduplan.exchange.school_template import write_school_template
from eduplan.reports.model import Column, Report, Section, Table
from eduplan.reports.xlsx import write_xlsx
from tests.exchange import sample_plan

HOSTILE = ("=1+2", "+cmd|' /C calc'!A0", "-2+3", "@SUM(A1:A2)", "\t=1+2", "\r=1+2", "=HYPERLINK(\"http://x\")")


def _formulas(path: Path) -> list[str]:
    wb = load_workbook(path)
    return [f"{ws.title}!{cell.coordinate}" for ws in wb for row in ws.iter_rows() for cell in row
            if cell.data_type == "f"]


@pytest.mark.parametrize("text", HOSTILE)
def test_formula_starts_are_recognised(text: str) -> None:
    assert looks_like_formula(text)


@pytest.mark.parametrize("value", ["规划", "—", "", "＝1", 5, None])
def test_other_values_are_not_formulas(value: object) -> None:
    assert not looks_like_formula(value)


def test_report_workbook_has_no_live_formula(tmp_path: Path) -> None:
    table = Table(caption="=1+2 指标表", columns=(Column("=指标"), Column("数值")),
                  rows=tuple((text, 1.0) for text in HOSTILE), sheet="指标")
    report = Report(title="@报告", issuer="-发布单位", date=dt.date(2024, 1, 1), simulated=False,
                    sections=(Section("一、", (table,)),))
    path = write_xlsx(report, tmp_path / "报告.xlsx")
    assert _formulas(path) == []
    ws = load_workbook(path)["指标"]
    assert ws["A1"].value == "=指标" and ws["A2"].value == "=1+2"
    assert ws["A2"].data_type == "s" and ws["A2"].quotePrefix
    assert [ws.cell(row=r, column=1).value for r in range(2, 2 + len(HOSTILE))] == list(HOSTILE)


def test_collection_template_has_no_live_formula_and_round_trips(tmp_path: Path) -> None:
    region = "=1+2"
    path = write_template(sample_plan(region), region=region, year=2023, previous=None, dest=tmp_path / "t.xlsx")
    assert _formulas(path) == []
    rows = read_workbook(path).sheets["指标"]
    assert rows[1][1][0] == region  # read back exactly as written


def test_school_template_has_no_live_formula(tmp_path: Path) -> None:
    school = SchoolRecord(school_id="S1", name="=SUM(A1:A2)", region="-涪陵区", year=2024, stage="小学")
    path = write_school_template(tmp_path / "学校.xlsx", schools=[school], year=2024, region="涪陵区")
    assert _formulas(path) == []
    rows = read_workbook(path).sheets["学校"]
    assert "=SUM(A1:A2)" in rows[1][1]
