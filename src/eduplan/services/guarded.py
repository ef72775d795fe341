"""Run expensive extraction off the request thread: in a child process, with a time and a memory limit.

A hostile or damaged document that the readers' limits do not catch must still not hold a server
thread for minutes or eat the machine's memory. `run_guarded(func, *args)` runs `func` in a child
process forked from a small, preloaded fork server (safe from a threaded web server, and cheap: the
readers are imported once). The child's address space is capped (`RLIMIT_AS`); the parent waits
at most the time limit, then kills the child. Every way of failing becomes a Chinese `InputError`,
except a bug in eduplan itself, which is raised as a `RuntimeError` with the child's traceback.

`start_guarded` starts the child and returns a `GuardedRun`: its `wait` passes on the progress the
work reports (`report_progress(percent, stage)`, a no-op outside a child), stops at a cancel
(`Stopped`) and at the time limit (`TimedOut`), and kills the child on every way out. The
background jobs of the web app (web/jobs.py) run on it.

Limits come from the settings: `EDUPLAN_EXTRACT_TIMEOUT_SECONDS` and `EDUPLAN_EXTRACT_MEMORY_MB`
(docs/settings.md); a timeout of 0 runs `func` in this process, without limits.
"""

from __future__ import annotations

import multiprocessing
import threading
import time
import traceback
from collections.abc import Callable
from dataclasses import asdict
from typing import Any, TypeVar

from eduplan.core import errors
from eduplan.core.errors import EduplanError, InputError, Location
from eduplan.settings import get_settings

T = TypeVar("T")

#: Modules the fork server imports once, so that every child starts with the readers loaded.
#: "__main__" too: each child runs the main module again (multiprocessing's rule), and its imports
#: (the CLI, the web app) are then already loaded — a child starts in milliseconds, not a second.
PRELOAD = ("__main__", "eduplan.services.documents", "eduplan.ingest.extract", "eduplan.ingest.readers.document",
           "docx", "pypdf", "lxml.etree")
_lock = threading.Lock()
_context: Any = None


def _fork_context() -> Any:
    """The forkserver context, started once with the readers preloaded."""
    global _context
    with _lock:
        if _context is None:
            ctx = multiprocessing.get_context("forkserver")
            ctx.set_forkserver_preload(list(PRELOAD))
            _context = ctx
        return _context


class TimedOut(InputError):
    """The child ran past its time limit and was killed."""

    def __init__(self, message: str, *, seconds: float, location: Location | None = None) -> None:
        super().__init__(message, location=location)
        self.seconds = seconds


class Stopped(Exception):
    """The child was killed because its work was cancelled."""


#: In a guarded child, the pipe to the parent (progress messages share it with the result).
_to_parent: Any = None


def report_progress(percent: int, stage: str) -> None:
    """Tell the parent how far the work is (0–100 and a Chinese stage); nothing outside a guarded child."""
    if _to_parent is not None:
        try:
            _to_parent.send(("progress", (max(0, min(100, int(percent))), stage)))
        except (OSError, ValueError):  # the parent is gone: the child is about to be killed anyway
            pass


ProgressHook = Callable[[int, str], None]


