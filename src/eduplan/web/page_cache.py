"""Cached page contexts at the web edge: ETags, 304 Not Modified, and a per-process copy.

The truth is in the database (services/page_cache.py): a context is served for the data versions
current at the request. This process keeps the parsed contexts it served last, each under the
stamp it was computed at, so a request whose stamp is unchanged costs one query; a stamp changed
by any worker's write makes the copy unusable at once. The ETag is a digest of the context's
kind, key and stamp (for a page also of the reader and the form token it carries): a request
whose `If-None-Match` names it is answered 304 before anything is read or rendered.

A context read from the read replica (a visitor's board, store/replica.py) carries the standby's
own stamp, and is kept here only: the standby's `cached_pages` is read-only. It is kept apart
from the primary's copy of the same (kind, key): either is right at its own stamp (the same
tokens are the same state), but while the standby lags the two stamps differ, and one slot would
be recomputed by each side in turn.
"""

from __future__ import annotations

import dataclasses
import hashlib
import secrets
import threading
from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TypeVar

from fastapi import Request
from fastapi.responses import HTMLResponse, Response
from pydantic import BaseModel
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from eduplan.services.page_cache import cached_page, current_stamp, known_stamp, reads_replica, session_stamp
from eduplan.web.csrf import csrf_token
from eduplan.web.deps import release_connection
from eduplan.web.render import TEMPLATES, layout, render

T = TypeVar("T", bound=BaseModel)
#: Parsed contexts kept per process (least recently used dropped first).
MEMO_SIZE = 512
#: Browsers keep the page but ask each time whether it changed.
CACHE_CONTROL = "private, no-cache"
_ETAG_KEY = "etag"
#: Appended to a context's kind in this process's copy when it was read from the read replica.
REPLICA_SLOT = "@replica"


class NotModified(Exception):
    """The client's copy (its `If-None-Match`) is current."""

    def __init__(self, etag: str) -> None:
        super().__init__(etag)
        self.etag = etag


@dataclass
class _Entry:
    """A context served at `stamp`: parsed, as JSON, and as pages rendered for kinds of reader."""

    stamp: str
    page: BaseModel
    json: bytes | None = None
    html: dict[tuple[object, ...], tuple[bytes, ...]] = field(default_factory=dict)


