"""The evaluation payload (评估结果): what `build_evaluation` (in `build.py`) finds, typed.

Every target, task, project, funding rule and finding of a plan at a year, with the options it
ran with and which sections were 模拟数据. `EvaluationPayload.to_dict` is the stored JSON form and
`EvaluationPayload.from_dict` reads it back, typed, whichever version stored it:

- version 1 (stored until `payload_version` was added): a `format` key, 1; `simulated` missing
  when stored before the payload recorded it (read as None: not recorded);
- version 2: `payload_version`, 2; every key known, none missing without a default.

A newer version than this code knows, or a malformed payload, is refused with the field's path.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import math
import operator
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from eduplan.core.errors import InputError, Location
from eduplan.core.evaluation.typed import read_dataclass
from eduplan.core.plan import EvaluationKind
from eduplan.core.progress.forecast import Likelihood
from eduplan.core.progress.rules import Status
from eduplan.core.simulated import SimulatedParts
from eduplan.core.tracking.projects import PlacesYear, ProjectTracking
from eduplan.core.tracking.tasks import DUE_SOON_DAYS, TaskStatus, UnitSummary

PAYLOAD_VERSION = 2  # see the module's docstring for what each version stored
KIND_LABELS = {EvaluationKind.ANNUAL: "年度评估", EvaluationKind.MIDTERM: "中期评估",
               EvaluationKind.FINAL: "总结评估", EvaluationKind.SPECIAL: "专项评估"}


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
    payload_version: int = PAYLOAD_VERSION
    # 模拟数据, section by section; None: stored before the payload recorded it
    simulated: SimulatedParts | None = field(default_factory=SimulatedParts)

    def to_dict(self) -> dict[str, Any]:
        """The payload as JSON-ready values: string keys, ISO dates, enum values, no NaN."""
        result = to_json(self)
        assert isinstance(result, dict)
        return result

    @classmethod
    def from_dict(cls, data: object, *, source: str = "评估结果") -> EvaluationPayload:
        """A stored payload (its JSON form, of any version) as the current typed payload;
        `InputError` naming the field for a malformed one (`source` says where it was read)."""
        if not isinstance(data, Mapping):
            raise InputError(f"应为对象（{{…}}），实际为 {type(data).__name__}", location=Location(file=source))
        version = data.get("payload_version", 1)  # version 1 had no such key
        if isinstance(version, bool) or not isinstance(version, int) or version < 1:
            raise InputError(f"版本应为正整数，实际为 {version!r}", location=Location(file=source, field="payload_version"))
        if version > PAYLOAD_VERSION:
            raise InputError(f"版本 {version} 比本程序能读的版本 {PAYLOAD_VERSION} 新，请升级 eduplan",
                             location=Location(file=source, field="payload_version"))
        current = dict(data)
        if version == 1:
            current.pop("format", None)
        current.setdefault("simulated", None)  # not recorded (stored before the flag): answered from the data
        current["payload_version"] = PAYLOAD_VERSION
        return read_dataclass(cls, current, strict=version == PAYLOAD_VERSION, file=source)


_ATOMS = frozenset({str, int, bool, type(None)})
_Convert = Callable[[Any], object]


def to_json(value: object) -> object:
    """`jsonable(value)`, faster: each type's conversion chosen once (`_converter`: a dataclass's
    fields and a getter of their values, an enum's value, a date's ISO text …); text, integers and
    None kept without a call. `jsonable` is its oracle (tests/core/test_evaluation_json.py)."""
    kind = type(value)
    if kind in _ATOMS:
        return value
    if kind is float:
        return value if math.isfinite(value) else None  # type: ignore[arg-type]
    convert = _CONVERTERS.get(kind)
    if convert is None:
        convert = _CONVERTERS[kind] = _converter(kind)
    return convert(value)


def _list(value: list[Any] | tuple[Any, ...]) -> list[object]:
    return [v if type(v) in _ATOMS else to_json(v) for v in value]


def _dict(value: dict[Any, Any]) -> dict[str, object]:
    return {str(k): v if type(v) in _ATOMS else to_json(v) for k, v in value.items()}


def _converter(kind: type) -> _Convert:
    """How `jsonable` converts a value of this type, its questions asked once, in its order."""
    if dataclasses.is_dataclass(kind) and kind is not type:
        names = tuple(f.name for f in dataclasses.fields(kind))
        values = _getter(names)
        return lambda v: {n: x if type(x) in _ATOMS else to_json(x) for n, x in zip(names, values(v))}
    if kind is list or kind is tuple:
        return _list
    if kind is dict:
        return _dict
    if issubclass(kind, (Mapping, list, tuple)):
        return jsonable
    if issubclass(kind, enum.Enum):
        return operator.attrgetter("value")
    if issubclass(kind, dt.date):  # a datetime too
        return _iso
    return jsonable


def _getter(names: tuple[str, ...]) -> Callable[[Any], tuple[Any, ...]]:
    """The named attributes of a value as a tuple (`attrgetter` gives a bare value for one name)."""
    if len(names) > 1:
        return operator.attrgetter(*names)
    return lambda v: tuple(getattr(v, n) for n in names)


def _iso(value: dt.date) -> str:
    return value.isoformat()


_CONVERTERS: dict[type, _Convert] = {}


def jsonable(value: object) -> object:
    """A value in the form JSON gives back: dataclasses and mappings as dicts with string keys
    (`to_json` is the same, faster; this is its oracle, tests/core/evaluation_payload_json_test)."""
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
