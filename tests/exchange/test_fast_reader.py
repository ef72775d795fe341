"""The large-workbook reader (calamine) yields the cells the exact reader (lxml) yields, or steps aside.

The oracle files come from two writers: openpyxl, and LibreOffice converting a CSV it did not
write (so a match is not our writer agreeing with itself). A large workbook's problems are still
located by sheet, row and column, and importing the readers loads neither openpyxl nor calamine.
"""

from __future__ import annotations

import datetime as dt
import math
import random
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from eduplan.core.errors import InputError
from eduplan.data.catalog import load_catalog
from eduplan.exchange import workbook as wbk
from eduplan.exchange.imports import import_collection
from eduplan.exchange.rows import Row
from eduplan.exchange.template import write_template
from eduplan.exchange.xlsx_fast import FAST_READ_BYTES, fast_sheets
from eduplan.exchange.xlsx_stream import Archive, xlsx_sheets
from tests.exchange import sample_plan


def _both(path: Path) -> tuple[dict[str, list[Row]], dict[str, list[Row]] | None]:
    with zipfile.ZipFile(path) as zf:
        return xlsx_sheets(Archive(zf, path.name)), fast_sheets(path, Archive(zf, path.name))


def _assert_same(exact: dict[str, list[Row]], fast: dict[str, list[Row]] | None) -> None:
    assert fast is not None, "the fast reader stepped aside"
    assert list(fast) == list(exact)
    for name, rows in exact.items():
        assert [n for n, _ in fast[name]] == [n for n, _ in rows], name
        for (n, mine), (_, theirs) in zip(fast[name], rows, strict=True):
            assert mine == theirs, (name, n)
            for a, b in zip(mine, theirs, strict=True):  # the same kinds: text, number, bool, date
                numbers = (int, float)
                assert type(a) is type(b) or (isinstance(a, numbers) and isinstance(b, numbers)
                                               and not isinstance(a, bool) and not isinstance(b, bool)), (name, n, a, b)


