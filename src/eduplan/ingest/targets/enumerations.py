"""“A、B和C分别达到X、Y和Z”: each subject paired with its value."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from eduplan.core.plan import Op, ProseTarget, Source
from eduplan.ingest.readers.document import Document
from eduplan.ingest.targets.paragraphs import Paragraph
from eduplan.ingest.targets.patterns import CUE_VERBS, NUM, PREFIX_ALT, PREFIX_OPS, QUANTITY_RE, UNIT_ALT
from eduplan.ingest.targets.quantities import Quantity, clean_subject, number, op_for, programme_at, read_target

_SEPARATORS = r"(?:、|和|及|与|以及|或)"
_ENUM_VALUE = rf"(?:{PREFIX_ALT})?(?:{NUM})(?:\s*[—–\-~～至]\s*(?:{NUM}))?(?:余|多)?(?:{UNIT_ALT})?(?:及以上|以上|及以下|以下|以内|左右)?"
#: “A、B和C分别达到90%、95%和98%以上”: as many subjects as values, paired in order.
_ENUM_RE = re.compile(rf"(?:分别|依次)(?P<phrase>(?:{'|'.join(v for v in CUE_VERBS if len(v) > 1)})[\u4e00-\u9fff]{{0,8}}?)?"
                      rf"(?:{PREFIX_ALT}|是|要|将|可)*(?P<values>{_ENUM_VALUE}(?:{_SEPARATORS}{_ENUM_VALUE})+)")
_ITEM_SPLIT_RE = re.compile(r"、|以及|和|及|与|或")


@dataclass(frozen=True)
class _Enumeration:
    position: int  # of 分别 in the sentence
    subjects: list[str] | None  # None: the subjects of the enumeration before (“2020年分别达到…”)
    values: list[tuple[re.Match[str], int]]  # each value's match and its offset in the sentence
    op: Op | None  # the operator written once for all values (“分别不低于…”)
    end: int  # where the values end in the sentence


def _split_subjects(text: str) -> list[str]:
    """“毛入园率、巩固率和毛入学率” → three subjects; “小学、初中专任教师学历比例” shares its tail."""
    items, depth, current = [], 0, ""
    i = 0
    while i < len(text):
        ch = text[i]
        depth += ch in "（(“《" and 1 or 0
        depth -= ch in "）)”》" and 1 or 0
        sep = _ITEM_SPLIT_RE.match(text, i) if depth == 0 else None
        if sep:
            items.append(current)
            current = ""
            i = sep.end()
            continue
        current += ch
        i += 1
    items.append(current)
    items = [item.strip("，、 ") for item in items if item.strip("，、 ")]
    heads, last = items[:-1], items[-1] if items else ""
    if heads and all(len(h) <= 6 and not _COMPLETE_SUBJECT_RE.search(h) for h in heads) \
            and len(last) > max(len(h) for h in heads) + 1:
        tail = _shared_tail(heads, last)
        if tail:
            items = [h + tail for h in heads] + [last]
    return items


#: A subject that names a measure of its own (…率, …比例, …数): it shares no tail.
_COMPLETE_SUBJECT_RE = re.compile(r"(?:率|比例|比重|占比|数|覆盖面|年限|经费|面积|规模|人数)$")


def _shared_tail(heads: list[str], last: str) -> str | None:
    """The words the heads share with the last item: after the heads' common ending found in it
    (“学前教育、…、高中阶段教育生均公用经费”), else after a head's length (“小学、初中专任教师…”)."""
    common = heads[0]
    for head in heads[1:]:
        while common and not head.endswith(common):
            common = common[1:]
    if len(common) >= 2 and len(heads) >= 2:
        at = last.find(common)
        if at >= 0 and at + len(common) < len(last):
            return last[at + len(common):]
    if len({len(h) for h in heads}) == 1 and len(heads[0]) <= 4:
        return last[len(heads[0]):]
    return None


def find_enumerations(sentence: str) -> list[_Enumeration]:
    found: list[_Enumeration] = []
    if "分别" not in sentence and "依次" not in sentence:
        return found
    for m in _ENUM_RE.finditer(sentence):
        values = [(v, m.start("values") + v.start()) for v in QUANTITY_RE.finditer(m.group("values"))
                  if v.group("num") and number(v.group("num")) is not None]
        if any(v.group("unit") == "年" and float(number(v.group("num")) or 0) >= 100 for v, _ in values):
            continue  # “分别于2023年、2025年”: dates
        head = re.split(r"[，,；;：:]", sentence[: m.start()])[-1]
        head = re.sub(r"^.*?(?:(?:19|20)\d{2}\s*年(?:底前|底|末|前)?|“?十[一二三四五六七八九]五”?(?:期间|时期|末)?)", "", head)
        subject = clean_subject(head)
        subjects = _split_subjects(subject) if subject else None
        if subjects is not None and m.group("phrase"):
            subjects = [item + m.group("phrase") for item in subjects]  # “…分别新增学位3000个、2000个”
        if subjects is not None and len(subjects) != len(values):
            continue
        lead = re.search(rf"(?:{PREFIX_ALT})(?=\s*(?:{NUM}))", m.group())
        op = dict(PREFIX_OPS).get(lead.group()) if lead and lead.start() < m.start("values") - m.start() else None
        found.append(_Enumeration(m.start(), subjects, values, op, m.end()))
    return found


def mask_enumerations(sentence: str, enumerations: list[_Enumeration]) -> str:
    chars = list(sentence)
    for enumeration in enumerations:
        for v, offset in enumeration.values:
            chars[offset: offset + len(v.group())] = " " * len(v.group())
    return "".join(chars)


def enumeration_targets(enumeration: _Enumeration, subjects: list[str], sentence: str, start: int,
                         paragraph: Paragraph, year: int | None, doc: Document,
                         boxes: list[tuple[int, int, str]], match_catalog: Callable[[str], str | None]
                         ) -> Iterator[ProseTarget]:
    lead_op = enumeration.op
    units = [v.group("unit") for v, _ in enumeration.values]
    text = sentence[_clause_start(sentence, enumeration.position): enumeration.end]
    for index, (subject, (v, offset)) in enumerate(zip(subjects, enumeration.values, strict=True)):
        unit = v.group("unit") or next((u for u in units[index:] if u), None)
        own = v.group("op") or v.group("suffix") or v.group("more")
        op = op_for(v.group("op"), v.group("suffix"), v.group("more")) if own else (lead_op or Op.EQ)
        quantity = Quantity(subject, op, v)
        op, value, value_max, _unit = read_target(quantity)
        line = paragraph.lines[start + offset]
        yield ProseTarget(subject=subject, op=op, value=value, value_max=value_max, unit=unit, year=year,
                          text=text.strip("，、。；"), programme=programme_at(boxes, line),
                          catalog_id=match_catalog(subject), source=Source(line=line, file=doc.file))


def _clause_start(sentence: str, position: int) -> int:
    cut = max(sentence.rfind(ch, 0, position) for ch in "，,；;：:")
    return cut + 1


LIST_ITEM_RE = re.compile(r"^(?:[●·•▲■◆★□○]|——|--|-|\d{1,2}[.．、](?!\d)|（\d{1,2}）|[①-⑳])")

