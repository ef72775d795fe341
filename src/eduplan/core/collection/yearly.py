"""What a yearly data collection (年度数据采集) yields, and the problems found in it.

An import turns a filled workbook into these plain values. Problems in the data are
`Issue` values with a stable kebab-case code, a Chinese message and a location (sheet, row,
column letter); an import with any error yields no data at all (all-or-nothing), so the
caller refuses it whole and shows the report.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import StrEnum

from eduplan.core.errors import Location
from eduplan.core.plan import Observation


class Severity(StrEnum):
    """An issue blocks the import (error) or is shown for checking (warning)."""

    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True)
class Issue:
    """One problem in an imported workbook: stable code, Chinese message, where it is."""

    code: str
    message: str
    severity: Severity
    location: Location = field(default_factory=Location)
    value: str | None = None  # the offending cell as read, for the report

    def __str__(self) -> str:
        where = str(self.location)
        return f"{where}：{self.message}" if where else self.message


@dataclass(frozen=True)
class IssueKind:
    """One kind of issue: its code, Chinese title, message template and default severity."""

    code: str
    title: str
    template: str
    severity: Severity = Severity.ERROR

    def make(self, location: Location, *, value: object = None,
             severity: Severity | None = None, **data: object) -> Issue:
        """An issue of this kind at `location`; `data` fills the message template."""
        shown = None if value is None else str(value)
        return Issue(self.code, self.template.format(value=shown, **data), severity or self.severity,
                     location, shown)


@dataclass(frozen=True)
class ProjectKey:
    """Which plan project a report is about: its table, sequence number and name."""

    table: str | None
    seq: int | None
    name: str

    def label(self) -> str:
        """How the key is printed in a workbook and in messages."""
        seq = "" if self.seq is None else f"{self.seq}. "
        return f"{self.table or '项目表'}｜{seq}{self.name}"


@dataclass(frozen=True)
class TaskReport:
    """A responsible unit's yearly report on one plan task."""

    region: str
    year: int
    task_id: str
    progress: str | None = None
    percent: float | None = None  # 0–100
    evidence: str | None = None  # file name of the supporting document (佐证材料)
    reported_by: str | None = None  # who wrote the report (填报人)
    entered_by: str | None = None  # the account that imported it


@dataclass(frozen=True)
class ProjectReport:
    """A yearly report on one construction project: actual dates, money spent, places delivered."""

    region: str
    year: int
    project: ProjectKey
    actual_start: str | None = None  # "YYYY-MM"
    actual_finish: str | None = None  # "YYYY-MM"
    investment: float | None = None  # 万元 spent this year
    places: int | None = None  # 学位 delivered this year
    note: str | None = None
    entered_by: str | None = None


#: Finance items of the 经费 sheet: code → (Chinese label, unit).
FINANCE_ITEMS: dict[str, tuple[str, str]] = {
    "budget": ("一般公共预算教育支出", "万元"),
    "per_student.小学": ("生均一般公共预算教育支出（小学）", "元"),
    "per_student.初中": ("生均一般公共预算教育支出（初中）", "元"),
    "per_student.普通高中": ("生均一般公共预算教育支出（普通高中）", "元"),
    "per_student.中职": ("生均一般公共预算教育支出（中职）", "元"),
    "per_student.学前": ("生均一般公共预算教育支出（学前）", "元"),
    "teacher_salary": ("中小学教师平均工资收入", "元"),
    "civil_servant_salary": ("当地公务员平均工资收入", "元"),
    "training_spend": ("教师培训经费", "万元"),
    "payroll": ("教职工工资总额", "万元"),
}


@dataclass(frozen=True)
class FinanceRecord:
    """A region's education finance figures for a year (the inputs of core.finance's rules)."""

    region: str
    year: int
    budget: float | None = None  # 万元
    per_student: dict[str, float] = field(default_factory=dict)  # stage → 元
    teacher_salary: float | None = None  # 元
    civil_servant_salary: float | None = None  # 元
    training_spend: float | None = None  # 万元
    payroll: float | None = None  # 万元
    source: str | None = None
    entered_by: str | None = None


@dataclass
class Collection:
    """Everything a valid import yields, ready to be stored."""

    observations: list[Observation] = field(default_factory=list)
    tasks: list[TaskReport] = field(default_factory=list)
    projects: list[ProjectReport] = field(default_factory=list)
    finance: list[FinanceRecord] = field(default_factory=list)

    def size(self) -> int:
        """How many records the collection holds."""
        return len(self.observations) + len(self.tasks) + len(self.projects) + len(self.finance)


