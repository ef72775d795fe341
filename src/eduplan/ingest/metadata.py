"""Plan metadata: region, title, document number, issuer, issue date, period, vision year.

Rules (generic, for the family of district plans and work plans):

- The issuing notice (“关于印发《…》的通知”) may be broken over several lines; its lines are
  joined up to “通知”. The plan's own title is the standalone title line after the notice
  (plus a following bare period line such as “（2021—2025年）”); without one, the title named
  in the notice is used; without a notice, the first line ending in 规划/方案/计划/纲要.
- issuer: the line just above “关于印发”, else the signature line just above the date.
- region: “市××区/县” in the issuer or title, else a title starting with “××区/县”.
- period: an explicit “（2021—2025年）” in the title, else “十N五” in the title (the N-th
  five-year period), else — for a work plan — from its issue year to the latest “到YYYY年” /
  “YYYY年底” deadline or “十N五”末 in the text (what the text commits to).
- vision_year: a year later than the period's end stated as “YYYY年远景目标” or as a sentence
  opening “到YYYY年”, outside the titles of other documents (《…》).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from itertools import pairwise

from eduplan.core.numbers import chinese_to_number, normalize_text
from eduplan.ingest.readers.document import Document


@dataclass
class PlanMeta:
    """The plan's metadata as read from its heading and notice."""

    region: str | None = None
    title: str | None = None
    doc_number: str | None = None
    issuer: str | None = None
    issued_on: dt.date | None = None
    period: tuple[int, int] | None = None
    vision_year: int | None = None
    kind: str = "规划"


_HEAD_LINES = 60  # the notice and title sit in the first lines of the document
_HAN = "\u4e00-\u9fff"
_YEAR_RANGE_RE = re.compile(r"[（(]\s*(\d{4})\s*年?\s*[—–\-－~～至到]+\s*(\d{4})\s*年?\s*[）)]")
_PERIOD_LINE_RE = re.compile(r"^[（(]\s*\d{4}\s*年?\s*[—–\-－~～至到]+\s*\d{4}\s*年?\s*[）)]$")
_FIVE_YEAR_RE = re.compile(r"十([一二三四五六七八九])五")
_DOC_NUMBER_RE = re.compile(rf"([{_HAN}]{{1,10}})\s*[〔\[［【(（]\s*(\d{{4}})\s*[〕\]］】)）]\s*(\d{{1,4}})\s*号")
_DATE_RE = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
_CN_DATE_RE = re.compile(r"([〇○零一二三四五六七八九]{4})年([一二三四五六七八九十]{1,2})月([一二三四五六七八九十]{1,3})日")
_TITLE_END_RE = re.compile(r"(规划|方案|计划|纲要)$")
_REGION_AFTER_CITY_RE = re.compile(rf"(?:市|州|盟)([{_HAN}]{{2,8}}?(?:自治县|区|县|旗))")
_REGION_AT_START_RE = re.compile(rf"^([{_HAN}]{{2,8}}?(?:自治县|区|县|旗))")
_NOT_REGION = ("新区", "高新区", "开发区", "示范区", "城区", "社区", "园区", "校区", "学区", "片区")
_ORG_END_RE = re.compile(r"(政府|办公室|办公厅|委员会|领导小组|委|局|厅|部|院|会)$")
_DEADLINE_RE = re.compile(r"(?:到|至)\s*(20\d{2})\s*年|(20\d{2})\s*年\s*底")
_QUOTED_RE = re.compile(r"《[^《》]{0,80}》")
_VISION_RE = re.compile(r"(?:^|[。；])\s*到\s*(\d{4})\s*年|(\d{4})\s*年\s*远景目标", re.MULTILINE)


_FULL_WIDTH_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", normalize_text(text))


def _head(doc: Document) -> list[tuple[int, str]]:
    """The first lines as (line number, squashed text), blanks left out."""
    out = []
    for number, line in enumerate(doc.lines[:_HEAD_LINES], start=1):
        text = _squash(line)
        if text:
            out.append((number, text))
    return out


def _notice(head: list[tuple[int, str]]) -> tuple[int, str] | None:
    """(line of “关于印发”, the notice's subject) when the document opens with a notice."""
    for i, (number, text) in enumerate(head):
        if not text.startswith("关于"):
            continue
        joined = text
        for _, more in head[i + 1 : i + 4]:
            if "通知" in joined:
                break
            joined += more
        match = re.match(r"关于(?:印发|转发|下发)?(.+?)的?通知", joined)
        if match:
            return number, match.group(1).strip("《》")
    return None


def _plan_title(head: list[tuple[int, str]], notice: tuple[int, str] | None) -> str | None:
    start = notice[0] if notice else 0
    wanted = _strip_period(notice[1]) if notice else None
    for i, (number, text) in enumerate(head):
        if number <= start or text.startswith(("《", "关于")):
            continue
        core = _strip_period(text)
        if not _TITLE_END_RE.search(core) or len(core) > 60:
            continue
        if wanted and core != wanted:
            joined = _join_title_lines(head, i, wanted)
            if joined is None:
                continue
            text = joined
        if not _YEAR_RANGE_RE.search(text) and i + 1 < len(head) and _PERIOD_LINE_RE.match(head[i + 1][1]):
            text += head[i + 1][1]
        return text
    return notice[1] if notice else None


