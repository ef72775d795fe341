"""The 公文 page (GB/T 9704-2012) both renderers lay out: sizes, title lines, signature, column widths.

A4, margins 37 / 35 / 28 / 26 mm (top, bottom, left, right), a text block 156 × 225 mm of 22 lines
at a fixed 28 pt pitch; the title in 二号 (22 pt), body and headings in 三号 (16 pt), page numbers in
四号 (14 pt) “— 1 —” on the outside of the page. Measures are in points unless named `_mm` / `_em`.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence

from eduplan.reports.model import Column, Table, cell_text

MM = 72 / 25.4
PAGE_MM = (210.0, 297.0)
TOP_MM, BOTTOM_MM, LEFT_MM, RIGHT_MM = 37.0, 35.0, 28.0, 26.0
TEXT_WIDTH = (PAGE_MM[0] - LEFT_MM - RIGHT_MM) * MM  # 156 mm
TEXT_HEIGHT = (PAGE_MM[1] - TOP_MM - BOTTOM_MM) * MM  # 225 mm
TITLE_PT, BODY_PT, PAGE_NUMBER_PT, TABLE_PT, NOTE_PT = 22.0, 16.0, 14.0, 10.5, 14.0
LINE_PITCH = 28.0  # 固定值 28 磅
TITLE_PITCH = 35.0  # the title's lines, 二号 with a little air
CELL_PADDING = 4.0  # points left and right inside a table cell, together
PAGE_NUMBER_BELOW_MM = 7.0  # 页码 7 mm below the text block

#: Marks that may not start a line (they stay with what precedes) and may not end one.
NO_START = frozenset("，。、；：？！）》」』”’〉】%％·…—-")
_NO_END = set("（《「『“‘〈【")
_OPEN_CLOSE = {"（": "）", "(": ")", "〔": "〕", "［": "］", "“": "”"}
SHORT_EM = 6.0  # a text cell this short (a status, a unit's short name) is not broken either
_ATOM = re.compile(r"[0-9A-Za-z][0-9A-Za-z.,:/%～~\-－–]*")


def em_width(text: str) -> float:
    """Width in ems: CJK characters and marks 1, Latin letters, digits and ASCII marks ½ (digits of a
    CJK face run a little wider than ½: `_floor` leaves room)."""
    return sum(0.5 if ord(ch) < 0x2000 else 1.0 for ch in text)  # ≥, ～, —, “” are full width in CJK faces


def units(text: str) -> list[str]:
    """The pieces a line may break between: a bracketed group “（2021-2025年）” is one piece, a run
    of digits or Latin letters is one, a mark that may not start a line joins the piece before it."""
    pieces: list[str] = []
    i = 0
    while i < len(text):
        ch = text[i]
        end = text.find(_OPEN_CLOSE[ch], i + 1) if ch in _OPEN_CLOSE else -1
        if end != -1 and (ch != "“" or end - i <= 8):  # a quotation: only a short one is kept whole
            piece, i = text[i:end + 1], end + 1
        elif m := _ATOM.match(text, i):
            piece, i = m.group(), m.end()
        else:
            piece, i = ch, i + 1
        if pieces and (piece[0] in NO_START or pieces[-1][-1] in _NO_END):
            pieces[-1] += piece
        else:
            pieces.append(piece)
    return pieces


def title_lines(title: str, max_em: float) -> list[str]:
    """The title broken into balanced lines of at most `max_em` ems, never inside a bracketed
    group or a number: the fewest lines, then the narrowest that still fits (a 公文 title's
    lines are of like length, the first the longest)."""
    pieces = _words(units(title))
    total = em_width(title)
    if total <= max_em:
        return [title]
    two = _two_lines(pieces, max_em)
    if two is not None:
        return two
    count = math.ceil(total / max_em)
    while True:
        limit = total / count
        while limit <= max_em:
            lines = _fill(pieces, limit)
            if len(lines) <= count:
                return lines
            limit += 0.5
        count += 1


#: Where a title reads well broken: after a closing mark, a year, a division's name or a particle.
_GOOD_END = ("》", "”", "）", "年", "的", "区", "县", "市", "州", "省", "和", "与", "及", "关于")
#: Words a title's line may not end inside (the second half would start a word).
_WORDS = ("发展", "规划", "教育", "事业", "评估", "报告", "指标", "比较", "主要", "督导", "准备", "情况", "均衡", "普惠",
          "普及", "优质", "学前", "义务", "方案", "达标", "各区县", "区县", "中期", "年度", "总结", "十四个五年", "五年")


def _words(pieces: list[str]) -> list[str]:
    """Pieces with the common words of titles (发展, 规划 …) joined, longest first, so no line splits one."""
    out: list[str] = []
    i = 0
    while i < len(pieces):
        for word in sorted(_WORDS, key=len, reverse=True):
            n = len(word)
            if "".join(pieces[i:i + n]) == word and all(len(p) == 1 for p in pieces[i:i + n - 1]):
                out.append("".join(pieces[i:i + n]))
                i += n
                break
        else:
            out.append(pieces[i])
            i += 1
    return out


def _two_lines(pieces: Sequence[str], max_em: float) -> list[str] | None:
    """The best break of a title into two lines: both fit, like lengths, the first not shorter,
    at a good place (after 》, a year, a division …), never inside a common word; None if none fits."""
    best: tuple[float, list[str]] | None = None
    text = "".join(pieces)
    cut = 0
    for piece in pieces[:-1]:
        cut += len(piece)
        first, second = text[:cut], text[cut:]
        w1, w2 = em_width(first), em_width(second)
        if w1 > max_em or w2 > max_em:
            continue
        inside = any(first.endswith(w[:k]) and second.startswith(w[k:]) for w in _WORDS for k in range(1, len(w)))
        score = abs(w1 - w2) + (0 if first.endswith(_GOOD_END) else 3) + (8 if inside else 0) + (1 if w1 < w2 else 0)
        if best is None or score < best[0]:
            best = (score, [first, second])
    return best[1] if best else None


def _fill(pieces: Sequence[str], limit: float) -> list[str]:
    lines: list[str] = [""]
    for piece in pieces:
        if lines[-1] and em_width(lines[-1] + piece) > limit:
            lines.append(piece)
        else:
            lines[-1] += piece
    return lines


def signature_indents(issuer: str, date: str) -> tuple[float, float]:
    """Right indents (ems) of the issuing body and the date of a 公文 without a seal (GB/T 9704 7.3.5.2):
    the body 2 ems from the right, the date on the next line starting 2 ems right of the body's first
    character; a date longer than that ends 2 ems from the right and pushes the body left."""
    body, day = em_width(issuer), em_width(date)
    if body - day >= 2:
        return 2.0, body - day
    return 4.0 + day - body, 2.0


def column_widths(table: Table, total: float, size: float = TABLE_PT) -> list[float]:
    """Column widths (points) summing to `total`: a column of numbers, dates, codes or short words
    at least as wide as its longest one (never broken across lines), the rest shared by the
    columns' relative widths; when that is too wide, the columns of running text give way."""
    table = table.printed()
    floors = [_floor(c, [row[i] for row in table.rows], size) for i, c in enumerate(table.columns)]
    weights = [c.width for c in table.columns]
    soft = [i for i, (_, firm) in enumerate(floors) if not firm]
    room = total - sum(f for f, firm in floors if firm)
    if soft and room >= sum(max(floors[i][0], 3 * size) for i in soft):
        # firm columns take what they need, the running text shares the rest by relative width
        return _merge(floors, _share(room, [floors[i][0] for i in soft], [weights[i] for i in soft]))
    widths = _share(total, [f for f, _ in floors], weights)
    if sum(widths) > total + 0.01:  # too many figures for the page: shrink in proportion, they then wrap
        widths = [w * total / sum(widths) for w in widths]
    return widths