class IssueReport:
    """What every import report shares: its issues, split into errors and warnings, and the verdict."""

    issues: list[Issue]
    strict: bool

    @property
    def errors(self) -> list[Issue]:
        """The issues that block the import."""
        return [i for i in self.issues if i.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[Issue]:
        """The issues shown for checking (they block only in strict mode)."""
        return [i for i in self.issues if i.severity is Severity.WARNING]

    def counts(self) -> str:
        """“错误2个，警告1个”."""
        return f"错误{len(self.errors)}个，警告{len(self.warnings)}个"

    def refusal(self) -> str:
        """The Chinese verdict of a refused import."""
        why = "（严格模式下警告也不予导入）" if self.strict and not self.errors else ""
        return f"导入被拒绝：{self.counts()}{why}，未写入任何数据。"


@dataclass
class ImportResult(IssueReport):
    """The outcome of an import: the data (None when refused) and every issue found."""

    collection: Collection | None
    issues: list[Issue] = field(default_factory=list)
    strict: bool = False
    rows_read: int = 0

    @property
    def accepted(self) -> bool:
        """Whether the import may be stored."""
        return self.collection is not None

    def summary(self) -> str:
        """A one-line Chinese verdict for the CLI and the web page."""
        if self.collection is None:
            return self.refusal()
        c = self.collection
        return (f"可以导入：监测值{len(c.observations)}条，任务进展{len(c.tasks)}条，"
                f"项目进展{len(c.projects)}条，经费{len(c.finance)}条；{self.counts()}。")


def decide(collection: Collection, issues: Sequence[Issue], *, strict: bool, rows_read: int) -> ImportResult:
    """All-or-nothing: keep the data only when no issue blocks it (warnings block when strict)."""
    blocking = any(i.severity is Severity.ERROR or strict for i in issues)
    return ImportResult(None if blocking else collection, list(issues), strict, rows_read)


# The catalogue of issue kinds. Codes are stable: reports, tests and users' notes refer to them.
_E, _W = Severity.ERROR, Severity.WARNING
NO_KNOWN_SHEET = IssueKind("no-known-sheet", "没有可识别的工作表",
                           "未找到“指标”“文中目标”“任务进展”“项目进展”“经费”中的任何一个工作表（现有：{sheets}）")
MISSING_COLUMN = IssueKind("missing-column", "缺少必需的列", "工作表缺少“{column}”列")
MISSING_REGION = IssueKind("missing-region", "未填区县", "未填写区县")
BAD_YEAR = IssueKind("bad-year", "年度无效", "年度“{value}”不是有效的年份（应为如2023的四位年份）")
NOT_A_NUMBER = IssueKind("not-a-number", "不是数字", "“{value}”不是数字")
NEGATIVE_VALUE = IssueKind("negative-value", "数值为负", "{what}为{value}，不能为负数")
NOT_AN_INTEGER = IssueKind("not-an-integer", "不是整数", "{what}为{value}，应为整数")
UNKNOWN_INDICATOR = IssueKind("unknown-indicator", "未知指标",
                              "指标“{value}”不在指标目录中，请勿修改指标编号和名称")
UNKNOWN_TARGET = IssueKind("unknown-target", "未知文中目标",
                           "目标“{value}”不在{region}规划的文中目标中，请勿修改目标编号和目标内容")
TARGET_RATE_ABOVE_100 = IssueKind("target-rate-above-100", "百分比超过100%",
                                  "“{name}”为{value}，超过100%，请检查小数点和单位", _W)
DUPLICATE_ROW = IssueKind("duplicate-row", "重复填报", "{what}重复填报（第一次在第{first}行）")
RATE_ABOVE_MAX = IssueKind("rate-above-max", "比率超过上限",
                           "“{name}”为{value}，超过上限{limit}（该指标不可能超过{limit}%，请检查小数点和单位）")
GROSS_RATE_ABOVE_100 = IssueKind("gross-rate-above-100", "毛入学（园）率超过100%",
                                 "“{name}”为{value}，超过100%；毛入学（园）率可以超过100%，请确认", _W)
PERCENT_OUT_OF_RANGE = IssueKind("percent-out-of-range", "完成进度超出0—100",
                                 "完成进度“{value}”应在0到100之间")
BAD_MONTH = IssueKind("bad-month", "年月格式错误", "“{value}”不是有效的年月，应写成YYYY-MM（如2023-09）")
MONTH_AFTER_YEAR = IssueKind("month-after-year", "实际年月晚于填报年度",
                             "{what}“{value}”晚于填报年度{year}年，实际发生的日期不能在未来")
FINISH_BEFORE_START = IssueKind("finish-before-start", "竣工早于开工",
                                "实际竣工“{value}”早于实际开工“{start}”")
UNKNOWN_REGION = IssueKind("unknown-region", "未知区县", "区县“{value}”没有已导入的规划，无法对应任务或项目")
UNKNOWN_TASK = IssueKind("unknown-task", "未知任务", "任务编号“{value}”不在{region}的规划中")
UNKNOWN_PROJECT = IssueKind("unknown-project", "未知项目", "项目“{value}”不在{region}的规划项目表中")
UNKNOWN_FINANCE_ITEM = IssueKind("unknown-finance-item", "未知经费项目", "经费项目“{value}”无法识别")
OUTLIER_CHANGE = IssueKind("outlier-change", "年度变化异常",
                           "“{name}”{year}年为{value}，较{last_year}年的{last}变化{delta}，"
                           "超出按历年变化估计的合理范围（约{low}—{high}，{method}）", _W)
SUBROW_ABOVE_PARENT = IssueKind("subrow-above-parent", "分项大于所属指标",
                                "“{name}”为{value}，大于其所属指标“{parent}”的{parent_value}", _W)

STORED_VALUE_CHANGED = IssueKind(
    "stored-value-changed", "已存值已变化",
    "“{name}”{year}年库中现存{now}，与“已存值”列的“{value}”不符：模板下载后数据已被他人修改，或改动了“已存值”列；"
    "为免覆盖他人的修改，请下载新模板核对后重新填写")
STORED_VALUE_EDITED = IssueKind(
    "stored-value-edited", "改动了已存值列",
    "“已存值”列为“{value}”，库中{year}年现存{now}；该列只供核对，不会写入；要修改数值请填在“本年值”列", _W)

VALUE_OUT_OF_RANGE = IssueKind("value-out-of-range", "数值超出合理范围",
                               "{what}为{value}，超出合理范围（上限{limit}{unit}），请检查小数点和单位")

OTHER_REGION = IssueKind("other-region", "含有其他区县的数据",
                         "表中含有其他区县（{others}）的数据；本次上传只能导入{region}的数据")

ISSUE_KINDS: tuple[IssueKind, ...] = tuple(
    v for v in list(globals().values()) if isinstance(v, IssueKind))
