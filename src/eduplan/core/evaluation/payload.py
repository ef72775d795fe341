"""The evaluation (评估) of a plan at a year: every target, task, project and funding rule.

`build_evaluation` is a pure function of the plan, the catalog, the stored figures and the
year, judged at 31 December of that year: the same inputs give the same payload, which is
what makes a stored snapshot reproducible (the timestamp lives beside the payload, not in it).
`diff_evaluations` (in `evaluation_diff`) compares two payloads in their JSON form and says
what changed status.

Which targets are assessed: every indicator row with a target and every prose target, once per
commitment (indicator, value, year: a prose sentence restating a table row's target is that
row's second source, `also_stated_at`); a target without a year is taken to be for the plan's
last year. Its key (`target_key`) is what it is — catalog id or name, and year — never its
line, so a re-upload in another layout links to the same targets. Its baseline is the plan's
base-year column (the year before the period), else the observation of that year. A
quantified prose target that maps to no catalog indicator is read from the series
“target:<key>” (`prose_target_key`: its subject and unit), which bureaus fill in the
workbook's 文中目标 sheet; without a base-year value its first observed year is the
baseline. A table row with no catalog entry has no observations.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import hashlib
import math
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from eduplan.core.catalog import Catalog
from eduplan.core.collection.yearly import FinanceRecord, ProjectReport, TaskReport
from eduplan.core.evaluation.diff import (  # noqa: F401  re-exported: the diff moved to evaluation_diff
    ADDED,
    CHANGED,
    IMPROVED,
    REMOVED,
    SECTIONS,
    WORSENED,
    EvaluationDiff,
    Section,
    StatusChange,
    diff_evaluations,
)
from eduplan.core.findings import finding_title
from eduplan.core.numbers import target_text
from eduplan.core.plan import (
    Attribute,
    CatalogEntry,
    Direction,
    EvaluationKind,
    Observation,
    Op,
    Plan,
    ProseTarget,
    Target,
    natural_text,
)
from eduplan.core.progress.assess import Assessment, assess_target, unmonitored
from eduplan.core.progress.forecast import UNBOUNDED, Bounds, Likelihood
from eduplan.core.progress.monitored import commitment_key, same_commitment
from eduplan.core.progress.rules import NON_NEGATIVE_UNITS, SCALE_NATURE, Point, Shape, Status, bounds_for, shape_for
from eduplan.core.simulated import SimulatedParts, simulated_parts
from eduplan.core.tracking.finance import (
    RuleResult,
    not_decreasing,
    teacher_salary_parity,
    training_spend_share,
)
from eduplan.core.tracking.projects import (
    PlacesYear,
    ProjectTracking,
    Schedule,
    places_by_year,
    track_projects,
)
from eduplan.core.tracking.tasks import (
    DUE_SOON_DAYS,
    DeadlineState,
    TaskStatus,
    UnitSummary,
    summarize_units,
    track_tasks,
)

PAYLOAD_FORMAT = 1
KIND_LABELS = {EvaluationKind.ANNUAL: "年度评估", EvaluationKind.MIDTERM: "中期评估",
               EvaluationKind.FINAL: "总结评估", EvaluationKind.SPECIAL: "专项评估"}
ATTRIBUTE_LABELS = {Attribute.BINDING: "约束性", Attribute.EXPECTED: "预期性"}
ORIGIN_TABLE, ORIGIN_PROSE = "指标表", "正文"


@dataclass(frozen=True)
class TargetResult:
    """One target's assessment, flat and ready for a table row."""

    key: str
    name: str
    indicator_id: str | None
    unit: str | None
    category: str | None
    origin: str  # 指标表 / 正文
    attribute: str | None  # 约束性 / 预期性
    binding: bool
    target: str  # “≥98”
    target_year: int | None
    baseline_year: int | None
    baseline: float | None
    latest_year: int | None
    latest_value: float | None
    expected: float | None
    gap: float | None
    ratio: float | None
    status: Status
    likelihood: Likelihood
    forecast: float | None
    forecast_low: float | None
    forecast_high: float | None
    flagged: bool
    alert: str | None
    reason: str
    line: int | None
    also_stated_at: tuple[int, ...] = ()  # other lines stating the same commitment (e.g. in prose)


