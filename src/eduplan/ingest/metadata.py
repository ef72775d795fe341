"""Plan metadata: region, title, document number, issuer, issue date, period, vision year.

Rules (generic, for the family of district plans and work plans):

- The issuing notice (“关于印发《…》的通知”) may be broken over several lines; its lines are
  joined up to “通知”. The plan's own title is the standalone title line after the notice
  (plus a following bare period line such as “（2021—2025年）”); without one, the title named
  in the notice is used; without a notice, the first line ending in 规划/方案/计划/纲要.
- issuer: the line just above “关于印发”, else the signature line just above the date.
- region: recognised against the national division list (data/divisions.json), see `_region`:
  names in the title, the issuer, the document number's prefix (璧山府发 → 璧山), then the first
  lines; addressee lines (各区县（自治县）人民政府：…) never count. The most specific region
  consistent with its parent wins (重庆市 + 涪陵区 → 涪陵区); a name several regions share
  (鼓楼区) needs its parent named in the text, else the region stays unknown with the
  candidates listed.
- period: an explicit “（2021—2025年）” in the title, else “十N五” in the title (the N-th
  five-year period), else — for a work plan — from its issue year to the latest “到YYYY年” /
  “YYYY年底” deadline or “十N五”末 in the text (what the text commits to).
- vision_year: a year later than the period's end stated as “YYYY年远景目标” or as a sentence
  opening “到YYYY年”, outside the titles of other documents (《…》).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from itertools import pairwise

from eduplan.core.numbers import chinese_to_number, normalize_text
from eduplan.core.regions import Divisions, Mention, Region
from eduplan.data.divisions import load_divisions
from eduplan.ingest.readers.document import Document


@dataclass
class PlanMeta:
    """The plan's metadata as read from its heading and notice."""

    region: str | None = None
    region_code: str | None = None
    region_level: str | None = None
    #: when the region stays unknown: the regions a name in the heading may be (鼓楼区 → four)
    region_candidates: list[Region] = field(default_factory=list)
    #: when the region stays unknown: a place the heading names under a region, not in the list
    region_unlisted: str | None = None
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


# ---------------------------------------------------------------- region

#: Where a name may stand in a heading: the start, or after an opening quote or “关于印发”.
_NAME_START_RE = re.compile(r"(?:^|[《“\"（(]|关于印发|关于|印发|中共)")
#: A name made only of these characters and an ending is also a common word (城区, 新城区, 市中区):
#: it counts only where a name may stand, or right after its parent's name.
_GENERIC_CHARS = set("城郊矿新老东西南北中上下前后市")
#: What follows a region's name in a heading line it opens: “任城：…”, “璧山区人民政府”.
#: A place named right after a region that the division list does not know (重庆市某某新区).
_UNLISTED_RE = re.compile(rf"^[{_HAN}]{{2,6}}?(?:新区|区|县|旗)(?=[{_HAN}“\"（(]|$)")
_AFTER_NAME_RE = re.compile(r"^(?:[:：\s]|人民政府|政府|教育|委员会|党委|区委|县委|市委|州委)")


def _addressee(text: str) -> bool:
    """An addressee line (各区县（自治县）人民政府，市政府各部门，有关单位：), or 抄送/主送."""
    if text.startswith(("各", "抄送", "主送")):
        return True
    return text.endswith(("：", ":")) and ("各" in text or "有关" in text)


def _generic(name: str) -> bool:
    return len(name) <= 2 or set(name[:-1]) <= _GENERIC_CHARS


def _anchored(text: str, m: Mention, previous: Mention | None, divisions: Divisions, *, line: bool) -> bool:
    """Whether a mention is a place's name here, not a word that happens to spell one."""
    after_parent = previous is not None and previous.end == m.start and any(
        divisions.is_within(r, p) for r in m.regions for p in previous.regions)
    if after_parent:
        return True
    if m.full and not _generic(m.name):
        return True
    at_start = any(x.end() == m.start for x in _NAME_START_RE.finditer(text[: m.start + 1]))
    if not at_start:
        return False
    return not line or bool(_AFTER_NAME_RE.match(text[m.end:]))


