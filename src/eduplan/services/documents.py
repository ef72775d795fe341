"""Use cases on plan documents: extract a plan from a file, and store it."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy.orm import Session

from eduplan.core.plan import Plan
from eduplan.ingest.extract import extract_plan
from eduplan.ingest.readers.document import read_bytes, read_document
from eduplan.services.guarded import run_guarded
from eduplan.services.plans import SaveResult, import_plan


def extract_file(*, path: str | Path) -> Plan:
    """Read a plan document (.txt/.docx/.pdf) and extract its commitments (time and memory limited)."""
    return run_guarded(_extract_path, str(path), file=Path(path).name)


def extract_upload(*, data: bytes, filename: str) -> Plan:
    """Extract a plan from an uploaded document's bytes (time and memory limited, off the request thread)."""
    return run_guarded(_extract_bytes, data, filename, file=filename)


def _extract_path(path: str) -> Plan:
    return extract_plan(read_document(path))


def _extract_bytes(data: bytes, filename: str) -> Plan:
    return extract_plan(read_bytes(data, suffix=Path(filename).suffix, file=filename))


def ingest_file(*, session: Session, path: str | Path, actor: str) -> SaveResult:
    """Extract a plan document and store it (re-ingesting the same document changes nothing)."""
    return import_plan(session=session, plan=extract_file(path=path), actor=actor)
