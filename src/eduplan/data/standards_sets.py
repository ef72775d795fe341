"""Load the bundled standards files (eduplan/data/standards/*.json) into core standards sets."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from functools import lru_cache
from importlib import resources

from eduplan.core.errors import NotFoundError
from eduplan.core.inspection.standards import StandardsSet, merge_standards, standards_from_data

BASE = "national"


def bundled_standard_ids() -> list[str]:
    """The ids of the bundled standards files (the national default and the overrides)."""
    folder = resources.files("eduplan.data").joinpath("standards")
    return sorted(p.name.removesuffix(".json") for p in folder.iterdir() if p.name.endswith(".json"))


def read_standards_data(ident: str) -> dict[str, object]:
    """The parsed JSON of the bundled standards file `ident`."""
    path = resources.files("eduplan.data").joinpath("standards", f"{ident}.json")
    if not path.is_file():
        raise NotFoundError(f"未找到标准配置“{ident}”（可选：{'、'.join(bundled_standard_ids())}）")
    data: dict[str, object] = json.loads(path.read_text(encoding="utf-8"))
    return data


@lru_cache(maxsize=32)
def _load(chain: tuple[str, ...]) -> StandardsSet:
    """The national default with the bundled overrides in `chain` applied in order."""
    standards = standards_from_data(read_standards_data(BASE))
    for ident in chain:
        standards = merge_standards(standards, read_standards_data(ident))
    return standards


def load_standards(
    *overrides: str, extra: Sequence[Mapping[str, object]] = ()
) -> StandardsSet:
    """The national standards with bundled overrides (by id) and then `extra` overrides applied."""
    standards = _load(tuple(o for o in overrides if o != BASE))
    for data in extra:
        standards = merge_standards(standards, data)
    return standards
