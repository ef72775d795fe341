"""The 问题清单 sheet: the report's rows, read back; a cell that looks like a formula stays text."""

from __future__ import annotations

from pathlib import Path

from openpyxl import load_workbook

from eduplan.core.collection.problems import problem_report
from eduplan.core.collection.yearly import Issue, Severity
from eduplan.core.errors import Location
from eduplan.exchange.problems import write_problems


def test_the_sheet_holds_the_rows_and_keeps_formula_like_cells_as_text(tmp_path: Path) -> None:
    issues = [Issue("not_a_number", "“=SUM(A1:A9)”不是数字", Severity.ERROR,
                    Location(file="a.xlsx", sheet="指标", row=7, column="J"), value="=SUM(A1:A9)"),
              Issue("outlier", "与上年相比变化过大", Severity.WARNING, Location(sheet="指标", row=3, column="J"))]
    path = write_problems(problem_report(issues), dest=tmp_path / "p.xlsx", checked="检查a.xlsx")
    ws = load_workbook(path)["问题清单"]
    assert ws["A1"].value == "检查a.xlsx：错误1条，警告1条"
    rows = [[c.value for c in r] for r in ws.iter_rows(min_row=3)]
    assert rows[0] == ["错误", "a.xlsx，工作表“指标”，第7行，第J列", "not_a_number", "=SUM(A1:A9)",
                       "“=SUM(A1:A9)”不是数字"]
    assert ws["D3"].data_type == "s" and rows[1][0] == "警告"
    assert ws.freeze_panes == "A3" and ws.auto_filter.ref == "A2:E4"


def test_an_empty_report_says_nothing_was_found(tmp_path: Path) -> None:
    ws = load_workbook(write_problems([], dest=tmp_path / "p.xlsx", checked="检查b.xlsx"))["问题清单"]
    assert ws["A1"].value == "检查b.xlsx：未发现问题" and ws.max_row == 2
