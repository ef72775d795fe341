"""The evaluation payload read back typed: every version's stored form, round trips, located refusals."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from typing import Any

import pytest

from eduplan.core.errors import InputError
from eduplan.core.evaluation.build import build_evaluation
from eduplan.core.evaluation.diff import diff_evaluations
from eduplan.core.evaluation.payload import PAYLOAD_VERSION, EvaluationPayload
from eduplan.core.plan import EvaluationKind
from eduplan.core.progress.forecast import Likelihood
from eduplan.core.progress.rules import Status
from eduplan.core.simulated import SimulatedParts
from eduplan.core.tracking.tasks import DeadlineState
from tests.core.test_evaluation import _inputs

#: A payload as `to_dict` wrote it before `payload_version` (version 1: a `format` key), generated
#: from this module's inputs (the 2023 mid-term evaluation, the 2022 and 2023 figures simulated).
V1 = Path(__file__).parent / "fixtures" / "evaluation_payload_v1.json"


def _v1() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(V1.read_text(encoding="utf-8"))
    return data


def _payloads() -> list[EvaluationPayload]:
    observed = [(), (("preschool_rate", 2022, 90.5),), (("preschool_rate", 2022, 90.5), ("preschool_rate", 2023, 95.0)),
                (("preschool_rate", 2021, 92.0), ("dropout", 2022, 0.4), ("preschool_rate", 2023, 96.0))]
    out = []
    for kind in EvaluationKind:
        for obs in observed:
            for year in (2022, 2023, 2025):
                out.append(build_evaluation(_inputs(*obs), kind=kind, year=year))
    return out


def test_every_payload_reads_back_as_itself() -> None:
    for payload in _payloads():
        data = payload.to_dict()
        back = EvaluationPayload.from_dict(json.loads(json.dumps(data, ensure_ascii=False)))
        assert back == payload
        assert back.to_dict() == data


def test_a_payload_stored_as_version_1_reads_as_the_current_version() -> None:
    stored = _v1()
    assert stored["format"] == 1 and "payload_version" not in stored
    payload = EvaluationPayload.from_dict(stored)
    assert payload.payload_version == PAYLOAD_VERSION
    assert (payload.kind, payload.year, payload.region) == (EvaluationKind.MIDTERM, 2023, "涪陵区")
    assert [t.status for t in payload.targets] == [Status.SLOW, Status.INSUFFICIENT, Status.UNMONITORED]
    assert payload.targets[0].likelihood in set(Likelihood)
    assert payload.tasks[0].state is DeadlineState.OVERDUE and payload.plan_period == (2021, 2025)
    assert payload.projects[0].execution_by_year == {2022: 0.0, 2023: 0.8}
    assert payload.simulated == SimulatedParts(targets=True)
    upgraded = payload.to_dict()
    assert {k: v for k, v in stored.items() if k != "format"} == {k: v for k, v in upgraded.items()
                                                                  if k != "payload_version"}
    assert diff_evaluations(payload, payload).changes == []


def test_a_version_1_payload_without_its_record_of_simulated_data_reads_as_not_recorded() -> None:
    stored = _v1()
    del stored["simulated"]
    assert EvaluationPayload.from_dict(stored).simulated is None


def test_a_key_a_former_version_wrote_is_ignored_but_the_current_version_is_read_strictly() -> None:
    assert EvaluationPayload.from_dict({**_v1(), "on_track": 3}).year == 2023
    current = EvaluationPayload.from_dict(_v1()).to_dict()
    with pytest.raises(InputError) as caught:
        EvaluationPayload.from_dict({**current, "on_track": 3})
    assert str(caught.value.location) == "评估结果，字段 on_track" and caught.value.message == "未知字段"


def _refusal(change: Any, *, source: str = "评估结果") -> tuple[str, str]:
    data = EvaluationPayload.from_dict(_v1()).to_dict()
    change(data)
    with pytest.raises(InputError) as caught:
        EvaluationPayload.from_dict(data, source=source)
    return str(caught.value.location), caught.value.message


@pytest.mark.parametrize(("change", "where", "message"), [
    (lambda d: d["targets"][1].update(status="达成"), "targets[1].status", "应为 已达成、进展顺利"),
    (lambda d: d["targets"][0].update(ratio="0.2"), "targets[0].ratio", "应为数字"),
    (lambda d: d["targets"][0].pop("key"), "targets[0].key", "缺少必填字段"),
    (lambda d: d.update(as_of="2023年12月31日"), "as_of", "应为日期（如 2023-12-31）"),
    (lambda d: d.update(plan_period=[2021]), "plan_period", "应为2项的列表，实际为1项"),
    (lambda d: d.update(year=None), "year", "不能为空（null）"),
    (lambda d: d["projects"][0]["execution_by_year"].update({"二〇二三": 0.5}), "projects[0].execution_by_year.二〇二三",
     "键应为整数"),
    (lambda d: d["tasks"][0].update(lead_units="区教委"), "tasks[0].lead_units", "应为列表"),
    (lambda d: d.update(summary=[]), "summary", "应为对象"),
    (lambda d: d["summary"]["by_status"].update({"已达成": 1.5}), "summary.by_status.已达成", "应为整数"),
    (lambda d: d["funding"][0].update(passed="否"), "funding[0].passed", "应为 true 或 false"),
])
def test_a_malformed_payload_is_refused_at_its_field(change: Any, where: str, message: str) -> None:
    location, text = _refusal(change)
    assert location == f"评估结果，字段 {where}"
    assert text.startswith(message)


def test_a_payload_of_a_newer_version_or_no_payload_at_all_is_refused() -> None:
    with pytest.raises(InputError, match="请升级 eduplan") as caught:
        EvaluationPayload.from_dict({"payload_version": PAYLOAD_VERSION + 1}, source="评估（第3号）")
    assert str(caught.value.location) == "评估（第3号），字段 payload_version"
    with pytest.raises(InputError, match="版本应为正整数"):
        EvaluationPayload.from_dict({"payload_version": "2"})
    with pytest.raises(InputError, match="应为对象"):
        EvaluationPayload.from_dict(["不是评估结果"])


def test_a_changed_payload_compares_typed_with_the_stored_one() -> None:
    stored = EvaluationPayload.from_dict(_v1())
    target = dataclasses.replace(stored.targets[0], status=Status.ACHIEVED)
    changed = dataclasses.replace(stored, targets=[target, *stored.targets[1:]])
    labels = [c.label for c in diff_evaluations(stored, changed).changes]
    assert labels == ["目标“学前三年毛入园率”：进展缓慢 → 已达成（改善）"]
