"""Project tables as a text-layer PDF leaves them: one line per wrapped cell piece, or visual lines run together."""

from __future__ import annotations

import pytest

from eduplan.ingest.projects.extract import extract_projects
from eduplan.ingest.projects.pdf_cells import pdf_shape
from eduplan.ingest.projects.pdf_header import fits, text_width
from eduplan.ingest.readers.document import Document


def _doc(lines: list[str]) -> Document:
    return Document(lines=("某区建设项目表", *lines), file="test.pdf")


# ---------------------------------------------------------------- one line per cell piece


def test_a_cell_wrapped_inside_its_column_stays_in_its_column() -> None:
    lines = ["序号", "幼儿园名称", "占地面积", "标准学位", "建设性质", "预计开工时间",
             "1", "金科幼儿园", "885", "89", "回购后直接投", "用", "2022.04"]
    [p] = extract_projects(_doc(lines)).projects
    assert (p.name, p.site_area, p.places, p.nature, p.planned_start) == (
        "金科幼儿园", 885, 89, "回购后直接投用", "2022-04")


def test_wrapped_labels_and_names_are_rejoined() -> None:
    lines = ["序号", "幼儿园名称", "占地面积（", "m2）", "标准学位容量", "（个）", "建设性质",
             "1", "南川区金科幼儿园（暂定", "）", "5486", "525", "回购后装修",
             "2", "五洲美华金桂幼儿园", "885", "89", "新建"]
    a, b = extract_projects(_doc(lines)).projects
    assert list(a.columns) == ["序号", "幼儿园名称", "占地面积（m2）", "标准学位容量（个）", "建设性质"]
    assert (a.name, a.site_area, a.places, a.nature) == ("南川区金科幼儿园（暂定）", 5486, 525, "回购后装修")
    assert (b.seq, b.name, b.nature) == (2, "五洲美华金桂幼儿园", "新建")


@pytest.mark.parametrize("remark", [[], ["备注"]])
def test_a_spanning_header_over_year_columns(remark: list[str]) -> None:
    lines = ["序号", "项目名称", "建设起止年限", "计划总投资（万元）", "年度投资（万元）", *remark, "2022年", "2023年",
             "1", "中华路小学改扩建", "2018-2023", "8000", "1000", "5000", *(["在建项目"] if remark else [])]
    [p] = extract_projects(_doc(lines)).projects
    assert p.columns["年度投资（万元）2023年"] == "5000"
    assert (p.name, p.period, p.investment_total) == ("中华路小学改扩建", (2018, 2023), 8000)
    assert p.investment_by_year == {"2022": 1000, "2023": 5000}
    assert p.status == ("在建项目" if remark else None)


def test_yearly_amounts_without_positions_are_not_guessed_into_years_but_reported() -> None:
    # two amounts under three years: 2022+2023, 2023+2024 (the period) or 2022+2024 all fit the text
    lines = ["序号", "项目名称", "建设起止年限", "计划总投资（万元）", "年度投资（万元）", "2022年", "2023年", "2024年",
             "1", "甲校新建", "2023-2024", "3000", "1000", "2000"]
    result = extract_projects(_doc(lines))
    [p] = result.projects
    assert (p.name, p.investment_total, p.investment_by_year) == ("甲校新建", 3000, {})
    assert [(f.kind, f.source.line) for f in result.findings] == [("table_cell_unplaced", 10)]
    assert "1000、2000" in result.findings[0].message


def test_as_many_amounts_as_years_are_placed_in_order() -> None:
    lines = ["序号", "项目名称", "建设起止年限", "计划总投资（万元）", "年度投资（万元）", "2022年", "2023年",
             "1", "甲校新建", "2022-2023", "3000", "1000", "2000"]
    result = extract_projects(_doc(lines))
    assert result.projects[0].investment_by_year == {"2022": 1000, "2023": 2000}
    assert result.findings == []


def test_a_group_label_wrapped_before_its_subtotal() -> None:
    lines = ["序号", "幼儿园名称", "占地面积", "标准学位", "总计", "1300", "130",
             "一、回收回购合", "计", "1300", "130", "1", "甲园", "1300", "130"]
    result = extract_projects(_doc(lines))
    assert [(p.group, p.site_area) for p in result.projects] == [("一、回收回购", 1300)]
    assert result.findings == []


def test_a_number_cell_equal_to_the_next_row_number_does_not_open_a_row() -> None:
    lines = ["序号", "项目名称", "新增学位", "建设性质",
             "1", "甲校", "2", "新建", "2", "乙校", "90", "扩建"]
    found = extract_projects(_doc(lines)).projects
    assert [(p.seq, p.name, p.places, p.nature) for p in found] == [(1, "甲校", 2, "新建"), (2, "乙校", 90, "扩建")]


# ---------------------------------------------------------------- visual lines run together


