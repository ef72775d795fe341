"""Reading the rows of a project table in each layout a converted document leaves.

- TAB, one cell per line: rows end at a blank line, but an empty cell is a blank line too
  (conversion drops its TAB), so rows are cut by the table's width, measured between data rows;
- TAB, one row per line; `a | b | c` rows (Word tables, Markdown);
- run-together PDF text: a record starts at its number, typed cells (性质, 学段, numbers,
  years) are taken from its ends and the free text (name, address) is shared out.

Every reader gives column labels and rows of cells in column order.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from eduplan.core.numbers import normalize_text, parse_number
from eduplan.ingest.projects.table import (
    HEADER_KEYWORDS,
    ORDINAL_RE,
    SEQ_RE,
    STOP_RE,
    TOTAL_RE,
    Row,
    body_width,
    column_role,
    compact,
    first_token_seq,
    header_labels,
    header_text,
    is_data_row,
    legacy_merge_header,
)
from eduplan.ingest.tables.layouts import is_heading

_PLACE_END_RE = re.compile(r"(区|县|镇|乡|街道|村|社区|片区|组团|新城|地块|园区)$")
_PLACE_FORBIDDEN_RE = re.compile(r"[学校（）()]|工程|园(?!区)")
def _tab_items(lines: tuple[str, ...], start: int) -> tuple[list[tuple[str | None, int]], int]:
    """The TAB region as a stream: (cell text, line) per TAB line, (None, line) per blank line.

    Converted text loses the TAB of an empty cell, so a blank line is either an empty cell
    or the end of a row; `_stream_rows` tells them apart by the table's width. A line
    without the TAB continues the cell before it (a blank line just before it is a
    paragraph break inside that cell). Returns the items and the index after the table.
    """
    items: list[tuple[str | None, int]] = []
    own = header_text(lines, start)
    n = start
    while n < len(lines):
        raw = lines[n]
        c = compact(raw)
        if not c:
            items.append((None, n + 1))
        elif raw.startswith("\t"):
            items.append((raw.strip(), n + 1))
        else:
            after_blank = len(items) > 1 and items[-1][0] is None
            if ORDINAL_RE.match(c) or is_heading(c) or (after_blank and "。" in c) or opens_table(lines, n + 1, own):
                break  # a heading, prose or the next table's caption after the table's last row
            if after_blank:
                items.pop()
            if not items or items[-1][0] is None or len(c) > 30 or STOP_RE.match(c):
                break
            items[-1] = (items[-1][0] + c, items[-1][1])
        n += 1
    while items and items[-1][0] is None:
        items.pop()
    return items, n


def opens_table(lines: Sequence[str], n: int, own: str | None = None) -> bool:
    """Whether the next non-blank line from index n opens another table's 序号 header.

    The line before it is that table's caption. `own` is the compact header of the table
    being read (`header_text`): the same header again is a page break inside it.
    """
    k = next((k for k in range(n, min(n + 3, len(lines))) if lines[k].strip()), None)
    if k is None:
        return False
    nxt = compact(lines[k])
    if not (nxt.startswith(("序号", "|序号")) or nxt == "序"):
        return False
    if own is None:
        return True
    mine = header_signature(own)
    return header_signature(header_text(tuple(lines), k))[:len(mine)] != mine


def header_signature(header: str) -> tuple[str, ...]:
    """The known keywords of a compact header, in order: a repeated header wrapped otherwise has the same."""
    return tuple(next(kw for kw in HEADER_KEYWORDS if label.startswith(kw)) for label in split_keywords(header)
                 if any(label.startswith(kw) for kw in HEADER_KEYWORDS))


def _item_seq(text: str | None) -> int | None:
    m = SEQ_RE.match(compact(text or ""))
    return int(m.group(1)) if m else None


def _table_width(items: list[tuple[str | None, int]], first: int) -> int:
    """Columns of a cell-per-line table: the stride between data rows 1 and 2, less the row end."""
    seqs = [k for k in range(first, len(items)) if _item_seq(items[k][0]) is not None]
    for a in seqs:
        for b in seqs:
            if b > a and _item_seq(items[b][0]) == (_item_seq(items[a][0]) or 0) + 1 and items[b - 1][0] is None:
                return b - a - 1
    return len(items) - (seqs[0] if seqs else first)


def _stream_rows(items: list[tuple[str | None, int]], width: int) -> list[Row]:
    """Cut a cell stream into rows of `width` cells (a heading row ends at its first blank)."""
    rows: list[Row] = []
    cells: list[str] = []
    line = 0
    for text, n in items:
        full = len(cells) >= width
        heading = (len(cells) == 1 and not _item_seq(cells[0]) and not TOTAL_RE.search(compact(cells[0])))
        if text is None:
            if cells and (full or heading):
                rows.append(Row(cells, line))
                cells = []
            elif cells:
                cells.append("")
            else:
                cells, line = [""], 0
            continue
        if full:
            rows.append(Row(cells, line))
            cells = []
        if not any(cells):
            line = n
        cells.append(text)
    if cells:
        rows.append(Row(cells, line))
    return rows


def tab_table(lines: tuple[str, ...], start: int) -> tuple[list[str], list[Row], int]:
    """Labels, data rows and end index of a TAB table (one cell per line, or one row per line)."""
    first_line = next((x for x in lines[start:start + 3] if x.strip()), "")
    if len(first_line.strip("\t").split("\t")) > 1:
        rows = []
        n = start
        for n in range(start, len(lines)):
            raw = lines[n]
            c = compact(raw)
            if "\t" not in raw.strip("\t ") and c and not (
                    len(c) <= 30 and (ORDINAL_RE.match(c) or TOTAL_RE.search(c))):
                break
            if raw.strip():
                rows.append(Row([c.strip() for c in raw.strip("\t").split("\t")], n + 1))
        first = next((k for k, r in enumerate(rows) if is_data_row(r)), len(rows))
        width = body_width(rows[first:])
        return header_labels(rows[:first], width=width), rows[first:], n
    items, end = _tab_items(lines, start)
    first = next((k for k, (t, _) in enumerate(items) if is_data_row(Row([t or ""], 0))), len(items))
    width = _table_width(items, first)
    head = items[:first]
    top_len = next((k for k, (t, _) in enumerate(head) if t is None), len(head))
    # head = top row, row end, leaf row (width cells), row end, empty cells opening the first data row
    lead = len(head) - top_len - width - 2 if top_len < width else len(head) - width - 1
    lead = lead if 0 <= lead <= 3 else 0
    leaf_end = len(head) - 1 - lead
    leaf = head[max(0, leaf_end - width):leaf_end]
    top = head[:top_len] if top_len < width else []
    header_rows = [Row([t or "" for t, _ in part], 0) for part in (top, leaf) if part]
    first -= lead
    return legacy_merge_header(header_rows) if header_rows else [], _stream_rows(items[first:], width), end


def pipe_rows(lines: tuple[str, ...], start: int) -> tuple[list[Row], int]:
    """Rows of a table printed as `a | b | c` lines (Word tables, Markdown), and the end index."""
    rows: list[Row] = []
    n = start
    for n in range(start, len(lines)):
        raw = lines[n].strip()
        if not raw:
            if any("|" in x for x in lines[n + 1:n + 2]):
                continue
            return rows, n
        if "|" not in raw:
            return rows, n
        cells = [c.strip() for c in raw.strip("|").split("|")]
        if all(re.fullmatch(r":?-{2,}:?", c) for c in cells if c):
            continue
        rows.append(Row(cells, n + 1))
    return rows, n + 1


def split_keywords(header: str) -> list[str]:
    """Column labels of a run-together header: each starts at a known keyword."""
    starts: list[int] = []
    i = 0
    while i < len(header):
        kw = next((k for k in HEADER_KEYWORDS if header.startswith(k, i)), None)
        if kw:
            starts.append(i)
            i += len(kw)
        else:
            i += 1
    if not starts:
        return []
    starts[0] = 0
    return [header[a:b] for a, b in zip(starts, [*starts[1:], len(header)])]


def _record_lines(lines: tuple[str, ...], start: int) -> tuple[list[tuple[int, list[str]]], int]:
    """(line, lines) of each record of a run-together table (a record starts at its number), end index."""
    records: list[tuple[int, list[str]]] = []
    expected = 1
    in_header = True
    own = header_text(lines, start)
    n = start
    for n in range(start, len(lines)):
        raw = lines[n]
        c = compact(raw)
        if not c:
            if records and not in_header:
                records[-1][1].append("")
            continue
        seq = first_token_seq(raw)
        if c in ("序", "序号") or c.startswith("序号"):
            if records and len(c) > 2 and len(compact(lines[start])) > 2 \
                    and header_signature(c) != header_signature(compact(lines[start])):
                return records, n  # the header of the next table
            in_header = True
            continue
        if seq is not None and (seq == expected or seq == 1):
            records.append((n + 1, [raw]))
            expected = seq + 1
            in_header = False
        elif TOTAL_RE.search(c) and len(c) <= 20 or (ORDINAL_RE.match(c) and len(c) <= 20):
            records.append((n + 1, [raw]))
            in_header = False
        elif STOP_RE.match(c) or "。" in c or len(c) > 40 or (records and opens_table(lines, n + 1, own)):
            return records, n
        elif not in_header and records:
            records[-1][1].append(raw)
    return records, n + 1


def _piece_kind(label: str) -> str:
    role = column_role(label)
    if role in ("name", "address", "content", "remark", None):
        return "free"
    return role


def _fits(piece: str, kind: str) -> bool:
    p = compact(piece)
    if kind in ("stage", "status"):
        return len(p) <= 8 and not re.search(r"\d", p)
    if kind == "nature":
        return len(p) <= 8 and bool(re.search(r"建|购|回收|装修|改造|迁", p))
    if kind == "period":
        return bool(re.fullmatch(r"20\d\d\D{0,2}(20\d\d\D?)?", p))
    if kind in ("planned_start", "planned_finish"):
        return bool(re.fullmatch(r"20\d\d[.\-/年]\d{1,2}月?", p))
    return parse_number(p) is not None or p in ("-", "—", "/")


def _looks_like_place(text: str) -> bool:
    return bool(_PLACE_END_RE.search(text)) and not _PLACE_FORBIDDEN_RE.search(text)


def split_free(pieces: list[str], count: int) -> list[str]:
    """Share run-together pieces between `count` free-text columns (name, then address …)."""
    if count <= 1 or len(pieces) <= 1:
        return ["".join(pieces), *[""] * (count - 1)] if count else []
    for k in range(1, len(pieces)):
        if _looks_like_place("".join(pieces[k:])):
            return ["".join(pieces[:k]), "".join(pieces[k:]), *[""] * (count - 2)]
    return ["".join(pieces[:-1]), pieces[-1], *[""] * (count - 2)]


def _pieces(record: list[str], wrap: int) -> list[str]:
    """A record's whitespace-separated pieces; a word cut by a hard wrap at full width is rejoined."""
    pieces: list[str] = []
    previous_full = False
    for raw in record:
        tokens = normalize_text(raw).split()
        if tokens and previous_full and pieces and min(len(pieces[-1]), len(tokens[0])) == 1:
            pieces[-1] += tokens.pop(0)  # a one-character fragment cannot be a cell of its own
        pieces.extend(tokens)
        previous_full = len(raw) >= wrap - 1 and wrap >= 20
    return pieces


