"""Rows of a web-page copy of an indicator table: a cell per line, a blank line between cells.
The header's labels may hold spaces (“指  标”) and no caption is needed; rows are told apart
by what their cells hold.
"""

from __future__ import annotations

from collections.abc import Sequence

from eduplan.ingest.indicators.headers import (
    ROW_NUMBER_RE,
    SUB_MARKER_RE,
    UNIT_RE,
    Column,
    IndicatorTable,
    Kind,
    TableRow,
    classify_label,
    column_accepts,
    ends_row,
    find_table,
    label_key,
)
from eduplan.ingest.tables.layouts import Cell, CellTest, blank_separated_cells, is_placeholder


def blank_rows(lines: Sequence[str], table: IndicatorTable) -> tuple[list[TableRow], int]:
    """Rows of a table left one cell per line with a blank line between cells (a web page copy).

    Rows are not separated, so a row is its text cells (names) followed by its body cells
    (values, attribute, unit), up to the next text cell. Text cells followed by an empty
    cell and then a text are a row of their own (a category written across the table). A
    cell holding several lines of a stacked row (“…比例（%）” / “其中：小学” / “初中”, then one
    value per line in each year column) comes as consecutive cells: `_fit_group` places
    them column by column, and a group no count of rows explains is reported, not read.
    The table ends at the first cell too long to be one; text cells after its last values
    are left out.
    """
    name_at = table.index(Kind.NAME)
    assert name_at is not None
    right = table.columns[name_at + 1:]
    if not right or any(c.kind in (Kind.OTHER, Kind.NAME, Kind.CATEGORY, Kind.SEQ) for c in right):
        return [], table.body_start
    cells, _ = blank_separated_cells(
        lines, table.body_start, max_empty=len(table.columns),
        stops=lambda i: _starts_other_header(lines, i))
    has_seq = any(c.kind is Kind.SEQ for c in table.columns[:name_at])
    is_body = _body_test(right)
    rows: list[TableRow] = []
    end = table.body_start
    pos = 0
    while pos < len(cells):
        if not cells[pos].text or label_key(cells[pos].text) in table.labels:
            pos += 1
            continue
        if has_seq and cells[pos].text.isdigit() and pos + 1 < len(cells) and cells[pos + 1].text \
                and not is_body(cells[pos + 1].text):
            pos += 1  # the 序号 cell
        texts: list[Cell] = []
        while pos < len(cells) and cells[pos].text and not is_body(cells[pos].text):
            texts.append(cells[pos])
            pos += 1
        if not texts:
            break  # values without a name: not a row of this table
        nxt = next((q for q in range(pos, len(cells)) if cells[q].text), len(cells))
        if nxt > pos and (nxt == len(cells) or not is_body(cells[nxt].text)):
            rows.extend(_name_only_row(t, table, name_at) for t in texts)  # categories
            pos = nxt
            continue
        body: list[Cell] = []
        while pos < len(cells) and (not cells[pos].text or is_body(cells[pos].text)):
            body.append(cells[pos])
            pos += 1
        if not any(c.text for c in body):
            break
        rows.extend(_fit_group(texts, body, table, name_at))
        end = max(c.line for c in body if c.text)
    return rows, end


def _starts_other_header(lines: Sequence[str], i: int) -> bool:
    """A line where another table's header starts, or a header label no body cell holds (“2021年”, “序号”).

    A year label would read as a value: the cells stop there rather than take another
    table's header for a row.
    """
    column = classify_label(lines[i].strip())
    if column is not None and (column.kind is Kind.SEQ or (column.kind is Kind.YEAR and "年" in lines[i])):
        return True
    return find_table(lines, i, doc_period=lambda: None) is not None


def _body_test(right: Sequence[Column]) -> CellTest:
    has_unit = any(c.kind is Kind.UNIT for c in right)

    def test(text: str) -> bool:
        return ends_row(text) or (has_unit and bool(UNIT_RE.match(text.strip("（）()"))))
    return test


def _name_only_row(cell: Cell, table: IndicatorTable, name_at: int) -> TableRow:
    row: list[Cell | None] = [None] * len(table.columns)
    row[name_at] = cell
    return TableRow(row)


def _fits(column: Column, text: str) -> bool:
    return not text or column_accepts(column)(text) or is_placeholder(text)


def _fit_group(texts: list[Cell], body: list[Cell], table: IndicatorTable, name_at: int) -> list[TableRow]:
    """The rows of one group of names and body cells, placed column by column.

    k rows give k cells in each value column and, in the attribute and unit columns, either
    k cells or one shared by all; one text more than k is a category, or the parent the
    rows are 其中 of. Empty cells at the end may belong to the next row. Exactly one
    reading must fit every cell; otherwise the group is reported.
    """
    right = table.columns[name_at + 1:]
    shared_ok = [c.kind in (Kind.ATTRIBUTE, Kind.UNIT) for c in right]
    readings: list[tuple[int, list[list[Cell]]]] = []
    trailing = len(body) - 1 - max(n for n, c in enumerate(body) if c.text)
    for trim in range(trailing + 1):
        cut = body[:len(body) - trim]
        for k in (len(texts), len(texts) - 1):
            if k < 1:
                continue
            for shared in ((False, True) if k > 1 else (False,)):
                sizes = [1 if shared and ok else k for ok in shared_ok]
                if sum(sizes) != len(cut):
                    continue
                chunks, at = [], 0
                for size in sizes:
                    chunks.append(cut[at:at + size])
                    at += size
                if all(_fits(col, c.text) for col, chunk in zip(right, chunks, strict=True) for c in chunk):
                    readings.append((k, chunks))
        if readings:
            break
    if len(readings) != 1:
        return [TableRow([None] * len(table.columns), unplaced=[*texts, *(c for c in body if c.text)])]
    k, chunks = readings[0]
    lead, names = texts[:len(texts) - k], texts[len(texts) - k:]
    rows: list[TableRow] = []
    category: Cell | None = None
    if lead and SUB_MARKER_RE.match(names[0].text):
        head = _name_only_row(Cell(ROW_NUMBER_RE.sub("", lead[0].text), lead[0].line), table, name_at)
        head.heads_group = True
        for col, chunk in zip(right, chunks, strict=True):
            if len(chunk) == 1 and k > 1 and col.kind is Kind.ATTRIBUTE:
                head.cells[table.columns.index(col)] = chunk[0] if chunk[0].text else None
        rows.append(head)
    elif lead:
        category = lead[0]
    cat_at = table.index(Kind.CATEGORY)
    for r, name in enumerate(names):
        row: list[Cell | None] = [None] * len(table.columns)
        row[name_at] = Cell(ROW_NUMBER_RE.sub("", name.text), name.line)
        for j, chunk in enumerate(chunks):
            cell = chunk[r] if len(chunk) > 1 else chunk[0]
            row[name_at + 1 + j] = cell if cell.text else None
        if category is not None and cat_at is not None and r == 0:
            row[cat_at] = category
            rows.append(TableRow(row))
        else:
            rows.append(TableRow(row, category=category if r == 0 else None))
    return rows
