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
    (0.5, {"digits": 2, "fixed": True}, "0.50"),
    (1234.0, {"digits": 0, "thousands": True, "fixed": True}, "1,234"),
    (-0.3, {"digits": 0, "fixed": True}, "0"),
    (0.9531, {"digits": 1, "fixed": True, "percent": True}, "95.3%"),
    (0.25, {"percent": True}, "25%"),
    (None, {"percent": True}, "—"),
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


def test_the_former_formatters_are_uses_of_the_one_formatter() -> None:
    """A reason's number (three decimals), a change list's value and a review's field read as before."""
    from eduplan.core.progress.reasons import Words
    from eduplan.store.changes import describe_changes

    assert Words("%").q(99.56789) == "99.568%" and Words(None).q(15.0) == "15" and Words("%").q(None) == "—"
    lines = describe_changes("指标", "学前三年毛入园率", {"target_value": (93.0, 95.5), "unit": (None, "%"),
                                                   "lead_units": (["区教委"], ["区教委", "区财政局"])},
                             new_fields={"target_year": 2025})
    assert lines == ["指标“学前三年毛入园率”：2025 目标 93 → 95.5", "指标“学前三年毛入园率”：单位 （空） → %",
                     "指标“学前三年毛入园率”：牵头单位 区教委 → 区教委、区财政局"]
