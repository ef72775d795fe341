"""`eduplan inspect checklist / confirm / readiness`: the bureau's confirmations from the command line."""

from __future__ import annotations

from pathlib import Path

from tests.cli.test_inspect_cli import REGION, _fill
from tests.exchange.test_schools import GOOD_ROWS

KEY = "balance.veto.key_schools"


def test_confirm_lists_and_holds_readiness_back(run, tmp_path: Path) -> None:
    template = tmp_path / "t.xlsx"
    run("schools", "template", template)
    assert run("schools", "import", _fill(template, GOOD_ROWS, tmp_path / "f.xlsx")).exit_code == 0
    listed = run("inspect", "checklist", "--region", REGION, "--year", 2024)
    assert listed.exit_code == 0 and KEY in listed.stdout and "待确认" in listed.stdout, listed.output
    done = run("inspect", "confirm", "--region", REGION, "--year", 2024, "--item", KEY, "--holds", "--note", "无重点班")
    assert done.exit_code == 0 and "已记录" in done.stdout and "第1版" in done.stdout, done.output
    again = run("inspect", "confirm", "--region", REGION, "--year", 2024, "--item", KEY, "--fails")
    assert again.exit_code == 2 and "现为第1版" in again.stderr  # an existing answer is not overwritten blindly
    changed = run("inspect", "confirm", "--region", REGION, "--year", 2024, "--item", KEY, "--fails",
                  "--expect-version", 1)
    assert changed.exit_code == 0 and "不符合" in changed.stdout
    ready = run("inspect", "readiness", "--region", REGION, "--year", 2024)
    assert ready.exit_code == 0 and "一票否决" in ready.stdout and "不符合" in ready.stdout, ready.output


def test_an_unknown_item_exits_2_with_the_reason(run) -> None:
    result = run("inspect", "confirm", "--region", REGION, "--year", 2024, "--item", "balance.veto.x", "--holds")
    assert result.exit_code == 2 and "不是督导评估的确认事项" in result.stderr