class _Memo:
    """The entries of this process by (kind, key), least recently used dropped first."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._items: OrderedDict[tuple[str, str], _Entry] = OrderedDict()
        self._computing: dict[tuple[str, str], threading.Lock] = {}
        self._lock = threading.Lock()

    def get(self, kind: str, key: str, stamp: str) -> _Entry | None:
        with self._lock:
            found = self._items.get((kind, key))
            if found is None or found.stamp != stamp:
                return None
            self._items.move_to_end((kind, key))
            return found

    def put(self, kind: str, key: str, entry: _Entry) -> None:
        with self._lock:
            self._items[(kind, key)] = entry
            self._items.move_to_end((kind, key))
            while len(self._items) > self.size:
                self._items.popitem(last=False)

    def lock_for(self, kind: str, key: str) -> threading.Lock:
        """The lock held while (kind, key) is computed."""
        with self._lock:
            return self._computing.setdefault((kind, key), threading.Lock())

    def clear(self) -> None:
        with self._lock:
            self._items.clear()
            self._computing.clear()


MEMO = _Memo(MEMO_SIZE)
#: Stands for the reader's form token in a page rendered once for many readers.
_TOKEN_MARK = "csrf-mark-" + secrets.token_hex(16)


async def cached_context(request: Request, session: Session, model: type[T], *, kind: str, key: str,
                         scopes: Sequence[str] | None, compute: Callable[[], T]) -> T:
    """The context (kind, key) at the current data versions; raises `NotModified` when the client has it.

    Served from this process's copy without leaving the event loop when the request's stamp is
    known already (read by its access check); anything that reads the database goes to the
    thread pool, as a sync route would."""
    stamp = known_stamp(session=session, scopes=scopes)
    if stamp is None:
        stamp = await run_in_threadpool(lambda: session_stamp(session=session, scopes=scopes))
    _check_client_copy(request, etag_of(request, kind, key, stamp))
    slot = kind + REPLICA_SLOT if reads_replica(session) else kind
    entry = MEMO.get(slot, key, stamp)
    if entry is None or not isinstance(entry.page, model):
        entry = await run_in_threadpool(_compute_once, session, model, kind, key, scopes, compute, slot)
    request.state.etag = etag_of(request, kind, key, entry.stamp)
    request.state.cached_entry = entry
    return entry.page  # type: ignore[return-value]  # checked by isinstance above or built as `model`


def _compute_once(session: Session, model: type[T], kind: str, key: str, scopes: Sequence[str] | None,
                  compute: Callable[[], T], slot: str) -> _Entry:
    # One thread of this process computes a context; the others wait for it rather than all
    # computing the same thing at once after a write (they share two cores).
    with MEMO.lock_for(slot, key):
        stamp = current_stamp(session=session, scopes=scopes)
        entry = MEMO.get(slot, key, stamp)
        if entry is None or not isinstance(entry.page, model):
            entry = _load_or_compute(session, model, kind=kind, key=key, scopes=scopes, compute=compute)
            MEMO.put(slot, key, entry)
    release_connection(session)  # the page is kept: nothing left to read in this request's transaction
    return entry


def _load_or_compute(session: Session, model: type[T], *, kind: str, key: str, scopes: Sequence[str] | None,
                     compute: Callable[[], T]) -> _Entry:
    computed: list[T] = []

    def payload() -> str:
        computed.append(compute())
        return computed[-1].model_dump_json()

    found = cached_page(session=session, kind=kind, key=key, scopes=scopes, compute=payload)
    page = computed[-1] if found.computed else model.model_validate_json(found.payload)
    return _Entry(found.stamp, page, json=found.payload.encode("utf-8"))


def json_response(request: Request, page: BaseModel) -> Response:
    """The context as JSON: the bytes kept with a cached context, else serialised now."""
    entry = getattr(request.state, "cached_entry", None)
    body = entry.json if isinstance(entry, _Entry) and entry.page is page and entry.json else None
    return Response(body or page.model_dump_json().encode("utf-8"), media_type="application/json")


def render_page(request: Request, template: str, page: BaseModel) -> HTMLResponse:
    """The page rendered once per kind of reader (user, menu, path) and kept with its context;
    the reader's own form token is put in on the way out."""
    entry = getattr(request.state, "cached_entry", None)
    if not isinstance(entry, _Entry) or entry.page is not page:
        return render(request, template, page)
    frame = layout(request)
    variant = (template, frame.user.model_dump_json() if frame.user else None, frame.can_upload, frame.can_audit, frame.echarts_available, frame.path)
    parts = entry.html.get(variant)
    if parts is None:
        context = {"page": page, "layout": dataclasses.replace(frame, csrf_token=_TOKEN_MARK), "request": request}
        html = TEMPLATES.get_template(template).render(context)
        # kept encoded, cut where the token goes: a request joins bytes, nothing is encoded again
        parts = entry.html[variant] = tuple(html.encode("utf-8").split(_TOKEN_MARK.encode("ascii")))
    return HTMLResponse(frame.csrf_token.encode("ascii").join(parts))


def etag_of(request: Request, kind: str, key: str, stamp: str) -> str:
    """The entity tag of a context: its data, and for a page the reader and the form token in it."""
    parts = [kind, key, stamp]
    if not request.url.path.startswith("/api/"):
        user = getattr(request.state, "user", None)
        parts += ["html", user.username if user else "", csrf_token(request)]
    return 'W/"' + hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()[:32] + '"'


def _check_client_copy(request: Request, etag: str) -> None:
    given = request.headers.get("if-none-match")
    if given is None:
        return
    tags = {t.strip() for t in given.split(",")}
    # Weak comparison (RFC 9110 13.1.2): W/"x" and "x" name the same copy.
    if "*" in tags or etag in tags or etag.removeprefix("W/") in tags:
        raise NotModified(etag)


def not_modified(_request: Request, exc: Exception) -> Response:
    """304 with the entity tag, no body."""
    etag = exc.etag if isinstance(exc, NotModified) else ""
    return Response(status_code=304, headers={"ETag": etag, "Cache-Control": CACHE_CONTROL})


class ETagHeaders:
    """Puts the ETag a route's context left in `request.state` on its successful response."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_etag(message: Message) -> None:
            if message["type"] == "http.response.start" and message["status"] == 200:
                etag = scope.get("state", {}).get(_ETAG_KEY)
                if etag:
                    headers = list(message.get("headers", []))
                    headers += [(b"etag", etag.encode("latin-1")), (b"cache-control", CACHE_CONTROL.encode())]
                    message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_with_etag)
