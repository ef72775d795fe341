"""The problem report of an import: one order and one row shape for the CLI, the web and Excel."""

from __future__ import annotations

from eduplan.core.collection.problems import PROBLEM_COLUMNS, counts_text, problem_report
from eduplan.core.collection.yearly import Issue, Severity
from eduplan.core.errors import Location


def _issue(severity: Severity, row: int | None, column: int | str | None = None, sheet: str = "指标") -> Issue:
    return Issue("code", f"{row}/{column}", severity, Location(sheet=sheet, row=row, column=column), value="x")


def test_errors_come_first_then_sheet_row_and_column_in_the_file_s_order() -> None:
    issues = [_issue(Severity.WARNING, 2), _issue(Severity.ERROR, 9, "J"), _issue(Severity.ERROR, 9, "B"),
              _issue(Severity.ERROR, 3, "AA"), _issue(Severity.ERROR, 3, 4), _issue(Severity.ERROR, 1, sheet="经费")]
    order = [(p.label, p.issue.location.sheet, p.issue.message) for p in problem_report(issues)]
    assert order == [("错误", "指标", "3/4"), ("错误", "指标", "3/AA"), ("错误", "指标", "9/B"),
                     ("错误", "指标", "9/J"), ("错误", "经费", "1/None"), ("警告", "指标", "2/None")]


def test_a_row_reads_level_place_code_cell_and_message() -> None:
    (problem,) = problem_report([_issue(Severity.ERROR, 5, "J")])
    assert len(problem.cells()) == len(PROBLEM_COLUMNS)
    assert problem.cells() == ("错误", "工作表“指标”，第5行，第J列", "code", "x", "5/J")


def test_the_counts_say_errors_and_warnings_in_chinese() -> None:
    assert counts_text(problem_report([_issue(Severity.ERROR, 1), _issue(Severity.WARNING, 2),
                                       _issue(Severity.WARNING, 3)])) == "错误1条，警告2条"
    assert counts_text(problem_report([_issue(Severity.WARNING, 2)])) == "警告1条"
    assert counts_text([]) == ""
