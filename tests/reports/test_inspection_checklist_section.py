"""The readiness report lists the preconditions and 一票否决 items as confirmed, and says readiness
cannot be 达标 while one is unconfirmed; the Word file opened back holds the table."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

from docx import Document

from eduplan.core.inspection.checklist import Confirmation, checklist, checklist_items
from eduplan.reports.builders import inspection_report
from eduplan.reports.inspection_sections import InspectionReadiness
from eduplan.reports.model import Paragraph
from eduplan.reports.output import write_report
from eduplan.services.inspections import resolve_standards
from tests.reports.test_inspection_and_comparison import readiness  # noqa: F401  (the module fixture)

AT = dt.datetime(2025, 3, 1, 8, 0, tzinfo=dt.UTC)


def with_checklist(r: InspectionReadiness, answers: dict[str, bool]) -> InspectionReadiness:
    items = checklist_items(resolve_standards(), "balance")
    confirmed = {k: Confirmation(k, v, "局长", AT, "经核查") for k, v in answers.items()}
    return dataclasses.replace(r, checklist=tuple(checklist(items, confirmed)))


def section_text(report, heading: str) -> str:
    section = next(s for s in report.sections if heading in s.heading)
    return "".join(b.text for b in section.blocks if isinstance(b, Paragraph))


def test_unconfirmed_items_are_listed_and_hold_readiness_back(readiness: InspectionReadiness,  # noqa: F811
                                                               tmp_path: Path) -> None:
    r = with_checklist(readiness, {"balance.veto.key_schools": True})
    report = inspection_report(r)
    text = section_text(report, "义务教育优质均衡")
    total = len(r.checklist)
    assert f"申请条件和一票否决条目共{total}项，经教育局确认符合1项" in text and "不能判定为达标" in text
    table = next(t for t in report.tables() if t.sheet == "申请条件与否决项")
    assert len(table.rows) == total
    assert ("一票否决", "不存在重点学校或重点班", "符合", "局长") == table.rows[
        [row[1] for row in table.rows].index("不存在重点学校或重点班")][:4]
    doc = Document(str(write_report(report, tmp_path / "准备情况.docx")))
    cells = {c.text for t in doc.tables for row in t.rows for c in row.cells}
    assert "不存在重点学校或重点班" in cells and "待确认" in cells


def test_an_item_that_does_not_hold_is_named_as_a_veto(readiness: InspectionReadiness) -> None:  # noqa: F811
    r = with_checklist(readiness, {"balance.veto.key_schools": False})
    assert "一票否决：不存在重点学校或重点班" in section_text(inspection_report(r), "义务教育优质均衡")
