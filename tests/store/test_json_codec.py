"""The JSON columns' codec (orjson) reads back what the standard library's json wrote and read, and
`json_form` (a payload written and read back) is `jsonable`'s answer."""

from __future__ import annotations

import datetime as dt
import enum
import json
import math
import sqlite3

import numpy as np
import orjson
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import text

from eduplan.core.evaluation.build import build_evaluation
from eduplan.core.evaluation.payload import jsonable
from eduplan.core.plan import Evaluation, EvaluationKind
from eduplan.core.progress.forecast import Likelihood
from eduplan.core.progress.rules import Status
from eduplan.store import json_codec
from eduplan.store.db import make_engine, make_session_factory
from eduplan.store.records import load_evaluations, save_evaluation
from tests.core.test_evaluation import _inputs
from tests.core.test_evaluation_json import Empty, Inner, Level, One, Outer, Plain, _same

_ATOMS = st.none() | st.booleans() | st.integers(-(2**63), 2**63 - 1) | st.text() | st.floats(allow_nan=False,
                                                                                             allow_infinity=False)
_VALUES = st.recursive(_ATOMS, lambda inner: st.lists(inner, max_size=5) | st.tuples(inner, inner)
                       | st.dictionaries(st.text() | st.integers(-1000, 1000), inner, max_size=5), max_leaves=30)


@settings(max_examples=300, deadline=None)
@given(_VALUES)
def test_what_it_writes_reads_back_as_the_standard_librarys_round_trip(value: object) -> None:
    expected = json.loads(json.dumps(value))
    assert json_codec.loads(json_codec.dumps(value)) == expected
    assert json.loads(json_codec.dumps(value)) == expected  # it is JSON any reader takes
    assert json_codec.loads(json.dumps(value)) == expected


class _Kind(enum.StrEnum):
    ANNUAL = "annual"


def test_nan_and_infinity_are_written_as_null_and_numpy_and_enums_as_their_values() -> None:
    assert json.loads(json_codec.dumps({"a": math.nan, "b": [math.inf, -math.inf]})) == {"a": None, "b": [None, None]}
    assert json.loads(json_codec.dumps({"n": np.float64(1.5), "i": np.int64(3), "k": _Kind.ANNUAL})) == {
        "n": 1.5, "i": 3, "k": "annual"}


def test_text_the_standard_library_wrote_with_nan_still_reads() -> None:
    value = json_codec.loads(json.dumps({"x": math.nan, "y": 1}))
    assert math.isnan(value["x"]) and value["y"] == 1


def test_a_row_an_older_version_stored_with_nan_reads_back_through_the_engine(sqlite_url: str) -> None:
    engine = make_engine(sqlite_url)
    sessions = make_session_factory(engine)
    with sessions() as s:
        save_evaluation(s, Evaluation("涪陵区", EvaluationKind.ANNUAL, 2024, dt.datetime(2025, 1, 2, 3, 4, 5, tzinfo=dt.UTC),
                                      "规划", {"summary": {"targets": 1}}))
        s.commit()
    path = sqlite_url.removeprefix("sqlite:///")
    with sqlite3.connect(path) as raw:  # as json.dumps wrote it, NaN and all
        raw.execute("UPDATE evaluations SET payload = ?", (json.dumps({"summary": {"targets": 1, "ratio": math.nan}}),))
    with sessions() as s:
        [(_, stored)] = load_evaluations(s)
        assert stored.payload["summary"]["targets"] == 1 and math.isnan(stored.payload["summary"]["ratio"])
        stored_text = s.execute(text("SELECT payload FROM evaluations")).scalar_one()
        assert "NaN" in stored_text
    engine.dispose()


@pytest.mark.postgres
def test_large_payloads_are_compressed_with_lz4_on_postgresql(pg_url: str) -> None:
    engine = make_engine(pg_url)
    sessions = make_session_factory(engine)
    payload = {"targets": [{"name": f"目标{n}", "reason": "按当前进度预计可以如期实现" * 5, "n": n} for n in range(2000)]}
    with sessions() as s:
        lz4 = s.execute(text("SELECT 'lz4' = ANY(enumvals) FROM pg_settings "
                             "WHERE name = 'default_toast_compression'")).scalar()
        if not lz4:
            engine.dispose()
            pytest.skip("this PostgreSQL server was built without lz4")
        save_evaluation(s, Evaluation("涪陵区", EvaluationKind.ANNUAL, 2024, plan_title="规划", payload=payload))
        s.commit()
        assert s.execute(text("SELECT pg_column_compression(payload) FROM evaluations")).scalar_one() == "lz4"
        [(_, stored)] = load_evaluations(s)
        assert stored.payload == payload
    engine.dispose()


def _as_json(value: object) -> object:
    return json.loads(json.dumps(value))


json_keys = st.one_of(st.text(max_size=3), st.integers(-(2**63), 2**63 - 1), st.sampled_from(list(Status)),
                      st.just(Level.LOW))
json_atoms = st.one_of(
    st.none(), st.booleans(), st.integers(-(2**63), 2**63 - 1), st.integers(), st.text(max_size=5),
    st.floats(allow_nan=True, allow_infinity=True), st.sampled_from([math.nan, math.inf, -math.inf, -0.0, 0.0]),
    st.floats(allow_nan=True).map(np.float64), st.sampled_from(list(Status) + list(Likelihood) + list(EvaluationKind)
                                                                + list(Plain) + list(Level)),
    st.dates(), st.datetimes(), st.datetimes(timezones=st.just(dt.UTC)))
json_values = st.recursive(json_atoms, lambda inner: st.one_of(
    st.lists(inner, max_size=4), st.lists(inner, max_size=3).map(tuple), st.dictionaries(json_keys, inner, max_size=3),
    st.builds(Inner, inner, inner), st.builds(One, inner), st.just(Empty()),
    st.builds(Outer, inner, inner, st.lists(inner, max_size=2))), max_leaves=20)


@settings(max_examples=400, deadline=None)
@given(json_values)
def test_json_form_is_what_json_gives_back_of_jsonable(value: object) -> None:
    try:
        orjson.dumps(value, option=orjson.OPT_NON_STR_KEYS | orjson.OPT_SERIALIZE_NUMPY)
    except orjson.JSONEncodeError:  # an integer beyond 64 bits: to_json's answer, NumPy numbers kept
        assert _same(json_codec.json_form(value), jsonable(value))
    else:
        assert _same(json_codec.json_form(value), _as_json(jsonable(value)))


def test_json_form_of_a_built_payload_is_jsonable_exactly() -> None:
    for observed in ((), (("preschool_rate", 2023, 91.0),), (("preschool_rate", 2021, 90.0), ("preschool_rate", 2023, 91.0))):
        payload = build_evaluation(_inputs(*observed), kind=EvaluationKind.FINAL, year=2023, training_min_share=0.015)
        assert _same(json_codec.json_form(payload), jsonable(payload))
