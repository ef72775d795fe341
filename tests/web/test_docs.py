"""docs/web.md documents every route of the web app."""

from __future__ import annotations

from pathlib import Path

from fastapi.routing import APIRoute, iter_route_contexts

DOC = Path(__file__).resolve().parents[2] / "docs" / "web.md"


def test_every_route_is_documented(site) -> None:
    text = DOC.read_text(encoding="utf-8")
    paths = {c.path for c in iter_route_contexts(site.app.routes) if isinstance(c.original_route, APIRoute)}
    missing = sorted(p for p in paths if p not in text)
    assert not missing, f"docs/web.md does not document {missing}"
