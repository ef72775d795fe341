"""The JSON columns' codec (orjson) reads back what the standard library's json wrote and read."""

from __future__ import annotations

import datetime as dt
import enum
import json
import math
import sqlite3

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import text

from eduplan.core.plan import Evaluation, EvaluationKind
from eduplan.store import json_codec
from eduplan.store.db import make_engine, make_session_factory
from eduplan.store.records import load_evaluations, save_evaluation

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
