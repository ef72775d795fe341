"""The report reads the typed payload: a stored payload of any version is read once with
`EvaluationPayload.from_dict` and rendered; sections compare statuses as their enums and print the
enum's label."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path
from typing import Any

from docx import Document
from openpyxl import load_workbook

from eduplan.core.evaluation.payload import EvaluationPayload
from eduplan.core.progress.rules import Status
from eduplan.core.tracking.tasks import DeadlineState
from eduplan.reports.builders import ADJUSTMENT_HEADING, EVALUATION_HEADINGS, evaluation_report
from eduplan.reports.evaluation_advice import problems, suggestions
from eduplan.reports.evaluation_sections import behind, indicators
from eduplan.reports.model import Paragraph, Table
from eduplan.reports.output import write_report

#: A payload as stored before `payload_version` (version 1), the fixture of tests/core.
V1 = Path(__file__).resolve().parents[1] / "core" / "fixtures" / "evaluation_payload_v1.json"


def _stored_v1() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(V1.read_text(encoding="utf-8"))
    assert data["format"] == 1 and "payload_version" not in data
    return data


def _text(blocks: Any) -> str:
    return "\n".join(b.text for b in blocks if isinstance(b, Paragraph))


def test_a_payload_stored_as_version_1_renders_a_report(tmp_path: Path) -> None:
    payload = EvaluationPayload.from_dict(_stored_v1())
    report = evaluation_report(payload)
    assert report.title == "《涪陵区教育事业发展“十四五”规划》中期评估报告"
    assert [s.heading.split("、", 1)[1] for s in report.sections] == [*EVALUATION_HEADINGS, ADJUSTMENT_HEADING]
    table = report.tables()[0]
    assert [(r[1], r[10]) for r in table.rows] == [("学前三年毛入园率", "进展缓慢")]
    text = "\n".join(_text(s.blocks) for s in report.sections)
    assert "逾期任务1项：“推动学前教育普及普惠”（区教委，截止2023-06-30，逾期184天，完成60%）" in text
    assert "经费保障要求中，达标1项、未达标2项、无法判断1项。" in text
    docx = Document(str(write_report(report, tmp_path / "评估.docx")))
    assert any(p.text.replace("\n", "") == report.title for p in docx.paragraphs)
    sheet = load_workbook(write_report(report, tmp_path / "评估.xlsx"))["目标"]
    head = [c.value for c in sheet[1]]
    rows = [dict(zip(head, (c.value for c in row))) for row in sheet.iter_rows(min_row=2)]
    assert [(r["指标"], r["进展状态"]) for r in rows] == [
        ("学前三年毛入园率", "进展缓慢"), ("辍学率", "数据不足"), ("新增公办幼儿园", "未纳入监测")]


def test_a_version_1_payload_without_its_simulated_record_is_not_marked() -> None:
    stored = _stored_v1()
    del stored["simulated"]  # stored before the payload recorded it
    payload = EvaluationPayload.from_dict(stored)
    assert payload.simulated is None and not evaluation_report(payload).simulated
    assert evaluation_report(payload, simulated=True).simulated


def test_a_section_reads_a_status_through_its_enum() -> None:
    payload = EvaluationPayload.from_dict(_stored_v1())
    slow = payload.targets[0]
    assert slow.status is Status.SLOW
    worse = replace(payload, targets=[replace(slow, status=Status.REGRESSING), *payload.targets[1:]])
    table = next(b for b in indicators(worse) if isinstance(b, Table))
    shown = table.rows[0][10]
    assert shown == Status.REGRESSING.value and type(shown) is str  # the label, a plain text cell
    assert "较基期不升反降" in _text(problems(worse, None))
    assert "扭转指标倒退趋势" in _text(suggestions(worse, None))
    assert "较基期不升反降" not in _text(problems(payload, None))  # 进展缓慢 is behind, not regressing
    assert [t.status for t in behind([slow, worse.targets[0]])] == [Status.REGRESSING, Status.SLOW]  # worst first


def test_a_task_state_is_read_through_its_enum() -> None:
    payload = EvaluationPayload.from_dict(_stored_v1())
    task = payload.tasks[0]
    assert task.state is DeadlineState.OVERDUE
    done = replace(payload, tasks=[replace(task, state=DeadlineState.DONE, percent=100.0)])
    assert "逾期任务" in "\n".join(_text(s.blocks) for s in evaluation_report(payload).sections)
    assert "督促逾期任务落实" not in _text(suggestions(done, None))
