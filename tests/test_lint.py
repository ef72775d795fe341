"""The code passes its linters: ruff over src, tests and benchmarks, mypy over the package and the benchmarks.

Run in the suite so that a clean checkout's `make test` refuses what `make lint` would; both
tools read their settings from pyproject.toml.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


def _run(*command: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, cwd=REPO, capture_output=True, text=True, timeout=600, check=False)


@pytest.mark.parametrize("tool", ["ruff", "mypy"])
def test_the_linter_finds_nothing(tool: str, tmp_path: Path) -> None:
    exe = BIN / tool
    if not exe.exists():
        pytest.skip(f"{tool} 未安装在 {BIN}（scripts/setup.sh --test 安装它）")
    if tool == "ruff":
        done = _run(str(exe), "check", "--no-cache", "src", "tests", "benchmarks")
    else:
        done = _run(str(exe), "--cache-dir", str(tmp_path / "mypy-cache"))
    assert done.returncode == 0, f"{tool} 报告问题：\n{done.stdout}\n{done.stderr}"
