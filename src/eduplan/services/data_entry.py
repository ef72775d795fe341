"""Web data entry (网页填报) of a region's yearly figures: the form and its all-or-nothing save.

The form lists what the region's plan in force asks for each year, as the workbook template
does (`exchange.figure_rows.figure_rows`, one selection): its catalog indicators and its quantified
prose targets. Beside each field stand the plan target, last year's value and the value already
stored for the year, with that row's version.

A save runs the workbook's own checks (`exchange.import_figures.check_figures`: value bounds, rates
above their maximum, outliers against the history, sub-rows above their parent), each issue
located by field (指标名/年份) instead of cell. A blank field keeps what is stored; a field
equal to the stored value writes nothing. A field that would replace a value must carry the
version the user saw: if someone stored another value meanwhile, the whole save is refused
(`StaleEntry`, a ConflictError) naming the new values. Anything else is stored through
`services.collection.store_records` inside a savepoint, so a refusal there (an approved year,
a clash on flush) leaves nothing behind either.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from sqlalchemy.orm import Session

from eduplan.core.collection.yearly import ImportResult, Issue
from eduplan.core.errors import ConflictError, InputError, Location
from eduplan.core.numbers import format_number
from eduplan.core.plan import Plan
from eduplan.data.catalog import load_catalog
from eduplan.exchange.cells import number
from eduplan.exchange.columns import SOURCES
from eduplan.exchange.figure_rows import FigureRow, base_year, figure_rows
from eduplan.exchange.import_figures import Figure, check_figures
from eduplan.services.collection import StoreReport, store_records, yearly_history
from eduplan.services.monitoring import region_plan
from eduplan.store.records import StoredObservation, stored_observations
from eduplan.store.session import lock_regions

ENTRY_SOURCE = "网页填报"
#: The sources offered for the figures saved, as the workbook's dropdown offers them.
ENTRY_SOURCES: tuple[str, ...] = SOURCES


@dataclass(frozen=True)
class EntryField:
    """One figure of the form: what it is, the plan's target, last year's and the stored value."""

    series: str  # the observation's indicator: a catalog id or “target:<key>”
    kind: str  # indicator / target
    name: str
    unit: str | None
    target: str | None
    baseline: float | None
    previous: float | None  # last year's stored value
    stored: float | None  # this year's stored value
    version: int | None  # the stored row's version (None: nothing stored)
    stored_source: str | None = None
    stored_by: str | None = None
    simulated: bool = False
    figure: FigureRow | None = field(default=None, repr=False, compare=False)  # what the checks read

    def label(self, year: int) -> str:
        """Where a problem is, in the form: 指标名/年份."""
        return f"{self.name}/{year}年"


@dataclass(frozen=True)
class EntryForm:
    """The form of a region and year on its plan in force."""

    region: str
    year: int
    plan_id: int
    plan_title: str
    base_year: int | None  # the year of the plan's printed baselines
    fields: list[EntryField]

    def find(self, series: str) -> EntryField | None:
        """The field of a series, or None."""
        return next((f for f in self.fields if f.series == series), None)


@dataclass(frozen=True)
class FieldInput:
    """What the user typed in a field and the version of the stored value the form showed."""

    value: str | float | None  # blank: keep what is stored
    seen: int | None = None  # None: the form showed no stored value


@dataclass
class EntrySave:
    """The outcome of a save: the checks' result, what was stored, and the form as it stands now."""

    form: EntryForm
    result: ImportResult
    stored: StoreReport | None
    fields_of: dict[Location, str] = field(default_factory=dict)  # an issue's location → the field's series

    @property
    def accepted(self) -> bool:
        """Whether the save went through (nothing to save counts as accepted)."""
        return self.result.accepted

    def series_of(self, issue: Issue) -> str | None:
        """The field an issue is about."""
        return self.fields_of.get(issue.location)

    def summary(self) -> str:
        """A one-line Chinese verdict."""
        if not self.result.accepted:
            why = "（严格模式下警告也不予保存）" if self.result.strict and not self.result.errors else ""
            return f"保存被拒绝：{self.result.counts()}{why}，未保存任何数据。"
        if self.stored is None or not self.stored.changed:
            return f"没有需要保存的改动：{self.form.region}{self.form.year}年的已存数值保持不变。"
        c = self.stored.observations
        warned = f"；另有警告{len(self.result.warnings)}个，请核对" if self.result.warnings else ""
        return f"已保存{self.form.region}{self.form.year}年的数据：新增{c.inserted}项、更新{c.updated}项{warned}。"


