"""The comparison of two evaluation payloads: which targets, tasks, projects and funding rules
changed status, and whether each change is an improvement.

Payloads are compared typed: a snapshot stored long ago is read by `EvaluationPayload.from_dict`
(whichever version stored it) and compares with one built today.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from eduplan.core.evaluation.payload import EvaluationPayload
from eduplan.core.progress.rules import GRADED
from eduplan.core.tracking.projects import Schedule
from eduplan.core.tracking.tasks import DeadlineState

IMPROVED, WORSENED, CHANGED, ADDED, REMOVED = "改善", "恶化", "变化", "新增", "删除"


@dataclass(frozen=True)
class Section:
    """How to compare one list of a payload: its attribute, and its items' key, name and status."""

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


def diff_evaluations(previous: EvaluationPayload, current: EvaluationPayload) -> EvaluationDiff:
    """The items whose status changed between two payloads, section by section."""
    changes = [c for s in SECTIONS
               for c in _section_changes(s, getattr(previous, s.field), getattr(current, s.field))]
    return EvaluationDiff(previous.year, current.year, changes)


def _section_changes(section: Section, before: Sequence[object], after: Sequence[object]) -> list[StatusChange]:
    old = {str(getattr(i, section.key)): i for i in before}
    new = {str(getattr(i, section.key)): i for i in after}
    out: list[StatusChange] = []
    for key, item in new.items():
        was = old.get(key)
        now_status = _status(section, item)
        if was is None:
            out.append(StatusChange(section.label, key, str(getattr(item, section.name)), None, now_status, ADDED))
        elif _status(section, was) != now_status:
            trend = _trend(section.ranks, _status(section, was), now_status)
            out.append(StatusChange(section.label, key, str(getattr(item, section.name)), _status(section, was),
                                    now_status, trend))
    out += [StatusChange(section.label, k, str(getattr(i, section.name)), _status(section, i), None, REMOVED)
            for k, i in old.items() if k not in new]
    return out


def _status(section: Section, item: object) -> str | None:
    """An item's status as its Chinese label (the enums' values)."""
    value = getattr(item, section.status)
    return value.value if isinstance(value, enum.Enum) else None if value is None else str(value)


def _trend(ranks: Mapping[str, int], before: str | None, after: str | None) -> str:
    if before is None or after is None or before not in ranks or after not in ranks:
        return CHANGED
    b, a = ranks[before], ranks[after]
    return IMPROVED if a < b else WORSENED if a > b else CHANGED
