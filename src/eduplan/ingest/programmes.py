"""Key programmes (专栏): boxed lists of items, and the layout rules that find them.

A box opens at a “专栏N 标题” line and holds numbered (or bulleted) items. Where it ends is
not marked in converted text, so the end is inferred from layout signals shared by the
family of documents: a section heading, another box, an item number that does not
increase (the task list resuming) or two blank lines. Unnumbered lines continue the
current item (PDF text breaks items over lines, sometimes with blank lines between). Boxes that are indicator tables (主要指标, 主要成就表) are kept as
programmes with no items: their rows belong to the indicator tables, not to prose.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from eduplan.core.numbers import chinese_to_number, normalize_text
from eduplan.core.plan import Programme, Source
from eduplan.ingest.readers.document import Document

_CN = "一二三四五六七八九十"
BOX_RE = re.compile(r"^\s*专栏\s*([0-9０-９]+|[" + _CN + r"]+)\s*(.*)$")
#: Level-1 (一、), level-2 (（一）) headings, chapters and appendices: they always end a box.
SECTION_HEADING_RE = re.compile(
    r"^\s*(?:[" + _CN + r"]+\s*、|（[" + _CN + r"]+）|第[" + _CN + r"\d]+[章节篇部分]|附件|附表|附录)")
#: An item marker at the start of a line: 1. 1． 1、 （1） ① ● · • ▲ ■ and the like.
ITEM_RE = re.compile(r"^\s*(?:(\d{1,2})\s*[.．、]|（(\d{1,2})）|\((\d{1,2})\)|([①-⑳])|[●·•▲■◆★□○\-])\s*")
#: Box titles that announce an indicator or achievement table rather than a list of items.
TABLE_TITLE_RE = re.compile(r"指标|成就表|主要成就|统计表|一览表|情况表")
_CELL_MAX = 30


@dataclass(frozen=True)
class Box:
    """A programme with the span of lines (1-based, inclusive) the box covers."""

    programme: Programme
    first: int
    last: int
    is_table: bool


def is_table_row(lines: tuple[str, ...], index: int) -> bool:
    """Whether line `index` (0-based) is a table cell or row rather than prose."""
    line = lines[index]
    if " | " in line or re.search(r"预期性|约束性", line):
        return True
    stripped = line.strip()
    if stripped and re.fullmatch(r"[\d.%％\s≥≤><=~～\-—–+]+", stripped):
        return True
    cells = [c for c in line.split("\t") if c.strip()]
    if len(cells) >= 3 and not any(re.search(r"[。；]", c) for c in cells):  # a TAB-separated row (its header too)
        return True
    if not line.startswith("\t") and not line.startswith(" \t"):
        return False
    if _is_short_cell(line):
        return True
    neighbours = [lines[j] for j in (index - 1, index + 1) if 0 <= j < len(lines)]
    return any(_is_short_cell(n) and n.strip() for n in neighbours)


def _is_short_cell(line: str) -> bool:
    stripped = line.strip()
    return line.startswith("\t") and len(stripped) <= _CELL_MAX and not re.search(r"[。；，]", stripped)


def item_number(line: str) -> int | None:
    """The number of a numbered item line (“3. …”, “（3）…”, “③…”), else None."""
    m = ITEM_RE.match(normalize_text(line))
    if not m:
        return None
    for group in m.groups()[:3]:
        if group:
            return int(group)
    if m.group(4):
        return ord(m.group(4)) - ord("①") + 1
    return None


def strip_item_marker(line: str) -> str:
    """An item's text without its leading number or bullet."""
    return ITEM_RE.sub("", line.strip(), count=1).strip()


def _box_number(raw: str) -> int | None:
    text = normalize_text(raw)
    if text.isdigit():
        return int(text)
    value = chinese_to_number(text)
    return int(value) if value is not None else None


def _title(number_raw: str, rest: str, number: int | None) -> str:
    rest = " ".join(rest.split())
    label = f"专栏{number}" if number is not None else f"专栏{number_raw}"
    return f"{label} {rest}".strip()


def _ends_box(line: str, number: int | None, last_number: int | None, blank_run: int,
              has_items: bool) -> bool:
    if SECTION_HEADING_RE.match(line) or BOX_RE.match(line):
        return True
    if has_items and blank_run >= 2:
        return True
    # The task list resuming after the box restarts or repeats its numbering.
    return number is not None and last_number is not None and number <= last_number


def _read_box(lines: tuple[str, ...], start: int, is_table: bool) -> tuple[list[str], int]:
    """Items of the box whose title is line `start` (0-based) and the index of its last line."""
    items: list[str] = []
    last_number: int | None = None
    blank_run = 0
    last = start
    for i in range(start + 1, len(lines)):
        line = lines[i]
        if not line.strip():
            blank_run += 1
            continue
        number = item_number(line)
        if is_table:
            if SECTION_HEADING_RE.match(line) or (BOX_RE.match(line) and not _same_box(line, lines[start])):
                break
            last = i
            continue
        if _ends_box(line, number, last_number, blank_run, bool(items)):
            break
        text = strip_item_marker(line) if ITEM_RE.match(line) else line.strip()
        if number is not None or ITEM_RE.match(line) or not items:
            items.append(text)
        else:
            items[-1] += text
        if number is not None:
            last_number = number
        blank_run = 0
        last = i
    return [" ".join(item.split()) for item in items if item.strip()], last


def _same_box(line: str, title_line: str) -> bool:
    a, b = BOX_RE.match(line), BOX_RE.match(title_line)
    return bool(a and b and _box_number(a.group(1)) == _box_number(b.group(1)))


def find_boxes(doc: Document) -> list[Box]:
    """Every 专栏 box of the document, in order, with the lines it spans."""
    boxes: list[Box] = []
    lines = doc.lines
    i = 0
    while i < len(lines):
        m = BOX_RE.match(lines[i])
        if not m:
            i += 1
            continue
        number = _box_number(m.group(1))
        title = _title(m.group(1), m.group(2), number)
        is_table = bool(TABLE_TITLE_RE.search(m.group(2)))
        items, last = _read_box(lines, i, is_table)
        if boxes and boxes[-1].programme.number == number and number is not None:
            # A box split over two pages repeats its title: extend the first part.
            prev = boxes[-1]
            prev.programme.items.extend(items)
            boxes[-1] = Box(prev.programme, prev.first, last + 1, prev.is_table)
        else:
            programme = Programme(title=title, items=[] if is_table else items, number=number,
                                  source=Source(line=i + 1, file=doc.file))
            boxes.append(Box(programme, i + 1, last + 1, is_table))
        i = last + 1
    return boxes


def extract_programmes(doc: Document) -> list[Programme]:
    """The key programmes (专栏) of a document; indicator-table boxes have no items."""
    return [box.programme for box in find_boxes(doc)]