def _anchored_mentions(text: str, divisions: Divisions, *, line: bool) -> list[Mention]:
    out: list[Mention] = []
    previous: Mention | None = None
    for m in divisions.mentions(text):
        if _anchored(text, m, previous, divisions, line=line):
            out.append(m)
        previous = m
    return out


def _narrow(m: Mention, context: set[str], divisions: Divisions) -> list[Region]:
    """The mention's regions, narrowed to those inside a region named elsewhere in the heading."""
    if len(m.regions) == 1:
        return list(m.regions)
    inside = [r for r in m.regions if any(a.code in context for a in divisions.ancestors(r))]
    return inside or list(m.regions)


def _pick(tier: list[Mention], context: set[str], divisions: Divisions) -> tuple[Region | None, list[Region]]:
    """The most specific region a tier of mentions names, or None and the candidates."""
    resolved: list[Region] = []
    ambiguous: list[list[Region]] = []
    for m in tier:
        regions = _narrow(m, context, divisions)
        if len(regions) == 1:
            resolved.append(regions[0])
        else:
            ambiguous.append(regions)
    best = max(resolved, key=lambda r: r.level.depth, default=None)
    deeper = [rs for rs in ambiguous if best is None or (
        min(r.level.depth for r in rs) > best.level.depth
        and any(divisions.is_within(r, best) for r in rs))]
    if deeper:
        return None, [r for rs in deeper for r in rs]
    if best is not None:
        chain = {best.code, *(a.code for a in divisions.ancestors(best))}
        apart = [r for r in resolved if r.code not in chain and not divisions.is_within(r, best)]
        if apart:  # regions on different branches (上海市、浙江省): none of them is the plan's
            return None, [best, *apart]
        return best, []
    return None, [r for rs in ambiguous for r in rs]


def _unlisted(text: str, mentions: list[Mention]) -> str | None:
    """The unlisted place a heading names right after its last region (重庆市某某新区 → 某某新区)."""
    if not mentions:
        return None
    match = _UNLISTED_RE.match(text[mentions[-1].end:])
    return match.group(0) if match else None


def _region(head: list[tuple[int, str]], *, title: str | None, notice: str | None, issuer: str | None,
            doc_number: str | None) -> tuple[Region | None, list[Region], str | None]:
    """The plan's region from its heading (see the module's docstring), or None, the candidates
    and the name of an unlisted place the heading names."""
    divisions = load_divisions()
    first: list[Mention] = []
    for text in (title, notice, issuer):
        if text:
            found = _anchored_mentions(text, divisions, line=False)
            unlisted = _unlisted(text, found)
            if unlisted:
                return None, [], unlisted
            first += found
    if doc_number:
        prefix = doc_number.split("〔", 1)[0]
        first += [m for m in divisions.mentions(prefix)[:1] if m.start == 0]
    seen = {t for t in (title, notice, issuer) if t}
    lines = [text for _, text in head if text not in seen and not _addressee(text)]
    second = [m for text in lines for m in _anchored_mentions(text, divisions, line=True)]
    context = {m.regions[0].code for m in (*first, *second) if len(m.regions) == 1}
    candidates: list[Region] = []
    for tier in (first, second):
        if tier:
            region, candidates = _pick(tier, context, divisions)
            if region is not None:
                return region, [], None
            if candidates:
                break
    return None, _unique(candidates), None


def _unique(regions: list[Region]) -> list[Region]:
    return list({r.code: r for r in regions}.values())


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
    doc_number = _doc_number(head)
    region, candidates, unlisted = _region(head, title=title, notice=notice[1] if notice else None, issuer=issuer,
                                 doc_number=doc_number)
    return PlanMeta(
        region=region.name if region else None,
        region_code=region.code if region else None,
        region_level=str(region.level) if region else None,
        region_candidates=candidates,
        region_unlisted=unlisted,
        title=title,
        doc_number=doc_number,
        issuer=issuer,
        issued_on=issued_on,
        period=period,
        vision_year=_vision_year(body, period),
        kind=kind,
    )
