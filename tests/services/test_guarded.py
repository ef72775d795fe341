"""Extraction runs in a child process with a time and a memory limit; every failure is a Chinese InputError."""

from __future__ import annotations

import time

import pytest

from eduplan.core.errors import InputError
from eduplan.core.plan import Plan
from eduplan.services.documents import extract_file, extract_upload
from eduplan.services.guarded import run_guarded
from eduplan.settings import get_settings

PLAN = "重庆市涪陵区教育事业发展“十四五”规划\n一、主要目标\n到2025年，学前三年毛入园率达到95%。\n"


def test_a_slow_task_is_killed_at_the_time_limit() -> None:
    start = time.perf_counter()
    with pytest.raises(InputError) as info:
        run_guarded(time.sleep, 30, timeout=0.5, file="规划.docx")
    assert time.perf_counter() - start < 10
    assert str(info.value) == "规划.docx：提取超时（超过 0.5 秒），文件可能过大或损坏"
    assert info.value.location is not None and info.value.location.file == "规划.docx"


def test_a_task_over_the_memory_limit_is_stopped() -> None:
    with pytest.raises(InputError, match="提取所需内存超过 512 MB"):
        run_guarded(bytearray, 3 * 1024**3, timeout=60, memory_mb=512)


def test_the_child_runs_under_the_address_space_limit() -> None:
    import resource

    soft, _ = run_guarded(resource.getrlimit, resource.RLIMIT_AS, timeout=60, memory_mb=1536)
    assert soft == 1536 * 1024 * 1024


def test_input_errors_come_back_with_their_location() -> None:
    with pytest.raises(InputError) as info:
        extract_upload(data=b"   ", filename="plan.txt")
    assert info.value.message == "文件为空" and info.value.location.file == "plan.txt"


def test_a_bug_in_the_child_is_not_disguised_as_an_input_error() -> None:
    with pytest.raises(RuntimeError, match="ValueError"):
        run_guarded(int, "not a number", timeout=60)


def test_extraction_result_comes_back_from_the_child(tmp_path) -> None:
    path = tmp_path / "规划.txt"
    path.write_text(PLAN, encoding="utf-8")
    assert isinstance(extract_file(path=path), Plan)
    assert isinstance(extract_upload(data=PLAN.encode(), filename="规划.txt"), Plan)


def test_the_limits_come_from_the_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("EDUPLAN_EXTRACT_TIMEOUT_SECONDS", "0.3")
    monkeypatch.setenv("EDUPLAN_EXTRACT_MEMORY_MB", "700")
    get_settings.cache_clear()
    try:
        assert (get_settings().extract_timeout_seconds, get_settings().extract_memory_mb) == (0.3, 700)
        with pytest.raises(InputError, match="超过 0.3 秒"):
            run_guarded(time.sleep, 30)
    finally:
        get_settings.cache_clear()


def test_timeout_zero_runs_in_process(monkeypatch: pytest.MonkeyPatch) -> None:
    import os

    assert run_guarded(os.getpid, timeout=0) == os.getpid()
    assert run_guarded(os.getpid, timeout=60) != os.getpid()
