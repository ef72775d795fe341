"""Generators of the same plan in other file formats, for the robustness tests.

A plan's text is turned into the documents a real user brings: a Word file whose
indicator and project tables are real tables (categories carried down as vertically
merged cells, a spanning “年度投资” over its year columns), and a text-layer PDF with
wrapped prose, page-number footers and tables drawn as cells placed in columns.

Tables are found with the extractors' own table readers, so the grid of each table is
the cells the text lays out, whatever its layout (TAB, one cell per line, run-together).
Nothing here knows a particular plan. Because of that these variants cannot disagree with
the table readers: they test the whole plan (prose wrapping, tasks, page furniture). The
independent oracle of the tables is tests/ingest/layouts_oracle.py, which writes every
layout from the expected fixtures (test_table_layouts.py).
"""

from __future__ import annotations

import functools
import io
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from eduplan.ingest.indicators.headers import Kind, document_period, find_table
from eduplan.ingest.indicators.rows import read_rows
from eduplan.ingest.projects.extract import extract_projects
from eduplan.ingest.projects.rows import pipe_rows, split_keywords, tab_table, token_rows
from eduplan.ingest.projects.table import compact, header_text, is_data_row, merge_header
from eduplan.ingest.readers.document import Document
from eduplan.ingest.tables.layouts import join_cjk

if TYPE_CHECKING:
    from docx.table import Table
    from reportlab.pdfgen.canvas import Canvas

Merge = Literal["", "up", "left"]

CJK_FONTS = (
    Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"),
    Path("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc"),
    Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"),
    Path("/usr/share/fonts/truetype/arphic/uming.ttc"),
)
_YEAR_LEAF_RE = re.compile(r"^(.+?)(20\d\d年.*)$")
_MAX_HEADER_GAP = 40


@dataclass(frozen=True)
class GridCell:
    """A cell of a generated table: its text, or a merge into the cell above / to the left."""

    text: str = ""
    merge: Merge = ""


@dataclass(frozen=True)
class TableRegion:
    """A table of the text: lines [start, end) (0-based) become one real table."""

    start: int
    end: int
    header: list[list[GridCell]]
    body: list[list[GridCell]]

    @property
    def rows(self) -> list[list[GridCell]]:
        return [*self.header, *self.body]


# --- finding the tables ---------------------------------------------------------------


def indicator_regions(doc: Document) -> list[TableRegion]:
    """Every indicator table, read by the indicator extractor's own table reader."""
    lines = doc.lines
    regions: list[TableRegion] = []
    i = 0
    while i < len(lines):
        table = find_table(lines, i, doc_period=lambda: document_period(lines))
        if table is None:
            i += 1
            continue
        rows, end = read_rows(lines, table)
        cat_at = table.index(Kind.CATEGORY)
        header = [[GridCell(" ".join(c.label.split())) for c in table.columns]]
        body: list[list[GridCell]] = []
        carried = False
        for row in rows:
            texts = [join_cjk(c.text.split()) if c is not None else "" for c in row.cells]
            if cat_at is not None and row.category is not None and not texts[cat_at]:
                texts[cat_at] = join_cjk(row.category.text.split())
            cells = [GridCell(t) for t in texts]
            if cat_at is not None:
                # A category printed once for several rows is one merged cell in Word.
                if texts[cat_at]:
                    carried = True
                elif carried:
                    cells[cat_at] = GridCell(merge="up")
            body.append(cells)
        regions.append(TableRegion(i, end, header, body))
        i = max(end, table.body_start)
    return regions


def _header_start(lines: Sequence[str], first_row: int) -> int | None:
    """The 序号 line that opens the header above a table's first data row (0-based)."""
    for k in range(first_row - 1, max(first_row - _MAX_HEADER_GAP, -1), -1):
        c = compact(lines[k])
        if c.startswith(("序", "|序")) or "|序号|" in c:
            return k
    return None


