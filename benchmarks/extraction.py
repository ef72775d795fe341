"""Extraction speed: CPU time to extract each sample plan, median of several runs.

Target (issue: extraction): all five plans extract in under 1 s of CPU in one process.
Run: `.venv/bin/python -m benchmarks extraction`.
"""

from __future__ import annotations

import statistics
import time
import tracemalloc
from pathlib import Path

from eduplan.ingest.extract import extract_plan
from eduplan.ingest.readers.document import read_document

PLANS_DIR = Path(__file__).resolve().parents[1].parent / "shared" / "plans"
RUNS = 7


def main() -> None:
    """Print the median CPU time per plan and for all plans together."""
    files = sorted(PLANS_DIR.glob("*.txt")) if PLANS_DIR.is_dir() else []
    if not files:
        print(f"跳过：未找到示例规划目录 {PLANS_DIR}")
        return
    docs = {f.name: read_document(f) for f in files}
    for doc in docs.values():  # warm-up: imports, regex compilation, catalog loading
        extract_plan(doc)
    totals: list[float] = []
    per_plan: dict[str, list[float]] = {name: [] for name in docs}
    for _ in range(RUNS):
        start_all = time.process_time()
        for name, doc in docs.items():
            start = time.process_time()
            extract_plan(doc)
            per_plan[name].append(time.process_time() - start)
        totals.append(time.process_time() - start_all)
    print(f"{'规划':<16}{'行数':>8}{'CPU 中位数 (ms)':>18}")
    for name, times in per_plan.items():
        print(f"{name:<16}{len(docs[name].lines):>8}{statistics.median(times) * 1000:>18.1f}")
    tracemalloc.start()
    for doc in docs.values():
        extract_plan(doc)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    median_total = statistics.median(totals)
    print(f"五个规划合计 CPU 中位数：{median_total * 1000:.1f} ms（{RUNS} 次；目标 < 1000 ms，"
          f"为目标的 {median_total / 1.0:.1%}）；峰值内存 {peak / 1e6:.1f} MB")
    # Reading the documents (decoding, cleaning) is part of extraction from a file.
    start = time.process_time()
    for f in files:
        read_document(f)
    print(f"读取五个文件：{(time.process_time() - start) * 1000:.1f} ms")
