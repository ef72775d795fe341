"""Monitoring commands: progress, tasks, projects, funding, evaluations, comparison of regions."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from eduplan.cli.app import app
from eduplan.cli.common import actor, database_url, fail, out, print_json, print_table, region_option, run
from eduplan.core.errors import InputError
from eduplan.core.numbers import format_number
from eduplan.core.simulated import SIMULATED_MARK

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from eduplan.core.comparison import RegionComparison

evaluations_app = typer.Typer(help="查看已保存的评估。", no_args_is_help=True)
app.add_typer(evaluations_app, name="evaluations")

RegionOpt = Annotated[str, typer.Option("--region", help="区县名称，如 涪陵区。", callback=region_option)]
YearOpt = Annotated[int, typer.Option("--year", help="年份。")]
PlanOpt = Annotated[str | None, typer.Option("--plan", help="区县有多个规划时指定规划（编号、文号或标题）。")]


def _num(value: float | None, digits: int = 2) -> str:
    return format_number(value, digits=digits)


def _percent(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:.1f}%"


def _latest(result: Any) -> str:
    if result.latest_value is None:
        return "—"
    return f"{_num(result.latest_value)}（{result.latest_year}）"


def _title(text: str, simulated: bool) -> str:
    """A table's title, marked when its figures are 模拟数据 (services.simulated answers)."""
    return f"{text}【{SIMULATED_MARK}：演示用，非真实统计】" if simulated else text


def _in_session(work: Any) -> Any:
    from eduplan.uow import unit_of_work

    def call() -> Any:
        with unit_of_work(database_url()) as session:
            return work(session)

    return run(call)


@app.command("progress")
def progress(region: RegionOpt, year: YearOpt, plan: PlanOpt = None,
             flagged: Annotated[bool, typer.Option("--flagged", help="只显示需要预警的目标。")] = False) -> None:
    """各目标的进展状态、预测和理由（按年度监测数据）。"""
    from eduplan.services.monitoring import assess_region
    from eduplan.services.simulated import region_parts

    results, parts = _in_session(lambda s: (assess_region(session=s, region=region, year=year, plan=plan),
                                            region_parts(session=s, region=region, year=year)))
    rows = [[r.name, r.unit or "", r.attribute or "", _num(r.baseline), _latest(r), r.target, str(r.status),
             str(r.likelihood), "⚠" if r.flagged else "", r.reason]
            for r in results if r.flagged or not flagged]
    print_table(["目标", "单位", "属性", "基期", "最新值", "目标值", "状态", "预测", "预警", "理由"], rows,
                title=_title(f"{region} {year}年 目标进展", parts.targets))


@app.command("tasks")
def tasks(region: RegionOpt, plan: PlanOpt = None,
          window: Annotated[int, typer.Option(help="距截止日期多少天内算“临近”。")] = 90) -> None:
    """任务看板：按责任单位汇总，标出临近和逾期的任务。"""
    from eduplan.services.monitoring import task_board

    board = _in_session(lambda s: task_board(session=s, region=region, plan=plan, window_days=window))
    rows = [[u.unit, str(u.total), str(u.done), str(u.normal), str(u.due_soon), str(u.overdue),
             _num(u.mean_percent, 1)] for u in board.units]
    print_table(["责任单位", "任务", "已完成", "正常", "临近", "逾期", "平均进度%"], rows,
                title=_title(f"{region} 任务看板（截至 {board.as_of}）", board.simulated))
    late = [t for t in board.tasks if str(t.state) in ("逾期", "临近")]
    if late:
        print_table(["任务", "名称", "牵头单位", "截止", "状态", "进度%"],
                    [[t.task_id, t.title, "、".join(t.lead_units), str(t.deadline or "—"), str(t.state),
                      _num(t.percent, 1)] for t in late], title=_title("临近和逾期的任务", board.simulated))


