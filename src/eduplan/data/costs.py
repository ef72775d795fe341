"""The unit costs and limits of a 优质均衡 pass plan: the shipped defaults (data/costs/default.json)
and a district's own file laid over them."""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path

from eduplan.core.errors import InputError, Location
from eduplan.core.inspection.pass_inputs import Limits, UnitCosts, costs_from_dict


def load_costs(path: str | Path | None = None) -> tuple[UnitCosts, Limits]:
    """The default costs and limits, with the file at `path` (same keys, any subset) laid over them."""
    text = resources.files("eduplan.data").joinpath("costs", "default.json").read_text(encoding="utf-8")
    costs, limits = costs_from_dict(json.loads(text), file="default.json")
    if path is None:
        return costs, limits
    where = Location(file=str(path))
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8-sig"))
    except FileNotFoundError:
        raise InputError("单价文件不存在", location=where) from None
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InputError(f"单价文件不是有效的 UTF-8 JSON（{exc}）", location=where) from None
    if not isinstance(data, dict):
        raise InputError("单价文件应为 JSON 对象，含 costs 和/或 limits", location=where)
    own_costs, own_limits = costs_from_dict(data, base=costs, file=str(path))
    given = data.get("limits") or {}
    merged = {f: getattr(own_limits if f in given else limits, f) for f in Limits.__dataclass_fields__}
    return own_costs, Limits(**merged)
