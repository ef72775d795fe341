"""An upload whose region the text does not name: the review asks for it before the plan is stored."""

from __future__ import annotations

from .conftest import OWN, login

NAMELESS = "上传地区测试用教育事业发展“十四五”规划\n一、发展目标\n到2025年，学前三年毛入园率达到95%以上。\n"


def _upload(client, token: str) -> dict:
    files = {"file": ("nameless.txt", NAMELESS.encode(), "text/plain")}
    response = client.post("/api/v1/uploads", headers={"X-CSRF-Token": token}, files=files)
    assert response.status_code == 201, response.text
    return response.json()


def test_the_review_asks_for_the_region_and_then_offers_to_store_it(client) -> None:
    token = login(client, "fuling")
    body = _upload(client, token)
    assert body["plan"]["region"] == "" and body["findings"][0]["kind"] == "region_unknown"
    html = client.get(f"/uploads/{body['token']}").text
    assert 'id="region-form"' in html and 'id="confirm"' not in html and "未能识别规划所属的行政区" in html
    answer = client.post(f"/uploads/{body['token']}/region", data={"csrf_token": token, "region": "重庆市涪陵区"},
                         follow_redirects=False)
    assert answer.status_code == 303
    html = client.get(f"/uploads/{body['token']}").text
    assert 'id="confirm"' in html and 'id="region-form"' not in html and OWN in html
    stored = client.post(f"/api/v1/uploads/{body['token']}/confirm", headers={"X-CSRF-Token": token})
    assert stored.status_code == 200, stored.text
    plan = client.get(f"/api/v1/plans/{stored.json()['plan_id']}").json()["plan"]
    assert (plan["region"], plan["region_code"], plan["region_level"]) == (OWN, "500102", "county")


def test_a_region_not_in_the_list_or_shared_by_several_is_refused_in_chinese(client) -> None:
    token = login(client, "fuling")
    body = _upload(client, token)
    for given, message in (("某某区", "名录中没有"), ("鼓楼区", "同名行政区")):
        answer = client.post(f"/api/v1/uploads/{body['token']}/region", headers={"X-CSRF-Token": token},
                             data={"region": given})
        assert answer.status_code == 422 and message in answer.json()["detail"]
    assert client.get(f"/api/v1/uploads/{body['token']}").json()["plan"]["region"] == ""


def test_another_regions_name_is_set_but_a_district_user_still_may_not_store_it(client) -> None:
    token = login(client, "fuling")
    body = _upload(client, token)
    page = client.post(f"/api/v1/uploads/{body['token']}/region", headers={"X-CSRF-Token": token},
                       data={"region": "500119"}).json()
    assert page["plan"]["region"] == "南川区" and page["can_confirm"] is False and "南川区" in page["refusal"]


def test_confirming_without_a_region_is_refused(client) -> None:
    token = login(client, "admin")
    body = _upload(client, token)
    answer = client.post(f"/api/v1/uploads/{body['token']}/confirm", headers={"X-CSRF-Token": token})
    assert answer.status_code == 422 and "请先在核对页设定所属行政区" in answer.json()["detail"]


def test_the_form_answers_a_name_not_in_the_list_in_chinese(client) -> None:
    token = login(client, "fuling")
    body = _upload(client, token)
    answer = client.post(f"/uploads/{body['token']}/region", data={"csrf_token": token, "region": "某某区"},
                         follow_redirects=False)
    assert answer.status_code == 422 and "名录中没有“某某区”" in answer.text