def token_rows(lines: tuple[str, ...], start: int, labels: list[str]) -> tuple[list[Row], int]:
    """Rows of a run-together table (typed cells taken from the ends, free text shared out), end index."""
    rows: list[Row] = []
    kinds = [_piece_kind(lab) for lab in labels]
    records, end = _record_lines(lines, start)
    wrap = max((len(raw) for _, record in records for raw in record), default=0)
    for line, record in records:
        pieces = _pieces(record, wrap)
        if len(pieces) == 1 and not SEQ_RE.match(pieces[0]):
            rows.append(Row([pieces[0]], line))
            continue
        cells = [""] * len(labels)
        if kinds and kinds[0] == "seq" and pieces and SEQ_RE.match(pieces[0]):
            cells[0] = SEQ_RE.match(pieces[0]).group(1)  # type: ignore[union-attr]
            pieces = pieces[1:]
        lo = 1 if kinds and kinds[0] == "seq" else 0
        hi = len(labels) - 1
        while hi >= lo and kinds[hi] != "free":
            if pieces and _fits(pieces[-1], kinds[hi]):
                cells[hi] = pieces.pop()
            hi -= 1
        while lo <= hi and kinds[lo] != "free":
            if pieces and _fits(pieces[0], kinds[lo]):
                cells[lo] = pieces.pop(0)
            lo += 1
        free = [k for k in range(lo, hi + 1)]
        for k, text in zip(free, split_free(pieces, len(free))):
            cells[k] = text
        rows.append(Row(cells, line))
    return rows, end


