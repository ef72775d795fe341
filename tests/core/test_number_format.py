"""The one number formatter and the one value text of change lists."""

from __future__ import annotations

import math

import pytest

from eduplan.core.numbers import format_number, value_text


@pytest.mark.parametrize(("value", "kwargs", "expected"), [
    (15.0, {}, "15"),
    (0.1 + 0.2, {}, "0.3"),
    (-0.0, {}, "0"),
    (-0.0001, {"digits": 3}, "0"),
    (99.93, {"digits": 3}, "99.93"),
    (2.0 / 3.0, {"digits": 2}, "0.67"),
    (12345.5, {"thousands": True}, "12,345.5"),
    (2000.0, {"thousands": True}, "2,000"),
    (None, {}, "—"),
    (math.nan, {}, "—"),
    (math.inf, {"none": "无"}, "无"),
])
def test_numbers_read_as_written_without_needless_decimals(value, kwargs, expected) -> None:
    assert format_number(value, **kwargs) == expected


def test_change_lists_show_empty_values_and_lists_in_words() -> None:
    assert value_text(None) == "（空）"
    assert value_text("") == "（空）"
    assert value_text(93.0) == "93"
    assert value_text([1.0, 2.5]) == "1、2.5"
    assert value_text([]) == "（空）"
    assert value_text("区教委") == "区教委"
