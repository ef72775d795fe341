"""The one month parser (core.dates): every spelling it reads, and what it refuses."""

from __future__ import annotations

import pytest

from eduplan.core.dates import month_text, parse_month


@pytest.mark.parametrize(("text", "expected"), [
    # months
    ("2023-09", (2023, 9)), ("2023-9", (2023, 9)), ("2023.06", (2023, 6)), ("2023.6", (2023, 6)),
    ("2023/9", (2023, 9)), ("2023/09", (2023, 9)), ("2023年6月", (2023, 6)), ("2023年06月", (2023, 6)),
    ("2023年6月份", (2023, 6)), ("2023年6", (2023, 6)), ("2023 年 6 月", (2023, 6)), ("2023 - 09", (2023, 9)),
    ("  2023-09  ", (2023, 9)), ("2023-12", (2023, 12)), ("2023-1", (2023, 1)),
    # full-width digits and marks
    ("２０２３－０９", (2023, 9)), ("２０２３年９月", (2023, 9)), ("2023．6", (2023, 6)), ("2023／9", (2023, 9)),
    # dates, read as their month
    ("2023-09-01", (2023, 9)), ("2023/9/1", (2023, 9)), ("2023.9.1", (2023, 9)), ("2023年9月1日", (2023, 9)),
    ("2023年9月1号", (2023, 9)), ("2023-09-01 00:00:00", (2023, 9)), ("2023/9/1 8:30", (2023, 9)),
    ("2024-02-29", (2024, 2)),
    # a bare year
    ("2023", (2023, None)), ("2023年", (2023, None)), ("２０２３", (2023, None)),
])
def test_every_accepted_spelling(text: str, expected: tuple[int, int | None]) -> None:
    assert parse_month(text) == expected


@pytest.mark.parametrize("text", [
    None, "", "   ", "2023-13", "2023-0", "2023-00", "2023年13月", "2023-02-30", "2023-09-32", "2023-02-29",
    "23-09", "202-09", "20230", "2023-09-", "2023--09", "约2023年9月", "2023年9月开工", "2023-09至2024-06",
    "九月", "二〇二三年九月", "2023-123", "abc", "2023-09-01 25h",
])
def test_refusals(text: str | None) -> None:
    assert parse_month(text) is None


@pytest.mark.parametrize(("text", "end", "expected"), [
    ("2023-09", False, "2023-09"), ("2022.4", True, "2022-04"), ("2023年9月1日", False, "2023-09"),
    ("2023", False, "2023-01"), ("2023年", True, "2023-12"), ("2023-13", False, None), (None, True, None),
])
def test_month_text_pads_and_places_a_bare_year(text: str | None, end: bool, expected: str | None) -> None:
    assert month_text(text, end=end) == expected
