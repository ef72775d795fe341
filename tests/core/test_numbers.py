"""The one number parser: numbers in cells and prose, and target cells."""

from __future__ import annotations

import pytest

from eduplan.core.numbers import (
    as_int_or_float,
    chinese_to_number,
    normalize_text,
    parse_number,
    parse_target,
    target_text,
)
from eduplan.core.plan import Op


@pytest.mark.parametrize(("text", "value"), [
    ("91.2", 91.2), ("１５", 15), ("1,200", 1200), ("十五", 15), ("91.2%", 91.2), ("-0.4", -0.4),
    ("+0.5", 0.5), ("\u22120.4", -0.4), ("３万", 30000), ("两", 2), (" 7 ", 7),
])
def test_parse_number_reads_one_number(text: str, value: float) -> None:
    assert parse_number(text) == value


@pytest.mark.parametrize("text", [None, "", "+", "逐年提高", "3.5 4.0", "一二"])
def test_parse_number_refuses_what_is_not_one_number(text: str | None) -> None:
    assert parse_number(text) is None


@pytest.mark.parametrize(("text", "value"), [("一千二百", 1200), ("两万", 20000), ("三点五", 3.5), ("零", 0)])
def test_chinese_numerals(text: str, value: float) -> None:
    assert chinese_to_number(text) == value


@pytest.mark.parametrize(("raw", "op", "value", "value_max"), [
    ("≥93", Op.GE, 93, None), (">98", Op.GT, 98, None), ("＞98", Op.GT, 98, None), ("95以上", Op.GE, 95, None),
    ("超过60", Op.GT, 60, None), ("不低于90", Op.GE, 90, None), ("不少于12", Op.GE, 12, None),
    ("保持100%", Op.EQ, 100, None), ("4—5", Op.RANGE, 4, 5), ("8~10", Op.RANGE, 8, 10), ("3-5", Op.RANGE, 3, 5),
    ("≤12", Op.LE, 12, None), ("99.0", Op.EQ, 99, None), (">99.5%", Op.GT, 99.5, None),
    ("5400余", Op.GT, 5400, None), ("5000多个", Op.GT, 5000, None), ("约5000", Op.EQ, 5000, None),
    ("近5000", Op.EQ, 5000, None), ("12.3年以上", Op.GE, 12.3, None), ("11.4年", Op.EQ, 11.4, None),
    ("1500个", Op.EQ, 1500, None),
])
def test_parse_target(raw: str, op: Op, value: float, value_max: float | None) -> None:
    target = parse_target(raw, year=2025)
    assert target is not None
    assert (target.op, target.value, target.value_max, target.year, target.raw) == (op, value, value_max, 2025, raw)


@pytest.mark.parametrize("raw", [None, "", "逐年提高", "一批"])
def test_parse_target_invents_no_number(raw: str | None) -> None:
    assert parse_target(raw) is None


def test_normalize_text_folds_digits_but_keeps_chinese_punctuation() -> None:
    assert normalize_text("１５％，（万人）") == "15%，（万人）"


def test_as_int_or_float() -> None:
    assert as_int_or_float(15.0) == 15 and isinstance(as_int_or_float(15.0), int)
    assert as_int_or_float(2.5) == 2.5 and as_int_or_float(None) is None


@pytest.mark.parametrize(("op", "value", "value_max", "text"), [
    (Op.GE, 95.0, None, "≥95"), (Op.GT, 99.5, None, ">99.5"), (Op.LE, 12.0, None, "≤12"), (Op.LT, 5.0, None, "<5"),
    (Op.EQ, 100.0, None, "100"), (Op.EQ, 0.0, None, "0"), (Op.RANGE, 4.0, 5.0, "4～5"),
    (Op.RANGE, 93.0, 95.25, "93～95.25"), (Op.GE, 2.0 / 3.0, None, "≥0.667"),
])
def test_target_text_is_the_one_spelling_of_a_target(op: Op, value: float, value_max: float | None, text: str) -> None:
    assert target_text(op, value, value_max) == text


@pytest.mark.parametrize(("op", "value", "value_max"), [
    (Op.GE, 93.0, None), (Op.GT, 98.0, None), (Op.LE, 12.0, None), (Op.LT, 3.0, None), (Op.EQ, 100.0, None),
    (Op.RANGE, 4.0, 5.0), (Op.RANGE, 8.5, 10.0),
])
def test_target_text_reads_back_as_the_same_target(op: Op, value: float, value_max: float | None) -> None:
    target = parse_target(target_text(op, value, value_max))
    assert target is not None
    assert (target.op, target.value, target.value_max) == (op, value, value_max)
