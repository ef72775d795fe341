"""Combined schools (九年一贯制, 十二年一贯制, 完全中学): their parts, and how what the parts share is
split between them.

A combined school is one record whose parts (小学部, 初中部, 高中部) give their own figures in
`extra["<part>.<figure>"]` (`"初中.enrolment"`, `"初中.classes"`, `"初中.music_rooms"` …). What a part
does not give as its own is shared, and split by weights set in the standards file:

- `balance.shared.rooms.basis` (music and art rooms; default `classes`) and
  `balance.shared.resources.basis` (the 7 resource figures; default `enrolment`): what a part's
  weight is proportional to, `classes` or `enrolment`;
- `balance.shared.weight.<part>` (default 1 each): a factor on that basis, e.g. 1.5 for a 高中 class
  that uses the rooms more.

A part's share is w_p / Σ_q w_q over every part of the school (高中 included), w = factor × basis.
"""

from __future__ import annotations

from collections.abc import Mapping

from eduplan.core.inspection.standards import SECTIONS, StandardsSet, stage_key
from eduplan.core.plan import SchoolRecord

BASES = {"classes": "classes", "enrolment": "enrolment"}


def part_figure(record: SchoolRecord, part: str, figure: str) -> float | None:
    """A part's own figure from `extra`, None when it gives none (or a non-number)."""
    value = record.extra.get(f"{part}.{figure}")
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else None


def compulsory_enrolment(record: SchoolRecord) -> float | None:
    """义务教育阶段 pupils of a combined school: its 小学 and 初中 parts, None when one is not given."""
    parts = [p for p in SECTIONS.get(record.stage, ()) if p in ("小学", "初中")]
    values = [part_figure(record, p, "enrolment") for p in parts]
    if any(v is None for v in values):
        return None
    return sum(v for v in values if v is not None)


def basis_of(standards: StandardsSet, key: str, default: str) -> str:
    """The configured basis (`classes` or `enrolment`) under `key`, `default` when the set lacks it."""
    if key not in standards.items or standards.items[key].value is None:
        return default
    value = standards.text(key)
    if value not in BASES:
        from eduplan.core.errors import InputError

        raise InputError(f"标准条目“{key}”应为 classes（按班数）或 enrolment（按在校生），而不是“{value}”")
    return value


def part_weight_factor(standards: StandardsSet, part: str) -> float:
    """The configured factor of a part (1 when the set has none)."""
    return standards.optional_number(f"balance.shared.weight.{stage_key(part)}") or 1.0


def part_shares(record: SchoolRecord, standards: StandardsSet, *, basis_key: str,
                default: str) -> Mapping[str, float] | None:
    """Each part's share of what the school's parts share; None when a part's basis is not given."""
    parts = SECTIONS.get(record.stage, ())
    basis = basis_of(standards, basis_key, default)
    values = [part_figure(record, p, basis) for p in parts]
    if not parts or any(v is None for v in values):
        return None
    weights = [part_weight_factor(standards, p) * (v or 0.0) for p, v in zip(parts, values, strict=True)]
    total = sum(weights)
    if total <= 0:
        return None
    return {p: w / total for p, w in zip(parts, weights, strict=True)}
