"""The task tree from the headings, with responsible units normalised against a unit list."""

from __future__ import annotations

from eduplan.core.plan import ResponsibleUnit, Task
from eduplan.ingest.read import Document


def extract_tasks(doc: Document) -> tuple[list[Task], list[ResponsibleUnit]]:
    """The plan's tasks (tree) and the responsible units they name."""
    return [], []  # TODO(tasks helper)
