"""A standards set: the thresholds inspections judge against, and the merge of overrides.

Thresholds live in versioned configuration (a national default plus municipal or district
overrides), never in code. This module only models a set already parsed from JSON and merges
overrides over it; reading the files is the job of `eduplan.data.standards_sets`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from types import MappingProxyType

from eduplan.core.errors import InputError, Location

#: Confidence of a standard, as in standards.md: read in a named source, seen only in
#: secondary material, or believed but unconfirmed.
CONFIDENCE = {"read": "✅", "secondary": "⚠️", "unconfirmed": "❓"}
OPS = (">=", ">", "<=", "<", "=", None)
_ITEM_FIELDS = ("name", "value", "unit", "op", "source", "confidence", "note")


@dataclass(frozen=True)
class Standard:
    """One threshold or parameter: its value, how it compares, its source and confidence."""

    key: str
    name: str
    value: float | str | None
    unit: str | None = None
    op: str | None = None  # how a measured value must compare with `value`; None for parameters
    source: str | None = None
    confidence: str = "unconfirmed"
    note: str | None = None
    origin: str = ""  # id of the standards file that last set this item

    @property
    def mark(self) -> str:
        """The confidence as a symbol: ✅, ⚠️ or ❓."""
        return CONFIDENCE.get(self.confidence, "❓")


@dataclass(frozen=True)
class StandardsSet:
    """A merged set of standards with the lineage of files it came from."""

    id: str
    version: str
    scope: str
    items: Mapping[str, Standard] = field(default_factory=dict)
    lineage: tuple[str, ...] = ()  # "national@2024.2", "chongqing@2024.1", …

    def item(self, key: str) -> Standard:
        """The standard under `key`; a missing key is a configuration error."""
        try:
            return self.items[key]
        except KeyError:
            raise InputError(f"标准配置中缺少条目“{key}”（{self.label}）") from None

    def number(self, key: str) -> float:
        """The numeric value under `key`."""
        value = self.item(key).value
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise InputError(f"标准条目“{key}”的取值不是数值：{value!r}（{self.label}）")
        return float(value)

    def optional_number(self, key: str) -> float | None:
        """The numeric value under `key`, or None when the key is absent or its value unset."""
        if key not in self.items or self.items[key].value is None:
            return None
        return self.number(key)

    def text(self, key: str) -> str:
        """The text value under `key`."""
        value = self.item(key).value
        if not isinstance(value, str):
            raise InputError(f"标准条目“{key}”的取值不是文本：{value!r}（{self.label}）")
        return value


    @property
    def label(self) -> str:
        """The lineage as one readable string."""
        return " + ".join(self.lineage) or f"{self.id}@{self.version}"


def _item_from_data(key: str, data: Mapping[str, object], origin: str) -> Standard:
    """One standard from its JSON object."""
    unknown = set(data) - set(_ITEM_FIELDS)
    if unknown:
        raise InputError(f"标准条目“{key}”含未知字段：{'、'.join(sorted(unknown))}",
                         location=Location(file=origin, field=key))
    value = data.get("value")
    if value is not None and not isinstance(value, int | float | str):
        raise InputError(f"标准条目“{key}”的取值类型不受支持：{value!r}",
                         location=Location(file=origin, field=key))
    op = data.get("op")
    if op not in OPS:
        raise InputError(f"标准条目“{key}”的比较符无效：{op!r}", location=Location(file=origin, field=key))
    confidence = str(data.get("confidence", "unconfirmed"))
    if confidence not in CONFIDENCE:
        raise InputError(f"标准条目“{key}”的可信度无效：{confidence}（应为 read、secondary 或 unconfirmed）",
                         location=Location(file=origin, field=key))
    return Standard(
        key=key, name=str(data.get("name", key)), value=value,  # type: ignore[arg-type]
        unit=_opt_str(data.get("unit")), op=op,  # type: ignore[arg-type]
        source=_opt_str(data.get("source")), confidence=confidence,
        note=_opt_str(data.get("note")), origin=origin,
    )


def _opt_str(value: object) -> str | None:
    """A string or None."""
    return None if value is None else str(value)


def standards_from_data(data: Mapping[str, object]) -> StandardsSet:
    """A standards set from the parsed JSON of a base (non-override) standards file."""
    ident, version = str(data.get("id", "")), str(data.get("version", ""))
    if not ident or not version:
        raise InputError("标准配置缺少 id 或 version")
    raw_items = data.get("items")
    if not isinstance(raw_items, Mapping):
        raise InputError(f"标准配置“{ident}”缺少 items 对象")
    items = {key: _item_from_data(key, value, ident) for key, value in raw_items.items()}
    return StandardsSet(id=ident, version=version, scope=str(data.get("scope", "")),
                        items=MappingProxyType(items), lineage=(f"{ident}@{version}",))


def merge_standards(base: StandardsSet, override: Mapping[str, object]) -> StandardsSet:
    """`base` with an override file applied: each named item's given fields replace the base's.

    An override may only change items the base defines, so a misspelt key is an error
    rather than a silently ignored rule.
    """
    ident, version = str(override.get("id", "")), str(override.get("version", ""))
    if not ident or not version:
        raise InputError("覆盖标准配置缺少 id 或 version")
    extends = override.get("extends")
    if extends is not None and extends not in {base.id, *(x.split("@")[0] for x in base.lineage)}:
        raise InputError(f"覆盖标准“{ident}”应基于“{extends}”，而不是“{base.label}”")
    raw_items = override.get("items", {})
    if not isinstance(raw_items, Mapping):
        raise InputError(f"覆盖标准“{ident}”的 items 不是对象")
    items = dict(base.items)
    for key, fields in raw_items.items():
        if key not in items:
            raise InputError(f"覆盖标准“{ident}”中的条目“{key}”在“{base.label}”中不存在",
                             location=Location(file=ident, field=key))
        merged = {f: getattr(items[key], f) for f in _ITEM_FIELDS} | dict(fields)
        if "value" in fields and "source" not in fields:
            # A changed value must not keep the base's citation: it would vouch for a number it never gave.
            merged["source"] = f"覆盖配置“{ident}”（未注明来源）"
            merged["confidence"] = fields.get("confidence", "unconfirmed")
        items[key] = _item_from_data(key, merged, ident)
    return replace(base, id=ident, version=version, scope=str(override.get("scope", base.scope)),
                   items=MappingProxyType(items), lineage=(*base.lineage, f"{ident}@{version}"))


def stage_key(stage: str) -> str:
    """The key fragment for a school stage: 小学 → primary, 初中 → junior …"""
    return STAGE_KEYS.get(stage, stage)


#: The sections a combined school is assessed as (教督〔2017〕6号: 九年一贯制、完全中学 are split).
SECTIONS = {"九年一贯制": ("小学", "初中"), "十二年一贯制": ("小学", "初中", "高中"),
            "完全中学": ("初中", "高中")}

STAGE_KEYS = {"小学": "primary", "初中": "junior", "高中": "senior", "幼儿园": "kindergarten",
              "九年一贯制": "nine_year", "十二年一贯制": "twelve_year", "完全中学": "complete_secondary"}
