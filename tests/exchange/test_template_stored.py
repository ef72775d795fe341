"""The workbook's 已存值 column: the stored value beside each row, written locked and checked on import,
so that a template filled after someone changed a value (or with that column edited) overwrites nothing."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from eduplan.core.collection.yearly import Severity
from eduplan.data.catalog import load_catalog
from eduplan.exchange import import_collection, read_workbook, write_template
from tests.exchange import sample_plan

GROSS = "preschool_gross_enrolment_rate"
REGION, YEAR = "涪陵区", 2023
STORED_COLUMN, VALUE_COLUMN = 9, 10  # I, J on the 指标 sheet


@pytest.fixture
def template(tmp_path: Path) -> Path:
    """The 2023 workbook with last year's value and this year's stored value of the gross rate."""
    return write_template(sample_plan(), region=REGION, year=YEAR, previous={(REGION, GROSS): 93.5},
                          stored={(REGION, GROSS): 94.0}, dest=tmp_path / "涪陵区-2023.xlsx")


def _row_of(ws, indicator: str) -> int:  # type: ignore[no-untyped-def]
    return next(r for r in range(2, ws.max_row + 1) if ws.cell(r, 3).value == indicator)


def _edit(template: Path, cells: dict[tuple[str, int], object]) -> Path:
    """The template with cells (indicator, column) set, saved next to it."""
    wb = load_workbook(template)
    ws = wb["指标"]
    for (indicator, column), value in cells.items():
        ws.cell(_row_of(ws, indicator), column).value = value
    out = template.with_name("filled.xlsx")
    wb.save(out)
    return out


def _import(path: Path, stored: dict[tuple[str, str, int], float]):  # type: ignore[no-untyped-def]
    return import_collection(read_workbook(path), plans=[sample_plan()], catalog=load_catalog(), history={},
                             entered_by="王五", stored=stored)


def test_the_template_shows_last_years_and_the_stored_value_locked_beside_the_value_to_fill(template: Path) -> None:
    ws = load_workbook(template)["指标"]
    header = [c.value for c in ws[1]]
    assert header[6:10] == ["上年值（2022年）", "目标值", "已存值（2023年）", "本年值（2023年）"]
    row = _row_of(ws, GROSS)
    assert (ws.cell(row, 7).value, ws.cell(row, STORED_COLUMN).value, ws.cell(row, VALUE_COLUMN).value) == (
        93.5, 94.0, None)
    assert ws.cell(row, STORED_COLUMN).protection.locked and not ws.cell(row, VALUE_COLUMN).protection.locked
    assert "已存值" in load_workbook(template)["说明"]["A4"].value


def test_a_filled_template_whose_stored_values_still_hold_imports(template: Path) -> None:
    result = _import(_edit(template, {(GROSS, VALUE_COLUMN): 94.6, ("primary_enrolment", VALUE_COLUMN): 6.5}),
                     {(REGION, GROSS, YEAR): 94.0})
    assert result.accepted and result.issues == [], [str(i) for i in result.issues]
    assert {o.indicator: o.value for o in result.collection.observations} == {GROSS: 94.6, "primary_enrolment": 6.5}


def test_a_value_changed_in_the_store_since_the_download_refuses_the_row_that_would_replace_it(
        template: Path) -> None:
    result = _import(_edit(template, {(GROSS, VALUE_COLUMN): 94.6}), {(REGION, GROSS, YEAR): 95.1})
    assert not result.accepted
    [error] = result.errors
    assert (error.code, error.location.sheet, error.location.column) == ("stored-value-changed", "指标", "I")
    assert "库中现存95.1" in error.message and "“94”" in error.message


def test_editing_the_stored_column_on_a_filled_row_is_refused_not_silently_ignored(template: Path) -> None:
    edited = _edit(template, {(GROSS, STORED_COLUMN): 96.0, (GROSS, VALUE_COLUMN): 94.6})
    assert [i.code for i in _import(edited, {(REGION, GROSS, YEAR): 94.0}).errors] == ["stored-value-changed"]


def test_a_value_stored_since_a_template_that_showed_none_refuses_the_row(template: Path) -> None:
    result = _import(_edit(template, {("primary_enrolment", VALUE_COLUMN): 6.5}),
                     {(REGION, GROSS, YEAR): 94.0, (REGION, "primary_enrolment", YEAR): 6.1})
    assert [(i.code, i.message.split("，")[0]) for i in result.errors] == [
        ("stored-value-changed", "“普通小学在校学生数”2023年库中现存6.1")]


def test_editing_the_stored_column_of_a_row_left_blank_warns_that_it_is_not_written(template: Path) -> None:
    result = _import(_edit(template, {(GROSS, STORED_COLUMN): 99.0, ("primary_enrolment", VALUE_COLUMN): 6.5}),
                     {(REGION, GROSS, YEAR): 94.0})
    assert result.accepted  # a warning: nothing of the edited row is stored
    [warning] = result.issues
    assert warning.code == "stored-value-edited" and warning.severity is Severity.WARNING
    assert "只供核对，不会写入" in warning.message and "现存94" in warning.message
    assert [o.indicator for o in result.collection.observations] == ["primary_enrolment"]


def test_without_the_store_to_compare_or_without_the_column_nothing_is_checked(template: Path, tmp_path: Path
                                                                               ) -> None:
    filled = _edit(template, {(GROSS, STORED_COLUMN): 96.0, (GROSS, VALUE_COLUMN): 94.6})
    assert import_collection(read_workbook(filled), plans=[sample_plan()], catalog=load_catalog(), history={},
                             entered_by="王五").accepted
    wb = Workbook()
    ws = wb.active
    ws.title = "指标"
    ws.append(["区县", "年度", "指标编号", "指标名称", "单位", "本年值"])  # an older or hand-made sheet
    ws.append([REGION, YEAR, GROSS, "学前三年毛入园率", "%", 94.6])
    wb.save(tmp_path / "old.xlsx")
    assert _import(tmp_path / "old.xlsx", {(REGION, GROSS, YEAR): 95.1}).accepted


def test_the_same_workbook_imported_again_after_its_values_were_stored_is_accepted(template: Path) -> None:
    filled = _edit(template, {(GROSS, VALUE_COLUMN): 94.6, ("primary_enrolment", VALUE_COLUMN): 6.5})
    again = _import(filled, {(REGION, GROSS, YEAR): 94.6, (REGION, "primary_enrolment", YEAR): 6.5})
    assert again.accepted and again.issues == [], [str(i) for i in again.issues]
