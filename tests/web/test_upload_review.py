"""The upload review beside the source: each item with its source lines (escaped), corrections
saved and stored on confirm, items left out, discarding, and what confirming would change."""

from __future__ import annotations

import re

from .conftest import OWN, login
from .documents import synthetic_plan

PAYLOAD = "<script>alert('审核')</script>"


def _upload(client, token: str, suffix: str, text: bytes | None = None) -> dict:
    body = text if text is not None else synthetic_plan(OWN, suffix)
    files = {"file": ("plan.txt", body, "text/plain")}
    response = client.post("/api/v1/uploads", headers={"X-CSRF-Token": token}, files=files)
    assert response.status_code == 201, response.text
    return response.json()


def _item(body: dict, kind: str, index: int) -> dict:
    return next(i for i in body["review"] if i["kind"] == kind and i["index"] == index)


def test_every_item_comes_with_its_source_line_and_two_either_side(client) -> None:
    token = login(client, "fuling")
    body = _upload(client, token, "（核对上下文）")
    kinds = {i["kind"] for i in body["review"]}
    assert {"indicators", "targets", "tasks"} <= kinds
    rate = _item(body, "indicators", 0)
    assert rate["label"] == "学前三年毛入园率" and rate["line"] == 14
    assert [(c["number"], c["hit"]) for c in rate["context"]] == [(12, False), (13, False), (14, True), (15, False),
                                                                    (16, False)]
    assert rate["context"][2]["text"].startswith("学前教育\t学前三年毛入园率")
    assert dict(map(tuple, rate["details"]))["属性"] == "预期性" and rate["op"] == ">=" and rate["value"] == 95
    assert "2020年 92" in dict(map(tuple, rate["details"]))["各年值（基期等）"]
    html = client.get(f"/uploads/{body['token']}").text
    block = html.split('id="item-indicators-0"')[1].split('class="review-item')[0]
    assert '<li class="hit"><span class="n">14</span>' in block and '<span class="n">16</span>' in block
    assert 'name="csrf_token"' in block and "保存更正" in block and "剔除此项" in block


def test_document_text_beside_an_item_is_escaped(client) -> None:
    token = login(client, "fuling")
    text = synthetic_plan(OWN, "（核对转义）").decode().replace("一、发展目标", f"一、发展目标{PAYLOAD}")
    body = _upload(client, token, "", text.encode())
    prose = _item(body, "targets", 0)
    assert any(PAYLOAD in c["text"] for c in prose["context"])  # the JSON twin holds the text as it is
    html = client.get(f"/uploads/{body['token']}").text
    assert PAYLOAD not in html and "&lt;script&gt;alert(&#39;审核&#39;)&lt;/script&gt;" in html


def test_a_correction_is_saved_shown_and_stored_on_confirm(client) -> None:
    token = login(client, "fuling")
    body = _upload(client, token, "（核对更正）")
    saved = client.post(f"/uploads/{body['token']}/items/indicators/0", follow_redirects=False, data={
        "csrf_token": token, "op": ">=", "value": "九十七", "value_max": "", "unit": "%", "year": "2025"})
    assert saved.status_code == 303 and saved.headers["location"].endswith("#item-indicators-0")
    page = client.get(f"/api/v1/uploads/{body['token']}").json()
    assert page["indicators"][0]["target"]["value"] == 97 and _item(page, "indicators", 0)["value"] == 97
    assert page["corrections"] == ["指标“学前三年毛入园率”：目标值 95 → 97"]
    api = client.patch(f"/api/v1/uploads/{body['token']}/items/targets/0", headers={"X-CSRF-Token": token},
                       json={"value": 98, "op": "≥"})
    assert api.status_code == 200 and api.json()["targets"][0]["value"] == 98
    assert "已作的更正（2 处）" in client.get(f"/uploads/{body['token']}").text
    stored = client.post(f"/api/v1/uploads/{body['token']}/confirm", headers={"X-CSRF-Token": token}).json()
    plan = client.get(f"/api/v1/plans/{stored['plan_id']}").json()
    assert plan["indicators"][0]["target"]["value"] == 97 and plan["indicators"][0]["values"]["2025"] == 97
    assert plan["targets"][0]["value"] == 98


