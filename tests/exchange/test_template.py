"""The collection workbook: its sheets, locks and rules, and the round trip through the import."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook

from eduplan.core.evaluation.build import EvaluationInputs, build_evaluation
from eduplan.core.evaluation.targets import assess_plan
from eduplan.core.plan import EvaluationKind, Observation, Op, Plan, ProseTarget
from eduplan.core.progress.rules import Status
from eduplan.data.catalog import load_catalog
from eduplan.exchange import import_collection, read_workbook, write_template
from eduplan.exchange.figure_rows import format_target
from tests.exchange import sample_plan


@pytest.fixture
def template(tmp_path: Path) -> Path:
    """The 2023 workbook of the sample plan, with last year's value of one indicator."""
    return write_template(sample_plan(), region="涪陵区", year=2023,
                          previous={"preschool_gross_enrolment_rate": 93.5}, dest=tmp_path / "涪陵区-2023.xlsx")


def _validations(ws) -> dict[str, tuple[str, str | None, str | None, str | None]]:
    """Each validated range → (type, operator, formula1, formula2)."""
    return {str(dv.sqref): (dv.type, dv.operator, dv.formula1, dv.formula2) for dv in ws.data_validations.dataValidation}


def test_template_has_the_chinese_sheets_in_order(template: Path) -> None:
    wb = load_workbook(template)
    assert wb.sheetnames == ["说明", "指标", "文中目标", "任务进展", "项目进展", "经费"]
    assert "涪陵区2023年度" in wb["说明"]["A1"].value


def test_indicator_sheet_layout_locks_and_prefill(template: Path) -> None:
    ws = load_workbook(template)["指标"]
    header = [c.value for c in ws[1]]
    assert header == ["区县", "年度", "指标编号", "指标名称", "单位", "基期值（2020年）", "上年值（2022年）",
                      "目标值", "已存值（2023年）", "本年值（2023年）", "来源", "备注"]
    assert ws.column_dimensions["C"].hidden  # the catalog id
    assert ws.column_dimensions["D"].width == 34
    assert ws.protection.sheet and ws.freeze_panes == "A2"
    rate = [c.value for c in ws[2]]
    assert rate[:8] == ["涪陵区", 2023, "preschool_gross_enrolment_rate", "学前三年毛入园率", "%", 91.2, 93.5,
                        "≥98（2025年）"]
    assert ws["A2"].protection.locked and ws["J1"].protection.locked and ws["I2"].protection.locked  # 已存值
    assert not ws["J2"].protection.locked and not ws["K2"].protection.locked
    assert ws.max_row == 6  # five plan indicators, each once


def test_indicator_sheet_rules_rates_between_0_and_max_and_a_source_dropdown(template: Path) -> None:
    rules = _validations(load_workbook(template)["指标"])
    # rows 2 and 5 are rates capped at 100 — but 2 is a gross ratio (毛入园率), which may pass 100
    assert rules["J5"] == ("decimal", "between", "0", "100")
    assert rules["J2:J4 J6"] == ("decimal", "greaterThanOrEqual", "0", None)
    kind, _, sources, _ = rules["K2:K6"]
    assert kind == "list" and "教育事业统计" in sources


def test_task_project_and_finance_sheets(template: Path) -> None:
    wb = load_workbook(template)
    tasks = [[c.value for c in row] for row in wb["任务进展"].iter_rows(min_row=2, max_col=5)]
    assert tasks == [["涪陵区", 2023, "1.1", "扩大普惠性资源", "区教委"],
                     ["涪陵区", 2023, "1.2", "提升保教质量", "区教委、区卫生健康委"],
                     ["涪陵区", 2023, "2", "加强教师队伍建设", "区教委"]]
    assert _validations(wb["任务进展"])["G2:G4"] == ("decimal", "between", "0", "100")
    projects = wb["项目进展"]
    assert [c.value for c in projects[3]][:7] == ["涪陵区", 2023, "专栏5 建设项目表", 2, "新城区第二幼儿园新建",
                                                  "2022-03", "2024-08"]
    assert projects["H2"].number_format == "@"  # months stay text
    finance = [row[3].value for row in wb["经费"].iter_rows(min_row=2)]
    assert finance[0] == "一般公共预算教育支出" and "生均一般公共预算教育支出（普通高中）" in finance
    assert len(finance) == 10


