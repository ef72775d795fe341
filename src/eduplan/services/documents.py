"""Use cases on plan documents: extract a plan from a file, and store it."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy.orm import Session

from eduplan.core.errors import InputError, Location
from eduplan.core.plan import Plan
from eduplan.core.regions import assign_region
from eduplan.data.divisions import find_region
from eduplan.ingest.extract import extract_plan
from eduplan.ingest.readers.document import read_bytes, read_document
from eduplan.services.guarded import report_progress, run_guarded
from eduplan.services.plans import SaveResult, import_plan


def extract_file(*, path: str | Path, region: str | None = None) -> Plan:
    """Read a plan document (.txt/.docx/.pdf) and extract its commitments (time and memory limited).

    `region` (a name or division code, checked against the list) overrides the one read.
    """
    chosen = find_region(region, field="--region") if region is not None else None  # a bad --region fails first
    plan = run_guarded(_extract_path, str(path), file=Path(path).name)
    if chosen is not None:
        assign_region(plan, chosen)
    return plan


def extract_upload(*, data: bytes, filename: str) -> Plan:
    """Extract a plan from an uploaded document's bytes (time and memory limited, off the request thread)."""
    return run_guarded(_extract_bytes, data, filename, file=filename)


def extract_upload_with_lines(*, data: bytes, filename: str) -> tuple[Plan, tuple[str, ...]]:
    """`extract_upload`, and the document's numbered lines (`lines[n - 1]` is line n) for the review."""
    return run_guarded(extract_bytes_with_lines, data, filename, file=filename)


def _extract_path(path: str) -> Plan:
    return extract_plan(read_document(path))


def _extract_bytes(data: bytes, filename: str) -> Plan:
    return extract_plan(read_bytes(data, suffix=Path(filename).suffix, file=filename))


def extract_bytes_with_lines(data: bytes, filename: str) -> tuple[Plan, tuple[str, ...]]:
    """The plan and the numbered lines of an uploaded document, in this process (a guarded child's work)."""
    report_progress(10, "读取文档")
    document = read_bytes(data, suffix=Path(filename).suffix, file=filename)
    report_progress(40, f"提取指标、目标、任务和项目（共 {len(document.lines)} 行）")
    plan = extract_plan(document)
    report_progress(90, "整理提取结果")
    return plan, tuple(document.lines)


def ingest_file(*, session: Session, path: str | Path, actor: str, region: str | None = None) -> SaveResult:
    """Extract a plan document and store it (re-ingesting the same document changes nothing).

    A plan whose region is neither read nor given is refused: a stored plan belongs to a region.
    """
    plan = extract_file(path=path, region=region)
    if not plan.region:
        raise InputError(_region_missing(plan), location=Location(file=str(path)))
    return import_plan(session=session, plan=plan, actor=actor)


def _region_missing(plan: Plan) -> str:
    unknown = next((f for f in plan.findings if f.kind == "region_unknown"), None)
    found = unknown.data.get("candidates") if unknown else None
    candidates: dict[str, str] = dict(found) if isinstance(found, dict) else {}
    hint = f"（可能是：{'、'.join(f'{name}（{code}）' for code, name in candidates.items())}）" if candidates else ""
    return (f"未能识别规划所属的行政区{hint}，未入库：请用 --region 指定，"
            "写名称（如 重庆市璧山区）或 6 位区划代码（如 500120）")
