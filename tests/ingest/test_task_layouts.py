"""The task tree of each sample plan, written back from its expected fixture in several
layouts (UTF-8 text, GB18030 text, a web copy with blank lines, Word paragraphs with and
without Heading styles; titles on their own line or run into the text) and extracted with
the real pipeline; compared on id, title, parent, level, units and kind (not line numbers)."""

from __future__ import annotations

import pytest

from eduplan.ingest.readers.document import read_bytes
from eduplan.ingest.tasks import extract_tasks
from tests.ingest.tasks_oracle import LAYOUTS, PLANS, VARIANTS, expected, render


def _got(plan: str, layout: str, run_in: bool | None = None, variant: str | None = None) -> list[tuple[object, ...]]:
    data, suffix = render(plan, layout, run_in=run_in, variant=variant)
    doc = read_bytes(data, suffix=suffix, file=f"{plan}{suffix}")
    tasks, _ = extract_tasks(doc)
    return [(t.id, t.title, t.parent, t.level, tuple(t.lead_units), tuple(t.responsible_units), t.kind)
            for t in tasks]


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("plan", PLANS)
def test_task_tree_from_layout(plan: str, layout: str) -> None:
    assert _got(plan, layout) == expected(plan)


@pytest.mark.parametrize("run_in", [True, False], ids=["run-in", "own-line"])
@pytest.mark.parametrize("layout", ["txt", "docx"])
@pytest.mark.parametrize("plan", PLANS)
def test_task_tree_with_heading_form(plan: str, layout: str, run_in: bool) -> None:
    """Titles on their own line or run into the task's text (“1.标题。正文。”)."""
    assert _got(plan, layout, run_in) == expected(plan)


@pytest.mark.parametrize("variant", sorted(VARIANTS))
@pytest.mark.parametrize("plan", PLANS)
def test_task_tree_with_writing_variant(plan: str, variant: str) -> None:
    """Indentation, half-width brackets and colons, “1、” items, spaces, units split by commas,
    the leading unit named apart (“（牵头单位：A；责任单位：B）”)."""
    assert _got(plan, "txt", variant=variant) == expected(plan)
