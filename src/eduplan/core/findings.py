"""The catalogue of finding kinds: a stable snake_case code, a Chinese title and a message template.

Every check that reports a problem inside a plan builds its `Finding` through one entry
here, so the code, the title and the wording of a kind live in one place and the
catalogue can be rendered as documentation.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from eduplan.core.numbers import format_number
from eduplan.core.plan import Finding, Source


@dataclass(frozen=True)
class FindingKind:
    """One kind of finding: its stable code, title, message template and severity."""

    kind: str
    title: str
    template: str
    severity: str = "warning"

    def make(self, *, line: int | None, lines: Iterable[int] = (), **data: object) -> Finding:
        """A finding of this kind; numbers in `data` are formatted for the message."""
        shown = {k: format_number(v) if isinstance(v, (int, float)) and not isinstance(v, bool) else v
                 for k, v in data.items()}
        all_lines = sorted({n for n in (line, *lines) if n is not None})
        return Finding(kind=self.kind, message=self.template.format(**shown), source=Source(line=line),
                       lines=all_lines, severity=self.severity, data=dict(data))


SUM_MISMATCH = FindingKind(
    "sum_mismatch", "合计与分项之和不符",
    "{table}中“{column}”的“{label}”印为{printed}，但{scope}各行相加为{computed}（相差{diff}）")
INVESTMENT_OUTSIDE_PERIOD = FindingKind(
    "investment_outside_period", "年度投资超出建设年限",
    "项目“{name}”的建设年限为{start}—{end}年，但在{year}年安排了投资{amount}万元")
INVESTMENT_EXCEEDS_TOTAL = FindingKind(
    "investment_exceeds_total", "年度投资之和超过总投资",
    "项目“{name}”各年度投资合计{by_year}万元，超过计划总投资{total}万元（多出{diff}万元）")
PLACE_ARITHMETIC = FindingKind(
    "place_arithmetic", "学位测算不成立",
    "学位测算不成立：{detail}")
TEXT_SUM_MISMATCH = FindingKind(
    "text_sum_mismatch", "正文中的合计与分项之和不符",
    "正文中“{total_text}”为{printed}，但前文分项{parts}相加为{computed}（相差{diff}）")
SUBROW_EXCEEDS_PARENT = FindingKind(
    "subrow_exceeds_parent", "分项大于其所属指标",
    "指标“{child}”{year}年为{child_value}，大于其所属指标“{parent}”的{parent_value}")
SUBROWS_SUM_MISMATCH = FindingKind(
    "subrows_sum_mismatch", "分项之和与所属指标不符",
    "指标“{parent}”{year}年为{parent_value}，但其分项{children}相加为{computed}（相差{diff}）")
TARGET_WRONG_DIRECTION = FindingKind(
    "target_wrong_direction", "目标值与指标方向相反",
    "指标“{name}”应{expected}，但{target_year}年目标{target}{relation}{base_year}年基数{base}")
TARGET_INCONSISTENT = FindingKind(
    "target_inconsistent", "同一目标前后表述不一致",
    "指标“{name}”在表中目标为“{table_target}”（第{table_line}行），正文中为“{prose_target}”（第{prose_line}行）")

REGION_UNKNOWN = FindingKind(
    "region_unknown", "未能识别规划所属地区",
    "未能识别规划所属的行政区（{reason}）；请用 --region 指定，或在审核时选定",
    severity="error")

PLACE_TOTAL_MISMATCH = FindingKind(
    "place_total_mismatch", "学位测算中的合计与明细不符",
    "{name}印为{printed}，按明细计算为{computed}")
PLACES_GAP_OPEN = FindingKind(
    "places_gap_open", "学位缺口未能弥补",
    "{year}年{label}缺口{gap}个，已排项目不足以弥补")
PLACES_SURPLUS = FindingKind(
    "places_surplus", "新增学位超过缺口",
    "{year}年{label}新增学位后富余{surplus}个", severity="info")

TABLE_CELL_UNPLACED = FindingKind(
    "table_cell_unplaced", "表格单元格无法对应到列",
    "{table}第{row}行的“{cells}”无法确定所在的列（{reason}），未作为数值读入，请核对原表")

CATALOGUE: dict[str, FindingKind] = {k.kind: k for k in (
    SUM_MISMATCH, INVESTMENT_OUTSIDE_PERIOD, INVESTMENT_EXCEEDS_TOTAL, PLACE_ARITHMETIC, TEXT_SUM_MISMATCH,
    SUBROW_EXCEEDS_PARENT, SUBROWS_SUM_MISMATCH, TARGET_WRONG_DIRECTION, TARGET_INCONSISTENT,
    PLACE_TOTAL_MISMATCH, PLACES_GAP_OPEN, PLACES_SURPLUS, REGION_UNKNOWN, TABLE_CELL_UNPLACED,
)}


def finding_title(kind: str) -> str:
    """The Chinese title of a finding kind (the code itself when it is not catalogued)."""
    entry = CATALOGUE.get(kind)
    return entry.title if entry else kind