@app.command("projects")
def projects(region: RegionOpt, year: YearOpt, plan: PlanOpt = None) -> None:
    """重大项目：进度偏差、投资执行率和学位交付。"""
    from eduplan.services.monitoring import project_board

    board = _in_session(lambda s: project_board(session=s, region=region, year=year, plan=plan))
    rows = [[p.name, str(p.phase), str(p.schedule), _num(p.start_delay, 0), _num(p.finish_delay, 0),
             _num(p.planned_to_date), _num(p.spent_to_date), _percent(p.execution_rate),
             _num(p.places_planned, 0), str(p.places_delivered)] for p in board.projects]
    print_table(["项目", "阶段", "进度", "开工延误(月)", "完工延误(月)", "计划投资", "已完成投资", "执行率",
                 "计划学位", "已交付学位"], rows,
                title=_title(f"{region} {year}年 重大项目（投资单位：万元）", board.simulated))


@app.command("funding")
def funding(region: RegionOpt, year: YearOpt,
            training_share: Annotated[float | None, typer.Option(
                help="规划规定的培训经费占工资总额的最低比例，如 0.015。")] = None) -> None:
    """经费保障：两个只增不减、教师工资不低于公务员、培训经费比例。"""
    from eduplan.services.monitoring import funding_checks
    from eduplan.services.simulated import region_parts

    results, parts = _in_session(lambda s: (funding_checks(session=s, region=region, year=year,
                                                           training_min_share=training_share),
                                            region_parts(session=s, region=region, year=year)))
    print_table(["规则", "结论", "说明"], [[r.title, r.verdict, r.message] for r in results],
                title=_title(f"{region} {year}年 经费保障", parts.funding))


@app.command("evaluate")
def evaluate(
    year: YearOpt,
    kind: Annotated[str, typer.Option("--kind", help="annual（年度）、midterm（中期）、final（总结）或 special（专项）。")],
    region: Annotated[str | None, typer.Option("--region", help="区县名称，如 涪陵区。", callback=region_option)] = None,
    under: Annotated[str | None, typer.Option(
        "--under", help="评估该市（省）及其下级所有有已发布规划的地区，如 重庆市；与 --region 二选一。")] = None,
    plan: PlanOpt = None,
    training_share: Annotated[float | None, typer.Option(help="培训经费占工资总额的最低比例，如 0.015。")] = None,
    output: Annotated[Path | None, typer.Option("-o", "--output", help="把评估数据（JSON）写入文件。")] = None,
) -> None:
    """运行一次评估并保存快照；与上一次评估比较状态变化。--under 一次评估一个市（省）的所有区县。"""
    from eduplan.services.evaluations import compare_with_previous, run_evaluation

    if (region is None) == (under is None):
        fail(InputError("请用 --region 指定一个区县，或用 --under 指定一个市（省）评估其下所有区县（二选一）"))
    if under is not None:
        if plan is not None:
            fail(InputError("--plan 只能与 --region 一起使用：--under 评估各地区已发布的规划"))
        _evaluate_under(under, year=year, kind=kind, training_share=training_share, output=output)
        return
    assert region is not None

    def work(session: Any) -> Any:
        record = run_evaluation(session=session, region=region, kind=kind, year=year, actor=actor(), plan=plan,
                                training_min_share=training_share)
        return record, compare_with_previous(session=session, evaluation_id=record.id)

    record, comparison = _in_session(work)
    out.print(f"已保存评估（编号 {record.id}）：{record.label}", markup=False)
    out.print(_summary_line(record.payload.get("summary", {})), markup=False)
    if record.simulated and record.simulated.any:
        out.print(f"【{SIMULATED_MARK}】本次评估所用的{'、'.join(record.simulated.labels())}含演示用的模拟数据，"
                  "不是真实统计，不能作为评估结论。", markup=False)
    if comparison.previous is None:
        out.print("这是该区县的第一次评估。", markup=False)
    else:
        out.print(f"与上一次评估（编号 {comparison.previous.id}）相比：{comparison.diff.summary()}", markup=False)
        for change in comparison.diff.changes:
            out.print(f"  · {change.label}", markup=False)
    if output:
        print_json(record.payload, output)