def _project_table(lines: tuple[str, ...], start: int) -> tuple[list[str], list[list[str]], int]:
    """Labels, row cells and end index of the project table whose header starts at `start`."""
    raw = lines[start]
    if "|" in raw:
        rows, end = pipe_rows(lines, start)
        first = next((k for k, r in enumerate(rows) if is_data_row(r)), len(rows))
        return merge_header(rows[:first]), [r.cells for r in rows[first:]], end
    if "\t" in raw:
        labels, body, end = tab_table(lines, start)
        return labels, [r.cells for r in body], end
    labels = split_keywords(header_text(lines, start))
    body, end = token_rows(lines, start, labels)
    return labels, [r.cells for r in body], end


def _project_header(labels: Sequence[str]) -> list[list[GridCell]]:
    """One header row, or two when labels share a spanning top (“年度投资（万元）” over years)."""
    split = [_YEAR_LEAF_RE.match(label) for label in labels]
    tops = [m.group(1) if m else None for m in split]
    spanning = {t for t in tops if t is not None and tops.count(t) >= 2}
    if not spanning:
        return [[GridCell(label) for label in labels]]
    top: list[GridCell] = []
    leaf: list[GridCell] = []
    for k, label in enumerate(labels):
        m, t = split[k], tops[k]
        if m is None or t not in spanning:
            top.append(GridCell(label))
            leaf.append(GridCell(merge="up"))
            continue
        top.append(GridCell(merge="left") if k and tops[k - 1] == t else GridCell(t))
        leaf.append(GridCell(m.group(2)))
    return [top, leaf]


def _project_body(rows: Sequence[Sequence[str]], width: int) -> list[list[GridCell]]:
    body: list[list[GridCell]] = []
    for cells in rows:
        texts = [*cells, *[""] * (width - len(cells))][:width]
        filled = [t for t in texts if t.strip()]
        if len(filled) == 1 and texts[0].strip() and width > 1:
            # A group heading (“一、新建项目”) spans the whole row.
            body.append([GridCell(texts[0]), *[GridCell(merge="left")] * (width - 1)])
        else:
            body.append([GridCell(t) for t in texts])
    return body


def project_regions(doc: Document) -> list[TableRegion]:
    """Every project table holding an extracted project, read by the projects' row readers."""
    first_lines: dict[str | None, int] = {}
    for project in extract_projects(doc).projects:
        if project.source.line:
            first_lines.setdefault(project.table, project.source.line)
    regions: list[TableRegion] = []
    for line in sorted(first_lines.values()):
        start = _header_start(doc.lines, line - 1)
        if start is None:
            continue
        labels, rows, end = _project_table(doc.lines, start)
        if labels:
            regions.append(TableRegion(start, end, _project_header(labels), _project_body(rows, len(labels))))
    return regions


def table_regions(doc: Document) -> list[TableRegion]:
    """The indicator and project tables of a document, in order, without overlaps."""
    regions = sorted([*indicator_regions(doc), *project_regions(doc)], key=lambda r: r.start)
    kept: list[TableRegion] = []
    for region in regions:
        if not kept or region.start >= kept[-1].end:
            kept.append(region)
    return kept


def _pieces(doc: Document) -> Iterator[str | TableRegion]:
    """The document as prose lines and tables, in order."""
    regions = table_regions(doc)
    i = 0
    for region in regions:
        yield from doc.lines[i:region.start]
        yield region
        i = region.end
    yield from doc.lines[i:]


# --- Word -----------------------------------------------------------------------------


def _merge_rectangles(rows: Sequence[Sequence[GridCell]]) -> list[tuple[int, int, int, int]]:
    """(top, left, bottom, right) of every merged block: runs of “left” or of “up” cells."""
    blocks: list[tuple[int, int, int, int]] = []
    for r, row in enumerate(rows):
        for c, cell in enumerate(row):
            if cell.merge:
                continue
            right = c + len(_left_span(row, c))
            bottom = r
            while bottom + 1 < len(rows) and rows[bottom + 1][c].merge == "up":
                bottom += 1
            if (bottom, right) != (r, c):
                blocks.append((r, c, bottom, right))
    return blocks


