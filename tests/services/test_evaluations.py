"""Evaluations: a stored dated snapshot, reproducible, compared with the previous one (both backends)."""

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session

from eduplan.core.collection.yearly import TaskReport
from eduplan.core.errors import InputError, NotFoundError
from eduplan.core.plan import EvaluationKind, Observation
from eduplan.services.audit import list_audit
from eduplan.services.evaluations import (
    compare_with_previous,
    get_evaluation,
    list_evaluations,
    parse_kind,
    reproduce_evaluation,
    run_evaluation,
)
from eduplan.store.monitoring import save_task_reports
from eduplan.store.records import save_observations
from tests.services.conftest import FULING, RATE

TOP_LEVEL = {"region", "plan_title", "plan_period", "kind", "kind_label", "year", "as_of", "summary", "targets",
             "tasks", "units", "projects", "places", "funding", "findings", "window_days", "training_min_share",
             "payload_version", "simulated"}


def test_an_evaluation_is_stored_with_every_section_and_audited(db_plans: Session) -> None:
    save_observations(db_plans, [Observation(RATE, FULING, 2023, 91.0)])
    record = run_evaluation(session=db_plans, region=FULING, kind="annual", year=2023, actor="规划科")
    assert set(record.payload) == TOP_LEVEL
    assert (record.kind, record.kind_label, record.label) == (EvaluationKind.ANNUAL, "年度评估",
                                                              f"{FULING} 2023年年度评估（第{record.id}号）")
    assert record.created_at is not None and record.plan_id is not None
    assert record.summary["flagged"] == 1
    assert get_evaluation(session=db_plans, evaluation_id=record.id).payload == record.payload
    assert list_audit(session=db_plans, entity="evaluation")[0].entity_id == str(record.id)


def test_a_snapshot_is_reproduced_until_its_inputs_change(db_plans: Session) -> None:
    save_observations(db_plans, [Observation(RATE, FULING, 2023, 91.0)])
    record = run_evaluation(session=db_plans, region=FULING, kind="midterm", year=2023, actor="规划科")
    same = reproduce_evaluation(session=db_plans, evaluation_id=record.id)
    assert same.identical and same.differing_sections == []
    save_observations(db_plans, [Observation(RATE, FULING, 2023, 96.0)])
    changed = reproduce_evaluation(session=db_plans, evaluation_id=record.id)
    assert not changed.identical and "targets" in changed.differing_sections
    assert [c.after for c in changed.diff.changes if c.section == "目标"] == ["已达成"]


def test_comparison_with_the_previous_evaluation_lists_status_changes(db_plans: Session) -> None:
    save_observations(db_plans, [Observation(RATE, FULING, 2022, 90.5)])
    first = run_evaluation(session=db_plans, region=FULING, kind="annual", year=2022, actor="规划科")
    save_observations(db_plans, [Observation(RATE, FULING, 2023, 95.0)])
    save_task_reports(db_plans, [TaskReport(FULING, 2023, "2.1", percent=100)])
    second = run_evaluation(session=db_plans, region=FULING, kind="annual", year=2023, actor="规划科")
    comparison = compare_with_previous(session=db_plans, evaluation_id=second.id)
    assert comparison.previous is not None and comparison.previous.id == first.id
    labels = [c.label for c in comparison.diff.changes]
    assert "目标“学前三年毛入园率”：进展缓慢 → 已达成（改善）" in labels
    assert "任务“推动学前教育普及普惠”：正常 → 已完成（改善）" in labels
    first_one = compare_with_previous(session=db_plans, evaluation_id=first.id)
    assert first_one.previous is None and first_one.diff.changes == []
    assert [r.id for r in list_evaluations(session=db_plans, region=FULING)] == [second.id, first.id]


@pytest.mark.parametrize(("text", "kind"), [("final", EvaluationKind.FINAL), ("总结评估", EvaluationKind.FINAL),
                                            ("专项", EvaluationKind.SPECIAL), ("年度", EvaluationKind.ANNUAL)])
def test_kind_is_given_in_english_or_chinese(text: str, kind: EvaluationKind) -> None:
    assert parse_kind(text) is kind


def test_an_unknown_kind_or_evaluation_is_refused(session: Session) -> None:
    with pytest.raises(InputError, match="评估类型"):
        parse_kind("weekly")
    with pytest.raises(NotFoundError, match="评估"):
        get_evaluation(session=session, evaluation_id=404)
