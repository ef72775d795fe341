"""Report fixtures: a mid-term evaluation payload built from the bundled plans and simulated data."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from eduplan.core.evaluation.build import EvaluationInputs, build_evaluation
from eduplan.core.evaluation.payload import EvaluationPayload
from eduplan.core.plan import EvaluationKind
from eduplan.core.tracking.tasks import DeadlineState
from eduplan.data.catalog import load_catalog
from eduplan.demo.build import bundled_plans
from eduplan.demo.observations import simulate_monitoring
from eduplan.reports.builders import evaluation_report
from eduplan.reports.model import Report

REGION = "南川区"  # its plan has projects, places and findings
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "reports"


@pytest.fixture(scope="session")
def areas() -> dict[str, str]:
    """The plan's task headings by number (the report's task areas)."""
    plan = next(p for p in bundled_plans() if p.region == REGION)
    return {t.id: t.title for t in plan.tasks}


@pytest.fixture(scope="session")
def payload() -> EvaluationPayload:
    """The 2023 mid-term evaluation of 南川区 as stored and read back typed, one task made overdue."""
    plans = bundled_plans()
    catalog = load_catalog()
    sim = simulate_monitoring(plans, catalog=catalog)
    plan = next(p for p in plans if p.region == REGION)
    inputs = EvaluationInputs(plan, catalog, sim.observations, sim.tasks, sim.projects, sim.finance)
    stored = EvaluationPayload.from_dict(build_evaluation(inputs, kind=EvaluationKind.MIDTERM, year=2023).to_dict())
    task = next(t for t in stored.tasks if t.level >= 2)
    late = dataclasses.replace(task, state=DeadlineState.OVERDUE, days_left=-45, percent=60.0, lead_units=("区教委",))
    counts = dict(stored.summary.tasks_by_state)
    counts[DeadlineState.OVERDUE] += 1
    counts[DeadlineState.NORMAL] -= 1
    return dataclasses.replace(stored, tasks=[late if t is task else t for t in stored.tasks],
                               summary=dataclasses.replace(stored.summary, tasks_by_state=counts))


@pytest.fixture(scope="session")
def report(payload: EvaluationPayload) -> Report:
    """The evaluation report of the payload, marked as simulated."""
    return evaluation_report(payload, simulated=True)


@pytest.fixture(scope="session")
def filed(payload: EvaluationPayload, areas: dict[str, str]) -> Report:
    """The report as a bureau files it: issuer in full, a date, 主送 and 附注, task areas by name."""
    import datetime as dt

    return evaluation_report(payload, simulated=True, areas=areas, issuer="重庆市南川区教育委员会",
                             date=dt.date(2024, 3, 15), addressee="区人民政府", annotation="此件公开发布",
                             evaluation_id=7)


@pytest.fixture(scope="session")
def written(filed: Report, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The filed report written once in each format (charts drawn for real)."""
    from eduplan.reports.output import write_report

    folder = tmp_path_factory.mktemp("reports")
    return {fmt: write_report(filed, folder / f"评估报告.{fmt}") for fmt in ("docx", "pdf", "xlsx")}


@pytest.fixture(scope="session")
def docx_as_printed(written: dict[str, Path], tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The .docx printed to PDF by LibreOffice headless with the font aliases (as a Linux desk prints it)."""
    from tests.reports.rendering import docx_to_pdf

    return docx_to_pdf(written["docx"], tmp_path_factory.mktemp("libreoffice"))