def test_a_name_wrapped_below_a_run_together_row() -> None:
    lines = ["序号 项目名称 建设性质 计划总投资", "1 中华路小学改扩 新建 8000", "建工程",
             "2 复旦小学新建 新建 3000"]
    a, b = extract_projects(_doc(lines)).projects
    assert (a.name, a.nature, a.investment_total) == ("中华路小学改扩建工程", "新建", 8000)
    assert (b.name, b.nature) == ("复旦小学新建", "新建")


def test_pieces_of_a_line_go_to_the_columns_that_are_full() -> None:
    lines = ["序号 学校名称 建设地址 建设性质（新/改扩 学校类型(完全中学/小", "建） 学/幼儿园)",
             "1 某区东林智慧小学校建设工程（某区 某区现代服务业发 新建 小学", "东林智慧学校小学部） 展区",
             "2 某区玉泉湖小学建设工程 某区现代服务业发 新建 小学", "展区",
             "3 某区沙堆小学校建设工程 丁家街道 迁建 初中"]
    found = extract_projects(_doc(lines)).projects
    assert list(found[0].columns) == ["序号", "学校名称", "建设地址", "建设性质（新/改扩建）", "学校类型(完全中学/小学/幼儿园)"]
    assert [(p.name, p.columns["建设地址"], p.nature, p.stage) for p in found] == [
        ("某区东林智慧小学校建设工程（某区东林智慧学校小学部）", "某区现代服务业发展区", "新建", "小学"),
        ("某区玉泉湖小学建设工程", "某区现代服务业发展区", "新建", "小学"),
        ("某区沙堆小学校建设工程", "丁家街道", "迁建", "初中")]


def test_a_typed_cell_wrapped_in_the_lines_shape() -> None:
    lines = ["序号 幼儿园名称 占地面积（ 标准学位容量 建设性质 实施年度", "m2） （个）",
             "1 南川区恒大滨河左岸幼儿 1141 114 回收移交后装 2022-202", "园（暂定） 修 3",
             "2 五洲美华金桂幼儿园 885 89 回购后直接投 2023-2024", "用"]
    a, b = extract_projects(_doc(lines)).projects
    assert list(a.columns) == ["序号", "幼儿园名称", "占地面积（m2）", "标准学位容量（个）", "建设性质", "实施年度"]
    assert (a.name, a.nature, a.period, a.places) == ("南川区恒大滨河左岸幼儿园（暂定）", "回收移交后装修", (2022, 2023), 114)
    assert (b.name, b.nature, b.period) == ("五洲美华金桂幼儿园", "回购后直接投用", (2023, 2024))


def test_a_spanning_header_and_its_year_leaves_in_the_lines_shape() -> None:
    lines = ["序号 项目名称 建设起止年限 主要建设内容及规 计划总投 年度投资（万元） 备注", "模 资（万元", "）",
             "2022年 2023年", "1 中华路小学改扩建 2018-2023 总建筑面积约4.3万 8000 1000 5000 在建项目",
             "平方米，分两期", "2 复旦小学教学楼改造 2022-2023 约7000平方米，包 3000 1000 2000 在建项目",
             "工程 括新建教学楼"]
    a, b = extract_projects(_doc(lines)).projects
    assert list(a.columns) == ["序号", "项目名称", "建设起止年限", "主要建设内容及规模", "计划总投资（万元）",
                               "年度投资（万元）2022年", "年度投资（万元）2023年", "备注"]
    assert (a.name, a.columns["主要建设内容及规模"], a.investment_by_year) == (
        "中华路小学改扩建", "总建筑面积约4.3万平方米，分两期", {"2022": 1000, "2023": 5000})
    assert (b.name, b.columns["主要建设内容及规模"], b.status) == ("复旦小学教学楼改造工程", "约7000平方米，包括新建教学楼", "在建项目")


# ---------------------------------------------------------------- the pieces


@pytest.mark.parametrize(("text", "kind", "whole", "expected"), [
    ("回购后直接投用", "nature", True, True),
    ("新建建工程", "nature", True, False),
    ("回购后直接投", "nature", False, True),
    ("小学展区", "stage", True, False),
    ("2022-202", "period", False, True),
    ("2022-202", "period", True, False),
    ("2022.04", "number", True, False),
    ("9500", "number", True, True),
])
def test_what_a_piece_can_be(text: str, kind: str, whole: bool, expected: bool) -> None:
    assert fits(text, kind, whole=whole) is expected


def test_shapes_and_widths() -> None:
    assert pdf_shape(["序号 项目名称 建设性质"], 0) == "lines"
    assert pdf_shape(["序号", "项目名称", "1"], 0) == "cells"
    assert pdf_shape(["序", "号"], 0) is None
    assert text_width("中华路") == 3 and text_width("4.3") < 2
