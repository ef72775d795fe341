"""`to_json`, the payload's fast converter, against `jsonable` (its oracle) on generated values."""

from __future__ import annotations

import datetime as dt
import enum
import json
import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from eduplan.core.evaluation.build import EvaluationInputs, build_evaluation
from eduplan.core.evaluation.payload import FindingItem, FundingCheck, jsonable, to_json
from eduplan.core.plan import EvaluationKind
from eduplan.core.progress.forecast import Likelihood
from eduplan.core.progress.rules import Status
from tests.core.test_evaluation import _inputs


class Plain(enum.Enum):
    A = 1
    B = "b"


class Level(enum.IntEnum):
    LOW = 1


@dataclass
class Inner:
    a: Any
    b: Any = None


@dataclass
class Outer(Inner):  # a subclass of a dataclass: its own fields, in order
    c: list[Any] = field(default_factory=list)


@dataclass
class Empty:
    pass


@dataclass
class One:
    x: Any


def _same(a: object, b: object) -> bool:
    """Equal and of the same JSON types all the way down (1, 1.0 and True are told apart)."""
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return list(a) == list(b) and all(_same(a[k], b[k]) for k in a)  # type: ignore[index]
    if isinstance(a, list):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b))  # type: ignore[arg-type]
    if isinstance(a, float):
        return math.copysign(1, a) == math.copysign(1, b) and a == b  # type: ignore[arg-type]
    return a == b


atoms = st.one_of(
    st.none(), st.booleans(), st.integers(), st.text(max_size=5),
    st.floats(allow_nan=True, allow_infinity=True), st.sampled_from([math.nan, math.inf, -math.inf, -0.0, 0.0]),
    st.floats(allow_nan=True).map(np.float64), st.sampled_from(list(Status) + list(Likelihood) + list(EvaluationKind)
                                                                + list(Plain) + list(Level)),
    st.dates(), st.datetimes(), st.just(Level.LOW))
keys = st.one_of(st.text(max_size=3), st.integers(), st.sampled_from(list(Status)), st.just(Level.LOW))
values = st.recursive(atoms, lambda inner: st.one_of(
    st.lists(inner, max_size=4), st.lists(inner, max_size=3).map(tuple), st.dictionaries(keys, inner, max_size=3),
    st.builds(Inner, inner, inner), st.builds(One, inner), st.just(Empty()), st.builds(Outer, inner, inner, st.lists(inner, max_size=2)),
    st.builds(FundingCheck, st.integers(2000, 2030), st.sampled_from([True, False, None]),
              st.dictionaries(st.text(max_size=3), st.floats(allow_nan=True), max_size=3)),
    st.builds(FindingItem, st.text(max_size=3), st.text(max_size=3), st.text(max_size=3), st.text(max_size=3),
              st.lists(st.integers(), max_size=3))), max_leaves=20)


@settings(max_examples=400, deadline=None)
@given(values)
def test_to_json_is_jsonable_on_generated_values(value: object) -> None:
    assert _same(to_json(value), jsonable(value))


def test_edge_values() -> None:
    for value in ([], {}, (), "", None, [math.nan], {"x": (math.inf, -math.inf)}, Inner(math.nan),
                  {1: dt.date(2024, 12, 31), Status.ON_TRACK: dt.datetime(2024, 1, 1, 8, tzinfo=dt.UTC)},
                  Outer([], {}, [()]), Empty(), One(One(math.inf)), np.float64(math.nan), np.float64(2.5), [True, 1, 1.0]):
        assert _same(to_json(value), jsonable(value)), value


def test_a_built_payload_is_the_same_as_jsonable_gives() -> None:
    for observed in ((), (("preschool_rate", 2023, 91.0),), (("preschool_rate", 2023, math.nan),),
                     (("preschool_rate", 2021, 90.0), ("preschool_rate", 2023, 91.0), ("dropout", 2023, 0.0))):
        inputs: EvaluationInputs = _inputs(*observed)
        for kind in EvaluationKind:
            payload = build_evaluation(inputs, kind=kind, year=2023, training_min_share=0.015)
            fast = payload.to_dict()
            assert _same(fast, jsonable(payload))
            assert json.dumps(fast, ensure_ascii=False) == json.dumps(jsonable(payload), ensure_ascii=False)

