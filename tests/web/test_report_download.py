"""The evaluation report downloaded from the web with the 公文 elements a bureau sets: issuer, date, 主送, 附注."""

from __future__ import annotations

import io

from docx import Document
from fastapi.testclient import TestClient

from tests.web.conftest import OWN, Site, login


def test_report_download_takes_issuer_date_addressee_and_note(client: TestClient, site: Site) -> None:
    headers = {"X-CSRF-Token": login(client, "fuling")}
    created = client.post(f"/api/v1/regions/{OWN}/evaluations", json={"kind": "midterm", "year": 2023}, headers=headers)
    assert created.status_code == 201, created.text
    evaluation = created.json()["id"]
    response = client.get(f"/evaluations/{evaluation}/report.docx",
                          params={"issuer": "重庆市涪陵区人民政府教育督导室", "date": "2024-03-15", "to": "区人民政府",
                                  "note": "此件公开发布"})
    assert response.status_code == 200, response.text
    doc = Document(io.BytesIO(response.content))
    texts = [p.text for p in doc.paragraphs if p.text]
    assert "区人民政府：" in texts[:4]
    assert texts[-3:] == ["重庆市涪陵区人民政府教育督导室", "2024年3月15日", "（此件公开发布）"]
    default = Document(io.BytesIO(client.get(f"/evaluations/{evaluation}/report.docx").content))
    assert default.core_properties.author == f"重庆市{OWN}教育委员会"  # the authority in full
    assert client.get(f"/evaluations/{evaluation}/report.docx", params={"date": "2024-13-40"}).status_code == 422
