"""The report as a Word document (python-docx), laid out like a government report.

A4 with 公文 margins; body 仿宋 三号 (16 pt), headings 黑体, the title 宋体 二号 bold; the East-Asian
font is set through w:eastAsia so Word uses it for Chinese characters; page numbers in the footer.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor
from docx.styles.style import BaseStyle
from docx.table import Table as DocxTable
from docx.text.paragraph import Paragraph as DocxParagraph

from eduplan.reports.model import (
    SIMULATED_NOTE,
    Chart,
    Paragraph,
    Report,
    Subheading,
    Table,
    cell_text,
    date_text,
)

BODY_FONT, HEADING_FONT, TITLE_FONT, SUBHEADING_FONT = "仿宋", "黑体", "宋体", "楷体"
LATIN_FONT = "Times New Roman"
ChartRenderer = Callable[[Chart], bytes]

__all__ = ["BODY_FONT", "HEADING_FONT", "TITLE_FONT", "write_docx"]


def write_docx(report: Report, path: Path, *, render: ChartRenderer | None = None) -> Path:
    """Write the report as .docx; `render` draws a chart as PNG (default: matplotlib)."""
    if render is None:
        from eduplan.reports.charts import render_chart

        render = lambda chart: render_chart(chart.spec)
    doc = Document()
    _page_setup(doc)
    styles = _styles(doc)
    _front(doc, report, styles)
    for section in report.sections:
        _para(doc, section.heading, styles["Heading 1"])
        for block in section.blocks:
            if isinstance(block, Paragraph):
                _para(doc, block.text, styles["报告注释" if block.note else "报告正文"])
            elif isinstance(block, Subheading):
                _para(doc, block.text, styles["Heading 2"])
            elif isinstance(block, Table):
                _table(doc, block, styles)
            else:
                _chart(doc, block, render(block), styles)
    path.parent.mkdir(parents=True, exist_ok=True)
    doc.save(str(path))
    return path


def _para(doc: DocxDocument, text: str, style: BaseStyle) -> DocxParagraph:
    """A paragraph in a style, set by id (python-docx's setter scans every style each time)."""
    paragraph = doc.add_paragraph(text)
    paragraph._p.style = style.style_id
    return paragraph


def _set_fonts(style: BaseStyle, east_asia: str, size: float, *, bold: bool = False) -> None:
    """A style's Latin and East-Asian fonts (w:eastAsia), size and weight."""
    font = style.font  # type: ignore[attr-defined]
    font.name, font.size, font.bold = LATIN_FONT, Pt(size), bold
    font.color.rgb = RGBColor(0, 0, 0)
    rpr = style.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in ("w:ascii", "w:hAnsi"):
        fonts.set(qn(attr), LATIN_FONT)
    fonts.set(qn("w:eastAsia"), east_asia)
    for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(theme), None)


def _styles(doc: DocxDocument) -> dict[str, BaseStyle]:
    """Body, note, title and heading styles in the government-report fonts, by name.

    Callers pass the style objects, not names: python-docx looks a name up by scanning every style.
    """
    from docx.enum.style import WD_STYLE_TYPE

    styles = doc.styles
    found: dict[str, BaseStyle] = {}
    _set_fonts(styles["Normal"], BODY_FONT, 16)
    for name, font, size, bold in (("报告正文", BODY_FONT, 16, False), ("报告注释", BODY_FONT, 12, False),
                                   ("报告标题", TITLE_FONT, 22, True), ("报告署名", BODY_FONT, 16, False),
                                   ("表格文字", BODY_FONT, 10.5, False), ("图表题注", HEADING_FONT, 12, False)):
        style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = styles["Normal"]
        _set_fonts(style, font, size, bold=bold)
        fmt = style.paragraph_format
        fmt.space_before = fmt.space_after = Pt(0)
        fmt.line_spacing = Pt(28) if size >= 16 else 1.15
        if name == "报告正文":
            fmt.first_line_indent = Pt(32)
        if name in ("报告标题", "图表题注"):
            fmt.alignment = WD_ALIGN_PARAGRAPH.CENTER
        if name == "报告署名":
            fmt.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        found[name] = style
    for name, font, size in (("Heading 1", HEADING_FONT, 16), ("Heading 2", SUBHEADING_FONT, 16)):
        style = styles[name]
        _set_fonts(style, font, size)
        style.paragraph_format.first_line_indent = Pt(32)
        style.paragraph_format.space_before = Pt(6)
        style.paragraph_format.space_after = Pt(0)
        found[name] = style
    return found


