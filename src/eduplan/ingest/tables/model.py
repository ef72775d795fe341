"""One model of a table's header, whatever layout carried it: rows of cells with spans.

A header is one row of labels, or a row of parents over a row of children (“年度投资（万元）”
over 2022年…2025年, “基本情况” over its sub-columns). Layouts leave the spans in three ways,
and `leaf_labels` rebuilds the leaf columns from each:

- full width: every row has a cell per column; a spanned parent is written once and the
  cells right of it under its span are empty, a tall cell (spanning both rows) leaves its
  lower cell empty (TAB rows, pipe rows of a Word export that pads merges);
- compact: a spanned parent is written once, the row is shorter than the table, and the
  children row is full width with empty cells under the tall cells (a .docx read cell by
  cell, Markdown written from it);
- children only: the children row holds just the children, written under their parent
  (a pipe table typed by hand): each child goes to the parent its text starts under, by
  the printed (monospace) position, or to the only parent that can take children.

A leaf is named by its parent's text followed by its own (“年度投资（万元）2022年”); a
header whose children cannot be placed under a parent gives None: the caller reports the
table instead of guessing columns.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

_CHILD_YEAR_RE = re.compile(r"^(20\d\d)\s*年")
#: Parents that span year columns (年度投资, 资金来源 by year), and parents of other children.
_YEARS_PARENT_RE = re.compile(r"年度投资|分年|资金|投资(?!总)|年度计划")
_PARENT_RE = re.compile(r"情况|其中|构成|来源|规模|指标|年度投资|分年|资金|投资(?!总)")


@dataclass(frozen=True)
class HeaderCell:
    """A header cell: its text and the printed column (monospace width) it starts at, if known."""

    text: str
    at: int | None = None  # where its text starts
    start: int | None = None  # where its cell starts (just after the bar before it)


def display_width(text: str) -> int:
    """Monospace width: Chinese and full-width characters take two columns."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def pipe_cells_at(raw: str) -> list[HeaderCell]:
    """The cells of a pipe line with the printed column each starts at (outer bars optional)."""
    text = raw.replace("｜", "|")
    cells: list[HeaderCell] = []
    start = 0
    parts = text.split("|")
    if parts and not parts[0].strip() and text.lstrip().startswith("|"):
        start = display_width(parts[0]) + 1
        parts = parts[1:]
    if parts and not parts[-1].strip():
        parts = parts[:-1]
    for part in parts:
        # a wide gap inside one cell separates children of two parents written on one line
        for m in re.finditer(r"\S+(?:\s{1,2}\S+)*", part) if part.strip() else [None]:
            if m is None:
                cells.append(HeaderCell("", start + len(part), start))
                continue
            at = start + display_width(part[:m.start()])
            cells.append(HeaderCell(m.group(), at, start if m.start() == len(part) - len(part.lstrip()) else at))
        start += display_width(part) + 1
    return cells


def _can_span(text: str, children: Sequence[HeaderCell] = ()) -> bool:
    """Whether a label reads as a parent of those children (years under 年度投资, others under 基本情况)."""
    if children and all(year_of_child(c.text) for c in children):
        return bool(_YEARS_PARENT_RE.search(text))
    return bool(_PARENT_RE.search(text))


def leaf_labels(rows: Sequence[Sequence[HeaderCell]], width: int | None = None) -> list[str] | None:
    """One label per leaf column from one or two header rows; None when the children cannot be placed.

    `width`, when known, is the number of cells of the body rows.
    """
    kept = [list(r) for r in rows if any(c.text for c in r)]
    if not kept:
        return []
    if len(kept) == 1:
        return [c.text for c in kept[0]]
    top, bottom = kept[-2], kept[-1]
    extra = [c.text for r in kept[:-2] for c in r if c.text]
    if extra:  # a third header row: only its cells, kept as the leftmost parents cannot be told
        return None
    if len(top) == len(bottom) and (width is None or width == len(top)):
        return _full_width(top, bottom)
    if width is not None and len(top) == width:
        return _fit_runs(top, bottom, width)
    if len(top) < len(bottom) and (width is None or width == len(bottom)):
        return _compact(top, bottom)
    return _children_only(top, bottom, width)


