"""The same plan in another encoding, wrapping or file format gives the same commitments.

Each variant is generated here from the original text; the indicators, projects and tasks
extracted from it must equal those from the original (line numbers aside where the
variant moves lines).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from eduplan.core.interchange import plan_to_dict
from eduplan.ingest.extract import extract_plan
from eduplan.ingest.read import read_bytes, read_document
from tests.conftest import PLAN_FILES

WRAP_WIDTH = 28


def _strip_lines(value: Any) -> Any:
    """The value without source line numbers (and without text that follows the wrapping)."""
    if isinstance(value, dict):
        return {k: _strip_lines(v) for k, v in value.items() if k not in ("source", "lines", "text")}
    if isinstance(value, list):
        return [_strip_lines(v) for v in value]
    return value


def _commitments(plan, *, with_lines: bool = True) -> dict[str, Any]:
    data = plan_to_dict(plan)
    picked = {k: data[k] for k in ("indicators", "projects", "tasks")}
    return picked if with_lines else _strip_lines(picked)


@pytest.fixture(scope="module")
def originals(plans_dir: Path) -> dict[str, Any]:
    return {name: read_document(plans_dir / f"{name}.txt") for name in PLAN_FILES}


@pytest.mark.parametrize("name", PLAN_FILES)
def test_gbk_text_gives_the_same_plan(originals, name: str) -> None:
    doc = originals[name]
    original = extract_plan(doc)
    gbk = doc.text.encode("gb18030")
    variant = extract_plan(read_bytes(gbk, suffix=".txt", file=f"{name}-gbk.txt"))
    assert _commitments(variant) == _commitments(original)
    assert variant.region == original.region and variant.title == original.title


def _rewrap(text: str, width: int) -> str:
    """Break every long prose line into pieces of `width` characters, as PDF conversion does."""
    out: list[str] = []
    for line in text.split("\n"):
        if "\t" in line or "|" in line or len(line) <= width:
            out.append(line)
            continue
        out.extend(line[i:i + width] for i in range(0, len(line), width))
    return "\n".join(out)


@pytest.mark.parametrize("name", PLAN_FILES)
def test_rewrapped_text_gives_the_same_plan(originals, name: str) -> None:
    doc = originals[name]
    original = extract_plan(doc)
    variant = extract_plan(read_bytes(_rewrap(doc.text, WRAP_WIDTH).encode(), suffix=".txt", file=name))
    assert _commitments(variant, with_lines=False) == _commitments(original, with_lines=False)
