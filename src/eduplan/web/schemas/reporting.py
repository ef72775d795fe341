"""The 报送情况 page and the submission endpoints (Pydantic, edge only)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from pydantic import BaseModel, Field

from eduplan.core.collection.approval import (
    MAX_REASON_CHARS,
    STATE_LABELS,
    TRANSITION_LABELS,
    Submission,
    SubmissionState,
    china_time,
)
from eduplan.services.approval import RegionStatus, StatusBoard


class SubmissionOut(BaseModel):
    """A region-year's figures: their state, the latest transition (who, when, why) and the record's version."""

    region: str
    year: int
    state: SubmissionState
    state_label: str
    last: str | None = Field(description="最近一次操作：submit / approve / return / unlock / reopen")
    last_label: str | None
    by: str | None
    at: dt.datetime | None = Field(description="最近一次操作的时间（UTC）")
    at_text: str | None = Field(description="最近一次操作的时间（北京时间，便于阅读）")
    reason: str | None
    version: int = Field(description="状态记录的版本；操作时回传，可防止覆盖他人刚做的决定")

    @classmethod
    def of(cls, s: Submission) -> SubmissionOut:
        """From the core record."""
        return cls(region=s.region, year=s.year, state=s.state, state_label=STATE_LABELS[s.state],
                   last=s.last.value if s.last else None, last_label=TRANSITION_LABELS[s.last] if s.last else None,
                   by=s.by, at=s.at, at_text=china_time(s.at) if s.at else None, reason=s.reason, version=s.version)


class RegionStatusOut(BaseModel):
    """A row of the 报送情况 page."""

    submission: SubmissionOut
    figures: int = Field(description="该区县该年度已入库的监测值条数")
    allowed: list[str] = Field(description="当前用户现在可以做的操作")

    @classmethod
    def of(cls, r: RegionStatus) -> RegionStatusOut:
        """From the service's row."""
        return cls(submission=SubmissionOut.of(r.submission), figures=r.figures, allowed=[t.value for t in r.allowed])


class StatusPage(BaseModel):
    """The 报送情况 of a year: each region the user may see, and how many are at each state."""

    year: int
    regions: list[RegionStatusOut]
    counts: dict[str, int] = Field(description="各状态的区县数（键为状态代码）")
    state_labels: dict[str, str]
    reviewer: bool = Field(description="当前用户是否可审核、退回、解锁")

    @classmethod
    def of(cls, board: StatusBoard, *, reviewer: bool) -> StatusPage:
        """From the service's board."""
        return cls(year=board.year, regions=[RegionStatusOut.of(r) for r in board.regions],
                   counts={s.value: n for s, n in board.counts().items()},
                   state_labels={s.value: text for s, text in STATE_LABELS.items()}, reviewer=reviewer)


class TransitionIn(BaseModel):
    """What a transition may carry: the reason (required to return or unlock) and the version seen."""

    reason: Annotated[str | None, Field(max_length=MAX_REASON_CHARS * 2, description="原因（退回、解锁必填）")] = None
    version: Annotated[int | None, Field(ge=0, le=2**31 - 1, description="页面上看到的状态版本")] = None
