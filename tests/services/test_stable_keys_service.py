"""Keys come from what an item is, not where it stands: the same plan uploaded again as a
.docx with another line layout matches every stored target, task and project, writes no audited
change, and the next evaluation reports nothing added or removed."""

from __future__ import annotations

import io

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from eduplan.core.evaluation.targets import plan_targets
from eduplan.core.plan import Plan
from eduplan.data.catalog import load_catalog
from eduplan.ingest.extract import extract_plan
from eduplan.ingest.readers.document import read_bytes
from eduplan.services.evaluations import compare_with_previous, run_evaluation
from eduplan.services.plans import import_plan
from eduplan.store import convert as cv
from eduplan.store.models.audit import AuditEventRow
from eduplan.store.repo import save_plan


@pytest.fixture
def session(db_session: Session) -> Session:
    """On SQLite and PostgreSQL (this folder's `session` is SQLite only)."""
    return db_session

TITLE = "重庆市涪陵区教育事业发展“十四五”规划（2021—2025年）"
PROSE = [
    "一、发展目标",
    "到2025年，学前三年毛入园率达到95%以上，九年义务教育巩固率达到99%，新增公办学位2000个。",
    "二、主要任务",
    "（一）推进学前教育普及普惠",
    "1.扩大学前教育资源。新建幼儿园3所。（责任单位：区教委）",
    "2.提高保教质量。开展办园质量评估。（责任单位：区教委、区财政局）",
    "（二）加强组织领导",
    "建立规划实施工作机制。",
]
TABLE_TITLE = "专栏1 某新区教育事业发展主要指标"
TABLE = [
    ["分类", "指标", "2020年", "2025年", "属性"],
    ["学前教育", "学前三年毛入园率（%）", "90", "95", "预期性"],
    ["义务教育", "九年义务教育巩固率（%）", "98", "99.5", "约束性"],
]
PROJECT_TITLE = "附表 “十四五”教育建设项目表"


def as_text() -> bytes:
    """The plan as plain text: the table as TAB rows right after the goals."""
    lines = [TITLE, "", *PROSE[:2], "", TABLE_TITLE, *("\t".join(r) for r in TABLE), "", *PROSE[2:]]
    return "\n".join(lines).encode("utf-8")


def as_docx() -> bytes:
    """The same plan as Word: blank paragraphs between, the table a real table after the tasks."""
    import docx

    d = docx.Document()
    d.add_paragraph(TITLE)
    for _ in range(3):
        d.add_paragraph("")
    for line in PROSE:
        d.add_paragraph(line)
        d.add_paragraph("")
    d.add_paragraph(TABLE_TITLE)
    table = d.add_table(rows=len(TABLE), cols=len(TABLE[0]))
    for r, row in enumerate(TABLE):
        for c, cell in enumerate(row):
            table.cell(r, c).text = cell
    out = io.BytesIO()
    d.save(out)
    return out.getvalue()


def plans() -> tuple[Plan, Plan]:
    txt = extract_plan(read_bytes(as_text(), suffix=".txt", file="plan.txt"))
    doc = extract_plan(read_bytes(as_docx(), suffix=".docx", file="plan.docx"))
    return txt, doc


def keys(plan: Plan) -> dict[str, list[object]]:
    return {
        "targets": [i.key for i in plan_targets(plan, load_catalog(), {})],
        "prose": [cv.TARGETS.key(cv.TARGETS.to_fields(t)) for t in plan.targets],
        "indicators": [cv.INDICATORS.key(cv.INDICATORS.to_fields(i)) for i in plan.indicators],
        "tasks": [t.id for t in plan.tasks],
    }


def test_the_same_plan_as_text_and_as_docx_gives_the_same_keys_on_other_lines() -> None:
    txt, doc = plans()
    assert [i.source.line for i in txt.indicators] != [i.source.line for i in doc.indicators]
    assert [t.source.line for t in txt.tasks] != [t.source.line for t in doc.tasks]
    assert keys(txt)["targets"] and keys(txt) == keys(doc)


def test_reuploading_as_docx_adds_and_removes_nothing_and_audits_no_line_change(session: Session) -> None:
    txt, doc = plans()
    save_plan(session, txt, actor="tester")
    session.commit()
    audited = session.scalar(select(func.count()).select_from(AuditEventRow))
    result = save_plan(session, doc, actor="tester")
    session.commit()
    # The plan names its new source file; every item only moved to other lines.
    assert result.changes[1:] == ["12 项内容仅出处行号有变化"], result.changes  # 2 rows, 4 targets, 5 tasks, 1 finding
    assert "源文件校验值" in result.changes[0]
    new_events = session.scalars(select(AuditEventRow).order_by(AuditEventRow.id).offset(audited)).all()
    assert [(e.entity, set(e.after or {})) for e in new_events] == [("plan", {"source_file", "source_sha256"})]


def test_an_evaluation_after_a_reupload_reports_nothing_added_or_removed(session: Session) -> None:
    txt, doc = plans()
    import_plan(session=session, plan=txt, actor="tester")
    first = run_evaluation(session=session, region=txt.region, kind="annual", year=2022, actor="tester")
    import_plan(session=session, plan=doc, actor="tester")
    again = run_evaluation(session=session, region=txt.region, kind="annual", year=2022, actor="tester")
    assert [t["line"] for t in first.payload["targets"]] != [t["line"] for t in again.payload["targets"]]
    diff = compare_with_previous(session=session, evaluation_id=again.id).diff
    assert diff.count("新增") == 0 and diff.count("删除") == 0, diff.summary()
    assert len(again.payload["targets"]) == 5  # the goal restating the 毛入园率 row is no target of its own
