"""The `eduplan` command: thin commands that parse, call one service and render.

Every command that writes owns its unit of work (commit on success, rollback on error).
Bad input prints one Chinese line saying what and where, and exits with status 2. Each
module of this package registers its commands on `app` when imported.
"""

from __future__ import annotations

import sys

from eduplan.cli import collect, data, inspect, monitor, ops, plans, regions, report, units, users  # noqa: F401  (registers the commands)
from eduplan.cli.app import app
from eduplan.cli.chinese import usage_error_message
from eduplan.cli.common import err

__all__ = ["app", "main"]


def main() -> None:
    """Entry point of the `eduplan` console script: usage errors are printed in Chinese."""
    from typer._click.exceptions import NoArgsIsHelpError, UsageError
    from typer.exceptions import Abort

    try:
        code = app(standalone_mode=False)
    except NoArgsIsHelpError as exc:
        exc.show()
        sys.exit(2)
    except UsageError as exc:
        hint = f"（运行“{exc.ctx.command_path} --help”查看用法）" if exc.ctx else ""
        err.print(f"错误：{usage_error_message(exc.format_message())}{hint}", markup=False)
        sys.exit(2)
    except Abort:
        err.print("已中止。", markup=False)
        sys.exit(1)
    sys.exit(code if isinstance(code, int) else 0)
