"""Indicator tables (主要指标) in every layout the family of plans uses."""

from __future__ import annotations

from eduplan.core.plan import Indicator
from eduplan.ingest.read import Document


def extract_indicators(doc: Document) -> list[Indicator]:
    """Every row of every indicator table, with values, target, attribute, unit, parent."""
    return []  # TODO(indicators helper)
