"""The sections of an evaluation report (一 to 八), one function each, from the typed payload.

A stored evaluation is read once with `EvaluationPayload.from_dict` (whichever version stored it),
so a report can be built from it without rebuilding it. Every number shown is read from it; statuses
are compared as their enums, and a status is shown as its enum's value, the Chinese label core gives.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Sequence
from typing import Any

from eduplan.core.evaluation.payload import EvaluationPayload, FundingResult, TargetResult
from eduplan.core.progress.rules import GRADED, Status
from eduplan.core.tracking.projects import Phase, ProjectTracking, Schedule
from eduplan.core.tracking.tasks import DeadlineState, TaskStatus, UnitSummary
from eduplan.reports import narrative as say
from eduplan.reports.model import Block, Chart, ChartSpec, Column, NumberFormat, Paragraph, Series, Table

#: Graded statuses worst first (the targets behind are listed in this order).
WORST_FIRST: tuple[Status, ...] = tuple(reversed(GRADED))
#: How a sentence says two deadline states (the others as their labels).
STATE_WORDS: dict[str, str] = {DeadlineState.NORMAL: "正常推进", DeadlineState.DUE_SOON: "临近期限"}
T, A, I, O, P2, PC, Y = (NumberFormat.TEXT, NumberFormat.AUTO, NumberFormat.INTEGER, NumberFormat.ONE,
                         NumberFormat.TWO, NumberFormat.PERCENT, NumberFormat.YEAR)
_NUMBER = re.compile(r"-?\d+(?:\.\d+)?")


def judged(targets: Sequence[TargetResult]) -> list[TargetResult]:
    """Targets with a graded status (not 数据不足/不适用/预期规模/未纳入监测), binding first, then in plan
    order; a commitment restated under the same name, value and year is listed once."""
    rows = distinct([t for t in targets if t.status not in say.UNGRADED])
    return sorted(rows, key=lambda t: not t.binding)


def distinct(targets: Sequence[TargetResult]) -> list[TargetResult]:
    """The targets without repeats of one name, target and year (the first kept)."""
    seen: set[tuple[object, ...]] = set()
    out = []
    for t in targets:
        key = (t.name, t.target, t.target_year)
        if key not in seen:
            seen.add(key)
            out.append(t)
    return out


def behind(targets: Sequence[TargetResult]) -> list[TargetResult]:
    """Targets behind their trajectory, worst first (binding first within a status)."""
    rows = [t for t in targets if t.status in say.BEHIND]
    return sorted(rows, key=lambda t: (WORST_FIRST.index(t.status), not t.binding))


def overdue(tasks: Sequence[TaskStatus]) -> list[TaskStatus]:
    """Tasks past their deadline, most overdue first."""
    return sorted((t for t in tasks if t.state is DeadlineState.OVERDUE), key=lambda t: t.days_left or 0)


def delayed(projects: Sequence[ProjectTracking]) -> list[ProjectTracking]:
    """Projects behind schedule, longest delay first."""
    rows = [p for p in projects if p.schedule is Schedule.DELAYED]
    return sorted(rows, key=lambda p: -(p.finish_delay or p.start_delay or 0))


def failed_funding(funding: Sequence[FundingResult]) -> list[FundingResult]:
    """Funding rules not met."""
    return [f for f in funding if f.passed is False]


# ---------------------------------------------------------------- 一、总体情况


def overview(p: EvaluationPayload) -> list[Block]:
    """Scope of the evaluation and the headline counts, binding targets first."""
    s, targets = p.summary, p.targets
    blocks: list[Block] = []
    binding = [t for t in targets if t.binding]
    for label, rows in (("约束性指标", binding), ("预期性及其他目标", [t for t in targets if not t.binding])):
        if rows:
            blocks.append(Paragraph(say.target_status_sentence(len(rows), _by_status(rows), subject=label)))
    if p.tasks:
        blocks.append(Paragraph(f"重点任务中，{say.counts(s.tasks_by_state, labels=STATE_WORDS)}。"))
    if p.projects:
        blocks.append(Paragraph(f"建设项目中，{say.counts(s.projects_by_schedule, unit='个')}。"))
    if p.funding:
        blocks.append(Paragraph(f"经费保障要求中，{say.counts(s.funding)}。"))
    counts = _by_status(targets)
    unmonitored = counts.pop(Status.UNMONITORED)
    caption = "目标进展状态分布" + (f"（另有{unmonitored}项未纳入监测，未计入）" if unmonitored else "")
    blocks.append(Chart(ChartSpec("bar", "目标进展状态分布", tuple(counts), (Series("目标数", tuple(
        float(v) for v in counts.values())),), unit="项"), caption))
    return blocks


def _by_status(rows: Sequence[TargetResult]) -> dict[str, int]:
    """Counts by status label, every status in its order (the charted ones, then 未纳入监测)."""
    return {s.value: sum(1 for t in rows if t.status is s) for s in Status}


# ---------------------------------------------------------------- 二、主要指标完成情况

TARGET_COLUMNS = (Column("序号", I, 0.6), Column("指标", T, 3), Column("属性", T, 0.9, printed=False),
                  Column("单位", T, 0.7), Column("基期年份", Y, 0.8, printed=False), Column("基期值", A),
                  Column("监测年份", Y, 0.8), Column("最新值", A), Column("目标值", T, 0.9),
                  Column("目标年份", Y, 0.8), Column("进展状态", T, 1),
                  Column("实际/所需年均变化", P2, 0.8, printed=False), Column("目标年预测值", A),
                  Column("预测判断", T, 1, printed=False))


def indicators(p: EvaluationPayload) -> list[Block]:
    """The table of assessed targets with its charts, the targets behind, the targets without data."""
    rows = judged(p.targets)
    missing = distinct([t for t in p.targets if t.status is Status.INSUFFICIENT])
    blocks: list[Block] = [Paragraph(
        f"对有监测数据的{len(rows)}项目标，比较基期以来的实际年均变化与实现目标所需的年均变化："
        "最新值已达到目标的为已达成；实际变化达到所需的95%及以上为进展顺利，60%至95%为需加快，"
        "不足60%为进展缓慢，与目标方向相反为倒退；基期已达到、只需保持的目标，以最新年度是否达到目标为准。")]
    table_rows = tuple((n, t.name, t.attribute or "—", t.unit or "—", t.baseline_year, t.baseline,
                        t.latest_year, t.latest_value, t.target, t.target_year, t.status.value, t.ratio,
                        t.forecast, t.likelihood.value) for n, t in enumerate(rows, start=1))
    blocks.append(Table("主要指标完成情况", TARGET_COLUMNS, table_rows, sheet="主要指标完成情况"))
    blocks += _indicator_charts(rows)
    late = distinct(behind(p.targets))
    if late:
        items = [f"“{t.name}”{t.status.value}（{t.latest_year}年为{say.number(t.latest_value, t.unit)}，"
                 f"按预期进度应为{say.number(t.expected, t.unit)}）" for t in late]
        blocks.append(Paragraph(f"落后于预期进度的指标有{len(late)}项：{'；'.join(items)}。"))
    else:
        blocks.append(Paragraph("有监测数据的目标均达到或好于预期进度。"))
    scale = distinct([t for t in p.targets if t.status is Status.SCALE])
    if scale:
        items = [f"“{t.name}”{t.latest_year}年为{say.number(t.latest_value, t.unit)}，"
                 f"规划预期{t.target_year}年为{say.target_phrase(t.target, t.unit)}" for t in scale]
        blocks.append(Paragraph(f"规模预期指标{len(scale)}项，随学龄人口变化，对照规划预期展示、不评定进展："
                                f"{'；'.join(items)}。"))
    if missing:
        blocks.append(Paragraph(f"另有{len(missing)}项目标缺少监测数据，暂无法判断进展："
                                f"{say.join(say.quoted(t.name for t in missing), limit=10)}。", note=True))
    return blocks


def _indicator_charts(rows: Sequence[TargetResult]) -> list[Block]:
    """Progress ratios of the assessed targets; baseline, latest and target of the rate indicators."""
    ratios = [(t, t.ratio) for t in rows if t.ratio is not None][:25]
    charts: list[Block] = []
    if ratios:
        charts.append(Chart(ChartSpec("barh", "实际年均变化与所需年均变化之比", tuple(_short(t.name) for t, _ in ratios),
                                      (Series("实际/所需", tuple(_clip(r) for _, r in ratios)),),
                                      reference=((0.95, "进展顺利线0.95"), (0.60, "需加快线0.60"))),
                            "主要指标实际年均变化与所需年均变化之比（超出±3的按±3绘制）"))
    rates = [t for t in rows if t.unit == "%" and target_number(t.target) is not None][:10]
    if rates:
        charts.append(Chart(ChartSpec("bar", "比率类指标：基期值、最新值与目标值", tuple(_short(t.name, 8) for t in rates), (
            Series("基期值", tuple(t.baseline for t in rates)),
            Series("最新值", tuple(t.latest_value for t in rates)),
            Series("目标值", tuple(target_number(t.target) for t in rates))), unit="%"),
            "比率类指标基期值、最新值与目标值"))
    return charts


def target_number(text: str) -> float | None:
    """The (first) number of a target text: “≥93” → 93."""
    m = _NUMBER.search(text or "")
    return float(m.group()) if m else None


def _clip(x: float) -> float:
    return max(min(x, 3.0), -3.0)


def _short(name: str, size: int = 16) -> str:
    return name if len(name) <= size else name[: size - 1] + "…"


# ---------------------------------------------------------------- 三、重点任务推进情况

#: A unit's count of tasks in each deadline state.
UNIT_STATES: tuple[tuple[DeadlineState, Callable[[UnitSummary], int]], ...] = (
    (DeadlineState.DONE, lambda u: u.done), (DeadlineState.NORMAL, lambda u: u.normal),
    (DeadlineState.DUE_SOON, lambda u: u.due_soon), (DeadlineState.OVERDUE, lambda u: u.overdue))
UNIT_COLUMNS = (Column("责任单位", T, 3), Column("任务数", I), *(Column(state.value, I) for state, _ in UNIT_STATES),
                Column("已报告", I), Column("平均完成进度（%）", O, 1.2))
TASK_COLUMNS = (Column("编号", T, 0.7), Column("任务", T, 3), Column("责任单位", T, 2), Column("截止日期", T, 1.1),
                Column("状态", T, 0.7), Column("逾期/剩余天数", I, 0.9), Column("完成进度（%）", O, 0.9),
                Column("最新进展", T, 3))


def tasks(p: EvaluationPayload, by_area: Sequence[Block] = ()) -> list[Block]:
    """The counts, progress by task area (`by_area`: `evaluation_review.achievements`), then by unit;
    the overdue and the falling due."""
    s, rows, units = p.summary.tasks_by_state, p.tasks, p.units
    if not rows:
        return [Paragraph("规划未列出可跟踪的重点任务。")]
    reported = sum(1 for t in rows if t.progress)
    blocks: list[Block] = [Paragraph(
        f"规划共列重点任务{len(rows)}项，{reported}项报送了进展" + (f"、{len(rows) - reported}项未报送" if reported < len(rows) else "")
        + f"。截至评估时点，{say.counts(s, labels=STATE_WORDS)}。"
        + ("分领域推进情况如下。" if by_area else ""))]
    blocks += by_area
    if units:
        blocks.append(Paragraph(f"各责任单位牵头或参与的任务推进情况见下表，其中逾期任务涉及"
                                f"{sum(1 for u in units if u.overdue)}个单位。"))
        blocks.append(Table("各责任单位任务推进情况", UNIT_COLUMNS, tuple(
            (u.unit, u.total, *(count(u) for _, count in UNIT_STATES), u.reported, u.mean_percent) for u in units),
            sheet="责任单位任务推进"))
        top = sorted(units, key=lambda u: -u.total)[:15]
        blocks.append(Chart(ChartSpec("stacked", "各责任单位任务状态（任务数前15位）", tuple(u.unit for u in top), tuple(
            Series(state.value, tuple(float(count(u)) for u in top)) for state, count in UNIT_STATES), unit="项"),
            "各责任单位任务状态"))
    else:
        blocks.append(Paragraph("规划未明确各项任务的责任单位，以上按任务统计。", note=True))
    late = overdue(rows)
    soon = [t for t in rows if t.state is DeadlineState.DUE_SOON]
    if late:
        names = [f"“{t.title}”（{_units(t)}，截止{t.deadline}，逾期{-(t.days_left or 0)}天，"
                 f"{_done(t)}）" for t in late]
        blocks.append(Paragraph(f"逾期任务{len(late)}项：{'；'.join(names)}。"))
    else:
        blocks.append(Paragraph("截至评估时点，没有超过完成时限的任务。"))
    claimed = [t for t in rows if t.state is not DeadlineState.OVERDUE and t.progress and _LATE_CLAIM.search(t.progress)]
    if claimed:
        end = claimed[0].deadline or "规划期末"
        blocks.append(Paragraph(
            f"另有{len(claimed)}项任务的进展报告称已到或超过完成时限（{say.join(say.quoted(t.title for t in claimed), limit=5)}），"
            f"但规划未明确其完成时限，本次评估按{end}计，未列为逾期；建议责任单位明确完成时限后按期跟踪。"))
    if soon:
        blocks.append(Paragraph(f"临近期限的任务{len(soon)}项：{say.join(say.quoted(t.title for t in soon), limit=10)}。"))
    if late or soon:
        blocks.append(Table("逾期及临近期限的任务", TASK_COLUMNS, tuple(
            (t.task_id, t.title, _units(t), t.deadline.isoformat() if t.deadline else None, t.state.value,
             t.days_left, t.percent, t.progress or "未报送") for t in [*late, *soon]), sheet="逾期及临近任务"))
    return blocks


_LATE_CLAIM = re.compile(r"(超过|已到)完成时限|已逾期")


def _done(task: TaskStatus) -> str:
    return "未报送进展" if task.percent is None else f"完成{say.number(task.percent, '%')}"


def _units(task: TaskStatus) -> str:
    return "、".join(task.units) if task.units else "未明确责任单位"


# ---------------------------------------------------------------- 四、重大项目建设情况

PROJECT_COLUMNS = (Column("序号", I, 0.6), Column("项目名称", T, 3), Column("建设状态", T, 0.8), Column("工期", T, 0.8),
                   Column("计划完工", T, 0.9), Column("完工滞后（月）", I, 0.8), Column("总投资（万元）", A, printed=False),
                   Column("计划投资至今（万元）", A), Column("完成投资（万元）", A), Column("投资执行率", PC, 0.9),
                   Column("计划学位", I, 0.8), Column("已交付学位", I, 0.8))


def projects(p: EvaluationPayload) -> list[Block]:
    """Schedule, investment execution and places of the plan's construction projects."""
    rows, year = p.projects, p.year
    if not rows:
        return [Paragraph("规划未列出建设项目，或建设项目表未能识别。")]
    phases = {k.value: sum(1 for r in rows if r.phase is k) for k in (Phase.FINISHED, Phase.UNDER_WAY, Phase.NOT_STARTED)}
    blocks: list[Block] = [Paragraph(
        f"规划安排建设项目{len(rows)}个，截至{year}年底{say.counts(phases, unit='个')}；对照计划工期，"
        f"{say.counts(p.summary.projects_by_schedule, unit='个')}。")]
    priced = [r for r in rows if _priced(r)]
    planned = sum(r.planned_to_date or 0 for r in priced)
    spent = sum(r.spent_to_date or 0 for r in rows)
    money = f"截至{year}年，各项目累计完成投资{say.number(spent, '万元')}"
    if planned:
        money += (f"；规划列明投资安排的{len(priced)}个项目同期计划投资{say.number(planned, '万元')}，"
                  f"完成{say.number(sum(r.spent_to_date or 0 for r in priced), '万元')}，"
                  f"为计划的{say.percent(sum(r.spent_to_date or 0 for r in priced) / planned)}")
    if len(priced) < len(rows):
        money += f"；{len(rows) - len(priced)}个项目规划未列投资，不计算执行率"
    blocks.append(Paragraph(money + "。"))
    if p.places and any(r.places_planned for r in rows):
        last = p.places[-1]
        blocks.append(Paragraph(f"学位建设方面，截至{last.year}年计划新增学位{say.number(last.planned_to_date)}个，"
                                f"已交付{say.number(last.delivered_to_date)}个。"))
    else:
        blocks.append(Paragraph("规划项目表未列各项目新增学位数，学位建设进度无法评估。"))
    late = delayed(rows)
    if late:
        items = [f"“{r.name}”（{_delay(r)}）" for r in late[:10]]
        more = f"等{len(late)}个" if len(late) > 10 else f"共{len(late)}个"
        blocks.append(Paragraph(f"进度滞后的项目有{'、'.join(items)}{more}。"))
    columns = PROJECT_COLUMNS if priced else tuple(  # no plan figure at all: the column is left out of print
        dataclasses.replace(c, printed=False) if c.title.startswith(("计划投资", "投资执行率")) else c
        for c in PROJECT_COLUMNS)
    blocks.append(Table("建设项目推进情况", columns, tuple(
        (n, r.name, r.phase.value, r.schedule.value, r.planned_finish or UNLISTED, r.finish_delay,
         r.investment_total if r.investment_total is not None else UNLISTED,
         r.planned_to_date if _priced(r) else UNLISTED, r.spent_to_date, r.execution_rate,
         r.places_planned if r.places_planned is not None else UNLISTED,
         r.places_delivered if r.places_planned is not None else (r.places_delivered or "—"))
        for n, r in enumerate(rows, start=1)), sheet="建设项目"))
    blocks += _project_charts(p)
    return blocks


