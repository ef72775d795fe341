"""Editing with a stale version: refused with a Chinese message, nothing overwritten."""

from __future__ import annotations

from .conftest import OWN, login


def _version(client, iid: int) -> int:
    return client.get(f"/api/v1/indicators/{iid}").json()["indicator"]["version"]


def test_stale_api_edit_is_a_409_problem_and_keeps_the_newer_value(client, site) -> None:
    token = login(client, "fuling")
    iid = site.indicators[OWN]
    seen = _version(client, iid)
    first = client.patch(f"/api/v1/indicators/{iid}", headers={"X-CSRF-Token": token},
                         json={"version": seen, "changes": {"unit": "万人（甲）"}})
    assert first.status_code == 200 and first.json()["indicator"]["version"] == seen + 1
    assert first.json()["saved"]
    stale = client.patch(f"/api/v1/indicators/{iid}", headers={"X-CSRF-Token": token},
                         json={"version": seen, "changes": {"unit": "万人（乙）"}})
    assert stale.status_code == 409
    assert stale.headers["content-type"].startswith("application/problem+json")
    assert "已被其他用户修改" in stale.json()["detail"]
    assert client.get(f"/api/v1/indicators/{iid}").json()["indicator"]["unit"] == "万人（甲）"


def test_stale_form_shows_the_conflict_and_the_current_record(client, site) -> None:
    token = login(client, "fuling")
    iid = site.indicators[OWN]
    seen = _version(client, iid)
    form = {"csrf_token": token, "version": seen, "name": "在园幼儿数", "unit": "万人", "category": "学前教育"}
    assert client.post(f"/indicators/{iid}/edit", data={**form, "unit": "千人"}).status_code == 200
    response = client.post(f"/indicators/{iid}/edit", data={**form, "unit": "百人"})
    assert response.status_code == 409
    assert "保存失败" in response.text and "已被其他用户修改" in response.text and "您提交的内容" in response.text
    assert 'value="千人"' in response.text  # the form now holds the current record
    assert client.get(f"/api/v1/indicators/{iid}").json()["indicator"]["unit"] == "千人"


def test_unknown_fields_and_bad_codes_are_chinese_input_errors(client, site) -> None:
    token = login(client, "admin")
    iid = site.indicators[OWN]
    seen = _version(client, iid)
    response = client.patch(f"/api/v1/indicators/{iid}", headers={"X-CSRF-Token": token},
                            json={"version": seen, "changes": {"attribute": "maybe"}})
    assert response.status_code == 422 and "输入有误" in response.json()["detail"]
