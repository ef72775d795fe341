"""The background worker of the web app: jobs run in a killable child process, watched by a thread.

`JobRunner.submit` is called once the request that created the job has committed it (a
background task of the response). A watcher thread waits for one of `job_workers` slots, marks
the job running and starts the work in a guarded child process (services/guarded.py: memory
cap, killed at the time limit). While it waits it records the child's progress and looks for a
cancel — the in-process signal of the cancel route, or the stored state, so that a cancel
answered by another web process stops the work too.

All-or-nothing: a document's child only extracts (nothing is written), the parent keeps the
draft and finishes the job. A workbook's child runs the whole import in ONE transaction of its
own and finishes the job in that same transaction (`finish_job` only moves a running job), so
the stored records and "完成" are committed together; a cancel or a kill before that commit
leaves nothing, as the database rolls back the dead child's transaction. A child could write
its records and then hand them back for the parent to write instead, but the import reads the
stored plans and history to check the figures, and checking in one process and writing in
another would let them diverge.
"""

from __future__ import annotations

import logging
import math
import shutil
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from fastapi import BackgroundTasks, Request
from fastapi.responses import JSONResponse
from sqlalchemy.orm import Session

from eduplan.core.errors import ConflictError, EduplanError
from eduplan.core.plan import Plan
from eduplan.services.documents import extract_bytes_with_lines
from eduplan.services.guarded import Stopped, TimedOut, report_progress, start_guarded
from eduplan.services.jobs import (
    JobKind,
    JobState,
    create_job,
    fail_job,
    finish_job,
    job_state,
    record_progress,
    start_job,
)
from eduplan.uow import unit_of_work
from eduplan.web.pending_uploads import DraftStore
from eduplan.web.schemas.jobs import JobOut

log = logging.getLogger(__name__)

#: How often the watcher looks at the stored state for a cancel made by another process.
STATE_CHECK_SECONDS = 1.0


@dataclass
class JobTask:
    """What a job runs: `work(*args)` in the child, then `on_result(session, job_id, value)` in the parent."""

    work: Callable[..., Any]
    args: tuple[Any, ...]
    filename: str
    timeout: float  # seconds; 0 = no limit
    on_result: Callable[[Any, int, Any], None] | None = None
    cleanup: Callable[[], None] = field(default=lambda: None)
    pass_job_id: bool = False  # `work(job_id, *args)`: the work finishes its job itself


class JobRunner:
    """Runs submitted jobs, at most `workers` at once, in this web process."""

    def __init__(self, database_url: str, *, workers: int) -> None:
        self.database_url = database_url
        self._slots = threading.BoundedSemaphore(workers)
        self._cancels: dict[int, threading.Event] = {}
        self._threads: dict[int, threading.Thread] = {}
        self._lock = threading.Lock()

    def submit(self, job_id: int, task: JobTask) -> None:
        """Start watching the (committed) job in a thread of its own."""
        with self._lock:
            self._cancels[job_id] = threading.Event()
            thread = threading.Thread(target=self._run, args=(job_id, task), name=f"eduplan-job-{job_id}", daemon=True)
            self._threads[job_id] = thread
        thread.start()

    def cancel(self, job_id: int) -> None:
        """Stop the job's child now if this process runs it (the stored state has been set already)."""
        with self._lock:
            event = self._cancels.get(job_id)
        if event is not None:
            event.set()

    def wait(self, job_id: int, timeout: float | None = None) -> None:
        """Until the job's watcher is done (for the CLI and tests; the web polls the job instead)."""
        with self._lock:
            thread = self._threads.get(job_id)
        if thread is not None:
            thread.join(timeout)

    def drain(self, timeout: float = 60) -> None:
        """Until every job of this process has ended (a server shutting down, tests)."""
        with self._lock:
            threads = list(self._threads.values())
        for thread in threads:
            thread.join(timeout)

    def _run(self, job_id: int, task: JobTask) -> None:
        stop = _StopCheck(self.database_url, job_id, self._cancels[job_id])
        try:
            while not self._slots.acquire(timeout=0.5):
                if stop():
                    return
            try:
                self._work(job_id, task, stop)
            finally:
                self._slots.release()
        finally:
            task.cleanup()
            with self._lock:
                self._cancels.pop(job_id, None)
                self._threads.pop(job_id, None)

    def _work(self, job_id: int, task: JobTask, stop: _StopCheck) -> None:
        limit = task.timeout or math.inf
        try:
            with unit_of_work(self.database_url) as session:
                if not start_job(session=session, job_id=job_id, limit_seconds=min(limit, 7 * 24 * 3600)):
                    return
            args = (job_id, *task.args) if task.pass_job_id else task.args
            child = start_guarded(task.work, *args, file=task.filename)
            value = child.wait(limit, on_progress=lambda percent, stage: self._progress(job_id, percent, stage),
                               should_stop=stop)
            if task.on_result is not None:
                with unit_of_work(self.database_url) as session:
                    task.on_result(session, job_id, value)
        except Stopped:
            pass  # cancelled: the state says so already
        except TimedOut as exc:
            self._fail(job_id, f"解析超过{exc.seconds:g}秒，已停止；文件可能过大或损坏，未写入任何数据")
        except EduplanError as exc:
            self._fail(job_id, str(exc))
        except Exception:  # a bug in eduplan: logged with its traceback, the job says so in Chinese
            log.exception("background job %s failed", job_id)
            self._fail(job_id, "处理时发生内部错误，已停止，未写入任何数据；请联系系统管理员")

    def _progress(self, job_id: int, percent: int, stage: str) -> None:
        with unit_of_work(self.database_url) as session:
            record_progress(session=session, job_id=job_id, percent=percent, stage=stage)

    def _fail(self, job_id: int, error: str) -> None:
        with unit_of_work(self.database_url) as session:
            fail_job(session=session, job_id=job_id, error=error)


