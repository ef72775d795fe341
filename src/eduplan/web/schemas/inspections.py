"""Pydantic schemas of the inspection checklist (preconditions and 一票否决 items), edge only."""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, Field

from eduplan.core.inspection.checklist import ChecklistEntry


class ChecklistOut(BaseModel):
    """One checklist item with the bureau's confirmation (none yet: `holds` is null)."""

    key: str
    inspection: str  # balance / preschool
    kind: str  # precondition / veto
    kind_label: str  # 申请条件 / 一票否决
    statement: str
    source: str | None
    confidence: str
    status: str  # 符合 / 不符合 / 待确认
    holds: bool | None
    confirmed_by: str | None = None
    confirmed_at: dt.datetime | None = None
    note: str | None = None
    version: int | None = None  # send it back with a change; null before the first confirmation

    @classmethod
    def of(cls, entry: ChecklistEntry) -> ChecklistOut:
        """The schema of a core checklist entry."""
        c, i = entry.confirmation, entry.item
        return cls(key=i.key, inspection=i.inspection, kind=i.kind, kind_label=i.kind_label, statement=i.statement,
                   source=i.source, confidence=i.confidence, status=entry.status, holds=entry.holds,
                   confirmed_by=c.confirmed_by if c else None, confirmed_at=c.confirmed_at if c else None,
                   note=c.note if c else None, version=c.version if c else None)


class ConfirmationIn(BaseModel):
    """A confirmation sent to the API: whether the item holds, a note, and the version read."""

    year: int = Field(ge=2000, le=2100, description="督导评估对应的学校统计数据年度")
    holds: bool = Field(description="该条件是否成立（true：符合；false：不符合）")
    note: str | None = Field(default=None, max_length=500)
    version: int | None = Field(default=None, ge=1, le=2**31 - 1,
                                description="读取时的 version；首次确认为 null；过期则 409")