class StaleEntry(ConflictError):
    """A save refused because values it would replace changed since the form was read."""

    def __init__(self, message: str, *, fields: Sequence[EntryField]) -> None:
        super().__init__(message)
        self.fields = list(fields)


def entry_form(*, session: Session, region: str, year: int) -> EntryForm:
    """The entry form of `region` for `year`, on its plan in force."""
    return _form(session, region, year)[0]


def _form(session: Session, region: str, year: int) -> tuple[EntryForm, Plan]:
    plan_id, plan = region_plan(session=session, region=region)
    known = {(s.observation.indicator, s.observation.year): s
             for s in stored_observations(session, region=region, years=[year - 1, year])}
    form = EntryForm(region=region, year=year, plan_id=plan_id, plan_title=plan.title, base_year=base_year([plan]),
                     fields=[_field(row, known.get((row.series, year)), known.get((row.series, year - 1)))
                             for row in figure_rows([plan], load_catalog())])
    return form, plan


def _field(row: FigureRow, now: StoredObservation | None, last: StoredObservation | None) -> EntryField:
    return EntryField(series=row.series, kind="indicator" if row.entry is not None else "target", name=row.name,
                      unit=row.unit, target=row.target, baseline=row.baseline,
                      previous=last.observation.value if last else None,
                      stored=now.observation.value if now else None, version=now.version if now else None,
                      stored_source=now.observation.source if now else None,
                      stored_by=now.observation.reported_by if now else None,
                      simulated=now.observation.simulated if now else False, figure=row)


def save_entry(*, session: Session, region: str, year: int, inputs: Mapping[str, FieldInput], actor: str,
               source: str | None = None, strict: bool = False) -> EntrySave:
    """Check the typed figures as the workbook import would and store them all, or nothing."""
    lock_regions(session, [region])  # versions read under the lock stay true until the commit
    form, plan = _form(session, region, year)
    unknown = [s for s in inputs if form.find(s) is None]
    if unknown:
        raise InputError(f"以下项目不在{region}{year}年的填报表中（规划可能已更新，请刷新页面后重新填写）："
                         f"{'、'.join(sorted(unknown)[:10])}")
    changed = [(f, inputs[f.series]) for f in form.fields if f.series in inputs and _changes(f, inputs[f.series])]
    if stale := [f for f, given in changed if given.seen != f.version]:
        raise StaleEntry(_stale_message(stale, year), fields=stale)
    figures = [Figure(region, year, _raw(given.value), Location(field=f.label(year)),
                      entry=f.figure.entry if f.figure else None, reported=f.figure.reported if f.figure else None,
                      source=source) for f, given in changed]
    result = check_figures(figures, plans=[plan], catalog=load_catalog(), strict=strict, entered_by=actor,
                           history=yearly_history(session, [plan], region), default_source=ENTRY_SOURCE)
    fields_of = {fig.at: f.series for fig, (f, _) in zip(figures, changed, strict=True)}
    if result.collection is None or not result.collection.observations:
        return EntrySave(form=form, result=result, stored=None, fields_of=fields_of)
    with session.begin_nested():  # a refusal inside the store leaves nothing of this save
        stored = store_records(session=session, collection=result.collection,
                               source=f"{ENTRY_SOURCE}（{region}{year}年）", actor=actor)
    return EntrySave(form=entry_form(session=session, region=region, year=year), result=result, stored=stored,
                     fields_of=fields_of)


def _raw(value: str | float | None) -> str | float | None:
    return value.strip() or None if isinstance(value, str) else value


def _changes(f: EntryField, given: FieldInput) -> bool:
    """Whether a field asks to store something: not blank, and not the value already stored."""
    raw = _raw(given.value)
    if raw is None:
        return False
    value = number(raw)
    return f.stored is None or value is None or not math.isclose(value, f.stored, rel_tol=1e-12, abs_tol=1e-12)


def _stale_message(stale: Sequence[EntryField], year: int) -> str:
    parts = []
    for f in stale[:10]:
        now = "已被删除" if f.stored is None else f"现为{format_number(f.stored)}" + (
            f"（{f.stored_by}录入）" if f.stored_by else "")
        parts.append(f"{f.label(year)}{now}")
    more = f"等{len(stale)}项" if len(stale) > 10 else ""
    return (f"您打开表单后，以下数值已被他人修改：{'；'.join(parts)}{more}。为免覆盖他人的修改，本次未保存任何数据；"
            "请核对最新数值后重新提交")
