"""Progress assessment at national scale: 2,850 regions × 30 indicators × years 2015–2025.

Target (issue: monitoring at national scale): the whole set assessed in well under 5 s on
2 cores. The data are synthetic (seeded), plan baseline 2020, target year 2025.
Run: `.venv/bin/python -m benchmarks progress`.
"""

from __future__ import annotations

import statistics
import time
import tracemalloc

import numpy as np

from eduplan.core.plan import Op
from eduplan.core.progress.bulk import assess_bulk, assess_row
from eduplan.core.progress.bulk_rules import OP_CODES, BulkTargets

REGIONS = 2850
INDICATORS = 30
YEARS = np.arange(2015, 2026, dtype=np.int64)
RUNS = 7
PER_TARGET_SAMPLE = 2000


def synthetic_targets(seed: int = 2025) -> BulkTargets:
    """Regions × indicators with trends, noise, gaps, held targets and a third counted as counts."""
    rng = np.random.default_rng(seed)
    n = REGIONS * INDICATORS
    indicator = np.tile(np.arange(INDICATORS), REGIONS)
    compound = indicator % 3 == 0  # counts
    scale = np.where(compound, 1000.0, 100.0)
    base = np.round(rng.uniform(0.5, 0.95, n) * scale, 1)
    falling = indicator % 5 == 1
    delta = np.round(rng.uniform(0.0, 0.1, n) * scale, 1) * np.where(falling, -1, 1)
    delta = np.where(indicator % 7 == 2, 0.0, delta)  # 保持 targets
    op = np.where(falling, OP_CODES[Op.LE], OP_CODES[Op.GE])
    op = np.where(indicator % 11 == 4, OP_CODES[Op.EQ], op)
    pace = rng.normal(0.9, 0.5, n) * delta / 5
    steps = YEARS[None, :] - 2020
    noise = rng.normal(0, 0.01, (n, len(YEARS))) * scale[:, None]
    values = np.round(base[:, None] + pace[:, None] * steps + noise, 1)
    values = np.where(rng.random(values.shape) < 0.1, np.nan, values)
    return BulkTargets(
        years=YEARS,
        values=values,
        base_year=np.full(n, 2020, dtype=np.int64),
        base_value=base,
        target_year=np.full(n, 2025, dtype=np.int64),
        op=op.astype(np.int8),
        target_value=base + delta,
        target_max=np.full(n, np.nan),
        direction=np.where(falling, -1, 1).astype(np.int8),
        compound=compound,
        binding=indicator % 4 == 0,
    )


def _timed(targets: BulkTargets, as_of: int) -> tuple[float, float]:
    """Wall and CPU seconds of one bulk assessment."""
    wall, cpu = time.perf_counter(), time.process_time()
    assess_bulk(targets, as_of=as_of)
    return time.perf_counter() - wall, time.process_time() - cpu


def _per_target_seconds(targets: BulkTargets) -> float:
    """Seconds per target on the per-target path, from a sample."""
    start = time.perf_counter()
    for i in range(PER_TARGET_SAMPLE):
        assess_row(targets, i, as_of=2023)
    return (time.perf_counter() - start) / PER_TARGET_SAMPLE


def main() -> None:
    """Print the median wall and CPU time, peak memory and the per-target comparison."""
    targets = synthetic_targets()
    n = len(targets.base_year)
    print(
        f"合成数据：{REGIONS} 个区县 × {INDICATORS} 项指标 = {n:,} 个目标，"
        f"年份 {YEARS[0]}–{YEARS[-1]}（{targets.values.size:,} 个数值）"
    )
    for as_of in (2023, 2025):
        assess_bulk(targets, as_of=as_of)  # warm-up
        runs = [_timed(targets, as_of) for _ in range(RUNS)]
        wall = statistics.median(r[0] for r in runs)
        cpu = statistics.median(r[1] for r in runs)
        print(
            f"评估至 {as_of} 年：墙钟中位数 {wall * 1000:.0f} ms，CPU 中位数 {cpu * 1000:.0f} ms"
            f"（{RUNS} 次；目标 < 5000 ms，为目标的 {wall / 5:.1%}）"
        )
    tracemalloc.start()
    result = assess_bulk(targets, as_of=2023)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(
        f"峰值内存（tracemalloc，单次评估）：{peak / 1e6:.1f} MB；输入数值 {targets.values.nbytes / 1e6:.1f} MB"
    )
    counts = np.bincount(result.status, minlength=7)
    print(
        "状态分布："
        + "，".join(
            f"{s} {c:,}"
            for s, c in zip(
                ("已达成", "进展顺利", "需加快", "进展缓慢", "倒退", "数据不足", "不适用"),
                counts.tolist(),
            )
        )
    )
    per = _per_target_seconds(targets)
    print(
        f"逐目标路径：每个目标 {per * 1e6:.0f} µs，全国规模约需 {per * n:.1f} s（批量路径快 "
        f"{per * n / wall:.0f} 倍）"
    )
