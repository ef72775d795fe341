"""What every command shares: consoles, the one error handler, progress bars, tables."""

from __future__ import annotations

import getpass
import json
import sys
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any, NoReturn, TypeVar

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from eduplan.core.errors import EduplanError, InputError, Location

out = Console(highlight=False, soft_wrap=True)
err = Console(stderr=True, highlight=False, soft_wrap=True)

state: dict[str, bool] = {"debug": False}

T = TypeVar("T")


def fail(exc: BaseException) -> NoReturn:
    """Print the error on one Chinese line (with the traceback under --debug) and exit 2."""
    if state["debug"]:
        traceback.print_exception(exc, file=sys.stderr)
    err.print(f"错误：{exc}", markup=False)
    raise typer.Exit(2)


def run(work: Callable[[], T]) -> T:
    """Run a command's work, turning eduplan errors into one Chinese line and exit status 2."""
    try:
        return work()
    except EduplanError as exc:
        fail(exc)
    except OSError as exc:
        fail(InputError(f"文件读写失败：{exc.strerror or exc}", location=Location(file=exc.filename)))


def region_option(value: str | None) -> str | None:
    """A `--region` as the store keys it: a code or a name resolved by services.regions (a name two
    stored regions share is refused with its candidates, exit 2); one not stored passes unchanged
    for the command to refuse in its own words."""
    if value is None:
        return None
    from sqlalchemy.exc import SQLAlchemyError

    from eduplan.core.errors import NotFoundError
    from eduplan.services.regions import resolve_key
    from eduplan.uow import unit_of_work

    try:
        with unit_of_work(database_url()) as session:
            return resolve_key(session, value, field="--region")
    except NotFoundError:
        return value
    except EduplanError as exc:
        fail(exc)
    except SQLAlchemyError:  # no database yet (or not migrated): the command itself says so
        return value


def database_url() -> str:
    """The database URL in force (settings are read here, on first use)."""
    from eduplan.settings import get_settings

    return get_settings().resolved_database_url


def actor() -> str:
    """Who is acting, for the audit log: the operating-system user."""
    try:
        return f"cli:{getpass.getuser()}"
    except (KeyError, OSError):
        return "cli"


def progress_bar() -> Progress:
    """A progress bar on standard error (hidden when it is not a terminal)."""
    return Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                    TimeElapsedColumn(), console=err, transient=True,
                    disable=not err.is_terminal)


def print_table(headers: list[str], rows: list[list[str]], *, title: str | None = None) -> None:
    """A boxed table on a terminal; tab-separated lines when the output is piped or captured."""
    if not out.is_terminal:
        if title:
            out.print(title, markup=False)
        for row in [headers, *rows]:
            out.print("\t".join(row), markup=False, crop=False, overflow="ignore")
        return
    table = Table(title=title)
    for header in headers:
        table.add_column(header, overflow="fold")
    for row in rows:
        table.add_row(*row)
    out.print(table)


def print_json(data: Any, output: Path | None) -> None:
    text = json.dumps(data, ensure_ascii=False, indent=2)
    if output:
        output.write_text(text + "\n", encoding="utf-8")
        err.print(f"已写入 {output}", markup=False)
    else:
        sys.stdout.write(text + "\n")


