"""The parts of an evaluation report that judge: basis and method, the verdict and the outlook to
the plan's end, achievements by task area, causes of what is late, proposed target adjustments.

All from the typed payload (and the plan's task headings): every count and name is read from it,
causes are the ones the units wrote in their progress reports, never supplied here.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence

from eduplan.core.evaluation.payload import EvaluationPayload, TargetResult
from eduplan.core.progress.forecast import Likelihood
from eduplan.core.progress.rules import Status
from eduplan.core.tracking.tasks import DeadlineState, TaskStatus
from eduplan.reports import narrative as say
from eduplan.reports.evaluation_sections import STATE_WORDS, behind, delayed, judged, overdue
from eduplan.reports.model import (
    Block,
    Column,
    NumberFormat,
    Paragraph,
    Subheading,
    Table,
    auto_decimals,
    chinese_ordinal,
)

#: A cause as units write it: “受用地和审批手续影响”, “部门协调进展较慢”, “相关配套政策尚未出台”.
_CAUSE = re.compile(r"(受[^，。；、]{2,24}影响|[^，。；（）]{2,14}(?:较慢|尚未出台|未到位|不到位|不足))")
NOT_REPORTED = "未报送"


def basis(p: EvaluationPayload, *, reports: Mapping[str, int] | None = None) -> list[Block]:
    """一、评估依据和方法: what was evaluated, against what, from which data, by which rules."""
    span = f"{p.plan_period[0]}—{p.plan_period[1]}年" if p.plan_period else "规划期"
    counts = reports or {}
    sources = [f"{p.year}年及以前各年度的教育统计和监测数据"]
    reported_tasks = sum(1 for t in p.tasks if t.report_year is not None)
    if p.tasks:
        sources.append(f"各责任单位报送的{reported_tasks}项任务进展报告")
    if p.projects:
        sources.append(f"{counts.get('projects', sum(1 for r in p.projects if r.spent_to_date or r.actual_start))}个建设项目的进展报告")
    if p.funding:
        sources.append("教育经费统计数据")
    scope = [f"{p.summary.targets}项目标", f"{len(p.tasks)}项重点任务" if p.tasks else "",
             f"{len(p.projects)}个建设项目" if p.projects else "",
             f"{len(p.funding)}项经费保障要求" if p.funding else ""]
    return [
        Paragraph(f"本次{p.kind_label}依据《{p.plan_title}》确定的{span}发展目标、主要指标、重点任务和建设项目，"
                  f"以{p.as_of.year}年12月31日为评估时点，采用{say.join(sources)}，"
                  f"对{say.join([x for x in scope if x])}逐项对照评估。"),
        Paragraph("指标评估比较基期以来的实际年均变化与如期实现目标所需的年均变化：最新值已达到目标的为已达成；实际变化达到所需的95%及以上为进展顺利，"
                  "60%至95%为需加快，不足60%为进展缓慢，与目标方向相反为倒退；随学龄人口变化的规模预期只对照展示、不评定进展。"
                  "对规划期末的判断按历年平均变化外推。任务按完成时限和报送的完成进度判断已完成、正常、临近期限或逾期，"
                  "项目按计划工期和报送的实际开工、完工时间判断提前、按期或滞后。"),
    ]


def verdict(p: EvaluationPayload) -> list[Block]:
    """二、总体评价: one sentence of judgement, then what the trend gives by the plan's last year."""
    rows = judged(p.targets)
    ahead = sum(1 for t in rows if t.status in say.AHEAD)
    late_binding = [t for t in behind(p.targets) if t.binding]
    late_tasks, late_projects = overdue(p.tasks), delayed(p.projects)
    share = ahead / len(rows) if rows else None
    if share is None:
        line = "规划主要指标缺少监测数据，尚不能对实施进度作出总体判断"
    elif share >= 0.7 and not late_binding:
        line = "规划实施总体顺利，主要指标进度符合预期"
    elif share >= 0.5:
        line = "规划实施基本符合预期，但部分指标、任务和项目进度滞后"
    else:
        line = "规划实施进度总体滞后，多数有数据的指标落后于预期进度"
    facts = [f"有监测数据的{len(rows)}项指标中{ahead}项达到或好于预期进度" if rows else "",
             f"约束性指标{say.join(say.quoted(t.name for t in late_binding))}落后" if late_binding else "",
             f"{len(late_tasks)}项重点任务逾期" if late_tasks else "",
             f"{len(late_projects)}个建设项目滞后" if late_projects else ""]
    blocks: list[Block] = [Paragraph(f"总体评价：{line}。" + say.sentence(*facts))]
    blocks.append(Paragraph(outlook(p)))
    return blocks


#: The likelihoods of a forecast that can be told (not 数据不足 or 不适用).
FORECAST = (Likelihood.WILL_MEET, Likelihood.ACCELERATE, Likelihood.UNLIKELY)


def outlook(p: EvaluationPayload) -> str:
    """The forecast for the plan's last year: how many targets will be met, which will not."""
    end = p.plan_period[1] if p.plan_period else None
    rows = [t for t in p.targets if t.likelihood in FORECAST]
    if not rows:
        return f"现有数据不足以预测{end or '规划期末'}年目标实现情况。"
    by = Counter(t.likelihood for t in rows)
    text = (f"按现有趋势外推，到{end}年可预测的{len(rows)}项目标中，预计能够实现{by[Likelihood.WILL_MEET]}项，"
            f"需加快进度才能实现{by[Likelihood.ACCELERATE]}项，难以实现{by[Likelihood.UNLIKELY]}项")
    hard = [t for t in rows if t.likelihood is Likelihood.UNLIKELY]
    if hard:
        text += f"（{say.join([_forecast(t) for t in hard], limit=5)}）"
    return text + "。"


