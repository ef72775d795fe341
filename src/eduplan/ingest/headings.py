"""The numbered headings of a plan's text, in every numbering style (一、 （一） 1. （1） ① 第一章),
with the lines a converter broke joined back, page noise skipped and the task sections told apart.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from eduplan.core.numbers import chinese_to_number, normalize_text
from eduplan.ingest.readers.document import Document
from eduplan.ingest.responsible_units import find_unit_notes

_CN = "一二三四五六七八九十百零〇"
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
# (rank, pattern); the number is group 1, the rest of the line group 2.
_STYLES: tuple[tuple[int, re.Pattern[str]], ...] = (
    (0, re.compile(rf"^第([{_CN}\d]+)(?:篇|部分)\s*(.*)$")),
    (1, re.compile(rf"^第([{_CN}\d]+)章\s*(.*)$")),
    (2, re.compile(rf"^第([{_CN}\d]+)节\s*(.*)$")),
    (3, re.compile(rf"^([{_CN}]+)\s*[、．.]\s*(.+)$")),
    (4, re.compile(rf"^[（(]\s*([{_CN}]+)\s*[）)]\s*(.*)$")),
    (5, re.compile(r"^(\d{1,2})\s*(?:[.．](?!\d)|、)\s*(.+)$")),
    (6, re.compile(r"^[（(]\s*(\d{1,2})\s*[）)]\s*(.+)$")),
    (7, re.compile(rf"^([{_CIRCLED}])\s*(.+)$")),
)
_HEAD_START = frozenset("第（(" + _CN + _CIRCLED)
ITEM_RANK = 5
_TOP_MAX_CHARS = 40  # a 一、 heading is a short line, not a sentence that starts with 一、
_NOISE_RE = re.compile(r"^[-—–－─_~\s]*(?:第\s*\d+\s*页(?:\s*共\s*\d+\s*页)?|\d{1,4})[-—–－─_~\s]*$")
BOX_RE = re.compile(r"^专栏\s*(?:\d+|[一二三四五六七八九十]+)?(?:\s|$|[^\d])")
APPENDIX_RE = re.compile(r"^附\s*[件表]\s*(?:[：:\d一二三四五六七八九十]|$)")
SENTENCE_PUNCT = re.compile(r"[，,。；;：:]")
TABLE_TITLE_RE = re.compile(r"^[^，,。；;：:（()）]{2,40}表$")
TITLE_END = re.compile(r"[。：:]")
_TASK_WORDS = ("任务", "举措", "措施", "保障", "重点工作", "主要工作", "行动")
_SPACE_NEAR_CJK = re.compile(r"\s+(?=[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef“”])|(?<=[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef“”])\s+")


@dataclass
class Heading:
    line: int
    rank: int
    number: int
    rest: str
    tabbed: bool
    raw: str


def is_task_section(title: str) -> bool:
    """Whether a top-level heading opens a part of tasks or measures (not context)."""
    return any(word in title.replace("目标任务", "") for word in _TASK_WORDS)


def is_page_noise(line: str) -> bool:
    """A page number or page footer left by PDF conversion (— 12 —, - 12 -, 12)."""
    text = line.strip()
    return 0 < len(text) <= 16 and bool(_NOISE_RE.match(normalize_text(text)))


def wrap_width(doc: Document) -> int | None:
    """The text width of a document whose lines were wrapped (PDF), else None."""
    lengths = Counter(len(line.strip()) for line in doc.lines if len(line.strip()) >= 10)
    total = sum(lengths.values())
    if total < 20:
        return None
    mode, _ = lengths.most_common(1)[0]
    near = lengths[mode - 1] + lengths[mode] + lengths[mode + 1]
    return mode if near >= 0.3 * total else None


def parse_heading(line: str, number: int) -> Heading | None:
    """The heading on a line (style rank, printed number, rest), or None."""
    first = line.lstrip()[:1]
    if not first or not (first in _HEAD_START or first.isdecimal()):
        return None
    text = normalize_text(line).strip()
    for rank, pattern in _STYLES:
        match = pattern.match(text)
        if not match:
            continue
        value = _number(match.group(1))
        rest = match.group(2).strip()
        if value is None or (rank <= 3 and len(text) > _TOP_MAX_CHARS) or not rest.strip("。；;，,"):
            return None
        return Heading(line=number, rank=rank, number=value, rest=rest, tabbed=line.startswith((" \t", "\t")), raw=text)
    return None


def _number(token: str) -> int | None:
    if token in _CIRCLED:
        return _CIRCLED.index(token) + 1
    if token.isdecimal():
        return int(token)
    value = chinese_to_number(token)
    return int(value) if value else None


def heading_title(rest: str) -> str:
    """A heading's title: a run-in heading's part before the first 。 or ：, without its unit note."""
    for start, end, _ in reversed(find_unit_notes(rest)):
        rest = rest[:start] + rest[end:]
    rest = TITLE_END.split(rest, maxsplit=1)[0]
    return _SPACE_NEAR_CJK.sub("", rest).strip(" ；;，,、")


def find_headings(doc: Document) -> tuple[dict[int, Heading], set[int]]:
    """Every heading by line number, line-broken headings joined, Arabic top-level headings promoted."""
    width = wrap_width(doc)
    found: dict[int, Heading] = {}
    skip: set[int] = set()
    run_in: dict[int, bool] = {}  # whether the last heading of each style was a run-in heading
    for index, line in enumerate(doc.lines):
        number = index + 1
        if number in skip:
            continue
        heading = parse_heading(line, number)
        if heading is None:
            continue
        if width:
            _join_broken(doc, heading, width, skip, run_in.get(heading.rank, False))
        run_in[heading.rank] = bool(TITLE_END.search(heading.rest))
        found[number] = heading
    _promote_arabic_top(found)
    return found, skip


def _join_broken(doc: Document, heading: Heading, width: int, skip: set[int], after_run_in: bool) -> None:
    """Join the continuation of a heading that PDF conversion broke over two lines.

    A heading line as wide as the page's text continues on the next line when that line is
    short (the heading's end), or — for a heading that reads as a sentence or follows run-in
    headings of its style — when a full stop or colon comes early in it (the end of a run-in
    title). A bare full-width title followed by a paragraph's lead sentence stays alone.
    """
    if len(heading.raw) < width - 1 or TITLE_END.search(heading.rest):
        return
    for index in range(heading.line, min(heading.line + 6, len(doc.lines))):
        nxt = doc.lines[index]
        if not nxt.strip() or is_page_noise(nxt):
            continue
        text = normalize_text(nxt).strip()
        end = TITLE_END.search(text)
        sentence = after_run_in or bool(SENTENCE_PUNCT.search(heading.rest))
        run_in = sentence and end is not None and end.start() <= width // 2
        if parse_heading(nxt, index + 1) is None and (len(text) <= width - 3 or run_in):
            heading.rest += text
            skip.add(index + 1)
        return


def _promote_arabic_top(found: dict[int, Heading]) -> None:
    """Read “2、 总体思路” as a top-level heading when it continues the 一、 numbering."""
    ordered = [found[n] for n in sorted(found)]
    top = 0
    for i, heading in enumerate(ordered):
        if heading.rank == 3:
            top = heading.number
        nxt = ordered[i + 1] if i + 1 < len(ordered) else None
        if (
            heading.rank == ITEM_RANK
            and "、" in heading.raw[:4]
            and heading.number == top + 1
            and len(heading.rest) <= 12
            and not SENTENCE_PUNCT.search(heading.rest)
            and nxt is not None
            and nxt.rank == 4
            and nxt.number == 1
        ):
            heading.rank = 3
            top = heading.number


