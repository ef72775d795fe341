"""What a filed evaluation report says, each statement against the payload it is built from: verdict and
outlook, achievements by area from the reports, causes, owners, adjustments, 规划未列, no repeats,
consecutive numbering, statuses explained."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from eduplan.reports import evaluation_review as review
from eduplan.reports.builders import evaluation_report
from eduplan.reports.evaluation_advice import problems, suggestions
from eduplan.reports.evaluation_sections import projects, tasks
from eduplan.reports.model import Chart, Paragraph, Report, Subheading, Table


def _text(blocks: Any) -> str:
    return "\n".join(b.text for b in blocks if isinstance(b, (Paragraph, Subheading)))


def _section(report: Report, heading: str) -> str:
    return _text(next(s for s in report.sections if heading in s.heading).blocks)


def test_verdict_is_one_sentence_from_the_counts(filed: Report, payload: dict[str, Any]) -> None:
    text = _section(filed, "总体评价")
    first = next(line for line in text.splitlines() if not line.startswith("【模拟数据】"))  # the section's mark first
    assert first.startswith("总体评价：规划实施")
    judged = [t for t in payload["targets"] if t["status"] not in ("数据不足", "不适用", "预期规模", "未纳入监测")]
    ahead = sum(1 for t in judged if t["status"] in ("已达成", "进展顺利"))
    assert f"有监测数据的{len(judged)}项指标中{ahead}项达到或好于预期进度" in first
    hard = [t for t in payload["targets"] if t["likelihood"] == "难以达成"]
    assert f"难以实现{len(hard)}项" in text and all(t["name"] in text for t in hard)


@pytest.mark.parametrize(("statuses", "verdict"), [
    (["已达成", "进展顺利", "进展顺利", "需加快"], "规划实施总体顺利"),
    (["已达成", "进展顺利", "倒退", "需加快"], "规划实施基本符合预期"),
    (["已达成", "倒退", "倒退", "进展缓慢"], "规划实施进度总体滞后"),
    ([], "尚不能对实施进度作出总体判断"),
])
def test_verdict_thresholds(payload: dict[str, Any], statuses: list[str], verdict: str) -> None:
    p = copy.deepcopy(payload)
    p["targets"] = [{**p["targets"][0], "name": f"指标{i}", "status": s, "binding": False}
                    for i, s in enumerate(statuses)]
    assert verdict in _text(review.verdict(p))


def test_achievements_are_written_by_task_area_from_the_reports(filed: Report, payload: dict[str, Any],
                                                                  areas: dict[str, str]) -> None:
    text = _section(filed, "重点任务")
    for area in dict.fromkeys(review.area_of(t["task_id"]) for t in payload["tasks"]):
        assert areas[area] in text
    done = next(t for t in payload["tasks"] if t["state"] == "已完成")
    assert f"“{done['title']}”" in text
    going = max((t for t in payload["tasks"] if t["state"] == "正常" and t["progress"]), key=lambda t: t["percent"])
    assert going["progress"].rstrip("。") in text  # the unit's own words


def test_a_report_saying_late_is_explained_when_the_plan_sets_no_deadline(payload: dict[str, Any]) -> None:
    p = copy.deepcopy(payload)
    task = next(t for t in p["tasks"] if t["state"] == "正常")
    task["progress"] = "已超过完成时限（2022年12月），完成40%，受用地和审批手续影响，尚未完成。"
    text = _text(tasks(p))
    assert f"进展报告称已到或超过完成时限（“{task['title']}”" in text and "未列为逾期" in text


def test_problems_carry_the_causes_the_reports_give(payload: dict[str, Any]) -> None:
    p = copy.deepcopy(payload)
    late = [t for t in p["tasks"] if t["state"] == "逾期"]
    late[0]["progress"] = "已超过完成时限，完成60%，受经费拨付进度影响，尚未完成。"
    text = _text(problems(p, None))
    assert "主要原因是受经费拨付进度影响（1项）" in text
    delayed = [r for r in p["projects"] if r["schedule"] == "滞后"]
    causes = review.causes(delayed, "note")
    top, count = causes.most_common(1)[0]
    assert f"{top}（{count}个）" in text


def test_recommendations_name_their_responsible_units(payload: dict[str, Any]) -> None:
    p = copy.deepcopy(payload)
    p["units"] = [{"unit": "区财政局"}, {"unit": "区教委"}, {"unit": "区住房城乡建委"}, {"unit": "区民教委"}]
    p["funding"][0]["passed"] = False
    text = _text(suggestions(p, None))
    items = [line for line in text.splitlines() if line.startswith("（")]
    assert items and all("（责任单位：" in line for line in items)
    assert any("区财政局" in line and "经费" in line for line in items)
    assert any("区住房城乡建委" in line and "项目" in line for line in items)
    assert "区民教委" not in text  # holds “教委” but is not the education authority


def test_midterm_proposes_target_adjustments(filed: Report, payload: dict[str, Any]) -> None:
    section = next(s for s in filed.sections if "目标调整" in s.heading)
    table = next(b for b in section.blocks if isinstance(b, Table))
    hard = [t["name"] for t in payload["targets"] if t["likelihood"] == "难以达成" and t["status"] in ("进展缓慢", "倒退")]
    assert [r[1] for r in table.rows][:len(hard)] == hard
    annual = evaluation_report({**payload, "kind": "annual", "kind_label": "年度评估"})
    assert not any("目标调整" in s.heading for s in annual.sections)


def test_what_the_plan_does_not_list_is_never_zero(payload: dict[str, Any]) -> None:
    p = copy.deepcopy(payload)
    for r in p["projects"]:
        r.update(investment_total=None, planned_by_year={}, planned_to_date=0.0, places_planned=None,
                 places_delivered=0)
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


def test_a_target_stated_twice_is_listed_once(payload: dict[str, Any]) -> None:
    p = copy.deepcopy(payload)
    first = next(t for t in p["targets"] if t["status"] in ("已达成", "进展顺利", "需加快"))
    p["targets"].append({**first, "key": first["key"] + "-again", "line": 999})
    table = evaluation_report(p).tables()[0]
    assert [r[1] for r in table.rows].count(first["name"]) == 1


def test_tables_and_figures_are_numbered_without_gaps(payload: dict[str, Any]) -> None:
    p = copy.deepcopy(payload)
    p["units"], p["findings"] = [], []  # sections that drop a table or a chart
    report = evaluation_report(p)
    assert [t.caption.split()[0] for t in report.tables()] == [f"表{n}" for n in range(1, len(report.tables()) + 1)]
    charts = [b for s in report.sections for b in s.blocks if isinstance(b, Chart)]
    assert [c.caption.split()[0] for c in charts] == [f"图{n}" for n in range(1, len(charts) + 1)]


def test_every_task_status_in_the_report_matches_the_payload(filed: Report, payload: dict[str, Any]) -> None:
    table = next(t for t in filed.tables() if t.sheet == "逾期及临近任务")
    by_id = {t["task_id"]: t for t in payload["tasks"]}
    for row in table.rows:
        task = by_id[row[0]]
        assert (row[4], row[6]) == (task["state"], task["percent"])
        assert row[7] == (task["progress"] or "未报送")
