"""Computations stated in the text (school-place balances) checked for their arithmetic."""

from __future__ import annotations

from eduplan.core.plan import Finding
from eduplan.ingest.read import Document


def check_text_arithmetic(doc: Document) -> list[Finding]:
    """Findings for computations in the prose whose arithmetic fails."""
    return []  # TODO(projects helper)
