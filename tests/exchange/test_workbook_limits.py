"""Hostile workbooks and CSV files: refused before the expensive work, each with a located Chinese message.

The files are written here by hand (a few hundred bytes of XML in a zip), so each case is what it
claims to be and takes milliseconds.
"""

from __future__ import annotations

import time
import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook

from eduplan.core.errors import InputError
from eduplan.core.limits import MB
from eduplan.exchange import workbook as wbk
from eduplan.exchange import xlsx_stream
from eduplan.exchange.workbook import read_csv, read_workbook

_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_WORKBOOK = (f'<workbook xmlns="{_NS}" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
             '<sheets><sheet name="指标" sheetId="1" r:id="rId1"/></sheets></workbook>')
_RELS = ('<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
         '<Relationship Id="rId1" Target="worksheets/sheet1.xml" '
         'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet"/></Relationships>')


def xlsx(tmp_path: Path, sheet_data: str, *, dimension: str | None = None, strings: list[str] | None = None,
         sheet_xml: bytes | None = None, name: str = "采集表.xlsx") -> Path:
    """A one-sheet workbook (sheet 指标) from its <sheetData> content."""
    dim = f'<dimension ref="{dimension}"/>' if dimension else ""
    body = sheet_xml or f'<worksheet xmlns="{_NS}">{dim}<sheetData>{sheet_data}</sheetData></worksheet>'.encode()
    path = tmp_path / name
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        zf.writestr("xl/workbook.xml", _WORKBOOK)
        zf.writestr("xl/_rels/workbook.xml.rels", _RELS)
        zf.writestr("xl/worksheets/sheet1.xml", body)
        if strings is not None:
            items = "".join(f"<si><t>{s}</t></si>" for s in strings)
            zf.writestr("xl/sharedStrings.xml", f'<sst xmlns="{_NS}">{items}</sst>')
    return path


def refused(path: Path) -> InputError:
    start = time.perf_counter()
    with pytest.raises(InputError) as info:
        read_workbook(path)
    assert time.perf_counter() - start < 3.0
    assert info.value.location is not None and info.value.location.file == path.name
    return info.value


def test_a_plain_sheet_reads(tmp_path: Path) -> None:
    rows = read_workbook(xlsx(tmp_path, '<row r="1"><c r="A1" t="inlineStr"><is><t>区县</t></is></c>'
                                        '<c r="B1"><v>2023</v></c></row>', dimension="A1:B1"))
    assert rows.sheets == {"指标": [(1, ("区县", 2023))]}


def test_one_cell_at_zzzzzz1_refused_by_the_dimension(tmp_path: Path) -> None:
    path = xlsx(tmp_path, '<row r="1"><c r="ZZZZZZ1"><v>1</v></c></row>', dimension="A1:ZZZZZZ1")
    assert path.stat().st_size < 2000
    err = refused(path)
    assert "A1:ZZZZZZ1" in err.message and err.location.sheet == "指标"


def test_one_cell_far_away_refused_without_a_dimension(tmp_path: Path) -> None:
    err = refused(xlsx(tmp_path, '<row r="3"><c r="ZZZZZZ3"><v>1</v></c></row>'))
    assert "ZZZZZZ3" in err.message and "500 列" in err.message
    assert (err.location.sheet, err.location.row) == ("指标", 3)


def test_a_row_beyond_the_cap_refused(tmp_path: Path) -> None:
    err = refused(xlsx(tmp_path, '<row r="1048576"><c r="A1048576"><v>1</v></c></row>'))
    assert "500000 行" in err.message and err.location.row == 1048576


def test_empty_formatted_rows_beyond_the_cap_are_skipped(tmp_path: Path) -> None:
    rows = read_workbook(xlsx(tmp_path, '<row r="1"><c r="A1"><v>1</v></c></row><row r="900000" s="1"/>'))
    assert rows.sheets["指标"] == [(1, (1,))]


def test_absurd_dimension_rows_refused(tmp_path: Path) -> None:
    err = refused(xlsx(tmp_path, "", dimension="A1:B9999999"))
    assert "A1:B9999999" in err.message


def test_bad_shared_string_index_is_located(tmp_path: Path) -> None:
    err = refused(xlsx(tmp_path, '<row r="2"><c r="C2" t="s"><v>7</v></c></row>', strings=["区县"]))
    assert "C2" in err.message
    assert (err.location.sheet, err.location.row, err.location.column) == ("指标", 2, "C")


