"""Data versions and the page cache: a write renews the versions of what it touches, in its own
transaction; a cached context is served until then; a reader racing writers never sees a mix."""

from __future__ import annotations

import json
import threading
import time

import pytest
from sqlalchemy import select

from eduplan.core.errors import ConflictError
from eduplan.core.plan import Observation
from eduplan.services.page_cache import cached_page, current_stamp, page_key, scopes_of_region
from eduplan.services.plans import import_plan, publish_plan, unpublish_plan
from eduplan.store.models.monitoring import ObservationRow
from eduplan.store.records import load_observations, save_observations
from eduplan.store.versions import ALL, data_stamp, region_scope
from eduplan.uow import unit_of_work
from tests.store.sample import rich_plan


def _observe(url: str, region: str, indicator: str, value: float) -> None:
    with unit_of_work(url) as session:
        save_observations(session, [Observation(indicator=indicator, region=region, year=2023, value=value)])


def _stamp(url: str, region: str) -> str:
    with unit_of_work(url) as session:
        return data_stamp(session, [region_scope(region)])


def test_a_write_renews_its_regions_version_only(db_url: str) -> None:
    _observe(db_url, "甲区", "学前三年毛入园率", 90)
    _observe(db_url, "乙区", "学前三年毛入园率", 90)
    a, b = _stamp(db_url, "甲区"), _stamp(db_url, "乙区")
    _observe(db_url, "甲区", "学前三年毛入园率", 91)
    assert _stamp(db_url, "甲区") != a
    assert _stamp(db_url, "乙区") == b


def test_a_rolled_back_write_leaves_the_version(db_url: str) -> None:
    _observe(db_url, "甲区", "学前三年毛入园率", 90)
    before = _stamp(db_url, "甲区")
    try:
        with unit_of_work(db_url) as session:
            save_observations(session, [Observation(indicator="学前三年毛入园率", region="甲区", year=2023, value=95)])
            raise RuntimeError("the request failed after the write")
    except RuntimeError:
        pass
    assert _stamp(db_url, "甲区") == before


def test_a_read_leaves_every_version(db_url: str) -> None:
    _observe(db_url, "甲区", "学前三年毛入园率", 90)
    with unit_of_work(db_url) as session:
        before = data_stamp(session, None)
    with unit_of_work(db_url) as session:
        load_observations(session, region="甲区")
    with unit_of_work(db_url) as session:
        assert data_stamp(session, None) == before


def test_publishing_a_plan_renews_its_regions_version(db_url: str) -> None:
    plan = rich_plan()
    with unit_of_work(db_url) as session:
        plan_id = import_plan(session=session, plan=plan, actor="test").plan_id
    _observe(db_url, "乙区", "学前三年毛入园率", 90)
    before, other = _stamp(db_url, plan.region), _stamp(db_url, "乙区")
    with unit_of_work(db_url) as session:
        unpublish_plan(session=session, ref=plan_id, actor="test")
    unpublished = _stamp(db_url, plan.region)
    assert unpublished != before
    with unit_of_work(db_url) as session:
        publish_plan(session=session, ref=plan_id, actor="test")
    assert _stamp(db_url, plan.region) != unpublished
    assert _stamp(db_url, "乙区") == other


def test_a_context_is_computed_once_per_version(db_url: str) -> None:
    _observe(db_url, "甲区", "学前三年毛入园率", 90)
    calls: list[int] = []

    def board() -> str:
        with unit_of_work(db_url) as inner:
            calls.append(1)
            return json.dumps([o.value for o in load_observations(inner, region="甲区")])

    def serve() -> str:
        with unit_of_work(db_url) as session:
            found = cached_page(session=session, kind="test", key=page_key("甲区", None), scopes=scopes_of_region("甲区"),
                                compute=board)
            return found.payload

    assert serve() == "[90.0]" and serve() == "[90.0]"
    assert len(calls) == 1
    _observe(db_url, "甲区", "学前三年毛入园率", 92)
    assert serve() == "[92.0]"
    assert len(calls) == 2
    _observe(db_url, "乙区", "学前三年毛入园率", 50)  # another region's write: still cached
    assert serve() == "[92.0]" and len(calls) == 2


def test_long_keys_are_digested_and_short_ones_kept() -> None:
    assert page_key("涪陵区", 2024, None, True) == "涪陵区|2024||True"
    assert page_key("x" * 300).startswith("sha256:") and len(page_key("x" * 300)) < 255


