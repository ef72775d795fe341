"""The extraction pipeline: a document's lines → a `Plan` with every commitment and finding."""

from __future__ import annotations

from eduplan.core.audit import audit_plan
from eduplan.core.errors import InputError, Location
from eduplan.core.findings import REGION_UNKNOWN
from eduplan.core.plan import Plan
from eduplan.ingest.arithmetic import check_text_arithmetic
from eduplan.ingest.indicators.extract import extract_indicators
from eduplan.ingest.metadata import extract_metadata
from eduplan.ingest.projects.extract import extract_projects
from eduplan.ingest.prose_projects import extract_prose_projects
from eduplan.ingest.readers.document import Document
from eduplan.ingest.readers.traditional import to_simplified
from eduplan.ingest.targets import extract_targets
from eduplan.ingest.tasks import extract_tasks


def extract_plan(doc: Document) -> Plan:
    """Extract a plan's metadata, indicators, prose targets, programmes, tasks, projects, findings."""
    doc = to_simplified(doc)  # traditional characters and pinyin noise, line for line
    meta = extract_metadata(doc)
    indicators = extract_indicators(doc)
    end_year = meta.period[1] if meta.period else None
    targets, programmes = extract_targets(doc, end_year=end_year)
    tasks, units = extract_tasks(doc)
    projects = extract_projects(doc)
    projects.projects.extend(extract_prose_projects(doc, projects.projects))  # projects written in prose
    if not meta.title and not indicators and not tasks and not projects.projects and not targets:
        raise InputError("文件中没有找到规划内容（标题、指标、任务或项目）", location=Location(file=doc.file))
    plan = Plan(
        region=meta.region or "",
        title=meta.title or "",
        doc_number=meta.doc_number,
        issuer=meta.issuer,
        issued_on=meta.issued_on,
        period=meta.period,
        vision_year=meta.vision_year,
        kind=meta.kind,
        indicators=indicators,
        targets=targets,
        programmes=programmes,
        tasks=tasks,
        projects=projects.projects,
        responsible_units=units,
        source_file=doc.file,
        source_sha256=doc.sha256,
    )
    plan.findings = [*projects.findings, *check_text_arithmetic(doc), *audit_plan(plan)]
    if not plan.region:
        plan.findings.insert(0, REGION_UNKNOWN.make(line=None, file=doc.file or "文件"))
    return plan