class _StopCheck:
    """Whether the job was cancelled: the in-process signal at once, the stored state once a second."""

    def __init__(self, database_url: str, job_id: int, event: threading.Event) -> None:
        self.database_url, self.job_id, self.event = database_url, job_id, event
        self._checked = 0.0

    def __call__(self) -> bool:
        if self.event.is_set():
            return True
        now = time.monotonic()
        if now - self._checked < STATE_CHECK_SECONDS:
            return False
        self._checked = now
        with unit_of_work(self.database_url) as session:
            cancelled = job_state(session=session, job_id=self.job_id) is JobState.CANCELLED
        if cancelled:
            self.event.set()
        return cancelled


# ---------------------------------------------------------------- the work of each kind, in the child


Importer = Callable[..., Any]  # (session=, path=, region=, actor_name=) → the import report (a pydantic model)


def import_in_child(job_id: int, database_url: str, importer: Importer, path: str, region: str,
                    actor: str) -> dict[str, Any]:
    """A workbook import and the end of its job, in one transaction of the child (see the module doc)."""
    with unit_of_work(database_url, migrate=False) as session:
        report_progress(5, "读取数据表")
        result = importer(session=session, path=Path(path), region=region, actor_name=actor)
        report_progress(95, "保存导入结果")
        body = result.model_dump(mode="json")
        if not finish_job(session=session, job_id=job_id, result={"upload": body}):
            raise ConflictError(f"任务 {job_id} 已取消或已停止，本次导入未写入任何数据")
    return body


def remove_folder(folder: Path) -> Callable[[], None]:
    """A cleanup that removes a job's temporary folder."""
    return lambda: shutil.rmtree(folder, ignore_errors=True)


# ---------------------------------------------------------------- starting jobs from a request

#: How long a job may wait for a worker before it counts as lost (beyond its own time limit).
QUEUE_ALLOWANCE_SECONDS = 3600.0


def start_job_after_commit(request: Request, background: BackgroundTasks, *, session: Session, kind: JobKind,
                           owner: str, region: str | None, filename: str, task: JobTask) -> JobOut:
    """Store a queued job in the request's transaction; its work starts once the response has committed it."""
    job = create_job(session=session, kind=kind, owner=owner, region=region, filename=filename,
                     wait_seconds=QUEUE_ALLOWANCE_SECONDS + (task.timeout or 7 * 24 * 3600))
    runner: JobRunner = request.app.state.jobs
    background.add_task(runner.submit, job.id, task)
    return JobOut.of(job)


def document_task(request: Request, *, owner: str, filename: str, data: bytes) -> JobTask:
    """Extract an uploaded plan document in the child; keep it as the owner's draft in the parent."""
    store: DraftStore = request.app.state.drafts

    def keep_draft(session: Session, job_id: int, value: tuple[Plan, tuple[str, ...]]) -> None:
        plan, lines = value
        draft = store.save(owner=owner, filename=filename, plan=plan, lines=lines)
        if not finish_job(session=session, job_id=job_id, result={"token": draft.token}):
            store.discard(draft.token)  # cancelled meanwhile: the draft goes too

    return JobTask(work=extract_bytes_with_lines, args=(data, filename), filename=filename,
                   timeout=request.app.state.settings.extract_timeout_seconds, on_result=keep_draft)


def import_task(request: Request, *, importer: Importer, owner: str, region: str, filename: str,
                data: bytes) -> JobTask:
    """Import a workbook in the child (one transaction, see the module doc); the file waits in a folder of its own."""
    settings = request.app.state.settings
    folder = Path(tempfile.mkdtemp(prefix="eduplan-job-"))
    path = folder / Path(filename).name
    path.write_bytes(data)
    return JobTask(work=import_in_child, args=(request.app.state.database_url, importer, str(path), region, owner),
                   filename=filename, timeout=settings.import_timeout_seconds, cleanup=remove_folder(folder),
                   pass_job_id=True)


def job_accepted(job: JobOut) -> JSONResponse:
    """202 Accepted: the job's JSON, its address in Location."""
    return JSONResponse(job.model_dump(mode="json"), status_code=202, headers={"Location": job.url})
