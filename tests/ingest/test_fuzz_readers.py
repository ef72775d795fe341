"""Fuzzing the document readers: any bytes give a Document (and a Plan) or an InputError, never another exception."""

from __future__ import annotations

import io

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from eduplan.core.errors import InputError
from eduplan.ingest.extract import extract_plan
from eduplan.ingest.readers.document import read_bytes
from tests.ingest.test_read_limits import _body, _docx

FUZZ = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
LINES = ["重庆市涪陵区教育事业发展“十四五”规划", "一、主要目标", "到2025年，学前三年毛入园率达到95%。",
         "| 学前教育 | 毛入园率（%） | 91.2 | ≥95 | 预期性 |", "专栏1 重大项目", "1. 新建幼儿园 5 所，投资 1.2 亿元",
         "（一）推进学前教育普及普惠", "责任单位：区教委", "— 3 —", "\t95\t98", "|", "", "1e308", "=1+2"]


def _survives(data: bytes, suffix: str) -> None:
    try:
        document = read_bytes(data, suffix=suffix, file=f"规划{suffix}")
        assert document.lines
        extract_plan(document)
    except InputError as exc:
        assert exc.message and exc.location is not None and exc.location.file == f"规划{suffix}"


@FUZZ
@given(st.lists(st.one_of(st.sampled_from(LINES), st.text(max_size=40)), max_size=30),
       st.sampled_from(["utf-8", "gb18030", "utf-16"]))
def test_text_of_anything(lines: list[str], encoding: str) -> None:
    _survives("\n".join(lines).encode(encoding, errors="replace"), ".txt")


@FUZZ
@given(st.binary(max_size=500), st.sampled_from([".txt", ".docx", ".pdf"]))
def test_random_bytes_for_every_suffix(data: bytes, suffix: str) -> None:
    _survives(data, suffix)


@FUZZ
@given(st.data())
def test_damaged_docx(data: st.DataObject) -> None:
    original = bytearray(_docx(_body("一、主要目标：到2025年，学前三年毛入园率达到95%。")))
    for _ in range(data.draw(st.integers(1, 6))):
        original[data.draw(st.integers(0, len(original) - 1))] = data.draw(st.integers(0, 255))
    _survives(bytes(original), ".docx")


def _pdf_bytes() -> bytes:
    from pypdf import PdfWriter
    from pypdf.generic import DecodedStreamObject, NameObject

    writer = PdfWriter()
    page = writer.add_blank_page(300, 300)
    stream = DecodedStreamObject()
    stream.set_data(b"BT /F1 12 Tf 20 250 Td (Main targets 2025: 95) Tj ET")
    page[NameObject("/Contents")] = writer._add_object(stream)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


PDF = _pdf_bytes()


@FUZZ
@given(st.data())
def test_damaged_pdf(data: st.DataObject) -> None:
    original = bytearray(PDF)
    for _ in range(data.draw(st.integers(1, 6))):
        original[data.draw(st.integers(0, len(original) - 1))] = data.draw(st.integers(0, 255))
    _survives(bytes(original), ".pdf")
