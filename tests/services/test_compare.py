"""Comparing regions on one catalog indicator, named by id, name or synonym."""

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session

from eduplan.core.errors import NotFoundError
from eduplan.core.plan import Observation
from eduplan.core.progress.rules import Status
from eduplan.services.compare import compare_regions
from eduplan.store.records import save_observations
from tests.services.conftest import FULING, RATE, YUZHONG


@pytest.fixture
def observed(plans: Session) -> Session:
    save_observations(plans, [
        Observation(RATE, FULING, 2023, 91.0, source="统计年报"), Observation(RATE, YUZHONG, 2023, 98.5),
        Observation(RATE, "北碚区", 2023, 95.0, simulated=True), Observation(RATE, "北碚区", 2022, 94.0),
    ])
    return plans


@pytest.mark.parametrize("name", ["学前三年毛入园率", "毛入园率", RATE])
def test_regions_are_ranked_by_the_indicators_direction(observed: Session, name: str) -> None:
    result = compare_regions(session=observed, indicator=name, year=2023)
    assert (result.indicator_id, result.unit, result.direction_label) == (RATE, "%", "越高越好")
    assert [(r.region, r.value, r.rank) for r in result.rows] == [
        (YUZHONG, 98.5, 1), ("北碚区", 95.0, 2), (FULING, 91.0, 3)]
    assert result.reported == 3 and result.mean == pytest.approx((98.5 + 95 + 91) / 3)


def test_each_region_shows_its_own_plan_target_and_status(observed: Session) -> None:
    rows = {r.region: r for r in compare_regions(session=observed, indicator="毛入园率", year=2023).rows}
    assert (rows[FULING].target, rows[FULING].status, rows[FULING].flagged) == ("≥95", Status.SLOW, True)
    assert (rows[YUZHONG].target, rows[YUZHONG].baseline, rows[YUZHONG].status) == ("≥98", 96.0, Status.ACHIEVED)
    assert rows["北碚区"].target is None and rows["北碚区"].status is None and rows["北碚区"].simulated
    assert rows[FULING].source == "统计年报"


def test_a_year_without_figures_lists_targets_without_ranks(observed: Session) -> None:
    result = compare_regions(session=observed, indicator=RATE, year=2021)
    assert all(r.rank is None and r.value is None for r in result.rows)
    assert {r.region: r.status for r in result.rows}[FULING] is Status.INSUFFICIENT


def test_an_unknown_indicator_suggests_close_names(session: Session) -> None:
    with pytest.raises(NotFoundError, match="入园"):
        compare_regions(session=session, indicator="入园", year=2023)
    with pytest.raises(NotFoundError, match="指标目录中没有"):
        compare_regions(session=session, indicator="火星移民率", year=2023)


def test_a_draft_plans_region_is_left_out_unless_drafts_are_asked_for(observed: Session) -> None:
    from eduplan.services.plans import publish_plan, unpublish_plan

    unpublish_plan(session=observed, ref=YUZHONG, actor="测试")
    public = {r.region: r for r in compare_regions(session=observed, indicator=RATE, year=2023).rows}
    assert YUZHONG not in public  # a region whose plans are all drafts shows none of its figures
    everyone = {r.region: r for r in compare_regions(session=observed, indicator=RATE, year=2023,
                                                     include_drafts=True).rows}
    assert everyone[YUZHONG].target == "≥98"
    publish_plan(session=observed, ref=YUZHONG, actor="测试")
    assert {r.region: r for r in compare_regions(session=observed, indicator=RATE, year=2023).rows}[
        YUZHONG].target == "≥98"


def test_regions_named_are_ranked_among_themselves_each_row_as_in_the_whole(observed: Session) -> None:
    whole = {r.region: r for r in compare_regions(session=observed, indicator=RATE, year=2023).rows}
    some = compare_regions(session=observed, indicator=RATE, year=2023, regions={FULING, "北碚区"})
    assert [(r.region, r.rank) for r in some.rows] == [("北碚区", 1), (FULING, 2)]  # 95.0 above 91.0
    assert all((r.value, r.target, r.status) == (whole[r.region].value, whole[r.region].target, whole[r.region].status)
               for r in some.rows)
    assert some.reported == 2 and some.mean == pytest.approx((95 + 91) / 2)
    assert compare_regions(session=observed, indicator=RATE, year=2023, regions=set()).rows == []
