"""The command works the same on PostgreSQL, selected with EDUPLAN_DATABASE_URL."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from eduplan.cli import app
from eduplan.core.interchange import plan_to_dict
from eduplan.demo.build import bundled_plans
from eduplan.settings import get_settings


@pytest.fixture
def run_pg(pg_url: str, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("EDUPLAN_DATABASE_URL", pg_url)
    get_settings.cache_clear()
    runner = CliRunner()
    yield lambda *args: runner.invoke(app, [str(a) for a in args], catch_exceptions=False)
    get_settings.cache_clear()


def test_load_export_round_trip_on_postgresql(run_pg, tmp_path: Path) -> None:
    data = plan_to_dict(bundled_plans()[0])
    src = tmp_path / "plan.json"
    src.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    assert run_pg("load", src).exit_code == 0
    assert "未作改动" in run_pg("load", src).stdout
    out = tmp_path / "out.json"
    assert run_pg("export", data["plan"]["region"], "-o", out).exit_code == 0
    assert json.loads(out.read_text(encoding="utf-8")) == data


def test_backup_and_restore_on_postgresql(run_pg, tmp_path: Path) -> None:
    first, second = (plan_to_dict(p) for p in bundled_plans()[:2])
    for n, data in enumerate((first, second)):
        path = tmp_path / f"p{n}.json"
        path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        if n == 0:
            run_pg("load", path)
            assert run_pg("backup", tmp_path / "pg.dump").exit_code == 0
        else:
            run_pg("load", path)
    assert second["plan"]["title"] in run_pg("plans", "list").stdout
    result = run_pg("restore", tmp_path / "pg.dump")
    assert result.exit_code == 0, result.output
    listed = run_pg("plans", "list").stdout
    assert first["plan"]["title"] in listed and second["plan"]["title"] not in listed
