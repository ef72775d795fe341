"""`eduplan extract / ingest` refuse bad input in Chinese with exit status 2 and store nothing."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("empty.txt", b"", "文件为空"),
        ("binary.txt", bytes(range(256)) * 8, "二进制"),
        ("plan.xls", b"whatever", "不支持的文件类型"),
        ("notes.txt", "今天天气很好，我们去公园散步。\n明天再说。\n".encode(), "没有找到规划内容"),
        ("broken.docx", b"PK\x03\x04 not really a zip", "无法打开 Word 文档"),
        ("broken.pdf", b"%PDF-1.4\n garbage", "PDF"),
    ],
)
def test_bad_documents_are_refused_and_nothing_is_stored(run, tmp_path: Path, name, content, message) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    for command in ("extract", "ingest"):
        result = run(command, path)
        assert result.exit_code == 2, result.output
        assert message in result.stderr and name in result.stderr
        assert len(result.stderr.strip().splitlines()) == 1
    assert "还没有规划" in run("plans", "list").stdout


def test_missing_file_is_refused(run, tmp_path: Path) -> None:
    result = run("extract", tmp_path / "nothing.txt")
    assert result.exit_code == 2 and "文件不存在" in result.stderr


def test_ingest_is_all_or_nothing_across_files(run, tmp_path: Path, plans_dir: Path) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"")
    result = run("ingest", plans_dir / "fuling.txt", bad)
    assert result.exit_code == 2
    assert "还没有规划" in run("plans", "list").stdout


def test_reingesting_the_same_document_changes_nothing(run, plans_dir: Path) -> None:
    first = run("ingest", plans_dir / "fuling.txt")
    assert first.exit_code == 0, first.output
    second = run("ingest", plans_dir / "fuling.txt")
    assert second.exit_code == 0 and "未作改动" in second.stdout
