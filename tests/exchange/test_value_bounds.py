"""Every imported number has a ceiling: a value no real figure reaches is a located error before the database."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook

from eduplan.core.collection.yearly import ImportResult
from eduplan.data.catalog import load_catalog
from eduplan.exchange import import_collection, read_workbook, write_template
from eduplan.exchange.cells import number, shown
from eduplan.exchange.workbook import WorkbookRows, read_csv
from tests.exchange import sample_plan


def _import(workbook: WorkbookRows) -> ImportResult:
    return import_collection(workbook, plans=[sample_plan()], catalog=load_catalog(), history={},
                             entered_by="测试员")


@pytest.fixture
def filled(tmp_path: Path):
    template = write_template(sample_plan(), region="涪陵区", year=2023, previous=None, dest=tmp_path / "t.xlsx")

    def fill(cells: dict[str, dict[str, object]]) -> ImportResult:
        wb = load_workbook(template)
        for sheet, values in cells.items():
            for ref, value in values.items():
                wb[sheet][ref] = value
        wb.save(tmp_path / "filled.xlsx")
        return _import(read_workbook(tmp_path / "filled.xlsx"))

    return fill


def _out_of_range(result: ImportResult) -> dict[tuple[str | None, int | None, str | int | None], str]:
    return {(i.location.sheet, i.location.row, i.location.column): i.message
            for i in result.issues if i.code == "value-out-of-range"}


def test_absurd_values_in_every_sheet_are_located_errors(filled) -> None:
    result = filled({
        "指标": {"J2": 1e308, "J3": 60_000, "J6": 31},  # a gross rate, 6 亿 pupils, 31 years of schooling
        "项目进展": {"J2": 1.2e29, "K3": 1e300},
        "经费": {"F2": 2e9, "F3": 2e7},  # 20 万亿 yuan; 2000 万 yuan per pupil
    })
    assert not result.accepted
    found = _out_of_range(result)
    assert set(found) == {("指标", 2, "J"), ("指标", 3, "J"), ("指标", 6, "J"), ("项目进展", 2, "J"),
                          ("项目进展", 3, "K"), ("经费", 2, "F"), ("经费", 3, "F")}
    assert found[("指标", 2, "J")] == "“学前三年毛入园率”为1e+308，超出合理范围（上限200%），请检查小数点和单位"
    assert found[("项目进展", 2, "J")] == "本年完成投资为1.2e+29，超出合理范围（上限1000000000万元），请检查小数点和单位"
    assert "上限10000000元" in found[("经费", 3, "F")]


def test_plausible_values_pass(filled) -> None:
    result = filled({"指标": {"I2": 120, "I3": 10.5, "I6": 10.3}, "项目进展": {"J2": 3000, "K3": 540},
                     "经费": {"F2": 250_000, "F3": 18_000}})
    assert _out_of_range(result) == {}
    assert result.accepted  # only warnings (a gross rate above 100, changes against the base year)
    assert {i.code for i in result.issues} <= {"gross-rate-above-100", "outlier-change"}


def test_a_sequence_number_beyond_any_table_is_refused(filled) -> None:
    result = filled({"项目进展": {"D2": 1e300, "J2": 100}})
    assert set(_out_of_range(result)) == {("项目进展", 2, "D")}
    assert not result.accepted


def test_integers_beyond_64_bits_and_infinities_are_out_of_range_not_crashes() -> None:
    assert number(10**400) == float("inf") and number(-(10**400)) == float("-inf")
    assert number(float("nan")) is None
    assert shown(float("inf")) == "无穷大"
    csv = ("区县,年度,指标编号,指标名称,单位,本年值\n"
           f"涪陵区,2023,compulsory_enrolment,义务教育在校学生数,万人,{'9' * 400}\n").encode()
    result = _import(read_csv(csv, name="指标.csv"))
    assert not result.accepted
    (message,) = _out_of_range(result).values()
    assert message.startswith("“义务教育在校学生数”为无穷大，超出合理范围（上限50000万人）")


def test_a_text_target_in_an_unknown_unit_has_the_default_ceiling(tmp_path: Path) -> None:
    from tests.exchange.test_template import prose_plan

    template = write_template(prose_plan(), region="涪陵区", year=2023, previous=None, dest=tmp_path / "p.xlsx")
    wb = load_workbook(template)
    wb["文中目标"]["I2"] = 1e13
    wb.save(tmp_path / "prose.xlsx")
    result = import_collection(read_workbook(tmp_path / "prose.xlsx"), plans=[prose_plan()],
                               catalog=load_catalog(), history={}, entered_by="测试员")
    assert list(_out_of_range(result)) == [("文中目标", 2, "I")]


def test_school_figures_and_class_sizes_are_bounded(tmp_path: Path) -> None:
    from eduplan.exchange.schools import read_school_records
    from tests.exchange.test_schools import GOOD_ROWS, school_workbook

    good = GOOD_ROWS[0]
    path = school_workbook(tmp_path, [{**good, "体育运动场馆面积": 1e300},
                                      {**good, "学校代码": "S9", "班额": "45、4500"}])
    result = read_school_records(read_workbook(path))
    assert result.records is None
    codes = {(i.code, i.location.row) for i in result.issues}
    assert ("value-out-of-range", 2) in codes and ("bad-class-sizes", 3) in codes