def test_multi_region_template_has_a_block_per_region(tmp_path: Path) -> None:
    path = write_template([sample_plan("涪陵区"), sample_plan("南川区")], region=None, year=2023,
                          previous={("南川区", "compulsory_enrolment"): 8.8}, dest=tmp_path / "all.xlsx")
    rows = read_workbook(path).sheets["指标"][1:]
    assert [r[1][0] for r in rows] == ["涪陵区"] * 5 + ["南川区"] * 5
    assert [r[1][6] if len(r[1]) > 6 else None for r in rows if r[1][2] == "compulsory_enrolment"] == [None, 8.8]
    assert len(read_workbook(path).sheets["经费"]) == 1 + 20


def test_a_region_without_a_plan_gets_the_whole_catalog(tmp_path: Path) -> None:
    path = write_template([], region="綦江区", year=2023, previous=None, dest=tmp_path / "q.xlsx")
    sheets = read_workbook(path).sheets
    assert len(sheets["指标"]) - 1 == len(load_catalog().entries)
    assert len(sheets["任务进展"]) == 1  # the header only


def test_format_target() -> None:
    from eduplan.core.plan import Op, Target

    assert format_target(Target(Op.LE, 5, year=2025)) == "≤5（2025年）"
    assert format_target(Target(Op.RANGE, 4, 5)) == "4～5"
    assert format_target(None) is None


def test_round_trip_template_filled_then_imported_gives_the_filled_values(template: Path, tmp_path: Path) -> None:
    wb = load_workbook(template)
    ind = wb["指标"]
    filled = {"preschool_gross_enrolment_rate": 94.1, "compulsory_enrolment": 10.2, "primary_enrolment": 6.5,
              "compulsory_retention_rate": "98.9%", "average_schooling_years": 10.3}
    for row in range(2, ind.max_row + 1):
        ind.cell(row, 10).value = filled[ind.cell(row, 3).value]
        ind.cell(row, 11).value = "教育事业统计"
    tasks = wb["任务进展"]
    tasks["F2"], tasks["G2"], tasks["H2"], tasks["I2"] = "新增普惠性幼儿园3所", 60, "普惠园认定文件.pdf", "李四"
    tasks["G4"] = "１００"  # full-width digits through the one number parser
    projects = wb["项目进展"]
    projects["H2"], projects["I2"], projects["J2"], projects["K2"] = "2021-03", "2023年8月", 2000, 1350
    projects["H3"] = "2022/4"
    money = wb["经费"]
    for row, value in zip(range(2, 12), [52000, 14000, 12000, 16000, 18000, 20000, 98000, 96000, 300, 40000],
                          strict=True):
        money.cell(row, 6).value = value
    filled_path = tmp_path / "filled.xlsx"
    wb.save(filled_path)

    result = import_collection(read_workbook(filled_path), plans=[sample_plan()], catalog=load_catalog(),
                               history={}, entered_by="规划科王五")

    assert result.accepted, [str(i) for i in result.issues]
    assert result.issues == []
    c = result.collection
    assert c is not None
    assert min(c.observations, key=lambda o: o.indicator) == Observation(
        "average_schooling_years", "涪陵区", 2023, 10.3, source="教育事业统计", reported_by="规划科王五")
    assert {o.indicator: o.value for o in c.observations} == {
        k: 98.9 if k == "compulsory_retention_rate" else v for k, v in filled.items()}
    assert [(t.task_id, t.percent, t.progress, t.evidence, t.reported_by) for t in c.tasks] == [
        ("1.1", 60.0, "新增普惠性幼儿园3所", "普惠园认定文件.pdf", "李四"), ("2", 100.0, None, None, None)]
    first, second = c.projects
    assert (first.project.name, first.actual_start, first.actual_finish, first.investment, first.places) == (
        "中华路小学改扩建", "2021-03", "2023-08", 2000.0, 1350)
    assert (second.project.seq, second.actual_start) == (2, "2022-04")
    (record,) = c.finance
    assert record.budget == 52000 and record.per_student["普通高中"] == 16000
    assert (record.teacher_salary, record.civil_servant_salary, record.training_spend, record.payroll) == (
        98000, 96000, 300, 40000)
    assert record.entered_by == "规划科王五"


KINDERGARTENS = "target:新增公办幼儿园｜所"


