"""The national benchmark at tiny scale (6 counties): the builder stores what the product's paths
read as theirs, and every timed path runs once with sane answers (no timing is asserted)."""

from __future__ import annotations

from pathlib import Path

import pytest
from benchmarks.national import Timed, run_paths
from benchmarks.national_data import SCHOOLS_PER_COUNTY, build

from eduplan.core.progress.rules import Status

COUNTIES = 6


@pytest.fixture(scope="module")
def timed(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Timed]:
    work = tmp_path_factory.mktemp("national")
    url = f"sqlite:///{work / 'national.db'}"
    national = build(url, limit=COUNTIES)
    assert national.counts["plans"] == COUNTIES and national.counts["school_records"] == COUNTIES * SCHOOLS_PER_COUNTY
    assert national.county in national.city_counties and set(national.city_counties) <= set(national.province_counties)
    return {t.name: t for t in run_paths(national, url, work, runs=1)}


def _one(timed: dict[str, Timed], prefix: str, suffix: str = "") -> Timed:
    """The one path named `prefix`…; of a board timed three ways, the one ending in `suffix` (default:
    computed afresh)."""
    suffix = suffix or ("（首次计算）" if prefix in ("市级看板", "省级看板") else "")
    found = [t for name, t in timed.items() if name.startswith(prefix) and name.endswith(suffix)]
    assert len(found) == 1, (prefix, list(timed))
    return found[0]


def test_every_path_is_timed_beside_a_positive_limit(timed: dict[str, Timed]) -> None:
    assert len(timed) >= 12
    assert all(t.seconds > 0 and t.limit > 0 for t in timed.values())


def test_the_county_board_shows_the_plan_tasks_and_schools(timed: dict[str, Timed]) -> None:
    board = _one(timed, "区县看板").answer
    assert board.targets and board.tasks.tasks and board.projects.projects
    assert board.readiness is not None and board.readiness.schools > 0 and board.funding


def test_the_city_and_province_boards_list_every_county_of_their_subtree(timed: dict[str, Timed]) -> None:
    city, province = _one(timed, "市级看板").answer, _one(timed, "省级看板").answer
    assert 0 < len(city) < len(province) == COUNTIES
    assert all(p.targets == sum(p.counts.values()) > 0 and set(p.counts) - {Status.INSUFFICIENT, Status.UNMONITORED}
               for p in province)  # every county's targets counted, some of them judged from figures


def test_a_board_served_from_the_memo_is_the_board_computed_afresh(timed: dict[str, Timed]) -> None:
    for board in ("市级看板", "省级看板"):
        fresh = _one(timed, board).answer
        for after in ("（一县数据变更后）", "（未变更）"):
            assert _one(timed, board, after).answer == fresh, (board, after)


def test_the_comparison_ranks_every_county(timed: dict[str, Timed]) -> None:
    rows = _one(timed, "全国比较").answer.rows
    ranks = sorted(r.rank for r in rows if r.rank)
    assert len(rows) == len(ranks) == COUNTIES and ranks[0] == 1 and ranks[-1] <= COUNTIES  # ties share a rank
    assert all(r.target is not None and r.status is not None for r in rows)


def test_readiness_evaluations_report_and_import_answer(timed: dict[str, Timed]) -> None:
    readiness = _one(timed, "全省督导准备").answer
    assert len(readiness) == COUNTIES and all(r.schools > 0 for r in readiness.values())
    evaluations = _one(timed, "全市评估").answer
    assert evaluations and all(e.summary["targets"] > 0 for e in evaluations)
    assert Path(_one(timed, "区县评估报告").answer).stat().st_size > 10_000
    imported = _one(timed, "全国年度数据导入").answer
    assert imported.stored is not None and imported.stored.observations.updated > 0, imported.summary()


def test_the_http_boards_answer_their_json_then_from_the_cache(timed: dict[str, Timed]) -> None:
    computed = [t for name, t in timed.items() if name.startswith("HTTP") and name.endswith("（数据变更后计算）")]
    cached = [t for name, t in timed.items() if name.startswith("HTTP") and name.endswith("（缓存）")]
    assert len(computed) == len(cached) == 4 and all(isinstance(t.answer, dict) for t in computed)
    board = _one(timed, "HTTP 区县看板 /api/v1/regions/…（数据变更后计算）").answer
    assert board["targets"] and board["region"]


def test_the_nation_s_overview_after_a_write_is_the_overview_computed_afresh(timed: dict[str, Timed]) -> None:
    first = _one(timed, "HTTP 全国总览 /api/v1/dashboard（首次计算）").answer
    after = _one(timed, "HTTP 全国总览 /api/v1/dashboard（数据变更后计算）").answer
    assert len(first["regions"]) == COUNTIES and after == first  # the write was to a year the board does not read
