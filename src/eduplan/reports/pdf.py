"""The report as PDF (reportlab platypus), laid out as a 公文 like the .docx (`layout.py`).

Title in the 小标宋 face, body in 仿宋, headings in 黑体 and 楷体 (`fonts.official_face`), all
embedded as subsets so the file reads the same anywhere; 模拟数据 in the head of every page; page
numbers “— n —” on the outside; the issuing body and the date at the end.
"""

from __future__ import annotations

import hashlib
import io
from collections.abc import Callable, Iterator
from pathlib import Path
from xml.sax.saxutils import escape

import reportlab.lib.textsplit as _textsplit_module
import reportlab.platypus.paragraph as _paragraph_module
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, Image, KeepTogether, PageTemplate, Spacer, TableStyle
from reportlab.platypus import Paragraph as PdfParagraph
from reportlab.platypus import Table as PdfTable

from eduplan.reports import layout as gw
from eduplan.reports.fonts import embeddable_file, official_face
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

ChartRenderer = Callable[[Chart], bytes]
MM = gw.MM
# reportlab's CJK line breaking knows the Japanese marks that may not start a line, not the Chinese
# full-width ones: without these a line may begin with “，”, “；” or a closing quotation mark.
for _module in (_paragraph_module, _textsplit_module):  # one-fragment paragraphs wrap in textsplit
    _module.ALL_CANNOT_START += "".join(sorted(gw.NO_START - set(_module.ALL_CANNOT_START)))
FRAME_WIDTH = gw.TEXT_WIDTH
MARK_COLOR = colors.HexColor("#c00000")
ROLES = ("title", "body", "heading", "kai")
HEADER = f"{SIMULATED_MARK}　仅供演示和测试，不代表实际情况"


def register_fonts(texts: dict[str, str]) -> dict[str, str]:
    """The four 公文 faces registered with reportlab for the text each prints (embedded as subsets):
    role → registered name. A face with CFF outlines is converted for just its characters."""
    names = {}
    for role in ROLES:
        face = official_face(role)
        path, index = embeddable_file(face, texts[role])
        name = f"GW-{role}-{hashlib.sha1(f'{path}:{index}'.encode()).hexdigest()[:10]}"
        if name not in pdfmetrics.getRegisteredFontNames():
            pdfmetrics.registerFont(TTFont(name, str(path), subfontIndex=index))
        names[role] = name
    return names


def _styles(f: dict[str, str]) -> dict[str, ParagraphStyle]:
    body = ParagraphStyle("body", fontName=f["body"], fontSize=gw.BODY_PT, leading=gw.LINE_PITCH,
                          firstLineIndent=2 * gw.BODY_PT, wordWrap="CJK", alignment=TA_JUSTIFY)
    flat = {"firstLineIndent": 0, "alignment": TA_CENTER}
    cell = {"fontSize": gw.TABLE_PT, "leading": gw.TABLE_PT * 1.3, "firstLineIndent": 0, "alignment": 0}
    return {
        "body": body,
        "note": ParagraphStyle("note", parent=body, fontSize=gw.NOTE_PT, leading=22),
        "title": ParagraphStyle("title", parent=body, fontName=f["title"], fontSize=gw.TITLE_PT, leading=gw.TITLE_PITCH,
                                spaceAfter=gw.LINE_PITCH, **flat),
        "subtitle": ParagraphStyle("subtitle", parent=body, fontName=f["kai"], spaceAfter=gw.LINE_PITCH / 2, **flat),
        "addressee": ParagraphStyle("addressee", parent=body, firstLineIndent=0),
        "h1": ParagraphStyle("h1", parent=body, fontName=f["heading"], keepWithNext=1),
        "h2": ParagraphStyle("h2", parent=body, fontName=f["kai"], keepWithNext=1),
        "caption": ParagraphStyle("caption", parent=body, fontName=f["heading"], fontSize=gw.NOTE_PT, leading=22,
                                  spaceBefore=6, spaceAfter=4, keepWithNext=1, **flat),
        "cell": ParagraphStyle("cell", parent=body, **cell),
        "cell_right": ParagraphStyle("cell_right", parent=body, **{**cell, "alignment": TA_RIGHT}),
        "head": ParagraphStyle("head", parent=body, fontName=f["heading"], **{**cell, "alignment": TA_CENTER}),
    }


