"""The document model's number formatting and the narrative helpers."""

from __future__ import annotations

import datetime as dt
import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from eduplan.reports import narrative as say
from eduplan.reports.model import Column, NumberFormat, Table, auto_excel_format, chinese_ordinal, format_number
from eduplan.reports.xlsx import sheet_name


@pytest.mark.parametrize(("value", "fmt", "text"), [
    (12345.0, NumberFormat.AUTO, "12,345"), (2.804, NumberFormat.AUTO, "2.804"), (93.5, NumberFormat.AUTO, "93.5"),
    (2.74177, NumberFormat.AUTO, "2.742"), (2025, NumberFormat.YEAR, "2025"), (1234, NumberFormat.INTEGER, "1,234"),
    (0.9531, NumberFormat.PERCENT, "95.3%"), (0.786, NumberFormat.TWO, "0.79"), (None, NumberFormat.AUTO, "—"),
    (float("nan"), NumberFormat.ONE, "—"), ("≥93", NumberFormat.AUTO, "≥93"),
])
def test_format_number(value: object, fmt: NumberFormat, text: str) -> None:
    assert format_number(value, fmt) == text  # type: ignore[arg-type]


def _former_format_number(value: object, fmt: NumberFormat) -> str:
    """reports.model.format_number as it was before it became a use of core.numbers.format_number."""
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return "—"
    if isinstance(value, dt.date):
        return value.strftime("%Y-%m" if fmt is NumberFormat.MONTH else "%Y-%m-%d")
    if isinstance(value, str) or fmt is NumberFormat.TEXT or isinstance(value, bool):
        return str(value)
    assert isinstance(value, (int, float))
    formats = {NumberFormat.INTEGER: f"{value:,.0f}", NumberFormat.YEAR: f"{value:.0f}",
               NumberFormat.ONE: f"{value:,.1f}", NumberFormat.TWO: f"{value:.2f}",
               NumberFormat.PERCENT: f"{value * 100:.1f}%"}
    if fmt in formats:
        return formats[fmt]
    decimals = len(f"{abs(value):.3f}".rstrip("0").split(".")[1])
    return f"{value:,.{decimals}f}"


CELLS = st.one_of(st.none(), st.floats(min_value=-1e12, max_value=1e12), st.sampled_from([math.nan, math.inf, -math.inf]),
                  st.integers(-10**9, 10**9), st.booleans(), st.text(max_size=5), st.dates())


@given(CELLS, st.sampled_from(list(NumberFormat)))
def test_format_number_writes_what_it_wrote_before_it_used_the_core_formatter(value: object, fmt: NumberFormat) -> None:
    """Unchanged, but for one deliberate change: a value that rounds to zero no longer shows “-0”."""
    former = _former_format_number(value, fmt)
    if former.startswith("-") and not former.strip("-0.,%"):
        former = former[1:]
    assert format_number(value, fmt) == former  # type: ignore[arg-type]


@pytest.mark.parametrize(("value", "fmt", "text"), [
    (-0.0004, NumberFormat.AUTO, "0"), (-0.3, NumberFormat.INTEGER, "0"), (-0.0001, NumberFormat.PERCENT, "0.0%"),
    (-0.004, NumberFormat.TWO, "0.00"), (-1.5, NumberFormat.ONE, "-1.5"),
])
def test_no_minus_sign_on_a_value_that_rounds_to_zero(value: float, fmt: NumberFormat, text: str) -> None:
    assert format_number(value, fmt) == text


@pytest.mark.parametrize(("value", "fmt"), [(12345.0, "#,##0"), (2.804, "#,##0.000"), (93.5, "#,##0.0")])
def test_excel_format_matches_the_printed_text(value: float, fmt: str) -> None:
    assert auto_excel_format(value) == fmt


@pytest.mark.parametrize(("n", "text"), [(1, "一"), (8, "八"), (10, "十"), (12, "十二"), (20, "二十"), (35, "三十五")])
def test_chinese_ordinal(n: int, text: str) -> None:
    assert chinese_ordinal(n) == text


def test_sheet_names_are_legal_and_unique() -> None:
    table = Table("表1 主要指标：完成情况/2023 [全部]" * 2, (Column("a"),), ())
    first = sheet_name(table, [])
    second = sheet_name(table, [first])
    assert len(first) <= 31 and len(second) <= 31 and first != second
    assert not set("[]:*?/\\") & set(first + second)


def test_printed_table_drops_excel_only_columns() -> None:
    table = Table("t", (Column("a"), Column("b", printed=False), Column("c")), (("x", 1, "z"),))
    assert table.printed().rows == (("x", "z"),)


def test_narrative_helpers() -> None:
    assert say.join(["甲", "乙", "丙"]) == "甲、乙和丙"
    assert say.join(["甲", "乙", "丙"], limit=2) == "甲、乙等3项"
    assert say.counts({"已达成": 2, "需加快": 0, "倒退": 1}) == "已达成2项、倒退1项"
    text = say.target_status_sentence(10, {"已达成": 2, "进展顺利": 3, "需加快": 1, "数据不足": 4})
    assert text == ("在10项目标中，已达成2项、进展顺利3项、需加快1项，达到或好于预期进度的共5项，"
                    "落后于预期进度的共1项；另有4项因缺少监测数据暂无法判断。")