def _merge(floors: Sequence[tuple[float, bool]], soft: Sequence[float]) -> list[float]:
    """Firm columns at their floors, the soft ones at the widths given, in column order."""
    given = iter(soft)
    return [f if firm else next(given) for f, firm in floors]


def _floor(column: Column, values: Sequence[object], size: float) -> tuple[float, bool]:
    """The narrowest width for the column, and whether it is firm (numbers and short words, which
    must not break) or may give way (running text, which wraps)."""
    longest, firm = min(em_width(column.title), 4.0), True  # a longer heading wraps onto lines of four
    for value in values:
        text = cell_text(value, column)  # type: ignore[arg-type]
        short = not isinstance(value, str) or em_width(text) <= SHORT_EM
        firm = firm and short
        for piece in ([text] if short else _ATOM.findall(text)):
            longest = max(longest, em_width(piece))
    return longest * size * 1.08 + CELL_PADDING + 2, firm


def _share(total: float, floors: Sequence[float], weights: Sequence[float]) -> list[float]:
    """Widths proportional to the weights, none under its floor (the floored ones taken out first)."""
    fixed: dict[int, float] = {}
    while True:
        free = [i for i in range(len(floors)) if i not in fixed]
        room = total - sum(fixed.values())
        weight = sum(weights[i] for i in free) or 1.0
        short = [i for i in free if room * weights[i] / weight < floors[i]]
        if not short or not free:
            out = [fixed.get(i, room * weights[i] / weight) for i in range(len(floors))]
            return out
        for i in short:
            fixed[i] = floors[i]