def _evaluate_under(under: str, *, year: int, kind: str, training_share: float | None, output: Path | None) -> None:
    from eduplan.services.evaluations import evaluate_under

    done = _in_session(lambda s: evaluate_under(session=s, region=under, kind=kind, year=year, actor=actor(),
                                                training_min_share=training_share))
    first = done.records[0]
    print_table(["编号", "地区", "评估摘要"],
                [[str(r.id), r.region + (f"【{SIMULATED_MARK}】" if r.simulated and r.simulated.any else ""),
                  _summary_line(r.payload.get("summary", {}))] for r in done.records],
                title=f"已保存 {done.scope}{first.year}年{first.kind_label} {len(done.records)} 份")
    if any(r.simulated and r.simulated.any for r in done.records):
        out.print(f"【{SIMULATED_MARK}】标注的地区所用数据含演示用的模拟数据，不是真实统计，不能作为评估结论。",
                  markup=False)
    if done.drafts_only:
        out.print(f"只有草稿规划、未评估：{'、'.join(done.drafts_only)}（草稿可用 --region 与 --plan 逐个评估）",
                  markup=False)
    if output:
        print_json([{"id": r.id, "region": r.region, **r.payload} for r in done.records], output)


def _summary_line(summary: dict[str, Any]) -> str:
    statuses = {k: v for k, v in (summary.get("by_status") or {}).items() if v}
    parts = [f"目标 {summary.get('targets', 0)} 项（" + "，".join(f"{k} {v}" for k, v in statuses.items()) + "）",
             f"需预警 {summary.get('flagged', 0)} 项", f"规划问题 {summary.get('findings', 0)} 条"]
    return "；".join(parts)


@evaluations_app.command("list")
def evaluations_list(region: Annotated[str | None, typer.Option("--region", help="只列出该区县。", callback=region_option)] = None) -> None:
    """列出已保存的评估。"""
    from eduplan.services.evaluations import list_evaluations

    records = _in_session(lambda s: list_evaluations(session=s, region=region))
    print_table(["编号", "区县", "类型", "年度", "规划", "保存时间"],
                [[str(r.id), r.region, r.kind_label, str(r.year), r.plan_title or "—",
                  r.created_at.strftime("%Y-%m-%d %H:%M") if r.created_at else "—"] for r in records])


@evaluations_app.command("show")
def evaluations_show(evaluation: Annotated[int, typer.Argument(help="评估编号。")],
                     reproduce: Annotated[bool, typer.Option("--reproduce", help="用当前数据重算并核对是否一致。")] = False,
                     ) -> None:
    """显示一次评估的数据（JSON），或重算核对。"""
    from eduplan.services.evaluations import get_evaluation, reproduce_evaluation

    if reproduce:
        result = _in_session(lambda s: reproduce_evaluation(session=s, evaluation_id=evaluation))
        if result.identical:
            out.print(f"评估 {evaluation} 可以复现：用当前数据重算的结果完全一致。", markup=False)
        else:
            out.print(f"评估 {evaluation} 与当前数据重算的结果不同（{'、'.join(result.differing_sections)}）："
                      f"{result.diff.summary()}", markup=False)
        return
    record = _in_session(lambda s: get_evaluation(session=s, evaluation_id=evaluation))
    print_json(record.payload, None)


@app.command("compare")
def compare(
    indicator: Annotated[str, typer.Option("--indicator", help="指标名称、同义名或编号，如 学前三年毛入园率。")],
    year: YearOpt,
    under: Annotated[str | None, typer.Option(
        "--under", help="只比较该省（市）下辖的区县，名次在其中排定，如 重庆市；名称或区划代码。")] = None,
) -> None:
    """在同一指标上比较各区县（--under：某省、市下辖的各区县）。"""
    from eduplan.services.compare import compare_regions
    from eduplan.services.regions import resolve, scope_keys

    def compared(s: Session) -> RegionComparison:
        regions = scope_keys(s, resolve(s, under, field="--under").id) if under else None
        return compare_regions(session=s, indicator=indicator, year=year, include_drafts=True, regions=regions)

    result = _in_session(compared)
    rows = [[str(r.rank or "—"), r.region, _num(r.value) + (f"（{SIMULATED_MARK}）" if r.simulated else ""), _num(r.baseline),
             r.target or "—", str(r.status or "—"), str(r.likelihood or "—"), "约束性" if r.binding else ""]
            for r in result.rows]
    print_table(["名次", "区县", f"{year}年值", "基期", "目标", "状态", "预测", "属性"], rows,
                title=(f"{under}各区县 · " if under else "") + f"{result.name}（{result.unit or '无单位'}，{result.direction_label}）")
