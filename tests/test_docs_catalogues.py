"""The catalogue tables in docs/ are generated from the code (scripts/catalogues.py) and current."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parents[1] / "scripts" / "catalogues.py"


def _catalogues():
    spec = importlib.util.spec_from_file_location("catalogues", SCRIPT)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_docs_catalogue_tables_match_the_code() -> None:
    stale = _catalogues().stale(write=False)
    assert not stale, f"{stale} 的目录表已过期：运行 .venv/bin/python scripts/catalogues.py"


def test_a_new_kind_shows_up_as_a_stale_table() -> None:
    cat = _catalogues()
    text = "前言\n<!-- catalogue:findings -->\n| old |\n<!-- /catalogue -->\n结尾"
    out = cat.render(text, "findings", cat.findings_table())
    assert "`sum_mismatch`" in out and "| old |" not in out and out.endswith("结尾")
    with pytest.raises(ValueError):
        cat.render("no markers", "findings", "x")