def test_a_bad_correction_is_refused_with_a_located_chinese_error(client) -> None:
    token = login(client, "fuling")
    body = _upload(client, token, "（核对错误）")
    page = client.post(f"/uploads/{body['token']}/items/indicators/1", data={
        "csrf_token": token, "op": ">=", "value": "约九成", "unit": "%", "year": "2025"})
    assert page.status_code == 422
    error = re.search(r'id="review-error">(.*?)</div>', page.text, re.DOTALL)
    assert error and "第15行" in error.group(1) and "字段 indicators[1].value" in error.group(1)
    assert "“约九成”不是数字" in error.group(1) and 'id="item-indicators-1"' in page.text
    api = client.patch(f"/api/v1/uploads/{body['token']}/items/indicators/0", headers={"X-CSRF-Token": token},
                       json={"year": "1999"})
    assert api.status_code == 422 and "四位年份" in api.json()["detail"] and "indicators[0].year" in api.json()["detail"]
    wrong_kind = client.patch(f"/api/v1/uploads/{body['token']}/items/tasks/0", headers={"X-CSRF-Token": token},
                              json={"value": "1"})
    assert wrong_kind.status_code == 422 and "只能更正指标和文中目标" in wrong_kind.json()["detail"]
    missing = client.patch(f"/api/v1/uploads/{body['token']}/items/indicators/9", headers={"X-CSRF-Token": token},
                           json={"excluded": True})
    assert missing.status_code == 404 and "第 10 项指标" in missing.json()["detail"]
    unchanged = client.get(f"/api/v1/uploads/{body['token']}").json()
    assert [i["target"]["value"] for i in unchanged["indicators"]] == [95, 97] and unchanged["corrections"] == []


def test_an_item_left_out_is_absent_after_confirm_and_can_be_restored_before(client) -> None:
    token = login(client, "fuling")
    body = _upload(client, token, "（核对剔除）")
    url = f"/uploads/{body['token']}/items/indicators/1"
    assert client.post(url, data={"csrf_token": token, "excluded": "1"}, follow_redirects=False).status_code == 303
    html = client.get(f"/uploads/{body['token']}").text
    assert "（已剔除，不入库）" in html and "恢复此项" in html and "已剔除 1 项" in html
    assert client.post(url, data={"csrf_token": token, "excluded": "0"}, follow_redirects=False).status_code == 303
    assert client.get(f"/api/v1/uploads/{body['token']}").json()["excluded"] == {}
    for kind in ("indicators/1", "tasks/0"):  # task 0 is a heading: its sub-task goes with it
        client.patch(f"/api/v1/uploads/{body['token']}/items/{kind}", headers={"X-CSRF-Token": token},
                     json={"excluded": True})
    review = client.get(f"/api/v1/uploads/{body['token']}").json()
    assert review["excluded"]["indicators"] == [1] and len(review["excluded"]["tasks"]) >= 2
    dropped = {t["title"] for n, t in enumerate(review["tasks"]) if n in review["excluded"]["tasks"]}
    stored = client.post(f"/api/v1/uploads/{body['token']}/confirm", headers={"X-CSRF-Token": token}).json()
    plan = client.get(f"/api/v1/plans/{stored['plan_id']}").json()
    assert [i["name"] for i in plan["indicators"]] == ["学前三年毛入园率"]
    assert dropped and not dropped & {t["title"] for t in plan["tasks"]}
    assert len(plan["tasks"]) == len(review["tasks"]) - len(dropped)


