"""`eduplan extract` goes through the guarded extraction: its time limit stops it with a Chinese message."""

from __future__ import annotations

from pathlib import Path

import pytest

from eduplan.services import guarded
from eduplan.settings import get_settings


def test_extract_stops_at_the_time_limit(run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    plan = tmp_path / "规划.txt"
    plan.write_text("重庆市涪陵区教育事业发展规划\n一、目标\n" * 2000, encoding="utf-8")
    tiny = get_settings().model_copy(update={"extract_timeout_seconds": 0.001})
    monkeypatch.setattr(guarded, "get_settings", lambda: tiny)
    result = run("extract", plan)
    assert result.exit_code == 2
    assert "规划.txt：提取超时（超过 0.001 秒），文件可能过大或损坏" in result.output
