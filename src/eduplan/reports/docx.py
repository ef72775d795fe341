"""The report as a Word document (python-docx), laid out as a 公文 (GB/T 9704-2012, `layout.py`).

Fonts are named as Word users have them (方正小标宋简体, 仿宋_GB2312, 黑体, 楷体_GB2312) with the
Windows names as alternates in the font table (仿宋, 宋体, 楷体); LibreOffice and WPS on Linux map
them through `fonts.fontconfig_aliases`. Body 三号 at a fixed 28 pt pitch on a line grid; the
模拟数据 mark in every page's header; page numbers “— n —” outside (odd right, even left); tables
with fixed column widths in the grid and in every cell, which Word, WPS and LibreOffice all honour.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from xml.sax.saxutils import escape

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Cm, Emu, Pt, RGBColor
from docx.styles.style import BaseStyle
from docx.text.paragraph import Paragraph as DocxParagraph
from lxml import etree

from eduplan.reports import layout as gw
from eduplan.reports.fonts import ROLES
from eduplan.reports.model import (
    SIMULATED_MARK,
    Chart,
    Paragraph,
    Report,
    Subheading,
    Table,
    cell_text,
    date_text,
)

TITLE_FONT, BODY_FONT, HEADING_FONT, SUBHEADING_FONT = (ROLES[r].standard for r in ("title", "body", "heading", "kai"))
#: What Word falls back to where the standard font is missing (Windows ships 仿宋 and 楷体, not the _GB2312 ones).
ALTERNATES = {TITLE_FONT: "宋体", BODY_FONT: "仿宋", HEADING_FONT: "SimHei", SUBHEADING_FONT: "楷体"}
HEADER_TEXT = f"{SIMULATED_MARK}　仅供演示和测试，不代表实际情况"
MARK_COLOR = RGBColor(0xC0, 0, 0)
TWIPS_PER_PT = 20
#: The schema's order of children (Word refuses a file whose elements are out of order).
TBLPR_ORDER = ("w:tblStyle", "w:tblpPr", "w:tblOverlap", "w:bidiVisual", "w:tblStyleRowBandSize",
               "w:tblStyleColBandSize", "w:tblW", "w:jc", "w:tblCellSpacing", "w:tblInd", "w:tblBorders", "w:shd",
               "w:tblLayout", "w:tblCellMar", "w:tblLook", "w:tblCaption", "w:tblDescription", "w:tblPrChange")
PPR_AFTER_SNAP = ("w:spacing", "w:ind", "w:contextualSpacing", "w:mirrorIndents", "w:suppressOverlap", "w:jc",
                  "w:textDirection", "w:textAlignment", "w:textboxTightWrap", "w:outlineLvl", "w:divId", "w:cnfStyle",
                  "w:rPr", "w:sectPr", "w:pPrChange")
ChartRenderer = Callable[[Chart], bytes]

__all__ = ["BODY_FONT", "HEADING_FONT", "SUBHEADING_FONT", "TITLE_FONT", "write_docx"]


def write_docx(report: Report, path: Path, *, render: ChartRenderer | None = None) -> Path:
    """Write the report as .docx; `render` draws a chart as PNG (default: matplotlib)."""
    if render is None:
        from eduplan.reports.charts import render_chart

        render = lambda chart: render_chart(chart.spec)
    doc = Document()
    doc._body.clear_content()
    styles = _styles(doc)
    _page_setup(doc, report)
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
    _signature(doc, report, styles)
    _properties(doc, report)
    path.parent.mkdir(parents=True, exist_ok=True)
    doc.save(str(path))
    return path


def _para(doc: DocxDocument, text: str, style: str) -> DocxParagraph:
    """A paragraph in a style (by id) before the section's properties, as `add_paragraph(text)` and
    the style set on it write it, from one string (python-docx's setter scans every style each time)."""
    p = parse_xml(f"<w:p {nsdecls('w')}><w:pPr><w:pStyle w:val=\"{_attr(style)}\"/></w:pPr>"
                  f"{_run_xml(text) if text else ''}</w:p>")
    doc.element.body.sectPr.addprevious(p)
    return DocxParagraph(p, doc._body)


def _set_fonts(style: BaseStyle, east_asia: str, size: float, *, bold: bool = False) -> None:
    """A style's fonts (the same standard face for Chinese and for digits), size, weight, colour."""
    font = style.font  # type: ignore[attr-defined]
    font.size, font.bold = Pt(size), bold
    font.color.rgb = RGBColor(0, 0, 0)
    rpr = style.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), east_asia)
    for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(theme), None)
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:val"), "en-US")  # the language of Latin runs: zh-CN there lets LibreOffice break inside numbers
    lang.set(qn("w:eastAsia"), "zh-CN")


