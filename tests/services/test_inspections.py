"""Inspection services: a filled workbook imported, stored, and judged (优质均衡, 普及普惠, 班额, 学位)."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from eduplan.core.errors import InputError, NotFoundError
from eduplan.core.inspection.preschool import PreschoolFigures
from eduplan.core.plan import Plan, Project
from eduplan.services import inspections as ins
from eduplan.services.plans import import_plan
from eduplan.store.records import load_school_records, save_school_records
from eduplan.uow import unit_of_work
from tests.exchange.test_schools import GOOD_ROWS, school_workbook

REGION = "涪陵区"


def _import(url: str, folder: Path, rows=GOOD_ROWS) -> ins.SchoolImportReport:
    with unit_of_work(url) as session:
        return ins.import_school_records(session=session, path=school_workbook(folder, rows), entered_by="测试员")


def _gaps(report) -> set[tuple[str, str, float, str]]:
    return {(g.subject, g.key.rsplit(".", 1)[-1], g.gap, g.gap_unit) for g in report.gaps}


def test_import_then_quality_balance_finds_the_failing_schools_and_gaps(sqlite_url: str, tmp_path: Path) -> None:
    report = _import(sqlite_url, tmp_path)
    assert report.accepted and (report.inserted, report.updated, report.schools) == (5, 0, 5)
    assert _import(sqlite_url, tmp_path).inserted == 0  # the same workbook again changes nothing
    with unit_of_work(sqlite_url) as session:
        result = ins.run_quality_balance(session=session, region=REGION, year=2024)
    assert [s.section.label for s in result.failing_schools] == ["乙小学"]
    assert _gaps(result) >= {
        ("乙小学", "sports_area", 1000, "平方米"), ("乙小学", "multimedia_classrooms", 4, "间"),
        ("丙中学（初中）", "qualified_teachers", 2, "名教师"), ("丁学校（初中）", "qualified_teachers", 3, "名教师"),
        ("甲小学", "primary", 1, "个班"),  # one class of 50 above 45
    }
    resource_gaps = {g.subject for g in result.gaps if g.key.startswith("balance.resource")}
    assert resource_gaps == {"乙小学", "丙中学（初中）", "丁学校（初中）"}
    assert [e.name for e in result.resources.excluded] == ["戊幼儿园"]
    assert result.passed is False and result.standards == "national@2024.2"


def test_overrides_change_the_verdict(sqlite_url: str, tmp_path: Path) -> None:
    _import(sqlite_url, tmp_path)
    lenient = {"id": "district", "version": "1", "extends": "national",
               "items": {"balance.resource.primary.sports_area": {"value": 5, "source": "测试"}}}
    with unit_of_work(sqlite_url) as session:
        result = ins.run_quality_balance(session=session, region=REGION, year=2024, standards=["chongqing", lenient])
    assert result.standards.endswith("chongqing@2024.1 + district@1")
    assert ("乙小学", "sports_area", 1000, "平方米") not in _gaps(result)
    with unit_of_work(sqlite_url) as session, pytest.raises(InputError):
        ins.run_quality_balance(session=session, region=REGION, year=2024,
                                standards=[{"id": "x", "version": "1", "items": {"no.such.key": {"value": 1}}}])


def test_rejected_workbook_stores_nothing(sqlite_url: str, tmp_path: Path) -> None:
    bad = [GOOD_ROWS[0], {**GOOD_ROWS[1], "在校生数": "四百多"}]
    report = _import(sqlite_url, tmp_path, bad)
    assert not report.accepted and [(i.location.row, i.location.column) for i in report.errors] == [(3, "H")]
    with unit_of_work(sqlite_url) as session:
        assert load_school_records(session, region=REGION) == []
        with pytest.raises(NotFoundError, match="没有2024年的学校统计数据"):
            ins.run_quality_balance(session=session, region=REGION, year=2024)


def test_preschool_class_sizes_and_readiness(sqlite_url: str, tmp_path: Path) -> None:
    _import(sqlite_url, tmp_path)
    with unit_of_work(sqlite_url) as session:
        pre = ins.run_preschool(session=session, region=REGION, year=2024,
                                figures=PreschoolFigures(population_3_5=100))
        sizes = ins.class_sizes(session=session, region=REGION, year=2024)
        ready = ins.inspection_readiness(session=session, region=REGION, year=2024)
    assert _gaps(pre) >= {(REGION, "gross_enrolment_rate", 5, "名在园幼儿（学位）"),
                          (REGION, "public_share", 40, "个公办园学位"),
                          ("戊幼儿园", "outdoor_area_per_child", 20, "平方米")}
    assert [g.subject for g in sizes.gaps] == ["甲小学"]
    primary = next(s for s in sizes.by_stage if s.stage == "小学")
    assert (primary.classes, primary.within_standard, primary.bands["偏大"]) == (11, 10, 1)
    assert (ready.schools, ready.schools_failing, ready.excluded, ready.kindergartens) == (5, 1, 1, 1)
    assert (ready.resource_items_failing, ready.classes_over_standard) == (4, 1)
    assert ready.balance_passed is False and ready.preschool_passed is False
    assert len(ready.largest_gaps) == 10
    shortfalls = [g.shortfall for g in ready.largest_gaps]
    assert shortfalls == sorted(shortfalls, reverse=True)


def test_place_balance_counts_schools_and_the_plans_projects(sqlite_url: str, tmp_path: Path) -> None:
    _import(sqlite_url, tmp_path)
    plan = Plan(region=REGION, title="涪陵区教育事业发展规划", period=(2021, 2026), projects=[
        Project("城南小学新建", table="项目表", seq=1, stage="小学", places=540, planned_finish="2025-08"),
        Project("城北中学新建", table="项目表", seq=2, stage="初中", places=1000, planned_finish="2025-08"),
        Project("某校改扩建", table="项目表", seq=3, places=300, period=(2022, 2024))])
    with unit_of_work(sqlite_url) as session:
        import_plan(session=session, plan=plan, actor="测试员")
        earlier = [dataclasses.replace(r, year=2023, enrolment=r.enrolment - 100,
                                       extra={k: (v - 100 if k == "小学.enrolment" else v) for k, v in r.extra.items()})
                   for r in load_school_records(session, region=REGION, year=2024)]
        save_school_records(session, earlier)
    with unit_of_work(sqlite_url) as session:
        given = ins.place_balance_for_region(session=session, region=REGION, year=2024, stage="小学",
                                             demand={2024: 1700, 2025: 1900})
        trend = ins.place_balance_for_region(session=session, region=REGION, year=2024, stage="小学")
    # Existing: 甲 11 + 乙 10 classes and 丁's 14 primary classes, × 45.
    assert [(y.year, y.existing, y.new_places, y.gap) for y in given.balance.years] == [
        (2024, 1575, 0, 125), (2025, 1575, 540, -215)]
    assert given.balance.closed_in == 2025 and [f.kind for f in given.findings] == ["places_surplus"]
    assert any("未注明学段" in n for n in given.notes)
    # Primary pupils: 2023 → 1200 (three schools, 100 fewer each), 2024 → 1500: +300 a year to 2026.
    assert {y.year: y.demand for y in trend.balance.years} == {2024: 1500, 2025: 1800, 2026: 2100}
    assert trend.demand_source == "按2023—2024年在校生线性外推"


@pytest.mark.postgres
def test_import_and_balance_on_postgresql(pg_url: str, tmp_path: Path) -> None:
    assert _import(pg_url, tmp_path).inserted == 5
    with unit_of_work(pg_url) as session:
        result = ins.run_quality_balance(session=session, region=REGION, year=2024)
        stored = load_school_records(session, region=REGION, year=2024)
    assert [s.section.label for s in result.failing_schools] == ["乙小学"]
    by_id = {r.school_id: r for r in stored}
    assert by_id["S5"].extra["初中.qualification.本科"] == 19 and "sports_area" not in by_id["S5"].extra
    assert by_id["K1"].extra["grades"] == "小班,小班,大班" and by_id["K1"].ownership == "普惠"


def test_school_template_refuses_a_region_name_with_control_characters(sqlite_url: str, tmp_path: Path) -> None:
    # Found by tests/web/test_schemathesis.py: region="\x1f" crashed openpyxl (a 500 in the web).
    with unit_of_work(sqlite_url) as session, pytest.raises(InputError, match="控制字符"):
        ins.school_template(session=session, dest=tmp_path / "t.xlsx", region="\x1f", year=2024)
    with unit_of_work(sqlite_url) as session:
        assert ins.school_template(session=session, dest=tmp_path / "t.xlsx", region=REGION, year=2024).is_file()
