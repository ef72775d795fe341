"""The comparison of two evaluation payloads: which targets, tasks, projects and funding rules
changed status, and whether each change is an improvement.

Payloads are compared in their stored JSON form (`EvaluationPayload.to_dict`), so a snapshot
stored long ago compares with one built today.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from eduplan.core.progress.rules import GRADED
from eduplan.core.tracking.projects import Schedule
from eduplan.core.tracking.tasks import DeadlineState

IMPROVED, WORSENED, CHANGED, ADDED, REMOVED = "改善", "恶化", "变化", "新增", "删除"


@dataclass(frozen=True)
class Section:
    """How to compare one list of a payload: its key, its name field and its status field."""

    field: str
    label: str
    key: str
    name: str
    status: str
    ranks: Mapping[str, int]  # lower is better; a status not ranked (数据不足) only “changes”


SECTIONS = (
    Section("targets", "目标", "key", "name", "status",
            {s.value: i for i, s in enumerate(GRADED)}),
    Section("tasks", "任务", "task_id", "title", "state", {s.value: i for i, s in enumerate(DeadlineState)}),
    Section("projects", "项目", "key", "name", "schedule",
            {Schedule.AHEAD.value: 0, Schedule.ON_TIME.value: 0, Schedule.DELAYED.value: 1}),
    Section("funding", "经费保障", "code", "title", "verdict", {"达标": 0, "未达标": 1}),
)


@dataclass(frozen=True)
class StatusChange:
    """An item whose status differs between two evaluations."""

    section: str  # 目标 / 任务 / 项目 / 经费保障
    key: str
    name: str
    before: str | None
    after: str | None
    trend: str  # 改善 / 恶化 / 变化 / 新增 / 删除

    @property
    def label(self) -> str:
        """“目标“学前三年毛入园率”：需加快 → 已达成（改善）”."""
        return f"{self.section}“{self.name}”：{self.before or '—'} → {self.after or '—'}（{self.trend}）"


@dataclass(frozen=True)
class EvaluationDiff:
    """What changed status from a previous evaluation to the current one."""

    previous_year: int | None
    current_year: int | None
    changes: list[StatusChange]

    def count(self, trend: str) -> int:
        """How many changes have this trend."""
        return sum(1 for c in self.changes if c.trend == trend)

    def summary(self) -> str:
        """A Chinese one-liner for the CLI and the report."""
        if not self.changes:
            return "与上次评估相比，各项状态均无变化。"
        parts = [f"{t}{self.count(t)}项" for t in (IMPROVED, WORSENED, CHANGED, ADDED, REMOVED) if self.count(t)]
        return f"与上次评估相比，状态变化{len(self.changes)}项：{'，'.join(parts)}。"


def diff_evaluations(previous: Mapping[str, Any], current: Mapping[str, Any]) -> EvaluationDiff:
    """The items whose status changed between two payloads (in their JSON form), section by section."""
    changes = [c for s in SECTIONS for c in _section_changes(s, previous.get(s.field, []), current.get(s.field, []))]
    return EvaluationDiff(previous.get("year"), current.get("year"), changes)


def _section_changes(section: Section, before: Sequence[Mapping[str, Any]],
                     after: Sequence[Mapping[str, Any]]) -> list[StatusChange]:
    old = {str(i[section.key]): i for i in before}
    new = {str(i[section.key]): i for i in after}
    out: list[StatusChange] = []
    for key, item in new.items():
        was = old.get(key)
        now_status = item.get(section.status)
        if was is None:
            out.append(StatusChange(section.label, key, str(item[section.name]), None, now_status, ADDED))
        elif was.get(section.status) != now_status:
            trend = _trend(section.ranks, was.get(section.status), now_status)
            out.append(StatusChange(section.label, key, str(item[section.name]), was.get(section.status),
                                    now_status, trend))
    out += [StatusChange(section.label, k, str(i[section.name]), i.get(section.status), None, REMOVED)
            for k, i in old.items() if k not in new]
    return out


def _trend(ranks: Mapping[str, int], before: str | None, after: str | None) -> str:
    if before is None or after is None or before not in ranks or after not in ranks:
        return CHANGED
    b, a = ranks[before], ranks[after]
    return IMPROVED if a < b else WORSENED if a > b else CHANGED
