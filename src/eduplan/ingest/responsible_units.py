"""Responsible units (责任单位): the unit list and the notes that name units in a plan.

The unit list (data/units.json) gives each unit's canonical short name and its aliases, so
that 区人力社保局 and 区人力资源和社会保障局 are one unit. Entries are written with the
district prefix 区; a county's 县 prefix is matched by the same entries. Unknown units are
kept, cleaned of spaces and trailing words such as 等.

Note variants read by `parse_unit_note`:
    （责任单位：区教委、区发展改革委，各镇街）        lead = the first unit named
    （牵头单位：区教委；配合单位：区财政局）          lead = the 牵头 part
    （责任单位：区教委牵头，区财政局、区民政局配合）  lead = the units marked 牵头
    （责任单位：区教委（牵头）、区财政局）
    牵头单位：区教委                                  a note on a line of its own
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any

from eduplan.core.plan import ResponsibleUnit

LEAD_LABELS = ("牵头单位", "牵头部门", "主责单位", "主办单位", "牵头责任单位")
SUPPORT_LABELS = ("配合单位", "配合部门", "协办单位", "参与单位", "协同单位", "协助单位")
GENERAL_LABELS = ("责任单位", "责任部门", "责任主体", "实施单位")
_LABELS = LEAD_LABELS + SUPPORT_LABELS + GENERAL_LABELS
_LABEL_ALT = "|".join(sorted(_LABELS, key=len, reverse=True))
_LABEL_RE = re.compile(rf"({_LABEL_ALT})\s*[：:]")
_NOTE_OPEN_RE = re.compile(rf"[（(]\s*(?={_LABEL_ALT})")
_LINE_NOTE_RE = re.compile(rf"^\s*(?={_LABEL_ALT})")
_SPLIT_RE = re.compile(r"[、，,；;\s]+")
_LEAD_MARK_RE = re.compile(r"[（(]?\s*牵头\s*[）)]?$")
_OWN_MARK_RE = re.compile(r"[（(]\s*(?:牵头|配合|协办|参与|协助)\s*[）)]$")  # marks this unit only
_UNIT_END_RE = re.compile(r"(委|局|办|部|院|校|中心|会|联|街|镇|乡|政府|组|所|站|队|室|处|公司|集团|单位|园)$")
_SUPPORT_MARK_RE = re.compile(r"[（(]?\s*(?:配合|协办|参与|协助)\s*[）)]?$")
_TRAILING_RE = re.compile(r"(?:按职责分工负责|按职责分工|分别负责|负责|等单位|等部门|等)$")
_PUNCT = "。；;，,：:“”\"'《》 "


@dataclass(frozen=True)
class UnitTable:
    """Canonical unit names by alias, with each unit's kind."""

    canonical: dict[str, str] = field(default_factory=dict)
    kinds: dict[str, str] = field(default_factory=dict)

    def lookup(self, name: str) -> str | None:
        """The canonical name of `name`, or None when the table does not know it."""
        if name in self.canonical:
            return self.canonical[name]
        if name.startswith("县") or "县委" in name:
            as_district = name.replace("县", "区", 1)
            found = self.canonical.get(as_district)
            if found:
                return found.replace("区", "县", 1)
        return None


@dataclass
class UnitNote:
    """The units named by one note: lead units first, then all units in order."""

    lead: list[str] = field(default_factory=list)
    units: list[str] = field(default_factory=list)
    names_seen: dict[str, str] = field(default_factory=dict)  # cleaned name as written → canonical


def unit_table_from_data(data: dict[str, Any]) -> UnitTable:
    """Build a unit table from the parsed JSON of a unit list."""
    canonical: dict[str, str] = {}
    kinds: dict[str, str] = {}
    for entry in data.get("units", []):
        name = entry["name"]
        canonical[name] = name
        for alias in entry.get("aliases", []):
            canonical[alias] = name
        if entry.get("kind"):
            kinds[name] = entry["kind"]
    return UnitTable(canonical=canonical, kinds=kinds)


@lru_cache(maxsize=1)
def load_unit_table() -> UnitTable:
    """The bundled unit list (eduplan/data/units.json)."""
    text = resources.files("eduplan.data").joinpath("units.json").read_text(encoding="utf-8")
    return unit_table_from_data(json.loads(text))


def clean_unit(name: str) -> str:
    """A unit name without spaces, stray punctuation and trailing words such as 等."""
    name = re.sub(r"\s+", "", name).strip(_PUNCT)
    previous = None
    while previous != name:
        previous = name
        name = _TRAILING_RE.sub("", name).strip(_PUNCT)
    return name.removeprefix("由")


