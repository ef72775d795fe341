"""A district's mid-term evaluation report, with all its charts, written as .docx, .pdf and .xlsx.

The payload is 南川区's 2023 mid-term evaluation built from the bundled plan facts and the seeded
simulated figures (90 targets, 50 tasks, 27 projects). Timed per format: building the report model
and writing the file, charts drawn afresh each run (the chart cache is cleared); median of RUNS.
Target: under 10 s. Run: `.venv/bin/python -m benchmarks reports`.
"""

from __future__ import annotations

import statistics
import tempfile
import time
from pathlib import Path

from eduplan.core.evaluation.build import EvaluationInputs, build_evaluation
from eduplan.core.evaluation.payload import EvaluationPayload
from eduplan.core.plan import EvaluationKind
from eduplan.data.catalog import load_catalog
from eduplan.demo.build import bundled_plans
from eduplan.demo.observations import simulate_monitoring

RUNS = 5
REGION = "南川区"
LIMIT_SECONDS = 10.0


def midterm_payload() -> EvaluationPayload:
    """The district's 2023 mid-term evaluation payload as stored and read back (`from_dict`)."""
    plans = bundled_plans()
    catalog = load_catalog()
    sim = simulate_monitoring(plans, catalog=catalog)
    plan = next(p for p in plans if p.region == REGION)
    inputs = EvaluationInputs(plan, catalog, sim.observations, sim.tasks, sim.projects, sim.finance)
    return EvaluationPayload.from_dict(build_evaluation(inputs, kind=EvaluationKind.MIDTERM, year=2023).to_dict())


def time_format(payload: EvaluationPayload, fmt: str, folder: Path) -> float:
    """Seconds to build the report and write it in one format, charts drawn afresh."""
    from eduplan.reports.builders import evaluation_report
    from eduplan.reports.charts import render_chart
    from eduplan.reports.output import write_report

    render_chart.cache_clear()
    start = time.perf_counter()
    write_report(evaluation_report(payload, simulated=True), folder / f"report.{fmt}")
    return time.perf_counter() - start


def main() -> None:
    """Print the median time per format over RUNS runs (after one warm-up run that loads fonts)."""
    payload = midterm_payload()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for fmt in ("docx", "pdf", "xlsx"):
            time_format(payload, fmt, folder)  # warm-up: imports, font registration
            times = [time_format(payload, fmt, folder) for _ in range(RUNS)]
            median = statistics.median(times)
            verdict = "达标" if median < LIMIT_SECONDS else "超时"
            print(f"reports {fmt}: median {median:.2f} s over {RUNS} runs "
                  f"(min {min(times):.2f}, max {max(times):.2f}; limit {LIMIT_SECONDS:.0f} s: {verdict})")


if __name__ == "__main__":
    main()
