"""优质均衡 resource assessment at national scale: ~2,850 counties, ~210,000 school sections.

Target (issue: bulk inspections): the whole country in a few seconds on 2 cores.
Prints the median wall and CPU time of the vectorised path over several runs, its peak
traced memory, and the plain-Python reference's speed on a sample for comparison.
Run: `.venv/bin/python -m benchmarks inspection`.
"""

from __future__ import annotations

import statistics
import time
import tracemalloc

import numpy as np

from eduplan.core.inspection.balance import assess_resources
from eduplan.core.inspection.balance_bulk import SchoolArrays, assess_resources_bulk, standard_matrix
from eduplan.core.plan import SchoolRecord
from eduplan.data.standards_sets import load_standards

COUNTIES = 2_850
SCHOOLS = 210_000
RUNS = 7
SAMPLE_COUNTIES = 40


def national_arrays(seed: int = 2024) -> SchoolArrays:
    """Simulated national school sections: figures around the standards, 1 % missing, some tiny 教学点."""
    rng = np.random.default_rng(seed)
    stage = (rng.random(SCHOOLS) < 0.35).astype(np.int64)
    enrolment = np.round(rng.lognormal(6.3, 0.9, SCHOOLS))
    enrolment[rng.random(SCHOOLS) < 0.002] = 0
    standards = standard_matrix(load_standards())[stage]
    per = np.array([100, 100, 100, 1, 1, 1, 100], dtype=np.float64)
    factor = rng.uniform(0.7, 1.6, (SCHOOLS, 7))
    figures = np.round(standards * factor * enrolment[:, None] / per, 1)
    figures[rng.random((SCHOOLS, 7)) < 0.01] = np.nan
    return SchoolArrays(
        county=np.sort(rng.integers(0, COUNTIES, SCHOOLS)), stage=stage, enrolment=enrolment,
        teaching_point=(stage == 0) & (rng.random(SCHOOLS) < 0.05), figures=figures, n_counties=COUNTIES)


def sample_records(arrays: SchoolArrays, counties: int) -> list[list[SchoolRecord]]:
    """The first `counties` counties of the arrays as school records, for the reference."""
    out: list[list[SchoolRecord]] = [[] for _ in range(counties)]
    for i in np.flatnonzero(arrays.county < counties):
        f = [None if np.isnan(v) else float(v) for v in arrays.figures[i]]
        stage = "初中" if arrays.stage[i] else "小学"
        qualification = "本科" if stage == "初中" else "专科"
        record = SchoolRecord(
            str(i), f"学校{i}", f"县{arrays.county[i]}", 2024, stage, enrolment=int(arrays.enrolment[i]),
            teachers_by_qualification={qualification: int(f[0] or 0)}, teachers=int(f[0] or 0),
            backbone_teachers=int(f[1] or 0), pe_teachers=int(f[2] or 0), teaching_area=f[3] or 0,
            sports_area=f[4] or 0, equipment_value=(f[5] or 0) / 10_000, multimedia_classrooms=int(f[6] or 0))
        out[int(arrays.county[i])].append(record)
    return out


def main() -> None:
    """Print the bulk timings, its peak memory and the reference's speed for comparison."""
    standards = load_standards()
    arrays = national_arrays()
    assess_resources_bulk(arrays, standards)  # warm-up
    walls: list[float] = []
    cpus: list[float] = []
    for _ in range(RUNS):
        wall, cpu = time.perf_counter(), time.process_time()
        result = assess_resources_bulk(arrays, standards)
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    tracemalloc.start()
    assess_resources_bulk(arrays, standards)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    input_mb = sum(a.nbytes for a in (arrays.county, arrays.stage, arrays.enrolment, arrays.teaching_point,
                                      arrays.figures)) / 1e6
    print(f"规模：{COUNTIES:,} 个县、{SCHOOLS:,} 个学校（学段），纳入评估 {int(result.included.sum()):,} 个，"
          f"达标 {int(result.passed.sum()):,} 个，资源配置全部达标的县 {int(result.county_passed.sum()):,} 个")
    print(f"向量化评估：墙钟中位数 {statistics.median(walls) * 1000:.0f} ms，CPU 中位数 "
          f"{statistics.median(cpus) * 1000:.0f} ms（{RUNS} 次；目标：数秒内）；"
          f"峰值内存 {peak / 1e6:.0f} MB（输入数组 {input_mb:.0f} MB）")
    records = sample_records(arrays, SAMPLE_COUNTIES)
    sections = sum(len(r) for r in records)
    start = time.perf_counter()
    for county in records:
        assess_resources(county, standards)
    per_section = (time.perf_counter() - start) / max(sections, 1)
    print(f"逐校 Python 参照实现：{SAMPLE_COUNTIES} 个县 {sections:,} 个学校 {per_section * 1e6:.0f} µs/校，"
          f"全国约需 {per_section * SCHOOLS:.0f} s")
