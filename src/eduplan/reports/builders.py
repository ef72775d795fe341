"""Builders: domain data → `Report` (evaluation, municipal comparison, inspection readiness)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence

from eduplan.core.comparison import RegionComparison
from eduplan.core.evaluation.payload import EvaluationPayload
from eduplan.core.inspection.pass_plan import PassPlan
from eduplan.core.plan import EvaluationKind
from eduplan.core.simulated import SimulatedParts
from eduplan.reports import evaluation_advice as advice
from eduplan.reports import evaluation_review as review
from eduplan.reports import evaluation_sections as ev
from eduplan.reports import narrative as say
from eduplan.reports.datasets import comparison_dataset, evaluation_datasets
from eduplan.reports.inspection_sections import InspectionReadiness, balance_blocks, preschool_blocks
from eduplan.reports.model import (
    Block,
    Chart,
    ChartSpec,
    Column,
    NumberFormat,
    Paragraph,
    Report,
    Section,
    Series,
    Subheading,
    Table,
    chinese_ordinal,
    number_captions,
)
from eduplan.reports.pass_plan_sections import pass_plan_blocks
from eduplan.reports.simulated import mark_simulated

EVALUATION_HEADINGS = ("评估依据和方法", "总体评价", "主要指标完成情况", "重点任务推进情况", "重大项目建设情况",
                       "经费保障情况", "督导评估准备情况", "存在的问题及原因", "下一步工作建议")
ADJUSTMENT_HEADING = "规划目标调整建议"  # mid-term only


#: Provinces whose districts' and counties' education bureaus are 教育委员会 (重庆, 北京); elsewhere 教育局.
COMMISSION_PROVINCES = ("50", "11")
#: Province-level bodies by province code: the municipalities' 教育委员会, elsewhere 教育厅.
PROVINCE_COMMISSIONS = ("11", "12", "31", "50")


def default_issuer(region: str, *, full_name: str | None = None, code: str | None = None,
                   level: str | None = None) -> str:
    """The education authority of a region by its full name: “重庆市南川区教育委员会”,
    “福建省漳州市平和县教育局”, “四川省教育厅” (without a code: “<名称>教育委员会”)."""
    name = full_name or region
    if not code:
        return f"{name}教育委员会"
    province = code[:2]
    if level == "province":
        return f"{name}{'教育委员会' if province in PROVINCE_COMMISSIONS else '教育厅'}"
    return f"{name}{'教育委员会' if province in COMMISSION_PROVINCES else '教育局'}"


def numbered_sections(parts: Sequence[tuple[str, Sequence[Block]]]) -> tuple[Section, ...]:
    """Sections headed “一、…”, “二、…” in order, their tables and charts numbered 表1…, 图1… in order."""
    return number_captions(tuple(Section(f"{chinese_ordinal(n)}、{title}", tuple(blocks)) for n, (title, blocks) in
                                 enumerate(parts, start=1)))


def evaluation_report(
    payload: EvaluationPayload, *, issuer: str | None = None, date: dt.date | None = None,
    simulated: bool | None = None, inspection: InspectionReadiness | None = None,
    parts: SimulatedParts | None = None,
    areas: Mapping[str, str] | None = None, addressee: str = "", annotation: str = "",
    evaluation_id: int | None = None,
) -> Report:
    """The evaluation report from an evaluation payload (a stored one read by `EvaluationPayload.from_dict`):
    basis and method, verdict, targets, tasks by area (`areas`: the plan's headings by number), projects,
    funding, inspections, problems and causes, recommendations, and at mid-term the target adjustments.

    Which sections are 模拟数据: `parts`, else the payload's own record of it; `simulated` marks all."""
    p = payload
    label = p.kind_label if p.kind is not EvaluationKind.ANNUAL else f"{p.year}年度评估"
    found = parts or p.simulated or SimulatedParts()
    if simulated:
        found = SimulatedParts(True, True, True, True, found.schools)
    schools = bool(inspection and inspection.simulated)
    bodies = (review.basis(p), mark_simulated([*review.verdict(p), *ev.overview(p)], found.any),
              mark_simulated(ev.indicators(p), found.targets, "监测值"),
              mark_simulated(ev.tasks(p, review.achievements(p, areas or {})), found.tasks, "任务进展"),
              mark_simulated(ev.projects(p), found.projects, "项目进展"),
              mark_simulated(ev.funding(p), found.funding, "经费数据"),
              mark_simulated(advice.readiness(inspection, p), schools, "学校统计数据"),
              advice.problems(p, inspection), advice.suggestions(p, inspection))
    sections = list(zip(EVALUATION_HEADINGS, bodies))
    if p.kind is EvaluationKind.MIDTERM:
        sections.append((ADJUSTMENT_HEADING, mark_simulated(review.adjustments(p), found.targets, "监测值")))
    return Report(
        title=f"《{p.plan_title}》{label}报告", issuer=issuer or default_issuer(p.region),
        date=date or p.as_of,
        simulated=found.any or schools,
        sections=numbered_sections(sections),
        subtitle=f"（评估时点：{p.as_of.year}年12月31日）", addressee=addressee, annotation=annotation,
        datasets=evaluation_datasets(p, evaluation_id=evaluation_id, areas=areas),
    )


# ---------------------------------------------------------------- municipal comparison

COMPARISON_COLUMNS = (Column("排名", NumberFormat.INTEGER, 0.5), Column("区县", NumberFormat.TEXT, 1),
                      Column("数值", NumberFormat.AUTO), Column("规划目标", NumberFormat.TEXT, 0.8),
                      Column("目标年份", NumberFormat.YEAR, 0.7), Column("基期值", NumberFormat.AUTO),
                      Column("进展状态", NumberFormat.TEXT, 0.9), Column("预测判断", NumberFormat.TEXT, 0.9),
                      Column("数据来源", NumberFormat.TEXT, 1.2))


def comparison_report(comparisons: Sequence[RegionComparison], *, year: int, issuer: str = "市教育委员会",
                      date: dt.date | None = None, simulated: bool | None = None, addressee: str = "",
                      annotation: str = "") -> Report:
    """All regions compared on the catalog indicators: the regions' standing, a region × indicator
    matrix, then one subsection, table and chart per indicator."""
    shown = [c for c in comparisons if c.reported]
    regions = sorted({r.region for c in shown for r in c.rows})
    behind = sorted({r.region for c in shown for r in c.rows if r.status in say.BEHIND})
    summary: list[Block] = [Paragraph(f"本报告对{len(regions)}个区县（{say.join(regions)}）{year}年的{len(shown)}项目录指标进行横向比较，"
                         "排名按指标方向（越高越好或越低越好）确定，并列的排名相同；进展状态按各区县本区规划目标测算。")]
    if behind:
        summary.append(Paragraph(f"有指标落后于本区规划预期进度的区县：{say.join(behind)}。"))
    summary += standing(shown, regions)
    if len(shown) < len(comparisons):
        summary.append(Paragraph(f"另有{len(comparisons) - len(shown)}项指标{year}年无任何区县报送数据，未列入比较。", note=True))
    body: list[Block] = []
    for n, c in enumerate(shown, start=1):
        body += _comparison_blocks(n, c)
    flag = any(r.simulated for c in shown for r in c.rows) if simulated is None else simulated
    return Report(f"{year}年各区县教育事业发展规划主要指标比较报告", issuer, date or dt.date(year, 12, 31), flag,
                  numbered_sections([("总体情况", summary), ("区县主要指标对照", matrix(shown, regions)),
                                     ("分指标比较", body)]), addressee=addressee, annotation=annotation,
                  datasets=(comparison_dataset(shown),))


STANDING_COLUMNS = (Column("区县", NumberFormat.TEXT, 1.2), Column("报送指标数", NumberFormat.INTEGER, 0.8),
                    Column("排名第一的指标数", NumberFormat.INTEGER, 0.9), Column("排名末位的指标数", NumberFormat.INTEGER, 0.9),
                    Column("落后于规划进度的指标数", NumberFormat.INTEGER, 1), Column("落后的指标", NumberFormat.TEXT, 3))
MATRIX_WIDTH = 5  # indicators per matrix table (an A4 page's width)


def standing(shown: Sequence[RegionComparison], regions: Sequence[str]) -> list[Block]:
    """Each region's standing across the indicators: first and last ranks, indicators behind its plan."""
    rows = []
    for region in regions:
        mine = [(c, r) for c in shown for r in c.rows if r.region == region and r.value is not None]
        first = sum(1 for c, r in mine if r.rank == 1 and c.reported > 1)
        last = sum(1 for c, r in mine if r.rank is not None and c.reported > 1 and r.rank == max(
            x.rank for x in c.rows if x.rank is not None) and r.rank != 1)
        late = [c.name for c, r in mine if r.status in say.BEHIND]
        rows.append((region, len(mine), first, last, len(late), "、".join(late) or "—"))
    if not rows:
        return []
    return [Table("各区县指标排名和进展概况", STANDING_COLUMNS, tuple(rows), sheet="区县概况")]


def matrix(shown: Sequence[RegionComparison], regions: Sequence[str]) -> list[Block]:
    """Region × indicator tables of the year's values, a few indicators per table."""
    blocks: list[Block] = [Paragraph("各区县各项指标的数值对照如下（“—”为未报送）。")]
    for start in range(0, len(shown), MATRIX_WIDTH):
        group = shown[start:start + MATRIX_WIDTH]
        columns = (Column("区县", NumberFormat.TEXT, 1.2), *(Column(_label(c), NumberFormat.AUTO, 1) for c in group))
        values = {(r.region, c.indicator_id): r.value for c in group for r in c.rows}
        rows = tuple((region, *(values.get((region, c.indicator_id)) for c in group)) for region in regions)
        blocks.append(Table(f"各区县主要指标对照（{start + 1}—{start + len(group)}）", columns, rows,
                            sheet=f"指标对照{start // MATRIX_WIDTH + 1}"))
    return blocks


def _label(c: RegionComparison) -> str:
    return f"{c.name}（{c.unit}）" if c.unit else c.name


def extremes(c: RegionComparison) -> str:
    """Who is best and worst (or highest and lowest) on the indicator, ties named together; a single
    region or equal values are said as such, never as both best and worst."""
    unit = c.unit or ""
    reported = [r for r in c.rows if r.value is not None]
    if len(reported) == 1:
        return f"仅{reported[0].region}报送数据（{say.number(reported[0].value, unit)}）"
    if len({r.value for r in reported}) == 1:
        return f"各区县均为{say.number(reported[0].value, unit)}"
    ranked = all(r.rank is not None for r in reported)
    if ranked:
        top, bottom = min(r.rank for r in reported), max(r.rank for r in reported)  # type: ignore[type-var]
        best = [r for r in reported if r.rank == top]
        worst = [r for r in reported if r.rank == bottom]
        words = ("最好的", "最差的")
    else:
        high, low = max(r.value for r in reported), min(r.value for r in reported)  # type: ignore[type-var]
        best = [r for r in reported if r.value == high]
        worst = [r for r in reported if r.value == low]
        words = ("最高的", "最低的")
    return (f"{words[0]}是{say.join([r.region for r in best])}（{say.number(best[0].value, unit)}），"
            f"{words[1]}是{say.join([r.region for r in worst])}（{say.number(worst[0].value, unit)}）")


def _comparison_blocks(n: int, c: RegionComparison) -> list[Block]:
    unit = c.unit or ""
    reported = [r for r in c.rows if r.value is not None]
    text = (f"{c.year}年有{c.reported}个区县报送数据，平均值{say.number(c.mean, unit)}（{c.direction_label}），"
            f"{extremes(c)}。")
    late = [r.region for r in c.rows if r.status in say.BEHIND]
    if late:
        text += f"落后于本区规划预期进度的有{say.join(late)}。"
    rows = tuple((r.rank, r.region, r.value, r.target or "—", r.target_year, r.baseline,
                  r.status.value if r.status else "—", r.likelihood.value if r.likelihood else "—",
                  ("模拟数据" if r.simulated else r.source) or "—") for r in c.rows)
    name = _label(c)
    return [Subheading(f"（{chinese_ordinal(n)}）{name}"), *mark_simulated([Paragraph(text),
            Table(f"{name}各区县比较", COMPARISON_COLUMNS, rows, sheet=c.name),
            Chart(ChartSpec("bar", f"{c.name}（{c.year}年）", tuple(r.region for r in reported),
                            (Series(c.name, tuple(r.value for r in reported)),), unit=unit), f"{name}各区县比较")],
            any(r.simulated for r in c.rows), "监测值")]


# ---------------------------------------------------------------- inspection readiness


def inspection_report(readiness: InspectionReadiness, *, issuer: str | None = None,
                      date: dt.date | None = None, pass_plan: PassPlan | None = None) -> Report:
    """One region's readiness for the 优质均衡 and 普及普惠 inspections: failing schools and items with gaps."""
    r = readiness
    gaps = r.gap_count()
    year = f"{r.year}年" if r.year else ""
    overview = [Paragraph(f"本报告依据{year}学校（幼儿园）统计数据，对照义务教育优质均衡发展和学前教育普及普惠督导评估标准，"
                          f"逐校、逐项测算{r.region}的达标情况和差距。共有{gaps}个项目（含学校和幼儿园单项）未达标。")]
    fixes = [Paragraph(text) for text in say.numbered(_inspection_fixes(r))]
    return Report(f"{r.region}义务教育优质均衡和学前教育普及普惠督导评估准备情况报告", issuer or default_issuer(r.region),
                  date or (dt.date(r.year, 12, 31) if r.year else dt.date.today()), r.simulated,
                  numbered_sections([("总体情况", overview),
                                     ("义务教育优质均衡", mark_simulated(balance_blocks(r), r.simulated, "学校统计数据")),
                                     ("学前教育普及普惠", mark_simulated(preschool_blocks(r), r.simulated, "学校统计数据")),
                                     ("整改建议", fixes),
                                     *([(f"附：{pass_plan.deadline}年优质均衡达标方案（最低成本测算）",
                                         mark_simulated(pass_plan_blocks(pass_plan), pass_plan.simulated,
                                                        "学校统计数据"))] if pass_plan else [])]))


def _inspection_fixes(r: InspectionReadiness) -> list[str]:
    out: list[str] = []
    schools = sorted({who for who, _ in r.failing_schools()})
    if schools:
        out.append(f"补足学校资源配置。{say.join(schools, limit=6, unit='所')}资源配置未达标，按差距清单补充教师、校舍和设备。")
    bad_cv = [c for c in (r.balance.cvs if r.balance else ()) if c.met is False]
    if bad_cv:
        out.append(f"缩小校际差距。{say.join([c.stage + c.name for c in bad_cv])}的差异系数超标，向薄弱学校倾斜配置资源。")
    gov = [i for i in (*r.guarantee, *r.quality) if i.met is False]
    if gov:
        out.append(f"落实政府保障和质量要求。{say.join(sorted({i.name for i in gov}), limit=6)}未达标，逐项明确责任单位和完成时限。")
    kgs = sorted({who for who, _ in r.failing_kindergartens()})
    pre = [i for i in (r.preschool.items if r.preschool else ()) if i.met is False]
    if pre or kgs:
        out.append(f"推进学前教育普及普惠。{say.join([i.name for i in pre], limit=5)}"
                   + ("未达标；" if pre else "") + (f"{len(kgs)}所幼儿园存在未达标项目，" if kgs else "")
                   + "按标准补足学位、师资和园舍。")
    return out or ["各项已达标，保持现有投入，做好迎接督导评估的资料准备。"]


def pass_plan_report(plan: PassPlan, *, issuer: str, date: dt.date | None = None) -> Report:
    """The 优质均衡 pass plan as a report of its own."""
    return Report(f"{plan.region}义务教育优质均衡达标方案（{plan.deadline}年）", issuer, date or dt.date.today(),
                  plan.simulated, numbered_sections([("达标方案", mark_simulated(pass_plan_blocks(plan), plan.simulated,
                                                                                 "学校统计数据"))]))
