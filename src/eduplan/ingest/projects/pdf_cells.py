"""Project tables as a PDF's text layer leaves them: the grid is gone, only pieces remain.

Two shapes come out of a text-layer PDF:

- cells: each cell drawn on its own gives one line per wrapped piece of it, cells in
  column order, an empty cell giving nothing (“回购后直接投” / “用” is one cell);
- lines: each visual line drawn as one run gives the pieces of that line of every cell,
  separated by single spaces; a wrapped cell goes on in the next line among the others.

Without positions, pieces are put under columns by the columns' types read from the
header (numbers, years, dates, 建设性质 and 学段 words, free text) and by the sequence
number that opens each row. A cell goes on below only while its pieces fill the column:
every wrapped line but the last is full, and the widest piece seen in a column tells
how wide it is.

A PDF read by position (`pdf_layout`) gives the lines shape with each cell padded to
its column: there a row's yearly amounts go under the year whose column they start in,
which an empty year cell before them no longer hides. Where positions cannot tell (fewer
amounts than years, no layout), the amounts are not placed: the row carries them as
unplaced and the extractor reports a `table_cell_unplaced` finding.
"""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from eduplan.core.numbers import normalize_text, parse_number
from eduplan.ingest.projects.pdf_header import (
    BARE_YEAR_RE,
    LONGEST_PIECE,
    SKIP,
    WHOLE_NAME_RE,
    assign,
    cells_header,
    column_kind,
    fits,
    laid_out,
    lines_header,
    text_width,
)
from eduplan.ingest.projects.rows import header_signature, opens_table, split_free
from eduplan.ingest.projects.table import ORDINAL_RE, SEQ_RE, STOP_RE, TOTAL_RE, Row, column_role, compact, header_text
from eduplan.ingest.tables.model import display_width

# ---------------------------------------------------------------- rows


@dataclass
class _Record:
    line: int  # 1-based line of the row's first piece
    lines: list[list[str]] = field(default_factory=list)  # the pieces of each line
    first: str = ""  # the first line as read, with the spacing that may tell its columns


def _tokens(raw: str) -> list[str]:
    return normalize_text(raw).split()


def _is_row_start(tokens: list[str], expected: int, nxt: list[str], style: str, pieces_before: int = 0) -> bool:
    head = tokens[0]
    m = SEQ_RE.match(head)
    if m:
        seq = int(m.group(1))
        if seq not in (expected, 1):
            return False
        # one piece a line: a bare number opens a row before a name, not just after a row's name
        if style == "cells":
            return len(tokens) == 1 and bool(nxt) and parse_number(nxt[0]) is None and pieces_before != 2
        return len(tokens) > 1
    return len(head) <= 20 and bool(TOTAL_RE.search(head) or ORDINAL_RE.match(head))


def _records(lines: Sequence[str], start: int, style: str, header: str = "",
             parent: str | None = None, header_at: int | None = None) -> tuple[list[_Record], int]:
    """The rows of the table below its header (a repeated header is skipped), and the end index.

    `header` is the compact first line of the table's header: a 序号 line that differs
    from it opens the next table. `parent` is a header parent drawn above the 序号 line:
    repeated with the header after a page break, it is no text of the row before.
    """
    records: list[_Record] = []
    expected, in_header = 1, True
    own = header_text(tuple(lines), header_at) if header_at is not None else None
    n = start
    for n in range(start, len(lines)):
        tokens = _tokens(lines[n])
        if not tokens:
            continue
        c = "".join(tokens)
        if parent and c == parent:
            continue
        if c.startswith("序号") or c == "序":
            if records and len(c) > 2 and len(header) > 2 and header_signature(c) != header_signature(header):
                return records, n  # the header of the next table
            in_header = True
            continue
        nxt = next((_tokens(x) for x in lines[n + 1:n + 3] if x.strip()), [])
        before = len(records[-1].lines) if records and SEQ_RE.match(records[-1].lines[0][0]) else 0
        if _is_row_start(tokens, expected, nxt, style, before):
            records.append(_Record(n + 1, [tokens], lines[n]))
            in_header = False
            m = SEQ_RE.match(tokens[0])
            expected = int(m.group(1)) + 1 if m else expected
        elif in_header and records:
            continue  # a header repeated after a page break
        elif STOP_RE.match(c) or max(len(t) for t in tokens) > LONGEST_PIECE \
                or (not in_header and opens_table(lines, n + 1, own)):
            return records, n
        elif records:
            records[-1].lines.append(tokens)
    return records, n + 1


