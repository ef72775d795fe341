"""A document's text as paragraphs: PDF lines broken mid-sentence joined, headings, past and goal sections, web-page chrome skipped."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field

from eduplan.core.numbers import normalize_text
from eduplan.ingest.programmes import ITEM_RE, is_table_row
from eduplan.ingest.readers.document import Document
from eduplan.ingest.targets.patterns import (
    ANY_YEAR_RE,
    APPENDIX_RE,
    CJK_SPACE_RE,
    GOAL_RE,
    HEADING_BODY_RE,
    L1_RE,
    L2_RE,
    L3_RE,
    MIN_WRAPPED,
    NOTE_RE,
    PAST_RE,
    SENTENCE_END,
    TERMINAL,
    THOUSANDS_RE,
    WAN_MORE_RE,
    WEB_CHROME_MAX,
    WEB_CHROME_RE,
    WEB_NOTICE_RE,
    WRAP_MIN_LINES,
    WRAP_SHARE,
)


@dataclass
class Paragraph:
    """A run of joined lines, its characters mapped back to their 1-based lines."""

    text: str = ""
    lines: list[int] = field(default_factory=list)
    past: bool = False
    goal: bool = False
    last_line_len: int = 0
    heading: bool = False
    section: int = 0  # changes at every heading: the scope of a goal section's year
    heading_year: int | None = None

    def add(self, line: str, number: int) -> None:
        """Append a line, dropping spaces (PDF text spaces out numbers and CJK)."""
        text = normalize_text(line).replace(" ", "").replace("\t", "")
        text = THOUSANDS_RE.sub("", text)  # “1,500个” is one number, not two clauses
        text = WAN_MORE_RE.sub(r"\1万", text)  # “1.5万余个” reads as “1.5余万个”: more than 1.5万个
        self.text += text
        self.lines.extend([number] * len(text))
        self.last_line_len = len(text)


@dataclass
class _Context:
    """What the reader knows at a point of the document."""

    past_l1: bool = False
    past_l2: bool = False
    goal: bool = False
    goal_year: int | None = None
    section: int = 0


def _is_heading(line: str) -> bool:
    return bool(L1_RE.match(line) or L2_RE.match(line) or L3_RE.match(line.strip()))


def _update_context(ctx: _Context, line: str) -> None:
    stripped = line.strip()
    if L1_RE.match(stripped) or L2_RE.match(stripped):
        ctx.section += 1
    if L1_RE.match(stripped):
        ctx.past_l1 = bool(PAST_RE.search(stripped))
        ctx.past_l2 = False
        ctx.goal = bool(GOAL_RE.search(stripped))
        ctx.goal_year = None
    elif L2_RE.match(stripped):
        ctx.past_l2 = bool(PAST_RE.search(stripped))
        ctx.goal = bool(GOAL_RE.search(stripped))
        ctx.goal_year = None
    elif ctx.goal and L3_RE.match(stripped):
        year = ANY_YEAR_RE.search(normalize_text(stripped))
        if year:  # “2．2035年远景目标” opens a part with its own year
            ctx.goal_year = int(year.group(1))
            ctx.section += 1


def _continues(paragraph: Paragraph | None, line: str) -> bool:
    if paragraph is None or paragraph.heading or not paragraph.text:
        return False
    if paragraph.text[-1] in TERMINAL or paragraph.last_line_len < MIN_WRAPPED:
        return False
    stripped = line.strip()
    return not (ITEM_RE.match(stripped) or stripped.startswith("——") or _is_heading(stripped))


def is_wrapped(lines: tuple[str, ...]) -> bool:
    """Whether the text is wrapped at a page width (PDF text) rather than one line per paragraph."""
    widths = Counter(len(line.strip().replace(" ", "")) for line in lines)
    long = {w: n for w, n in widths.items() if w >= MIN_WRAPPED}
    total = sum(long.values())
    if total < WRAP_MIN_LINES:
        return False
    mode = max(long, key=lambda w: long[w])
    near = sum(n for w, n in long.items() if abs(w - mode) <= 1)
    return near / total >= WRAP_SHARE


def _broken_sentence(paragraph: Paragraph, lines: tuple[str, ...]) -> bool:
    """A paragraph whose last line stops mid-sentence (it holds a comma but no end mark): a
    page break of converted text, continued after the blank line; a headline has no comma."""
    last = lines[paragraph.lines[-1] - 1].strip() if paragraph.lines else ""
    return bool(last) and last[-1] not in TERMINAL and bool(re.search(r"[，,、]", last))


def _web_noise(line: str) -> bool:
    stripped = line.strip()
    return bool(WEB_NOTICE_RE.search(stripped)
                or (len(stripped) <= WEB_CHROME_MAX and WEB_CHROME_RE.search(stripped)))


def paragraphs(doc: Document) -> Iterator[Paragraph]:
    """The prose paragraphs of a document, with wrapped lines joined; tables and appendices left out.

    In a web copy (lines not wrapped at a page width) a blank line ends a paragraph unless the
    line before it stops mid-sentence, and a space between two Chinese characters separates a
    heading from its body (“…幼儿园 可增加…”).
    """
    ctx = _Context()
    current: Paragraph | None = None
    web = not is_wrapped(doc.lines)
    for index, line in enumerate(doc.lines):
        if not line.strip():
            if web and current is not None and not _broken_sentence(current, doc.lines):
                yield current
                current = None
            continue
        if APPENDIX_RE.match(line):
            break
        if web:
            line = CJK_SPACE_RE.sub("，", line)
        if is_table_row(doc.lines, index) or NOTE_RE.match(line) or _web_noise(line):
            if current is not None:
                yield current
            current = None
            continue
        if _continues(current, line):
            assert current is not None
            current.add(line, index + 1)
            continue
        if current is not None:
            yield current
        _update_context(ctx, line)
        heading = _is_heading(line) and not HEADING_BODY_RE.search(line)  # “（一）目标。到2025年，…”
        current = Paragraph(past=ctx.past_l1 or ctx.past_l2, goal=ctx.goal, heading=heading,
                            section=ctx.section, heading_year=ctx.goal_year if ctx.goal else None)
        current.add(line, index + 1)
    if current is not None:
        yield current


def sentences(paragraph: Paragraph) -> Iterator[tuple[int, int]]:
    start = 0
    for i, ch in enumerate(paragraph.text):
        if ch in SENTENCE_END:
            yield start, i + 1
            start = i + 1
    if start < len(paragraph.text):
        yield start, len(paragraph.text)