def _spacing(style: BaseStyle, *, exact: float | None, indent_chars: int = 0, align: object = None) -> None:
    """Exact line pitch (or single), no space before/after, first-line indent in characters."""
    fmt = style.paragraph_format  # type: ignore[attr-defined]
    fmt.space_before = fmt.space_after = Pt(0)
    if exact is None:
        fmt.line_spacing_rule = WD_LINE_SPACING.SINGLE
    else:
        fmt.line_spacing_rule, fmt.line_spacing = WD_LINE_SPACING.EXACTLY, Pt(exact)
    if indent_chars:
        fmt.first_line_indent = Pt(gw.BODY_PT * indent_chars)
        ppr = style.element.get_or_add_pPr()
        ind = ppr.find(qn("w:ind"))
        ind.set(qn("w:firstLineChars"), str(indent_chars * 100))
    if align is not None:
        fmt.alignment = align
    fmt.widow_control = True
    if exact != gw.LINE_PITCH:  # only the 28 pt text keeps to the line grid; the rest would be spread over it
        snap = OxmlElement("w:snapToGrid")
        snap.set(qn("w:val"), "0")
        style.element.get_or_add_pPr().insert_element_before(snap, *PPR_AFTER_SNAP)


def _styles(doc: DocxDocument) -> dict[str, str]:
    """The 公文 styles put in the document, their ids by name: the styles part `_built_styles` makes,
    made once per process and parsed again for each document (python-docx adds a style scanning
    every style, most of a short report's time)."""
    xml, ids = _styles_made()
    doc.part._styles_part._element = parse_xml(xml)  # type: ignore[attr-defined]
    return dict(ids)


@lru_cache(maxsize=1)
def _styles_made() -> tuple[bytes, tuple[tuple[str, str], ...]]:
    doc = Document()
    ids = _built_styles(doc)
    return etree.tostring(doc.part._styles_part.element), tuple(ids.items())  # type: ignore[attr-defined]


