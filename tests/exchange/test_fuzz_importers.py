"""Fuzzing the workbook and CSV importers: any input gives a result or an InputError, never another exception.

The budget is bounded (max_examples) and the inputs small, so the whole file runs in seconds.
"""

from __future__ import annotations

import io
import tempfile
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from eduplan.core.errors import InputError
from eduplan.data.catalog import load_catalog
from eduplan.exchange import import_collection, read_workbook
from eduplan.exchange.schools import read_school_records
from eduplan.exchange.workbook import WorkbookRows, read_csv
from tests.exchange import sample_plan
from tests.exchange.test_workbook_limits import _NS, _RELS, _WORKBOOK

FUZZ = settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
CATALOG = load_catalog()
PLANS = [sample_plan()]
HEADER = "区县,年度,指标编号,指标名称,单位,本年值,来源\n"


def _import_all(rows: WorkbookRows) -> None:
    """Both importers on the rows: each returns a result whatever the cells hold."""
    result = import_collection(rows, plans=PLANS, catalog=CATALOG, history={}, entered_by="测试员")
    assert result.accepted == (result.collection is not None)
    assert read_school_records(rows) is not None


def _survives(read) -> None:
    try:
        rows = read()
    except InputError as exc:
        assert exc.message and exc.location is not None
        return
    _import_all(rows)


cells = st.one_of(
    st.text(max_size=12), st.integers(min_value=-(10**30), max_value=10**30).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(repr), st.sampled_from(
        ["涪陵区", "2023", "compulsory_enrolment", "义务教育在校学生数", "万人", "1e308", "九十几", "=1+2",
         '"', '""', "\x00", "１５", "十五", "-0", "1,200", "91.2%", "９" * 30]))


@FUZZ
@given(st.lists(st.lists(cells, min_size=1, max_size=8), max_size=8), st.sampled_from(["utf-8", "gb18030"]),
       st.sampled_from(["指标.csv", "学校.csv", "经费.csv", "项目进展.csv", "任务进展.csv", "文中目标.csv"]))
def test_csv_rows_of_anything(rows: list[list[str]], encoding: str, name: str) -> None:
    text = HEADER + "\n".join(",".join(row) for row in rows)
    data = text.encode(encoding, errors="replace")
    _survives(lambda: read_csv(data, name=name))


@FUZZ
@given(st.binary(max_size=400))
def test_csv_of_random_bytes(data: bytes) -> None:
    _survives(lambda: read_csv(data, name="指标.csv"))


_types = st.sampled_from(["n", "s", "str", "b", "e", "d", "inlineStr", "bogus", None])
_values = st.one_of(st.sampled_from(["0", "1", "-3", "1e308", "1e999", "nan", "inf", "", "12abc", "2023-09-01",
                                     "99999999999999999999999999999999999999", "45000", "-1"]),
                    st.text(alphabet="0123456789.-eE", max_size=10))
_refs = st.one_of(st.none(), st.sampled_from(["A1", "B2", "I3", "ZZZZZZ1", "XFD1048576", "A0", "1A", "$A$1", "a1"]),
                  st.from_regex(r"[A-Z]{1,3}[0-9]{1,4}", fullmatch=True))


@st.composite
def sheets(draw) -> str:
    rows = []
    for _ in range(draw(st.integers(0, 5))):
        r = draw(st.one_of(st.none(), st.integers(-2, 2_000_000).map(str), st.just("x")))
        out = []
        for _ in range(draw(st.integers(0, 5))):
            ref, kind, value = draw(_refs), draw(_types), draw(_values)
            attrs = (f' r="{ref}"' if ref else "") + (f' t="{kind}"' if kind else "")
            formula = "<f>1+2</f>" if draw(st.booleans()) else ""
            body = (f"<is><t>{escape(value)}</t></is>" if kind == "inlineStr"
                    else f"{formula}<v>{escape(value)}</v>" if draw(st.booleans()) else formula)
            out.append(f"<c{attrs}>{body}</c>")
        rows.append(f"<row{f' r={chr(34)}{r}{chr(34)}' if r else ''}>{''.join(out)}</row>")
    dim = draw(st.one_of(st.just(""), st.sampled_from(["A1", "A1:ZZZZZZ1", "A1:C3", "", "garbage", "A1:B99999999"])))
    dimension = f'<dimension ref="{dim}"/>' if dim else ""
    return f'<worksheet xmlns="{_NS}">{dimension}<sheetData>{"".join(rows)}</sheetData></worksheet>'


def _xlsx(sheet: str, strings: list[str]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("xl/workbook.xml", _WORKBOOK)
        zf.writestr("xl/_rels/workbook.xml.rels", _RELS)
        zf.writestr("xl/worksheets/sheet1.xml", sheet)
        items = "".join(f"<si><t>{escape(s)}</t></si>" for s in strings)
        zf.writestr("xl/sharedStrings.xml", f'<sst xmlns="{_NS}">{items}</sst>')
    return buf.getvalue()


def _read_bytes_as_xlsx(data: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "采集表.xlsx"
        path.write_bytes(data)
        _survives(lambda: read_workbook(path))


@FUZZ
@given(sheets(), st.lists(st.sampled_from(["区县", "年度", "本年值", "涪陵区", "=1+2", ""]), max_size=4))
def test_xlsx_sheets_of_anything(sheet: str, strings: list[str]) -> None:
    _read_bytes_as_xlsx(_xlsx(sheet, strings))


@FUZZ
@given(st.data())
def test_xlsx_with_damaged_bytes(data: st.DataObject) -> None:
    original = bytearray(_xlsx(f'<worksheet xmlns="{_NS}"><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c>'
                               '<c r="B1"><v>2023</v></c></row></sheetData></worksheet>', ["区县"]))
    for _ in range(data.draw(st.integers(1, 8))):
        original[data.draw(st.integers(0, len(original) - 1))] = data.draw(st.integers(0, 255))
    _read_bytes_as_xlsx(bytes(original))


@FUZZ
@given(st.binary(max_size=300))
def test_xlsx_of_random_bytes(data: bytes) -> None:
    _read_bytes_as_xlsx(b"PK\x03\x04" + data)