def _forecast(t: TargetResult) -> str:
    """A forecast shown to the precision of the figures it extends (97.579 → 97.58 beside 97.83)."""
    places = max((auto_decimals(float(v)) for v in (t.latest_value, t.baseline) if v is not None), default=2)
    value = round(t.forecast, places) if t.forecast is not None else None
    return (f"“{t.name}”预计{t.target_year}年为{say.number(value, t.unit)}，"
            f"目标为{say.target_phrase(t.target, t.unit)}")


def achievements(p: EvaluationPayload, areas: Mapping[str, str]) -> list[Block]:
    """Achievements by task area, from the units' progress reports: counts, what is done, what they wrote."""
    groups: dict[str, list[TaskStatus]] = {}
    for t in p.tasks:
        groups.setdefault(area_of(t.task_id), []).append(t)
    blocks: list[Block] = []
    for n, (area, rows) in enumerate(groups.items(), start=1):
        title = areas.get(area) or f"第{area}部分任务"
        states = Counter(t.state for t in rows)
        reported = [t for t in rows if t.progress]
        text = (f"该领域共{len(rows)}项任务，{say.counts({k.value: states[k] for k in DeadlineState}, labels=STATE_WORDS)}"
                + ("" if len(reported) == len(rows) else f"，{len(rows) - len(reported)}项{NOT_REPORTED}进展") + "。")
        done = [t for t in rows if t.state is DeadlineState.DONE]
        if done:
            text += f"已完成{say.join(say.quoted(t.title for t in done), limit=4)}。"
        for t in sorted(reported, key=lambda t: -(t.percent or 0))[:2]:
            if t.state is not DeadlineState.DONE:
                text += f"“{t.title}”完成{say.number(t.percent, '%')}：{_clause(t.progress)}。"
        blocks += [Subheading(f"（{chinese_ordinal(n)}）{title}"), Paragraph(text)]
    return blocks


def area_of(task_id: str) -> str:
    """The task's area: its parent in the plan's numbering (3.1.2 → 3.1; 4.2 → 4)."""
    return task_id.rsplit(".", 1)[0] if "." in task_id else task_id


def _clause(text: str | None) -> str:
    return (text or "").strip().rstrip("。；;")


def causes(reports: Iterable[str | None]) -> Counter[str]:
    """The causes the units gave in their reports (a task's progress, a project's note), counted."""
    found: Counter[str] = Counter()
    for text in reports:
        for cause in dict.fromkeys(_CAUSE.findall(text or "")):
            found[cause] += 1
    return found


def cause_sentence(reports: Sequence[str | None], what: str, unit: str = "项") -> str:
    """“据报送情况，主要原因是受经费拨付进度影响（3项）…；2项未说明原因。” (`reports`: one per item,
    `unit`: what an item is counted in, 项 for tasks, 个 for projects)."""
    found = causes(reports)
    silent = sum(1 for text in reports if not _CAUSE.search(text or ""))
    if not found:
        return f"{what}的报告未说明滞后原因。" if reports else ""
    parts = [f"{c}（{n}{unit}）" for c, n in found.most_common(5)]
    return f"据{what}报告，主要原因是{'、'.join(parts)}" + (f"；{silent}{unit}未说明原因" if silent else "") + "。"


ADJUST_COLUMNS = (Column("序号", NumberFormat.INTEGER, 0.6), Column("指标", NumberFormat.TEXT, 2.6),
                  Column("规划目标", NumberFormat.TEXT, 1), Column("目标年份", NumberFormat.YEAR, 0.8),
                  Column("最新值", NumberFormat.AUTO, 0.9), Column("期末预测值", NumberFormat.AUTO, 0.9),
                  Column("调整建议", NumberFormat.TEXT, 2.4))


def adjustments(p: EvaluationPayload) -> list[Block]:
    """At mid-term: targets to review — those the trend says cannot be met, and those met already by far."""
    rows: list[tuple[TargetResult, str]] = []
    for t in p.targets:
        if t.likelihood is Likelihood.UNLIKELY and t.status in (Status.SLOW, Status.REGRESSING):
            rows.append((t, "按现有趋势难以实现，建议分析原因后加大投入；确因客观条件变化无法实现的，按程序调整目标值"))
        elif t.status is Status.ACHIEVED and t.binding is False and t.latest_year and t.target_year \
                and t.target_year - t.latest_year >= 2:
            rows.append((t, f"提前{t.target_year - t.latest_year}年达到目标，建议提高目标值或转为保持性目标"))
    if not rows:
        return [Paragraph("各项目标均无需调整，按规划目标继续推进。")]
    return [Paragraph(f"根据中期评估结果，建议对{len(rows)}项目标进行复核，按程序提出调整意见："),
            Table("建议复核调整的目标", ADJUST_COLUMNS, tuple(
                (n, t.name, t.target, t.target_year, t.latest_value, t.forecast, why)
                for n, (t, why) in enumerate(rows, start=1)), sheet="目标调整建议")]
