"""How the stored JSON columns are written and read: orjson (compact UTF-8, written in Rust), about
five times faster than the standard library either way. What it writes reads back as what
`json.dumps` wrote: keys as text, tuples as lists, enums by value, dates in ISO form; NaN and
infinities, which are not JSON (and which PostgreSQL refuses), are written as null. Text written
by `json.dumps` — NaN included, as an older version on SQLite may have stored it — still reads.
"""

from __future__ import annotations

import json
from typing import Any

import orjson

from eduplan.core.evaluation.payload import to_json

_OPTIONS = orjson.OPT_NON_STR_KEYS | orjson.OPT_SERIALIZE_NUMPY


def _default(value: Any) -> Any:
    """What orjson leaves to the caller and `json.dumps` wrote: subclasses of float and int as numbers."""
    if isinstance(value, float):
        return float(value)
    if isinstance(value, int):
        return int(value)
    raise TypeError(f"Object of type {type(value).__name__} is not JSON serializable")


def dumps(value: Any) -> str:
    """The value as JSON text (what the engines write into a JSON column)."""
    return orjson.dumps(value, default=_default, option=_OPTIONS).decode()


def json_form(value: object) -> Any:
    """What a JSON column gives back of the value (an evaluation's payload: its dataclasses, enums,
    dates, NumPy numbers): the value written as JSON text and read back, both in Rust — about 1.6×
    `core.evaluation.payload.to_json`, whose answer it is for what payloads hold (text, integer
    and text-enum keys; tests/store/test_json_codec.py, against `jsonable`). A value orjson
    refuses (an integer beyond 64 bits) goes through `to_json`."""
    try:
        return orjson.loads(orjson.dumps(value, default=_default, option=_OPTIONS))
    except (orjson.JSONEncodeError, TypeError):
        return to_json(value)


def loads(text: str | bytes) -> Any:
    """The JSON text's value; text orjson refuses (NaN, Infinity) read as `json.loads` reads it."""
    try:
        return orjson.loads(text)
    except orjson.JSONDecodeError:
        return json.loads(text)
