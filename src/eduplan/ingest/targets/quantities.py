"""Clauses, the quantities in them and their subjects: a number with a unit or an operator, and what it counts."""

from __future__ import annotations

import importlib
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from eduplan.core.numbers import chinese_to_number
from eduplan.core.plan import Op
from eduplan.ingest.targets.patterns import (
    APPROX,
    CLAUSE_SPLIT_RE,
    CN,
    CUE_VERBS,
    FILLERS,
    PREFIX_OPS,
    PREPOSITIONS,
    QUANTITY_RE,
    RATE_UNITS,
    SUFFIX_OPS,
    UNITS,
)


def number(raw: str) -> float | None:
    if raw[0].isdigit():
        return float(raw)
    return chinese_to_number(raw)


def op_for(prefix: str | None, suffix: str | None, more: str | None) -> Op:
    if suffix:
        return dict(SUFFIX_OPS).get(suffix, Op.EQ)
    if more:
        return Op.GT
    if prefix:
        return dict(PREFIX_OPS)[prefix]
    return Op.EQ


def clean_subject(text: str) -> str:
    text = re.sub(r"^\d{1,2}[.．/-]\d{1,2}(?!\d)|^\d{1,2}[.．、]|^\d+年", "", text)  # a date, an item number
    text = re.sub(r"（[^）]*）$", "", text).lstrip("（(")
    text = FILLERS.sub("", text)
    text = re.sub(r"(?:到|至|比|较|截至|截止)?20\d{2}年(?:底前|底|末|前)?", "", text)
    text = re.sub(r"在的?基础上", "", text)  # “在2020年基础上” once its year is gone
    text = FILLERS.sub("", text)
    text = text.strip("\"'《》〈〉、，,：:（）() ").lstrip("”").rstrip("“")
    text = re.sub(r"(?:和|及|与|或|以及|的|巩固|稳定|逐步|共计|累计|均|全部|分别|全区|已经|已|由|从|要)$", "", text)
    if text.count("“") > text.count("”"):
        text += "”"  # the closing quote sat between the subject and its number
    elif text.count("”") > text.count("“"):
        text = text.replace("”", "", 1)
    return text


def _verb_prefix(subject: str) -> str | None:
    """The subject up to and including its first commitment verb (“让每名学生掌握”), if any."""
    best: tuple[int, int] | None = None
    for verb in CUE_VERBS:
        pos = subject.find(verb)
        if verb != "达" and pos >= 0 and (best is None or pos < best[0]):
            best = (pos, pos + len(verb))
    return subject[: best[1]] if best else None


def _starts_with_verb(subject: str) -> bool:
    return any(subject.startswith(verb) for verb in CUE_VERBS)


def _has_cue(text: str) -> bool:
    return any(verb in text for verb in CUE_VERBS)


@dataclass
class Clause:
    text: str
    offset: int  # index of the clause's first char in the paragraph
    listed: bool = False  # follows a 、 of the same comma clause (“建设示范校5所、教学团队10个”)


_QUANTITY_END_RE = re.compile(r"(?:\d|[" + CN + r"百千两])(?:" + "|".join(re.escape(u) for u in UNITS if u != "年")
                              + r")?(?:及以上|以上|以下|以内|左右)?$")


def clauses(sentence: str, offset: int) -> Iterator[Clause]:
    """Clauses split at commas and colons; 、 splits only after a piece ending in a quantity."""
    start = 0
    for part in CLAUSE_SPLIT_RE.split(sentence):
        pending = start
        cursor = start
        pieces = part.split("、")
        for j, piece in enumerate(pieces):
            cursor_end = cursor + len(piece)
            if _QUANTITY_END_RE.search(piece) or j == len(pieces) - 1:
                yield Clause(sentence[pending:cursor_end], offset + pending, listed=pending != start)
                pending = cursor_end + 1
            cursor = cursor_end + 1
        start += len(part) + 1


def _years_quantity(clause: str, m: re.Match[str]) -> bool:
    """“平均受教育年限达到11.5年”: years as the value of a 年限, not a date."""
    num = m.group("num")
    return num[0].isdigit() and float(num) < 100 and "年限" in clause[: m.start("num")]


def _rejected(clause: str, m: re.Match[str]) -> bool:
    before = clause[: m.start("num")]
    after = clause[m.end():]
    num = m.group("num")
    if before.endswith(("第", "“", "《", "〔", "（", "+", ".", "-", "每")) or after.startswith(("+", "”")):
        return True
    if before and (before[-1].isascii() and before[-1].isalnum()):
        return True
    if not num[0].isdigit() and before.endswith(("“", "‘")):
        return True
    if m.group("unit") == "年" and not _years_quantity(clause, m):
        return True  # a date (2025年) or a duration (3年内), not a number of years to reach
    if after.startswith(("年", "月", "日", "号", "岁", "周岁", "届", "期", "级", "批")):
        return True
    if re.match(r"(?:个|大|项)?(?:方面|环节|维度|层面|阶段|步骤|板块|原则)", after):
        return True  # a list count (“三个方面”), not a commitment
    unit = m.group("unit")
    if re.search(r"(?:消除|化解|杜绝|消灭)(?:全部|所有)?$", before):
        return True  # “消除56人以上大班额”: the number describes what is removed
    if before.endswith("的") and unit not in RATE_UNITS and not m.group("op"):
        return True  # “计划投用的38所幼儿园”: the count named before, now described
    return unit is None and not m.group("op") and not m.group("suffix")


_EMBEDDED_OP_RE = re.compile("|".join(re.escape(w) for w, _ in PREFIX_OPS if len(w) >= 2 and w[0] != "≥"))
_GENERIC_SUBJECTS = ("占比", "比例", "比重", "占", "其中")


