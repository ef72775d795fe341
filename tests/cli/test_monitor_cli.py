"""Monitoring commands end to end on a demo database (bundled plans + seeded 模拟数据)."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from eduplan.cli import app
from eduplan.demo.build import build_demo
from eduplan.settings import get_settings
from eduplan.uow import unit_of_work


@pytest.fixture(scope="module")
def demo_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    data = tmp_path_factory.mktemp("demo")
    url = f"sqlite:///{data / 'eduplan.db'}"
    with unit_of_work(url) as session:
        build_demo(session=session, plans_dir=None)
    return data


@pytest.fixture
def run(demo_dir: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("EDUPLAN_DATA_DIR", str(demo_dir))
    monkeypatch.delenv("EDUPLAN_DATABASE_URL", raising=False)
    get_settings.cache_clear()
    runner = CliRunner()
    yield lambda *args: runner.invoke(app, [str(a) for a in args], catch_exceptions=False)
    get_settings.cache_clear()


def test_progress_lists_every_target_with_status_and_reason(run) -> None:
    result = run("progress", "--region", "涪陵区", "--year", "2024")
    assert result.exit_code == 0, result.output
    assert "学前三年毛入园率" in result.stdout and "按规划进度" in result.stdout and "R=" not in result.stdout


def test_tasks_board_summarises_by_unit(run) -> None:
    result = run("tasks", "--region", "黔江区")
    assert result.exit_code == 0, result.output
    assert "区教委" in result.stdout and "逾期" in result.stdout


def test_projects_show_execution(run) -> None:
    result = run("projects", "--region", "渝中区", "--year", "2024")
    assert result.exit_code == 0, result.output
    assert "执行率" in result.stdout


def test_funding_rules_give_verdicts(run) -> None:
    result = run("funding", "--region", "璧山区", "--year", "2024")
    assert result.exit_code == 0, result.output
    assert "两个只增不减" in result.stdout or "只增不减" in result.stdout


def test_evaluate_stores_a_snapshot_and_compares_with_the_previous(run, tmp_path: Path) -> None:
    out = tmp_path / "eval.json"
    result = run("evaluate", "--region", "南川区", "--kind", "final", "--year", "2024", "-o", out)
    assert result.exit_code == 0, result.output
    assert "已保存评估" in result.stdout and "与上一次评估" in result.stdout
    assert out.exists()
    listed = run("evaluations", "list", "--region", "南川区")
    assert listed.stdout.count("南川区") >= 3
    evaluation_id = result.stdout.split("编号 ")[1].split("）")[0]
    reproduced = run("evaluations", "show", evaluation_id, "--reproduce")
    assert "可以复现" in reproduced.stdout


def test_evaluate_lists_each_status_change_when_the_new_evaluation_differs(run) -> None:
    # The demo's latest evaluation of 南川区 is the 2024 annual one; an earlier year differs from it.
    result = run("evaluate", "--region", "南川区", "--kind", "annual", "--year", "2022")
    assert result.exit_code == 0, result.output
    assert "状态变化" in result.stdout
    assert "  · " in result.stdout and "→" in result.stdout


def test_compare_ranks_regions_on_a_synonym(run) -> None:
    result = run("compare", "--indicator", "毛入园率", "--year", "2024")
    assert result.exit_code == 0, result.output
    assert "涪陵区" in result.stdout and "（模拟数据）" in result.stdout


def test_compare_under_a_city_lists_its_counties_and_an_unknown_one_is_named(run) -> None:
    result = run("compare", "--indicator", "毛入园率", "--year", "2024", "--under", "重庆市")
    assert result.exit_code == 0, result.output
    assert "重庆市各区县" in result.stdout and "涪陵区" in result.stdout
    unknown = run("compare", "--indicator", "毛入园率", "--year", "2024", "--under", "火星市")
    assert unknown.exit_code != 0 and "火星市" in unknown.output


@pytest.mark.parametrize("args", [("progress", "--year", "2024"), ("tasks",), ("funding", "--year", "2024"),
                                  ("evaluate", "--kind", "special", "--year", "2024")])
def test_every_monitoring_command_marks_the_demo_s_simulated_figures(run, args: tuple[str, ...]) -> None:
    result = run(args[0], "--region", "涪陵区", *args[1:])
    assert result.exit_code == 0, result.output
    assert "【模拟数据" in result.stdout


def test_a_table_without_simulated_figures_is_not_marked(run) -> None:
    empty = run("projects", "--region", "涪陵区", "--year", "2024")  # its plan lists no projects
    assert empty.exit_code == 0 and "模拟数据" not in empty.stdout
    shown = run("projects", "--region", "渝中区", "--year", "2024")
    assert shown.exit_code == 0 and "【模拟数据" in shown.stdout


def test_unknown_region_is_a_clear_error(run) -> None:
    result = run("progress", "--region", "不存在区", "--year", "2024")
    assert result.exit_code == 2 and "不存在区" in result.stderr


def test_evaluate_under_a_city_stores_one_evaluation_per_district_with_a_published_plan(run) -> None:
    before = run("evaluations", "list").stdout.count("\n")
    result = run("evaluate", "--under", "重庆市", "--kind", "midterm", "--year", "2023")
    assert result.exit_code == 0, result.output
    assert "已保存 重庆市2023年中期评估 5 份" in result.stdout
    for district in ("璧山区", "涪陵区", "南川区", "黔江区", "渝中区"):
        assert district in result.stdout
    assert "目标" in result.stdout and "【模拟数据】" in result.stdout  # the demo's figures are simulated
    assert run("evaluations", "list").stdout.count("\n") == before + 5
    code = run("evaluate", "--under", "500000", "--kind", "midterm", "--year", "2023")  # by code too
    assert code.exit_code == 0 and "5 份" in code.stdout


def test_evaluate_under_writes_every_payload_to_one_json_file(run, tmp_path: Path) -> None:
    import json

    out = tmp_path / "all.json"
    assert run("evaluate", "--under", "重庆市", "--kind", "special", "--year", "2024", "-o", out).exit_code == 0
    written = json.loads(out.read_text(encoding="utf-8"))
    assert sorted(e["region"] for e in written) == ["南川区", "涪陵区", "渝中区", "璧山区", "黔江区"]
    assert all(e["summary"]["targets"] > 0 for e in written)


@pytest.mark.parametrize("args", [("--region", "涪陵区", "--under", "重庆市"), ()])
def test_evaluate_needs_exactly_one_of_region_and_under(run, args: tuple[str, ...]) -> None:
    result = run("evaluate", "--kind", "annual", "--year", "2024", *args)
    assert result.exit_code == 2 and "二选一" in result.stderr


def test_evaluate_under_a_region_without_plans_is_a_clear_error(run) -> None:
    result = run("evaluate", "--under", "万州区", "--kind", "annual", "--year", "2024")
    assert result.exit_code == 2 and "万州区及其下级地区没有已发布的规划" in result.stderr