UNLISTED = "规划未列"  # what the plan does not give is not a zero


def _priced(project: ProjectTracking) -> bool:
    """Whether the plan gives the project's investment (a total or a yearly plan)."""
    return project.investment_total is not None or bool(project.planned_by_year)


def _delay(project: ProjectTracking) -> str:
    if project.finish_delay is not None and project.phase is not Phase.NOT_STARTED:
        return f"{'已' if project.actual_finish else '预计'}推迟{project.finish_delay}个月完工"
    return f"推迟{project.start_delay or 0}个月开工"


def _project_charts(p: EvaluationPayload) -> list[Block]:
    charts: list[Block] = []
    if p.places and any(r.places_planned for r in p.projects):
        years = tuple(str(y.year) for y in p.places)
        charts.append(Chart(ChartSpec("bar", "计划新增学位与已交付学位（累计）", years, (
            Series("计划新增（累计）", tuple(float(y.planned_to_date) for y in p.places)),
            Series("已交付（累计）", tuple(float(y.delivered_to_date) for y in p.places))), unit="个"),
            "学位建设进度"))
    money = sorted((r for r in p.projects if _priced(r) and (r.planned_to_date or r.spent_to_date)),
                   key=lambda r: -(r.planned_to_date or 0))[:12]
    if money:
        charts.append(Chart(ChartSpec("barh", "主要项目计划投资与完成投资（截至评估年）",
                                      tuple(_short(r.name) for r in money), (
            Series("计划投资", tuple(r.planned_to_date for r in money)),
            Series("完成投资", tuple(r.spent_to_date for r in money))), unit="万元"), "主要项目投资执行情况"))
    return charts


