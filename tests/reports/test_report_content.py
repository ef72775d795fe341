"""What a filed evaluation report says, each statement against the payload it is built from: verdict and
outlook, achievements by area from the reports, causes, owners, adjustments, 规划未列, no repeats,
consecutive numbering, statuses explained."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest

from eduplan.core.evaluation.payload import EvaluationPayload
from eduplan.core.plan import EvaluationKind
from eduplan.core.progress.forecast import Likelihood
from eduplan.core.progress.rules import Status
from eduplan.core.tracking.projects import Schedule
from eduplan.core.tracking.tasks import DeadlineState, TaskStatus, UnitSummary
from eduplan.reports import evaluation_review as review
from eduplan.reports.builders import evaluation_report
from eduplan.reports.evaluation_advice import problems, suggestions
from eduplan.reports.evaluation_sections import projects, tasks
from eduplan.reports.model import Chart, Paragraph, Report, Subheading, Table


def _text(blocks: Any) -> str:
    return "\n".join(b.text for b in blocks if isinstance(b, (Paragraph, Subheading)))


def _section(report: Report, heading: str) -> str:
    return _text(next(s for s in report.sections if heading in s.heading).blocks)


def _with_task(p: EvaluationPayload, task: TaskStatus, **changes: Any) -> EvaluationPayload:
    """The payload with one of its tasks changed."""
    return replace(p, tasks=[replace(t, **changes) if t is task else t for t in p.tasks])


def test_verdict_is_one_sentence_from_the_counts(filed: Report, payload: EvaluationPayload) -> None:
    text = _section(filed, "总体评价")
    first = next(line for line in text.splitlines() if not line.startswith("【模拟数据】"))  # the section's mark first
    assert first.startswith("总体评价：规划实施")
    ungraded = (Status.INSUFFICIENT, Status.NOT_APPLICABLE, Status.SCALE, Status.UNMONITORED)
    judged = [t for t in payload.targets if t.status not in ungraded]
    ahead = sum(1 for t in judged if t.status in (Status.ACHIEVED, Status.ON_TRACK))
    assert f"有监测数据的{len(judged)}项指标中{ahead}项达到或好于预期进度" in first
    hard = [t for t in payload.targets if t.likelihood is Likelihood.UNLIKELY]
    assert f"难以实现{len(hard)}项" in text and all(t.name in text for t in hard)


@pytest.mark.parametrize(("statuses", "verdict"), [
    (["已达成", "进展顺利", "进展顺利", "需加快"], "规划实施总体顺利"),
    (["已达成", "进展顺利", "倒退", "需加快"], "规划实施基本符合预期"),
    (["已达成", "倒退", "倒退", "进展缓慢"], "规划实施进度总体滞后"),
    ([], "尚不能对实施进度作出总体判断"),
])
def test_verdict_thresholds(payload: EvaluationPayload, statuses: list[str], verdict: str) -> None:
    p = replace(payload, targets=[replace(payload.targets[0], name=f"指标{i}", status=Status(s), binding=False)
                                  for i, s in enumerate(statuses)])
    assert verdict in _text(review.verdict(p))


def test_achievements_are_written_by_task_area_from_the_reports(filed: Report, payload: EvaluationPayload,
                                                                  areas: dict[str, str]) -> None:
    text = _section(filed, "重点任务")
    for area in dict.fromkeys(review.area_of(t.task_id) for t in payload.tasks):
        assert areas[area] in text
    done = next(t for t in payload.tasks if t.state is DeadlineState.DONE)
    assert f"“{done.title}”" in text
    going = max((t for t in payload.tasks if t.state is DeadlineState.NORMAL and t.progress),
                key=lambda t: t.percent or 0)
    assert going.progress and going.progress.rstrip("。") in text  # the unit's own words


def test_a_report_saying_late_is_explained_when_the_plan_sets_no_deadline(payload: EvaluationPayload) -> None:
    task = next(t for t in payload.tasks if t.state is DeadlineState.NORMAL)
    p = _with_task(payload, task, progress="已超过完成时限（2022年12月），完成40%，受用地和审批手续影响，尚未完成。")
    text = _text(tasks(p))
    assert f"进展报告称已到或超过完成时限（“{task.title}”" in text and "未列为逾期" in text


def test_problems_carry_the_causes_the_reports_give(payload: EvaluationPayload) -> None:
    late = next(t for t in payload.tasks if t.state is DeadlineState.OVERDUE)
    p = _with_task(payload, late, progress="已超过完成时限，完成60%，受经费拨付进度影响，尚未完成。")
    text = _text(problems(p, None))
    assert "主要原因是受经费拨付进度影响（1项）" in text
    delayed = [r for r in p.projects if r.schedule is Schedule.DELAYED]
    causes = review.causes(r.note for r in delayed)
    top, count = causes.most_common(1)[0]
    assert f"{top}（{count}个）" in text


def _unit(name: str) -> UnitSummary:
    return UnitSummary(name, total=1, done=0, normal=1, due_soon=0, overdue=0, reported=0, mean_percent=None)


def test_recommendations_name_their_responsible_units(payload: EvaluationPayload) -> None:
    p = replace(payload, units=[_unit(n) for n in ("区财政局", "区教委", "区住房城乡建委", "区民教委")],
                funding=[replace(payload.funding[0], passed=False), *payload.funding[1:]])
    text = _text(suggestions(p, None))
    items = [line for line in text.splitlines() if line.startswith("（")]
    assert items and all("（责任单位：" in line for line in items)
    assert any("区财政局" in line and "经费" in line for line in items)
    assert any("区住房城乡建委" in line and "项目" in line for line in items)
    assert "区民教委" not in text  # holds “教委” but is not the education authority


def test_midterm_proposes_target_adjustments(filed: Report, payload: EvaluationPayload) -> None:
    section = next(s for s in filed.sections if "目标调整" in s.heading)
    table = next(b for b in section.blocks if isinstance(b, Table))
    hard = [t.name for t in payload.targets
            if t.likelihood is Likelihood.UNLIKELY and t.status in (Status.SLOW, Status.REGRESSING)]
    assert [r[1] for r in table.rows][:len(hard)] == hard
    annual = evaluation_report(replace(payload, kind=EvaluationKind.ANNUAL, kind_label="年度评估"))
    assert not any("目标调整" in s.heading for s in annual.sections)


def test_what_the_plan_does_not_list_is_never_zero(payload: EvaluationPayload) -> None:
    p = replace(payload, projects=[replace(r, investment_total=None, planned_by_year={}, planned_to_date=0.0,
                                           places_planned=None, places_delivered=0) for r in payload.projects])
    blocks = projects(p)
    text = _text(blocks)
    assert "计划投资0" not in text and "计划新增学位0个" not in text
    assert "规划未列投资" in text and "未列各项目新增学位数" in text
    table = next(b for b in blocks if isinstance(b, Table))
    titles = [c.title for c in table.columns]
    assert {row[titles.index("总投资（万元）")] for row in table.rows} == {"规划未列"}
    assert {row[titles.index("计划学位")] for row in table.rows} == {"规划未列"}
    printed = [c.title for c in table.printed().columns]
    assert "计划投资至今（万元）" not in printed and "投资执行率" not in printed


def test_a_target_stated_twice_is_listed_once(payload: EvaluationPayload) -> None:
    first = next(t for t in payload.targets if t.status in (Status.ACHIEVED, Status.ON_TRACK, Status.ACCELERATE))
    p = replace(payload, targets=[*payload.targets, replace(first, key=first.key + "-again", line=999)])
    table = evaluation_report(p).tables()[0]
    assert [r[1] for r in table.rows].count(first.name) == 1


def test_tables_and_figures_are_numbered_without_gaps(payload: EvaluationPayload) -> None:
    p = replace(payload, units=[], findings=[])  # sections that drop a table or a chart
    report = evaluation_report(p)
    assert [t.caption.split()[0] for t in report.tables()] == [f"表{n}" for n in range(1, len(report.tables()) + 1)]
    charts = [b for s in report.sections for b in s.blocks if isinstance(b, Chart)]
    assert [c.caption.split()[0] for c in charts] == [f"图{n}" for n in range(1, len(charts) + 1)]


def test_every_task_status_in_the_report_matches_the_payload(filed: Report, payload: EvaluationPayload) -> None:
    table = next(t for t in filed.tables() if t.sheet == "逾期及临近任务")
    by_id = {t.task_id: t for t in payload.tasks}
    for row in table.rows:
        task = by_id[str(row[0])]
        assert (row[4], row[6]) == (task.state.value, task.percent)
        assert row[7] == (task.progress or "未报送")
