"""The all-or-nothing import: every problem located, CSV encodings, warnings against strict mode."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from openpyxl import load_workbook

from eduplan.core.collection.yearly import ISSUE_KINDS, ImportResult, Severity
from eduplan.data.catalog import load_catalog
from eduplan.exchange import import_collection, read_workbook, write_template
from eduplan.exchange.cells import header_key, month
from eduplan.exchange.rows import column_letter
from eduplan.exchange.workbook import WorkbookRows, read_csv
from tests.exchange import sample_plan

GROSS = "preschool_gross_enrolment_rate"


def _import(workbook: WorkbookRows, *, history=None, strict: bool = False) -> ImportResult:
    return import_collection(workbook, plans=[sample_plan()], catalog=load_catalog(), history=history or {},
                             strict=strict, entered_by="测试员")


def _where(result: ImportResult) -> set[tuple[str, str | None, int | None, str | int | None]]:
    return {(i.code, i.location.sheet, i.location.row, i.location.column) for i in result.issues}


@pytest.fixture
def filled(tmp_path: Path):
    """A factory: the sample template with some cells set, saved and read back."""
    template = write_template(sample_plan(), region="涪陵区", year=2023, previous=None, dest=tmp_path / "t.xlsx")

    def fill(cells: dict[str, dict[str, object]]) -> WorkbookRows:
        wb = load_workbook(template)
        for sheet, values in cells.items():
            for ref, value in values.items():
                wb[sheet][ref] = value
        out = tmp_path / "filled.xlsx"
        wb.save(out)
        return read_workbook(out)

    return fill


@pytest.fixture
def prose_filled(tmp_path: Path):
    """A factory: the 文中目标 sheet of the prose plan's template with some cells set, read back."""
    from tests.exchange.test_template import prose_plan

    template = write_template(prose_plan(), region="涪陵区", year=2023, previous=None, dest=tmp_path / "p.xlsx")

    def fill(values: dict[str, object], *, history=None) -> ImportResult:
        wb = load_workbook(template)
        for ref, value in values.items():
            wb["文中目标"][ref] = value
        wb.save(tmp_path / "prose.xlsx")
        return import_collection(read_workbook(tmp_path / "prose.xlsx"), plans=[prose_plan()],
                                 catalog=load_catalog(), history=history or {}, entered_by="测试员")

    return fill


def test_prose_target_rows_with_an_unknown_key_or_no_number_are_located(prose_filled) -> None:
    result = prose_filled({"C2": "新增公办小学｜所", "I2": 3, "I3": "六十几"})
    assert not result.accepted
    assert _where(result) == {("unknown-target", "文中目标", 2, "C"), ("not-a-number", "文中目标", 3, "I")}
    assert "新增公办小学｜所" in result.issues[0].message and "涪陵区" in result.issues[0].message


def test_a_prose_target_in_percent_above_100_is_a_warning(prose_filled) -> None:
    result = prose_filled({"I3": 120})
    assert [(i.code, i.severity, i.location.row, i.location.column) for i in result.issues] == [
        ("target-rate-above-100", Severity.WARNING, 3, "I")]
    assert result.accepted


def test_prose_target_figures_get_outlier_warnings_from_their_history(prose_filled) -> None:
    history = {("涪陵区", "target:新增公办幼儿园｜所"): {2021: 1, 2022: 2}}
    assert prose_filled({"I2": 3}, history=history).issues == []
    (issue,) = prose_filled({"I2": 40}, history=history).issues
    assert (issue.code, issue.location.sheet, issue.location.row) == ("outlier-change", "文中目标", 2)
    assert "“新增公办幼儿园”2023年为40" in issue.message


def test_hand_made_target_csv_is_matched_by_subject_and_unit() -> None:
    from tests.exchange.test_template import prose_plan

    header = "区县,年度,目标内容,单位,本年值（2023年）\n"

    def read(rows: str) -> ImportResult:
        return import_collection(read_csv((header + rows).encode(), name="涪陵区-文中目标.csv"),
                                 plans=[prose_plan()], catalog=load_catalog(), history={})

    ok = read("涪陵区,2023,新增 公办幼儿园,所,4\n")
    assert ok.collection is not None
    assert [(o.indicator, o.value) for o in ok.collection.observations] == [("target:新增公办幼儿园｜所", 4.0)]
    assert _where(read("涪陵区,2023,新增小学,所,1\n")) == {("unknown-target", "文中目标", 2, "C")}