# ---------------------------------------------------------------- 五、经费保障情况

FUNDING_COLUMNS = (Column("要求", T, 3), Column("年份", Y, 0.6), Column("对比项", T, 1), Column("数值", A),
                   Column("比较基准", T, 1), Column("基准值", A), Column("是否达标", T, 0.7))
_FIGURES = {"previous": ("本年", "current", "上年", "previous"),
            "teacher": ("教师平均工资", "teacher", "公务员平均工资", "civil_servant"),
            "training": ("培训经费", "training", "工资总额×规定比例", "required")}


def funding(p: EvaluationPayload) -> list[Block]:
    """两个只增不减 first, then salary parity and training spend, with the year-by-year checks."""
    rules = sorted(p.funding, key=lambda f: "not-decreasing" not in f.code)
    if not rules:
        return [Paragraph("未采集经费数据，无法评估经费保障情况。")]
    twin = [f for f in rules if "not-decreasing" in f.code]
    blocks: list[Block] = []
    if twin:
        bad = failed_funding(twin)
        blocks.append(Paragraph(f"“两个只增不减”共核查{len(twin)}项（一般公共预算教育支出和各学段生均一般公共预算教育支出），"
                                f"{len(twin) - len(bad)}项达标" + (f"，{len(bad)}项未达标" if bad else "") + "。"))
    blocks += [Paragraph(f.message) for f in rules]
    rows = [row for f in rules for row in _funding_rows(f)]
    if rows:
        blocks.append(Table("经费保障逐年核查", FUNDING_COLUMNS, tuple(rows), sheet="经费保障"))
    budget = next((f for f in rules if f.code == "budget-not-decreasing" and f.checks), None)
    if budget:
        years = [budget.checks[0].figures["previous_year"], *(c.year for c in budget.checks)]
        values = [budget.checks[0].figures["previous"], *(c.figures["current"] for c in budget.checks)]
        blocks.append(Chart(ChartSpec("line", "一般公共预算教育支出", tuple(str(int(y)) for y in years),
                                      (Series("教育支出", tuple(values)),), unit="万元"), "一般公共预算教育支出变化"))
    return blocks


def _funding_rows(rule: FundingResult) -> list[tuple[Any, ...]]:
    rows: list[tuple[Any, ...]] = []
    for check in rule.checks:
        f = check.figures
        key = next((k for k in _FIGURES if k in f), None)
        verdict = "是" if check.passed else "否"
        if key is None:
            rows.append((rule.title, check.year, "—", None, "—", None, verdict))
            continue
        label, value, base_label, base = _FIGURES[key]
        if key == "training":
            base_value = f["payroll"] * f["min_share"] if f.get("min_share") is not None else None
        else:
            base_value = f.get(base)
        if key == "previous":
            base_label = f"{int(f['previous_year'])}年"
        rows.append((rule.title, check.year, label, f.get(value), base_label, base_value, verdict))
    return rows
