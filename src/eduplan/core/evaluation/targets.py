"""The targets of an evaluation (评估): which are assessed, their keys, baselines and results.

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
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from eduplan.core.catalog import Catalog
from eduplan.core.evaluation.payload import TargetResult
from eduplan.core.evaluation.reported import prose_entry, prose_target_key, target_series, with_plan_year
from eduplan.core.frozen import made
from eduplan.core.numbers import target_text
from eduplan.core.plan import Attribute, CatalogEntry, Direction, Observation, Op, Plan, Target, natural_text
from eduplan.core.progress.assess import Assessment, assess_target, unmonitored
from eduplan.core.progress.forecast import UNBOUNDED, Bounds
from eduplan.core.progress.monitored import commitment_key, same_commitment
from eduplan.core.progress.rules import NON_NEGATIVE_UNITS, SCALE_NATURE, Point, Shape, bounds_for, shape_for

ATTRIBUTE_LABELS = {Attribute.BINDING: "约束性", Attribute.EXPECTED: "预期性"}
ORIGIN_TABLE, ORIGIN_PROSE = "指标表", "正文"
_LINEAR_UNITS = frozenset({"%", "‰", "百分比", "个百分点", "年", "岁"})


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
    kept: dict[object, list[int]] = {}
    printed: dict[str, float] = {}
    for ind in plan.indicators:
        entry = catalog.get(ind.catalog_id) if ind.catalog_id else catalog.match_indicator(ind)
        value = ind.values.get(str(base)) if base is not None else None
        if entry is not None and value is not None:
            printed.setdefault(entry.id, float(value))
        if ind.target is None:
            continue
        target = with_plan_year(ind.target, plan)
        baseline = _baseline(base, value, entry.id if entry else None, history)
        name = f"{ind.parent}·{ind.name}" if ind.parent else ind.name
        key = target_key(entry, ORIGIN_TABLE, natural_text(name), target.year)
        _add(items, kept, made(
            TargetItem, key=key, name=ind.name, entry=entry, unit=ind.unit or (entry.unit if entry else None),
            category=ind.category, origin=ORIGIN_TABLE, attribute=ind.attribute, target=target, baseline=baseline,
            direction=_direction(entry, ind.direction), line=ind.source.line, series=entry.id if entry else None,
            base_year=base, related=_related(entry, ind.name, catalog), also_stated_at=()))
    for t in plan.targets:
        entry = prose_entry(t, catalog)
        target = with_plan_year(Target(op=t.op, value=t.value, value_max=t.value_max, year=t.year), plan)
        subject = prose_target_key(t.subject, t.unit)
        series = entry.id if entry else target_series(subject) if t.value is not None else None
        baseline = _baseline(base, printed.get(entry.id) if entry else None, series, history)
        key = target_key(entry, ORIGIN_PROSE, subject, target.year)
        _add(items, kept, made(
            TargetItem, key=key, name=t.subject, entry=entry, unit=t.unit,
            category=entry.category if entry else None, origin=ORIGIN_PROSE, attribute=None, target=target,
            baseline=baseline, direction=_direction(entry, None), line=t.source.line, series=series, base_year=base,
            related=_related(entry, t.subject, catalog), also_stated_at=()))
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


def _add(items: list[TargetItem], kept: dict[object, list[int]], item: TargetItem) -> None:
    """Keep the first of the statements of one commitment; the others become its second sources.
    `kept` indexes `items` by commitment key (each key computed once: a plan states ~90 targets)."""
    key = commitment_key(_who(item), item.target)
    for n in kept.get(key, ()):
        known = items[n]
        if same_commitment(known.target, item.target):
            if item.line is not None and item.line != known.line and item.line not in known.also_stated_at:
                items[n] = dataclasses.replace(known, also_stated_at=(*known.also_stated_at, item.line))
            return
    kept.setdefault(key, []).append(len(items))
    items.append(item)


def assess_item(item: TargetItem, history: Mapping[str, Mapping[int, float]], *, year: int) -> TargetResult:
    """One target assessed at the end of `year`."""
    return item_assessment(item, history, year=year)[0]


def item_assessment(item: TargetItem, history: Mapping[str, Mapping[int, float]], *,
                    year: int) -> tuple[TargetResult, Assessment]:
    """The target's result and the full assessment behind it (with its trajectory)."""
    observed = history.get(item.series, {}) if item.series else {}
    if item.entry is None and not any(y <= year for y in observed):  # (no baseline to find either)
        a = unmonitored(item.target, measure=_measure(item), unit=item.unit)
        return _result(item, a), a
    if item.entry is None and item.series is not None:
        item = _reported_item(item, observed, year)
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
    return made(
        TargetResult, key=item.key, name=item.name, indicator_id=item.entry.id if item.entry else None, unit=item.unit,
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