@dataclass(frozen=True)
class FundingCheck:
    """One comparison behind a funding rule."""

    year: int
    passed: bool | None  # None: a year of the pair has no data
    figures: dict[str, float]


@dataclass(frozen=True)
class FundingResult:
    """A funding rule's outcome: 达标 / 未达标 / 无法判断, with its figures."""

    code: str
    title: str
    passed: bool | None
    verdict: str
    message: str
    checks: list[FundingCheck]


@dataclass(frozen=True)
class FindingItem:
    """A problem found inside the plan."""

    kind: str
    title: str
    message: str
    severity: str
    lines: list[int]


@dataclass(frozen=True)
class Summary:
    """Counts for the headline of a report (labels are the Chinese status names)."""

    targets: int
    by_status: dict[str, int]
    flagged: int
    tasks_by_state: dict[str, int]
    projects_by_schedule: dict[str, int]
    funding: dict[str, int]
    findings: int


@dataclass(frozen=True)
class EvaluationPayload:
    """Everything an evaluation found; `to_dict` is the stored JSON."""

    region: str
    plan_title: str
    plan_period: tuple[int, int] | None
    kind: EvaluationKind
    kind_label: str
    year: int
    as_of: dt.date
    summary: Summary
    targets: list[TargetResult] = field(default_factory=list)
    tasks: list[TaskStatus] = field(default_factory=list)
    units: list[UnitSummary] = field(default_factory=list)
    projects: list[ProjectTracking] = field(default_factory=list)
    places: list[PlacesYear] = field(default_factory=list)
    funding: list[FundingResult] = field(default_factory=list)
    findings: list[FindingItem] = field(default_factory=list)
    window_days: int = DUE_SOON_DAYS  # the options it ran with, so that it can be reproduced
    training_min_share: float | None = None
    format: int = PAYLOAD_FORMAT
    simulated: SimulatedParts = field(default_factory=SimulatedParts)  # 模拟数据, section by section

    def to_dict(self) -> dict[str, Any]:
        """The payload as JSON-ready values: string keys, ISO dates, enum values, no NaN."""
        result = jsonable(self)
        assert isinstance(result, dict)
        return result


def jsonable(value: object) -> object:
    """A value in the form JSON gives back: dataclasses and mappings as dicts with string keys."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: jsonable(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, Mapping):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [jsonable(v) for v in value]
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


# ---------------------------------------------------------------- targets


@dataclass(frozen=True)
class TargetItem:
    """A target to assess, with what the assessment needs."""

    key: str
    name: str
    entry: CatalogEntry | None
    unit: str | None
    category: str | None
    origin: str
    attribute: Attribute | None
    target: Target
    baseline: Point | None
    direction: Direction
    line: int | None
    series: str | None = None  # the observations it reads: a catalog id, “target:<key>”, or none
    base_year: int | None = None  # the plan's base year (the baseline may come from a later year)
    related: CatalogEntry | None = None  # a catalog indicator its subject names (units differ)
    also_stated_at: tuple[int, ...] = ()  # other lines stating the same commitment


# ---------------------------------------------------------------- prose targets without a catalog entry

TARGET_SERIES_PREFIX = "target:"
_KEY_MAX = 120  # the store's indicator column holds 200 characters
_LINEAR_UNITS = frozenset({"%", "‰", "百分比", "个百分点", "年", "岁"})
_SPACES = re.compile(r"\s+")


def prose_target_key(subject: str, unit: str | None) -> str:
    """The stable key of what a prose target measures: “新增公办幼儿园｜所”.

    Built from the text alone (never `hash()`, which changes between processes), so the same
    plan ingested again gives the same key; the target year is left out because a plan's
    targets for 2023 and 2025 on one subject are read from one yearly series.
    """
    name = _SPACES.sub("", subject)
    measure = (unit or "").strip()
    key = f"{name}｜{measure}" if measure else name
    if len(key) > _KEY_MAX:
        key = key[:100] + "～" + hashlib.sha1(key.encode("utf-8")).hexdigest()[:10]
    return key


def target_series(key: str) -> str:
    """The `Observation.indicator` of a prose target's figures: “target:<key>”."""
    return TARGET_SERIES_PREFIX + key


