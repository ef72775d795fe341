"""A plan upload goes through the guarded extraction: the time limit answers a Chinese problem, not a hung thread."""

from __future__ import annotations

import pytest

from eduplan.services import guarded

from .conftest import login
from .documents import synthetic_plan


def test_an_upload_over_the_time_limit_is_a_chinese_input_error(client, monkeypatch: pytest.MonkeyPatch) -> None:
    token = login(client, "fuling")
    tiny = guarded.get_settings().model_copy(update={"extract_timeout_seconds": 0.001})
    monkeypatch.setattr(guarded, "get_settings", lambda: tiny)
    files = {"file": ("plan.txt", synthetic_plan("涪陵区", "（超时）"), "text/plain")}
    response = client.post("/api/v1/uploads", headers={"X-CSRF-Token": token}, files=files)
    assert response.status_code == 422
    assert response.json()["detail"] == "plan.txt：提取超时（超过 0.001 秒），文件可能过大或损坏"
