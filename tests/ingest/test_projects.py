"""Construction project tables in every layout, their totals and the checks of their arithmetic."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

import pytest

from eduplan.core.numbers import as_int_or_float
from eduplan.ingest.projects.extract import extract_projects
from eduplan.ingest.readers.document import Document, lines_from_text, read_document
from tests.conftest import PLAN_FILES

EXPECTED = Path(__file__).resolve().parent.parent / "data" / "expected"
PLANS_WITH_PROJECTS = ("bishan", "nanchuan", "yuzhong")


def doc_of(text: str) -> Document:
    """A document from test text, cleaned as the reader cleans a real file."""
    return Document(lines=tuple(lines_from_text(text)), file="test.txt")


def cells_per_line(rows: list[list[str]]) -> str:
    """A table written one TAB-prefixed cell per line, a blank line after each row."""
    return "\n".join("\n".join(f"\t{c}" for c in row) + "\n" for row in rows)


# ---------------------------------------------------------------- layouts

TAB_TABLE = "附表\n城区学校建设项目表\n" + cells_per_line([
    ["序号", "项目名称", "建设年限", "总投资（万元）", "年度投资（万元）", "备注"],
    ["", "", "", "", "2023年", "2024年", ""],
    ["", "合计", "", "9000", "2000", "5500"],
    ["1", "东城小学", "2022-2024", "5000", "2000", "3000", "在建项目"],
    ["2", "西城中学", "2023-2024", "4000", "", "2000", "前期项目（用地）"],
]) + "\n注：以上为计划数。\n"


def test_tab_cell_per_line_table_keeps_every_column_and_reads_years() -> None:
    result = extract_projects(doc_of(TAB_TABLE))
    first, second = result.projects
    assert (first.seq, first.name, first.period, first.investment_total) == (1, "东城小学", (2022, 2024), 5000)
    assert first.investment_by_year == {"2023": 2000, "2024": 3000}
    assert first.status == "在建项目" and first.table == "城区学校建设项目表"
    assert second.investment_by_year == {"2024": 2000}
    assert second.status == "前期项目" and second.columns["备注"] == "前期项目（用地）"
    assert list(second.columns) == ["序号", "项目名称", "建设年限", "总投资（万元）",
                                    "年度投资（万元）2023年", "年度投资（万元）2024年", "备注"]
    assert first.source.line == TAB_TABLE.split("\n").index("\t1") + 1


def test_tab_total_that_is_not_the_sum_of_its_rows_is_a_finding() -> None:
    result = extract_projects(doc_of(TAB_TABLE))
    [finding] = result.findings
    assert finding.kind == "sum_mismatch"
    assert finding.data["printed"] == 5500 and finding.data["computed"] == 5000
    assert "5500" in finding.message and "5000" in finding.message
    total_line = TAB_TABLE.split("\n").index("\t合计") + 1
    assert finding.source.line == total_line
    assert finding.lines == sorted([total_line, *(p.source.line for p in result.projects)])


ROW_PER_LINE = """幼儿园建设项目计划表
序号\t幼儿园名称\t占地面积（m2）\t建筑面积（m2）\t标准学位容量（个）\t建设性质\t预计开工时间\t预计投用时间
一、回购\t\t\t\t\t\t\t
1\t甲幼儿园\t1000\t1200\t90\t回购后装修\t2022.04\t2022.09
2\t乙幼儿园\t800\t900\t60\t回购后装修\t2022年6月\t2023年3月
小计\t\t1800\t2100\t150\t\t\t
二、新建\t\t\t\t\t\t\t
1\t丙幼儿园\t3000\t3500\t270\t新建\t2023.03\t2024.09
小计\t\t3000\t3500\t270\t\t\t
总计\t\t4800\t5600\t421\t\t\t
"""


def test_tab_row_per_line_table_with_group_headings_and_subtotals() -> None:
    result = extract_projects(doc_of(ROW_PER_LINE))
    a, b, c = result.projects
    assert (a.group, a.places, a.site_area, a.floor_area) == ("一、回购", 90, 1000, 1200)
    assert (a.planned_start, a.planned_finish, a.nature) == ("2022-04", "2022-09", "回购后装修")
    assert (b.planned_start, b.planned_finish) == ("2022-06", "2023-03")
    assert (c.group, c.seq) == ("二、新建", 1)
    [finding] = result.findings  # 421 printed, 420 summed; the subtotals are right
    assert (finding.kind, finding.data["printed"], finding.data["computed"]) == ("sum_mismatch", 421, 420)
    assert finding.source.line == 10


PIPE_TABLE = """重点建设项目一览表
| 序号 | 学段 | 项目名称 | 建设性质 | 实施年度 | 新增学位 | 计划总投资（亿元） |
|---|---|---|---|---|---|---|
| 1 | 小学 | 北区小学新建工程 | 新建 | 2022-2023 | 1080 | 1.2 |
| 2 | 初中 | 南区中学扩建工程 | 改扩建 | 2023—2025 | 600 | 0.8 |
| 合计 |  |  |  |  | 1680 | 2.1 |
"""


def test_pipe_rows_as_word_tables_give_them() -> None:
    result = extract_projects(doc_of(PIPE_TABLE))
    a, b = result.projects
    assert (a.stage, a.nature, a.period, a.places, a.investment_total) == ("小学", "新建", (2022, 2023), 1080, 12000)
    assert (b.nature, b.period) == ("改扩建", (2023, 2025))
    assert a.source.line == 4
    [finding] = result.findings
    assert finding.data["column"] == "计划总投资（亿元）" and finding.data["computed"] == 2.0


SPACE_TABLE = """附件
新建学校项目表
序号 学校名称 建设地址 建设性质 学校类型
1 东湖小学新建工程 东湖街道 新建 小学
2 北山中学迁建工程 北山镇 迁建 初中
一、幼儿园
3 南苑幼儿园 南苑街道 新建 幼儿园
"""


def test_space_separated_rows_are_split_by_column_type() -> None:
    result = extract_projects(doc_of(SPACE_TABLE))
    names = [(p.seq, p.name, p.columns["建设地址"], p.nature, p.stage, p.group) for p in result.projects]
    assert names == [
        (1, "东湖小学新建工程", "东湖街道", "新建", "小学", None),
        (2, "北山中学迁建工程", "北山镇", "迁建", "初中", None),
        (3, "南苑幼儿园", "南苑街道", "新建", "幼儿园", "一、幼儿园"),
    ]


RUN_TOGETHER = """附件
某区教育重大项目建设规划表