@dataclass(frozen=True)
class ReportedTarget:
    """A quantified prose target with no catalog entry, reported in the 文中目标 sheet."""

    key: str
    subject: str
    unit: str | None
    targets: tuple[Target, ...]

    @property
    def series(self) -> str:
        """The indicator id its observations carry."""
        return target_series(self.key)


def _prose_entry(t: ProseTarget, catalog: Catalog) -> CatalogEntry | None:
    return catalog.get(t.catalog_id) if t.catalog_id else catalog.match(t.subject, t.unit)


def reported_targets(plans: Iterable[Plan], catalog: Catalog) -> list[ReportedTarget]:
    """The plans' quantified prose targets that no catalog entry covers, once per key, in plan order."""
    found: dict[str, ReportedTarget] = {}
    for plan in plans:
        for t in plan.targets:
            if t.value is None or _prose_entry(t, catalog) is not None:
                continue
            key = prose_target_key(t.subject, t.unit)
            target = _with_year(Target(op=t.op, value=t.value, value_max=t.value_max, year=t.year), plan)
            known = found.get(key)
            if known is None:
                found[key] = ReportedTarget(key, t.subject, t.unit, (target,))
            elif target not in known.targets:
                found[key] = dataclasses.replace(known, targets=(*known.targets, target))
    return list(found.values())


# ---------------------------------------------------------------- plan targets


def base_year(plan: Plan) -> int | None:
    """The plan's baseline year: the year before its period."""
    return plan.period[0] - 1 if plan.period else None


def plan_targets(plan: Plan, catalog: Catalog, history: Mapping[str, Mapping[int, float]]) -> list[TargetItem]:
    """The plan's targets, once per commitment, with catalog entry and baseline (plan column,
    else observed).

    A commitment stated in a table and again in prose (same indicator, value and year:
    `commitment_key`) is one item, from its first statement, with the other lines in
    `also_stated_at`. Keys come from what a target is (`target_key`), never from its line.
    """
    base = base_year(plan)
    items: list[TargetItem] = []
    printed: dict[str, float] = {}
    for ind in plan.indicators:
        entry = catalog.get(ind.catalog_id) if ind.catalog_id else catalog.match_indicator(ind)
        value = ind.values.get(str(base)) if base is not None else None
        if entry is not None and value is not None:
            printed.setdefault(entry.id, float(value))
        if ind.target is None:
            continue
        target = _with_year(ind.target, plan)
        baseline = _baseline(base, value, entry.id if entry else None, history)
        name = f"{ind.parent}·{ind.name}" if ind.parent else ind.name
        key = target_key(entry, ORIGIN_TABLE, natural_text(name), target.year)
        _add(items, TargetItem(key, ind.name, entry, ind.unit or (entry.unit if entry else None),
                               ind.category, ORIGIN_TABLE, ind.attribute, target, baseline,
                               _direction(entry, ind.direction), ind.source.line, entry.id if entry else None,
                               base, _related(entry, ind.name, catalog)))
    for t in plan.targets:
        entry = _prose_entry(t, catalog)
        target = _with_year(Target(op=t.op, value=t.value, value_max=t.value_max, year=t.year), plan)
        series = entry.id if entry else target_series(prose_target_key(t.subject, t.unit)) if t.value is not None else None
        baseline = _baseline(base, printed.get(entry.id) if entry else None, series, history)
        key = target_key(entry, ORIGIN_PROSE, prose_target_key(t.subject, t.unit), target.year)
        _add(items, TargetItem(key, t.subject, entry, t.unit, entry.category if entry else None,
                               ORIGIN_PROSE, None, target, baseline, _direction(entry, None), t.source.line, series,
                               base, _related(entry, t.subject, catalog)))
    return _numbered(items)


def target_key(entry: CatalogEntry | None, origin: str, name: str, year: int | None) -> str:
    """A target's stable key: “<catalog id>｜2025”, outside the catalog “指标表｜<name>｜2025” or
    “正文｜<subject｜unit>｜2025” (a second target on the same gets “｜2”, see `_numbered`)."""
    what = entry.id if entry is not None else f"{origin}｜{name}"
    return f"{what}｜{year or ''}"


