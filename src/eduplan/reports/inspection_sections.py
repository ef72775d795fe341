"""Inspection readiness blocks (督导评估准备): 义务教育优质均衡 and 学前教育普及普惠, each gap shown.

`InspectionReadiness` gathers the core results for one region; the inspection report and
section 六 of the evaluation report are both drawn from it. Each inspection's blocks end with its
checklist (preconditions and 一票否决 items, as the bureau confirmed them): while one is
unconfirmed the text says readiness cannot be called 达标.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from eduplan.core.inspection.balance import ResourceAssessment
from eduplan.core.inspection.checklist import ChecklistEntry, checklist_note
from eduplan.core.inspection.items import ItemResult
from eduplan.core.inspection.preschool import PreschoolAssessment
from eduplan.reports import narrative as say
from eduplan.reports.model import Block, Cell, Chart, ChartSpec, Column, NumberFormat, Paragraph, Series, Table

T, A, P4 = NumberFormat.TEXT, NumberFormat.AUTO, NumberFormat.TWO
GAP_COLUMNS = (Column("学校/对象", T, 2.2), Column("项目", T, 2.4), Column("现值", A, 0.9), Column("标准", A, 0.8),
               Column("差距", A, 0.8), Column("差距单位", T, 0.9), Column("说明", T, 3.4))
CHECK_COLUMNS = (Column("类别", T, 0.9), Column("条目", T, 3.2), Column("状态", T, 0.8), Column("确认人", T, 1.0),
                 Column("确认时间（UTC）", T, 1.4), Column("说明", T, 2.4), Column("依据", T, 3.0))
CV_COLUMNS = (Column("学段", T, 0.8), Column("指标", T, 3), Column("差异系数", NumberFormat.TWO),
              Column("标准（不高于）", NumberFormat.TWO), Column("是否达标", T, 0.8))


@dataclass(frozen=True)
class InspectionReadiness:
    """A region's inspection results: 优质均衡 (resources, 政府保障, 教育质量) and 普及普惠."""

    region: str
    year: int | None = None
    balance: ResourceAssessment | None = None
    guarantee: tuple[ItemResult, ...] = ()
    quality: tuple[ItemResult, ...] = ()
    preschool: PreschoolAssessment | None = None
    simulated: bool = False
    checklist: tuple[ChecklistEntry, ...] = ()  # preconditions and 一票否决 items, as confirmed

    def failing_schools(self) -> list[tuple[str, ItemResult]]:
        """(school and section, item) for each resource item a failing school misses."""
        if self.balance is None:
            return []
        return [(f"{s.section.name}（{s.section.section}）", i) for s in self.balance.schools if not s.passed
                for i in s.items if i.met is False]

    def failing_kindergartens(self) -> list[tuple[str, ItemResult]]:
        """(kindergarten, item) for each item a kindergarten misses."""
        if self.preschool is None:
            return []
        return [(k.name, i) for k in self.preschool.kindergartens for i in k.items if i.met is False]

    def gap_count(self) -> int:
        """How many items fail, school and region items together."""
        failing = [i for i in (*self.guarantee, *self.quality, *(self.preschool.items if self.preschool else ()))
                   if i.met is False]
        return len(failing) + len(self.failing_schools()) + len(self.failing_kindergartens())


def gap_rows(items: Sequence[tuple[str, ItemResult]]) -> tuple[tuple[Cell, ...], ...]:
    """One table row per failing item: who, what, value, standard, gap and its unit, message."""
    return tuple((who, i.name, i.value, i.standard, i.gap, i.gap_unit or i.unit or "—", i.message or "—")
                 for who, i in items)


