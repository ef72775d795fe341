"""The layout of the school-records workbook (学校统计数据表) and the writer of its template.

Sheets: 说明 (instructions) and 学校, one row per school and year, or per 学部 of a combined
school (see `eduplan.exchange.schools` for how rows become records). The template is not
protected: a bureau adds its new schools below the prefilled ones. Dropdowns give the stages,
sections and ownerships; figure columns accept numbers ≥ 0.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from eduplan.core.inspection.preschool import KINDERGARTEN_GRADES
from eduplan.core.inspection.standards import SECTIONS
from eduplan.core.plan import SchoolRecord
from eduplan.core.spreadsheet import protect
from eduplan.exchange import workbook as wbk

SHEET = "学校"
REGION, YEAR, SCHOOL_ID, NAME, STAGE, SECTION, OWNERSHIP = "区县", "年度", "学校代码", "学校名称", "学校类型", "学部", "办学性质"
STAGES = ("小学", "初中", "九年一贯制", "十二年一贯制", "完全中学", "高中", "教学点", "幼儿园", "特殊教育学校", "职业学校")
OWNERSHIPS = {"公办": "public", "public": "public", "民办": "private", "private": "private",
              "普惠性民办": "普惠", "普惠民办": "普惠", "普惠": "普惠", "inclusive": "普惠"}
OWNERSHIP_LABELS = {"public": "公办", "private": "民办", "普惠": "普惠性民办"}
QUALIFICATIONS = ("研究生", "本科", "专科", "高中", "高中以下")
GRADES = KINDERGARTEN_GRADES


@dataclass(frozen=True)
class Figure:
    """A figure column: header key, title (with unit), where it goes, its kind and width."""

    key: str
    title: str
    target: str  # a SchoolRecord attribute, "q:<学历>", "g:<年龄班>" or "x:<extra key>"
    kind: str = "int"  # int / float / sizes / text
    width: float = 10


FIGURES = (
    Figure("在校生数", "在校生数（人）", "enrolment"),
    Figure("班数", "班数", "classes", width=7),
    Figure("班额", "班额（各班人数，用“、”分隔）", "class_sizes", "sizes", 28),
    *(Figure(f"{g}班额", f"{g}班额（幼儿园，各班人数）", f"g:{g}", "sizes", 16) for g in GRADES),
    Figure("专任教师数", "专任教师数（人）", "teachers"),
    *(Figure(f"{q}学历教师", f"{q}学历教师（人）", f"q:{q}") for q in QUALIFICATIONS),
    Figure("县级以上骨干教师", "县级以上骨干教师（人）", "backbone_teachers"),
    Figure("体育专任教师", "体育专任教师（人）", "pe_teachers"),
    Figure("音乐专任教师", "音乐专任教师（人）", "music_teachers"),
    Figure("美术专任教师", "美术专任教师（人）", "art_teachers"),
    Figure("持证教师数", "持证教师数（持教师资格证的专任教师，人）", "certified_teachers"),
    Figure("教学及辅助用房面积", "教学及辅助用房面积（平方米）", "teaching_area", "float", 14),
    Figure("体育运动场馆面积", "体育运动场馆面积（平方米）", "sports_area", "float", 14),
    Figure("音乐专用教室", "音乐专用教室（间）", "music_rooms"),
    Figure("美术专用教室", "美术专用教室（间）", "art_rooms"),
    Figure("教学仪器设备值", "教学仪器设备值（万元）", "equipment_value", "float", 12),
    Figure("网络多媒体教室", "网络多媒体教室（间）", "multimedia_classrooms"),
    Figure("标准学位数", "标准学位数（个）", "x:places"),
    Figure("园长数", "园长数（幼儿园）", "x:principals"),
    Figure("持证园长数", "持证园长数（幼儿园）", "x:certified_principals"),
    Figure("室外游戏场地面积", "室外游戏场地面积（幼儿园，平方米）", "x:outdoor_area", "float", 14),
    Figure("幼儿活动用房面积", "幼儿活动用房面积（幼儿园，平方米）", "x:activity_area", "float", 14),
    Figure("建筑面积", "建筑面积（幼儿园，平方米）", "x:building_area", "float", 14),
    Figure("幼儿园等级", "幼儿园等级", "x:rating", "text"),
)
IDENTITY = ((REGION, 10), (YEAR, 7), (SCHOOL_ID, 14), (NAME, 28), (STAGE, 12), (SECTION, 7), (OWNERSHIP, 11))
HEADERS = [*(k for k, _ in IDENTITY), *(f.title for f in FIGURES)]
REQUIRED = (REGION, YEAR, SCHOOL_ID, NAME, STAGE, "在校生数")
#: The figures a section row may give per section (`extra["<学部>.<key>"]`).
SECTION_KEYS = ("enrolment", "classes", "teaching_area", "sports_area", "backbone_teachers",
                "equipment_value", "multimedia_classrooms")



def write_school_template(dest: str | Path, *, schools: Sequence[SchoolRecord] = (), year: int | None = None,
                          region: str | None = None) -> Path:
    """Write the school-records workbook, prefilled with the identity of `schools` (for `year`)."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    wb = Workbook()
    guide = wb.active
    guide.title = wbk.GUIDE
    guide.column_dimensions["A"].width = 110
    for line in _guide_lines(region, year):
        guide.append([line])
    ws = wb.create_sheet(SHEET)
    ws.append(HEADERS)
    widths = [w for _, w in IDENTITY] + [f.width for f in FIGURES]
    for i, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = width
        cell = ws.cell(row=1, column=i)
        cell.font, cell.fill = Font(bold=True), PatternFill("solid", fgColor="DDEBF7")
        cell.alignment = Alignment(wrap_text=True, vertical="center")
    ws.freeze_panes = "E2"
    for values in _prefill(schools, year):
        ws.append(values)
    for sheet in wb.worksheets:  # a school named “=…” stays text
        for row in sheet.iter_rows():
            for cell in row:
                protect(cell)
    _rules(ws, max(ws.max_row, 1) + 500)
    path = Path(dest)
    wb.save(path)
    return path