def _numbered(items: list[TargetItem]) -> list[TargetItem]:
    """Equal keys told apart by their ordinal among equals, in plan order (“…｜2025｜2”)."""
    seen: Counter[str] = Counter()
    out = []
    for item in items:
        seen[item.key] += 1
        n = seen[item.key]
        out.append(item if n == 1 else dataclasses.replace(item, key=f"{item.key}｜{n}"))
    return out


def _related(entry: CatalogEntry | None, subject: str, catalog: Catalog) -> CatalogEntry | None:
    """The catalog indicator a target's subject names when its unit kept it from linking."""
    return catalog.match(subject) if entry is None else None


def _with_year(target: Target, plan: Plan) -> Target:
    if target.year is not None or plan.end_year is None:
        return target
    return dataclasses.replace(target, year=plan.end_year)


def _baseline(base: int | None, printed: float | None, series: str | None,
              history: Mapping[str, Mapping[int, float]]) -> Point | None:
    if base is None:
        return None
    if printed is not None:
        return Point(base, float(printed))
    observed = history.get(series, {}).get(base) if series else None
    return Point(base, observed) if observed is not None else None


def _direction(entry: CatalogEntry | None, printed: Direction | None) -> Direction:
    if entry is not None:
        return entry.direction
    return printed or Direction.UP


def _who(item: TargetItem) -> str:
    return item.entry.id if item.entry else natural_text(item.name)


def _add(items: list[TargetItem], item: TargetItem) -> None:
    """Keep the first of the statements of one commitment; the others become its second sources."""
    key = commitment_key(_who(item), item.target)
    for n, known in enumerate(items):
        if commitment_key(_who(known), known.target) == key and same_commitment(known.target, item.target):
            if item.line is not None and item.line != known.line and item.line not in known.also_stated_at:
                items[n] = dataclasses.replace(known, also_stated_at=(*known.also_stated_at, item.line))
            return
    items.append(item)


def assess_item(item: TargetItem, history: Mapping[str, Mapping[int, float]], *, year: int) -> TargetResult:
    """One target assessed at the end of `year`."""
    return item_assessment(item, history, year=year)[0]


def item_assessment(item: TargetItem, history: Mapping[str, Mapping[int, float]], *,
                    year: int) -> tuple[TargetResult, Assessment]:
    """The target's result and the full assessment behind it (with its trajectory)."""
    observed = history.get(item.series, {}) if item.series else {}
    if item.entry is None and item.series is not None:
        item = _reported_item(item, observed, year)
    if item.entry is None and not any(y <= year for y in observed):
        a = unmonitored(item.target, measure=_measure(item), unit=item.unit)
        return _result(item, a), a
    a = assess_target(target=item.target, baseline=item.baseline, observations=observed,
                      direction=item.direction, shape=item_shape(item),
                      binding=item.attribute is Attribute.BINDING, as_of=year, bounds=item_bounds(item),
                      base_year=item.base_year if item.entry is not None else None,
                      scale=item.entry is not None and item.entry.nature == SCALE_NATURE,
                      unit=item.unit)
    return _result(item, a), a


def _measure(item: TargetItem) -> str:
    """What data would measure a target outside the catalog (the sentence after 未纳入监测)."""
    subject = f"“{item.name}”"
    if item.related is not None:
        return (f"其主题即指标目录中的“{item.related.name}”（单位{item.related.unit or '无'}），"
                f"可按该指标在年度数据采集表中填报后纳入监测。")
    if item.series is not None:
        return f"需在年度数据采集表“文中目标”页逐年填报{subject}的数值后纳入监测。"
    return f"需先将{subject}对应到指标目录中的指标，再在年度数据采集表中逐年填报。"