def write_pdf(report: Report, path: Path, *, render: ChartRenderer | None = None) -> Path:
    """Write the report as PDF with its fonts embedded; `render` draws a chart as PNG."""
    if render is None:
        from eduplan.reports.charts import render_chart

        render = lambda chart: render_chart(chart.spec)
    fonts = register_fonts(role_texts(report))
    styles = _styles(fonts)
    path.parent.mkdir(parents=True, exist_ok=True)
    doc = BaseDocTemplate(str(path), pagesize=A4, title=report.title, author=report.issuer,
                          subject=SIMULATED_MARK if report.simulated else report.subtitle.strip("（）"),
                          creator="eduplan", producer="eduplan", lang="zh-CN", initialFontName=fonts["body"],
                          topMargin=gw.TOP_MM * MM, bottomMargin=gw.BOTTOM_MM * MM,
                          leftMargin=gw.LEFT_MM * MM, rightMargin=gw.RIGHT_MM * MM)
    frame = Frame(doc.leftMargin, doc.bottomMargin, doc.width, doc.height, 0, 0, 0, 0, id="版心")
    doc.addPageTemplates([PageTemplate("公文", [frame], onPage=_page_furniture(report, fonts))])
    doc.build(_story(report, styles, render))
    return path


def role_texts(report: Report) -> dict[str, str]:
    """The characters each face prints: the title face the title, 黑体 the headings, captions and table
    heads, 楷体 the second-level headings and subtitle, 仿宋 everything (cells, numbers, page numbers)."""
    heads = [report.title, *(s.heading for s in report.sections), HEADER]
    kai = [report.subtitle, "（）"]
    for section in report.sections:
        for block in section.blocks:
            if isinstance(block, (Table, Chart)):
                heads.append(block.caption)
            if isinstance(block, Table):
                heads += [c.title for c in block.printed().columns]
            if isinstance(block, Subheading):
                kai.append(block.text)
    return {"title": report.title, "heading": "".join(heads), "kai": "".join(kai),
            "body": "".join(report_text(report))}


def report_text(report: Report) -> Iterator[str]:
    """Every text the report prints (the characters its font subsets need)."""
    yield from (report.title, report.subtitle, report.addressee, report.annotation, report.issuer,
                date_text(report.date), HEADER, "—（）：", "0123456789")
    for section in report.sections:
        yield section.heading
        for block in section.blocks:
            if isinstance(block, (Paragraph, Subheading)):
                yield block.text
            elif isinstance(block, Table):
                shown = block.printed()
                yield shown.caption
                yield from (c.title for c in shown.columns)
                yield from (cell_text(v, c) for row in shown.rows for v, c in zip(row, shown.columns))
            elif isinstance(block, Chart):
                yield block.caption


def _story(report: Report, styles: dict[str, ParagraphStyle], render: ChartRenderer) -> list[Flowable]:
    lines = gw.title_lines(report.title, FRAME_WIDTH / gw.TITLE_PT)
    story: list[Flowable] = [PdfParagraph("<br/>".join(escape(line) for line in lines), styles["title"])]
    if report.subtitle:
        story.append(PdfParagraph(_text(report.subtitle), styles["subtitle"]))
    if report.addressee:
        story.append(PdfParagraph(_text(report.addressee.rstrip("：:") + "："), styles["addressee"]))
    for section in report.sections:
        story.append(PdfParagraph(_text(section.heading), styles["h1"]))
        for block in section.blocks:
            story.extend(_block(block, styles, render))
    story += _signature(report, styles)
    return story


