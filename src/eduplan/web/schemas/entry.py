"""The data entry page (网页填报) and its JSON twin: the form's fields, a save's body and its result."""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, field_validator

#: The most fields one save may carry (a plan monitors a few dozen figures; the whole catalog is ~100).
MAX_FIELDS = 2000
MAX_TYPED = 100


class FieldIssueOut(BaseModel):
    """A problem with one field: located by 指标名/年份 (the workbook's checks, by field)."""

    code: str
    severity: str
    series: str | None  # the field it is about
    field: str | None  # 指标名/年份
    value: str | None
    message: str


class EntryFieldOut(BaseModel):
    """One figure of the form, with what stands beside it, and what the user typed when a save was refused."""

    series: str
    kind: str  # indicator / target
    name: str
    unit: str | None
    target: str | None
    baseline: float | None
    previous: float | None
    stored: float | None
    version: int | None  # send back as `seen` when changing this value
    stored_source: str | None
    stored_by: str | None
    simulated: bool
    typed: str | None = None
    conflict: bool = False
    issues: list[FieldIssueOut] = []


class StoredCounts(BaseModel):
    """What a save stored."""

    inserted: int
    updated: int
    unchanged: int


class EntryResultOut(BaseModel):
    """What a save did: refused with issues, refused by a conflict, or stored."""

    accepted: bool
    summary: str
    issues: list[FieldIssueOut] = []
    issues_omitted: int = 0
    stored: StoredCounts | None = None


class EntryPage(BaseModel):
    """The entry form of a region and year on its plan in force."""

    region: str
    year: int
    plan_id: int
    plan_title: str
    base_year: int | None
    can_save: bool
    sources: list[str]
    source: str | None = None
    fields: list[EntryFieldOut]
    result: EntryResultOut | None = None


Typed = Annotated[str, StringConstraints(max_length=MAX_TYPED)] | float | None


class EntryValueIn(BaseModel):
    """One field of a save: the value (blank keeps what is stored) and the version of the stored value seen."""

    model_config = ConfigDict(extra="forbid")

    value: Typed = Field(description="填写的数值（数字或文字，如“93.5”“九十三”；留空表示不修改）")
    seen: int | None = Field(None, ge=1, le=2**31 - 1,
                             description="表单显示的已存值的版本（GET 返回的 version）；未显示已存值时省略")


class EntryIn(BaseModel):
    """A save: series → value, all stored or none."""

    model_config = ConfigDict(extra="forbid")

    values: dict[Annotated[str, StringConstraints(min_length=1, max_length=400)], EntryValueIn]
    source: Annotated[str, StringConstraints(max_length=100)] | None = Field(None, description="数据来源（默认“网页填报”）")
    strict: bool = Field(False, description="有警告也不保存")

    @field_validator("values")
    @classmethod
    def _bounded(cls, values: dict[str, EntryValueIn]) -> dict[str, EntryValueIn]:
        if len(values) > MAX_FIELDS:
            raise ValueError(f"一次最多保存{MAX_FIELDS}项")
        return values
