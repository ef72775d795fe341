"""A mid-term report for each demo district (the five bundled plans with their simulated figures and
reports): every section there, tables and figures numbered without gaps, statuses as the payload says,
and the PDF printed with the mark on every page (pages in test-artifacts/reports/<区县>-N.png)."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Any

import pytest

from eduplan.core.evaluation.build import EvaluationInputs, build_evaluation
from eduplan.core.evaluation.payload import EvaluationPayload
from eduplan.core.plan import EvaluationKind
from eduplan.core.tracking.tasks import DeadlineState
from eduplan.data.catalog import load_catalog
from eduplan.demo.build import bundled_plans
from eduplan.demo.observations import simulate_monitoring
from eduplan.reports.builders import EVALUATION_HEADINGS, evaluation_report
from eduplan.reports.model import Chart, Paragraph, Report
from eduplan.reports.pdf import write_pdf
from tests.reports.conftest import ARTIFACTS
from tests.reports.rendering import pdf_page_texts, pdf_pages_to_png

REGIONS = [p.region for p in bundled_plans()]


@lru_cache(maxsize=1)
def _simulated() -> Any:
    return simulate_monitoring(bundled_plans(), catalog=load_catalog())


def _report(region: str) -> tuple[EvaluationPayload, Report]:
    plan = next(p for p in bundled_plans() if p.region == region)
    sim = _simulated()
    inputs = EvaluationInputs(plan, load_catalog(), sim.observations, sim.tasks, sim.projects, sim.finance)
    payload = build_evaluation(inputs, kind=EvaluationKind.MIDTERM, year=2023)
    return payload, evaluation_report(payload, simulated=True, areas={t.id: t.title for t in plan.tasks},
                                      issuer=f"重庆市{region}教育委员会")


@pytest.mark.parametrize("region", REGIONS)
def test_each_district_gets_a_complete_midterm_report(region: str) -> None:
    payload, report = _report(region)
    assert [s.heading.split("、", 1)[1] for s in report.sections] == [*EVALUATION_HEADINGS, "规划目标调整建议"]
    tables = [t.caption.split()[0] for t in report.tables()]
    assert tables == [f"表{n}" for n in range(1, len(tables) + 1)]
    charts = [b.caption.split()[0] for s in report.sections for b in s.blocks if isinstance(b, Chart)]
    assert charts == [f"图{n}" for n in range(1, len(charts) + 1)]
    text = "\n".join(b.text for s in report.sections for b in s.blocks if isinstance(b, Paragraph))
    assert re.search(r"总体评价：规划实施[^。]+。", text)
    assert "计划新增学位0个" not in text and "计划投资0万元" not in text
    late = [t for t in payload.tasks if t.state is DeadlineState.OVERDUE]
    assert (f"逾期任务{len(late)}项" in text) if late else ("没有超过完成时限的任务" in text)
    names = [r[1] for r in report.tables()[0].rows]
    assert len(names) == len(set(zip(names, [r[8] for r in report.tables()[0].rows])))  # no target twice


@pytest.mark.parametrize("region", REGIONS)
def test_each_district_report_prints_with_the_mark_on_every_page(region: str, tmp_path: Path) -> None:
    _, report = _report(region)
    pdf = write_pdf(report, tmp_path / f"{region}.pdf", render=lambda chart: _blank_png())
    pages = pdf_page_texts(pdf)
    assert all("模拟数据" in page for page in pages) and len(pages) >= 8
    assert f"重庆市{region}教育委员会" in re.sub(r"\s+", "", pages[-1])
    from tests.reports.test_formats import _missing_characters

    assert _missing_characters(pdf, report) == ""  # several reports in one process: each has its own subsets
    pdf_pages_to_png(pdf, ARTIFACTS / region, dpi=50, last=3)


@lru_cache(maxsize=1)
def _blank_png() -> bytes:
    """A small chart stand-in (the charts themselves are drawn and checked in test_charts)."""
    import io

    from matplotlib.figure import Figure

    fig = Figure(figsize=(4, 1.5), dpi=50)
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png")
    return buffer.getvalue()
