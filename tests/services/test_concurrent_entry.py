"""Two users save the same field of the entry form at once, both from a form that showed no stored
value: the first is stored, the second waits for it and is refused as stale (never a silent overwrite,
never a duplicate-key 500); on SQLite and PostgreSQL."""

from __future__ import annotations

import threading
import time

from eduplan.services.data_entry import EntrySave, FieldInput, StaleEntry, save_entry
from eduplan.services.plans import import_plan
from eduplan.store.records import load_observations
from eduplan.uow import unit_of_work
from tests.services.conftest import FULING, RATE, fuling_plan

HOLD_SECONDS = 0.6  # how long the first save keeps its transaction open after storing


def test_the_second_of_two_simultaneous_saves_is_refused_as_stale(db_url: str) -> None:
    with unit_of_work(db_url) as session:
        import_plan(session=session, plan=fuling_plan(), actor="测试")
    first_saved = threading.Event()
    outcomes: dict[str, EntrySave | BaseException] = {}

    def save(who: str, value: str, *, hold: bool) -> None:
        try:
            with unit_of_work(db_url) as session:
                outcomes[who] = save_entry(session=session, region=FULING, year=2024, actor=who,
                                           inputs={RATE: FieldInput(value, seen=None)})
                if hold:
                    first_saved.set()
                    time.sleep(HOLD_SECONDS)  # the second save runs into this open transaction
        except BaseException as exc:  # noqa: BLE001  (reported below)
            outcomes[who] = exc
            first_saved.set()

    def second() -> None:
        first_saved.wait(10)
        save("乙", "94.0", hold=False)

    threads = [threading.Thread(target=save, args=("甲", "93.0"), kwargs={"hold": True}),
               threading.Thread(target=second)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)

    assert isinstance(outcomes["甲"], EntrySave) and outcomes["甲"].accepted, outcomes["甲"]
    assert isinstance(outcomes["乙"], StaleEntry), outcomes["乙"]
    assert "现为93（甲录入）" in str(outcomes["乙"])
    with unit_of_work(db_url) as session:
        assert [(o.value, o.reported_by) for o in load_observations(session, region=FULING)] == [(93.0, "甲")]