def _built_styles(doc: DocxDocument) -> dict[str, str]:
    """The 公文 styles made in the document's styles part; their ids by name (the table grid's too)."""
    styles = doc.styles
    found: dict[str, BaseStyle] = {}
    _set_fonts(styles["Normal"], BODY_FONT, gw.BODY_PT)
    _spacing(styles["Normal"], exact=gw.LINE_PITCH)
    for name, font, size, pitch, indent, align in (
            ("报告正文", BODY_FONT, gw.BODY_PT, gw.LINE_PITCH, 2, WD_ALIGN_PARAGRAPH.JUSTIFY),
            ("报告注释", BODY_FONT, gw.NOTE_PT, 22, 2, WD_ALIGN_PARAGRAPH.JUSTIFY),
            ("报告标题", TITLE_FONT, gw.TITLE_PT, gw.TITLE_PITCH, 0, WD_ALIGN_PARAGRAPH.CENTER),
            ("报告副标题", SUBHEADING_FONT, gw.BODY_PT, gw.LINE_PITCH, 0, WD_ALIGN_PARAGRAPH.CENTER),
            ("主送机关", BODY_FONT, gw.BODY_PT, gw.LINE_PITCH, 0, WD_ALIGN_PARAGRAPH.LEFT),
            ("报告署名", BODY_FONT, gw.BODY_PT, gw.LINE_PITCH, 0, WD_ALIGN_PARAGRAPH.RIGHT),
            ("附注", BODY_FONT, gw.BODY_PT, gw.LINE_PITCH, 2, WD_ALIGN_PARAGRAPH.LEFT),
            ("表格文字", BODY_FONT, gw.TABLE_PT, None, 0, None),
            ("表头文字", HEADING_FONT, gw.TABLE_PT, None, 0, WD_ALIGN_PARAGRAPH.CENTER),
            ("图表题注", HEADING_FONT, gw.NOTE_PT, 22, 0, WD_ALIGN_PARAGRAPH.CENTER),
            ("页眉标记", HEADING_FONT, gw.TABLE_PT, None, 0, WD_ALIGN_PARAGRAPH.CENTER),
            ("页码", BODY_FONT, gw.PAGE_NUMBER_PT, None, 0, None)):
        style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = styles["Normal"]
        _set_fonts(style, font, size)
        _spacing(style, exact=pitch, indent_chars=indent, align=align)
        found[name] = style
    found["页眉标记"].font.color.rgb = MARK_COLOR  # type: ignore[attr-defined]
    found["图表题注"].paragraph_format.keep_with_next = True  # type: ignore[attr-defined]
    for name, font in (("Heading 1", HEADING_FONT), ("Heading 2", SUBHEADING_FONT)):
        style = styles[name]
        _set_fonts(style, font, gw.BODY_PT)
        style.font.italic = False  # type: ignore[attr-defined]
        _spacing(style, exact=gw.LINE_PITCH, indent_chars=2, align=WD_ALIGN_PARAGRAPH.JUSTIFY)
        style.paragraph_format.keep_with_next = True  # type: ignore[attr-defined]
        found[name] = style
    found["Table Grid"] = styles["Table Grid"]
    return {name: style.style_id for name, style in found.items()}


def _page_setup(doc: DocxDocument, report: Report) -> None:
    """A4, 公文 margins, a 28 pt line grid; the mark in every header; page numbers outside."""
    section = doc.sections[0]
    section.page_width, section.page_height = Cm(gw.PAGE_MM[0] / 10), Cm(gw.PAGE_MM[1] / 10)
    section.top_margin, section.bottom_margin = Cm(gw.TOP_MM / 10), Cm(gw.BOTTOM_MM / 10)
    section.left_margin, section.right_margin = Cm(gw.LEFT_MM / 10), Cm(gw.RIGHT_MM / 10)
    section.header_distance = Cm(1.5)
    # the page number's baseline about 7 mm under the text block
    section.footer_distance = Cm((gw.BOTTOM_MM - gw.PAGE_NUMBER_BELOW_MM) / 10 - 0.5)
    grid = section._sectPr.find(qn("w:docGrid"))
    grid.set(qn("w:type"), "lines")
    grid.set(qn("w:linePitch"), str(int(gw.LINE_PITCH * TWIPS_PER_PT)))
    doc.settings.odd_and_even_pages_header_footer = True
    for header in (section.header, section.even_page_header):
        header.is_linked_to_previous = False
        if report.simulated:
            paragraph = header.paragraphs[0]
            paragraph.text = HEADER_TEXT
            paragraph._p.style = "页眉标记"
    for footer, align in ((section.footer, WD_ALIGN_PARAGRAPH.RIGHT), (section.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT)):
        footer.is_linked_to_previous = False
        paragraph = footer.paragraphs[0]
        paragraph._p.style = "页码"
        paragraph.alignment = align
        fmt = paragraph.paragraph_format
        fmt.left_indent = fmt.right_indent = Pt(gw.PAGE_NUMBER_PT)  # one character in from the edge
        paragraph.add_run("— ")
        _field(paragraph, "PAGE")
        paragraph.add_run(" —")


def _field(paragraph: DocxParagraph, instruction: str) -> None:
    """A Word field (PAGE) inside a paragraph."""
    run = paragraph.add_run()
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


