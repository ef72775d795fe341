"""The inspection readiness report (failing schools and items with gaps) and the municipal comparison."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from openpyxl import load_workbook

from eduplan.core.comparison import RegionComparison, RegionValue
from eduplan.core.evaluation.payload import EvaluationPayload
from eduplan.core.inspection.balance import CountyFigures, assess_guarantee, assess_quality, assess_resources
from eduplan.core.inspection.preschool import PreschoolFigures, as_kindergarten, assess_preschool
from eduplan.core.plan import Direction
from eduplan.core.progress.forecast import Likelihood
from eduplan.core.progress.rules import Status
from eduplan.demo.schools import simulate_schools
from eduplan.reports.builders import comparison_report, inspection_report
from eduplan.reports.inspection_sections import InspectionReadiness
from eduplan.reports.model import Paragraph
from eduplan.reports.xlsx import write_xlsx
from eduplan.services.inspections import resolve_standards, with_section_qualifications


@pytest.fixture(scope="module")
def readiness() -> InspectionReadiness:
    """南川区's simulated schools and kindergartens assessed against the national standards."""
    standards = resolve_standards()
    records = simulate_schools(["南川区"], year=2024)
    schools = [with_section_qualifications(r, standards) for r in records if r.stage != "幼儿园"]
    kgs = [as_kindergarten(r) for r in records if r.stage == "幼儿园"]
    return InspectionReadiness(
        "南川区", 2024, assess_resources(schools, standards, region="南川区"),
        tuple(assess_guarantee(schools, CountyFigures(), standards, region="南川区")),
        tuple(assess_quality(CountyFigures(), standards, region="南川区")),
        assess_preschool(kgs, PreschoolFigures(), standards, region="南川区"), simulated=True)


def test_inspection_report_lists_each_failing_item_with_its_gap(readiness: InspectionReadiness, tmp_path: Path) -> None:
    report = inspection_report(readiness)
    assert [s.heading for s in report.sections] == ["一、总体情况", "二、义务教育优质均衡", "三、学前教育普及普惠", "四、整改建议"]
    failing = readiness.failing_schools()
    assert failing, "模拟学校中应有未达标学校"
    table = next(t for t in report.tables() if t.sheet == "资源配置差距")
    assert [(r[0], r[1], r[4]) for r in table.rows] == [(who, i.name, i.gap) for who, i in failing]
    assert f"共有{readiness.gap_count()}个项目" in report.sections[0].blocks[0].text  # type: ignore[union-attr]
    wb = load_workbook(write_xlsx(report, tmp_path / "督导.xlsx"))
    assert "资源配置差距" in wb.sheetnames and report.simulated


def test_evaluation_readiness_section_uses_the_readiness(readiness: InspectionReadiness,
                                                         payload: EvaluationPayload) -> None:
    from eduplan.reports.builders import evaluation_report

    report = evaluation_report(payload, inspection=readiness)
    six = next(s for s in report.sections if s.heading.endswith("督导评估准备情况"))
    text = "".join(b.text for b in six.blocks if isinstance(b, Paragraph))
    assert "优质均衡" in "".join(getattr(b, "text", "") for b in six.blocks)
    assert f"参评学校（学段）{len(readiness.balance.schools)}所" in text  # type: ignore[union-attr]
    assert report.simulated


def _row(region: str, value: float | None, rank: int | None, status: Status | None) -> RegionValue:
    return RegionValue(region, value, rank, "模拟数据", True, "规划", "≥95", 2025, 90.0, status,
                       Likelihood.WILL_MEET, False, False)


