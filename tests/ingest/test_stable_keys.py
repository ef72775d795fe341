"""The sample plans as .txt and as a .docx made from them (real Word tables, other lines) give
the same keys for every target, indicator row, task and project: what links observations,
reports and evaluations to a plan does not depend on the document's layout."""

from __future__ import annotations

from pathlib import Path

import pytest

from eduplan.core.evaluation.targets import plan_targets
from eduplan.core.plan import Plan
from eduplan.data.catalog import load_catalog
from eduplan.ingest.extract import extract_plan
from eduplan.ingest.readers.document import read_bytes, read_document
from eduplan.store import convert as cv
from tests.conftest import PLAN_FILES
from tests.ingest import variants


def keys(plan: Plan) -> dict[str, list[object]]:
    return {
        "targets": [i.key for i in plan_targets(plan, load_catalog(), {})],
        "prose": [cv.TARGETS.key(cv.TARGETS.to_fields(t)) for t in plan.targets],
        "indicators": [cv.INDICATORS.key(cv.INDICATORS.to_fields(i)) for i in plan.indicators],
        "tasks": [(t.id, t.kind) for t in plan.tasks],
        "projects": [cv.PROJECTS.key(cv.PROJECTS.to_fields(p)) for p in plan.projects],
    }


@pytest.mark.parametrize("name", PLAN_FILES)
def test_a_plan_as_text_and_as_docx_has_the_same_keys(plans_dir: Path, name: str) -> None:
    text = read_document(plans_dir / f"{name}.txt")
    word = read_bytes(variants.plan_docx(text), suffix=".docx", file=f"{name}.docx")
    original, again = keys(extract_plan(text)), keys(extract_plan(word))
    for kind, found in original.items():
        assert found == again[kind], f"{name}: {kind}"
    assert len(set(original["targets"])) == len(original["targets"])
