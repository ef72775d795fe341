"""Reviewing an upload: source context, corrections with located errors, items left out, and the
dry run of confirming (what would change against the stored plan, nothing written)."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from eduplan.core.errors import InputError, NotFoundError
from eduplan.core.plan import Op, Source, Task
from eduplan.services.plans import PlanStatus, get_plan, import_plan, preview_import
from eduplan.services.review import (
    TargetCorrection,
    correct_target,
    excluded_items,
    item_at,
    source_context,
    without_excluded,
)
from eduplan.store.models.audit import AuditEventRow
from eduplan.store.models.plans import PlanRow

from .conftest import FULING, fuling_plan


def test_the_context_is_the_line_and_two_either_side_clipped_at_the_ends() -> None:
    lines = [f"第{n}行文字" for n in range(1, 8)]
    middle = source_context(lines, 4)
    assert [(c.number, c.hit) for c in middle] == [(2, False), (3, False), (4, True), (5, False), (6, False)]
    assert middle[2].text == "第4行文字"
    assert [c.number for c in source_context(lines, 1)] == [1, 2, 3]
    assert [c.number for c in source_context(lines, 7)] == [5, 6, 7]
    assert source_context(lines, None) == [] and source_context(lines, 99) == [] and source_context([], 1) == []


def test_the_context_of_an_indicator_reaches_up_to_its_name_in_a_cell_per_line_table() -> None:
    lines = ["其中：小学", "", "初中", "", "34.5%", "", "77.3%", "", "80%以上", "", "85%以上", "", "预期性"]
    shown = source_context(lines, 11, name="初中")
    assert [c.number for c in shown] == list(range(3, 14)) and [c.number for c in shown if c.hit] == [11]
    assert [c.number for c in source_context(lines, 11, name="高中")] == list(range(9, 14))  # not found: as before
    far = ["名称", *[""] * 20, "95%"]
    assert source_context(far, 22, name="名称")[0].number == 20  # beyond NAME_REACH


def test_an_indicator_target_is_corrected_and_its_target_column_follows() -> None:
    plan = fuling_plan()
    done = correct_target(plan, "indicators", 0, TargetCorrection(op="≤", value="九十七", unit="％", year="2026年"))
    target = plan.indicators[0].target
    assert (target.op, target.value, target.year, target.raw) == (Op.LE, 97.0, 2026, None)
    assert plan.indicators[0].unit == "％"
    assert "2025" not in plan.indicators[0].values and plan.indicators[0].values["2026"] == 97.0
    assert plan.indicators[0].values["2020"] == 90.0  # the baseline stays
    assert "指标“学前三年毛入园率”：运算符 >= → <=" in done and "指标“学前三年毛入园率”：年份 2025 → 2026" in done
    assert "指标“学前三年毛入园率”：目标值 95 → 97" in done


def test_a_prose_target_range_is_corrected() -> None:
    plan = fuling_plan()
    correct_target(plan, "targets", 0, TargetCorrection(op="区间", value="10", value_max="12", unit="所"))
    t = plan.targets[0]
    assert (t.op, t.value, t.value_max, t.unit, t.year) == (Op.RANGE, 10.0, 12.0, "所", 2025)


@pytest.mark.parametrize(("correction", "field", "words"), [
    (TargetCorrection(value="很多"), "indicators[0].value", "不是数字"),
    (TargetCorrection(op="约"), "indicators[0].op", "无法识别"),
    (TargetCorrection(year="25"), "indicators[0].year", "四位年份"),
    (TargetCorrection(year="2019"), "indicators[0].year", "基期"),
    (TargetCorrection(value="120"), "indicators[0].value", "0 到 100"),
    (TargetCorrection(op="range", value="95"), "indicators[0].value_max", "上限"),
    (TargetCorrection(op="range", value="95", value_max="90"), "indicators[0].value_max", "小于下限"),
    (TargetCorrection(unit="单" * 21), "indicators[0].unit", "最多 20 个字"),
    (TargetCorrection(value=float("nan")), "indicators[0].value", "超出范围"),
    (TargetCorrection(value=True), "indicators[0].value", "不是数字"),
])
def test_a_bad_correction_is_a_located_chinese_error_and_changes_nothing(correction, field, words) -> None:
    plan = fuling_plan()
    plan.source_file, plan.indicators[0].source = "规划.txt", Source(line=14)
    before = repr(plan.indicators[0])
    with pytest.raises(InputError) as info:
        correct_target(plan, "indicators", 0, correction)
    assert words in info.value.message
    assert info.value.location is not None and info.value.location.field == field
    assert str(info.value).startswith(f"规划.txt，第14行，字段 {field}：")
    assert repr(plan.indicators[0]) == before


def test_only_targets_are_corrected_and_unknown_items_are_not_found() -> None:
    plan = fuling_plan()
    with pytest.raises(InputError, match="只能更正指标和文中目标"):
        correct_target(plan, "tasks", 0, TargetCorrection(value="1"))
    with pytest.raises(NotFoundError, match="没有第 5 项指标"):
        item_at(plan, "indicators", 4)
    with pytest.raises(NotFoundError):
        item_at(plan, "programmes", 0)


def test_items_left_out_are_absent_from_the_copy_and_a_task_takes_its_subtasks() -> None:
    plan = fuling_plan()
    plan.tasks.append(Task(id="2.1.1", title="扩大普惠资源", parent="2.1"))
    plan.tasks.append(Task(id="2.1.1.1", title="新建幼儿园", parent="2.1.1"))
    chosen = {"tasks": [0], "targets": [0], "findings": [0], "projects": [7]}
    assert excluded_items(plan, chosen)["tasks"] == {0, 2, 3}
    kept = without_excluded(plan, chosen)
    assert [t.id for t in kept.tasks] == ["2.2"] and kept.targets == [] and kept.findings == []
    assert len(kept.projects) == 1  # an out-of-range position is ignored
    assert len(plan.tasks) == 4 and len(plan.targets) == 1  # the reviewed plan itself is untouched


def test_the_preview_tells_added_removed_and_changed_without_writing(session: Session) -> None:
    stored = import_plan(session=session, plan=fuling_plan(), actor="测试")
    audits = session.scalar(select(func.count()).select_from(AuditEventRow))
    upload = fuling_plan()
    correct_target(upload, "indicators", 0, TargetCorrection(value="97"))
    upload = without_excluded(upload, {"projects": [0]})
    upload.tasks.append(Task(id="2.3", title="加强教师队伍建设"))
    preview = preview_import(session=session, plan=upload, actor="规划科")
    assert preview.plan_id == stored.plan_id and preview.created is False
    assert preview.added == ["新增任务“2.3 加强教师队伍建设”"]
    assert preview.removed == ["删除项目“中华路小学改扩建”"]
    assert any("学前三年毛入园率" in c and "95 → 97" in c for c in preview.changed)
    # nothing was written: the stored plan, its audit log and the plan count are as before
    assert session.scalar(select(func.count()).select_from(AuditEventRow)) == audits
    _, again = get_plan(session=session, ref=stored.plan_id)
    assert again.indicators[0].target.value == 95.0 and len(again.projects) == 1 and len(again.tasks) == 2
    # and confirming gives the same change list the preview showed
    assert import_plan(session=session, plan=upload, actor="规划科", status=PlanStatus.DRAFT).changes == preview.changes
    assert any("撤回为草稿" in c for c in preview.changed)  # a web upload is stored as a draft


def test_the_preview_of_a_new_plan_creates_nothing(session: Session) -> None:
    plan = fuling_plan()
    plan.title = "涪陵区学前教育专项规划"
    preview = preview_import(session=session, plan=plan, actor="规划科")
    assert preview.created is True and preview.plan_id is None and preview.changed[0].startswith("新建规划")
    assert session.scalar(select(func.count()).select_from(PlanRow)) == 0
    assert FULING in preview.changed[0]