def _guide_lines(region: str | None, year: int | None) -> list[str]:
    """The instructions, in Chinese."""
    who = f"{region or ''}{f'{year}年' if year else ''}"
    return [
        f"{who}学校统计数据采集表（义务教育优质均衡、学前教育普及普惠、班额、学位）",
        "",
        "1. 每所学校每年填一行；学校代码在同一区县、年度内唯一。学校类型从下拉列表选择。",
        ("2. 九年一贯制、十二年一贯制学校和完全中学：除全校一行（学部留空）外，可再按学部（小学、初中、高中）"
        "各填一行，填写该学部的在校生数、班数、班额、教师、面积、设备；学部行未填的数字按在校生比例分摊。"
        "只填学部行时，全校数字为各学部之和。"),
        "3. 班额填各班人数，用“、”分隔（如 45、46、44），按学部顺序排列；幼儿园按小班、中班、大班、混合班分列填写。",
        "4. 各学历教师人数合计应等于专任教师数；持证、骨干、体育艺术教师不能多于专任教师。",
        "5. 面积以平方米计，教学仪器设备值以万元计。幼儿园须填办学性质（公办、民办、普惠性民办）。",
        "6. 导入时逐格检查，所有问题一次列出（工作表、行、列）；只要有一个错误，整份表格不予导入。",
        "7. 也可另存为 CSV（UTF-8 或 GBK 编码）导入，第一行写“工作表：学校”或文件名中包含“学校”。",
    ]


def _prefill(schools: Sequence[SchoolRecord], year: int | None) -> Iterable[list[Any]]:
    """Identity rows: a whole-school row, and a row per section of a combined school."""
    for r in schools:
        ident = [r.region, year or r.year, r.school_id, r.name, r.stage]
        yield [*ident, None, OWNERSHIP_LABELS.get(r.ownership, r.ownership)]
        for section in SECTIONS.get(r.stage, ()):
            if f"{section}.enrolment" in r.extra:
                yield [*ident, section, None]


def _rules(ws: Any, last: int) -> None:
    """Dropdowns for stage, section and ownership; ≥ 0 numbers in the figure columns."""
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    lists = ((5, STAGES), (6, ("小学", "初中", "高中")), (7, tuple(OWNERSHIP_LABELS.values())))
    for col, options in lists:
        dv = DataValidation(type="list", formula1='"' + ",".join(options) + '"', allow_blank=True)
        dv.error, dv.showErrorMessage = "请从下拉列表中选择", True
        letter = get_column_letter(col)
        dv.add(f"{letter}2:{letter}{last}")
        ws.add_data_validation(dv)
    for i, f in enumerate(FIGURES, start=len(IDENTITY) + 1):
        if f.kind in ("int", "float"):
            dv = DataValidation(type="whole" if f.kind == "int" else "decimal", operator="greaterThanOrEqual",
                                formula1="0", allow_blank=True)
            dv.error, dv.showErrorMessage = "请填写不小于0的" + ("整数" if f.kind == "int" else "数字"), True
            letter = get_column_letter(i)
            dv.add(f"{letter}2:{letter}{last}")
            ws.add_data_validation(dv)