def _segments(kinds: list[str], lo: int, *, free: bool) -> list[list[int]]:
    """Columns from `lo` as segments: a run of free-text columns is one segment, any other column its own."""
    out: list[list[int]] = []
    for k in range(lo, len(kinds)):
        if kinds[k] == "free" and not free:
            continue
        if kinds[k] == "free" and out and kinds[out[-1][-1]] == "free" and out[-1][-1] == k - 1:
            out[-1].append(k)
        else:
            out.append([k])
    return out


def _fill(pieces: list[str], kinds: list[str], lo: int, *, free: bool) -> dict[int, list[str]]:
    """Share a row's pieces, in order, between its columns from `lo`: typed columns take what fits them."""
    segs = _segments(kinds, lo, free=free)
    n = len(pieces)
    memo: dict[tuple[int, int], tuple[float, list[tuple[int, int]]]] = {}

    def seg_score(s: int, a: int, b: int) -> float:
        if a == b:
            return 0.0
        kind = kinds[segs[s][0]]
        if kind == "free":
            return 1.0 - 1e-3 * s
        text = "".join(pieces[a:b])
        if fits(text, kind, whole=True):
            return 1.0 - 1e-3 * s
        # a first piece of a wrapped cell (the lines shape), or a word outside the known vocabulary
        return 0.4 if b - a == 1 and fits(text, kind, whole=False) else SKIP

    def go(s: int, a: int) -> tuple[float, list[tuple[int, int]]]:
        if s == len(segs):
            return (0.0, []) if a == n else (SKIP, [])
        if (s, a) not in memo:
            options = []
            for b in range(a, n + 1):
                if b - a > 3 and kinds[segs[s][0]] != "free":
                    break
                here = seg_score(s, a, b)
                if here <= SKIP:
                    continue
                rest = go(s + 1, b)
                if rest[0] > SKIP:
                    options.append((here + rest[0], [(a, b), *rest[1]]))
            memo[s, a] = max(options, key=lambda o: o[0]) if options else (SKIP, [])
        return memo[s, a]

    spans = go(0, 0)[1]
    out: dict[int, list[str]] = {}
    for seg, (a, b) in zip(segs, spans):
        if a == b:
            continue
        if len(seg) == 1:
            out[seg[0]] = pieces[a:b]
        else:
            for k, text in zip(seg, split_free(_rejoin_fragments(pieces[a:b]), len(seg))):
                out[k] = [text] if text else []
    return out


def _rejoin_fragments(pieces: list[str]) -> list[str]:
    """Pieces with a one-character piece joined to the one before: it is the end of a wrapped cell."""
    out: list[str] = []
    for piece in pieces:
        if out and len(compact(piece)) == 1:
            out[-1] += piece
        else:
            out.append(piece)
    return out


def _open_row(tokens: list[str], kinds: list[str]) -> tuple[dict[int, list[str]], list[str]]:
    """The label or number of a row's first column, and the row's other pieces."""
    m = SEQ_RE.match(tokens[0])
    if m:
        return {0: [m.group(1)]}, tokens[1:]
    k = 1
    while k < len(tokens) and not fits(tokens[k], "number", whole=True):
        k += 1
    return {0: tokens[:k]}, tokens[k:]


def _cells_row(record: _Record, kinds: list[str]) -> dict[int, list[str]]:
    pieces = [" ".join(t) for t in record.lines]
    cells, rest = _open_row(pieces, kinds)
    if rest:
        cells.update(_fill(rest, kinds, 1, free=bool(SEQ_RE.match(pieces[0]))))
    return cells


