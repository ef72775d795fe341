"""Generic reading of tables that plain text carries in several layouts.

Converted plan documents hold tables in four layouts; every table reader (indicators,
projects …) splits rows into cells with these helpers:

- pipe: a real .docx table row arrives as one line, cells joined by " | " (also Markdown);
- tab: one row per line, cells separated by TABs;
- space: one row per line, cells separated by spaces, as PDF conversion leaves it;
- cell-per-line: one TAB-prefixed line per cell, rows separated by blank lines;
- bare-cell-per-line: one cell per line without the TAB (text-layer PDF), rows not separated;
- blank-cell-per-line: one cell per line with a blank line between cells (a web page copied
  as text), rows not separated; an empty cell leaves two more blank lines (a whitespace-only
  line is blank too).

A header of spanned parents over a row of children is rebuilt into leaf columns by
`ingest.tables.model`, whichever way the layout left the spans.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import StrEnum

from eduplan.core.numbers import normalize_text, parse_target


class Layout(StrEnum):
    """How a table's cells are laid out in lines of text."""

    PIPE = "pipe"
    TAB = "tab"
    SPACE = "space"
    CELL_PER_LINE = "cell-per-line"
    BARE_CELL_PER_LINE = "bare-cell-per-line"
    BLANK_CELL_PER_LINE = "blank-cell-per-line"


@dataclass(frozen=True)
class Cell:
    """A cell's printed text and the 1-based line it starts on."""

    text: str
    line: int


#: Cells that stand for "no value" in a table.
PLACEHOLDERS = frozenset({"", "—", "——", "-", "--", "－", "/", "／", "\\", "无", "…", "……", "-—", "――"})

#: The longest text still taken for a cell in the cell-per-line layout; longer is prose.
MAX_CELL_CHARS = 60

_PIPES = "|｜"
_SEPARATOR_CELL_RE = re.compile(r"^:?[-=—]{2,}:?$")
_HEADING_RE = re.compile(
    r"^\s*(第[一二三四五六七八九十百]+[章节部分篇]"
    r"|[一二三四五六七八九十]+[、．.]"
    r"|[（(][一二三四五六七八九十]+[）)]"
    r"|\d{1,2}[、．](?!\d)"
    r"|\d{1,2}\.(?!\d)"
    r"|附件|附表|注[：:])"
)
_PAGE_NUMBER_RE = re.compile(r"^\s*[-—–－―]*\s*(第\s*)?\d{1,3}\s*(页)?\s*([/／]\s*\d{1,3})?\s*[-—–－―]*\s*$")


def line_layout(line: str) -> Layout:
    """The layout a single line of a table is written in."""
    if any(p in line for p in _PIPES):
        return Layout.PIPE
    if "\t" in line.strip():
        return Layout.TAB
    if line.startswith("\t"):
        return Layout.CELL_PER_LINE
    return Layout.SPACE


def split_cells(line: str, layout: Layout) -> list[str]:
    """The cells of one line in the given layout, each stripped; empty pipe/TAB cells are kept."""
    if layout is Layout.PIPE:
        text = line.strip().replace("｜", "|")
        text = text.removeprefix("|").removesuffix("|")
        return [cell.strip() for cell in text.split("|")]
    if layout is Layout.TAB:
        return [cell.strip() for cell in line.strip().split("\t")]
    if layout in (Layout.CELL_PER_LINE, Layout.BARE_CELL_PER_LINE, Layout.BLANK_CELL_PER_LINE):
        return [line.strip()]
    return line.split()


def is_separator_row(line: str) -> bool:
    """A Markdown/ASCII rule line between rows (|---|---|, +----+), which holds no data."""
    cells = [c for c in split_cells(line.replace("+", "|"), Layout.PIPE) if c]
    return bool(cells) and all(_SEPARATOR_CELL_RE.match(c) for c in cells)


def is_placeholder(text: str | None) -> bool:
    """A cell that stands for no value (“—”, “/”, empty)."""
    return text is None or text.strip() in PLACEHOLDERS


def is_value_cell(text: str | None) -> bool:
    """A cell holding a number or a target (“91.2”, “>98”, “≥97%”, “4—5”) or a placeholder."""
    if is_placeholder(text):
        return True
    assert text is not None
    return len(text) <= 20 and parse_target(text) is not None


def is_heading(line: str) -> bool:
    """A section heading or note line (“三、”, “（一）”, “1．”, “注：”) that ends a table."""
    return bool(_HEADING_RE.match(line))


def is_page_number(line: str) -> bool:
    """A page number left by PDF conversion (“12”, “- 12 -”, “第3页”)."""
    return bool(_PAGE_NUMBER_RE.match(normalize_text(line)))


def squeeze_spaces(text: str) -> str:
    """Text with whitespace runs collapsed to one space and the ends trimmed."""
    return " ".join(text.split())


def join_cjk(parts: Sequence[str]) -> str:
    """Join text fragments of one cell: no space between Chinese, one between Latin words."""
    out = ""
    for part in parts:
        part = part.strip()
        if out and part and out[-1].isascii() and out[-1].isalnum() and part[0].isascii() and part[0].isalnum():
            out += " "
        out += part
    return out


