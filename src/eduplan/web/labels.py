"""Chinese labels and number formats for the templates."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from eduplan.core.collection.approval import STATE_LABELS, TRANSITION_LABELS
from eduplan.core.comparison import DIRECTION_LABELS
from eduplan.core.numbers import target_text as core_target_text
from eduplan.core.plan import Op

OPS = {"=": "", ">=": "≥", ">": ">", "<=": "≤", "<": "<", "range": "区间"}
ATTRIBUTES = {"expected": "预期性", "binding": "约束性"}
DIRECTIONS = {d.value: text for d, text in DIRECTION_LABELS.items()}  # the one vocabulary (core.comparison)
ACTIONS = {"create": "新增", "update": "修改", "delete": "删除", "import": "导入",
           **{t.value: text for t, text in TRANSITION_LABELS.items()}}  # data submissions (core.collection.approval)
ENTITIES = {"plan": "规划", "indicator": "指标", "prose_target": "文中目标", "programme": "专栏", "task": "任务",
            "project": "项目", "plan_unit": "责任单位", "finding": "问题", "user": "用户", "observation": "监测值",
            "submission": "数据报送"}
SEVERITIES = {"error": "错误", "warning": "警告", "info": "提示"}


def number(value: Any) -> str:
    """A number as printed: no trailing .0, thousands not grouped (as in the plans)."""
    if value is None or value == "":
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def target_text(target: Any) -> str:
    """A target as printed (its raw text), else as `core.numbers.target_text` writes it (≥93, 100, 10～12)."""
    if target is None:
        return ""
    fields = target if isinstance(target, dict) else vars(target)
    if fields.get("raw"):
        return str(fields["raw"])
    value, value_max = fields.get("value"), fields.get("value_max")
    if value is None:
        return ""
    try:
        op = Op(str(fields.get("op")))
    except ValueError:
        op = Op.EQ  # no operator: the value alone, as `core.numbers.target_text` writes “=”
    return core_target_text(op, float(value), None if value_max is None else float(value_max))


def label(mapping: dict[str, str], value: Any) -> str:
    """The Chinese label of a code, or the code itself."""
    return mapping.get(str(value), "" if value is None else str(value))


def json_text(value: Any) -> str:
    """A JSON value as readable text (Chinese not escaped); the template escapes the HTML."""
    return json.dumps(value, ensure_ascii=False, default=str)


FILTERS = {"json_text": json_text, "number": number, "target_text": target_text, "label": label}
#: Audit times are stored in UTC and shown in China Standard Time (UTC+8, no daylight saving).
CHINA_OFFSET = dt.timedelta(hours=8)
SUBMISSION_STATES = {s.value: text for s, text in STATE_LABELS.items()}
GLOBALS = {"CHINA_OFFSET": CHINA_OFFSET, "SUBMISSION_STATES": SUBMISSION_STATES, "OPS": OPS, "ATTRIBUTES": ATTRIBUTES, "DIRECTIONS": DIRECTIONS, "ACTIONS": ACTIONS,
           "ENTITIES": ENTITIES, "SEVERITIES": SEVERITIES}
