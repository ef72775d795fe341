"""Quantified targets stated in prose, and the key programmes (专栏) that hold them."""

from __future__ import annotations

from eduplan.core.plan import Programme, ProseTarget
from eduplan.ingest.read import Document


def extract_targets(doc: Document, *, end_year: int | None) -> tuple[list[ProseTarget], list[Programme]]:
    """Prose targets (goal sections, 专栏, measures) and the programmes."""
    return [], []  # TODO(prose helper)
