"""The report written as .docx, .pdf and .xlsx and opened back: headings, tables, numbers, fonts."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from docx import Document
from docx.oxml.ns import qn
from openpyxl import load_workbook
from pypdf import PdfReader

from eduplan.reports.model import NumberFormat, Report, cell_text
from tests.reports.conftest import ARTIFACTS


def test_docx_headings_styles_and_page(written: dict[str, Path], report: Report) -> None:
    doc = Document(str(written["docx"]))
    paragraphs = [p for p in doc.paragraphs if p.text]
    assert paragraphs[0].text == report.title
    assert any("模拟数据" in p.text for p in paragraphs[:6])
    headings = [p.text for p in paragraphs if p.style is not None and p.style.name == "Heading 1"]
    assert headings == [s.heading for s in report.sections]
    body = doc.styles["报告正文"].element.rPr.find(qn("w:rFonts"))
    assert body.get(qn("w:eastAsia")) == "仿宋"
    assert doc.styles["Heading 1"].element.rPr.find(qn("w:rFonts")).get(qn("w:eastAsia")) == "黑体"
    section = doc.sections[0]
    assert (round(section.page_width.cm, 1), round(section.page_height.cm, 1)) == (21.0, 29.7)
    assert "PAGE" in section.footer._element.xml
    assert len(doc.inline_shapes) == len(report.charts())


def test_docx_tables_show_the_printed_columns(written: dict[str, Path], report: Report) -> None:
    doc = Document(str(written["docx"]))
    expected = [t.printed() for t in report.tables()]
    assert len(doc.tables) == len(expected)
    for grid, table in zip(doc.tables, expected):
        assert [c.text for c in grid.rows[0].cells] == [c.title for c in table.columns]
        assert [c.text for c in grid.rows[1].cells] == [cell_text(v, c) for v, c in zip(table.rows[0], table.columns)]
        assert len(grid.rows) == len(table.rows) + 1


def test_pdf_text_fonts_and_pages(written: dict[str, Path], report: Report) -> None:
    reader = PdfReader(str(written["pdf"]))
    text = "".join(page.extract_text() for page in reader.pages).replace("\n", "")
    for heading in [s.heading for s in report.sections]:
        assert heading in text
    assert "模拟数据" in text
    first = report.tables()[0].printed()
    assert cell_text(first.rows[0][1], first.columns[1]) in text
    fonts = {}
    for page in reader.pages:
        for font in (page["/Resources"].get("/Font") or {}).values():
            font = font.get_object()
            descendant = font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font
            descriptor = descendant.get("/FontDescriptor")
            fonts[str(font["/BaseFont"])] = descriptor is not None and any(
                k in descriptor.get_object() for k in ("/FontFile", "/FontFile2", "/FontFile3"))
    assert fonts and all(fonts.values()), f"未嵌入的字体：{[k for k, v in fonts.items() if not v]}"


def test_pdf_pages_render_to_png(written: dict[str, Path]) -> None:
    if shutil.which("pdftoppm") is None:
        pytest.skip("未安装 pdftoppm（Debian 软件包 poppler-utils），跳过 PDF 页面渲染检查")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    prefix = ARTIFACTS / "evaluation"
    for old in ARTIFACTS.glob("evaluation-*.png"):
        old.unlink()
    subprocess.run(["pdftoppm", "-r", "60", "-png", str(written["pdf"]), str(prefix)], check=True, timeout=120)
    pages = sorted(ARTIFACTS.glob("evaluation-*.png"))
    assert len(pages) == len(PdfReader(str(written["pdf"])).pages)


def test_xlsx_one_sheet_per_table_with_number_formats(written: dict[str, Path], report: Report) -> None:
    wb = load_workbook(written["xlsx"])
    tables = report.tables()
    assert wb.sheetnames[0] == "说明" and len(wb.sheetnames) == len(tables) + 1
    assert "模拟数据" in "".join(str(c.value) for row in wb["说明"].iter_rows() for c in row if c.value)
    for name, table in zip(wb.sheetnames[1:], tables):
        ws = wb[name]
        assert [c.value for c in ws[1]] == [c.title for c in table.columns]
        assert ws.freeze_panes == "A2" and ws.max_row == len(table.rows) + 1
        for r, row in enumerate(table.rows, start=2):
            for c, (column, value) in enumerate(zip(table.columns, row), start=1):
                cell = ws.cell(row=r, column=c)
                assert cell.value == (pytest.approx(value, rel=1e-12) if isinstance(value, float) else value)
                if isinstance(value, (int, float)) and column.format not in (NumberFormat.AUTO, NumberFormat.TEXT):
                    assert cell.number_format == column.format.value
    ratio = tables[0].columns[[c.title for c in tables[0].columns].index("实际/所需年均变化")]
    assert ratio.format is NumberFormat.TWO
