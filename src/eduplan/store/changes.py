"""Chinese, human-readable lines for what changed in a stored record."""

from __future__ import annotations

import re
from typing import Any

from eduplan.core.numbers import value_text

FIELD_LABELS = {
    "title": "标题", "doc_number": "文号", "issuer": "发文单位", "issued_on": "印发日期",
    "period_start": "规划起始年", "period_end": "规划结束年", "vision_year": "远景年份", "kind": "类型",
    "source_sha256": "源文件校验值", "source_file": "出处文件", "source_line": "出处行",
    "table_name": "所在表", "parent": "上级指标", "name": "名称", "category": "类别", "unit": "单位",
    "values": "年值", "raw_values": "原文", "target_op": "目标运算符", "target_value": "目标",
    "target_value_max": "目标上限", "target_year": "目标年份", "target_raw": "目标原文",
    "attribute": "属性", "catalog_id": "对应目录指标", "direction": "方向",
    "subject": "对象", "op": "运算符", "value": "目标值", "value_max": "上限", "year": "年份",
    "text": "原文", "programme": "所属专栏", "number": "编号", "items": "条目",
    "key": "编号", "section": "章节", "parent_key": "上级任务", "level": "层级", "deadline": "完成时限",
    "lead_units": "牵头单位", "responsible_units": "责任单位",
    "seq": "序号", "group_name": "分组", "stage": "学段", "nature": "建设性质",
    "planned_start": "计划开工", "planned_finish": "计划完工", "investment_total": "总投资",
    "investment_by_year": "计划投资", "places": "学位数", "site_area": "占地面积",
    "floor_area": "建筑面积", "status": "状态", "columns": "原表", "actual_start": "实际开工",
    "actual_finish": "实际完工", "actual_investment_by_year": "实际投资",
    "places_delivered_by_year": "新增学位", "aliases": "别名",
}
SOURCE_COLUMNS = frozenset({"source_line", "source_file"})
# Stored codes shown in words (a task's kind: a heading that only groups, or a task to carry out).
VALUE_LABELS = {"kind": {"heading": "标题（仅归类）", "task": "具体任务"}}


def is_source_only(diff: dict[str, tuple[Any, Any]]) -> bool:
    """Whether only where the item was found changed (e.g. the document gained a line)."""
    return set(diff) <= SOURCE_COLUMNS


_LINE_MENTION = re.compile(r"第\d+(?:\s*[—–\-至~]\s*\d+)?行")


def finding_what(f: dict[str, Any]) -> tuple[Any, ...]:
    """A finding's fields without where it was found: its lines, source and the line numbers
    its message and data mention (“（第438行）”), so a re-upload in another layout compares equal."""
    data = {k: v for k, v in (f.get("data") or {}).items() if not k.endswith(("line", "lines"))}
    return (f.get("kind"), f.get("severity"), _LINE_MENTION.sub("第…行", str(f.get("message") or "")),
            repr(sorted(data.items(), key=lambda kv: kv[0])))


def describe_changes(
    noun: str, label: str, diff: dict[str, tuple[Any, Any]], *, new_fields: dict[str, Any] | None = None
) -> list[str]:
    """One line per changed field, e.g. 指标“学前三年毛入园率”：2025 目标 93 → 95."""
    head = f"{noun}“{label}”："
    lines: list[str] = []
    target_year = (new_fields or {}).get("target_year")
    for col, (old, new) in diff.items():
        if col in SOURCE_COLUMNS:
            continue
        name = FIELD_LABELS.get(col, col)
        if isinstance(old, dict) and isinstance(new, dict):
            lines += [f"{head}{k} {name} {value_text(old.get(k))} → {value_text(new.get(k))}"
                      for k in _changed_keys(old, new)]
        elif col == "target_value" and target_year is not None:
            lines.append(f"{head}{target_year} {name} {value_text(old)} → {value_text(new)}")
        else:
            if col in VALUE_LABELS:
                old, new = VALUE_LABELS[col].get(old, old), VALUE_LABELS[col].get(new, new)
            lines.append(f"{head}{name} {value_text(old)} → {value_text(new)}")
    return lines


def _changed_keys(old: dict[str, Any], new: dict[str, Any]) -> list[str]:
    keys = list(old) + [k for k in new if k not in old]
    return [k for k in keys if old.get(k) != new.get(k)]
