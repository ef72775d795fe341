"""The evaluation report model: its sections, tables and narrative numbers come from the payload."""

from __future__ import annotations

import dataclasses

from eduplan.core.evaluation.payload import EvaluationPayload
from eduplan.core.simulated import SimulatedParts
from eduplan.core.tracking.projects import Schedule
from eduplan.core.tracking.tasks import DeadlineState
from eduplan.reports.builders import EVALUATION_HEADINGS, evaluation_report
from eduplan.reports.evaluation_sections import judged
from eduplan.reports.model import Chart, Paragraph, Report, Table, auto_text


def _text(report: Report, heading: str) -> str:
    section = next(s for s in report.sections if heading in s.heading)
    return "\n".join(b.text for b in section.blocks if isinstance(b, Paragraph))


def test_sections_in_the_government_order(report: Report) -> None:
    assert [s.heading for s in report.sections] == [
        "一、评估依据和方法", "二、总体评价", "三、主要指标完成情况", "四、重点任务推进情况", "五、重大项目建设情况",
        "六、经费保障情况", "七、督导评估准备情况", "八、存在的问题及原因", "九、下一步工作建议", "十、规划目标调整建议"]
    assert len(EVALUATION_HEADINGS) == 9  # the tenth, target adjustments, only at mid-term
    assert report.simulated and report.title.endswith("中期评估报告") and report.issuer == "南川区教育委员会"


def test_overview_counts_come_from_the_payload(report: Report, payload: EvaluationPayload) -> None:
    text = _text(report, "总体评价")
    s = payload.summary
    assert f"{s.targets}项目标" in _text(report, "评估依据")
    binding = [t for t in payload.targets if t.binding]
    assert text.index("约束性指标") < text.index("预期性")  # binding targets first
    assert f"在{len(binding)}项约束性指标中" in text
    assert f"已完成{s.tasks_by_state[DeadlineState.DONE]}项" in text and f"逾期{s.tasks_by_state[DeadlineState.OVERDUE]}项" in text
    assert f"滞后{s.projects_by_schedule[Schedule.DELAYED]}个" in text


def test_indicator_table_matches_the_assessed_targets(report: Report, payload: EvaluationPayload) -> None:
    table = report.tables()[0]
    rows = judged(payload.targets)
    assert table.caption.startswith("表1") and len(table.rows) == len(rows)
    titles = [c.title for c in table.columns]
    for row, target in zip(table.rows, rows):
        got = dict(zip(titles, row))
        assert (got["指标"], got["基期值"], got["最新值"], got["目标值"], got["进展状态"], got["目标年预测值"]) == (
            target.name, target.baseline, target.latest_value, target.target, target.status, target.forecast)
    assert [b for b in report.sections[2].blocks if isinstance(b, Chart)]


def test_overdue_task_is_named_with_its_unit(report: Report, payload: EvaluationPayload) -> None:
    task = next(t for t in payload.tasks if t.state is DeadlineState.OVERDUE)
    text = _text(report, "重点任务")
    assert f"逾期任务1项：“{task.title}”（区教委，截止{task.deadline}，逾期45天，完成60%）" in text
    assert task.title in _text(report, "下一步工作建议")


def test_projects_and_money(report: Report, payload: EvaluationPayload) -> None:
    text = _text(report, "重大项目")
    spent = sum(p.spent_to_date for p in payload.projects)
    assert f"规划安排建设项目{len(payload.projects)}个" in text
    assert f"累计完成投资{auto_text(spent)}万元" in text
    last = payload.places[-1]
    assert f"已交付{auto_text(last.delivered_to_date)}个" in text


def test_funding_messages_and_the_two_not_decreasing_rules(report: Report, payload: EvaluationPayload) -> None:
    text = _text(report, "经费保障")
    assert "两个只增不减" in text
    for rule in payload.funding:
        assert rule.message in text


def test_plan_findings_are_listed_among_the_problems(report: Report, payload: EvaluationPayload) -> None:
    section = next(s for s in report.sections if "存在的问题" in s.heading)
    table = next(b for b in section.blocks if isinstance(b, Table))
    assert [r[2] for r in table.rows] == [f.message for f in payload.findings]
    assert f"规划文本自身存在{len(payload.findings)}处数据问题" in _text(report, "存在的问题")


def test_without_inspection_data_section_six_says_so(report: Report) -> None:
    assert "未纳入学校统计数据" in _text(report, "督导评估")


def test_the_simulated_flag_is_read_from_the_payload(payload: EvaluationPayload) -> None:
    assert payload.simulated and payload.simulated.targets and evaluation_report(payload).simulated  # the demo's
    real = dataclasses.replace(payload, simulated=SimulatedParts())
    assert not evaluation_report(real).simulated
    assert evaluation_report(real, simulated=True).simulated
