"""The `eduplan` command: thin commands that parse, call one service and render.

Every command that writes owns its unit of work (commit on success, rollback on error).
Bad input prints one Chinese line saying what and where, and exits with status 2. Each
module of this package registers its commands on `app` when imported.
"""

from __future__ import annotations

from eduplan.cli import ops, plans  # noqa: F401  (registers the commands)
from eduplan.cli.app import app

__all__ = ["app", "main"]


def main() -> None:
    """Entry point of the `eduplan` console script."""
    app()
