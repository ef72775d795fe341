"""A background workbook import stores its records and 完成 in one transaction, or neither.

`import_in_child` is the work a job's child process runs; here it runs in the test's process on
SQLite and PostgreSQL, so that what it commits can be read back.
"""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from eduplan.core.errors import ConflictError
from eduplan.services.collection import collection_template
from eduplan.services.jobs import JobKind, JobState, cancel_job, create_job, finish_job, get_job, start_job
from eduplan.services.plans import import_plan
from eduplan.store.records import load_observations
from eduplan.uow import unit_of_work
from eduplan.web.jobs import import_in_child
from eduplan.web.routes.data import import_workbook
from tests.services.conftest import FULING, RATE, fuling_plan
from tests.web.test_data_uploads import filled


@pytest.fixture
def workbook(db_url: str, tmp_path: Path) -> Path:
    """A plan of FULING stored, and its 2024 template with the enrolment rate filled in."""
    with unit_of_work(db_url) as session:
        import_plan(session=session, plan=fuling_plan(), actor="test")
        template = collection_template(session=session, region=FULING, year=2024, dest=tmp_path / "模板.xlsx")
    return filled(template, {RATE: 93.5}, "年报.xlsx")


def running_job(db_url: str) -> int:
    with unit_of_work(db_url) as session:
        job_id = create_job(session=session, kind=JobKind.WORKBOOK, owner="fuling", region=FULING,
                            filename="年报.xlsx", wait_seconds=600).id
        start_job(session=session, job_id=job_id, limit_seconds=60)
    return job_id


def observations(db_url: str) -> list:
    with unit_of_work(db_url) as session:
        return load_observations(session, region=FULING)


def test_the_import_and_its_job_are_committed_together(db_url: str, workbook: Path) -> None:
    job_id = running_job(db_url)
    report = import_in_child(job_id, db_url, import_workbook, str(workbook), FULING, "fuling")
    assert report["accepted"]
    assert [(o.indicator, o.year, o.value) for o in observations(db_url)] == [(RATE, 2024, 93.5)]
    with unit_of_work(db_url) as session:
        job = get_job(session=session, job_id=job_id)
    assert job.state is JobState.DONE and job.result == {"upload": report}


def test_an_import_whose_job_was_cancelled_stores_nothing(db_url: str, workbook: Path) -> None:
    job_id = running_job(db_url)
    with unit_of_work(db_url) as session:
        cancel_job(session=session, job_id=job_id)
    with pytest.raises(ConflictError, match="已取消或已停止，本次导入未写入任何数据"):
        import_in_child(job_id, db_url, import_workbook, str(workbook), FULING, "fuling")
    assert observations(db_url) == []
    with unit_of_work(db_url) as session:
        assert get_job(session=session, job_id=job_id).state is JobState.CANCELLED


def test_a_cancel_while_the_import_commits_waits_and_finds_the_job_done(db_url: str, workbook: Path) -> None:
    """The child has finished its job in its open transaction; a cancel then waits for its commit
    (SQLite's write lock, PostgreSQL's row lock) and is refused: records and 完成 stand together."""
    job_id = running_job(db_url)
    outcome: dict[str, BaseException | None] = {}
    with unit_of_work(db_url) as child:
        import_workbook(session=child, path=workbook, region=FULING, actor_name="fuling")
        assert finish_job(session=child, job_id=job_id, result={"upload": {}})

        def cancel() -> None:
            try:
                with unit_of_work(db_url) as session:
                    cancel_job(session=session, job_id=job_id)
                outcome["error"] = None
            except BaseException as exc:  # noqa: BLE001 - handed to the test
                outcome["error"] = exc

        canceller = threading.Thread(target=cancel)
        canceller.start()
        canceller.join(0.5)  # the cancel is now waiting for this transaction (or has not started yet)
    canceller.join(30)
    assert isinstance(outcome["error"], ConflictError) and "已完成，无法取消" in str(outcome["error"])
    assert [(o.indicator, o.value) for o in observations(db_url)] == [(RATE, 93.5)]