def balance_blocks(r: InspectionReadiness, *, detail: bool = True) -> list[Block]:
    """义务教育优质均衡: schools against the resource standards, CVs, 政府保障 and 教育质量 items."""
    blocks: list[Block] = []
    b = r.balance
    if b is None and not r.guarantee and not r.quality:
        return [*blocks, Paragraph("尚未采集学校统计数据，无法评估义务教育优质均衡准备情况。")]
    if b is not None:
        failed = [s for s in b.schools if not s.passed]
        blocks.append(Paragraph(
            f"参评学校（学段）{len(b.schools)}所，其中{len(b.schools) - len(failed)}所达到资源配置标准，"
            f"{len(failed)}所未达到" + (f"；另有{len(b.excluded)}所未纳入测算" if b.excluded else "") + "。"))
        cv_bad = [c for c in b.cvs if c.met is False]
        blocks.append(Paragraph(f"校际差异系数共测算{len(b.cvs)}项，" + (
            f"{len(cv_bad)}项超过标准：" + "；".join(
                f"{c.stage}{c.name}{say.number(c.dispersion.cv if c.dispersion else None)}（标准不高于{say.number(c.limit)}）"
                for c in cv_bad) if cv_bad else "均未超过标准") + "。"))
        if b.cvs:
            blocks.append(Table("校际差异系数", CV_COLUMNS, tuple(
                (c.stage, c.name, c.dispersion.cv if c.dispersion else None, c.limit,
                 "是" if c.met else "否" if c.met is False else "无法判断") for c in b.cvs), sheet="校际差异系数"))
        schools = r.failing_schools()
        if schools and detail:
            blocks.append(Table("资源配置未达标的学校及差距", GAP_COLUMNS, gap_rows(schools), sheet="资源配置差距"))
        if b.cvs:
            cvs = [c for c in b.cvs if c.dispersion and c.dispersion.cv is not None]
            blocks.append(Chart(ChartSpec("barh", "校际差异系数与标准", tuple(f"{c.stage}{c.name}" for c in cvs),
                                          (Series("差异系数", tuple(c.dispersion.cv for c in cvs if c.dispersion)),
                                           Series("标准", tuple(c.limit for c in cvs)))), "校际差异系数"))
    for title, items, sheet in (("政府保障程度", r.guarantee, "政府保障差距"), ("教育质量", r.quality, "教育质量差距")):
        if not items:
            continue
        bad = [i for i in items if i.met is False]
        unknown = sum(1 for i in items if i.met is None)
        blocks.append(Paragraph(f"{title}方面可量化的{len(items)}项中，{len(items) - len(bad) - unknown}项达标，"
                                f"{len(bad)}项未达标" + (f"，{unknown}项缺少数据" if unknown else "") + "。"))
        if bad:
            blocks.append(Table(f"{title}未达标项目及差距", GAP_COLUMNS, gap_rows([(i.subject, i) for i in bad]),
                                sheet=sheet))
    return [*blocks, *checklist_blocks(r, "balance", detail=detail)]


def checklist_blocks(r: InspectionReadiness, inspection: str, *, detail: bool = True) -> list[Block]:
    """The inspection's preconditions and 一票否决 items: how many are confirmed, and the list."""
    entries = [e for e in r.checklist if e.item.inspection == inspection]
    if not entries:
        return []
    done = sum(1 for e in entries if e.holds is True)
    blocks: list[Block] = [Paragraph(f"申请条件和一票否决条目共{len(entries)}项，经教育局确认符合{done}项。"
                                     + checklist_note(entries))]
    if detail:
        blocks.append(Table("申请条件与一票否决条目", CHECK_COLUMNS, tuple(
            (e.item.kind_label, e.item.statement, e.status,
             e.confirmation.confirmed_by if e.confirmation else "—",
             f"{e.confirmation.confirmed_at:%Y-%m-%d %H:%M}" if e.confirmation else "—",
             (e.confirmation.note or "—") if e.confirmation else "—", e.item.source or "—") for e in entries),
            sheet="申请条件与否决项" if inspection == "balance" else "普及普惠否决项"))
    return blocks


def preschool_blocks(r: InspectionReadiness, *, detail: bool = True) -> list[Block]:
    """学前教育普及普惠: the region items and the kindergartens' own gaps."""
    pre = r.preschool
    blocks: list[Block] = []
    if pre is None:
        return [*blocks, Paragraph("尚未采集幼儿园统计数据，无法评估学前教育普及普惠准备情况。")]
    bad = [i for i in pre.items if i.met is False]
    unknown = sum(1 for i in pre.items if i.met is None and i.standard is not None)
    blocks.append(Paragraph(f"普及普惠区级指标{len(pre.items)}项，{len(pre.items) - len(bad) - unknown}项达标，"
                            f"{len(bad)}项未达标" + (f"，{unknown}项缺少数据" if unknown else "") + "。"))
    if bad:
        blocks.append(Paragraph("未达标的指标：" + "；".join(i.message or i.name for i in bad) + "。"))
    blocks.append(Table("普及普惠区级指标", GAP_COLUMNS, gap_rows([(i.subject, i) for i in pre.items]),
                        sheet="普及普惠指标"))
    kgs = [k for k in pre.kindergartens if not k.passed]
    blocks.append(Paragraph(f"幼儿园{len(pre.kindergartens)}所，{len(kgs)}所存在未达标项目"
                            + (f"：{say.join([k.name for k in kgs], limit=8, unit='所')}" if kgs else "") + "。"))
    if kgs and detail:
        blocks.append(Table("未达标幼儿园及差距", GAP_COLUMNS, gap_rows(r.failing_kindergartens()), sheet="幼儿园差距"))
    return [*blocks, *checklist_blocks(r, "preschool", detail=detail)]