def test_comparison_report_ranks_regions_per_indicator() -> None:
    rate = RegionComparison("preschool_gross", "学前三年毛入园率", "%", Direction.UP, "越高越好", 2023, [
        _row("璧山区", 96.5, 1, Status.ON_TRACK), _row("南川区", 91.25, 2, Status.SLOW), _row("黔江区", None, None, None)])
    empty = RegionComparison("x", "空指标", "%", Direction.UP, "越高越好", 2023, [_row("璧山区", None, None, None)])
    report = comparison_report([rate, empty], year=2023)
    table = next(t for t in report.tables() if t.sheet == "学前三年毛入园率")
    assert [(r[0], r[1], r[2]) for r in table.rows] == [(1, "璧山区", 96.5), (2, "南川区", 91.25), (None, "黔江区", None)]
    text = " ".join(b.text for s in report.sections for b in s.blocks if isinstance(b, Paragraph))
    assert "最好的是璧山区（96.5%），最差的是南川区（91.25%）" in text
    assert "落后于本区规划预期进度的有南川区" in text
    assert "另有1项指标2023年无任何区县报送数据" in text
    assert report.simulated and [t.sheet for t in report.tables()] == ["区县概况", "指标对照1", "学前三年毛入园率"]
    standing = report.tables()[0]
    assert standing.rows[0][:5] == ("南川区", 1, 0, 1, 1) and standing.rows[1][:5] == ("璧山区", 1, 1, 0, 0)
    grid = report.tables()[1]
    assert [c.title for c in grid.columns] == ["区县", "学前三年毛入园率（%）"]
    assert grid.rows == (("南川区", 91.25), ("璧山区", 96.5), ("黔江区", None))


@pytest.mark.parametrize(("rows", "expected"), [
    ([("涪陵区", 96.5, 1)], "仅涪陵区报送数据（96.5%）"),
    ([("涪陵区", 96.5, 1), ("南川区", 96.5, 1)], "各区县均为96.5%"),
    ([("涪陵区", 97.0, 1), ("南川区", 97.0, 1), ("璧山区", 90.0, 3)], "最好的是涪陵区和南川区（97%），最差的是璧山区（90%）"),
    ([("涪陵区", 97.0, None), ("璧山区", 90.0, None)], "最高的是涪陵区（97%），最低的是璧山区（90%）"),
])
def test_comparison_never_names_one_region_best_and_worst(rows: list, expected: str) -> None:
    from eduplan.reports.builders import extremes

    c = RegionComparison("preschool_gross", "学前三年毛入园率", "%", Direction.UP, "越高越好", 2023,
                         [_row(name, value, rank, None) for name, value, rank in rows])
    assert extremes(c) == expected


def test_a_figure_from_two_sources_is_explained_not_contradicted(readiness: InspectionReadiness,
                                                                 payload: EvaluationPayload) -> None:
    from eduplan.reports.builders import evaluation_report

    item = next(i for i in readiness.preschool.items if i.key == "preschool.public_share")  # type: ignore[union-attr]
    was = next(t for t in payload.targets if t.indicator_id == "preschool_public_share")
    target = dataclasses.replace(was, latest_value=round(item.value + 4.77, 2))  # type: ignore[operator]
    p = dataclasses.replace(payload, targets=[target if t is was else t for t in payload.targets])
    report = evaluation_report(p, inspection=readiness)
    section = next(s for s in report.sections if s.heading.endswith("督导评估准备情况"))
    text = "".join(b.text for b in section.blocks if isinstance(b, Paragraph))
    assert f"{item.name}按2024年幼儿园统计数据逐园汇总为{item.value:.2f}%" in text
    assert f"年度监测值为{target.latest_value:g}%" in text and "口径不同" in text


def test_comparison_workbook_is_one_long_table_of_regions_and_indicators(tmp_path: Path) -> None:
    rate = RegionComparison("preschool_gross", "学前三年毛入园率", "%", Direction.UP, "越高越好", 2023, [
        _row("璧山区", 96.5, 1, Status.ON_TRACK), _row("黔江区", None, None, None)])
    wb = load_workbook(write_xlsx(comparison_report([rate], year=2023), tmp_path / "比较.xlsx"))
    assert wb.sheetnames == ["说明", "区县指标"]
    ws = wb["区县指标"]
    head = [c.value for c in ws[1]]
    rows = [dict(zip(head, (c.value for c in r))) for r in ws.iter_rows(min_row=2)]
    assert [(r["区县"], r["年份"], r["数值"], r["目标运算符"], r["目标值"]) for r in rows] == [
        ("璧山区", 2023, 96.5, ">=", 95), ("黔江区", 2023, None, ">=", 95)]
    assert ws.print_title_rows == "$1:$1" and ws.page_setup.orientation == "landscape"