def _join_title_lines(head: list[tuple[int, str]], end: int, wanted: str) -> str | None:
    """The title broken over the lines ending at `end` (PDF), when they spell `wanted`."""
    text = head[end][1]
    for back in range(end - 1, max(end - 4, -1), -1):
        if _strip_period(text) == wanted:
            return text
        text = head[back][1] + text
    return text if _strip_period(text) == wanted else None


def _strip_period(text: str) -> str:
    return _YEAR_RANGE_RE.sub("", text)


def _issuer(head: list[tuple[int, str]], notice: tuple[int, str] | None) -> str | None:
    if notice:
        above = [text for number, text in head if number < notice[0]]
        if above and _ORG_END_RE.search(above[-1]) and not _DOC_NUMBER_RE.search(above[-1]):
            return above[-1]
    for i, (_, text) in enumerate(head):
        if _DATE_RE.fullmatch(text) and i > 0 and _ORG_END_RE.search(head[i - 1][1]):
            return head[i - 1][1]
    return None


def _issued_on(head: list[tuple[int, str]]) -> dt.date | None:
    found = _date_on_a_line(head)
    if found is None:  # a date broken over lines: read adjacent short lines joined
        for (_, a), (_, b) in pairwise(head):
            found = _date_on_a_line([(0, a[-12:] + b[:12])])
            if found:
                break
    return found


def _date_on_a_line(head: list[tuple[int, str]]) -> dt.date | None:
    for _, text in head:
        match = _DATE_RE.fullmatch(text) or _DATE_RE.search(text) if len(text) <= 40 else None
        if match:
            return _date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
        cn = _CN_DATE_RE.search(text) if len(text) <= 40 else None
        if cn:
            year = int("".join(str(int(chinese_to_number(c) or 0)) for c in cn.group(1)))
            month, day = chinese_to_number(cn.group(2)), chinese_to_number(cn.group(3))
            if month and day:
                return _date(year, int(month), int(day))
    return None


def _date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _doc_number(head: list[tuple[int, str]]) -> str | None:
    for _, text in head[:12]:
        match = _DOC_NUMBER_RE.search(text)
        if match:
            return f"{match.group(1)}〔{match.group(2)}〕{match.group(3)}号"
    return None


def _region(issuer: str | None, title: str | None) -> str | None:
    for text in (issuer, title):
        for match in _REGION_AFTER_CITY_RE.finditer(text or ""):
            if not match.group(1).endswith(_NOT_REGION):
                return match.group(1)
    start = _REGION_AT_START_RE.match(title or "")
    if start and not start.group(1).endswith(_NOT_REGION):
        return start.group(1)
    return None


def _five_year_period(text: str) -> tuple[int, int] | None:
    match = _FIVE_YEAR_RE.search(text)
    if not match:
        return None
    n = 10 + int(chinese_to_number(match.group(1)) or 0)
    start = 1951 + 5 * n  # the 14th five-year plan is 2021–2025
    return start, start + 4


def _period(title: str, body: str, issued_on: dt.date | None, kind: str) -> tuple[int, int] | None:
    match = _YEAR_RANGE_RE.search(title)
    if match:
        return int(match.group(1)), int(match.group(2))
    if kind == "规划" or not issued_on:
        return _five_year_period(title)
    # A work plan: from its issue year to the last deadline it states.
    start = issued_on.year
    years = [int(a or b) for a, b in _DEADLINE_RE.findall(body)]
    for match in re.finditer(r"十([一二三四五六七八九])五”?(?:末|期间)", body):
        period = _five_year_period(match.group(0))
        if period:
            years.append(period[1])
    ends = [y for y in years if start <= y <= start + 15]
    return (start, max(ends)) if ends else _five_year_period(title)


def _vision_year(body: str, period: tuple[int, int] | None) -> int | None:
    text = _QUOTED_RE.sub("", body)
    if period is None:  # without a period only an explicit 远景目标 is a vision
        years = [int(b) for _, b in _VISION_RE.findall(text) if b]
        return max(years) if years else None
    years = [int(a or b) for a, b in _VISION_RE.findall(text)]
    later = [y for y in years if y > period[1] + 4]
    return max(later) if later else None


def extract_metadata(doc: Document) -> PlanMeta:
    """The plan's metadata from its heading and issuing notice."""
    head = _head(doc)
    notice = _notice(head)
    title = _plan_title(head, notice)
    if title is None:
        title = next((text for _, text in head if _TITLE_END_RE.search(_strip_period(text))), None)
    issuer = _issuer(head, notice)
    issued_on = _issued_on(head)
    kind = "工作方案" if title and re.search(r"方案|行动计划", title) else "规划"
    body = re.sub(r"[ \t]+", "", "\n".join(doc.lines)).translate(_FULL_WIDTH_DIGITS)
    period = _period(title or "", body, issued_on, kind)
    return PlanMeta(
        region=_region(issuer, title),
        title=title,
        doc_number=_doc_number(head),
        issuer=issuer,
        issued_on=issued_on,
        period=period,
        vision_year=_vision_year(body, period),
        kind=kind,
    )
