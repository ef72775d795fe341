"""The method page: every status's rule and example, and docs/methods.md, one click from a reason."""

from __future__ import annotations

from fastapi.testclient import TestClient

from eduplan.core.plan import CatalogEntry, Direction, Op, Target
from eduplan.core.progress.assess import assess_indicator, assess_target
from eduplan.core.progress.rules import Point, Status
from eduplan.web.routes.methods import STATUS_RULES


def test_methods_page_explains_every_status_and_serves_the_method_document(client: TestClient) -> None:
    html = client.get("/methods").text
    for status in Status:
        assert f'id="status-{status.value}"' in html
    assert "Step 3 — status" in html and "<table>" in html  # docs/methods.md, rendered with its tables
    body = client.get("/api/v1/methods").json()
    assert [r["status"] for r in body["statuses"]] == [s.value for s in Status]
    assert body["source"] == "docs/methods.md" and "Open SDG" in body["document"]


def test_methods_page_is_public(client: TestClient) -> None:
    assert client.get("/methods").status_code == 200  # no login: it explains public dashboards


def _rate(obs: dict[int, float], value: float = 95, base: float | None = 90, op: Op = Op.GE) -> Status:
    return assess_target(target=Target(op, value, year=2025), baseline=Point(2020, base) if base is not None else None,
                         observations=obs, direction=Direction.UP, base_year=2020, unit="%").status


def test_the_examples_of_the_method_page_are_what_the_engine_says() -> None:
    said = {s: example for s, _, example in STATUS_RULES}
    assert _rate({2022: 99.4, 2023: 99.93}, 99.5, 99.6) is Status.ACHIEVED and "已达成" in said[Status.ACHIEVED]
    assert _rate({2023: 93.2}) is Status.ON_TRACK and "95.3%" in said[Status.ON_TRACK]
    assert _rate({2023: 92}) is Status.ACCELERATE and "93.3%" in said[Status.ACCELERATE]
    assert _rate({2023: 90.9}) is Status.SLOW and "91.5%" in said[Status.SLOW]
    assert _rate({2023: 89}) is Status.REGRESSING
    assert _rate({2023: 88}, 92, None) is Status.INSUFFICIENT
    assert _rate({2021: 86, 2023: 88}, 92, None) is Status.ACCELERATE  # 2021 is the baseline
    entry = CatalogEntry(id="k", name="在园幼儿数", unit="万人", direction=Direction.HOLD,
                         trajectory="compound", nature="scale")
    scale = assess_indicator(entry=entry, target=Target(Op.EQ, 2.5, year=2025), baseline=Point(2020, 3),
                             observations={2022: 2.85})
    assert scale.status is Status.SCALE and "预期规模" in said[Status.SCALE]