def test_a_reader_racing_writers_never_sees_a_mix(db_url: str) -> None:
    """A writer sets two indicators of one region to the same value in each transaction; the
    cached context reads them in two queries with a pause between: every payload served has both
    equal, whichever version it was read at."""
    region = "甲区"
    indicators = ("学前三年毛入园率", "九年义务教育巩固率")
    with unit_of_work(db_url) as session:
        save_observations(session, [Observation(indicator=i, region=region, year=2023, value=0) for i in indicators])
    stop = threading.Event()
    written: list[int] = []

    def writer() -> None:
        for value in range(1, 400):
            if stop.is_set():
                return
            with unit_of_work(db_url) as session:
                save_observations(session, [Observation(indicator=i, region=region, year=2023, value=value)
                                            for i in indicators])
            written.append(value)
            time.sleep(0.005)  # between two writes the reader may finish a computation (or be caught by one)

    def both(session_url: str) -> str:
        values = []
        with unit_of_work(session_url) as inner:
            for indicator in indicators:
                values.append(inner.scalar(select(ObservationRow.value).where(ObservationRow.indicator == indicator)))
                time.sleep(0.002)  # a board reads its inputs in several queries: give a writer room in between
        return json.dumps(values)

    served: list[list[float]] = []
    refused = 0
    thread = threading.Thread(target=writer)
    thread.start()
    try:
        deadline = time.monotonic() + 30
        while thread.is_alive() and time.monotonic() < deadline and len(served) < 300:
            try:
                with unit_of_work(db_url) as session:
                    found = cached_page(session=session, kind="race", key=region, scopes=scopes_of_region(region),
                                        compute=lambda: both(db_url))
                served.append(json.loads(found.payload))
            except ConflictError:  # the writers won every attempt: refused, not mixed
                refused += 1
    finally:
        stop.set()
        thread.join()
    assert written, "the writer stored nothing"
    assert served, f"the reader was refused every time ({refused} times)"
    assert all(a == b for a, b in served), [s for s in served if s[0] != s[1]][:5]
    assert len({a for a, _ in served}) > 1  # the reader did see the data change under it


def test_the_stamp_names_all_data_when_no_scope_is_given(db_url: str) -> None:
    _observe(db_url, "甲区", "学前三年毛入园率", 90)
    with unit_of_work(db_url) as session:
        everything = data_stamp(session, None)
        assert region_scope("甲区") in everything
        assert current_stamp(session=session, scopes=[ALL]) != current_stamp(session=session, scopes=None)


def _add_gulou(url: str, code: str, city: str) -> None:
    import dataclasses

    from tests.services.conftest import fuling_plan

    plan = dataclasses.replace(fuling_plan(), region="鼓楼区", region_code=code, region_level="county",
                               title=f"{city}市鼓楼区教育事业发展规划")
    with unit_of_work(url) as session:
        import_plan(session=session, plan=plan, actor="测试")


def test_a_resolved_region_is_kept_until_another_process_changes_the_region_list(db_url: str) -> None:
    from eduplan.core.errors import InputError
    from eduplan.services.regions import resolve_key

    _add_gulou(db_url, "350102", "福州")
    with unit_of_work(db_url) as session:
        assert resolve_key(session, "鼓楼区") == "鼓楼区"
    # A second 鼓楼区 (committed by another unit of work, as another process would): the kept answer
    # is no longer the truth, the name is now shared.
    _add_gulou(db_url, "320106", "南京")
    with unit_of_work(db_url) as session, pytest.raises(InputError, match="对应多个地区"):
        resolve_key(session, "鼓楼区")
    with unit_of_work(db_url) as session:
        assert resolve_key(session, "350102") == "350102"


def test_regions_inserted_in_bulk_renew_the_region_list_version(db_url: str) -> None:
    from sqlalchemy import insert

    from eduplan.store.models.regions import RegionRow
    from eduplan.store.versions import REGIONS

    with unit_of_work(db_url) as session:
        before = data_stamp(session, [REGIONS])
    with unit_of_work(db_url) as session:
        session.execute(insert(RegionRow), [{"name": "某新区", "code": "990101", "level": "county"}])
    with unit_of_work(db_url) as session:
        assert data_stamp(session, [REGIONS]) != before