def test_an_openpyxl_workbook_reads_the_same(tmp_path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    ws.title = "指标"
    ws.append(["区县", "年度", "指标编号", "本年值", "是否", "日期", "时刻", "备注"])
    ws.append(["涪陵区", 2023, "preschool_gross_enrolment_rate", 91.5, True, dt.datetime(2023, 9, 1), dt.time(8, 30), "  "])
    ws.append(["渝中区", 2023, "101", -3, False, dt.date(2024, 2, 29), dt.datetime(2023, 9, 1, 10, 30), "“引号”"])
    ws["C6"] = 1e20
    ws["F6"] = 12.0
    ws["AB7"] = "远处的单元格"
    ws.append([])
    wb.create_sheet("空表")
    other = wb.create_sheet("项目进展")
    other["B3"] = "2023-09"
    other["D3"] = 0.1 + 0.2
    other.sheet_state = "hidden"
    formats = wb.create_sheet("格式")  # number formats whose letters are not dates, and some that are
    for row, (value, fmt) in enumerate([(12.5, '0.0"m"'), (3, "[Red]0.00"), (45000, 'yyyy"年"m"月"'), (7, "0.00E+00"),
                                        (0.5, "h:mm"), (45000.25, "yyyy-mm-dd hh:mm"), (1234.5, "#,##0.00")], start=1):
        formats.cell(row=row, column=1, value=value).number_format = fmt
    path = tmp_path / "openpyxl.xlsx"
    wb.save(path)
    _assert_same(*_both(path))


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed")
def test_a_libreoffice_workbook_reads_the_same(tmp_path: Path) -> None:
    rng = random.Random(7)
    lines = ["区县,年度,指标名称,本年值,开工日期,备注"]
    for i in range(300):
        value = rng.choice([f"{rng.uniform(0, 100):.2f}", str(rng.randint(-50, 5000)), "", "1e5"])
        day = rng.choice(["2023-09-01", "2021-12-31", ""])
        lines.append(f"区县{i % 7},{2015 + i % 10},指标{i},{value},{day},{rng.choice(['', '说明', ' 有空格 '])}")
    source = tmp_path / "data.csv"
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    profile = (tmp_path / "lo-profile").as_uri()
    subprocess.run(["soffice", f"-env:UserInstallation={profile}", "--headless", "--infilter=CSV:44,34,76,1,,1033,false,true",
                    "--convert-to", "xlsx", "--outdir", str(tmp_path), str(source)],
                   check=True, capture_output=True, timeout=180)
    exact, fast = _both(tmp_path / "data.xlsx")
    assert any(isinstance(c, dt.datetime) for _, cells in exact["data"] for c in cells), "LibreOffice kept no date"
    assert any(isinstance(c, int) for _, cells in exact["data"][1:] for c in cells)
    _assert_same(exact, fast)


def _with_formula(path: Path) -> Path:
    wb = Workbook()
    wb.active["B2"] = 1
    wb.active["C2"] = "=B2+1"  # openpyxl stores no cached value
    wb.save(path)
    return path


def test_the_fast_reader_steps_aside_where_it_would_read_differently(tmp_path: Path) -> None:
    formula = _with_formula(tmp_path / "f.xlsx")
    with zipfile.ZipFile(formula) as zf:
        assert fast_sheets(formula, Archive(zf, formula.name)) is None
    wb = Workbook()
    wb.active["A1"] = "#DIV/0!"
    wb.active["A1"].data_type = "e"
    wb.save(tmp_path / "e.xlsx")
    exact, fast = _both(tmp_path / "e.xlsx")
    assert fast is None and exact["Sheet"] == [(1, ("#DIV/0!",))]
    wb = Workbook()
    wb.active["A1"] = "x"
    wb.active.cell(row=3, column=wbk.MAX_COLUMNS + 1, value="太远")
    wb.save(tmp_path / "wide.xlsx")
    with zipfile.ZipFile(tmp_path / "wide.xlsx") as zf:
        assert fast_sheets(tmp_path / "wide.xlsx", Archive(zf, "wide.xlsx")) is None


@pytest.fixture(scope="module")
def large(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample template with one bad figure (指标 J2) and a large extra sheet: above FAST_READ_BYTES."""
    tmp = tmp_path_factory.mktemp("large")
    template = write_template(sample_plan(), region="涪陵区", year=2023, previous=None, dest=tmp / "t.xlsx")
    wb = load_workbook(template)
    wb["指标"]["J2"] = "待统计"
    ws = wb.create_sheet("附表")
    rng = random.Random(3)
    for i in range(60_000):
        ws.append([f"{rng.getrandbits(64):016x}", rng.random(), rng.randint(0, 10**9), i])
    path = tmp / "large.xlsx"
    wb.save(path)
    assert path.stat().st_size >= FAST_READ_BYTES
    return path


def test_a_large_workbook_is_read_fast_and_its_errors_stay_located(large: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    used: list[bool] = []

    def spy(path: Path, archive: Archive) -> dict[str, list[Row]] | None:
        sheets = fast_sheets(path, archive)
        used.append(sheets is not None)
        return sheets

    monkeypatch.setattr(wbk, "fast_sheets", spy)
    book = wbk.read_workbook(large)
    assert used == [True]
    result = import_collection(book, plans=[sample_plan()], catalog=load_catalog(), history={})
    bad = [i for i in result.issues if i.code == "not-a-number"]
    assert [(i.location.sheet, i.location.row, i.location.column) for i in bad] == [("指标", 2, "J")]
    assert not result.accepted


def test_a_formula_without_its_value_in_a_large_workbook_is_refused_at_its_cell(large: Path, tmp_path: Path) -> None:
    wb = load_workbook(large)
    wb["附表"]["B40000"] = "=A1*2"
    path = tmp_path / "formula.xlsx"
    wb.save(path)
    assert path.stat().st_size >= FAST_READ_BYTES
    with pytest.raises(InputError) as caught:
        wbk.read_workbook(path)
    where = caught.value.location
    assert (where.sheet, where.row, where.column) == ("附表", 40000, "B")
    assert "公式" in str(caught.value)


def test_importing_the_readers_and_importers_loads_neither_openpyxl_nor_calamine() -> None:
    modules = ["imports", "import_run", "import_figures", "import_progress", "import_quality", "cells", "rows",
               "workbook", "xlsx_stream", "xlsx_fast", "schools", "school_sheet", "school_records", "columns",
               "figure_rows"]
    code = ("import sys\n" + "".join(f"import eduplan.exchange.{m}\n" for m in modules)
            + "print(','.join(sorted({m.split('.')[0] for m in sys.modules} & {'openpyxl', 'python_calamine'})))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == ""


def _rows_one_cell_at_a_time(grid: list[list[object]]) -> list[Row]:
    """The oracle of `_rows`' inline conversion: every value through `_cell`, trailing blanks cut."""
    from eduplan.exchange.xlsx_fast import _cell

    out: list[Row] = []
    for n, values in enumerate(grid, start=1):
        cells = [_cell(v) for v in values]
        while cells and cells[-1] is None:
            cells.pop()
        if cells:
            out.append((n, tuple(cells)))
    return out


def test_the_inline_conversion_of_calamine_values_is_that_of_one_cell_at_a_time() -> None:
    from eduplan.exchange.xlsx_fast import _rows

    rng = random.Random(7)
    values: list[object] = ["", " ", "\u3000", "涪陵区", " 93.5 ", "=1+2", 0.0, -0.0, 1.0, 2.5, -3.0, 1e15, 1e16, -1e15,
                            999999999999999.0, float("nan"), float("inf"), float("-inf"), True, False, 7,
                            dt.date(2024, 6, 1), dt.datetime(2024, 6, 1, 8, 30), dt.time(12, 15),
                            dt.timedelta(days=45000, hours=3)]
    grids = [[], [[]], [[""] * 5], [["", "a"], [""], []]]
    grids += [[[rng.choice(values) for _ in range(rng.randint(0, 8))] for _ in range(rng.randint(0, 30))]
              for _ in range(300)]
    for grid in grids:
        fast, slow = _rows(grid), _rows_one_cell_at_a_time(grid)
        assert [n for n, _ in fast] == [n for n, _ in slow]
        for (_, mine), (_, theirs) in zip(fast, slow, strict=True):
            assert len(mine) == len(theirs)
            for a, b in zip(mine, theirs, strict=True):
                nans = isinstance(a, float) and isinstance(b, float) and math.isnan(a) and math.isnan(b)
                assert type(a) is type(b) and (a == b or nans), (a, b)