def _front(doc: DocxDocument, report: Report, styles: dict[str, str]) -> None:
    """The title in balanced lines (never broken inside a bracket), subtitle and 主送机关."""
    title = _para(doc, "", styles["报告标题"])
    for n, line in enumerate(gw.title_lines(report.title, gw.TEXT_WIDTH / gw.TITLE_PT)):
        run = title.add_run(line)
        if n:
            run._r.addprevious(_break())
    title.paragraph_format.space_after = Pt(gw.LINE_PITCH)
    if report.subtitle:
        _para(doc, report.subtitle, styles["报告副标题"]).paragraph_format.space_after = Pt(gw.LINE_PITCH / 2)
    if report.addressee:
        _para(doc, report.addressee.rstrip("：:") + "：", styles["主送机关"])


def _break() -> object:
    run = OxmlElement("w:r")
    br = OxmlElement("w:br")
    run.append(br)
    return run


def _signature(doc: DocxDocument, report: Report, styles: dict[str, str]) -> None:
    """The issuing body and the date after the text (GB/T 9704 7.3.5.2), then the 附注."""
    day = date_text(report.date)
    right_body, right_day = gw.signature_indents(report.issuer, day)
    _para(doc, "", styles["报告正文"])
    _para(doc, "", styles["报告正文"])
    for text, right in ((report.issuer, right_body), (day, right_day)):
        paragraph = _para(doc, text, styles["报告署名"])
        paragraph.paragraph_format.right_indent = Pt(right * gw.BODY_PT)
        # the date stays with the body's name, and the 附注 with the date (7.3.7)
        paragraph.paragraph_format.keep_with_next = text == report.issuer or bool(report.annotation)
    if report.annotation:
        _para(doc, f"（{report.annotation.strip('（）()')}）", styles["附注"])


def _table(doc: DocxDocument, table: Table, styles: dict[str, str]) -> None:
    """A captioned table of fixed column widths (grid and cells), its header repeated on every page:
    its XML written as one string and parsed once (python-docx builds it cell by cell, run by run,
    which was most of a report's time). The same elements as python-docx writes them
    (tests/reports/test_docx_tables.py compares the documents with `docx_oracle`, the cell-by-cell writer)."""
    widths = gw.column_widths(table, gw.TEXT_WIDTH)
    table = table.printed()
    _para(doc, table.caption, styles["图表题注"])
    twips = [round(w * TWIPS_PER_PT) for w in widths]
    pad = round(gw.CELL_PADDING / 2 * TWIPS_PER_PT)
    cell_w = [str(w) for w in twips]  # one per printed column (`layout.column_widths`)
    xml = [(f"<w:tbl {nsdecls('w')}><w:tblPr><w:tblStyle w:val=\"{_attr(styles['Table Grid'])}\"/>"
           f"<w:tblW w:type=\"dxa\" w:w=\"{sum(twips)}\"/><w:jc w:val=\"center\"/><w:tblLayout w:type=\"fixed\"/>"
           f"<w:tblCellMar><w:left w:w=\"{pad}\" w:type=\"dxa\"/><w:right w:w=\"{pad}\" w:type=\"dxa\"/></w:tblCellMar>"
           "<w:tblLook w:firstColumn=\"1\" w:firstRow=\"1\" w:lastColumn=\"0\" w:lastRow=\"0\" w:noHBand=\"0\" "
           "w:noVBand=\"1\" w:val=\"04A0\"/></w:tblPr><w:tblGrid>"),
           *(f"<w:gridCol w:w=\"{w}\"/>" for w in cell_w), "</w:tblGrid>"]
    head, body = _attr(styles["表头文字"]), _attr(styles["表格文字"])
    xml.append("<w:tr><w:trPr><w:tblHeader w:val=\"true\"/></w:trPr>")
    xml.extend(_cell_xml(w, head, column.title, False) for w, column in zip(cell_w, table.columns))
    xml.append("</w:tr>")
    for values in table.rows:
        xml.append("<w:tr><w:trPr><w:cantSplit/></w:trPr>")
        for w, column, value in zip(cell_w, table.columns, values):
            xml.append(_cell_xml(w, body, cell_text(value, column), not isinstance(value, str) and value is not None))
        xml.append("</w:tr>")
    xml.append("</w:tbl>")
    doc.element.body.sectPr.addprevious(parse_xml("".join(xml)))


