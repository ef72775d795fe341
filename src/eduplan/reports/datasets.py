"""The evaluation as long tables for Excel: one per subject (targets, tasks, projects, funding).

Each row carries 区县, 评估编号, 年份 and its 分类, so sheets of several evaluations or regions can be
stacked and filtered; targets give their operator and numbers apart (“>=”, 98.5), every target is
listed, those without data too; dates are dates.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence

from eduplan.core.comparison import RegionComparison
from eduplan.core.dates import parse_month
from eduplan.core.evaluation.payload import EvaluationPayload, FundingCheck
from eduplan.core.numbers import parse_target
from eduplan.reports.evaluation_review import area_of
from eduplan.reports.model import Cell, Column, NumberFormat, Table

T, A, I, Y, D, M, P2, PC = (NumberFormat.TEXT, NumberFormat.AUTO, NumberFormat.INTEGER, NumberFormat.YEAR,
                            NumberFormat.DATE, NumberFormat.MONTH, NumberFormat.TWO, NumberFormat.PERCENT)
KEYS = (Column("区县", T, 1), Column("评估编号", Y, 0.6), Column("评估类型", T, 0.8), Column("年份", Y, 0.6))
OPERATORS = {"=": "=", ">=": ">=", ">": ">", "<=": "<=", "<": "<", "range": "range"}


def evaluation_datasets(p: EvaluationPayload, *, evaluation_id: int | None = None,
                        areas: Mapping[str, str] | None = None) -> tuple[Table, ...]:
    """The long tables of an evaluation payload."""
    keys = (p.region, evaluation_id, p.kind_label, p.year)
    return (targets(p, keys), tasks(p, keys, areas or {}), projects(p, keys), funding(p, keys))


TARGET_COLUMNS = (*KEYS, Column("分类", T), Column("指标", T, 3), Column("指标代码", T), Column("来源", T),
                  Column("属性", T), Column("单位", T), Column("基期年份", Y), Column("基期值", A),
                  Column("监测年份", Y), Column("最新值", A), Column("目标运算符", T), Column("目标值", A),
                  Column("目标上限", A), Column("目标年份", Y), Column("按进度应达值", A), Column("进展状态", T),
                  Column("实际/所需年均变化", P2), Column("目标年预测值", A), Column("预测判断", T),
                  Column("说明", T, 4), Column("原文行号", T))


def targets(p: EvaluationPayload, keys: tuple[Cell, ...]) -> Table:
    """Every target of the plan, assessed or not, its target as operator and numbers."""
    rows = []
    for t in p.targets:
        target = parse_target(t.target, year=t.target_year)
        op = OPERATORS.get(getattr(target.op, "value", ""), "") if target else ""
        lines = "、".join(str(x) for x in [t.line, *t.also_stated_at] if x is not None)
        rows.append((*keys, t.category, t.name, t.indicator_id, t.origin, t.attribute, t.unit,
                     t.baseline_year, t.baseline, t.latest_year, t.latest_value, op,
                     target.value if target else None, target.value_max if target else None, t.target_year,
                     t.expected, t.status.value, t.ratio, t.forecast, t.likelihood.value, t.reason, lines or None))
    return Table("目标", TARGET_COLUMNS, tuple(rows), sheet="目标")


TASK_COLUMNS = (*KEYS, Column("分类", T, 2), Column("任务编号", T), Column("任务", T, 3), Column("牵头单位", T),
                Column("责任单位", T), Column("截止日期", D), Column("状态", T), Column("剩余天数", I),
                Column("完成进度（%）", A), Column("最新进展", T, 4), Column("报送年份", Y), Column("填报单位", T))


def tasks(p: EvaluationPayload, keys: tuple[Cell, ...], areas: Mapping[str, str]) -> Table:
    """Every tracked task with its latest report."""
    rows = tuple((*keys, areas.get(area_of(t.task_id), area_of(t.task_id)), t.task_id, t.title,
                  "、".join(t.lead_units) or None, "、".join(t.responsible_units) or None, t.deadline,
                  t.state.value, t.days_left, t.percent, t.progress or "未报送", t.report_year, t.reported_by)
                 for t in p.tasks)
    return Table("任务", TASK_COLUMNS, rows, sheet="任务")


PROJECT_COLUMNS = (*KEYS, Column("分类", T, 2), Column("序号", I), Column("项目名称", T, 3), Column("建设状态", T),
                   Column("工期", T), Column("计划开工", M), Column("计划完工", M), Column("实际开工", M),
                   Column("实际完工", M), Column("开工滞后（月）", I), Column("完工滞后（月）", I),
                   Column("总投资（万元）", A), Column("计划投资至今（万元）", A), Column("完成投资（万元）", A),
                   Column("投资执行率", PC), Column("计划学位", I), Column("已交付学位", I), Column("说明", T, 4))


def projects(p: EvaluationPayload, keys: tuple[Cell, ...]) -> Table:
    """Every construction project; a figure the plan does not give is left empty, never 0."""
    rows = []
    for r in p.projects:
        priced = r.investment_total is not None or bool(r.planned_by_year)
        rows.append((*keys, r.table, r.seq, r.name, r.phase.value, r.schedule.value, _month(r.planned_start),
                     _month(r.planned_finish), _month(r.actual_start), _month(r.actual_finish),
                     r.start_delay, r.finish_delay, r.investment_total,
                     r.planned_to_date if priced else None, r.spent_to_date, r.execution_rate,
                     r.places_planned, r.places_delivered, r.note))
    return Table("建设项目", PROJECT_COLUMNS, tuple(rows), sheet="建设项目")


FUNDING_COLUMNS = (*KEYS, Column("分类", T, 2), Column("要求", T, 3), Column("核查年份", Y), Column("是否达标", T),
                   Column("数据", T, 3), Column("说明", T, 4))


def funding(p: EvaluationPayload, keys: tuple[Cell, ...]) -> Table:
    """Every funding rule, one row per yearly check (a rule without checks: one row)."""
    rows: list[tuple[Cell, ...]] = []
    for f in p.funding:
        kind = "两个只增不减" if "not-decreasing" in f.code else "经费保障"
        checks: list[FundingCheck | None] = [*f.checks] or [None]
        for c in checks:
            figures = "；".join(f"{k}={v:g}" for k, v in (c.figures if c else {}).items())
            rows.append((*keys, kind, f.title, c.year if c else None,
                         ("是" if c.passed else "否") if c else f.verdict, figures or None, f.message))
    return Table("经费保障", FUNDING_COLUMNS, tuple(rows), sheet="经费保障")


def _month(text: str | None) -> dt.date | None:
    """“2022-04” → 2022-04-01 (shown as 2022-04), a bare year its January; None when core.dates cannot read it."""
    parsed = parse_month(text)
    return None if parsed is None or parsed[0] < dt.MINYEAR else dt.date(parsed[0], parsed[1] or 1, 1)


COMPARISON_COLUMNS = (Column("区县", T), Column("年份", Y, 0.6), Column("指标代码", T), Column("指标", T, 3),
                      Column("单位", T), Column("方向", T), Column("数值", A), Column("排名", I), Column("基期值", A),
                      Column("目标运算符", T), Column("目标值", A), Column("目标上限", A), Column("目标年份", Y),
                      Column("进展状态", T), Column("预测判断", T), Column("数据来源", T, 2), Column("模拟数据", T))


def comparison_dataset(comparisons: Sequence[RegionComparison]) -> Table:
    """Every region on every compared indicator, one row each (regions without a value too)."""
    rows = []
    for c in comparisons:
        for r in c.rows:
            target = parse_target(r.target, year=r.target_year) if r.target else None
            rows.append((r.region, c.year, c.indicator_id, c.name, c.unit, c.direction_label, r.value, r.rank,
                         r.baseline, OPERATORS.get(getattr(target.op, "value", ""), "") if target else None,
                         target.value if target else None, target.value_max if target else None, r.target_year,
                         r.status.value if r.status else None, r.likelihood.value if r.likelihood else None,
                         r.source, "是" if r.simulated else "否"))
    return Table("区县指标", COMPARISON_COLUMNS, tuple(rows), sheet="区县指标")
