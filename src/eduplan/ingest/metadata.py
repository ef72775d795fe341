"""Plan metadata: region, title, document number, issuer, issue date, period, vision year."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from eduplan.ingest.read import Document


@dataclass
class PlanMeta:
    region: str | None = None
    title: str | None = None
    doc_number: str | None = None
    issuer: str | None = None
    issued_on: dt.date | None = None
    period: tuple[int, int] | None = None
    vision_year: int | None = None
    kind: str = "规划"


def extract_metadata(doc: Document) -> PlanMeta:
    """The plan's metadata from its heading and issuing notice."""
    return PlanMeta()  # TODO(tasks helper)
