"""The catalog marks the sizes a plan projects (nature "scale"), a flag and not a name rule."""

from __future__ import annotations

from eduplan.core.catalog import entry_from_dict
from eduplan.data.catalog import load_catalog


def test_enrolment_counts_are_marked_as_projected_scale() -> None:
    entries = {e.id: e for e in load_catalog().entries}
    assert {e.nature for e in entries.values()} == {"target", "scale"}
    scale = {e.name for e in entries.values() if e.nature == "scale"}
    assert {"在园幼儿数", "义务教育在校学生数", "普通高中在校学生数", "高等教育在学总规模"} <= scale
    assert all(entries[i].nature == "target" for i in ("compulsory_retention_rate", "preschool_gross_enrolment_rate"))
    assert all(e.unit == "万人" for e in entries.values() if e.nature == "scale")


def test_nature_defaults_to_a_graded_target() -> None:
    assert entry_from_dict({"id": "x", "name": "某率", "unit": "%", "direction": "up"}).nature == "target"
