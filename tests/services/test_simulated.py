"""“Is this part simulated?” answered from the store: per part, per year, and for stored evaluations."""

from __future__ import annotations

from sqlalchemy import update
from sqlalchemy.orm import Session

from eduplan.core.collection.yearly import Collection, FinanceRecord, ProjectKey, ProjectReport, TaskReport
from eduplan.core.plan import Observation
from eduplan.core.simulated import SimulatedParts
from eduplan.services.collection import store_records
from eduplan.services.evaluations import get_evaluation, run_evaluation
from eduplan.services.monitoring import project_board, task_board
from eduplan.services.simulated import evaluation_parts, region_parts
from eduplan.store.models.monitoring import EvaluationRow
from tests.services.conftest import FULING, RATE, YUZHONG

KEY = ProjectKey("项目表", 1, "中华路小学改扩建")


def _store(session: Session) -> None:
    store_records(session=session, actor="测试", source="2023年报.xlsx", collection=Collection(
        observations=[Observation(RATE, FULING, 2022, 91.0), Observation(RATE, FULING, 2024, 93.0, simulated=True)],
        tasks=[TaskReport(FULING, 2023, "2.1", percent=60, simulated=True)],
        projects=[ProjectReport(FULING, 2023, KEY, investment=500.0)],
        finance=[FinanceRecord(FULING, 2022, budget=1.0), FinanceRecord(FULING, 2023, budget=2.0, simulated=True)]))


def test_each_part_of_a_region_is_answered_from_its_own_records(db_plans: Session) -> None:
    _store(db_plans)
    assert region_parts(session=db_plans, region=FULING) == SimulatedParts(targets=True, tasks=True, funding=True)
    assert region_parts(session=db_plans, region=FULING, year=2023) == SimulatedParts(tasks=True, funding=True)
    assert region_parts(session=db_plans, region=FULING, year=2022) == SimulatedParts()
    assert not region_parts(session=db_plans, region=YUZHONG).any


def test_the_boards_say_whether_the_reports_they_show_are_simulated(db_plans: Session) -> None:
    _store(db_plans)
    assert task_board(session=db_plans, region=FULING).simulated
    assert not project_board(session=db_plans, region=FULING, year=2023).simulated


def test_an_evaluation_keeps_the_answer_of_each_section(db_plans: Session) -> None:
    _store(db_plans)
    record = run_evaluation(session=db_plans, region=FULING, kind="annual", year=2023, actor="测试")
    assert record.payload["simulated"] == {"targets": False, "tasks": True, "projects": False, "funding": True,
                                           "schools": False}
    assert record.simulated == SimulatedParts(tasks=True, funding=True)
    assert evaluation_parts(session=db_plans, region=FULING, year=2023, evaluation=record.evaluation) == record.simulated


def test_an_evaluation_stored_before_the_flag_is_answered_from_the_records_of_its_year(db_plans: Session) -> None:
    _store(db_plans)
    record = run_evaluation(session=db_plans, region=FULING, kind="annual", year=2022, actor="测试")
    old = {k: v for k, v in record.payload.items() if k != "simulated"}
    db_plans.execute(update(EvaluationRow).where(EvaluationRow.id == record.id).values(payload=old))
    stored = get_evaluation(session=db_plans, evaluation_id=record.id)
    assert stored.simulated is None
    assert evaluation_parts(session=db_plans, region=FULING, year=2022, evaluation=stored.evaluation) == SimulatedParts()
    assert evaluation_parts(session=db_plans, region=FULING, year=2024, evaluation=stored.evaluation).targets


def test_the_collection_workbook_says_when_its_prefilled_values_are_simulated(plans: Session, tmp_path) -> None:
    from openpyxl import load_workbook

    from eduplan.exchange.workbook import GUIDE
    from eduplan.services.collection import collection_template

    _store(plans)

    def guide(year: int) -> str:
        path = collection_template(session=plans, region=FULING, year=year, dest=tmp_path / f"{year}.xlsx")
        return "\n".join(str(r[0] or "") for r in load_workbook(path)[GUIDE].iter_rows(values_only=True))

    assert "【模拟数据】本表预填的上年值和已存值含演示用的模拟数据" in guide(2025)  # last year's value is simulated
    assert "模拟数据" not in guide(2023)  # 2022 and 2023 hold only real figures
