"""Reading an indicator table's rows in the header's layout (see `ingest.tables`) into cells
aligned with its columns; `ingest.indicators.extract` turns them into indicators.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from eduplan.core.numbers import normalize_text
from eduplan.ingest.indicators.blank_rows import blank_rows
from eduplan.ingest.indicators.headers import (
    MAX_PENDING_CHARS,
    SUB_MARKER_RE,
    UNIT_RE,
    UNIT_TAIL_RE,
    IndicatorTable,
    Kind,
    TableRow,
    column_accepts,
    ends_row,
    find_table,
    label_key,
    normalise_header_line,
)
from eduplan.ingest.tables.layouts import (
    Cell,
    CellTest,
    Layout,
    align_cells,
    cell_per_line_rows,
    fit_right,
    is_heading,
    is_page_number,
    is_placeholder,
    is_separator_row,
    join_cjk,
    line_layout,
    split_cells,
    squeeze_spaces,
)


def read_rows(lines: Sequence[str], table: IndicatorTable) -> tuple[list[TableRow], int]:
    """The rows under a header, in its layout, and the line index where the table ends."""
    if table.layout is Layout.CELL_PER_LINE:
        raw, end = cell_per_line_rows(lines, table.body_start, width=len(table.columns), ends_row=ends_row)
        rows: list[TableRow] = []
        for r in raw:
            category = _category_alone(r, table)
            if category is not None:
                r = r[1:]
            rows.append(TableRow(_text_cells_placed(align_cells(r, len(table.columns), ends_row=ends_row), table),
                                 category=category))
        return rows, end
    if table.layout is Layout.SPACE:
        return _space_rows(lines, table)
    if table.layout is Layout.BARE_CELL_PER_LINE:
        return _bare_rows(lines, table)
    if table.layout is Layout.BLANK_CELL_PER_LINE:
        return blank_rows(lines, table)
    return _line_rows(lines, table)


def _category_alone(cells: Sequence[Cell], table: IndicatorTable) -> Cell | None:
    """A category written on a row of its own and run into the next row (cell per line, no 分类 column).

    The blank line after a lone cell is also what an empty cell leaves, so the reader
    joins the two rows; more text cells before the values than the table has text
    columns tell them apart: the first is the category.
    """
    if table.index(Kind.CATEGORY) is not None or len(cells) <= len(table.columns):
        return None
    text_columns = sum(1 for c in table.columns if c.kind in (Kind.NAME, Kind.UNIT, Kind.SEQ))
    leading = 0
    while leading < len(cells) and not ends_row(cells[leading].text):
        leading += 1
    return cells[0] if leading > text_columns else None


def _text_cells_placed(cells: list[Cell | None], table: IndicatorTable) -> list[Cell | None]:
    """A short row's text cells put back under 分类, 指标 and 单位 by what they hold.

    Right-aligning a row that lost cells puts its values right, but an empty cell between
    the name and the values (an empty 单位) pushes the name into the unit column: a text
    that is no unit is the name, and a text before it the category.
    """
    name_at, unit_at, cat_at = table.index(Kind.NAME), table.index(Kind.UNIT), table.index(Kind.CATEGORY)
    if name_at is None or unit_at is None or unit_at < name_at:
        return cells
    unit = cells[unit_at]
    if unit is None or is_placeholder(unit.text) or UNIT_RE.match(unit.text.strip("（）()")):
        return cells
    texts = [c for c in cells[:unit_at + 1] if c is not None]
    out = list(cells)
    for k in range(unit_at + 1):
        out[k] = None
    out[name_at] = texts[-1]
    if len(texts) >= 2 and cat_at is not None:
        out[cat_at] = Cell(join_cjk([c.text for c in texts[:-1]]), texts[0].line)
    return out


def _is_repeated_header(text: str, table: IndicatorTable) -> bool:
    cells = split_cells(normalise_header_line(text), line_layout(text))
    return tuple(label_key(c) for c in cells) == table.labels


def _line_rows(lines: Sequence[str], table: IndicatorTable) -> tuple[list[TableRow], int]:
    """Rows of a pipe- or TAB-separated table: one row per line."""
    rows: list[TableRow] = []
    i = table.body_start
    while i < len(lines):
        line = lines[i]
        if line.strip() and line_layout(line) is not table.layout:
            if not _category_line(lines, i, table):
                break
            rows.append(TableRow(align_cells([Cell(line.strip(), i + 1)], len(table.columns), ends_row=ends_row)))
            i += 1
            continue
        if line.strip() and not is_separator_row(line) and not _is_repeated_header(line, table):
            cells = [Cell(t, i + 1) for t in split_cells(line, table.layout)]
            rows.append(TableRow(align_cells(cells, len(table.columns), ends_row=ends_row)))
        i += 1
    return rows, i


def _category_line(lines: Sequence[str], i: int, table: IndicatorTable) -> bool:
    """A short line alone between rows of a pipe or TAB table: a category row whose empty cells were trimmed."""
    text = squeeze_spaces(lines[i])
    if len(text) > 16 or " " in text or "。" in text or is_heading(text) or ends_row(text):
        return False
    nxt = next((x for x in lines[i + 1:i + 3] if x.strip()), "")
    return line_layout(nxt) is table.layout and not _is_repeated_header(nxt, table)


def _space_rows(lines: Sequence[str], table: IndicatorTable) -> tuple[list[TableRow], int]:
    """Rows of a table run together into lines of text (PDF), across page breaks."""
    name_at = table.index(Kind.NAME)
    assert name_at is not None
    accepts = [column_accepts(c) for c in table.columns[name_at + 1:]]
    need = min(2, len(accepts))
    rows: list[TableRow] = []
    pending: list[Cell] = []
    i = table.body_start
    while i < len(lines):
        text = lines[i].strip()
        if _skip_in_body(text, table):
            i += 1
            continue
        if is_heading(text) or text.startswith("专栏") or find_table(lines, i, doc_period=lambda: None):
            break
        line = i + 1
        leftover, cells = fit_right(text.split(), accepts)
        if any(c is None for c in cells):
            joined = _join_wrapped_tail(lines, i, table, accepts, filled=sum(c is not None for c in cells))
            if joined is not None:
                (leftover, cells), i = joined
        if sum(c is not None for c in cells) < need:
            pending.append(Cell(text, i + 1))
            if sum(len(p.text) for p in pending) > MAX_PENDING_CHARS:
                return rows, pending[0].line - 1
            i += 1
            continue
        rows.append(_space_row(table, name_at, leftover, cells, pending, line))
        pending = []
        i = _join_name_tail(lines, i + 1, rows[-1], name_at, table)
    return rows, i


def _join_name_tail(lines: Sequence[str], i: int, row: TableRow, name_at: int, table: IndicatorTable) -> int:
    """Join the end of a name the PDF wrapped below its row (“…支出的比 20 >20 预期性” / “例（%）”).

    Only a short line that completes the name's unit bracket is taken (“例（%）”, “%）”),
    and only for a name without its unit yet; returns the index of the next line to read.
    """
    name = row.cells[name_at]
    if name is None or table.index(Kind.UNIT) is not None or split_unit(name.text)[1] is not None:
        return i
    j = i
    while j < len(lines) and not lines[j].strip():
        j += 1
    if j >= len(lines):
        return i
    tail = squeeze_spaces(lines[j])
    if len(tail) > 8 or " " in tail or is_heading(tail) or _skip_in_body(tail, table) \
            or split_unit(name.text + tail)[1] is None:
        return i
    row.cells[name_at] = Cell(name.text + tail, name.line)
    return j + 1


def _join_wrapped_tail(lines: Sequence[str], i: int, table: IndicatorTable, accepts: Sequence[CellTest], *,
                       filled: int) -> tuple[tuple[list[str], list[str | None]], int] | None:
    """A row whose last cell the PDF wrapped onto the next line (“… 58.5% 预” / “期性”).

    The next non-blank short line is joined to the row when that fills more columns;
    returns the fitted row and the index of the joined line, or None.
    """
    j = i + 1
    while j < len(lines) and not lines[j].strip():
        j += 1
    if j >= len(lines):
        return None
    tail = lines[j].strip()
    if len(tail) > 12 or " " in tail or is_heading(tail) or _skip_in_body(tail, table):
        return None
    fitted = fit_right((lines[i].strip() + tail).split(), accepts)
    if sum(c is not None for c in fitted[1]) <= filled:
        return None
    return fitted, j


def _skip_in_body(text: str, table: IndicatorTable) -> bool:
    """Page furniture inside a table body: page numbers, the repeated caption and header."""
    return not text or is_page_number(text) or squeeze_spaces(text) == table.title or _is_repeated_header(text, table)


def _bare_rows(lines: Sequence[str], table: IndicatorTable) -> tuple[list[TableRow], int]:
    """Rows of a table left one cell per line without any separator (text-layer PDF).

    Text cells gather until value cells follow; a row ends when every column right of the
    name has a value, or at the next text cell after some values. A number before any text
    of a row is a page number.
    """
    name_at = table.index(Kind.NAME)
    assert name_at is not None
    accepts = [column_accepts(c) for c in table.columns[name_at + 1:]]
    rows: list[TableRow] = []
    texts: list[Cell] = []
    values: list[Cell] = []
    i = table.body_start
    while i < len(lines):
        text = lines[i].strip()
        if not text or squeeze_spaces(text) == table.title or label_key(text) in table.labels:
            i += 1
            continue
        if is_heading(text):
            break
        if ends_row(text):
            if texts:  # a number between rows is a page number
                values.append(Cell(text, i + 1))
        elif values or (texts and sum(len(t.text) for t in texts) + len(text) > MAX_PENDING_CHARS):
            if not values:
                return rows, texts[0].line - 1
            rows.append(_bare_row(table, name_at, texts, values, accepts))
            texts, values = [], []
            continue
        elif len(text) <= 30:
            texts.append(Cell(text, i + 1))
        else:
            break
        if len(values) == len(accepts):
            rows.append(_bare_row(table, name_at, texts, values, accepts))
            texts, values = [], []
        i += 1
    if texts and values:
        rows.append(_bare_row(table, name_at, texts, values, accepts))
    return rows, i


def _bare_row(table: IndicatorTable, name_at: int, texts: list[Cell], values: list[Cell],
              accepts: Sequence[CellTest]) -> TableRow:
    """One row of the bare layout: its text cells and value cells placed under the columns."""
    _, tokens = fit_right([v.text for v in values], accepts)
    row = _space_row(table, name_at, [], tokens, texts, values[0].line)
    taken = reversed(values)  # fit_right takes tokens from the right, in order
    for k in range(len(tokens) - 1, -1, -1):
        if tokens[k] is not None:
            row.cells[name_at + 1 + k] = next(taken)
    return row


def _looks_like_category(text: str) -> bool:
    return 0 < len(text) <= 12 and not re.search(r"[（）()%\d]", text) and not SUB_MARKER_RE.match(text)


def _starts_with_category(pending: Sequence[Cell]) -> bool:
    """The first of several text lines is a category cell, the rest a name wrapped in its column.

    A wrapped cell fills its column on every line but the last, so a short first line
    followed by a longer one ended its own cell (“教育投入” / “财政性教育经费占……的比” / “例（%）”).
    """
    if len(pending) < 2 or not _looks_like_category(pending[0].text):
        return False
    return len(pending[0].text) + 2 < max(len(p.text) for p in pending[1:])


def _is_name_tail(text: str) -> bool:
    """The end of a name wrapped onto the line of its values (“年限（年）”, “（%）”)."""
    core, _ = split_unit(text)
    return text.startswith(("（", "(")) or len(core) <= 3


def _space_row(table: IndicatorTable, name_at: int, leftover: list[str], cells: list[str | None],
               pending: list[Cell], line: int) -> TableRow:
    """One row of a space-separated table from its leading text, value tokens and the text lines above it."""
    category: Cell | None = None
    name_tokens = leftover
    left = table.columns[:name_at]
    if left and left[0].kind is Kind.SEQ and leftover and leftover[0].isdigit():
        name_tokens = leftover[1:]
    if any(c.kind is Kind.CATEGORY for c in left) and len(name_tokens) >= 2 and _looks_like_category(name_tokens[0]):
        category, name_tokens = Cell(name_tokens[0], line), name_tokens[1:]
    name = Cell(join_cjk(name_tokens), line)
    if pending:
        above = join_cjk([p.text for p in pending])
        if not name.text:
            name = pending[-1]
            above = join_cjk([p.text for p in pending[:-1]])
            pending = pending[:-1]
        has_category = any(c.kind is Kind.CATEGORY for c in left)
        if above and category is None and _looks_like_category(above) and not _is_name_tail(name.text):
            category = Cell(above, pending[0].line)
        elif above and has_category and category is None and _starts_with_category(pending):
            category = pending[0]
            name = Cell(join_cjk([p.text for p in pending[1:]]) + name.text, pending[1].line)
        elif above:
            name = Cell(above + name.text, pending[0].line)
    row: list[Cell | None] = [None] * len(table.columns)
    row[name_at] = name
    for k, token in enumerate(cells):
        row[name_at + 1 + k] = Cell(token, line) if token is not None else None
    return TableRow(row, category=category)


def split_unit(name: str) -> tuple[str, str | None]:
    """A name without its closing unit bracket, and the unit (“毛入园率（%）” → 毛入园率, %)."""
    m = UNIT_TAIL_RE.match(name)
    if m:
        unit = normalize_text(m.group(2)).replace("㎡", "m²")
        if UNIT_RE.match(unit):
            return m.group(1).strip(), unit
    return name.strip(), None


# --- blank-line-separated cells (web page copies) ----------------------------------------