def _fill_docx_table(table: Table, region: TableRegion) -> None:
    rows = region.rows
    for row, docx_row in zip(rows, table.rows, strict=True):
        cells = docx_row.cells
        for c, cell in enumerate(row):
            if not cell.merge:
                cells[c].text = cell.text
    for top, left, bottom, right in _merge_rectangles(rows):
        table.cell(top, left).merge(table.cell(bottom, right))


def plan_docx(doc: Document) -> bytes:
    """The plan as a Word file: one paragraph per line, indicator and project tables as real tables."""
    import docx

    word = docx.Document()
    for piece in _pieces(doc):
        if isinstance(piece, str):
            word.add_paragraph(piece)
            continue
        width = len(piece.rows[0])
        table = word.add_table(rows=len(piece.rows), cols=width)
        table.style = "Table Grid"
        _fill_docx_table(table, piece)
    out = io.BytesIO()
    word.save(out)
    return out.getvalue()


# --- PDF ------------------------------------------------------------------------------

PdfStyle = Literal["cells", "lines"]

_PAGE_W, _PAGE_H = 595.0, 842.0
_MARGIN = 56.0
_TEXT = (11.0, 16.0)  # prose: font size, leading
_CELL = (8.0, 11.0)  # tables, set smaller as in printed plans
_PAD = 3.0
_FONT_NAME = "EduplanCJK"


def find_cjk_font() -> Path | None:
    """A CJK TrueType font installed on the system, or None."""
    return next((p for p in CJK_FONTS if p.exists()), None)


def _register_font(path: Path) -> None:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    if _FONT_NAME not in pdfmetrics.getRegisteredFontNames():
        kwargs = {"subfontIndex": 0} if path.suffix.lower() == ".ttc" else {}
        pdfmetrics.registerFont(TTFont(_FONT_NAME, str(path), **kwargs))


@functools.lru_cache(maxsize=8192)
def _width(text: str, size: float) -> float:
    from reportlab.pdfbase.pdfmetrics import stringWidth

    return stringWidth(text, _FONT_NAME, size)


def _wrap(text: str, width: float, size: float) -> list[str]:
    """Break text into pieces no wider than `width`, character by character (as CJK typesetting does)."""
    out: list[str] = []
    current, used = "", 0.0
    for ch in text:
        w = _width(ch, size)
        if current and used + w > width:
            out.append(current)
            current, used = "", 0.0
        current += ch
        used += w
    return [*out, current] if current else out or [""]


_LaidRow = tuple[float, list[tuple[float, list[str]]]]  # height; per drawn cell its x and lines


class _PdfWriter:
    """Draws prose and tables page by page, with a “— n —” footer on every page."""

    def __init__(self, canvas: Canvas, style: PdfStyle) -> None:
        self.canvas = canvas
        self.style = style
        self.page = 1
        self.y = _PAGE_H - _MARGIN

    def _new_page(self) -> None:
        self.canvas.setFont(_FONT_NAME, 9)
        self.canvas.drawCentredString(_PAGE_W / 2, _MARGIN / 2, f"— {self.page} —")
        self.canvas.showPage()
        self.page += 1
        self.y = _PAGE_H - _MARGIN

    def _room(self, height: float) -> bool:
        return self.y - height >= _MARGIN

    def prose(self, line: str) -> None:
        size, leading = _TEXT
        text = " ".join(line.split())
        if not text:
            self.y -= leading / 2
            return
        for piece in _wrap(text, _PAGE_W - 2 * _MARGIN, size):
            if not self._room(leading):
                self._new_page()
            self.canvas.setFont(_FONT_NAME, size)
            self.canvas.drawString(_MARGIN, self.y - size, piece)
            self.y -= leading

    def table(self, region: TableRegion) -> None:
        widths = _column_widths(region.rows, _PAGE_W - 2 * _MARGIN)
        header = [_layout_row(row, widths) for row in region.header]
        first = _layout_row(region.body[0], widths) if region.body else (0.0, [])
        self.y -= _TEXT[1] / 2
        if not self._room(sum(h for h, _ in header) + first[0]):
            self._new_page()  # a header is kept with the first row, as Word does
        for laid in header:
            self._draw_row(laid)
        for row in region.body:
            laid = _layout_row(row, widths)
            if not self._room(laid[0]):
                self._new_page()
                for head in header:  # Word repeats the header rows on each page
                    self._draw_row(head)
            self._draw_row(laid)
        self.y -= _TEXT[1] / 2

    def _draw_row(self, laid: _LaidRow) -> None:
        size, leading = _CELL
        height, placed = laid
        top = self.y
        self.canvas.setLineWidth(0.5)
        self.canvas.line(_MARGIN, top, _PAGE_W - _MARGIN, top)
        self.canvas.setFont(_FONT_NAME, size)
        if self.style == "cells":
            for x, lines in placed:
                for n, line in enumerate(lines):
                    self.canvas.drawString(x + _PAD, top - size - _PAD - n * leading, line)
        else:
            for n in range(max((len(lines) for _, lines in placed), default=0)):
                text = self.canvas.beginText(_MARGIN, top - size - _PAD - n * leading)
                text.setFont(_FONT_NAME, size)
                at = _MARGIN
                for x, lines in placed:
                    if n < len(lines):
                        text.moveCursor(x + _PAD - at, 0)
                        at = x + _PAD
                        text.textOut(lines[n])
                self.canvas.drawText(text)
        self.y = top - height

    def finish(self) -> None:
        self._new_page()