def find_unit_notes(text: str) -> list[tuple[int, int, str]]:
    """Each unit note in `text` as (start, end, inside text): parenthesised or a labelled line."""
    notes: list[tuple[int, int, str]] = []
    for match in _NOTE_OPEN_RE.finditer(text):
        end = _closing(text, match.start())
        stop = end - 1 if text[end - 1] in "）)" else end
        notes.append((match.start(), end, text[match.end() : stop]))
    if not notes and _LINE_NOTE_RE.match(text):
        notes.append((0, len(text), text.strip()))
    return notes


def unit_notes(texts: list[str]) -> list[str]:
    """The inside of every note in a block of lines: parenthesised notes may span lines."""
    joined = "".join(texts)
    spans = [(start, end, inside) for start, end, inside in find_unit_notes(joined) if joined[start] in "（("]
    found = [inside for _, _, inside in spans]
    offset = 0
    for text in texts:
        inside_a_note = any(start < offset < end for start, end, _ in spans)
        if _LINE_NOTE_RE.match(text) and not inside_a_note:
            found.append(text.strip())
        offset += len(text)
    return found


def _closing(text: str, start: int) -> int:
    """The index just after the parenthesis that closes the one at `start` (or the text's end)."""
    depth = 0
    for i in range(start, len(text)):
        if text[i] in "（(":
            depth += 1
        elif text[i] in "）)":
            depth -= 1
            if depth == 0:
                return i + 1
    return len(text)


def parse_unit_note(inside: str, table: UnitTable) -> UnitNote:
    """The lead and all units of a note's text (without its outer parentheses)."""
    parts = _LABEL_RE.split(inside)
    leads: list[str] = []
    units: list[str] = []
    labelled_lead: list[str] = []
    seen: dict[str, str] = {}
    # parts = [before, label, content, label, content, ...]
    for label, content in zip(parts[1::2], parts[2::2], strict=True):
        marked, names = _marked_units(content, table, seen)
        _extend(units, names)
        _extend(leads, marked)
        if label in LEAD_LABELS:
            _extend(labelled_lead, names)
    lead = leads or labelled_lead or units[:1]
    return UnitNote(lead=lead, units=_ordered(lead, units), names_seen=seen)


def _ordered(lead: list[str], units: list[str]) -> list[str]:
    out = list(lead)
    _extend(out, units)
    return out


def _extend(out: list[str], names: list[str]) -> None:
    for name in names:
        if name and name not in out:
            out.append(name)


def _marked_units(content: str, table: UnitTable, seen: dict[str, str]) -> tuple[list[str], list[str]]:
    """(units marked 牵头, all units) of a comma/、-separated unit list."""
    leads: list[str] = []
    names: list[str] = []
    pending: list[str] = []
    for raw in _split_units(content):
        lead = bool(_LEAD_MARK_RE.search(raw))
        support = bool(_SUPPORT_MARK_RE.search(raw))
        bare = _SUPPORT_MARK_RE.sub("", _LEAD_MARK_RE.sub("", raw))
        written = clean_unit(bare)
        name = table.lookup(written) or written
        if not name:
            continue
        seen[written] = name
        pending.append(name)
        if lead:
            _extend(leads, [name] if _OWN_MARK_RE.search(raw) else pending)
        if lead or support:
            pending = []
        _extend(names, [name])
    return leads, names


def _split_units(content: str) -> list[str]:
    """Split a unit list on separators outside parentheses; a space inside a name (PDF) is not one."""
    out: list[str] = []
    depth = 0
    current = ""
    for ch in content:
        if ch in "（(":
            depth += 1
        elif ch in "）)":
            depth -= 1
        if depth <= 0 and _SPLIT_RE.fullmatch(ch):
            depth = 0
            if ch.isspace() and current and not _UNIT_END_RE.search(current):
                continue  # "区发展 改革委": the piece before the space is not a whole name
            out.append(current)
            current = ""
        else:
            current += ch
    out.append(current)
    return [part for part in out if part.strip(_PUNCT)]


def responsible_units(seen: dict[str, list[str]], table: UnitTable) -> list[ResponsibleUnit]:
    """Distinct canonical units with the other names seen for each, in order of appearance."""
    return [
        ResponsibleUnit(name=name, aliases=tuple(a for a in aliases if a != name), kind=_kind(name, table))
        for name, aliases in seen.items()
    ]


def _kind(name: str, table: UnitTable) -> str | None:
    if name in table.kinds:
        return table.kinds[name]
    district = name.replace("县", "区", 1)
    if district in table.kinds:
        return table.kinds[district]
    if re.search(r"(学院|大学|学校|中学|小学|幼儿园)$", name):
        return "学校"
    return None
