"""The report as PDF (reportlab platypus), with the CJK font embedded so it reads anywhere."""

from __future__ import annotations

import io
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Image, KeepTogether, SimpleDocTemplate, Spacer, TableStyle
from reportlab.platypus import Paragraph as PdfParagraph
from reportlab.platypus import Table as PdfTable

from eduplan.reports.fonts import cjk_font
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

FONT_NAME = "EduplanCJK"
ChartRenderer = Callable[[Chart], bytes]
MARGINS = {"topMargin": 3.0 * cm, "bottomMargin": 2.6 * cm, "leftMargin": 2.6 * cm, "rightMargin": 2.4 * cm}
FRAME_WIDTH = A4[0] - MARGINS["leftMargin"] - MARGINS["rightMargin"]


@lru_cache(maxsize=1)
def register_font() -> str:
    """Register the CJK TrueType font with reportlab once (it is embedded as a subset)."""
    font = cjk_font()
    pdfmetrics.registerFont(TTFont(FONT_NAME, str(font.path), subfontIndex=font.index))
    return FONT_NAME


def _styles(font: str) -> dict[str, ParagraphStyle]:
    base = ParagraphStyle("body", fontName=font, fontSize=11.5, leading=20, firstLineIndent=23,
                          wordWrap="CJK", spaceAfter=2)
    return {
        "body": base,
        "note": ParagraphStyle("note", parent=base, fontSize=9, leading=14, firstLineIndent=0),
        "simulated": ParagraphStyle("simulated", parent=base, fontSize=10, leading=15, firstLineIndent=0,
                                    textColor=colors.HexColor("#c00000")),
        "title": ParagraphStyle("title", parent=base, fontSize=18, leading=28, alignment=TA_CENTER,
                                firstLineIndent=0, spaceAfter=8),
        "subtitle": ParagraphStyle("subtitle", parent=base, fontSize=12, alignment=TA_CENTER, firstLineIndent=0),
        "issuer": ParagraphStyle("issuer", parent=base, alignment=TA_RIGHT, firstLineIndent=0),
        "h1": ParagraphStyle("h1", parent=base, fontSize=13.5, leading=24, spaceBefore=8, firstLineIndent=0),
        "h2": ParagraphStyle("h2", parent=base, fontSize=12, leading=21, spaceBefore=4, firstLineIndent=0),
        "caption": ParagraphStyle("caption", parent=base, fontSize=10, leading=15, alignment=TA_CENTER,
                                  firstLineIndent=0, spaceBefore=4, spaceAfter=4),
        "cell": ParagraphStyle("cell", parent=base, fontSize=8.5, leading=11, firstLineIndent=0, spaceAfter=0),
        "cell_right": ParagraphStyle("cell_right", parent=base, fontSize=8.5, leading=11, firstLineIndent=0,
                                     spaceAfter=0, alignment=TA_RIGHT),
        "head": ParagraphStyle("head", parent=base, fontSize=8.5, leading=11, firstLineIndent=0, spaceAfter=0,
                               alignment=TA_CENTER),
    }


def write_pdf(report: Report, path: Path, *, render: ChartRenderer | None = None) -> Path:
    """Write the report as PDF with the CJK font embedded; `render` draws a chart as PNG."""
    if render is None:
        from eduplan.reports.charts import render_chart

        render = lambda chart: render_chart(chart.spec)
    font = register_font()
    styles = _styles(font)
    story: list[Flowable] = [PdfParagraph(_text(report.title), styles["title"])]
    if report.subtitle:
        story.append(PdfParagraph(_text(report.subtitle), styles["subtitle"]))
    story += [PdfParagraph(_text(report.issuer), styles["issuer"]),
              PdfParagraph(date_text(report.date), styles["issuer"]), Spacer(1, 6)]
    if report.simulated:
        story.append(PdfParagraph(_text(SIMULATED_NOTE), styles["simulated"]))
    for section in report.sections:
        story.append(PdfParagraph(_text(section.heading), styles["h1"]))
        for block in section.blocks:
            story.extend(_block(block, styles, render))
    path.parent.mkdir(parents=True, exist_ok=True)
    doc = SimpleDocTemplate(str(path), pagesize=A4, title=report.title, author=report.issuer,
                            subject="模拟数据" if report.simulated else "", invariant=1,
                            initialFontName=font, **MARGINS)  # no unembedded Helvetica left in the file
    footer = _footer(font, "模拟数据" if report.simulated else "")
    doc.build(story, onFirstPage=footer, onLaterPages=footer)
    return path


def _text(text: str) -> str:
    return escape(text).replace("\n", "<br/>")


def _block(block: object, styles: dict[str, ParagraphStyle], render: ChartRenderer) -> list[Flowable]:
    if isinstance(block, Paragraph):
        return [PdfParagraph(_text(block.text), styles["note" if block.note else "body"])]
    if isinstance(block, Subheading):
        return [PdfParagraph(_text(block.text), styles["h2"])]
    if isinstance(block, Table):
        return [PdfParagraph(_text(block.caption), styles["caption"]), _table(block, styles)]
    assert isinstance(block, Chart)
    png = render(block)
    image = Image(io.BytesIO(png))
    scale = min(FRAME_WIDTH * 0.92 / image.imageWidth, 1.0)
    image.drawWidth, image.drawHeight = image.imageWidth * scale, image.imageHeight * scale
    return [KeepTogether([image, PdfParagraph(_text(block.caption), styles["caption"])])]


def _table(table: Table, styles: dict[str, ParagraphStyle]) -> PdfTable:
    """A grid table of the printed columns whose header repeats on each page; numbers right-aligned."""
    table = table.printed()
    total = sum(c.width for c in table.columns) or 1.0
    widths = [FRAME_WIDTH * c.width / total for c in table.columns]
    data = [[PdfParagraph(_text(c.title), styles["head"]) for c in table.columns]]
    for row in table.rows:
        data.append([PdfParagraph(_text(cell_text(v, c)),
                                  styles["cell" if isinstance(v, str) or v is None else "cell_right"])
                     for c, v in zip(table.columns, row)])
    grid = PdfTable(data, colWidths=widths, repeatRows=1)
    grid.setStyle(TableStyle([
        ("FONTNAME", (0, 0), (-1, -1), register_font()),
        ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#d9e2f3")),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("TOPPADDING", (0, 0), (-1, -1), 2), ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
    ]))
    return grid


def _footer(font: str, mark: str) -> Callable[[Canvas, object], None]:
    """Page number “— n —” at the foot of each page, and the simulated-data mark at its head."""

    def draw(canvas: Canvas, doc: object) -> None:
        canvas.saveState()
        canvas.setFont(font, 10)
        canvas.drawCentredString(A4[0] / 2, 1.5 * cm, f"— {canvas.getPageNumber()} —")
        if mark:
            canvas.setFillColor(colors.HexColor("#c00000"))
            canvas.drawRightString(A4[0] - MARGINS["rightMargin"], A4[1] - 1.8 * cm, mark)
        canvas.restoreState()

    return draw
