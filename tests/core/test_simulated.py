"""Which part is simulated (模拟数据): the one rule, over any records that carry the flag."""

from __future__ import annotations

from eduplan.core.collection.yearly import FinanceRecord, ProjectKey, ProjectReport, TaskReport
from eduplan.core.plan import Observation, SchoolRecord
from eduplan.core.simulated import Part, SimulatedParts, simulated, simulated_parts

REGION = "涪陵区"


def test_a_part_is_simulated_when_any_record_it_draws_on_is() -> None:
    records = [Observation("x", REGION, 2022, 1.0), Observation("x", REGION, 2023, 2.0, simulated=True)]
    assert simulated(records)
    assert not simulated(records, up_to_year=2022)  # the simulated figure comes after the year shown
    assert simulated(records, year=2023) and not simulated(records, year=2022)
    assert not simulated([])


def test_each_part_reads_its_own_records() -> None:
    parts = simulated_parts(
        observations=[Observation("x", REGION, 2023, 1.0)],
        task_reports=[TaskReport(REGION, 2023, "2.1", simulated=True)],
        project_reports=[ProjectReport(REGION, 2025, ProjectKey("项目表", 1, "某小学"), simulated=True)],
        finance=[FinanceRecord(REGION, 2023, budget=1.0)],
        schools=[SchoolRecord("s1", "某小学", REGION, 2024, "小学", simulated=True)],
        up_to_year=2024, school_year=2024)
    assert parts == SimulatedParts(targets=False, tasks=True, projects=False, funding=False, schools=True)
    assert parts.any and parts.of(Part.TASKS) and not parts.of("funding")
    assert parts.labels() == ["任务进展", "学校统计数据"]


def test_real_reports_are_not_simulated_by_default() -> None:
    assert not TaskReport(REGION, 2023, "2.1").simulated
    assert not FinanceRecord(REGION, 2023).simulated
    assert not SimulatedParts().any


def test_the_stored_form_reads_back_and_anything_else_is_unknown() -> None:
    parts = SimulatedParts(targets=True, funding=True)
    assert SimulatedParts.from_dict({"targets": True, "funding": True}) == parts
    assert SimulatedParts.from_dict(None) is None and SimulatedParts.from_dict(True) is None