def _lines_rows(records: list[_Record], labels: list[str], kinds: list[str], header_widths: dict[int, float]) -> list[dict[int, list[str]]]:
    """Rows of the lines shape: first lines by type, wrapped pieces to the columns they fill."""
    firsts = []
    roles = [column_role(lab) for lab in labels]
    width = dict(header_widths)
    for record in records:
        cells, rest = _open_row(record.lines[0], kinds)
        if rest:
            cells.update(_fill(rest, kinds, 1, free=bool(SEQ_RE.match(record.lines[0][0]))))
        firsts.append(cells)
        for k, pieces in cells.items():
            width[k] = max([width.get(k, 0.0), *(text_width(p) for p in pieces)])
    for record, cells in zip(records, firsts):
        # the number opening a row does not wrap; a total's label may
        open_cols = sorted(k for k in cells if cells[k] and (k or not SEQ_RE.match(cells[0][0])))
        for tokens in record.lines[1:]:
            picks = assign(tokens, open_cols, functools.partial(_goes_on, cells, kinds, roles, width))
            for k, token in picks:
                cells[k].append(token)
            open_cols = [k for k, _ in picks]
    return firsts


def _goes_on(cells: dict[int, list[str]], kinds: list[str], roles: list[str | None], width: dict[int, float],
             k: int, token: str) -> float:
    """How well a piece of a later line continues column k: its cell must fill the column, and still fit it."""
    last = cells[k][-1]
    full = 2.0 if text_width(last) >= width.get(k, 0.0) - 0.8 else 0.0
    if kinds[k] in ("free", "seq"):
        # of two full columns, a name that already reads as whole is the one that ended
        return full - (1.5 if roles[k] == "name" and WHOLE_NAME_RE.search(last) else 0.0)
    before = "".join(cells[k])
    if not fits(before + token, kinds[k], whole=True):
        return SKIP
    return full + (1.5 if not fits(before, kinds[k], whole=True) else 0.0)


def _token_spans(raw: str) -> list[tuple[int, int]]:
    """Where each piece of a laid-out line starts and ends, in half-em columns (Chinese: two each)."""
    text = normalize_text(raw)
    return [(m.start(), m.start() + display_width(m.group())) for m in re.finditer(r"\S+", text)]


def _year_anchors(head: list[str], labels: list[str]) -> tuple[list[int], float] | None:
    """Where the year labels end in a laid-out header, and where the label before them ends.

    A cell is left-aligned in its column and a label is centred or left-aligned in it, so
    a piece starting at x lies under the first label that ends after x: the year of an
    amount is the number of year labels ending at or before it.
    """
    years = [k for k, lab in enumerate(labels) if column_role(lab) == "year_investment"]
    if not years or not head or not laid_out(head[0]):
        return None
    first = _token_spans(head[0])
    anchors: list[tuple[int, int]] | None = None
    for raw in head[1:]:
        tokens = _tokens(raw)
        if len(tokens) == len(years) and all(BARE_YEAR_RE.match(t) for t in tokens) and laid_out(raw):
            anchors = _token_spans(raw)
    if anchors is None and len(first) == len(labels):
        anchors = [first[k] for k in years]
    if anchors is None:
        return None
    before = [end for start, end in first if start < anchors[0][0]]
    return [end for _, end in anchors], (max(before) if before else -math.inf)


def _place_years_by_position(cells: dict[int, list[str]], labels: list[str], raw: str,
                             anchors: tuple[list[int], float]) -> bool:
    """Put the row's yearly amounts under the year whose column they start in; False if positions do not tell."""
    if not laid_out(raw):
        return False
    years = [k for k, lab in enumerate(labels) if column_role(lab) == "year_investment"]
    ends, lower = anchors
    amounts = [cells[k] for k in years if cells.get(k)]
    if any(len(a) != 1 for a in amounts):
        return False  # an amount wrapped over two lines: its first line alone has a position
    placed: dict[int, list[str]] = {}
    for token, (at, _) in zip(_tokens(raw), _token_spans(raw)):
        j = sum(1 for e in ends if e <= at)
        if at < lower or j >= len(years):
            continue
        column = years[j]
        if column in placed:
            return False
        placed[column] = [token]
    if [v for _, v in sorted(placed.items())] != amounts:
        return False  # the pieces found there are not the amounts the row was read with
    for k in years:
        cells.pop(k, None)
    cells.update(placed)
    return True