def _attr(value: str) -> str:
    return escape(value, {"\"": "&quot;"})


def _cell_xml(width: str, style: str, text: str, right: bool) -> str:
    """One cell: its width, a paragraph in the style (right-aligned for a number) and the text's run
    as python-docx's `add_run` writes it (a tab → w:tab, a line break → w:br, edge spaces kept)."""
    jc = "<w:jc w:val=\"right\"/>" if right else ""
    return (f"<w:tc><w:tcPr><w:tcW w:type=\"dxa\" w:w=\"{width}\"/></w:tcPr><w:p><w:pPr><w:pStyle w:val=\"{style}\"/>"
            f"{jc}</w:pPr>{_run_xml(text)}</w:p></w:tc>")


def _run_xml(text: str) -> str:
    if not text:
        return "<w:r/>"
    out = []
    for piece in _RUN_BREAKS.split(text):
        if piece == "\t":
            out.append("<w:tab/>")
        elif piece in ("\n", "\r"):
            out.append("<w:br/>")
        elif piece:
            space = " xml:space=\"preserve\"" if len(piece.strip()) < len(piece) else ""
            out.append(f"<w:t{space}>{escape(piece)}</w:t>")
    return f"<w:r>{''.join(out)}</w:r>"


_RUN_BREAKS = re.compile(r"([\t\r\n])")


def _chart(doc: DocxDocument, chart: Chart, png: bytes, styles: dict[str, str]) -> None:
    """The chart image, centred, with its caption under it (single spacing: the line grid would clip it)."""
    paragraph = doc.add_paragraph()
    paragraph._p.style = styles["表格文字"]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.paragraph_format.keep_with_next = True
    paragraph.add_run().add_picture(io.BytesIO(png), width=Emu(int(gw.TEXT_WIDTH * 12700 * 0.95)))
    _para(doc, chart.caption, styles["图表题注"])


def _properties(doc: DocxDocument, report: Report) -> None:
    """Title, author (the issuer), dates (the report's), the application; no template leftovers."""
    props = doc.core_properties
    stamp = dt.datetime(report.date.year, report.date.month, report.date.day)
    props.title, props.author, props.last_modified_by = report.title, report.issuer, report.issuer
    props.subject = report.subtitle.strip("（）") if report.subtitle else ""
    props.keywords = SIMULATED_MARK if report.simulated else ""
    props.comments, props.category, props.language = "", "评估报告", "zh-CN"
    props.created = props.modified = stamp
    props.last_printed = stamp
    props.revision = 1
    package = doc.part.package
    for rel_id, rel in list(package.rels.items()):
        if rel.reltype == RT.THUMBNAIL:
            del package.rels[rel_id]
        elif rel.reltype == RT.EXTENDED_PROPERTIES:
            rel.target_part._blob = _app_xml(report).encode()  # type: ignore[attr-defined]
    _font_table(doc)


def _app_xml(report: Report) -> str:
    return ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" '
            'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
            f"<Template>Normal.dotm</Template><Application>eduplan</Application>"
            f"<Company>{escape(report.issuer)}</Company><DocSecurity>0</DocSecurity><AppVersion>1.0</AppVersion>"
            "</Properties>")


def _font_table(doc: DocxDocument) -> None:
    """The standard fonts in the font table, with GB2312 charset and the Windows name as alternate."""
    part = doc.part.part_related_by(RT.FONT_TABLE)
    root = parse_xml(part.blob)
    for name, alternate in ALTERNATES.items():
        font = OxmlElement("w:font")
        font.set(qn("w:name"), name)
        for tag, val in (("w:altName", alternate), ("w:charset", "86"), ("w:family", "auto"), ("w:pitch", "variable")):
            child = OxmlElement(tag)
            child.set(qn("w:val"), val)
            font.append(child)
        root.append(font)
    part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)  # type: ignore[attr-defined]
