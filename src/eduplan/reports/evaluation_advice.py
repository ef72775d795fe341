"""Sections 六 to 八 of an evaluation report: inspection readiness, problems, next steps.

Problems and suggestions are generated from the off-track items of the payload (and of the
inspection results when given): each names the items and counts them from the data.
"""

from __future__ import annotations

from eduplan.core.evaluation.payload import EvaluationPayload
from eduplan.core.progress.rules import Status
from eduplan.reports import narrative as say
from eduplan.reports.evaluation_review import cause_sentence
from eduplan.reports.evaluation_sections import behind, delayed, distinct, failed_funding, overdue
from eduplan.reports.inspection_sections import InspectionReadiness, balance_blocks, preschool_blocks
from eduplan.reports.model import Block, Column, NumberFormat, Paragraph, Subheading, Table

FINDING_COLUMNS = (Column("序号", NumberFormat.INTEGER, 0.5), Column("问题类型", NumberFormat.TEXT, 1.5),
                   Column("说明", NumberFormat.TEXT, 5), Column("原文行号", NumberFormat.TEXT, 1))


#: Inspection items that measure what a catalog indicator measures, from another source (school records).
SAME_MEASURE = {"preschool.public_share": "preschool_public_share",
                "preschool.gross_enrolment_rate": "preschool_gross_enrolment_rate",
                "preschool.inclusive_coverage": "preschool_inclusive_rate"}


def readiness(inspection: InspectionReadiness | None, p: EvaluationPayload | None = None) -> list[Block]:
    """督导评估准备情况: 优质均衡 and 普及普惠 gaps (summaries; the detail is in the inspection report),
    and where a figure computed from the school records differs from the indicator's monitored value."""
    if inspection is None:
        return [Paragraph("本次评估未纳入学校统计数据，督导评估准备情况请另行生成督导评估准备情况报告。")]
    blocks: list[Block] = [Subheading("（一）义务教育优质均衡"), *balance_blocks(inspection, detail=False),
                           Subheading("（二）学前教育普及普惠"), *preschool_blocks(inspection, detail=False)]
    note = two_sources(inspection, p) if p is not None else ""
    return blocks + ([Paragraph(note, note=True)] if note else [])


def two_sources(inspection: InspectionReadiness, p: EvaluationPayload) -> str:
    """“公办园在园幼儿占比按2023年幼儿园统计数据逐园汇总为49.55%，与年度监测值54.32%口径不同……”."""
    by_id = {t.indicator_id: (t.latest_year, t.latest_value) for t in p.targets
             if t.indicator_id and t.latest_value is not None}
    items = inspection.preschool.items if inspection.preschool else ()
    parts = []
    for item in items:
        year, value = by_id.get(SAME_MEASURE.get(item.key, ""), (None, None))
        if value is None or item.value is None or round(item.value, 2) == round(value, 2):
            continue
        parts.append(f"{item.name}按{inspection.year}年幼儿园统计数据逐园汇总为{item.value:.2f}%，"
                     f"{year}年度监测值为{say.number(value, '%')}")
    if not parts:
        return ""
    return ("说明：" + "；".join(parts) + "。两者来源和口径不同，规划目标进展按年度监测值评估，督导评估达标情况按学校（幼儿园）统计数据测算。")


def problems(p: EvaluationPayload, inspection: InspectionReadiness | None) -> list[Block]:
    """七、存在的问题: off-track targets, overdue tasks, delayed projects, funding, gaps, the plan's findings."""
    items: list[str] = []
    late = distinct(behind(p.targets))
    if late:
        binding = [t for t in late if t.binding]
        worst = [t for t in late if t.status is Status.REGRESSING]
        items.append(f"部分指标进展滞后。{len(late)}项目标落后于预期进度"
                     + (f"，其中约束性指标{len(binding)}项（{say.join(say.quoted(t.name for t in binding))}）" if binding else "")
                     + f"，主要是{say.join(say.quoted(t.name for t in late), limit=6)}。"
                     + (f"其中{say.join(say.quoted(t.name for t in worst), limit=4)}较基期不升反降，"
                        "说明相关资源投入或政策措施未能扭转趋势；" if worst else "")
                     + "各责任单位报送的任务进展未说明这些指标滞后的原因，需逐项分析。")
    by_status = p.summary.by_status
    missing = by_status.get(Status.INSUFFICIENT, 0)
    if missing:
        items.append(f"监测数据不够完整。{missing}项目标缺少基期值或年度监测值，无法判断进展。")
    unmonitored = by_status.get(Status.UNMONITORED, 0)
    if unmonitored:
        items.append(f"部分规划承诺尚未纳入监测。{unmonitored}项规划文本中的目标没有年度数据来源，无法跟踪落实情况。")
    tasks = overdue(p.tasks)
    if tasks:
        units = sorted({u for t in tasks for u in t.units})
        items.append(f"部分重点任务逾期。{len(tasks)}项任务超过完成期限"
                     + (f"，涉及{say.join(units, limit=6, unit='个单位')}" if units else "") + "。"
                     + cause_sentence([t.progress for t in tasks], "责任单位"))
    projects = delayed(p.projects)
    if projects:
        items.append(f"部分建设项目进度滞后。{len(projects)}个项目晚于计划工期，"
                     f"主要是{say.join(say.quoted(r.name for r in projects), limit=5, unit='个')}。"
                     + cause_sentence([r.note for r in projects], "项目进展", "个"))
    for rule in failed_funding(p.funding):
        items.append(f"经费保障存在薄弱环节。{rule.message}")
    if inspection is not None and inspection.gap_count():
        items.append(f"督导评估仍有差距。优质均衡和普及普惠共有{inspection.gap_count()}个项目（含学校和幼儿园单项）未达标。")
    findings = p.findings
    if findings:
        kinds: dict[str, int] = {}
        for f in findings:
            kinds[f.title] = kinds.get(f.title, 0) + 1
        items.append(f"规划文本自身存在{len(findings)}处数据问题（{say.counts(kinds, unit='处')}），见下表。")
    if not items:
        items.append("评估未发现明显问题。")
    blocks: list[Block] = [Paragraph(text) for text in say.numbered(items)]
    if findings:
        blocks.append(Table("规划文本中的数据问题", FINDING_COLUMNS, tuple(
            (n, f.title, f.message, "、".join(str(x) for x in f.lines[:6]) or "—")
            for n, f in enumerate(findings, start=1)), sheet="规划文本问题"))
    return blocks


