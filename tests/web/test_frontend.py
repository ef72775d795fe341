"""The chart library is served by the app itself; pages say so in Chinese when it is missing."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from eduplan.web import render

REPO = Path(__file__).resolve().parents[2]


def test_echarts_is_pinned_in_the_package_files() -> None:
    pinned = json.loads((REPO / "package.json").read_text(encoding="utf-8"))["dependencies"]["echarts"]
    lock = json.loads((REPO / "package-lock.json").read_text(encoding="utf-8"))
    assert pinned[0].isdigit() and lock["packages"]["node_modules/echarts"]["version"] == pinned


def test_echarts_is_served_locally_when_installed(client) -> None:
    if not render.ECHARTS.is_file():
        pytest.skip("ECharts 未安装（运行 scripts/frontend.sh）")
    response = client.get("/static/vendor/echarts.min.js")
    assert response.status_code == 200 and len(response.content) > 100_000
    html = client.get("/").text
    assert '<script src="/static/vendor/echarts.min.js" defer></script>' in html and "echarts-missing" not in html
    assert '<script src="/static/charts.js" defer></script>' in html
    assert "http://" not in html.split("<main>")[0] and "https://" not in html.split("<main>")[0]


def test_pages_say_in_chinese_when_echarts_is_missing(client, monkeypatch, tmp_path) -> None:
    monkeypatch.setattr(render, "ECHARTS", tmp_path / "missing.js")
    html = client.get("/").text
    assert 'id="echarts-missing"' in html and "scripts/frontend.sh" in html
    assert '/static/vendor/echarts.min.js" defer' not in html and '/static/charts.js' not in html
