"""When a clause is dated: target years (到2025年, “十四五”末), the past (截至2020年底, 目前) and baselines (由85%提高到91%)."""

from __future__ import annotations

import re

from eduplan.ingest.readers.document import Document
from eduplan.ingest.targets.patterns import (
    ANY_YEAR_RE,
    FIVE_YEAR_PERIOD_RE,
    FIVE_YEAR_RE,
    FROM_VALUE_RE,
    PLAN_END_RE,
    TARGET_YEAR_RE,
    TENSE_RE,
)


def five_year_end(numeral: str) -> int:
    """The end year of the five-year plan “十<numeral>五” (三 → 2020, 四 → 2025)."""
    return 2005 + 5 * "一二三四五六七八九".index(numeral) + 5


_STATUS_DATE_RE = re.compile(r"(?:截至|截止)(?:到)?\s*((?:19|20)\d{2})\s*年")


def _status_date_is_due(m: re.Match[str], plan_end: int | None) -> bool:
    """“截至2025年底” in a plan ending 2025 is a due date; “截至2020年底” there is a status."""
    return plan_end is not None and int(m.group(1)) > plan_end - 5


def target_year(sentence: str, end_year: int | None, plan_end: int | None = None) -> int | None:
    if "年" not in sentence and "五" not in sentence:
        return None
    m = TARGET_YEAR_RE.search(sentence)
    if m:
        return int(m.group(1) or m.group(2))
    status = _STATUS_DATE_RE.search(sentence)
    if status and _status_date_is_due(status, plan_end or end_year):
        return int(status.group(1))
    named_end = PLAN_END_RE.search(sentence)
    if named_end:
        return five_year_end(named_end.group(1))
    period = FIVE_YEAR_PERIOD_RE.search(sentence)
    if period and five_year_end(period.group(1)) >= (plan_end or end_year or 0):
        return five_year_end(period.group(1))  # “十四五”时期 in a 十四五 plan: by its end
    leading = re.match(r"^[——\-●·•▲■◆★\s]*((?:19|20)\d{2})\s*年(?![\d月度底末])", sentence)
    if leading and (end_year is None or int(leading.group(1)) > end_year - 5):
        return int(leading.group(1))  # “2035年，…”, or “2020年，…” in a plan whose period is unknown
    if end_year is not None:
        # A bare year inside the plan period (“2025年标准班额达到80%”) dates the sentence too.
        for plain in ANY_YEAR_RE.finditer(sentence):
            year = int(plain.group(1))
            if end_year - 4 <= year <= end_year and not sentence[plain.end():].startswith(("月", "度")):
                return year
    return None


def tense(clause: str, past: bool, plan_end: int | None) -> bool:
    """Whether the text after this clause's start is about the past (True) or the plan (False):
    the last past word turns it to the past, the last future word back; a clause with neither
    keeps `past`."""
    for m in TENSE_RE.finditer(clause):
        if m.group("past"):
            status = _STATUS_DATE_RE.match(clause, m.start())
            past = not (status and _status_date_is_due(status, plan_end))
        elif m.group("future"):
            past = False
        elif m.group("year"):
            if plan_end is not None and not _BASE_AFTER_RE.match(clause, m.end()):
                past = int(m.group("year")) <= plan_end - 5  # “2020年，…为96%；2025年，…达到98%”
        elif plan_end is not None and not re.match(r"[”\"]?末", clause[m.end():]):
            past = five_year_end(m.group("five")) < plan_end  # “十三五”期间 in a 十四五 plan
    return past


def mask_from_values(sentence: str) -> str:
    """The sentence with each starting value of a change (“由85%提高到91%”) blanked out, same length."""
    if "从" not in sentence and "由" not in sentence:
        return sentence
    return FROM_VALUE_RE.sub(lambda m: " " * len(m.group()), sentence)


def plan_end_year(doc: Document, end_year: int | None) -> int | None:
    """The plan's end year, or the latest five-year plan the text names (“十四五” → 2025)."""
    if end_year is not None:
        return end_year
    found = [five_year_end(m.group(1)) for line in doc.lines for m in FIVE_YEAR_RE.finditer(line)]
    return max(found) if found else None


#: “在2020年基础上”, “2020年的水平”: a year named as the base of a change.
_BASE_AFTER_RE = re.compile(r"(?:底|末)?的?(?:基础|水平|基数|基准)")


def is_baseline(sentence: str, end_year: int | None) -> bool:
    """A sentence dated before the plan period describes the past, not a commitment."""
    if end_year is None:
        return False
    for m in ANY_YEAR_RE.finditer(sentence):
        year = int(m.group(1))
        before = sentence[max(0, m.start() - 2): m.start()]
        if re.search(r"[到至比较以]", before) or _BASE_AFTER_RE.match(sentence, m.end()):
            continue  # “到2020年”, “比2020年提高2个百分点”, “在2020年基础上”: not a date of the past
        if year <= end_year - 5:
            return True
    return False


