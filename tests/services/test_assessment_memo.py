"""The boards' memo of assessed plans: a region is assessed again exactly when its data changed, a
result is the one a fresh computation gives, and nothing uncommitted or mixed is ever kept."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

import pytest

from eduplan.core.plan import Attribute, Indicator, Observation, Op, Plan, Target
from eduplan.services.assessment_memo import MEMO, Assessed, AssessmentMemo, plan_keys, still_current
from eduplan.services.dashboards import PlanStatuses, progress_by_plan, statuses_by_plan
from eduplan.services.monitoring import assess_region
from eduplan.services.plans import import_plan
from eduplan.store.boards import plan_heads
from eduplan.store.records import save_observations
from eduplan.uow import unit_of_work
from tests.services.conftest import FULING, RATE, TABLE, YUZHONG

REGIONS = (FULING, YUZHONG, "北碚区")


def _plan(region: str) -> Plan:
    return Plan(region=region, title=f"{region}教育事业发展“十四五”规划", period=(2021, 2025), indicators=[
        Indicator("学前三年毛入园率", unit="%", values={"2020": 90.0}, table=TABLE, catalog_id=RATE,
                  target=Target(Op.GE, 95.0, year=2025), attribute=Attribute.BINDING)])


def _observe(url: str, region: str, value: float, year: int = 2023) -> None:
    with unit_of_work(url) as session:
        save_observations(session, [Observation(RATE, region, year, value)])


@pytest.fixture
def stored(db_url: str) -> Iterator[str]:
    MEMO.clear()
    with unit_of_work(db_url) as session:
        for region in REGIONS:
            import_plan(session=session, actor="测试", plan=_plan(region))
    for n, region in enumerate(REGIONS):
        _observe(db_url, region, 91.0 + n)
    yield db_url
    MEMO.clear()


def _board(url: str, year: int = 2023) -> dict[str, float | None]:
    with unit_of_work(url) as session:
        return {p.region: p.targets[0].latest_value for p in progress_by_plan(session=session, year=year)}


def test_an_unchanged_board_is_served_from_the_memo(stored: str) -> None:
    first = _board(stored)
    misses = MEMO.misses
    assert _board(stored) == first == {FULING: 91.0, YUZHONG: 92.0, "北碚区": 93.0}
    assert MEMO.misses == misses and MEMO.hits >= len(REGIONS)


def test_a_write_to_one_region_reassesses_that_region_only(stored: str) -> None:
    _board(stored)
    misses = MEMO.misses
    _observe(stored, YUZHONG, 96.5)
    assert _board(stored) == {FULING: 91.0, YUZHONG: 96.5, "北碚区": 93.0}
    assert MEMO.misses == misses + 1


def test_a_memoised_result_equals_a_fresh_assessment(stored: str) -> None:
    _board(stored)
    with unit_of_work(stored) as session:
        memoised = {p.region: p.targets for p in progress_by_plan(session=session, year=2023)}
        for region in REGIONS:
            assert memoised[region] == assess_region(session=session, region=region, year=2023)


def test_the_year_and_the_figures_read_are_part_of_the_key(stored: str) -> None:
    _observe(stored, FULING, 94.0, year=2024)
    assert _board(stored, 2023)[FULING] == 91.0
    assert _board(stored, 2024)[FULING] == 94.0
    with unit_of_work(stored) as session:  # no year approved: the approved figures are none
        approved = progress_by_plan(session=session, year=2024, approved_only=True)
    assert {p.region: p.targets[0].latest_value for p in approved} == dict.fromkeys(REGIONS)


def test_a_session_that_has_written_neither_reads_nor_fills_the_memo(stored: str) -> None:
    _board(stored)
    with unit_of_work(stored) as session:
        save_observations(session, [Observation(RATE, FULING, 2023, 99.0)])
        hits = MEMO.hits
        seen = {p.region: p.targets[0].latest_value for p in progress_by_plan(session=session, year=2023)}
        assert seen[FULING] == 99.0 and MEMO.hits == hits  # its own write, uncommitted, not the memo's
        session.rollback()
    assert _board(stored)[FULING] == 91.0  # the rolled-back figure was never kept


def test_a_result_computed_while_a_writer_commits_is_not_kept(stored: str) -> None:
    with unit_of_work(stored) as session:
        heads = [(h.id, h.region) for h in plan_heads(session)]
        keys = plan_keys(session, heads, year=2023, approved_only=False)
        assert keys is not None
        _observe(stored, YUZHONG, 97.0)  # commits between this reader's tokens and its check
        kept = still_current(session, heads, keys, year=2023, approved_only=False)
    assert {region for plan_id, region in heads if plan_id in kept} == {FULING, "北碚区"}


def test_the_memo_drops_the_least_recently_used_beyond_its_capacity(stored: str) -> None:
    small = AssessmentMemo(capacity=2)  # two target results
    with unit_of_work(stored) as session:
        targets = progress_by_plan(session=session, year=2023)[0].targets
    one = Assessed(tuple(targets), frozenset())
    small.put("a", one)
    small.put("b", one)
    assert small.get("a") is one
    small.put("c", one)  # "b" was used least recently
    assert small.get("b") is None and small.get("a") is one and small.get("c") is one and len(small) == 2


def test_a_plan_larger_than_the_memo_is_not_kept(stored: str) -> None:
    with unit_of_work(stored) as session:
        targets = progress_by_plan(session=session, year=2023)[0].targets
    none = AssessmentMemo(capacity=0)
    none.put("a", Assessed(tuple(targets), frozenset()))
    assert none.get("a") is None and len(none) == 0


def _statuses(url: str, year: int = 2023) -> dict[str, PlanStatuses]:
    with unit_of_work(url) as session:
        return {p.region: p for p in statuses_by_plan(session=session, year=year)}


def test_an_overview_row_counts_what_a_fresh_assessment_gives(stored: str) -> None:
    _observe(stored, FULING, 85.0, year=2024)  # falling: the binding target is at risk in 2024
    for year in (2023, 2024):
        rows = _statuses(stored, year)
        with unit_of_work(stored) as session:
            for region in REGIONS:
                fresh = assess_region(session=session, region=region, year=year)
                row = rows[region]
                assert row.targets == len(fresh)
                assert row.counts == dict(Counter(t.status for t in fresh))
                assert [t for t, _ in row.flagged] == [t for t in fresh if t.flagged]
    assert [t.status.value for t, _ in _statuses(stored, 2024)[FULING].flagged] == ["倒退"]


def test_an_unchanged_overview_is_served_from_the_memo_and_a_write_recounts_one_region(stored: str) -> None:
    first = _statuses(stored)
    misses = MEMO.misses
    assert _statuses(stored) == first
    assert MEMO.misses == misses
    _observe(stored, YUZHONG, 80.0)
    after = _statuses(stored)
    assert MEMO.misses == misses + 2  # its counts, then its full results: neither kept at the new tokens
    assert after[FULING] == first[FULING] and after[YUZHONG] != first[YUZHONG]
    assert [t.latest_value for t, _ in after[YUZHONG].flagged] == [80.0]


def test_an_overview_keeps_its_rows_and_targets_at_risk_not_every_result(
        stored: str, monkeypatch: pytest.MonkeyPatch) -> None:
    _observe(stored, FULING, 80.0)
    rows = _statuses(stored)
    MEMO.clear()
    monkeypatch.setattr(MEMO, "_capacity", sum(r.weight for r in rows.values()))  # a row each, its targets at risk
    _statuses(stored)
    misses = MEMO.misses
    assert _statuses(stored)[FULING].flagged
    assert MEMO.misses == misses and len(MEMO) == len(REGIONS)
    with unit_of_work(stored) as session:
        head = plan_heads(session, regions=None)[0]
        results = progress_by_plan(session=session, year=2023)[0].targets
    many = Assessed(tuple(results) * 50, frozenset())  # a plan of fifty targets, one of them repeated
    assert many.weight == 50 and PlanStatuses.of(head, many, year=2023).weight == 1 + sum(t.flagged for t in many.targets)


def test_an_overview_uses_a_board_s_full_results(stored: str) -> None:
    _board(stored)
    misses = MEMO.misses
    rows = _statuses(stored)
    assert MEMO.misses == misses + len(REGIONS)  # no counts kept yet …
    assert {r: row.targets for r, row in rows.items()} == dict.fromkeys(REGIONS, 1)
    assert MEMO.hits >= len(REGIONS)  # … but every plan's results were: nothing assessed again
