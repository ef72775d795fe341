"""The command speaks Chinese, also in the messages its argument parser prints."""

from __future__ import annotations

import subprocess
import sys

import pytest


def _eduplan(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", "from eduplan.cli import main; main()", *args], check=False,
                          capture_output=True, text=True)


def test_help_is_in_chinese() -> None:
    result = _eduplan("--help")
    assert result.returncode == 0
    assert "用法：" in result.stdout and "显示本帮助并退出" in result.stdout and "命令" in result.stdout
    assert "Show this message" not in result.stdout


@pytest.mark.parametrize(("args", "message"), [
    (("load",), "缺少参数"),
    (("frob",), "没有名为"),
    (("plans", "show", "1", "2"), "多余的参数"),
    (("serve", "--port", "abc"), "应为整数"),
])
def test_usage_errors_are_one_chinese_line_with_status_2(args: tuple[str, ...], message: str) -> None:
    result = _eduplan(*args)
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("错误：") and message in lines[0]
