"""Submission and approval of yearly figures: `eduplan data status|submit|approve|return|unlock`.

Each command acts as the account `--user` names, checked by the same policy as the web; without
it, as the operator of this machine with the rights of a system administrator (the CLI reaches
the database directly). A refusal prints the reason on one line and exits 2.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from eduplan.cli.app import app
from eduplan.cli.common import actor, database_url, out, print_table, region_option, run
from eduplan.core.access import Principal, Role
from eduplan.core.collection.approval import STATE_LABELS, TRANSITION_LABELS, Submission, Transition, china_time

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from eduplan.services.approval import StatusBoard

data_app = typer.Typer(help="年度数据的报送、审核、退回与解锁。", no_args_is_help=True)
app.add_typer(data_app, name="data")

Region = Annotated[str, typer.Option("--region", help="区县。", callback=region_option)]
Year = Annotated[int, typer.Option("--year", min=2000, max=2100, help="数据年度。")]
User = Annotated[str | None, typer.Option("--user", help="以哪个账号操作（默认：本机操作员，按系统管理员处理）。")]
Reason = Annotated[str, typer.Option("--reason", help="原因（必填）。")]


def _principal(session: Session, user: str | None) -> Principal:
    from eduplan.services.approval import principal_named

    if user is None:
        return Principal(username=actor(), role=Role.ADMIN)
    return principal_named(session=session, username=user)


def _when(s: Submission) -> str:
    return china_time(s.at) if s.at else ""


@data_app.command("status")
def status(year: Year, region: Annotated[str | None, typer.Option("--region", help="只看这个区县。", callback=region_option)] = None,
           user: User = None) -> None:
    """某年度各区县数据的报送状态（填报中、已报送、已审核、退回）。"""
    from eduplan.services.approval import known_region, status_board
    from eduplan.uow import unit_of_work

    def work() -> StatusBoard:
        with unit_of_work(database_url()) as session:
            who = _principal(session, user)
            regions = [known_region(session, region)] if region else None
            return status_board(session=session, year=year, user=who, regions=regions)

    board = run(work)
    rows = [[r.submission.region, str(year), r.label, str(r.figures),
             TRANSITION_LABELS[r.submission.last] if r.submission.last else "", r.submission.by or "",
             _when(r.submission), r.submission.reason or "",
             "、".join(TRANSITION_LABELS[t] for t in r.allowed)] for r in board.regions]
    print_table(["区县", "年度", "状态", "监测值", "最近操作", "操作人", "时间（北京时间）", "原因", "可执行"], rows,
                title=f"{year}年数据报送情况")
    out.print("；".join(f"{STATE_LABELS[s]}{n}个" for s, n in board.counts().items()), markup=False)


def _transition(transition: Transition, region: str, year: int, user: str | None, reason: str | None) -> None:
    from eduplan.services.approval import apply_transition
    from eduplan.uow import unit_of_work

    def work() -> Submission:
        with unit_of_work(database_url()) as session:
            return apply_transition(session=session, user=_principal(session, user), region=region, year=year,
                                    transition=transition, reason=reason)

    done = run(work)
    why = f"（原因：{done.reason}）" if done.reason else ""
    out.print(f"已{TRANSITION_LABELS[transition]}：{done.region}{done.year}年数据，现为“{STATE_LABELS[done.state]}”{why}",
              markup=False)


@data_app.command("submit")
def submit(region: Region, year: Year, user: User = None) -> None:
    """区县报送某年度数据（填报中或退回 → 已报送）。"""
    _transition(Transition.SUBMIT, region, year, user, None)


@data_app.command("approve")
def approve(region: Region, year: Year, user: User = None) -> None:
    """市教委审核通过（已报送 → 已审核），数据随即锁定。"""
    _transition(Transition.APPROVE, region, year, user, None)


@data_app.command("return")
def return_(region: Region, year: Year, reason: Reason, user: User = None) -> None:
    """市教委退回（已报送 → 退回），须说明原因。"""
    _transition(Transition.RETURN, region, year, user, reason)


@data_app.command("unlock")
def unlock(region: Region, year: Year, reason: Reason, user: User = None) -> None:
    """市教委解锁已审核的数据（已审核 → 填报中），须说明原因。"""
    _transition(Transition.UNLOCK, region, year, user, reason)
