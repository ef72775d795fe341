"""Upload a plan document, review the extraction, confirm it: the plan is stored and shown."""

from __future__ import annotations

from .conftest import OTHER, OWN, login
from .documents import synthetic_plan


def _upload(client, token: str, region: str, suffix: str):
    files = {"file": ("plan.txt", synthetic_plan(region, suffix), "text/plain")}
    return client.post("/api/v1/uploads", headers={"X-CSRF-Token": token}, files=files)


def test_upload_review_and_confirm_through_the_api(client) -> None:
    token = login(client, "fuling")
    draft = _upload(client, token, OWN, "（上传测试）")
    assert draft.status_code == 201
    body = draft.json()
    assert body["can_confirm"] is True and body["plan"]["region"] == OWN
    assert [i["name"] for i in body["indicators"]] == ["学前三年毛入园率", "九年义务教育巩固率"]
    assert body["indicators"][0]["source"]["line"] == 14 and body["indicators"][0]["id"] is None
    assert client.get("/api/v1/uploads").json()["drafts"][0]["token"] == body["token"]
    stored = client.post(f"/api/v1/uploads/{body['token']}/confirm", headers={"X-CSRF-Token": token})
    assert stored.status_code == 200 and stored.json()["created"] is True
    plan = client.get(f"/api/v1/plans/{stored.json()['plan_id']}").json()
    assert plan["plan"]["title"].endswith("（上传测试）") and plan["can_edit"] is True
    assert client.get(f"/api/v1/uploads/{body['token']}").status_code == 404  # the draft is gone


def test_the_review_page_explains_why_another_regions_plan_cannot_be_stored(client) -> None:
    token = login(client, "fuling")
    body = _upload(client, token, OTHER, "（越权测试）").json()
    assert body["can_confirm"] is False and OTHER in body["refusal"]
    html = client.get(f"/uploads/{body['token']}").text
    assert "不能入库" in html and 'id="confirm"' not in html


def test_upload_pages_in_the_browser_flow(client) -> None:
    token = login(client, "admin")
    assert "上传规划文件" in client.get("/uploads/new").text
    files = {"file": ("渝北.txt", synthetic_plan("渝北区"), "text/plain")}
    response = client.post("/uploads", data={"csrf_token": token}, files=files, follow_redirects=False)
    assert response.status_code == 303
    review = client.get(response.headers["location"]).text
    assert "核对提取结果" in review and "学前三年毛入园率" in review and "行号" in review


def test_unsupported_or_empty_files_are_chinese_input_errors(client) -> None:
    token = login(client, "admin")
    empty = client.post("/api/v1/uploads", headers={"X-CSRF-Token": token},
                        files={"file": ("plan.txt", b"", "text/plain")})
    assert empty.status_code == 422 and "空" in empty.json()["detail"]
    odd = client.post("/api/v1/uploads", headers={"X-CSRF-Token": token},
                      files={"file": ("plan.xyz", b"abc", "application/octet-stream")})
    assert odd.status_code == 422 and odd.json()["detail"]
