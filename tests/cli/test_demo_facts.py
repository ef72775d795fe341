"""The demo's bundled facts are the current extraction of the sample plans, without prose."""

from __future__ import annotations

from pathlib import Path

import pytest

from eduplan.core.interchange import plan_to_dict
from eduplan.demo.build import PROSE_CELL_LENGTH, bundled_plans, facts_only
from eduplan.services.documents import extract_file


def test_bundled_facts_hold_no_prose() -> None:
    for plan in bundled_plans():
        assert all(t.text == "" for t in plan.targets)
        assert all(t.text == "" for t in plan.tasks)
        assert all(not p.items for p in plan.programmes)
        assert all(len(v) <= PROSE_CELL_LENGTH for p in plan.projects for v in p.columns.values())


def test_bundled_facts_match_the_current_extraction(plans_dir: Path) -> None:
    bundled = {p.source_file: plan_to_dict(p) for p in bundled_plans()}
    for path in sorted(plans_dir.glob("*.txt")):
        fresh = plan_to_dict(facts_only(extract_file(path=path)))
        fresh["plan"]["source_sha256"] = None
        if bundled.get(path.name) != fresh:
            pytest.fail(f"{path.name} 的内置演示数据已过期：请运行 .venv/bin/python scripts/bundle_demo_facts.py")
