"""The canonical indicator catalog: one entry per indicator, with the names plans give it.

Matching rule (why names merge and why they do not):
- Names are compared after `normalize_indicator_name`: brackets (units) and spaces dropped,
  “其中” dropped, “学前三年/学前教育” → “学前”, “九年义务教育” → “义务教育”, “高中阶段教育” →
  “高中阶段”, “幼儿园” → “园”, “在校学生” → “在校生”, and a closing “比例/占比/比重” → “率”;
  a category “高中教育” qualifies names as “高中阶段”.
- A name that only means something inside its table (“在校学生数”, “毛入学率”) is never a
  synonym by itself: it is matched qualified by its row's context. A sub-row (“普通小学”
  under “在校学生数”) is tried as name + parent (“普通小学在校学生数”), then as stage +
  name + parent; a top row as category + name (“义务教育在校学生数”), then as the name alone.
  So 小学 and 初中 sub-rows, or 在校学生数 under 义务教育 and under 高中阶段, never merge.
- A unit of a different kind (% against 万人) refuses a match.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

from eduplan.core.plan import CatalogEntry, Direction, Indicator

_BRACKETS_RE = re.compile(r"[（(【\[][^）)】\]]*[）)】\]]")
_DROP_RE = re.compile(r"[\s“”\"'‘’、：:，,·．.。；;]")
_RATIO_END_RE = re.compile(r"(的)?(所)?(占比例|占比重|占比|比例|比重)$")
_FOLDS = (
    ("学前三年", "学前"),
    ("学前教育", "学前"),
    ("九年义务教育", "义务教育"),
    ("高中阶段教育", "高中阶段"),
    ("幼儿园", "园"),
    ("在校学生", "在校生"),
    ("在学学生", "在校生"),
)
_RATE_UNITS = frozenset({"%", "‰", "百分比"})
_UNIT_FAMILIES = (
    frozenset({"人", "万人", "千人", "名", "人次", "万人次"}),
    frozenset({"元", "万元", "亿元", "千元"}),
    frozenset({"所", "个", "座", "家"}),
)


def normalize_indicator_name(name: str) -> str:
    """The comparison key of an indicator name (see the module docstring for the folds)."""
    s = _BRACKETS_RE.sub("", name.replace("％", "%"))
    s = _DROP_RE.sub("", s)
    s = s.removeprefix("其中")
    for old, new in _FOLDS:
        s = s.replace(old, new)
    return _RATIO_END_RE.sub("率", s)


def units_compatible(a: str | None, b: str | None) -> bool:
    """Whether two units can belong to one indicator (“万人” and “人” can, “%” and “万人” not)."""
    if not a or not b or a == b:
        return True
    if (a in _RATE_UNITS) != (b in _RATE_UNITS):
        return False
    if a in _RATE_UNITS:
        return True
    return any(a in family and b in family for family in _UNIT_FAMILIES)


_MATCH_MEMO = 20_000


class Catalog:
    """A set of canonical indicators, looked up by id or by any of their names."""

    def __init__(self, entries: Iterable[CatalogEntry]) -> None:
        self._entries: list[CatalogEntry] = list(entries)
        self._by_id: dict[str, CatalogEntry] = {}
        self._by_key: dict[str, CatalogEntry] = {}
        # The answers of `match`, by its arguments: a board of many regions asks for the same
        # names again and again. The catalog never changes after it is built; the memo is bounded.
        self._matches: dict[tuple[str, str | None, str | None, str | None], CatalogEntry | None] = {}
        for entry in self._entries:
            if entry.id in self._by_id:
                raise ValueError(f"指标目录中编号重复：{entry.id}")
            self._by_id[entry.id] = entry
            for name in (entry.name, *entry.synonyms):
                key = normalize_indicator_name(name)
                other = self._by_key.get(key)
                if other is not None and other.id != entry.id:
                    raise ValueError(f"指标目录中名称“{name}”同时属于 {other.id} 与 {entry.id}")
                self._by_key[key] = entry

    @property
    def entries(self) -> list[CatalogEntry]:
        """Every entry, in catalog order."""
        return list(self._entries)

    def get(self, entry_id: str) -> CatalogEntry | None:
        """The entry with this id, or None."""
        return self._by_id.get(entry_id)

    def match(self, name: str, unit: str | None = None, *, category: str | None = None,
              parent: str | None = None) -> CatalogEntry | None:
        """The entry a plan's indicator name means in its row context, or None."""
        asked = (name, unit, category, parent)
        if asked in self._matches:
            return self._matches[asked]
        found = None
        for key in _candidate_keys(name, category=category, parent=parent):
            entry = self._by_key.get(key)
            if entry is not None:
                found = entry if units_compatible(unit, entry.unit) else None
                break
        if len(self._matches) >= _MATCH_MEMO:
            self._matches.clear()
        self._matches[asked] = found
        return found

    def match_indicator(self, indicator: Indicator) -> CatalogEntry | None:
        """The entry of an extracted indicator row (its name, unit, category and parent)."""
        return self.match(indicator.name, indicator.unit, category=indicator.category, parent=indicator.parent)

    def unmapped(self, indicators: Iterable[Indicator]) -> list[Indicator]:
        """The indicators that map to no entry (to be reported, never silently merged)."""
        return [ind for ind in indicators if self.match_indicator(ind) is None]


_STAGE_ALIASES = {"高中": "高中阶段", "高中教育": "高中阶段", "高中段": "高中阶段", "高中段教育": "高中阶段"}


def _stage(category: str | None) -> str:
    """The stage prefix a category gives a name (“高中阶段教育”, “高中教育” → “高中阶段”)."""
    key = normalize_indicator_name(category) if category else ""
    return _STAGE_ALIASES.get(key, key)


def _candidate_keys(name: str, *, category: str | None, parent: str | None) -> list[str]:
    """Keys to try for a name, most qualified first (see the module docstring)."""
    own = normalize_indicator_name(name)
    stage = _stage(category)
    if parent:
        up = normalize_indicator_name(parent)
        keys = [own + up, stage + own + up]
    else:
        keys = [stage + own] if stage and not own.startswith(stage) else []
        keys.append(own)
    return [k for k in keys if k]


def entry_from_dict(item: Mapping[str, Any]) -> CatalogEntry:
    """A catalog entry from its JSON form (id, name, unit, direction, category, synonyms …)."""
    max_value = item.get("max_value")
    return CatalogEntry(
        id=str(item["id"]),
        name=str(item["name"]),
        unit=item.get("unit"),
        direction=Direction(item["direction"]),
        category=item.get("category"),
        synonyms=tuple(item.get("synonyms", ())),
        max_value=float(max_value) if max_value is not None else None,
        trajectory=str(item.get("trajectory", "linear")),
        nature=str(item.get("nature", "target")),
    )


def catalog_from_dicts(items: Iterable[Mapping[str, Any]]) -> Catalog:
    """A catalog from the list of entries in its JSON form."""
    return Catalog(entry_from_dict(item) for item in items)
