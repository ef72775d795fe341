"""Report wording for the ungraded statuses: 预期规模 is never urged on, 未纳入监测 is counted apart."""

from __future__ import annotations

import datetime as dt
from typing import Any

from eduplan.core.evaluation.payload import EvaluationPayload, Summary, TargetResult
from eduplan.core.plan import EvaluationKind
from eduplan.core.progress.forecast import Likelihood
from eduplan.core.progress.rules import Status
from eduplan.reports import narrative as say
from eduplan.reports.evaluation_advice import problems, suggestions
from eduplan.reports.evaluation_sections import indicators, overview
from eduplan.reports.model import Chart, Paragraph


def _target(name: str, status: Status, **extra: Any) -> TargetResult:
    row: dict[str, Any] = {
        "key": name, "name": name, "indicator_id": None, "unit": "%", "category": None, "origin": "指标表",
        "attribute": "预期性", "binding": False, "target": "≥95", "target_year": 2025, "baseline_year": 2020,
        "baseline": 90.0, "latest_year": 2023, "latest_value": 92.0, "expected": 93.0, "gap": None, "ratio": None,
        "status": status, "likelihood": Likelihood.NOT_APPLICABLE, "forecast": None, "forecast_low": None,
        "forecast_high": None, "flagged": False, "alert": None, "reason": "", "line": None}
    return TargetResult(**(row | extra))


def _payload(targets: list[TargetResult]) -> EvaluationPayload:
    by_status = {s.value: sum(1 for t in targets if t.status is s) for s in Status}
    return EvaluationPayload(
        region="某区", plan_title="某区规划", plan_period=(2021, 2025), kind=EvaluationKind.MIDTERM,
        kind_label="中期评估", year=2023, as_of=dt.date(2023, 12, 31), targets=targets,
        summary=Summary(targets=len(targets), by_status=by_status, flagged=0, tasks_by_state={},
                        projects_by_schedule={}, funding={}, findings=0))


PAYLOAD = _payload([
    _target("学前三年毛入园率", Status.ACCELERATE, ratio=0.7),
    _target("在园幼儿数", Status.SCALE, unit="万人", target="=2.5", latest_value=2.85),
    _target("普通高中在校学生数", Status.SCALE, unit="万人", target="=3.2", latest_value=3.0),
    _target("新增公办幼儿园", Status.UNMONITORED, unit="所", target="≥15", latest_year=None, latest_value=None),
])


def _text(blocks: list[Any]) -> str:
    return "\n".join(b.text for b in blocks if isinstance(b, Paragraph))


def test_projected_counts_get_no_acceleration_or_policy_advice() -> None:
    text = _text(suggestions(PAYLOAD, None)) + _text(problems(PAYLOAD, None))
    assert "学前三年毛入园率" in text and "倾斜" in text
    assert "在园幼儿数" not in text and "在校学生数" not in text


def test_projected_counts_are_shown_against_their_projection() -> None:
    text = _text(indicators(PAYLOAD))
    assert "规模预期指标2项，随学龄人口变化，对照规划预期展示、不评定进展：“在园幼儿数”2023年为2.85万人，规划预期2025年为2.5万人" in text


def test_unmonitored_commitments_are_counted_apart_from_the_status_chart() -> None:
    blocks = overview(PAYLOAD)
    chart = next(b for b in blocks if isinstance(b, Chart))
    assert "未纳入监测" not in chart.spec.categories and "预期规模" in chart.spec.categories
    assert chart.caption == "目标进展状态分布（另有1项未纳入监测，未计入）"  # numbered 图N when the report is assembled
    assert "1项为尚无年度数据来源的文中承诺，未纳入监测" in _text(blocks)
    assert "“文中目标”页" in _text(suggestions(PAYLOAD, None))
    assert "部分规划承诺尚未纳入监测" in _text(problems(PAYLOAD, None))


def test_the_status_sentence_grades_only_graded_statuses() -> None:
    sentence = say.target_status_sentence(4, PAYLOAD.summary.by_status)
    assert sentence.startswith("在4项目标中，需加快1项，达到或好于预期进度的共0项，落后于预期进度的共1项")
    assert "2项为随学龄人口变化的规模预期" in sentence
