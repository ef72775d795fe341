"""The writers of reports/docx.py as they were, through python-docx: paragraphs by `add_paragraph`,
tables by `add_table` and a run per cell (the styles: `docx._built_styles` on every document, not
the part made once): the oracle the fast writers' documents are compared with (test_docx_tables.py)."""

from __future__ import annotations

from typing import Any

from docx.document import Document as DocxDocument
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.table import Table as DocxTable
from docx.text.paragraph import Paragraph as DocxParagraph

from eduplan.reports import layout as gw
from eduplan.reports.docx import TBLPR_ORDER, TWIPS_PER_PT
from eduplan.reports.model import Table, cell_text


def para(doc: DocxDocument, text: str, style: str) -> DocxParagraph:
    paragraph = doc.add_paragraph(text)
    paragraph._p.style = style
    return paragraph


def table(doc: DocxDocument, table: Table, styles: dict[str, str]) -> None:
    """A captioned table of fixed column widths (grid and cells), its header repeated on every page."""
    widths = gw.column_widths(table, gw.TEXT_WIDTH)
    table = table.printed()
    para(doc, table.caption, styles["图表题注"])
    grid: DocxTable = doc.add_table(rows=1 + len(table.rows), cols=len(table.columns))
    grid.style = doc.styles["Table Grid"]
    grid.alignment = WD_TABLE_ALIGNMENT.CENTER
    grid.autofit = False
    twips = [round(w * TWIPS_PER_PT) for w in widths]
    _fix_width(grid, twips)
    _repeat_header(grid.rows[0])
    for cell, column in zip(grid.rows[0].cells, table.columns):
        _cell_text(cell, column.title, styles["表头文字"])
    for row, values in zip(grid.rows[1:], table.rows):
        _no_split(row)
        for cell, column, value in zip(row.cells, table.columns, values):
            _cell_text(cell, cell_text(value, column), styles["表格文字"],
                       right=not isinstance(value, str) and value is not None)
    for row in grid.rows:
        for cell, w in zip(row.cells, twips):
            tcpr = cell._tc.get_or_add_tcPr()
            tcw = tcpr.find(qn("w:tcW"))
            if tcw is None:
                tcw = OxmlElement("w:tcW")
                tcpr.insert(0, tcw)
            tcw.set(qn("w:w"), str(w))
            tcw.set(qn("w:type"), "dxa")


def _fix_width(grid: DocxTable, twips: list[int]) -> None:
    """Table width, fixed layout and the grid's columns, all in twips."""
    tblpr = grid._tbl.tblPr
    width = tblpr.find(qn("w:tblW"))
    if width is None:
        width = OxmlElement("w:tblW")
        tblpr.insert_element_before(width, *TBLPR_ORDER[TBLPR_ORDER.index("w:tblW") + 1:])
    width.set(qn("w:w"), str(sum(twips)))
    width.set(qn("w:type"), "dxa")
    tblpr.get_or_add_tblLayout().set(qn("w:type"), "fixed")
    margins = OxmlElement("w:tblCellMar")  # the padding the widths were measured with
    for side in ("left", "right"):
        edge = OxmlElement(f"w:{side}")
        edge.set(qn("w:w"), str(round(gw.CELL_PADDING / 2 * TWIPS_PER_PT)))
        edge.set(qn("w:type"), "dxa")
        margins.append(edge)
    tblpr.insert_element_before(margins, *TBLPR_ORDER[TBLPR_ORDER.index("w:tblCellMar") + 1:])
    for col, w in zip(grid._tbl.tblGrid.findall(qn("w:gridCol")), twips):
        col.set(qn("w:w"), str(w))


def _repeat_header(row: Any) -> None:
    trpr = row._tr.get_or_add_trPr()
    element = OxmlElement("w:tblHeader")
    element.set(qn("w:val"), "true")
    trpr.append(element)


def _no_split(row: Any) -> None:
    trpr = row._tr.get_or_add_trPr()
    trpr.append(OxmlElement("w:cantSplit"))


def _cell_text(cell: Any, text: str, style: str, *, right: bool = False) -> None:
    paragraph = cell.paragraphs[0]
    paragraph._p.style = style
    if right:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    paragraph.add_run(text)