def _page_setup(doc: DocxDocument) -> None:
    """A4, 公文 margins, a centred page number “— 1 —” in the footer."""
    section = doc.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.top_margin, section.bottom_margin = Cm(3.7), Cm(3.5)
    section.left_margin, section.right_margin = Cm(2.8), Cm(2.6)
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    footer.add_run("— ")
    _field(footer, "PAGE")
    footer.add_run(" —")


def _field(paragraph: object, instruction: str) -> None:
    """A Word field (PAGE) inside a paragraph."""
    run = paragraph.add_run()  # type: ignore[attr-defined]
    for kind, text in (("begin", None), (None, instruction), ("separate", None), (None, "1"), ("end", None)):
        if kind:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        elif text == instruction:
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = f" {instruction} "
        else:
            element = OxmlElement("w:t")
            element.text = text
        run._r.append(element)


def _front(doc: DocxDocument, report: Report, styles: dict[str, BaseStyle]) -> None:
    """Title, subtitle, issuing body and date, and the simulated-data note."""
    _para(doc, report.title, styles["报告标题"])
    if report.subtitle:
        _para(doc, report.subtitle, styles["图表题注"])
    _para(doc, report.issuer, styles["报告署名"])
    _para(doc, date_text(report.date), styles["报告署名"])
    if report.simulated:
        note = _para(doc, "", styles["报告注释"])
        run = note.add_run(SIMULATED_NOTE)
        run.bold = True
        run.font.color.rgb = RGBColor(0xC0, 0, 0)


def _table(doc: DocxDocument, table: Table, styles: dict[str, BaseStyle]) -> None:
    """A captioned grid table of the printed columns; the header row repeats on every page."""
    table = table.printed()
    _para(doc, table.caption, styles["图表题注"])
    grid: DocxTable = doc.add_table(rows=1, cols=len(table.columns))
    grid.style = doc.styles["Table Grid"]
    cell_style = styles["表格文字"]
    grid.alignment = WD_TABLE_ALIGNMENT.CENTER
    total = sum(c.width for c in table.columns) or 1.0
    usable = 15.6
    header = grid.rows[0]
    _repeat_header(header)
    for cell, column in zip(header.cells, table.columns):
        cell.width = Cm(usable * column.width / total)
        _cell_text(cell, column.title, cell_style, bold=True)
    for row in table.rows:
        cells = grid.add_row().cells
        for cell, column, value in zip(cells, table.columns, row):
            cell.width = Cm(usable * column.width / total)
            _cell_text(cell, cell_text(value, column), cell_style,
                       right=not isinstance(value, str) and value is not None)


def _repeat_header(row: object) -> None:
    trpr = row._tr.get_or_add_trPr()  # type: ignore[attr-defined]
    element = OxmlElement("w:tblHeader")
    element.set(qn("w:val"), "true")
    trpr.append(element)


def _cell_text(cell: object, text: str, style: BaseStyle, *, bold: bool = False, right: bool = False) -> None:
    paragraph = cell.paragraphs[0]  # type: ignore[attr-defined]
    paragraph._p.style = style.style_id
    paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT if right else (
        WD_ALIGN_PARAGRAPH.CENTER if bold else WD_ALIGN_PARAGRAPH.LEFT)
    run = paragraph.add_run(text)
    run.bold = bold


def _chart(doc: DocxDocument, chart: Chart, png: bytes, styles: dict[str, BaseStyle]) -> None:
    """The chart image, centred, with its caption under it."""
    paragraph = doc.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.add_run().add_picture(io.BytesIO(png), width=Cm(15))
    _para(doc, chart.caption, styles["图表题注"])