def test_formula_without_cached_value_names_the_cell(tmp_path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    ws.title = "指标"
    ws["A1"], ws["B2"] = "数值", "=1+2"
    path = tmp_path / "公式.xlsx"
    wb.save(path)  # openpyxl saves formulas without their results
    err = refused(path)
    assert "B2" in err.message and "公式" in err.message
    assert (err.location.sheet, err.location.row, err.location.column) == ("指标", 2, "B")


def test_formula_with_cached_value_reads_the_value(tmp_path: Path) -> None:
    rows = read_workbook(xlsx(tmp_path, '<row r="1"><c r="A1"><f>1+2</f><v>3</v></c>'
                                        '<c r="B1" t="str"><f>"涪"&amp;"陵区"</f><v>涪陵区</v></c></row>'))
    assert rows.sheets["指标"] == [(1, (3, "涪陵区"))]


def test_garbage_number_is_located(tmp_path: Path) -> None:
    err = refused(xlsx(tmp_path, '<row r="4"><c r="D4"><v>12abc</v></c></row>'))
    assert (err.location.row, err.location.column) == (4, "D")


def test_workbook_zip_bomb_refused_from_its_directory(tmp_path: Path) -> None:
    rows = '<row r="1"><c r="A1"><v>1</v></c></row>'
    padding = " " * (8 * MB)  # 8 MB of spaces: a ratio of ~1000
    path = xlsx(tmp_path, "", sheet_xml=f'<worksheet xmlns="{_NS}"><sheetData>{rows}</sheetData>{padding}'
                                        f"</worksheet>".encode())
    assert path.stat().st_size < 50_000
    err = refused(path)
    assert "xl/worksheets/sheet1.xml" in err.message and "压缩比" in err.message


def test_a_part_inflating_beyond_the_cap_is_stopped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(xlsx_stream, "MAX_PART_BYTES", 4096)
    rows = "".join(f'<row r="{i}"><c r="A{i}"><v>{i}</v></c></row>' for i in range(1, 400))
    err = refused(xlsx(tmp_path, rows))
    assert "xl/worksheets/sheet1.xml 解压后超过 4096 字节" in err.message


def test_not_a_zip_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "假.xlsx"
    path.write_bytes(b"PK\x03\x04 not really")
    assert "无法读取 Excel 文件" in refused(path).message


def test_csv_field_over_the_field_limit_is_located() -> None:
    data = ("区县,年度,数值\n涪陵区,2023,\"" + "9" * 140_000 + "\"\n").encode()
    with pytest.raises(InputError) as info:
        read_csv(data, name="指标.csv")
    assert "131072" in info.value.message
    assert (info.value.location.file, info.value.location.row) == ("指标.csv", 2)


def test_csv_unclosed_quote_swallowing_the_file_is_located() -> None:
    data = ("区县,年度,数值\n涪陵区,\"2023\n" + "涪陵区,2023,1\n" * 20_000).encode()
    with pytest.raises(InputError) as info:
        read_csv(data, name="指标.csv")
    assert info.value.location.row == 2


def test_csv_rows_capped(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(wbk, "MAX_ROWS", 100)
    with pytest.raises(InputError, match="超过 100 行") as info:
        read_csv(("区县,年度\n" + "涪陵区,2023\n" * 150).encode(), name="指标.csv")
    assert info.value.location.row == 101


def test_csv_columns_capped() -> None:
    with pytest.raises(InputError, match="501 列") as info:
        read_csv(("," * 500 + "\n").encode(), name="指标.csv")
    assert info.value.location.row == 1


def test_csv_in_an_unknown_encoding_names_the_file() -> None:
    with pytest.raises(InputError) as info:
        read_csv(b"\xff\xfe\xfa\x80\x81", name="指标.csv")
    assert info.value.location.file == "指标.csv"


def test_big_integer_in_a_sheet_reads_as_a_number_not_a_crash(tmp_path: Path) -> None:
    big = "9" * 400
    rows = read_workbook(xlsx(tmp_path, f'<row r="1"><c r="A1"><v>{big}</v></c></row>'))
    (value,) = rows.sheets["指标"][0][1]
    assert isinstance(value, float)  # 400 digits: read as a float (inf), which the importer refuses
