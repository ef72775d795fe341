"""Typed request dependencies: the unit of work, the signed-in user, and the one access check.

Every route that reads something private or writes anything declares
`authorize(action, scope)`: `scope` says what the request touches (a `Resource`), and the
pure policy `core.access.can` decides. No route checks roles itself.
"""


import datetime as dt
from collections.abc import AsyncIterator, Callable, Iterator
from typing import Annotated, Any

from fastapi import Depends, Request
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool

from eduplan.core.access import ROLE_TITLES, Action, Kind, Principal, Resource, can
from eduplan.core.errors import NotFoundError
from eduplan.services.accounts import get_principal
from eduplan.services.web_sessions import resolve_session
from eduplan.uow import unit_of_work
from eduplan.web.csrf import SESSION_ID_KEY
from eduplan.web.errors import AccessDenied, LoginRequired

ACTION_LABELS = {Action.READ: "查看", Action.WRITE: "修改", Action.IMPORT: "导入", Action.SUBMIT: "报送",
                 Action.REVIEW: "审核"}
KIND_LABELS = {Kind.PLAN: "规划", Kind.INDICATOR: "指标", Kind.TASK: "任务", Kind.PROJECT: "项目",
               Kind.DRAFT: "上传的规划", Kind.JOB: "后台任务",
               Kind.AUDIT: "审计日志", Kind.ASSIGNMENT: "任务分配", Kind.SUBMISSION: "年度数据"}


def get_session(request: Request) -> Iterator[Session]:
    """One unit of work per request: committed before the response when the route succeeds."""
    with unit_of_work(request.app.state.database_url) as session:
        yield session


# "function" scope: the commit happens before the response leaves, so a redirect after a
# write never reaches a page that cannot see it yet.
SessionDep = Annotated[Session, Depends(get_session, scope="function")]


def current_user(request: Request, session: SessionDep) -> Principal | None:
    """The signed-in user (None for a visitor): the cookie's session id must name a session record
    that is not revoked, idle or past its end, of an active account; otherwise the cookie is cleared."""
    user = None
    token = request.session.get(SESSION_ID_KEY)
    if isinstance(token, str):
        idle = dt.timedelta(minutes=request.app.state.settings.session_idle_minutes)
        check = resolve_session(session=session, token=token, idle=idle)
        if check.user_id is not None:
            try:
                user = get_principal(session=session, user_id=check.user_id)
            except NotFoundError:
                pass
        if user is None:
            request.session.clear()
    request.state.user = user
    return user


UserDep = Annotated[Principal | None, Depends(current_user)]


async def read_session(request: Request, user: UserDep, session: SessionDep) -> AsyncIterator[Session]:
    """The session a public board is read from: for a visitor who is not signed in, one on the read
    replica (EDUPLAN_READ_DATABASE_URL) when it answers; else — a signed-in user, who writes and
    must read their own writes, no replica, or a replica that cannot be reached (warned in the
    log, store/replica.py) — the request's own session on the primary. Everything the request
    reads for the board then comes from that one database, its data versions included."""
    replica = getattr(request.app.state, "replica", None)
    found = await run_in_threadpool(replica.session) if replica is not None and user is None else None
    if found is None:
        yield session
        return
    try:
        yield found
    finally:
        await run_in_threadpool(found.close)  # read-only: nothing to commit


ReadSessionDep = Annotated[Session, Depends(read_session, scope="function")]


def release_connection(session: Session) -> None:
    """End a session's read-only transaction between two trips to the thread pool, committing what
    it kept (a cached page's row): a request waiting on the event loop then holds no pooled
    connection. Otherwise a burst on a cold server (every thread waiting for a connection, every
    connection held by a request waiting for a thread) stands still until the pool times out.
    A session with changes of its own keeps its transaction."""
    if session.in_transaction() and not (session.new or session.dirty or session.deleted):
        session.commit()


def authorize(action: Action, scope: Callable[..., Resource]) -> Any:
    """A dependency that lets the request through only if the policy allows `action` on `scope`."""

    # async: the policy is pure, so the check needs no trip to the thread pool.
    async def check(user: UserDep, resource: Annotated[Resource, Depends(scope)]) -> Principal | None:
        return enforce(user, action, resource)

    check.authorizes = (action, scope)  # type: ignore[attr-defined]  # read by the route audit test
    return Depends(check)


def enforce(user: Principal | None, action: Action, resource: Resource) -> Principal | None:
    """The user if the policy allows `action` on `resource`; else the login page (a visitor) or a
    refusal. What `authorize` checks, for a dependency that declares it in one piece
    (`monitoring_scopes.read_public_region`, marked with `authorizes` as `authorize` is)."""
    if can(user, action, resource):
        return user
    if user is None:
        raise LoginRequired("请先登录后再进行此操作")
    raise AccessDenied(refusal(user, action, resource))


def refusal(user: Principal, action: Action, resource: Resource) -> str:
    """Why the policy refused, in Chinese."""
    who = f"用户“{user.username}”（{ROLE_TITLES[user.role]}{'·' + user.region if user.region else ''}）"
    what = KIND_LABELS[resource.kind] + (f"（属于{resource.region}）" if resource.region else "")
    return f"{who}无权{ACTION_LABELS[action]}{what}"


def actor(user: Principal | None) -> str:
    """The name recorded in the audit trail for a write."""
    if user is None:  # authorize() lets no anonymous write through; this is a guard
        raise LoginRequired("请先登录后再进行此操作")
    return user.username