def _signature(report: Report, styles: dict[str, ParagraphStyle]) -> list[Flowable]:
    """The issuing body and the date at the end (GB/T 9704 7.3.5.2), then the 附注 in parentheses."""
    day = date_text(report.date)
    right_body, right_day = gw.signature_indents(report.issuer, day)
    sign = ParagraphStyle("sign", parent=styles["body"], firstLineIndent=0, alignment=TA_RIGHT)
    together: list[Flowable] = [
        PdfParagraph(_text(report.issuer), ParagraphStyle("issuer", parent=sign, rightIndent=right_body * gw.BODY_PT)),
        PdfParagraph(day, ParagraphStyle("date", parent=sign, rightIndent=right_day * gw.BODY_PT))]
    if report.annotation:  # the 附注 goes on the line under the date (7.3.7): never a page of its own
        together.append(PdfParagraph(_text(f"（{report.annotation.strip('（）()')}）"), styles["body"]))
    return [Spacer(1, gw.LINE_PITCH * 2), KeepTogether(together)]


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
    scale = min(FRAME_WIDTH * 0.95 / image.imageWidth, 1.0)
    image.drawWidth, image.drawHeight = image.imageWidth * scale, image.imageHeight * scale
    return [KeepTogether([Spacer(1, 6), image, PdfParagraph(_text(block.caption), styles["caption"])])]


def _table(table: Table, styles: dict[str, ParagraphStyle]) -> PdfTable:
    """A grid table of the printed columns whose header repeats on each page; numbers right-aligned
    in columns at least as wide as their longest number (`layout.column_widths`)."""
    widths = gw.column_widths(table, FRAME_WIDTH)
    table = table.printed()
    data = [[PdfParagraph(_text(c.title), styles["head"]) for c in table.columns]]
    for row in table.rows:
        data.append([PdfParagraph(_text(cell_text(v, c)),
                                  styles["cell" if isinstance(v, str) or v is None else "cell_right"])
                     for c, v in zip(table.columns, row)])
    grid = PdfTable(data, colWidths=widths, repeatRows=1)
    grid.setStyle(TableStyle([
        ("FONTNAME", (0, 0), (-1, -1), styles["cell"].fontName),  # else reportlab selects Helvetica, unembedded
        ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("LEFTPADDING", (0, 0), (-1, -1), gw.CELL_PADDING / 2), ("RIGHTPADDING", (0, 0), (-1, -1), gw.CELL_PADDING / 2),
        ("TOPPADDING", (0, 0), (-1, -1), 2), ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
    ]))
    return grid


def _page_furniture(report: Report, fonts: dict[str, str]) -> Callable[[Canvas, object], None]:
    """On every page: the 模拟数据 mark in the head, the page number “— n —” at the foot, on the
    right of odd pages and the left of even ones, one character in from the text block's edge."""
    stamp = report.date.strftime("D:%Y%m%d000000+08'00'")

    def draw(canvas: Canvas, doc: object) -> None:
        canvas.saveState()
        canvas.setDateFormatter(lambda *_: stamp)  # created = the report's date, not the run's
        n = canvas.getPageNumber()
        number = f"— {n} —"
        canvas.setFont(fonts["body"], gw.PAGE_NUMBER_PT)
        y = gw.BOTTOM_MM * MM - gw.PAGE_NUMBER_BELOW_MM * MM - gw.PAGE_NUMBER_PT
        if n % 2:
            canvas.drawRightString(A4[0] - gw.RIGHT_MM * MM - gw.PAGE_NUMBER_PT, y, number)
        else:
            canvas.drawString(gw.LEFT_MM * MM + gw.PAGE_NUMBER_PT, y, number)
        if report.simulated:
            canvas.setFillColor(MARK_COLOR)
            canvas.setStrokeColor(MARK_COLOR)
            canvas.setFont(fonts["heading"], gw.TABLE_PT)
            top = A4[1] - gw.TOP_MM * MM + 14
            canvas.drawCentredString(A4[0] / 2, top, HEADER)
            canvas.setLineWidth(0.5)
            canvas.line(gw.LEFT_MM * MM, top - 4, A4[0] - gw.RIGHT_MM * MM, top - 4)
        canvas.restoreState()

    return draw
