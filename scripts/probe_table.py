"""The probe table: hostile-file, fuzz, race and job tiers run as tests, counted case by case.

    .venv/bin/python scripts/probe_table.py            # every tier
    .venv/bin/python scripts/probe_table.py fuzz race  # tiers whose key starts so

Each tier is a set of test files of the normal suite, run here in one pytest session (no
xdist). A case is one generated input of a Hypothesis or schemathesis test (counted from
Hypothesis's observations) or one test otherwise; a case is handled when its test passed for
it (the input was refused with a clear message or accepted; no 5xx, no traceback, no limit
overrun — the tests assert that), failed when its test failed. A test may count its own cases
with `record_property("probe_cases", n)` (the stateful API test counts its calls: Hypothesis's
observations are switched off around it, as they break its step printing). Prints a Markdown table
(category, cases tried, handled, failed, files) and exits 1 when any case failed.
"""

from __future__ import annotations

import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]

#: (key, category, test files): the tiers of issue 11's probes.
TIERS: list[tuple[str, str, tuple[str, ...]]] = [
    ("hostile-documents", "恶意文件：文档（压缩炸弹、超长行、畸形 docx/pdf）", ("tests/ingest/test_read_limits.py",)),
    ("hostile-workbooks", "恶意文件：工作簿（压缩炸弹、超大表、公式注入）", ("tests/exchange/test_workbook_limits.py",)),
    ("hostile-web", "恶意请求：上传与请求边界（体积、参数、头）",
     ("tests/web/test_upload_limits.py", "tests/web/test_edge_limits.py")),
    ("fuzz-readers", "模糊测试：文档读取（hypothesis）", ("tests/ingest/test_fuzz_readers.py",)),
    ("fuzz-importers", "模糊测试：工作簿与 CSV 导入（hypothesis）", ("tests/exchange/test_fuzz_importers.py",)),
    ("fuzz-api", "模糊测试：API 逐个接口（schemathesis）", ("tests/web/test_schemathesis.py",)),
    ("fuzz-api-stateful", "模糊测试：API 有状态链接（schemathesis）", ("tests/web/test_schemathesis_stateful.py",)),
    ("race", "竞态：并发导入与编辑（SQLite 与 PostgreSQL）",
     ("tests/services/test_concurrent_imports.py", "tests/web/test_conflict.py")),
    ("jobs", "后台任务：超时终止、取消、原子写入（SQLite 与 PostgreSQL）",
     ("tests/web/test_jobs.py", "tests/web/test_job_imports_db.py", "tests/services/test_jobs.py")),
]


#: Test files that count their cases themselves (`record_property("probe_cases", n)`).
SELF_COUNTING = {"tests/web/test_schemathesis_stateful.py"}


@dataclass
class Tally:
    """Cases of one tier."""

    tried: int = 0
    handled: int = 0
    failed: int = 0
    skipped: int = 0
    failures: list[str] = field(default_factory=list)


class ProbeCounter:
    """A pytest plugin: Hypothesis test cases (or the test itself) per tier, and their outcome."""

    def __init__(self, tiers: dict[str, str]) -> None:
        self.tiers = tiers  # test file → tier key
        self.tallies: dict[str, Tally] = {key: Tally() for key in set(tiers.values())}
        self._cases: Counter[str] = Counter()
        self._current: str | None = None

    def observe(self, observation: Any) -> None:
        if getattr(observation, "type", None) == "test_case" and self._current is not None:
            self._cases[self._current] += 1

    @pytest.hookimpl(wrapper=True)
    def pytest_runtest_call(self, item: pytest.Item) -> Any:
        from hypothesis.internal.observability import add_observability_callback, remove_observability_callback

        self._current = item.nodeid
        own_count = item.nodeid.split("::")[0] in SELF_COUNTING
        if own_count:
            remove_observability_callback(self.observe)
        try:
            return (yield)
        finally:
            self._current = None
            if own_count:
                add_observability_callback(self.observe)

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        key = self.tiers.get(report.nodeid.split("::")[0])
        if key is None:
            return
        tally = self.tallies[key]
        if report.skipped and report.when in ("setup", "call"):
            tally.skipped += 1
        if report.when == "setup" and report.failed:
            tally.tried += 1
            tally.failed += 1
            tally.failures.append(report.nodeid)
        if report.when != "call":
            return
        own = dict(report.user_properties).get("probe_cases")
        cases = max(1, int(own) if isinstance(own, int) else self._cases.pop(report.nodeid, 0))
        tally.tried += cases
        if report.passed:
            tally.handled += cases
        elif report.failed:
            tally.handled += cases - 1
            tally.failed += 1
            tally.failures.append(report.nodeid)


def main(argv: list[str]) -> int:
    """Run the chosen tiers and print the table."""
    chosen = [t for t in TIERS if not argv or any(t[0].startswith(a) for a in argv)]
    files = {f: key for key, _, paths in chosen for f in paths if (ROOT / f).is_file()}
    counter = ProbeCounter(files)
    from hypothesis.internal.observability import add_observability_callback

    add_observability_callback(counter.observe)
    pytest.main(["-q", "-n", "0", "-p", "no:cacheprovider", "--rootdir", str(ROOT), *files], plugins=[counter])
    print("\n| 类别 | 尝试用例 | 妥善处理 | 失败 | 测试文件 |\n|---|---|---|---|---|")
    total = Tally()
    for key, title, paths in chosen:
        tally = counter.tallies.get(key, Tally())
        total.tried, total.handled, total.failed = (total.tried + tally.tried, total.handled + tally.handled,
                                                    total.failed + tally.failed)
        skipped = f"（跳过 {tally.skipped}）" if tally.skipped else ""
        print(f"| {title} | {tally.tried} | {tally.handled} | {tally.failed}{skipped} | "
              f"{'、'.join(Path(p).name for p in paths)} |")
    print(f"| 合计 | {total.tried} | {total.handled} | {total.failed} | |")
    for tally in counter.tallies.values():
        for nodeid in tally.failures:
            print(f"失败：{nodeid}")
    print(f"\n命令：.venv/bin/python scripts/probe_table.py {' '.join(argv)}".rstrip())
    return 1 if total.failed else 0


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    raise SystemExit(main(sys.argv[1:]))
