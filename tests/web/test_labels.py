"""The templates' labels: a target printed as its raw text, else in core's one spelling."""

from __future__ import annotations

import pytest

from eduplan.core.numbers import target_text as core_target_text
from eduplan.core.plan import Op, Target
from eduplan.web.labels import target_text


@pytest.mark.parametrize(("op", "value", "value_max"), [
    (Op.GE, 93.0, None), (Op.EQ, 100.0, None), (Op.RANGE, 10.0, 12.0), (Op.LT, 0.5, None),
])
def test_a_target_without_its_raw_text_is_written_as_core_writes_it(op: Op, value: float, value_max: float | None) -> None:
    expected = core_target_text(op, value, value_max)
    assert target_text({"op": op.value, "value": value, "value_max": value_max}) == expected
    assert target_text(Target(op, value, value_max)) == expected


def test_the_raw_text_wins_and_nothing_is_invented() -> None:
    assert target_text({"op": ">=", "value": 93, "raw": "93%以上"}) == "93%以上"
    assert target_text({"op": "=", "value": 100.0}) == "100"
    assert target_text({"op": "range", "value": 4, "value_max": 5}) == "4～5"
    assert target_text({"op": "?", "value": 7.0}) == "7"
    assert target_text({"op": ">=", "value": None}) == ""
    assert target_text(None) == ""
