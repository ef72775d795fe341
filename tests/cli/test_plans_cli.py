"""`eduplan load / export / plans` end to end through the command on SQLite."""

from __future__ import annotations

import json
from pathlib import Path

from eduplan.core.interchange import plan_to_dict
from eduplan.demo.build import bundled_plans

DEMO_PLAN = plan_to_dict(bundled_plans()[0])


def _write(path: Path, data: object) -> Path:
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def test_load_then_export_round_trips(run, tmp_path: Path) -> None:
    src = _write(tmp_path / "plan.json", DEMO_PLAN)
    assert run("load", src).exit_code == 0
    out = tmp_path / "out.json"
    result = run("export", DEMO_PLAN["plan"]["region"], "-o", out)
    assert result.exit_code == 0, result.output
    exported = json.loads(out.read_text(encoding="utf-8"))
    assert exported == DEMO_PLAN
    # and the export loads back unchanged
    again = run("load", out)
    assert again.exit_code == 0 and "未作改动" in again.stdout


def test_export_accepts_the_old_json_flag_and_writes_the_same_json(run, tmp_path: Path) -> None:
    assert run("load", _write(tmp_path / "plan.json", DEMO_PLAN)).exit_code == 0
    plain, flagged = tmp_path / "plain.json", tmp_path / "flagged.json"
    assert run("export", DEMO_PLAN["plan"]["region"], "-o", plain).exit_code == 0
    assert run("export", DEMO_PLAN["plan"]["region"], "--json", "-o", flagged).exit_code == 0
    assert plain.read_bytes() == flagged.read_bytes()
    assert "--json" not in run("export", "--help").stdout


def test_loading_the_same_plan_twice_changes_nothing(run, tmp_path: Path) -> None:
    src = _write(tmp_path / "plan.json", DEMO_PLAN)
    first = run("load", src)
    assert "已新建" in first.stdout
    second = run("load", src)
    assert second.exit_code == 0 and "未作改动" in second.stdout


def test_loading_a_changed_plan_updates_it_and_lists_the_change(run, tmp_path: Path) -> None:
    run("load", _write(tmp_path / "v1.json", DEMO_PLAN))
    changed = json.loads(json.dumps(DEMO_PLAN))
    changed["indicators"][1]["target"]["value"] += 1
    result = run("load", _write(tmp_path / "v2.json", changed))
    assert result.exit_code == 0
    assert "已更新" in result.stdout and changed["indicators"][1]["name"] in result.stdout
    # still one plan for the region: the region name alone resolves to it
    shown = run("plans", "show", DEMO_PLAN["plan"]["region"])
    assert shown.exit_code == 0, shown.output


def test_malformed_json_is_refused_with_its_line_and_nothing_is_written(run, tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{\n  "plan": {"region": "涪陵区",\n  oops\n}', encoding="utf-8")
    result = run("load", bad)
    assert result.exit_code == 2
    assert "bad.json" in result.stderr and "第3行" in result.stderr and "JSON" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert "还没有规划" in run("plans", "list").stdout


def test_wrong_field_type_names_the_field_path(run, tmp_path: Path) -> None:
    data = json.loads(json.dumps(DEMO_PLAN))
    data["indicators"][2]["values"]["2020"] = "很多"
    result = run("load", _write(tmp_path / "bad.json", data))
    assert result.exit_code == 2
    assert "indicators[2].values.2020" in result.stderr and "应为数字" in result.stderr
    assert "还没有规划" in run("plans", "list").stdout


def test_unknown_plan_reference_is_a_clear_error(run) -> None:
    result = run("plans", "show", "不存在的规划")
    assert result.exit_code == 2 and "不存在的规划" in result.stderr


def test_plans_show_prints_the_indicator_table(run, tmp_path: Path) -> None:
    run("load", _write(tmp_path / "plan.json", DEMO_PLAN))
    result = run("plans", "show", "1")
    assert result.exit_code == 0
    assert DEMO_PLAN["plan"]["title"] in result.stdout
    assert all(i["name"] in result.stdout for i in DEMO_PLAN["indicators"])


def test_debug_adds_the_traceback(run, tmp_path: Path) -> None:
    result = run("--debug", "load", tmp_path / "missing.json")
    assert result.exit_code == 2 and "Traceback" in result.stderr and "文件不存在" in result.stderr


def test_backup_and_restore_bring_back_the_backed_up_plans(run, tmp_path: Path) -> None:
    run("load", _write(tmp_path / "plan.json", DEMO_PLAN))
    backup = tmp_path / "backup.db"
    assert run("backup", backup).exit_code == 0 and backup.stat().st_size > 0
    changed = json.loads(json.dumps(DEMO_PLAN))
    changed["plan"]["title"] = "另一个规划"
    run("load", _write(tmp_path / "other.json", changed))
    assert "另一个规划" in run("plans", "list").stdout
    assert run("restore", backup).exit_code == 0
    listed = run("plans", "list").stdout
    assert "另一个规划" not in listed and DEMO_PLAN["plan"]["region"] in listed


def test_restore_from_a_missing_file_is_refused(run, tmp_path: Path) -> None:
    result = run("restore", tmp_path / "nope.db")
    assert result.exit_code == 2 and "备份文件不存在" in result.stderr


def test_db_upgrade_creates_the_database(run, data_dir: Path) -> None:
    result = run("db", "upgrade")
    assert result.exit_code == 0 and (data_dir / "eduplan.db").exists()


def test_demo_without_plan_documents_uses_bundled_facts(run, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("EDUPLAN_PLANS_DIR", str(tmp_path / "no-such-dir"))
    from eduplan.settings import get_settings

    get_settings.cache_clear()
    result = run("demo", "--no-serve")
    assert result.exit_code == 0, result.output
    assert "随软件提供的结构化数据" in result.stdout
    assert len(bundled_plans()) >= 1
    assert run("plans", "list").stdout.count("规划") >= 1


def test_loaded_plans_are_published_and_can_be_withdrawn_and_published_again(run, tmp_path: Path) -> None:
    run("load", _write(tmp_path / "plan.json", DEMO_PLAN))
    region = DEMO_PLAN["plan"]["region"]
    assert "已发布" in run("plans", "list").stdout
    withdrawn = run("plans", "unpublish", region)
    assert withdrawn.exit_code == 0 and "已撤回为草稿" in withdrawn.stdout
    assert "草稿" in run("plans", "list").stdout
    assert "当前状态为“草稿”，未作改动" in run("plans", "unpublish", region).stdout
    published = run("plans", "publish", region)
    assert published.exit_code == 0 and "已发布" in published.stdout
    missing = run("plans", "publish", "999")
    assert missing.exit_code == 2 and "找不到规划" in missing.output


def test_plans_delete_deletes_without_asking_and_is_audited(run, tmp_path: Path) -> None:
    run("load", _write(tmp_path / "plan.json", DEMO_PLAN))
    region = DEMO_PLAN["plan"]["region"]
    deleted = run("plans", "delete", region)
    assert deleted.exit_code == 0 and f"已删除{region}规划" in deleted.stdout
    assert region not in run("plans", "list").stdout
    again = run("plans", "delete", region)
    assert again.exit_code == 2 and "找不到规划" in again.output
