"""Run expensive extraction off the request thread: in a child process, with a time and a memory limit.

A hostile or damaged document that the readers' limits do not catch must still not hold a server
thread for minutes or eat the machine's memory. `run_guarded(func, *args)` runs `func` in a child
process forked from a small, preloaded fork server (safe from a threaded web server, and cheap: the
readers are imported once). The child's address space is capped (`RLIMIT_AS`); the parent waits
at most the time limit, then kills the child. Every way of failing becomes a Chinese `InputError`,
except a bug in eduplan itself, which is raised as a `RuntimeError` with the child's traceback.

Limits come from the settings: `EDUPLAN_EXTRACT_TIMEOUT_SECONDS` and `EDUPLAN_EXTRACT_MEMORY_MB`
(docs/settings.md); a timeout of 0 runs `func` in this process, without limits.
"""

from __future__ import annotations

import multiprocessing
import threading
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


def run_guarded(func: Callable[..., T], /, *args: Any, file: str | None = None, timeout: float | None = None,
                memory_mb: int | None = None, **kwargs: Any) -> T:
    """`func(*args, **kwargs)` in a child process with a wall-clock and a memory limit.

    `func` and its arguments must be picklable (a module-level function, bytes, paths); so must
    its result. `file` names the input in the error messages. The limits default to the settings.
    """
    settings = get_settings()
    timeout = settings.extract_timeout_seconds if timeout is None else timeout
    memory_mb = settings.extract_memory_mb if memory_mb is None else memory_mb
    if not timeout:
        return func(*args, **kwargs)
    where = Location(file=file)
    ctx = _fork_context()
    receive, send = ctx.Pipe(duplex=False)
    child = ctx.Process(target=_child, args=(send, func, args, kwargs, memory_mb), daemon=True)
    child.start()
    send.close()
    try:
        if not receive.poll(timeout):
            raise InputError(f"提取超时（超过 {timeout:g} 秒），文件可能过大或损坏", location=where)
        try:
            outcome, payload = receive.recv()
        except (EOFError, OSError):
            child.join(1)
            raise InputError(f"提取进程异常退出（退出码 {child.exitcode}），文件可能过大或损坏",
                             location=where) from None
    finally:
        receive.close()
        if child.is_alive():
            child.kill()
        child.join(5)
    return _unwrap(outcome, payload, memory_mb, where)


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