def _layout_row(row: Sequence[GridCell], widths: Sequence[float]) -> _LaidRow:
    """The row's height and, per drawn cell, its x and wrapped lines (a merged cell spans its columns)."""
    size, leading = _CELL
    placed: list[tuple[float, list[str]]] = []
    x = _MARGIN
    for k, cell in enumerate(row):
        if cell.merge == "":
            span = widths[k] + sum(widths[j] for j in _left_span(row, k))
            text = " ".join(cell.text.split())
            placed.append((x, _wrap(text, span - 2 * _PAD, size) if text else []))
        x += widths[k]
    height = max((len(lines) for _, lines in placed), default=1) * leading + _PAD
    return height, placed


def _left_span(row: Sequence[GridCell], k: int) -> list[int]:
    """Indices of the cells right of `k` merged into it."""
    out: list[int] = []
    for j in range(k + 1, len(row)):
        if row[j].merge != "left":
            break
        out.append(j)
    return out


def _column_widths(rows: Sequence[Sequence[GridCell]], total: float) -> list[float]:
    """Column widths filling the page: short cells (“2022年”, “预期性”) never wrap, long text shares the rest."""
    size = _CELL[0]
    width = len(rows[0])
    natural = [24.0] * width
    least = [24.0] * width
    for row in rows:
        for k, cell in enumerate(row):
            if cell.merge or _left_span(row, k):
                continue
            w = _width(cell.text, size) + 2 * _PAD
            natural[k] = max(natural[k], min(w, 200.0))
            if len(cell.text) <= 6:
                least[k] = max(least[k], min(w, 60.0))
    natural = [max(n, m) for n, m in zip(natural, least, strict=True)]
    spare = total - sum(least)
    flexible = sum(natural) - sum(least)
    scale = min(1.0, max(0.0, spare / flexible)) if flexible else 0.0
    widths = [m + (n - m) * scale for n, m in zip(natural, least, strict=True)]
    return [w * total / sum(widths) for w in widths]


def plan_pdf(doc: Document, *, font: Path, style: PdfStyle = "cells") -> bytes:
    """The plan as a text-layer PDF: wrapped prose, page-number footers, tables drawn as cells.

    `style` "cells" draws each cell on its own (text extraction gives one cell per line);
    "lines" draws each visual line of a row as one text run (cells come out run together).
    """
    from reportlab.pdfgen.canvas import Canvas

    _register_font(font)
    out = io.BytesIO()
    canvas = Canvas(out, pagesize=(_PAGE_W, _PAGE_H), invariant=1)
    writer = _PdfWriter(canvas, style)
    for piece in _pieces(doc):
        if isinstance(piece, str):
            writer.prose(piece)
        else:
            writer.table(piece)
    writer.finish()
    canvas.save()
    return out.getvalue()
