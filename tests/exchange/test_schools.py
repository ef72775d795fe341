"""The school-records workbook: template, filled rows → records, and rejection with every error located.

`GOOD_ROWS` and `school_workbook` are shared with the service and CLI tests: four schools whose
优质均衡 outcome is worked out by hand below, plus one kindergarten.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from eduplan.core.collection.yearly import Severity
from eduplan.exchange.cells import header_key
from eduplan.exchange.school_sheet import ISSUE_KINDS
from eduplan.exchange.schools import FIGURES, HEADERS, read_school_records, write_school_template
from eduplan.exchange.workbook import read_csv, read_workbook

ID = {"区县": "涪陵区", "年度": 2024}
# 甲小学 meets all 7; 乙小学 lacks 1000 m² of sports ground and 4 multimedia rooms (fails);
# 丙中学 is 2 qualified teachers short (passes on the 85 % rule); 丁学校 is split into its
# 小学部 and 初中部 rows, the 初中部 3 qualified teachers short (passes).
GOOD_ROWS: list[dict[str, Any]] = [
    {**ID, "学校代码": "S1", "学校名称": "甲小学", "学校类型": "小学", "办学性质": "公办", "在校生数": 500,
     "班数": 11, "班额": "45、45、45、45、45、45、45、45、45、45、50", "专任教师数": 30, "本科学历教师": 20,
     "专科学历教师": 10, "县级以上骨干教师": 6, "体育专任教师": 3, "音乐专任教师": 1, "美术专任教师": 1,
     "持证教师数": 30, "教学及辅助用房面积": 2500, "体育运动场馆面积": 4000, "音乐专用教室": 1, "美术专用教室": 1,
     "教学仪器设备值": 120, "网络多媒体教室": 12},
    {**ID, "学校代码": "S3", "学校名称": "乙小学", "学校类型": "小学", "在校生数": 400, "班数": 10,
     "专任教师数": 24, "本科学历教师": 10, "专科学历教师": 10, "高中学历教师": 4, "县级以上骨干教师": 4,
     "体育专任教师": 2, "音乐专任教师": 1, "美术专任教师": 1, "持证教师数": 24, "教学及辅助用房面积": 1800,
     "体育运动场馆面积": 2000, "音乐专用教室": 1, "美术专用教室": 1, "教学仪器设备值": 80, "网络多媒体教室": 6},
    {**ID, "学校代码": "S4", "学校名称": "丙中学", "学校类型": "初中", "在校生数": 600, "班数": 12,
     "专任教师数": 40, "本科学历教师": 30, "专科学历教师": 10, "县级以上骨干教师": 6, "体育专任教师": 3,
     "音乐专任教师": 2, "美术专任教师": 1, "持证教师数": 40, "教学及辅助用房面积": 3600, "体育运动场馆面积": 6200,
     "音乐专用教室": 1, "美术专用教室": 1, "教学仪器设备值": 150, "网络多媒体教室": 15},
    {**ID, "学校代码": "S5", "学校名称": "丁学校", "学校类型": "九年一贯制", "在校生数": 1000, "班数": 22,
     "专任教师数": 53, "本科学历教师": 29, "专科学历教师": 24, "县级以上骨干教师": 12, "体育专任教师": 5,
     "音乐专任教师": 3, "美术专任教师": 2, "持证教师数": 53, "教学及辅助用房面积": 6000, "体育运动场馆面积": 11000,
     "音乐专用教室": 2, "美术专用教室": 2, "教学仪器设备值": 250, "网络多媒体教室": 25},
    {**ID, "学校代码": "S5", "学校名称": "丁学校", "学校类型": "九年一贯制", "学部": "小学", "在校生数": 600,
     "班数": 14, "本科学历教师": 10, "专科学历教师": 20},
    {**ID, "学校代码": "S5", "学校名称": "丁学校", "学校类型": "九年一贯制", "学部": "初中", "在校生数": 400,
     "班数": 8, "本科学历教师": 19, "专科学历教师": 4},
    {**ID, "学校代码": "K1", "学校名称": "戊幼儿园", "学校类型": "幼儿园", "办学性质": "普惠性民办", "在校生数": 80,
     "小班班额": "25、26", "大班班额": 29, "专任教师数": 5, "持证教师数": 5, "园长数": 1, "持证园长数": 1,
     "室外游戏场地面积": 300},
]
COLUMN = {header_key(h): i + 1 for i, h in enumerate(HEADERS)}


def school_workbook(folder: Path, rows: list[dict[str, Any]], *, name: str = "filled.xlsx") -> Path:
    """The template with `rows` filled in (by header key), saved under `folder`."""
    template = write_school_template(folder / "template.xlsx", region="涪陵区", year=2024)
    wb = load_workbook(template)
    ws = wb["学校"]
    for n, row in enumerate(rows, start=2):
        for key, value in row.items():
            ws.cell(row=n, column=COLUMN[key], value=value)
    path = folder / name
    wb.save(path)
    return path


def test_every_figure_column_is_found_by_its_header_key() -> None:
    assert [header_key(f.title) for f in FIGURES] == [f.key for f in FIGURES]
    codes = [k.code for k in ISSUE_KINDS]
    assert len(codes) == len(set(codes)) and all(code == code.lower() and "_" not in code for code in codes)


def test_template_has_guide_sheet_dropdowns_and_prefilled_schools(tmp_path: Path) -> None:
    first = read_school_records(read_workbook(school_workbook(tmp_path, GOOD_ROWS)))
    assert first.records is not None
    path = write_school_template(tmp_path / "next.xlsx", schools=first.records, year=2025, region="涪陵区")
    wb = load_workbook(path)
    assert wb.sheetnames == ["说明", "学校"]
    rows = list(wb["学校"].iter_rows(min_row=2, max_col=7, values_only=True))
    assert rows[0] == ("涪陵区", 2025, "S1", "甲小学", "小学", None, "公办")
    assert ("涪陵区", 2025, "S5", "丁学校", "九年一贯制", "初中", None) in rows
    assert len(wb["学校"].data_validations.dataValidation) > 3
    # The prefilled identity rows are not data until a figure is filled in.
    empty = read_school_records(read_workbook(path))
    assert empty.accepted and empty.records == [] and empty.rows_read == 0


def test_filled_workbook_becomes_school_records(tmp_path: Path) -> None:
    result = read_school_records(read_workbook(school_workbook(tmp_path, GOOD_ROWS)))
    assert result.accepted and not result.issues, [str(i) for i in result.issues]
    by_id = {r.school_id: r for r in result.records or []}
    assert list(by_id) == ["S1", "S3", "S4", "S5", "K1"]
    first = by_id["S1"]
    assert (first.enrolment, first.classes, first.class_sizes[-1], first.equipment_value) == (500, 11, 50, 120)
    assert first.teachers_by_qualification == {"本科": 20, "专科": 10} and first.ownership == "public"
    combined = by_id["S5"]
    assert combined.enrolment == 1000 and combined.teachers == 53
    assert combined.extra["小学.enrolment"] == 600 and combined.extra["初中.classes"] == 8
    assert combined.extra["初中.qualification.本科"] == 19
    kg = by_id["K1"]
    assert kg.ownership == "普惠" and kg.class_sizes == [25, 26, 29] and kg.classes == 3
    assert kg.extra["grades"] == "小班,小班,大班" and kg.extra["outdoor_area"] == 300


def test_blank_resource_figure_is_missing_not_zero(tmp_path: Path) -> None:
    row = {**GOOD_ROWS[0]}
    del row["体育运动场馆面积"]
    records = read_school_records(read_workbook(school_workbook(tmp_path, [row]))).records
    assert records is not None and records[0].extra == {"sports_area": None}


def test_section_rows_alone_sum_to_the_school(tmp_path: Path) -> None:
    rows = [{**r, "学校代码": "S9"} for r in GOOD_ROWS[4:6]]
    records = read_school_records(read_workbook(school_workbook(tmp_path, rows))).records
    assert records is not None
    (school,) = records
    assert (school.enrolment, school.classes, school.teachers_by_qualification) == (1000, 22, {"本科": 29, "专科": 24})


def test_malformed_workbook_is_rejected_whole_with_every_error_located(tmp_path: Path) -> None:
    good = GOOD_ROWS[0]
    rows = [
        {**good, "在校生数": "很多"},                                      # row 2: H not a number
        {**good, "学校代码": "S2", "学校类型": "大学"},                   # row 3: E unknown stage
        {**good, "学校代码": "S3", "班额": "45、abc"},                   # row 4: J bad sizes
        {**good, "学校代码": "S4", "本科学历教师": 25},                   # row 5: O qualifications ≠ teachers
        {**good, "学校代码": "S5"},                                       # row 6: fine
        {**GOOD_ROWS[6], "办学性质": None},                               # row 7: G kindergarten without ownership
        {**good, "学校代码": "S6", "年度": "去年", "持证教师数": 31},     # row 8: B bad year
        {**good, "学校代码": "S7", "学部": "初中"},                       # row 9: F section of a single-stage school
        {**good, "学校代码": "S8", "持证教师数": 31, "班数": 3},          # row 10: Y > teachers, I < sizes
        {**GOOD_ROWS[3], "学校代码": "S10", "在校生数": 900},             # row 11: H sections exceed school
        {**GOOD_ROWS[4], "学校代码": "S10"},
        {**GOOD_ROWS[5], "学校代码": "S10"},
        {**good, "学校代码": "S11", "教学仪器设备值": -5},                # row 14: AD negative
    ]
    result = read_school_records(read_workbook(school_workbook(tmp_path, rows)))
    assert not result.accepted and result.records is None
    where = {(i.code, i.location.sheet, i.location.row, i.location.column) for i in result.errors}
    assert where >= {
        ("not-a-number", "学校", 2, "H"), ("unknown-stage", "学校", 3, "E"), ("bad-class-sizes", "学校", 4, "J"),
        ("qualification-sum", "学校", 5, "O"), ("missing-ownership", "学校", 7, "G"), ("bad-year", "学校", 8, "B"),
        ("bad-section", "学校", 9, "F"), ("part-exceeds-whole", "学校", 10, "Y"),
        ("sizes-exceed-classes", "学校", 10, "I"), ("sections-exceed-school", "学校", 11, "H"),
        ("negative-value", "学校", 14, "AD"),
    }
    assert all(i.location.row and i.location.column for i in result.issues)
    assert "第14行" in str(next(i for i in result.errors if i.code == "negative-value"))
    assert result.summary().startswith("导入被拒绝")


def test_duplicate_and_conflicting_rows(tmp_path: Path) -> None:
    rows = [GOOD_ROWS[0], GOOD_ROWS[0], {**GOOD_ROWS[0], "学校名称": "别的小学"}]
    result = read_school_records(read_workbook(school_workbook(tmp_path, rows)))
    assert {(i.code, i.location.row, i.location.column) for i in result.errors} == {
        ("duplicate-row", 3, "C"), ("conflicting-school", 4, "D")}


def test_warning_blocks_only_in_strict_mode(tmp_path: Path) -> None:
    rows = [{**GOOD_ROWS[0], "在校生数": 505}]  # class sizes add up to 500
    path = school_workbook(tmp_path, rows)
    lenient = read_school_records(read_workbook(path))
    assert lenient.accepted and [i.severity for i in lenient.issues] == [Severity.WARNING]
    assert not read_school_records(read_workbook(path), strict=True).accepted


@pytest.mark.parametrize("encoding", ["utf-8-sig", "gb18030"])
def test_csv_with_sheet_mark(encoding: str) -> None:
    lines = ["工作表：学校", "区县,年度,学校代码,学校名称,学校类型,在校生数,班数,班额",
             "涪陵区,2024,S1,甲小学,小学,90,2,\"45、45\""]
    result = read_school_records(read_csv("\n".join(lines).encode(encoding), name="schools.csv"))
    assert result.accepted and result.records is not None
    assert result.records[0].class_sizes == [45, 45]


def test_workbook_without_school_sheet_or_column() -> None:
    from eduplan.exchange.workbook import WorkbookRows

    none = read_school_records(WorkbookRows({"说明": [(1, ("x",))], "a": [], "b": []}, "x.xlsx"))
    assert [i.code for i in none.issues] == ["no-school-sheet"]
    missing = read_school_records(WorkbookRows({"学校": [(1, ("区县", "年度", "学校名称"))]}, "x.xlsx"))
    assert sorted(i.message for i in missing.issues) == sorted(
        f"工作表缺少“{k}”列" for k in ("学校代码", "学校类型", "在校生数"))