def fit_right(tokens: Sequence[str], accepts: Sequence[Callable[[str], bool]]) -> tuple[list[str], list[str | None]]:
    """Assign trailing tokens to trailing columns, right to left.

    Each column takes the next token from the right only if it accepts it, otherwise the
    column stays empty and the token is offered to the column on its left. Returns the
    leading tokens nobody took and the token (or None) of each column.
    """
    cells: list[str | None] = [None] * len(accepts)
    end = len(tokens)
    for col in range(len(accepts) - 1, -1, -1):
        if end > 0 and accepts[col](tokens[end - 1]):
            cells[col] = tokens[end - 1]
            end -= 1
    return list(tokens[:end]), cells


CellTest = Callable[[str], bool]


def _row_complete(row: list[Cell], width: int, ends_row: CellTest) -> bool:
    """A cell-per-line row is complete when it has (almost) all columns or ends in a value."""
    return len(row) >= width - 1 or (len(row) >= 2 and ends_row(row[-1].text))


def cell_per_line_rows(lines: Sequence[str], start: int, *, width: int,
                       ends_row: CellTest = is_value_cell) -> tuple[list[list[Cell]], int]:
    """Rows of a table written one TAB-prefixed cell per line, from 0-based index `start`.

    Rows are separated by blank lines; an empty cell leaves a blank line too, so a row may
    have fewer cells than the table. A line without the TAB inside an incomplete row
    continues the previous cell (a wrapped “高中阶段 / 教育”). The table ends at a line
    without the TAB after a complete row, or at a cell too long to be one. Returns the rows
    and the 0-based index of the first line after the table. `ends_row` tells a cell that
    can close a row (a value; the caller may add its own, e.g. an attribute word).
    """
    rows: list[list[Cell]] = []
    row: list[Cell] = []
    i = start
    while i < len(lines):
        raw = lines[i]
        text = raw.strip()
        if not text:
            if row and _row_complete(row, width, ends_row):
                rows.append(row)
                row = []
        elif raw.startswith("\t"):
            if len(text) > MAX_CELL_CHARS:
                break
            row.append(Cell(squeeze_spaces(text), i + 1))
        elif row and not _row_complete(row, width, ends_row) and len(text) <= MAX_CELL_CHARS:
            row[-1] = Cell(join_cjk([row[-1].text, text]), row[-1].line)
        else:
            break
        i += 1
    if row and _row_complete(row, width, ends_row):
        rows.append(row)
    return rows, i


def align_cells(cells: Sequence[Cell], width: int, *, ends_row: CellTest = is_value_cell) -> list[Cell | None]:
    """Place a row's cells under `width` columns.

    A row as wide as the table maps one to one. A shorter row lost its leading cells (a
    merged or empty category cell) when it ends in a value, so it is aligned to the right;
    otherwise (a row that only names a category) it is aligned to the left. A wider row
    keeps its last `width` cells, the extra leading text joined into the first. `ends_row`
    tells a cell that can close a row.
    """
    if len(cells) == width:
        return list(cells)
    if len(cells) > width:
        extra = len(cells) - width + 1
        head = Cell(join_cjk([c.text for c in cells[:extra]]), cells[0].line)
        return [head, *cells[extra:]]
    missing = width - len(cells)
    if cells and ends_row(cells[-1].text) and not is_placeholder(cells[-1].text):
        return [None] * missing + list(cells)
    return list(cells) + [None] * missing


def blank_separated_cells(lines: Sequence[str], start: int, *, max_empty: int,
                          stops: Callable[[int], bool] | None = None) -> tuple[list[Cell], int]:
    """The cells of a table written one per line with a blank line between cells, from index `start`.

    A run of n blank (or whitespace-only) lines between two cells holds (n − 1) // 2 empty
    cells (text ""). The cells end at a line right under another (prose, or a caption: a
    line broken inside a cell comes with a blank line too; the caller tells whether the
    cell above it ended the table or began the prose), a line too long to be
    a cell, a line of another layout (TAB or pipe), a gap of more than `max_empty` empty
    cells, or a line where `stops` says something else begins (another table's header).
    Returns the cells and the 0-based index just after the last cell.
    """
    cells: list[Cell] = []
    i = start
    end = start
    blanks = 0
    while i < len(lines):
        text = lines[i].strip()
        if not text:
            blanks += 1
            i += 1
            continue
        if len(text) > MAX_CELL_CHARS or line_layout(lines[i]) in (Layout.PIPE, Layout.TAB) \
                or (stops is not None and stops(i)):
            break
        if cells and blanks == 0:  # two lines without a blank between them: prose, not cells
            break
        empties = (blanks - 1) // 2 if cells else 0
        if empties > max_empty:
            break
        cells += [Cell("", i + 1 - blanks + 2 * k + 1) for k in range(empties)]
        cells.append(Cell(squeeze_spaces(text), i + 1))
        blanks = 0
        i += 1
        end = i
    return cells, end