def prose_plan() -> Plan:
    """The sample plan with targets in its text: two outside the catalog, one inside, one unquantified."""
    plan = sample_plan()
    plan.targets = [
        ProseTarget("新增公办幼儿园", Op.GE, 5.0, unit="所", year=2023),
        ProseTarget("学前三年毛入园率", Op.GE, 98.0, unit="%", year=2025),  # in the catalog: the 指标 sheet
        ProseTarget("新增公办幼儿园", Op.GE, 15.0, unit="所"),  # no year: the plan's last
        ProseTarget("优质均衡发展覆盖率", Op.RANGE, 60.0, value_max=80.0, unit="%", year=2025),
        ProseTarget("新增学位", Op.GE, None, unit="个"),  # no number: nothing to report
    ]
    return plan


@pytest.fixture
def prose_template(tmp_path: Path) -> Path:
    return write_template(prose_plan(), region="涪陵区", year=2023, previous={KINDERGARTENS: 3.0},
                          dest=tmp_path / "涪陵区-2023-文中目标.xlsx")


def test_target_sheet_lists_the_quantified_prose_targets_outside_the_catalog(prose_template: Path) -> None:
    ws = load_workbook(prose_template)["文中目标"]
    assert [c.value for c in ws[1]] == ["区县", "年度", "目标编号", "目标内容", "单位", "目标值", "上年值（2022年）",
                                        "已存值（2023年）", "本年值（2023年）", "来源", "备注"]
    assert [[c.value for c in row] for row in ws.iter_rows(min_row=2)] == [
        ["涪陵区", 2023, "新增公办幼儿园｜所", "新增公办幼儿园", "所", "≥5（2023年）；≥15（2025年）", 3, None, None, None,
         None],
        ["涪陵区", 2023, "优质均衡发展覆盖率｜%", "优质均衡发展覆盖率", "%", "60～80（2025年）", None, None, None, None, None],
    ]
    assert ws.column_dimensions["C"].hidden and ws.protection.sheet
    assert ws["C2"].protection.locked and ws["H2"].protection.locked  # 已存值
    assert not ws["I2"].protection.locked and not ws["J2"].protection.locked
    rules = _validations(ws)
    assert rules["I2:I3"] == ("decimal", "greaterThanOrEqual", "0", None)
    assert rules["J2:J3"][0] == "list"


def test_a_plan_without_prose_targets_gets_a_header_only_target_sheet(template: Path) -> None:
    ws = load_workbook(template)["文中目标"]
    assert ws.max_row == 1 and ws["C1"].value == "目标编号"


def test_round_trip_a_prose_target_gets_a_status_once_its_figure_is_imported(prose_template: Path,
                                                                            tmp_path: Path) -> None:
    plan = prose_plan()
    before = {r.name: r for r in assess_plan(plan, load_catalog(), [], year=2023) if r.origin == "正文"}
    assert before["新增公办幼儿园"].status is Status.UNMONITORED  # no yearly figure yet: not monitored
    assert "文中目标" in before["新增公办幼儿园"].reason

    wb = load_workbook(prose_template)
    wb["文中目标"]["I2"], wb["文中目标"]["J2"] = 6, "部门报表"
    wb["文中目标"]["I3"] = "65%"
    wb.save(tmp_path / "filled.xlsx")
    result = import_collection(read_workbook(tmp_path / "filled.xlsx"), plans=[plan], catalog=load_catalog(),
                               history={}, entered_by="规划科王五")

    assert result.accepted and result.issues == [], [str(i) for i in result.issues]
    assert result.collection is not None
    assert result.collection.observations == [
        Observation(KINDERGARTENS, "涪陵区", 2023, 6.0, source="部门报表", reported_by="规划科王五"),
        Observation("target:优质均衡发展覆盖率｜%", "涪陵区", 2023, 65.0,
                    source="年度数据采集表（filled.xlsx）", reported_by="规划科王五")]
    stored = [Observation(KINDERGARTENS, "涪陵区", 2022, 3.0), *result.collection.observations]
    payload = build_evaluation(EvaluationInputs(plan=plan, catalog=load_catalog(), observations=stored),
                               kind=EvaluationKind.ANNUAL, year=2023)
    after = {(r.name, r.target_year): r for r in payload.targets if r.origin == "正文"}
    assert after[("新增公办幼儿园", 2023)].status is Status.ACHIEVED  # 6 ≥ 5
    assert after[("新增公办幼儿园", 2025)].status is Status.ON_TRACK  # 3 → 6 in a year, 15 due in 2025
    assert after[("新增公办幼儿园", 2025)].baseline_year == 2022
    assert after[("优质均衡发展覆盖率", 2025)].status is Status.ACHIEVED  # within 60—80