def test_discarding_removes_the_pending_upload_and_its_lines(client, site) -> None:
    token = login(client, "fuling")
    first, second = _upload(client, token, "（核对放弃一）"), _upload(client, token, "（核对放弃二）")
    folder = site.app.state.drafts.folder
    assert (folder / f"{first['token']}.lines.json").is_file()
    gone = client.post(f"/uploads/{first['token']}/discard", data={"csrf_token": token}, follow_redirects=False)
    assert gone.status_code == 303 and gone.headers["location"] == "/uploads/new"
    assert client.get(f"/api/v1/uploads/{first['token']}").status_code == 404
    assert not (folder / f"{first['token']}.json").exists() and not (folder / f"{first['token']}.lines.json").exists()
    assert client.delete(f"/api/v1/uploads/{second['token']}", headers={"X-CSRF-Token": token}).status_code == 204
    assert client.get(f"/uploads/{second['token']}").status_code == 404
    assert all(d["token"] not in (first["token"], second["token"])
               for d in client.get("/api/v1/uploads").json()["drafts"])


def test_the_review_shows_what_confirming_changes_in_the_stored_plan(client) -> None:
    token = login(client, "fuling")
    first = _upload(client, token, "（核对比较）")
    assert first["preview"]["created"] is True and first["preview"]["plan_id"] is None
    stored = client.post(f"/api/v1/uploads/{first['token']}/confirm", headers={"X-CSRF-Token": token}).json()
    again = _upload(client, token, "（核对比较）")
    assert again["preview"] == {"plan_id": stored["plan_id"], "created": False, "added": [], "removed": [],
                                "changed": [], "error": None}
    assert 'id="preview-none"' in client.get(f"/uploads/{again['token']}").text
    client.patch(f"/api/v1/uploads/{again['token']}/items/indicators/0", headers={"X-CSRF-Token": token},
                 json={"value": "96"})
    preview = client.patch(f"/api/v1/uploads/{again['token']}/items/targets/0", headers={"X-CSRF-Token": token},
                           json={"excluded": True}).json()["preview"]
    assert preview["plan_id"] == stored["plan_id"] and len(preview["removed"]) == 1
    assert preview["removed"][0].startswith("删除文中目标")
    assert any("学前三年毛入园率" in c and "95 → 96" in c for c in preview["changed"])
    html = client.get(f"/uploads/{again['token']}").text
    assert 'id="preview-removed"' in html and "95 → 96" in html
    before = client.get(f"/api/v1/plans/{stored['plan_id']}").json()  # the preview wrote nothing
    assert before["indicators"][0]["target"]["value"] == 95 and len(before["targets"]) == len(first["targets"])


def test_the_region_can_be_corrected_on_the_review(client) -> None:
    token = login(client, "admin")
    body = _upload(client, token, "（核对改区）")
    assert body["plan"]["region"] == OWN
    answer = client.post(f"/uploads/{body['token']}/region", data={"csrf_token": token, "region": "500120"},
                         follow_redirects=False)
    assert answer.status_code == 303
    page = client.get(f"/api/v1/uploads/{body['token']}").json()
    assert page["plan"]["region"] == "璧山区" and page["plan"]["region_code"] == "500120"
    bad = client.post(f"/uploads/{body['token']}/region", data={"csrf_token": token, "region": "不存在的区"})
    assert bad.status_code == 422 and "不存在的区" in bad.text


def test_two_edits_of_one_upload_at_once_both_count(site) -> None:
    """Two requests correcting the same upload (two tabs) run one after the other: none is lost."""
    import threading

    from eduplan.core.plan import Plan

    store = site.app.state.drafts
    draft = store.save(owner="fuling", filename="并发.txt", plan=Plan(region=OWN, title="并发核对"))
    entered, release = threading.Event(), threading.Event()
    order: list[str] = []

    def first() -> None:
        with store.editing(draft.token) as d:
            entered.set()
            release.wait(5)
            order.append("first")
            store.update(d, d.plan, corrections=["第一处"])

    def second() -> None:
        entered.wait(5)
        with store.editing(draft.token) as d:
            order.append("second")
            store.update(d, d.plan, corrections=["第二处"])

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for t in threads:
        t.start()
    entered.wait(5)
    release.set()
    for t in threads:
        t.join(10)
    assert order == ["first", "second"]
    assert store.load(draft.token).corrections == ["第一处", "第二处"]
    store.discard(draft.token)
    assert not (store.folder / f"{draft.token}.lock").exists()
