"""Run the `eduplan` command in-process against a fresh SQLite database per test."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from eduplan.cli import app
from eduplan.settings import get_settings


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """An empty data directory that the settings point at."""
    d = tmp_path / "data"
    monkeypatch.setenv("EDUPLAN_DATA_DIR", str(d))
    monkeypatch.delenv("EDUPLAN_DATABASE_URL", raising=False)
    monkeypatch.delenv("EDUPLAN_ENV", raising=False)
    get_settings.cache_clear()
    yield d
    get_settings.cache_clear()


@pytest.fixture
def run(data_dir: Path) -> Callable[..., Result]:
    """Invoke `eduplan ARGS…` and return the result (exit code, stdout, stderr)."""
    runner = CliRunner()

    def invoke(*args: str) -> Result:
        return runner.invoke(app, [str(a) for a in args], catch_exceptions=False)

    return invoke
