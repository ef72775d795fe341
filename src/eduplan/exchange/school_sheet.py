"""A school-records sheet as read: its issue kinds, its header (`SchoolSheet`) and a read row (`SchoolRow`).

Shared by the row reader (`schools`) and the assembly of rows into records (`school_records`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from eduplan.core.collection.yearly import Issue, IssueKind, Severity
from eduplan.core.errors import Location
from eduplan.exchange.rows import Cell, column_letter

_W = Severity.WARNING
NO_SCHOOL_SHEET = IssueKind("no-school-sheet", "没有学校工作表", "未找到“学校”工作表（现有：{sheets}）")
MISSING_SCHOOL_ID = IssueKind("missing-school-id", "未填学校代码", "未填写学校代码")
MISSING_SCHOOL_NAME = IssueKind("missing-school-name", "未填学校名称", "未填写学校名称")
UNKNOWN_STAGE = IssueKind("unknown-stage", "学校类型无效", "学校类型“{value}”无法识别（可选：{options}）")
UNKNOWN_OWNERSHIP = IssueKind("unknown-ownership", "办学性质无效", "办学性质“{value}”无法识别（可选：公办、民办、普惠性民办）")
MISSING_OWNERSHIP = IssueKind("missing-ownership", "幼儿园未填办学性质",
                              "幼儿园须填写办学性质（公办、民办、普惠性民办），普及普惠评估要用")
BAD_SECTION = IssueKind("bad-section", "学部无效", "学部“{value}”不属于{stage}（{expected}）")
SECTION_ENROLMENT_MISSING = IssueKind("section-enrolment-missing", "学部未填在校生数",
                                      "{section}部一行须填写在校生数，否则无法分学段评估")
BAD_CLASS_SIZES = IssueKind("bad-class-sizes", "班额格式错误",
                            "班额“{value}”应为各班人数（正整数），用“、”分隔，如“45、46、44”")
SIZES_EXCEED_CLASSES = IssueKind("sizes-exceed-classes", "班额个数多于班数", "填写了{sizes}个班的班额，但班数只有{classes}")
GRADES_NOT_KINDERGARTEN = IssueKind("grades-not-kindergarten", "非幼儿园填写年龄班班额",
                                    "小班、中班、大班、混合班班额只由幼儿园填写（本校为{stage}），请填在“班额”列")
QUALIFICATION_SUM = IssueKind("qualification-sum", "学历分布与专任教师数不符",
                              "各学历教师合计{total}人，与专任教师数{teachers}人不一致")
PART_EXCEEDS_WHOLE = IssueKind("part-exceeds-whole", "分项大于总数", "{part}为{value}，大于{whole}{whole_value}")
SECTIONS_EXCEED_SCHOOL = IssueKind("sections-exceed-school", "各学部合计大于全校",
                                   "各学部{what}合计{total}，大于全校的{value}")
CONFLICTING_SCHOOL = IssueKind("conflicting-school", "同一学校代码信息不一致",
                               "学校代码{school}的{what}为“{value}”，与第{first}行的“{other}”不一致")
ENROLMENT_CLASS_MISMATCH = IssueKind("enrolment-class-mismatch", "班额合计与在校生数不符",
                                     "各班人数合计{total}人，与在校生数{value}人不一致", _W)
ISSUE_KINDS = (NO_SCHOOL_SHEET, MISSING_SCHOOL_ID, MISSING_SCHOOL_NAME, UNKNOWN_STAGE, UNKNOWN_OWNERSHIP,
               MISSING_OWNERSHIP, BAD_SECTION, SECTION_ENROLMENT_MISSING, BAD_CLASS_SIZES, SIZES_EXCEED_CLASSES,
               GRADES_NOT_KINDERGARTEN, QUALIFICATION_SUM, PART_EXCEEDS_WHOLE, SECTIONS_EXCEED_SCHOOL,
               CONFLICTING_SCHOOL, ENROLMENT_CLASS_MISMATCH)


@dataclass
class SchoolRow:
    """One read row: identity, parsed figures and where its cells are."""

    number: int
    region: str
    year: int
    school_id: str
    name: str
    stage: str
    section: str | None
    ownership: str | None
    values: dict[str, Any]  # Figure.key → parsed value


@dataclass
class SchoolSheet:
    """A sheet's header (column key → index) and the issues found in it."""

    file: str | None
    name: str
    columns: dict[str, int]
    issues: list[Issue]

    def cell(self, cells: tuple[Cell, ...], key: str) -> Cell:
        """The cell of a column in a row."""
        i = self.columns.get(key)
        return cells[i] if i is not None and i < len(cells) else None

    def at(self, row: int, key: str) -> Location:
        """The location of a cell."""
        i = self.columns.get(key)
        return Location(file=self.file, sheet=self.name, row=row, column=column_letter(i) if i is not None else None)

    def add(self, kind: IssueKind, row: int, key: str, **data: Any) -> None:
        """Record an issue at a cell."""
        self.issues.append(kind.make(self.at(row, key), **data))
