"""The conditions no figure decides: the preconditions of an inspection and its 一票否决 items, as a
checklist the education bureau confirms (yes or no, by whom, when, with a note).

The items are in the standards file under `<inspection>.precondition.*` and `<inspection>.veto.*`
(inspection: `balance` for 优质均衡, `preschool` for 普及普惠); each names a statement that must hold
(“不存在重点学校或重点班”), its source and its confidence. A confirmation says whether it holds.
An inspection is ready only when every item is confirmed to hold: one that does not hold fails it
(未达标, 一票否决), one not yet confirmed leaves it undecided (待确认), whatever the figures say.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from eduplan.core.inspection.standards import StandardsSet

INSPECTIONS = {"balance": "义务教育优质均衡", "preschool": "学前教育普及普惠"}
KINDS = {"precondition": "申请条件", "veto": "一票否决"}


@dataclass(frozen=True)
class ChecklistItem:
    """One condition: its standards key, inspection, kind, the statement that must hold and its source."""

    key: str
    inspection: str  # balance / preschool
    kind: str  # precondition / veto
    statement: str
    source: str | None
    confidence: str

    @property
    def kind_label(self) -> str:
        """申请条件 or 一票否决."""
        return KINDS[self.kind]


@dataclass(frozen=True)
class Confirmation:
    """The bureau's answer for one item of one region and year."""

    key: str
    holds: bool
    confirmed_by: str
    confirmed_at: dt.datetime
    note: str | None = None
    version: int = 1


@dataclass(frozen=True)
class ChecklistEntry:
    """An item with its confirmation, if any."""

    item: ChecklistItem
    confirmation: Confirmation | None

    @property
    def status(self) -> str:
        """符合 (confirmed to hold), 不符合 (confirmed not to) or 待确认."""
        if self.confirmation is None:
            return "待确认"
        return "符合" if self.confirmation.holds else "不符合"

    @property
    def holds(self) -> bool | None:
        """True when confirmed to hold, False when confirmed not to, None before confirmation."""
        return None if self.confirmation is None else self.confirmation.holds


def checklist_items(standards: StandardsSet, inspection: str | None = None) -> list[ChecklistItem]:
    """The checklist items of the standards set (of one inspection, or all), preconditions first."""
    out: list[ChecklistItem] = []
    for key, std in standards.items.items():
        parts = key.split(".")
        if len(parts) != 3 or parts[0] not in INSPECTIONS or parts[1] not in KINDS:
            continue
        if inspection is None or parts[0] == inspection:
            out.append(ChecklistItem(key, parts[0], parts[1], std.name, std.source, std.confidence))
    order = list(INSPECTIONS), list(KINDS)
    return sorted(out, key=lambda i: (order[0].index(i.inspection), order[1].index(i.kind)))


def checklist(items: Iterable[ChecklistItem], confirmations: Mapping[str, Confirmation]) -> list[ChecklistEntry]:
    """Each item with its confirmation by key."""
    return [ChecklistEntry(i, confirmations.get(i.key)) for i in items]


def checklist_verdict(entries: Sequence[ChecklistEntry]) -> bool | None:
    """False when an item does not hold, None while one is unconfirmed, True when all hold."""
    if any(e.holds is False for e in entries):
        return False
    return None if any(e.holds is None for e in entries) else True


def with_checklist(measured: bool | None, entries: Sequence[ChecklistEntry]) -> bool | None:
    """An inspection's readiness: its figures' verdict, held back by the checklist (never 达标 while
    an item is unconfirmed, 未达标 when one does not hold)."""
    confirmed = checklist_verdict(entries)
    if measured is False or confirmed is False:
        return False
    return None if measured is None or confirmed is None else True


def checklist_note(entries: Sequence[ChecklistEntry]) -> str:
    """A Chinese sentence on what the checklist lets readiness say."""
    failing = [e.item.statement for e in entries if e.holds is False]
    pending = [e for e in entries if e.holds is None]
    if failing:
        return f"以下条件经确认不符合，评估认定一票否决：{'；'.join(failing)}。"
    if pending:
        return (f"尚有{len(pending)}项申请条件或一票否决条目未经教育局确认，"
                "在全部确认前不能判定为达标。")
    return "申请条件和一票否决条目均已确认符合。" if entries else ""
