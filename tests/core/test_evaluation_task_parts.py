"""`task_parts` (a task's own reports picked, then sorted) against the sort of every report then the
pick it replaced (its oracle), on generated tasks and reports: former units, the whole task, ties."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from eduplan.core.collection.yearly import TaskReport
from eduplan.core.plan import Task
from eduplan.core.tracking.tasks import PartRole, TaskPart, _part, latest_reports, task_parts

UNITS = st.sampled_from(["区教委", "区财政局", "区发改委", "", "甲"])


def _oracle(task: Task, latest: dict[tuple[str, str | None], TaskReport]) -> tuple[TaskPart, ...]:
    lead = tuple(dict.fromkeys(task.lead_units))
    co = tuple(u for u in dict.fromkeys(task.responsible_units) if u not in lead)
    parts = [_part(unit, role, latest.get((task.id, unit)))
             for unit, role in (*((u, PartRole.LEAD) for u in lead), *((u, PartRole.CO) for u in co))]
    assigned = {*lead, *co}
    for (task_id, unit), report in sorted(latest.items(), key=lambda kv: (kv[0][1] is not None, kv[0][1] or "")):
        if task_id == task.id and unit not in assigned:
            parts.append(_part(unit, PartRole.WHOLE if unit is None else PartRole.FORMER, report))
    return tuple(parts)


reports = st.lists(st.builds(TaskReport, st.just("县"), st.integers(2021, 2025), st.sampled_from(["1", "2", "3"]),
                             percent=st.one_of(st.none(), st.floats(0, 100)), unit=st.one_of(st.none(), UNITS)),
                   max_size=30)


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(["1", "2", "4"]), st.lists(UNITS, max_size=3), st.lists(UNITS, max_size=3), reports)
def test_task_parts_are_the_oracles(task_id: str, lead: list[str], co: list[str], found: list[TaskReport]) -> None:
    task = Task(id=task_id, title="任务", lead_units=lead, responsible_units=co)
    latest = latest_reports(found)
    assert task_parts(task, latest) == _oracle(task, latest)