class GuardedRun:
    """A started guarded child: wait for its result (passing on its progress), or kill it."""

    def __init__(self, func: Callable[..., Any], args: tuple[Any, ...], kwargs: dict[str, Any], *,
                 file: str | None, memory_mb: int) -> None:
        self.where = Location(file=file)
        self.memory_mb = memory_mb
        ctx = _fork_context()
        self._receive, send = ctx.Pipe(duplex=False)
        self._child = ctx.Process(target=_child, args=(send, func, args, kwargs, memory_mb), daemon=True)
        self._child.start()
        send.close()

    def wait(self, timeout: float, *, on_progress: ProgressHook | None = None,
             should_stop: Callable[[], bool] | None = None, tick: float = 0.25) -> Any:
        """The child's result; `TimedOut` after `timeout` seconds, `Stopped` once `should_stop()` says so.

        The child is killed on every way out; its errors are raised as in `run_guarded`."""
        end = time.monotonic() + timeout
        try:
            while True:
                remaining = end - time.monotonic()
                if remaining <= 0:
                    raise TimedOut(f"提取超时（超过 {timeout:g} 秒），文件可能过大或损坏", seconds=timeout,
                                   location=self.where)
                if self._receive.poll(min(tick, remaining)):
                    outcome, payload = self._message()
                    if outcome != "progress":
                        return _unwrap(outcome, payload, self.memory_mb, self.where)
                    if on_progress is not None:
                        on_progress(*payload)
                if should_stop is not None and should_stop():
                    raise Stopped()
        finally:
            self.kill()

    def _message(self) -> tuple[str, Any]:
        try:
            return self._receive.recv()  # type: ignore[no-any-return]
        except (EOFError, OSError):
            self._child.join(1)
            raise InputError(f"提取进程异常退出（退出码 {self._child.exitcode}），文件可能过大或损坏",
                             location=self.where) from None

    def kill(self) -> None:
        """Stop the child now (nothing if it has ended) and release the pipe."""
        if self._child.is_alive():
            self._child.kill()
        self._child.join(5)
        self._receive.close()


def start_guarded(func: Callable[..., Any], /, *args: Any, file: str | None = None, memory_mb: int | None = None,
                  **kwargs: Any) -> GuardedRun:
    """Start `func(*args, **kwargs)` in a guarded child and return at once (see `GuardedRun.wait`)."""
    memory_mb = get_settings().extract_memory_mb if memory_mb is None else memory_mb
    return GuardedRun(func, args, kwargs, file=file, memory_mb=memory_mb)


def run_guarded(func: Callable[..., T], /, *args: Any, file: str | None = None, timeout: float | None = None,
                memory_mb: int | None = None, **kwargs: Any) -> T:
    """`func(*args, **kwargs)` in a child process with a wall-clock and a memory limit.

    `func` and its arguments must be picklable (a module-level function, bytes, paths); so must
    its result. `file` names the input in the error messages. The limits default to the settings.
    """
    settings = get_settings()
    timeout = settings.extract_timeout_seconds if timeout is None else timeout
    if not timeout:
        return func(*args, **kwargs)
    result: T = start_guarded(func, *args, file=file, memory_mb=memory_mb, **kwargs).wait(timeout)
    return result


def _unwrap(outcome: str, payload: Any, memory_mb: int, where: Location) -> Any:
    if outcome == "ok":
        return payload
    if outcome == "error":
        kind, message, location = payload
        cls = getattr(errors, kind, InputError)
        raise cls(message, location=Location(**location) if location else None)
    if outcome == "memory":
        raise InputError(f"提取所需内存超过 {memory_mb} MB，文件可能过大或损坏", location=where)
    raise RuntimeError(f"提取进程内部错误：\n{payload}")


def _child(send: Any, func: Callable[..., Any], args: tuple[Any, ...], kwargs: dict[str, Any],
           memory_mb: int) -> None:
    """The child: cap the address space, run, send back the result or the error."""
    global _to_parent
    _to_parent = send
    try:
        if memory_mb:
            import resource

            limit = memory_mb * 1024 * 1024
            _, hard = resource.getrlimit(resource.RLIMIT_AS)
            resource.setrlimit(resource.RLIMIT_AS, (limit if hard == resource.RLIM_INFINITY else min(limit, hard),
                                                    hard))
        message: tuple[str, Any] = ("ok", func(*args, **kwargs))
    except EduplanError as exc:
        location = asdict(exc.location) if exc.location is not None else None
        message = ("error", (type(exc).__name__, exc.message, location))
    except MemoryError:
        message = ("memory", None)
    except BaseException:  # noqa: BLE001 - reported to the parent, which raises it
        message = ("crash", traceback.format_exc())
    try:
        send.send(message)
    except MemoryError:
        send.send(("memory", None))
    finally:
        send.close()