def _full_width(top: list[HeaderCell], bottom: list[HeaderCell]) -> list[str]:
    """Every row a cell per column: a parent goes on over the empty top cells right of it."""
    labels: list[str] = []
    parent = ""
    for t, b in zip(top, bottom):
        if t.text:
            parent = t.text if b.text else ""  # a tall cell (nothing below) has no children
            labels.append(t.text + b.text)
        else:
            labels.append(parent + b.text if b.text else "")
            parent = parent if b.text else ""
    return labels


def _fit_runs(top: list[HeaderCell], bottom: list[HeaderCell], width: int) -> list[str] | None:
    """A full-width top row over a children row that lost its empty end cells (TAB, bare pipes).

    Each run of children goes under the next spanned parent (a parent and the empty cells
    right of it) exactly as wide as the run.
    """
    spans: list[tuple[int, int]] = []
    for k, cell in enumerate(top):
        if cell.text:
            spans.append((k, 1))
        elif spans:
            spans[-1] = (spans[-1][0], spans[-1][1] + 1)
    runs: list[list[str]] = []
    for k, cell in enumerate(bottom):
        if cell.text and (k == 0 or not bottom[k - 1].text) or cell.text and not runs:
            runs.append([cell.text])
        elif cell.text:
            runs[-1].append(cell.text)
    labels = [c.text for c in top]
    s = 0
    for run in runs:
        while s < len(spans) and spans[s][1] != len(run):
            s += 1
        if s == len(spans) or len(run) < 2:
            return None
        at = spans[s][0]
        for j, child in enumerate(run):
            labels[at + j] = top[at].text + child
        s += 1
    return labels if len(labels) == width else None


def _is_year(cell: HeaderCell) -> bool:
    return year_of_child(cell.text) is not None


def _compact(top: list[HeaderCell], bottom: list[HeaderCell]) -> list[str] | None:
    """A parent written once over its children; a tall cell over an empty cell below.

    Children of two parents side by side are told apart where years start or end
    (“基本情况” over 占地面积, 建筑面积 next to “年度投资” over 2022年…); otherwise None.
    """
    labels: list[str] = []
    k = 0
    tops = [t.text for t in top]
    for n, text in enumerate(tops):
        if k >= len(bottom):
            return None
        if not bottom[k].text:
            labels.append(text)
            k += 1
            continue
        run = k
        while run < len(bottom) and bottom[run].text:
            run += 1
        # each later top cell standing over this run needs children of its own
        rest = bottom[run:]
        runs_after = sum(1 for j, c in enumerate(rest) if c.text and (j == 0 or not rest[j - 1].text))
        later_in_run = len(tops) - n - 1 - sum(1 for c in rest if not c.text) - runs_after
        end = run
        if later_in_run > 0:
            cuts = [j for j in range(k + 1, run) if _is_year(bottom[j]) != _is_year(bottom[j - 1])]
            if len(cuts) != later_in_run:
                return None
            end = cuts[0]
        labels.extend(text + c.text for c in bottom[k:end])
        k = end
    if k != len(bottom):
        return None
    return labels


def _children_only(top: list[HeaderCell], bottom: list[HeaderCell], width: int | None) -> list[str] | None:
    """Children written alone on their row: each under the parent whose text it starts below."""
    owners: list[int] = []
    if all(c.at is not None for c in bottom) and all(t.start is not None for t in top):
        # children written “a | b | c” belong together; a wider gap starts another parent's
        owner = -1
        end = None
        for child in bottom:
            assert child.at is not None
            if end is None or child.at - end > 3:
                under = [n for n, t in enumerate(top) if t.start is not None and t.start <= child.at]
                owner = under[-1] if under else -1
            owners.append(owner)
            end = child.at + display_width(child.text)
    else:
        spanning = [n for n, t in enumerate(top) if _can_span(t.text, bottom)]
        if len(spanning) != 1:
            return None
        owners = [spanning[0]] * len(bottom)
    if -1 in owners or owners != sorted(owners) or any(not top[o].text for o in owners):
        return None
    labels: list[str] = []
    for n, parent in enumerate(top):
        mine = [c.text for c, o in zip(bottom, owners) if o == n]
        labels.extend(parent.text + m for m in mine) if mine else labels.append(parent.text)
    if width is not None and len(labels) != width:
        return None
    return labels


def year_of_child(label: str) -> str | None:
    """The year a leaf label names at its start (“2023年” → 2023), if any."""
    m = _CHILD_YEAR_RE.match(label)
    return m.group(1) if m else None