def test_issue_codes_are_unique_kebab_case() -> None:
    codes = [k.code for k in ISSUE_KINDS]
    assert len(codes) == len(set(codes)) >= 20
    assert all(code == code.lower() and " " not in code and "_" not in code for code in codes)


def test_malformed_workbook_is_rejected_whole_with_every_error_located(filled) -> None:
    workbook = filled({
        "指标": {"J2": "九十几", "J3": 10.2, "C4": "bogus", "D4": "不存在的指标", "J4": 6, "J5": 101, "J6": -1},
        "任务进展": {"G2": 120, "C3": "9.9", "F3": "已完成"},
        "项目进展": {"H2": "2023-13", "K2": 12.5, "E3": "不存在的项目", "J3": 100},
        "经费": {"F2": "abc", "B3": "二〇二三", "F3": 12000},
    })
    result = _import(workbook)
    assert not result.accepted and result.collection is None
    assert _where(result) == {
        ("not-a-number", "指标", 2, "J"),
        ("unknown-indicator", "指标", 4, "C"),
        ("rate-above-max", "指标", 5, "J"),
        ("negative-value", "指标", 6, "J"),
        ("percent-out-of-range", "任务进展", 2, "G"),
        ("unknown-task", "任务进展", 3, "C"),
        ("bad-month", "项目进展", 2, "H"),
        ("not-an-integer", "项目进展", 2, "K"),
        ("unknown-project", "项目进展", 3, "E"),
        ("not-a-number", "经费", 2, "F"),
        ("bad-year", "经费", 3, "B"),
    }
    assert all(i.severity is Severity.ERROR for i in result.issues)
    messages = {i.code: str(i) for i in reversed(result.issues)}  # the first of each code
    assert messages["not-a-number"].startswith("filled.xlsx，工作表“指标”，第2行，第J列：“九十几”不是数字")
    assert "九年义务教育巩固率" in messages["rate-above-max"] and "100" in messages["rate-above-max"]
    assert result.summary().startswith("导入被拒绝：错误11个")


def test_duplicates_finish_before_start_and_future_months(filled) -> None:
    workbook = filled({"指标": {"J3": 10.2, "C4": "compulsory_enrolment", "J4": 10.3},
                       "项目进展": {"H2": "2023-05", "I2": "2022-12", "H3": "2024-01"}})
    assert _where(_import(workbook)) == {("duplicate-row", "指标", 4, "J"),
                                         ("finish-before-start", "项目进展", 2, "I"),
                                         ("month-after-year", "项目进展", 3, "H")}


def test_blank_template_imports_nothing_and_nothing_is_wrong(filled) -> None:
    result = _import(filled({}))
    assert result.accepted and result.issues == [] and result.collection.size() == 0  # type: ignore[union-attr]


def test_a_gross_ratio_above_100_is_a_warning_only(filled) -> None:
    result = _import(filled({"指标": {"J2": 101.5}}))
    assert result.accepted
    assert [(i.code, i.severity) for i in result.issues] == [("gross-rate-above-100", Severity.WARNING)]
    assert not _import(filled({"指标": {"J2": 101.5}}), strict=True).accepted


def test_outlier_warns_and_strict_refuses(filled) -> None:
    history = {("涪陵区", GROSS): {y: 80 + 2 * (y - 2016) for y in range(2016, 2023)}}  # +2 a year
    steady, jump = filled({"指标": {"J2": 94.5}}), filled({"指标": {"J2": 99.9}})
    assert _import(steady, history=history).issues == []
    lenient, strict = _import(jump, history=history), _import(jump, history=history, strict=True)
    assert [(i.code, i.location.row, i.location.column) for i in lenient.issues] == [("outlier-change", 2, "J")]
    assert "修正Z分数法" in lenient.issues[0].message and "较2022年的92变化+7.9" in lenient.issues[0].message
    assert lenient.accepted and len(lenient.collection.observations) == 1  # type: ignore[union-attr]
    assert not strict.accepted and strict.summary().endswith("（严格模式下警告也不予导入），未写入任何数据。")


def test_plan_baseline_is_history_when_none_is_stored(filled) -> None:
    # 2020 baseline 10.7 万人; 2023 at 25 is far beyond 20 % a year
    result = _import(filled({"指标": {"J3": 25}}))
    assert [i.code for i in result.issues] == ["outlier-change"]
    assert "历史数据不足" in result.issues[0].message


def test_subrow_above_parent_warns(filled) -> None:
    result = _import(filled({"指标": {"J3": 10.2, "J4": 10.3}}))
    assert [(i.code, i.location.row) for i in result.issues] == [("subrow-above-parent", 4)]
    assert "普通小学在校学生数" in result.issues[0].message and result.accepted


