"""Construction project tables: every column kept, totals recognised as totals."""

from __future__ import annotations

from dataclasses import dataclass, field

from eduplan.core.plan import Finding, Project
from eduplan.ingest.read import Document


@dataclass
class ProjectExtraction:
    projects: list[Project] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)


def extract_projects(doc: Document) -> ProjectExtraction:
    """Projects of every project table, and the findings of the tables' own arithmetic."""
    return ProjectExtraction()  # TODO(projects helper)