def _unplaced_years(cells: dict[int, list[str]], labels: list[str]) -> str | None:
    """Yearly amounts whose year the text cannot tell, taken out of the row; None when every year has one.

    Read in order, fewer amounts than year columns could stand under any of the years
    (a project's amounts need not start in its first year, nor in the table's): without
    positions they are not placed, and the caller reports them.
    """
    years = [k for k, lab in enumerate(labels) if column_role(lab) == "year_investment"]
    filled = [k for k in years if cells.get(k)]
    if not filled or len(filled) == len(years):
        return None
    amounts = ["".join(cells.pop(k)) for k in filled]
    return "、".join(amounts)


# ---------------------------------------------------------------- the table


def pdf_shape(lines: Sequence[str], start: int) -> str | None:
    """“cells” or “lines” when the header at `start` is laid out as a PDF's text layer leaves it, else None."""
    first = _tokens(lines[start])
    if not first or first[0] != "序号":
        return None
    if len(first) >= 3:
        return "lines"
    for raw in lines[start:start + 40]:
        tokens = _tokens(raw)
        if not tokens:
            return None
        if len(tokens) > 1:
            return None
        if SEQ_RE.match(tokens[0]) or TOTAL_RE.search(tokens[0]) or ORDINAL_RE.match(tokens[0]):
            return "cells"
    return None


def _parent_above(lines: Sequence[str], start: int) -> str | None:
    """A spanned header parent drawn on its own line just above the 序号 line (“年度投资（万元）”)."""
    k = start - 1
    while k >= 0 and not lines[k].strip():
        k -= 1
    if k < 0:
        return None
    tokens = _tokens(lines[k])
    text = compact(lines[k])
    if len(tokens) != 1 or len(text) > 16 or "。" in text or text.endswith("表"):
        return None
    spanning = re.search(r"年度|分年|投资|资金|情况|构成|其中", text)
    return text if spanning and column_role(text) != "investment_total" else None


def pdf_table(lines: Sequence[str], start: int, shape: str) -> tuple[list[str], list[Row], int]:
    """Labels, rows and end index of a project table in the shape `pdf_shape` found."""
    head: list[list[str]] = []
    head_at: list[int] = []  # the index of each header line
    n = start
    while n < len(lines):
        tokens = _tokens(lines[n])
        nxt = next((_tokens(x) for x in lines[n + 1:n + 3] if x.strip()), [])
        if head and tokens and _is_row_start(tokens, 1, nxt, shape):
            break
        if tokens:
            head.append(tokens)
            head_at.append(n)
        n += 1
    if shape == "cells":
        labels = cells_header([" ".join(t) for t in head])
    else:
        labels = lines_header(head, [lines[k] for k in head_at], _parent_above(lines, start))
    labels = [compact(x) for x in labels]
    kinds = [column_kind(lab) for lab in labels]
    records, end = _records(lines, n, shape, "".join(_tokens(lines[start])), _parent_above(lines, start), start)
    if shape == "cells":
        filled = [_cells_row(r, kinds) for r in records]
    else:
        widths = {k: text_width(lab) for k, lab in enumerate(head[0]) if len(head[0]) == len(labels)}
        filled = _lines_rows(records, labels, kinds, widths)
    anchors = _year_anchors([lines[k] for k in head_at], labels)
    rows = []
    for record, cells in zip(records, filled):
        if len(cells) == 1 and 0 in cells and not SEQ_RE.match(cells[0][0]):
            rows.append(Row(["".join(cells[0])], record.line))
            continue
        unplaced = None
        if anchors is None or not _place_years_by_position(cells, labels, record.first, anchors):
            unplaced = _unplaced_years(cells, labels)
        rows.append(Row(["".join(cells.get(k, [])) for k in range(len(labels))], record.line, unplaced))
    return labels, rows, end