CSV = (
    "区县,年度,指标编号,指标名称,单位,本年值（2023年）,来源\n"
    "涪陵区,2023,preschool_gross_enrolment_rate,学前三年毛入园率,%,94.1,教育事业统计\n"
    "涪陵区,2023,,九年义务教育巩固率,%,98.9%,\n"
)


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk"])
def test_csv_in_utf8_and_gbk(tmp_path: Path, encoding: str) -> None:
    path = tmp_path / "涪陵区-指标.csv"
    path.write_bytes(CSV.encode(encoding))
    result = _import(read_workbook(path))
    assert result.accepted and result.issues == []
    assert {(o.indicator, o.value, o.source) for o in result.collection.observations} == {  # type: ignore[union-attr]
        (GROSS, 94.1, "教育事业统计"), ("compulsory_retention_rate", 98.9, "年度数据采集表（涪陵区-指标.csv）")}


def test_csv_sheet_named_by_first_line_keeps_file_line_numbers() -> None:
    data = "工作表：任务进展\n区县,年度,任务编号,完成进度（%）\n涪陵区,2023,1.1,50\n涪陵区,2023,1.2,百分之五十\n"
    workbook = read_csv(data.encode("gbk"), name="export.csv")
    assert list(workbook.sheets) == ["任务进展"]
    assert _where(_import(workbook)) == {("not-a-number", "任务进展", 4, "D")}
    no_year = read_csv(data.replace("年度,", "").replace("2023,", "").encode(), name="export.csv")
    assert _where(_import(no_year)) == {("missing-column", "任务进展", 2, None)}


def test_hand_made_multi_region_sheet_with_year_in_header_and_names_only() -> None:
    rows = [(1, ("区县", "指标名称", "单位", "本年值（2023年）")),
            (2, ("涪陵区", "学前教育毛入园率", "%", 94.0)), (3, ("南川区", "毛入园率", "%", 90.0)),
            (4, ("南川区", "不存在的指标", None, 1.0))]
    result = _import(WorkbookRows({"指标": rows}, "national.xlsx"))
    assert _where(result) == {("unknown-indicator", "指标", 4, "B")}
    rows.pop()
    ok = _import(WorkbookRows({"指标": rows}, "national.xlsx"))
    assert [(o.region, o.year, o.indicator) for o in ok.collection.observations] == [  # type: ignore[union-attr]
        ("涪陵区", 2023, GROSS), ("南川区", 2023, GROSS)]


def test_tasks_of_a_region_without_plan_and_missing_columns() -> None:
    workbook = WorkbookRows({
        "任务进展": [(1, ("区县", "年度", "任务编号", "完成进度")), (2, ("南川区", 2023, "1.1", 50))],
        "项目进展": [(1, ("区县", "年度", "项目编号"))],
    })
    assert _where(_import(workbook)) == {("unknown-region", "任务进展", 2, "A"),
                                         ("missing-column", "项目进展", 1, None)}


def test_no_known_sheet() -> None:
    result = _import(WorkbookRows({"Sheet1": [(1, ("a",))]}))
    assert [i.code for i in result.issues] == ["no-known-sheet"] and "Sheet1" in result.issues[0].message


@pytest.mark.parametrize(("cell", "expected"), [
    ("2023-09", "2023-09"), ("2023/9", "2023-09"), ("2023年9月", "2023-09"), ("2023.10", "2023-10"),
    (dt.datetime(2023, 9, 1), "2023-09"), ("2023-13", None), ("23-09", None), ("九月", None), (2023.09, None),
    ("2023年9月1日", "2023-09"), ("2023/9/1 0:00", "2023-09"), ("２０２３－０９", "2023-09"), (dt.date(2023, 9, 1), "2023-09"),
    ("2023", None), ("1900-01", None), ("2101-01", None),  # a month of the years a workbook is filled for
])
def test_month(cell: object, expected: str | None) -> None:
    assert month(cell) == expected  # type: ignore[arg-type]


@pytest.mark.parametrize(("cell", "key"), [
    ("本年值（2023年）", "本年值"), (" 完成进度(%)", "完成进度"), ("*区县", "区县"), (None, None)])
def test_header_key(cell: str | None, key: str | None) -> None:
    assert header_key(cell) == key


def test_column_letter() -> None:
    assert [column_letter(i) for i in (0, 8, 25, 26, 27, 701)] == ["A", "I", "Z", "AA", "AB", "ZZ"]