序
号

学校名称 建设地址
建设性质
（新/改扩

建）

学校类型

1
某区高新区实验学校小学建设工程
（某区实验学校小学部）

某区高新区 新建 小学

2 某区凤鸣小学二期工程 某区高新区 新建 小学

3 某区湖滨高中建设工程
某区现代服务
业发展区

新建 高中
 序
号

学校名称 建设地址
建设性质

学校类型

4
某区大路中学改（扩）建综合楼建设
工程

大路街道 扩建 高完中
"""


def test_run_together_pdf_text_rejoins_wrapped_names_and_addresses() -> None:
    result = extract_projects(doc_of(RUN_TOGETHER))
    got = [(p.seq, p.name, p.columns["建设地址"], p.nature, p.stage) for p in result.projects]
    assert got == [
        (1, "某区高新区实验学校小学建设工程（某区实验学校小学部）", "某区高新区", "新建", "小学"),
        (2, "某区凤鸣小学二期工程", "某区高新区", "新建", "小学"),
        (3, "某区湖滨高中建设工程", "某区现代服务业发展区", "新建", "高中"),
        (4, "某区大路中学改（扩）建综合楼建设工程", "大路街道", "扩建", "高完中"),
    ]
    lines = RUN_TOGETHER.split("\n")
    starts = [lines.index("1") + 1, lines.index("2 某区凤鸣小学二期工程 某区高新区 新建 小学") + 1,
              lines.index("3 某区湖滨高中建设工程") + 1, lines.index("4") + 1]
    assert [p.source.line for p in result.projects] == starts
    assert result.projects[0].table == "某区教育重大项目建设规划表"


def test_text_without_a_project_table_gives_no_projects() -> None:
    text = "序号 指标 2020年 2025年\n1 毛入园率 90 95\n"
    assert extract_projects(doc_of(text)).projects == []


# ---------------------------------------------------------------- yearly investment checks

YEARS_TABLE = "建设项目表\n" + cells_per_line([
    ["序号", "项目名称", "建设起止年限", "计划总投资（万元）", "2022年", "2023年", "2024年"],
    ["1", "甲校改扩建", "2021-2022", "3000", "1000", "500", ""],
    ["2", "乙校新建", "2022-2024", "2000", "1000", "1000", "500"],
    ["3", "丙校新建", "2022-2024", "2000", "1000", "1000", ""],
])


def test_yearly_investment_outside_the_period_or_above_the_total_are_findings() -> None:
    result = extract_projects(doc_of(YEARS_TABLE))
    kinds = [(f.kind, f.source.line) for f in result.findings]
    lines = {p.seq: p.source.line for p in result.projects}
    assert kinds == [("investment_outside_period", lines[1]), ("investment_exceeds_total", lines[2])]
    outside, exceeds = result.findings
    assert "2023" in outside.message and "500" in outside.message
    assert exceeds.data["by_year"] == 2500 and exceeds.data["total"] == 2000


# ---------------------------------------------------------------- the sample plans


def _row(p: Any) -> dict[str, Any]:
    return {"table": p.table, "seq": p.seq, "name": p.name, "group": p.group, "stage": p.stage,
            "nature": p.nature, "period": list(p.period) if p.period else None,
            "planned_start": p.planned_start, "planned_finish": p.planned_finish,
            "investment_total": as_int_or_float(p.investment_total),
            "investment_by_year": {k: as_int_or_float(v) for k, v in p.investment_by_year.items()},
            "places": p.places, "site_area": as_int_or_float(p.site_area),
            "floor_area": as_int_or_float(p.floor_area), "status": p.status,
            "columns": {k: v for k, v in p.columns.items() if "内容" not in k}, "line": p.source.line}


@pytest.mark.parametrize("name", PLANS_WITH_PROJECTS)
def test_sample_plan_projects_equal_the_hand_checked_fixture(plans_dir: Path, name: str) -> None:
    expected = json.loads((EXPECTED / name / "projects.json").read_text(encoding="utf-8"))["projects"]
    got = [_row(p) for p in extract_projects(read_document(plans_dir / f"{name}.txt")).projects]
    assert got == expected


@pytest.mark.parametrize("name", ["fuling", "qianjiang"])
def test_sample_plans_without_project_tables_give_none(plans_dir: Path, name: str) -> None:
    assert extract_projects(read_document(plans_dir / f"{name}.txt")).projects == []


#: Findings of the tables' own arithmetic, each verified by hand against the text.
EXPECTED_FINDINGS = {
    "bishan": [],
    # kindergarten table: group 1 site area 20556 summed vs 20555 printed, places 2006 vs 2005;
    # group 2 floor area 36334 vs 36331 (the grand total agrees with the printed subtotals).
    "nanchuan": [("sum_mismatch", 343, "占地面积（m2）"), ("sum_mismatch", 343, "标准学位容量（个）"),
                 ("sum_mismatch", 450, "建筑面积（m2）")],
    # yearly investments planned after the last year of the printed construction period.
    "yuzhong": [("investment_outside_period", 458, "2024"), ("investment_outside_period", 589, "2024"),
                ("investment_outside_period", 728, "2024"), ("investment_outside_period", 739, "2025"),
                ("investment_outside_period", 774, "2025")],
}


@pytest.mark.parametrize("name", PLANS_WITH_PROJECTS)
def test_sample_plan_table_findings_are_the_hand_verified_ones(plans_dir: Path, name: str) -> None:
    findings = extract_projects(read_document(plans_dir / f"{name}.txt")).findings
    got = [(f.kind, f.source.line, str(f.data.get("column") or f.data.get("year"))) for f in findings]
    assert got == EXPECTED_FINDINGS[name]
    assert all(f.message and f.source.line in f.lines for f in findings)


def test_extracting_projects_from_all_sample_plans_is_fast(plans_dir: Path) -> None:
    docs = [read_document(plans_dir / f"{name}.txt") for name in PLAN_FILES]
    started = time.process_time()
    for doc in docs:
        extract_projects(doc)
    assert time.process_time() - started < 0.3


# ---------------------------------------------------------------- cells that no column can be told for


def test_a_pipe_row_wider_than_its_header_is_reported_not_read_into_columns() -> None:
    # the children of 年度投资 are missing from the header: the body is wider than the labels
    text = ("某区建设项目表\n"
            "| 序号 | 项目名称 | 计划总投资（万元） | 年度投资（万元） | 备注 |\n"
            "| 1 | 甲校新建 | 3000 | 1000 | 2000 | 在建 |")
    result = extract_projects(doc_of(text))
    assert result.projects == []
    assert [(f.kind, f.source.line) for f in result.findings] == [("table_cell_unplaced", 3)]


def test_a_children_row_under_its_parent_names_the_year_columns() -> None:
    text = "\n".join(["某区建设项目表",
                      "| 序号 | 项目名称 | 年度投资（万元） | 备注 |",
                      " " * 20 + "2022年 | 2023年",  # starts under 年度投资
                      "| 1 | 甲校新建 | 1000 | 2000 | 在建项目 |"])
    [p] = extract_projects(doc_of(text)).projects
    assert list(p.columns) == ["序号", "项目名称", "年度投资（万元）2022年", "年度投资（万元）2023年", "备注"]
    assert (p.investment_by_year, p.status) == ({"2022": 1000, "2023": 2000}, "在建项目")