def _subject(text: str, m: re.Match[str], previous_end: int) -> tuple[str, Op | None, int]:
    """Words before the quantity (or verb + the noun after it, “新建8间创新实验室”), an operator
    written apart from the number (“比例不低于全市总数的5%”), and where the subject ends."""
    before = text[previous_end: m.start()]
    embedded: Op | None = None
    if not m.group("op"):
        found = None
        for found in _EMBEDDED_OP_RE.finditer(before):
            pass
        if found is not None:
            embedded = dict(PREFIX_OPS)[found.group()]
            head = clean_subject(before[: found.start()])
            tail = before[found.end():]
            if not head or head in PREPOSITIONS:
                before = tail
            elif tail.endswith(CUE_VERBS):  # “每所学校至少配备1名资源教师”
                before = before[: found.start()] + tail
            else:
                before = before[: found.start()]
    subject = clean_subject(before)
    if subject in PREPOSITIONS:
        subject = ""
    counted = m.group("unit") not in RATE_UNITS
    if not counted and subject:
        return subject, embedded, m.end()
    raw_after = re.split(r"[(，；。\d]|和|及", text[m.end():], maxsplit=1)[0]
    after = re.sub(r"（[^）]*）?", "", raw_after).strip("、")
    after = re.sub(r"^(?:和|及|与|的|、)+", "", after)
    if after and subject.endswith("等"):
        # “…、…等11个小区配套园”: the list names examples; the counted noun follows the number.
        return clean_subject((_verb_prefix(subject) or "") + after), embedded, m.end() + len(raw_after)
    if after and (not subject or subject.endswith(CUE_VERBS)):
        # The noun after the number is the subject's object; the next quantity starts after it.
        return clean_subject(subject + after), embedded, m.end() + len(raw_after)
    return subject, embedded, m.end()


def _chinese_count_ok(text: str, m: re.Match[str], enumerating: bool, previous_end: int) -> bool:
    """A Chinese numeral counts only right after a verb or operator, ending its clause (十五所),
    or opening a clause that continues an enumeration (“培养十名…，百名…”)."""
    if m.group("num")[0].isdigit():
        return True
    before = text[: m.start()]
    rest = text[m.end():].strip("，、；。")
    opens_enumeration = enumerating and not text[previous_end: m.start()].strip("，、和及与")
    if m.group("unit") is None:
        return False
    if m.group("num") == "一":  # “建设一支队伍”: an article, unless it continues a count (“两项…，一项…”)
        return opens_enumeration
    return (bool(m.group("op")) or before.endswith(CUE_VERBS) or not rest
            or (enumerating and not before.strip("，、")))


@dataclass(frozen=True)
class Quantity:
    subject: str
    op: Op
    match: re.Match[str]


def quantities(clause: Clause, carry: list[Quantity]) -> Iterator[Quantity]:
    """Each quantity of a clause that reads as a commitment, with its subject and operator."""
    text = clause.text
    previous_end = 0
    own = False  # a quantity of this clause came before
    for m in QUANTITY_RE.finditer(text):
        if not m.group("num") or _rejected(text, m) or not _chinese_count_ok(text, m, bool(carry), previous_end):
            continue
        if number(m.group("num")) is None:
            continue
        subject, embedded, subject_end = _subject(text, m, previous_end)
        op = embedded or op_for(m.group("op"), m.group("suffix"), m.group("more"))
        counted = m.group("unit") not in RATE_UNITS
        last = carry[-1] if carry else None
        if last is not None and not subject:
            # “比例不低于8%、15%”: the second number shares the subject and operator.
            subject = last.subject
            if not (m.group("op") or m.group("suffix") or embedded):
                op = last.op
        elif last is not None and subject in _GENERIC_SUBJECTS:
            subject = last.subject + subject
        prefix = _verb_prefix(last.subject) if last is not None else None
        # A bare noun in an enumeration takes the verb of the first item (“建设…5个、…4个”);
        # a subject with its own verb phrase (“…以上的集镇开办…”) does not.
        if counted and prefix and not m.group("op") and not _starts_with_verb(subject) \
                and not (_has_cue(subject) and ("的" in subject or not (clause.listed or own))):
            subject = prefix + subject
        cue = (m.group("op") not in (None, *APPROX)) or m.group("suffix") or embedded or _has_cue(text) \
            or last is not None
        if not subject or not cue:
            continue
        previous_end = subject_end
        quantity = Quantity(subject, op, m)
        own = True
        carry.append(quantity)
        yield quantity


def read_target(quantity: Quantity) -> tuple[Op, float, float | None, str | None]:
    m = quantity.match
    value = number(m.group("num"))
    assert value is not None
    value_max = number(m.group("max")) if m.group("max") else None
    if value_max is not None and value_max > value:
        return Op.RANGE, value, value_max, m.group("unit")
    return quantity.op, value, None, m.group("unit")


def catalog_matcher() -> Callable[[str], str | None]:
    """Map a subject to a catalog id through the indicator catalog, when one is installed."""
    for module_name in ("eduplan.data.catalog", "eduplan.ingest.catalog", "eduplan.core.catalog"):
        try:
            module = importlib.import_module(module_name)
        except ImportError:
            continue
        loader = getattr(module, "load_catalog", None)
        if loader is not None:
            return _matcher(loader())
    return lambda _subject: None


def _matcher(catalog: Any) -> Callable[[str], str | None]:
    def match(subject: str) -> str | None:
        entry = catalog.match(subject)
        return getattr(entry, "id", None) if entry is not None else None

    return match


def programme_at(boxes: list[tuple[int, int, str]], line: int) -> str | None:
    for first, last, title in boxes:
        if first <= line <= last:
            return title
    return None