def _reported_item(item: TargetItem, observed: Mapping[int, float], year: int) -> TargetItem:
    """A reported prose target with its baseline (else the first observed year) and its direction.

    The first observed year serves as the baseline only when a later year is observed too: a
    single figure is then judged by whether it meets the target, as without a baseline.
    """
    baseline = item.baseline
    if baseline is None:
        years = sorted(y for y in observed if y <= year and (item.target.year is None or y < item.target.year))
        later = [y for y in observed if years and years[0] < y <= year]
        if later:
            baseline = Point(years[0], float(observed[years[0]]))
    return dataclasses.replace(item, baseline=baseline, direction=_movement(item.target, baseline))


def _movement(target: Target, baseline: Point | None) -> Direction:
    """The direction of a target outside the catalog: the sign of target − baseline, else its operator."""
    if baseline is not None and target.value is not None:
        high = target.value_max if target.op is Op.RANGE and target.value_max is not None else target.value
        if baseline.value < target.value:
            return Direction.UP
        if baseline.value > high:
            return Direction.DOWN
    return Direction.DOWN if target.op in (Op.LE, Op.LT) else Direction.UP


def item_shape(item: TargetItem) -> Shape:
    """The trajectory: the catalog's; outside it linear for rates and years, compound for counts."""
    if item.entry is not None or item.series is None:
        return shape_for(item.entry)
    return Shape.LINEAR if item.unit in _LINEAR_UNITS else Shape.COMPOUND


def item_bounds(item: TargetItem) -> Bounds:
    """The values a target's indicator can take (outside the catalog: ≥0 for counts, else open)."""
    if item.entry is not None:
        return bounds_for(item.entry)
    return Bounds(low=0.0, high=None) if item.unit in NON_NEGATIVE_UNITS else UNBOUNDED


def _result(item: TargetItem, a: Assessment) -> TargetResult:
    t, f = item.target, a.forecast
    reason = a.reason
    baseline = item.baseline or a.baseline
    return TargetResult(
        key=item.key, name=item.name, indicator_id=item.entry.id if item.entry else None, unit=item.unit,
        category=item.category, origin=item.origin,
        attribute=ATTRIBUTE_LABELS[item.attribute] if item.attribute else None,
        binding=item.attribute is Attribute.BINDING, target=target_text(t.op, t.value, t.value_max),
        target_year=t.year, baseline_year=baseline.year if baseline else None,
        baseline=baseline.value if baseline else None, latest_year=a.latest_year,
        latest_value=a.latest_value, expected=a.expected, gap=a.gap, ratio=a.ratio, status=a.status,
        likelihood=a.likelihood, forecast=f.value if f else None, forecast_low=f.low if f else None,
        forecast_high=f.high if f else None, flagged=a.flagged, alert=a.alert, reason=reason, line=item.line,
        also_stated_at=item.also_stated_at,
    )


def history_of(observations: Iterable[Observation], *, region: str) -> dict[str, dict[int, float]]:
    """The region's observations as {catalog id or “target:<key>”: {year: value}}."""
    out: dict[str, dict[int, float]] = {}
    for o in observations:
        if o.region == region:
            out.setdefault(o.indicator, {})[o.year] = o.value
    return out


def assess_plan(plan: Plan, catalog: Catalog, observations: Iterable[Observation], *, year: int) -> list[TargetResult]:
    """Every target of the plan assessed from the region's observations up to `year`."""
    history = history_of(observations, region=plan.region)
    return [assess_item(item, history, year=year) for item in plan_targets(plan, catalog, history)]


# ---------------------------------------------------------------- funding


def check_funding(records: Iterable[FinanceRecord], *, up_to_year: int,
                  training_min_share: float | None = None) -> list[FundingResult]:
    """两个只增不减 (budget, and per student by stage), salary parity and training spend."""
    recs = sorted((r for r in records if r.year <= up_to_year), key=lambda r: r.year)
    rules = [not_decreasing(_series(recs, lambda r: r.budget), code="budget-not-decreasing",
                            title="一般公共预算教育支出只增不减", unit="万元")]
    for stage in sorted({s for r in recs for s in r.per_student}):
        rules.append(not_decreasing(_series(recs, lambda r, s=stage: r.per_student.get(s)),
                                    code=f"per-student-not-decreasing.{stage}",
                                    title=f"{stage}生均一般公共预算教育支出只增不减", unit="元"))
    rules.append(teacher_salary_parity(teacher=_series(recs, lambda r: r.teacher_salary),
                                       civil_servant=_series(recs, lambda r: r.civil_servant_salary)))
    rules.append(training_spend_share(training=_series(recs, lambda r: r.training_spend),
                                      payroll=_series(recs, lambda r: r.payroll), min_share=training_min_share))
    return [_funding(r) for r in rules]


