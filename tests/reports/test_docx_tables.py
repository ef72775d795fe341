"""The .docx written fast (a table's XML as one string, a paragraph's too, the styles part made once
per process) against python-docx's own writers (`docx_oracle`, the writers as they were): every
part of the package byte for byte, and read back with python-docx, the text and style of every
paragraph and cell, on generated tables and paragraphs and a real report."""

from __future__ import annotations

import datetime as dt
import io
import math
import zipfile
from pathlib import Path

import pytest
from docx import Document
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image

import eduplan.reports.docx as docx_writer
from eduplan.reports.docx import write_docx
from eduplan.reports.model import Column, NumberFormat, Paragraph, Report, Section, Table
from tests.reports import docx_oracle


def _png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), "white").save(buffer, "PNG")
    return buffer.getvalue()


PNG = _png()

texts = st.one_of(st.text(alphabet=st.sampled_from(list("甲乙 　ab&<>\"'\t\n\r—%·（）")), max_size=8),
                  st.sampled_from(["", " ", "　前后　", " lead", "trail ", "a\tb", "一\n二", "\r", "<&>"]))
cells = st.one_of(st.none(), texts, st.integers(-10**7, 10**7), st.floats(allow_nan=True, allow_infinity=False, width=32),
                  st.just(math.nan), st.dates(dt.date(1990, 1, 1), dt.date(2040, 12, 31)))
columns = st.builds(Column, texts.filter(bool), st.sampled_from(list(NumberFormat)), st.sampled_from([0.5, 1.0, 2.0, 3.0]),
                    st.sampled_from([True, True, True, False]))


@st.composite
def tables(draw: st.DrawFn) -> Table:
    cols = draw(st.lists(columns, min_size=1, max_size=6))
    if not any(c.printed for c in cols):
        cols[0] = Column(cols[0].title, cols[0].format, cols[0].width, True)
    width = len(cols)
    rows = draw(st.lists(st.lists(cells, min_size=width, max_size=width).map(tuple), max_size=6))
    return Table(draw(texts), tuple(cols), tuple(rows))


def _report(blocks: list[Table], *, simulated: bool = True) -> Report:
    return Report(title="测试县教育事业发展规划2024年年度评估报告", issuer="测试县教育委员会", date=dt.date(2025, 1, 15),
                  simulated=simulated, sections=(Section("一、总体情况", (Paragraph("正文。"), *blocks,
                                                                      *(Paragraph(t.caption, note=n % 2 == 1)
                                                                        for n, t in enumerate(blocks)))),
                                                 Section("二、表格", tuple(blocks))),
                  subtitle="（2024年度）", addressee="县人民政府", annotation="此件公开发布")


def _both(report: Report, folder: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, Path]:
    fast = write_docx(report, folder / "fast.docx", render=lambda chart: PNG)
    with monkeypatch.context() as m:
        m.setattr(docx_writer, "_table", docx_oracle.table)
        m.setattr(docx_writer, "_para", docx_oracle.para)
        m.setattr(docx_writer, "_styles", docx_writer._built_styles)
        slow = write_docx(report, folder / "slow.docx", render=lambda chart: PNG)
    return fast, slow


def _parts(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as z:
        return {name: z.read(name) for name in z.namelist()}


def _read_back(path: Path) -> list[object]:
    doc = Document(str(path))
    out: list[object] = [(p.text, p.style.name if p.style else None, p.alignment) for p in doc.paragraphs]
    for table in doc.tables:
        out.append([[(c.text, [(p.style.name if p.style else None, p.alignment) for p in c.paragraphs],
                      c.width) for c in row.cells] for row in table.rows])
        out.append((table.style.name if table.style else None, table.alignment, table.autofit))
    return out


def _same_documents(fast: Path, slow: Path) -> None:
    a, b = _parts(fast), _parts(slow)
    assert list(a) == list(b)
    for name in a:
        assert a[name] == b[name], name
    assert _read_back(fast) == _read_back(slow)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(blocks=st.lists(tables(), min_size=1, max_size=3), simulated=st.booleans())
def test_generated_tables_are_written_as_python_docx_writes_them(
        blocks: list[Table], simulated: bool, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _same_documents(*_both(_report(blocks, simulated=simulated), tmp_path, monkeypatch))


def test_edge_tables(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocks = [Table("空表", (Column("名称"),), ()),
              Table("不印的列", (Column("a"), Column("b", NumberFormat.ONE), Column("c", printed=False)),
                    (("甲", None, ""), ("乙", 1.25, "不印"), (None, math.nan, None))),
              Table("边上的空格\t与换行\n", (Column(" 前 "), Column("后\t")), (("  ", "\r\n"), ("&amp;", "<w:t>")))]
    _same_documents(*_both(_report(blocks), tmp_path, monkeypatch))


def test_an_evaluation_report_is_written_as_python_docx_writes_it(
        report: Report, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert report.tables() and sum(len(t.rows) for t in report.tables()) > 20
    fast, slow = _both(report, tmp_path, monkeypatch)
    _same_documents(fast, slow)
    assert len(Document(str(fast)).tables) == len(report.tables())