def suggestions(p: EvaluationPayload, inspection: InspectionReadiness | None) -> list[Block]:
    """八、下一步工作建议, one for each kind of off-track item."""
    items: list[str] = []
    late = behind(p.targets)
    worst = [t for t in late if t.status is Status.REGRESSING]
    education = owner(p, EDUCATION_UNITS, f"{p.region}教育行政部门", exact=True)
    if worst:
        items.append(f"扭转指标倒退趋势。针对{say.join(say.quoted(t.name for t in worst), limit=5)}出现倒退的情况，"
                     f"逐项分析原因，制定专项整改措施，明确时间节点。（责任单位：{education}）")
    slow = [t for t in late if t.status is not Status.REGRESSING]
    if slow:
        items.append(f"加快滞后指标进度。对{say.join(say.quoted(t.name for t in slow), limit=6)}，"
                     f"对照目标值倒排工期，在资源配置和政策上予以倾斜，确保规划期末实现目标。（责任单位：{education}）")
    missing, unmonitored = (p.summary.by_status.get(s, 0) for s in (Status.INSUFFICIENT, Status.UNMONITORED))
    if missing:
        items.append(f"健全监测数据采集。对{missing}项缺少数据的目标，"
                     f"明确数据来源和报送单位，按年度采集监测值，确保终期评估有据可依。（责任单位：{education}）")
    if unmonitored:
        items.append(f"将规划承诺纳入年度监测。对{unmonitored}项未纳入监测的文中目标，"
                     f"在年度数据采集表“文中目标”页逐年填报数值，或对应到指标目录中的指标。（责任单位：{education}）")
    tasks = overdue(p.tasks)
    if tasks:
        units = list(dict.fromkeys(u for t in tasks for u in t.units))
        items.append(f"督促逾期任务落实。{say.join(say.quoted(t.title for t in tasks), limit=5)}已超过完成期限，"
                     "建议责任单位说明原因、提出完成时限，纳入督查督办。"
                     f"（责任单位：{say.join(units, limit=6, unit='个单位') if units else education + '，并明确各任务的责任单位'}）")
    projects = delayed(p.projects)
    if projects:
        items.append(f"加快重大项目建设。对{say.join(say.quoted(r.name for r in projects), limit=5, unit='个')}"
                     "滞后项目，加快前期手续办理和资金拨付，确保如期建成投用、按时提供学位。"
                     f"（责任单位：{education}，{owner(p, ('发展改革', '住房', '规划'), '发展改革、住房城乡建设等部门')}配合）")
    bad = failed_funding(p.funding)
    if bad:
        items.append(f"落实经费保障责任。确保{say.join(say.quoted(f.title for f in bad))}，"
                     f"在年度预算中足额安排教育经费。（责任单位：{owner(p, ('财政',), '财政部门')}、{education}）")
    if inspection is not None and inspection.gap_count():
        items.append(f"补齐督导评估短板。对照优质均衡和普及普惠标准，按学校、按项目列出差距清单，逐项补足。（责任单位：{education}）")
    if p.findings:
        items.append(f"修订规划文本。核实并更正规划文本中的{len(p.findings)}处数据问题。（责任单位：{education}）")
    if not items:
        items.append("保持现有工作力度，持续做好规划实施的年度监测。")
    return [Paragraph(text) for text in say.numbered(items)]


#: The education authority as plans name it (not 区民宗委 or 区科委, which hold “委” too).
EDUCATION_UNITS = ("区教委", "县教委", "区教育局", "县教育局", "市教委", "市教育局", "教育委员会", "教育局")


def owner(p: EvaluationPayload, words: tuple[str, ...], fallback: str, *, exact: bool = False) -> str:
    """The plan's responsible units whose names hold one of `words` (区财政局 …; `exact`: are one of
    them or end with one), else `fallback`."""
    def fits(unit: str) -> bool:
        return unit.endswith(words) if exact else any(w in unit for w in words)

    names = [u.unit for u in p.units if fits(u.unit)]
    names += [u for t in p.tasks for u in t.units if fits(u) and u not in names]
    return say.join(list(dict.fromkeys(names)), limit=3, unit="个单位") or fallback
