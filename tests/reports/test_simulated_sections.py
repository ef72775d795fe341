"""The 模拟数据 mark in reports: each section drawn from simulated figures says so, and so do its
tables' and charts' captions; sections of real figures are left as they are."""

from __future__ import annotations

import dataclasses
from typing import Any

from docx import Document

from eduplan.core.evaluation.payload import EvaluationPayload
from eduplan.core.simulated import SimulatedParts
from eduplan.reports.builders import evaluation_report
from eduplan.reports.docx import write_docx
from eduplan.reports.model import Chart, Paragraph, Table
from eduplan.reports.simulated import CAPTION_MARK


def _sections(report: Any) -> dict[str, Any]:
    return {s.heading.split("、", 1)[1]: s for s in report.sections}


def _marked(section: Any) -> bool:
    first = section.blocks[0] if section.blocks else None
    captions = [b.caption for b in section.blocks if isinstance(b, (Table, Chart))]
    return (isinstance(first, Paragraph) and first.text.startswith("【模拟数据】")
            and all(c.endswith(CAPTION_MARK) for c in captions))


def _unmarked(section: Any) -> bool:
    return not any(isinstance(b, Paragraph) and "模拟数据" in b.text for b in section.blocks) and not any(
        isinstance(b, (Table, Chart)) and CAPTION_MARK in b.caption for b in section.blocks)


def test_only_the_sections_of_simulated_figures_are_marked(payload: EvaluationPayload) -> None:
    parts = SimulatedParts(targets=False, tasks=True, projects=False, funding=True, schools=False)
    sections = _sections(evaluation_report(dataclasses.replace(payload, simulated=parts)))
    assert _marked(sections["重点任务推进情况"]) and _marked(sections["经费保障情况"])
    assert _marked(sections["总体评价"])  # it sums up every part
    assert _unmarked(sections["主要指标完成情况"]) and _unmarked(sections["重大项目建设情况"])
    assert any(isinstance(b, Table) for b in sections["经费保障情况"].blocks)


def test_a_report_of_real_figures_carries_no_mark(payload: EvaluationPayload) -> None:
    report = evaluation_report(dataclasses.replace(payload, simulated=SimulatedParts()))
    assert not report.simulated
    assert all(_unmarked(s) for s in report.sections)


def test_the_word_report_prints_the_mark_on_the_simulated_tables(payload: EvaluationPayload, tmp_path: Any) -> None:
    parts = SimulatedParts(targets=True)
    path = write_docx(evaluation_report(dataclasses.replace(payload, simulated=parts)), tmp_path / "评估.docx")
    text = [p.text for p in Document(str(path)).paragraphs]
    assert any(t.startswith("表1") and t.endswith(CAPTION_MARK) for t in text)
    assert not any(t.startswith("表2") and CAPTION_MARK in t for t in text)
    assert any(t.startswith("【模拟数据】本部分所用监测值") for t in text)


def _readiness(simulated: bool) -> Any:
    from eduplan.core.inspection.balance import CountyFigures, assess_guarantee, assess_quality, assess_resources
    from eduplan.demo.schools import simulate_schools
    from eduplan.reports.inspection_sections import InspectionReadiness
    from eduplan.services.inspections import resolve_standards, with_section_qualifications

    standards = resolve_standards()
    schools = [with_section_qualifications(r, standards) for r in simulate_schools(["南川区"], year=2024)
               if r.stage != "幼儿园"]
    return InspectionReadiness("南川区", 2024, assess_resources(schools, standards, region="南川区"),
                               tuple(assess_guarantee(schools, CountyFigures(), standards, region="南川区")),
                               tuple(assess_quality(CountyFigures(), standards, region="南川区")), None,
                               simulated=simulated)


def test_the_inspection_workbook_lists_its_simulated_tables_as_such(tmp_path: Any) -> None:
    from openpyxl import load_workbook

    from eduplan.reports.builders import inspection_report
    from eduplan.reports.xlsx import write_xlsx

    marked = inspection_report(_readiness(True))
    balance = _sections(marked)["义务教育优质均衡"]
    assert _marked(balance) and _unmarked(_sections(marked)["整改建议"])
    contents = load_workbook(write_xlsx(marked, tmp_path / "督导.xlsx"))["说明"]
    rows = [row for row in contents.iter_rows(values_only=True)]
    captions = [row[1] for row in rows[rows.index(("工作表", "内容")) + 1:]]  # the table of sheets
    assert captions and all(c.endswith(CAPTION_MARK) for c in captions)
    assert all(_unmarked(s) for s in inspection_report(_readiness(False)).sections)
