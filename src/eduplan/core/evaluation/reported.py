"""Quantified prose targets no catalog entry covers, which bureaus report in the workbook's
文中目标 sheet: their stable keys (`prose_target_key`: subject and unit), the series their figures
carry (“target:<key>”) and the list the workbook and the import read (`reported_targets`).
"""

from __future__ import annotations

import dataclasses
import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass

from eduplan.core.catalog import Catalog
from eduplan.core.plan import CatalogEntry, Plan, ProseTarget, Target

TARGET_SERIES_PREFIX = "target:"
_KEY_MAX = 120  # the store's indicator column holds 200 characters
_SPACES = re.compile(r"\s+")


def prose_target_key(subject: str, unit: str | None) -> str:
    """The stable key of what a prose target measures: “新增公办幼儿园｜所”.

    Built from the text alone (never `hash()`, which changes between processes), so the same
    plan ingested again gives the same key; the target year is left out because a plan's
    targets for 2023 and 2025 on one subject are read from one yearly series.
    """
    name = _SPACES.sub("", subject)
    measure = (unit or "").strip()
    key = f"{name}｜{measure}" if measure else name
    if len(key) > _KEY_MAX:
        key = key[:100] + "～" + hashlib.sha1(key.encode("utf-8")).hexdigest()[:10]
    return key


def target_series(key: str) -> str:
    """The `Observation.indicator` of a prose target's figures: “target:<key>”."""
    return TARGET_SERIES_PREFIX + key


@dataclass(frozen=True)
class ReportedTarget:
    """A quantified prose target with no catalog entry, reported in the 文中目标 sheet."""

    key: str
    subject: str
    unit: str | None
    targets: tuple[Target, ...]

    @property
    def series(self) -> str:
        """The indicator id its observations carry."""
        return target_series(self.key)


def prose_entry(t: ProseTarget, catalog: Catalog) -> CatalogEntry | None:
    return catalog.get(t.catalog_id) if t.catalog_id else catalog.match(t.subject, t.unit)


def reported_targets(plans: Iterable[Plan], catalog: Catalog) -> list[ReportedTarget]:
    """The plans' quantified prose targets that no catalog entry covers, once per key, in plan order."""
    found: dict[str, ReportedTarget] = {}
    for plan in plans:
        for t in plan.targets:
            if t.value is None or prose_entry(t, catalog) is not None:
                continue
            key = prose_target_key(t.subject, t.unit)
            target = with_plan_year(Target(op=t.op, value=t.value, value_max=t.value_max, year=t.year), plan)
            known = found.get(key)
            if known is None:
                found[key] = ReportedTarget(key, t.subject, t.unit, (target,))
            elif target not in known.targets:
                found[key] = dataclasses.replace(known, targets=(*known.targets, target))
    return list(found.values())


def with_plan_year(target: Target, plan: Plan) -> Target:
    if target.year is not None or plan.end_year is None:
        return target
    return dataclasses.replace(target, year=plan.end_year)