def _series(records: Sequence[FinanceRecord], pick: Any) -> dict[int, float]:
    return {r.year: float(v) for r in records if (v := pick(r)) is not None}


def _funding(rule: RuleResult) -> FundingResult:
    verdict = "无法判断" if rule.passed is None else "达标" if rule.passed else "未达标"
    checks = [FundingCheck(c.year, c.passed, dict(c.figures)) for c in rule.checks]
    return FundingResult(rule.code, rule.title, rule.passed, verdict, rule.message, checks)


# ---------------------------------------------------------------- the payload


@dataclass(frozen=True)
class EvaluationInputs:
    """What an evaluation reads, all already loaded."""

    plan: Plan
    catalog: Catalog
    observations: Sequence[Observation] = ()
    task_reports: Sequence[TaskReport] = ()
    project_reports: Sequence[ProjectReport] = ()
    finance: Sequence[FinanceRecord] = ()


def build_evaluation(inputs: EvaluationInputs, *, kind: EvaluationKind, year: int,
                     window_days: int = DUE_SOON_DAYS, training_min_share: float | None = None) -> EvaluationPayload:
    """The evaluation of the plan at 31 December of `year`."""
    plan, as_of = inputs.plan, dt.date(year, 12, 31)
    default_deadline = dt.date(plan.end_year, 12, 31) if plan.end_year else None
    targets = assess_plan(plan, inputs.catalog, inputs.observations, year=year)
    tasks = track_tasks(plan.tasks, [r for r in inputs.task_reports if r.region == plan.region], today=as_of,
                        window_days=window_days, default_deadline=default_deadline)
    projects = track_projects(plan.projects, [r for r in inputs.project_reports if r.region == plan.region],
                              as_of_year=year)
    funding = check_funding([r for r in inputs.finance if r.region == plan.region], up_to_year=year,
                            training_min_share=training_min_share)
    findings = [FindingItem(f.kind, finding_title(f.kind), f.message, f.severity, list(f.lines)) for f in plan.findings]
    return EvaluationPayload(
        region=plan.region, plan_title=plan.title, plan_period=plan.period, kind=EvaluationKind(kind),
        kind_label=KIND_LABELS[EvaluationKind(kind)], year=year, as_of=as_of,
        summary=_summary(targets, tasks, projects, funding, findings), targets=targets, tasks=tasks,
        units=summarize_units(tasks), projects=projects, places=places_by_year(projects, as_of_year=year),
        funding=funding, findings=findings, window_days=window_days, training_min_share=training_min_share,
        simulated=simulated_parts(
            observations=[o for o in inputs.observations if o.region == plan.region],
            task_reports=[r for r in inputs.task_reports if r.region == plan.region],
            project_reports=[r for r in inputs.project_reports if r.region == plan.region],
            finance=[r for r in inputs.finance if r.region == plan.region], up_to_year=year),
    )


def _count(labels: Iterable[str], order: Iterable[str]) -> dict[str, int]:
    found = list(labels)
    return {label: found.count(label) for label in order}


def _summary(targets: Sequence[TargetResult], tasks: Sequence[TaskStatus], projects: Sequence[ProjectTracking],
             funding: Sequence[FundingResult], findings: Sequence[FindingItem]) -> Summary:
    return Summary(
        targets=len(targets), by_status=_count((t.status.value for t in targets), (s.value for s in Status)),
        flagged=sum(1 for t in targets if t.flagged),
        tasks_by_state=_count((t.state.value for t in tasks), (s.value for s in DeadlineState)),
        projects_by_schedule=_count((p.schedule.value for p in projects), (s.value for s in Schedule)),
        funding=_count((f.verdict for f in funding), ("达标", "未达标", "无法判断")),
        findings=len(findings),
    )
