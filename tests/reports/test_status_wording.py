"""Report wording for the ungraded statuses: 预期规模 is never urged on, 未纳入监测 is counted apart."""

from __future__ import annotations

from typing import Any

from eduplan.reports import narrative as say
from eduplan.reports.evaluation_advice import problems, suggestions
from eduplan.reports.evaluation_sections import indicators, overview
from eduplan.reports.model import Chart, Paragraph


def _target(name: str, status: str, **extra: Any) -> dict[str, Any]:
    row = {"name": name, "status": status, "binding": False, "attribute": "预期性", "unit": "%", "baseline_year": 2020,
           "baseline": 90.0, "latest_year": 2023, "latest_value": 92.0, "target": "≥95", "target_year": 2025,
           "ratio": None, "forecast": None, "likelihood": "不适用", "expected": 93.0}
    return row | extra


def _payload(targets: list[dict[str, Any]]) -> dict[str, Any]:
    by_status: dict[str, int] = {}
    for t in targets:
        by_status[t["status"]] = by_status.get(t["status"], 0) + 1
    return {"targets": targets, "tasks": [], "projects": [], "funding": [], "findings": [], "plan_title": "某区规划",
            "plan_period": [2021, 2025], "kind_label": "中期评估", "as_of": "2023-12-31",
            "summary": {"targets": len(targets), "by_status": by_status, "tasks_by_state": {},
                        "projects_by_schedule": {}, "funding": {}}}


PAYLOAD = _payload([
    _target("学前三年毛入园率", "需加快", ratio=0.7),
    _target("在园幼儿数", "预期规模", unit="万人", target="=2.5", latest_value=2.85),
    _target("普通高中在校学生数", "预期规模", unit="万人", target="=3.2", latest_value=3.0),
    _target("新增公办幼儿园", "未纳入监测", unit="所", target="≥15", latest_year=None, latest_value=None),
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
    sentence = say.target_status_sentence(4, PAYLOAD["summary"]["by_status"])
    assert sentence.startswith("在4项目标中，需加快1项，达到或好于预期进度的共0项，落后于预期进度的共1项")
    assert "2项为随学龄人口变化的规模预期" in sentence
