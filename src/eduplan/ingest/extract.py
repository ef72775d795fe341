"""The extraction pipeline: a document's lines → a `Plan` with every commitment and finding."""

from __future__ import annotations

import re

from eduplan.core.audit import audit_plan
from eduplan.core.errors import InputError, Location
from eduplan.core.findings import REGION_UNKNOWN
from eduplan.core.plan import Finding, Plan
from eduplan.data.divisions import load_divisions
from eduplan.ingest.arithmetic import check_text_arithmetic
from eduplan.ingest.indicators.extract import extract_indicators
from eduplan.ingest.metadata import PlanMeta, extract_metadata
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
    table_findings: list[Finding] = []
    indicators = extract_indicators(doc, findings=table_findings)
    end_year = meta.period[1] if meta.period else None
    targets, programmes = extract_targets(doc, end_year=end_year)
    tasks, units = extract_tasks(doc)
    projects = extract_projects(doc)
    projects.projects.extend(extract_prose_projects(doc, projects.projects))  # projects written in prose
    if not (meta.title or indicators or tasks or projects.projects or targets or _plans_education(doc)):
        raise InputError("文件中没有找到规划内容（标题、指标、任务或项目）", location=Location(file=doc.file))
    plan = Plan(
        region=meta.region or "",
        region_code=meta.region_code,
        region_level=meta.region_level,
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
    plan.findings = [*table_findings, *projects.findings, *check_text_arithmetic(doc), *audit_plan(plan)]
    if not plan.region:
        plan.findings.insert(0, _region_unknown(meta, doc.file or "文件"))
    return plan


#: A planning period (“十四五”, 2021—2025年, 到2025年) and an education subject: an excerpt of a plan
#: whose tables or sentences the readers cannot take apart yet is still a plan to review.
_PERIOD_RE = re.compile(r"十[一二三四五六七八九]五|(?:19|20)\d{2}\s*年?\s*[—–\-－~～至到]\s*(?:19|20)\d{2}\s*年|到\s*20\d{2}\s*年")
_EDUCATION_RE = re.compile(r"教育|学校|幼儿园|学位|学生|教师")


def _plans_education(doc: Document) -> bool:
    text = "\n".join(doc.lines)
    return bool(_PERIOD_RE.search(text) and _EDUCATION_RE.search(text))


def _region_unknown(meta: PlanMeta, file: str) -> Finding:
    """The region_unknown finding: why the region stays unknown, and the candidates (code: full name)."""
    divisions = load_divisions()
    candidates = {r.code: divisions.full_name(r) for r in meta.region_candidates}
    if candidates:
        reason = f"标题或发文机关中的地名有 {len(candidates)} 个同名行政区：{divisions.describe(meta.region_candidates)}"
    elif meta.region_unlisted:
        reason = f"“{meta.region_unlisted}”不在全国行政区划名录中"
    else:
        reason = "标题、发文机关、文号和正文开头均未写明"
    finding = REGION_UNKNOWN.make(line=None, file=file, reason=reason)
    finding.data["candidates"] = candidates
    return finding
