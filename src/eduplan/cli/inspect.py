"""Commands on school records and inspections: `eduplan schools …` and `eduplan inspect …`."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer

from eduplan.cli.app import app
from eduplan.cli.common import actor, database_url, err, out, print_json, print_table, region_option, run
from eduplan.core.errors import InputError, Location
from eduplan.core.numbers import format_number

schools_app = typer.Typer(help="学校统计数据：填报模板与导入。", no_args_is_help=True)
inspect_app = typer.Typer(help="督导评估：义务教育优质均衡、学前教育普及普惠、班额、学位。", no_args_is_help=True)
app.add_typer(schools_app, name="schools")
app.add_typer(inspect_app, name="inspect")

T = TypeVar("T")
Region = Annotated[str, typer.Option("--region", help="区县名称。", callback=region_option)]
Year = Annotated[int, typer.Option("--year", help="统计年度。")]
StandardsOpt = Annotated[list[str] | None, typer.Option(
    "--standards", help="标准覆盖：随包的标准 id（如 chongqing）或区县覆盖 JSON 文件，可重复，按顺序叠加在全国标准上。")]
FiguresOpt = Annotated[Path | None, typer.Option("--figures", help="区县级数字 JSON 文件（键为字段名）。")]


def _in_session(work: Callable[[Any], T]) -> T:
    """Run `work(session)` in one unit of work, errors turned into one Chinese line."""
    from eduplan.uow import unit_of_work

    def go() -> T:
        with unit_of_work(database_url()) as session:
            return work(session)

    return run(go)


def _json_file(path: Path) -> Any:
    """A JSON file's content, with a located error when it cannot be read."""
    try:
        return json.loads(path.read_text(encoding="utf-8-sig"))
    except FileNotFoundError:
        raise InputError("文件不存在", location=Location(file=str(path))) from None
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InputError(f"不是有效的 UTF-8 JSON 文件（{exc}）", location=Location(file=str(path))) from None


def _standards(values: Sequence[str] | None) -> list[str | dict[str, object]]:
    """Bundled override ids as they are; paths of .json files read as override dicts."""
    return [_json_file(Path(v)) if v.lower().endswith(".json") else v for v in values or ()]


def _figures(path: Path | None, cls: type[T]) -> T | None:
    """County or preschool figures from a JSON object of field names."""
    if path is None:
        return None
    data = _json_file(path)
    names = {f.name for f in dataclasses.fields(cls)}  # type: ignore[arg-type]
    if not isinstance(data, dict) or set(data) - names:
        unknown = "、".join(sorted(set(data) - names)) if isinstance(data, dict) else "不是 JSON 对象"
        raise InputError(f"区县级数字含未知字段：{unknown}（可用：{'、'.join(sorted(names))}）",
                         location=Location(file=str(path)))
    return cls(**data)


def _num(value: float | None) -> str:
    """A number for a table cell, rounded to two decimals."""
    return format_number(value, digits=2)


def _gap_table(gaps: Sequence[Any], *, title: str) -> None:
    """Failing items with their value, standard and gap."""
    if not gaps:
        out.print(f"{title}：全部达标。", markup=False)
        return
    rows = [[g.subject, g.item, _num(g.value), f"{g.op or ''}{_num(g.standard)}",
             f"{_num(g.gap)}{g.gap_unit}" if g.gap else "—", g.message] for g in gaps]
    print_table(["对象", "条目", "实测值", "标准", "缺口", "说明"], rows, title=title)


def _verdict(passed: bool | None) -> str:
    """达标 / 未达标 / 无法判定."""
    return {True: "达标", False: "未达标", None: "数据不足，无法判定"}[passed]


# ---------------------------------------------------------------- schools


@schools_app.command("template")
def schools_template(
    output: Annotated[Path, typer.Argument(help="要写出的 .xlsx 文件。")],
    region: Annotated[str | None, typer.Option("--region", help="区县：预填该区县已入库的学校。", callback=region_option)] = None,
    year: Annotated[int | None, typer.Option("--year", help="填报年度。")] = None,
) -> None:
    """写出学校统计数据填报模板（Excel）。"""
    from eduplan.services.inspections import school_template

    path = _in_session(lambda s: school_template(session=s, dest=output, region=region, year=year))
    out.print(f"已写出学校统计数据模板：{path}", markup=False)


@schools_app.command("import")
def schools_import(
    file: Annotated[Path, typer.Argument(help="填好的 .xlsx 或 .csv 文件。")],
    strict: Annotated[bool, typer.Option("--strict", help="严格模式：有警告也不导入。")] = False,
) -> None:
    """导入学校统计数据：逐格检查，有一个错误即整份不导入。"""
    from eduplan.services.inspections import import_school_records

    who = actor()
    report = _in_session(lambda s: import_school_records(session=s, path=file, entered_by=who, strict=strict))
    if report.issues:
        rows = [[str(i.location), "错误" if i.severity == "error" else "警告", i.code, i.message]
                for i in report.issues]
        print_table(["位置", "级别", "代码", "问题"], rows, title="检查结果")
    if not report.accepted:
        err.print(f"错误：{report.summary}", markup=False)
        raise typer.Exit(2)
    out.print(report.summary, markup=False)


# ---------------------------------------------------------------- inspections


@inspect_app.command("balance")
def inspect_balance(region: Region, year: Year, standards: StandardsOpt = None, figures: FiguresOpt = None) -> None:
    """义务教育优质均衡：逐校逐项判定，列出未达标的学校、条目和缺口。"""
    from eduplan.core.inspection.guarantee import CountyFigures
    from eduplan.services.inspections import run_quality_balance

    report = _in_session(lambda s: run_quality_balance(
        session=s, region=region, year=year, standards=_standards(standards),
        figures=_figures(figures, CountyFigures)))
    res = report.resources
    out.print(f"{region}{year}年义务教育优质均衡（标准：{report.standards}）：{_verdict(report.passed)}", markup=False)
    failing = "、".join(s.section.label for s in report.failing_schools) or "无"
    out.print(f"纳入资源配置评估的学校（学段）{len(res.schools)}个，未达标{len(report.failing_schools)}个：{failing}",
              markup=False)
    for e in res.excluded:
        out.print(f"  不参与计算：{e.name}（{e.reason}）", markup=False)
    cvs = [[c.stage, c.name, _num(c.dispersion.cv if c.dispersion else None), _num(c.limit), _verdict(c.met)]
           for c in res.cvs]
    if cvs:
        print_table(["学段", "指标", "差异系数", "限值", "判定"], cvs, title="校际差异系数")
    _gap_table(report.gaps, title="未达标条目与缺口")


@inspect_app.command("preschool")
def inspect_preschool(
    region: Region, year: Year, standards: StandardsOpt = None, figures: FiguresOpt = None,
    population: Annotated[float | None, typer.Option("--population", help="3—5岁常住人口。")] = None,
) -> None:
    """学前教育普及普惠：区域条目和各幼儿园的缺口。"""
    from eduplan.core.inspection.preschool import PreschoolFigures
    from eduplan.services.inspections import run_preschool

    given = _figures(figures, PreschoolFigures) or PreschoolFigures()
    if population is not None:
        given = dataclasses.replace(given, population_3_5=population)
    report = _in_session(lambda s: run_preschool(session=s, region=region, year=year,
                                                 standards=_standards(standards), figures=given))
    a = report.assessment
    out.print(f"{region}{year}年学前教育普及普惠（标准：{report.standards}）：{_verdict(a.passed)}", markup=False)
    rows = [[i.name, _num(i.value), f"{i.op or ''}{_num(i.standard)}", _verdict(i.met)] for i in a.items]
    print_table(["条目", "实测值", "标准", "判定"], rows, title="区域条目")
    _gap_table(report.gaps, title="未达标条目与缺口")


@inspect_app.command("classes")
def inspect_classes(region: Region, year: Year, standards: StandardsOpt = None) -> None:
    """班额：各学段分档、大班额和超大班额、标准班额达标率，以及超标的学校。"""
    from eduplan.services.inspections import class_sizes

    report = _in_session(lambda s: class_sizes(session=s, region=region, year=year,
                                               standards=_standards(standards)))
    rows = [[s.stage, str(s.classes), str(s.bands["正常"]), str(s.bands["偏大"]), str(s.large), _num(s.large_share),
             str(s.super_large), _num(s.super_large_share), _num(s.standard_rate), str(s.unsized_classes)]
            for s in report.by_stage]
    print_table(["学段", "班数", "正常", "偏大", "大班额（56人及以上）", "占比%", "其中超大班额（66人及以上）", "占比%",
                 "标准班额达标率%", "未填班额的班"], rows,
                title=f"{region}{year}年班额")
    _gap_table(report.gaps, title="超过标准班额的学校")


@inspect_app.command("places")
def inspect_places(
    region: Region, year: Year, standards: StandardsOpt = None,
    stage: Annotated[str, typer.Option("--stage", help="学段：小学、初中、高中或幼儿园。")] = "小学",
    until: Annotated[int | None, typer.Option("--until", help="测算到哪一年，默认规划期末。")] = None,
    demand: Annotated[list[str] | None, typer.Option("--demand", help="给定学位需求，如 2025=1900，可重复。")] = None,
) -> None:
    """学位供需：现有学校学位、规划项目新增学位与需求，逐年缺口。"""
    from eduplan.services.inspections import place_balance_for_region

    given = run(lambda: _demand(demand))
    report = _in_session(lambda s: place_balance_for_region(
        session=s, region=region, year=year, stage=stage, standards=_standards(standards), demand=given,
        until=until))
    rows = [[str(y.year), str(y.demand), str(y.existing), str(y.new_places), str(y.supply), str(y.gap),
             "、".join(y.opened) or "—", "、".join(y.closed_by) or "—"] for y in report.balance.years]
    print_table(["年份", "需求", "现有", "新增", "供给", "缺口", "当年投用", "弥补缺口所需项目"], rows,
                title=f"{region}{stage}学位供需（需求：{report.demand_source}）")
    for line in [*report.notes, *(f.message for f in report.findings)]:
        out.print(f"· {line}", markup=False)


def _demand(values: Sequence[str] | None) -> dict[int, int] | None:
    """`YEAR=PLACES` options as a mapping, None when none were given."""
    if not values:
        return None
    result: dict[int, int] = {}
    for value in values:
        year, _, places = value.partition("=")
        if not (year.strip().isdigit() and places.strip().isdigit()):
            raise InputError(f"--demand“{value}”应写成 年份=学位数，如 2025=1900")
        result[int(year)] = int(places)
    return result


@inspect_app.command("readiness")
def inspect_readiness(region: Region, year: Year, standards: StandardsOpt = None) -> None:
    """督导评估准备情况：未达标学校和条目的数量，以及差距最大的条目。"""
    from eduplan.services.inspections import inspection_readiness

    r = _in_session(lambda s: inspection_readiness(session=s, region=region, year=year,
                                                   standards=_standards(standards)))
    rows = [["优质均衡", _verdict(r.balance_passed),
             (f"学校（学段）{r.schools}个，未达标{r.schools_failing}个；资源配置未达标条目{r.resource_items_failing}项，"
             f"差异系数超限{r.cvs_failing}项，政府保障未达标{r.guarantee_failing}项")],
            ["普及普惠", _verdict(r.preschool_passed),
             f"幼儿园{r.kindergartens}所，区域条目未达标{r.preschool_items_failing}项"],
            ["班额", "—", (f"超过标准班额{r.classes_over_standard}个班，大班额{r.large_classes}个，"
                          f"超大班额{r.super_large_classes}个")]]
    rows[0][1] = f"{_verdict(r.balance_ready)}（可量化条目{_verdict(r.balance_passed)}）"
    if r.kindergartens:
        rows[1][1] = f"{_verdict(r.preschool_ready)}（可量化条目{_verdict(r.preschool_passed)}）"
    print_table(["督导评估", "判定", "情况"], rows, title=f"{region}{year}年督导评估准备情况（标准：{r.standards}）")
    _checklist_table(r.checklist, title="申请条件与一票否决条目（由教育局确认）")
    if r.checklist_note:
        out.print(r.checklist_note, markup=False)
    _gap_table(r.largest_gaps, title="差距最大的条目")


def _checklist_table(entries: Sequence[Any], *, title: str) -> None:
    """The checklist: key, kind, statement, status, who and when, note, version."""
    rows = [[e.item.key, e.item.kind_label, e.item.statement, e.status,
             f"{e.confirmation.confirmed_by} {e.confirmation.confirmed_at:%Y-%m-%d %H:%M}" if e.confirmation else "—",
             (e.confirmation.note or "") if e.confirmation else "", str(e.confirmation.version) if e.confirmation else "—"]
            for e in entries]
    print_table(["键", "类别", "条目", "状态", "确认人、时间（UTC）", "说明", "版本"], rows, title=title)


@inspect_app.command("checklist")
def inspect_checklist(region: Region, year: Year, standards: StandardsOpt = None) -> None:
    """申请条件与一票否决条目：逐项列出教育局的确认情况（版本号用于 eduplan inspect confirm --expect-version）。"""
    from eduplan.core.inspection.checklist import checklist_note
    from eduplan.services.inspections import inspection_checklist

    entries = _in_session(lambda s: inspection_checklist(session=s, region=region, year=year,
                                                        standards=_standards(standards)))
    _checklist_table(entries, title=f"{region}{year}年督导评估申请条件与一票否决条目")
    out.print(checklist_note(entries), markup=False)


@inspect_app.command("confirm")
def inspect_confirm(
    region: Region, year: Year,
    item: Annotated[str, typer.Option("--item", help="确认事项的键，如 balance.veto.key_schools（见 eduplan inspect checklist）。")],
    holds: Annotated[bool, typer.Option("--holds/--fails", help="该条件符合（--holds）或不符合（--fails）。")],
    note: Annotated[str | None, typer.Option("--note", help="说明（可选，最多500字）。")] = None,
    expect_version: Annotated[int | None, typer.Option(
        "--expect-version", help="修改已有确认时，须给出 eduplan inspect checklist 列出的版本号；版本已变则拒绝。")] = None,
) -> None:
    """确认一项申请条件或一票否决条目：记录是否符合、确认人、时间和说明。"""
    from eduplan.services.inspections import confirm_checklist_item

    who = actor()
    entry = _in_session(lambda s: confirm_checklist_item(session=s, region=region, year=year, key=item, holds=holds,
                                                         actor=who, note=note, expected_version=expect_version))
    version = entry.confirmation.version if entry.confirmation else "—"
    out.print(f"已记录：{region}{year}年 {entry.item.statement}——{entry.status}（{who}，第{version}版）", markup=False)


@inspect_app.command("plan")
def inspect_plan(
    region: Region,
    by: Annotated[int, typer.Option("--by", help="达标年份（督导评估之年），如 2025。")],
    costs: Annotated[Path | None, typer.Option("--costs", help="本区县的单价和限制 JSON 文件（覆盖默认值）。")] = None,
    year: Annotated[int | None, typer.Option("--year", help="学校统计数据的年度，默认最近一年。")] = None,
    standards: StandardsOpt = None,
    earliness: Annotated[float, typer.Option("--earliness", min=0, max=1,
                                             help="提前达标的权重：每推迟一年，设施投入多计的比例（0—1）。")] = 0.0,
    as_json: Annotated[bool, typer.Option("--json", help="以 JSON 输出。")] = False,
    output: Annotated[Path | None, typer.Option("-o", "--output", help="另存为报告：.xlsx、.docx 或 .pdf。")] = None,
) -> None:
    """优质均衡达标方案：以最低成本使每所学校、每个学段在达标年份前通过资源配置评估。"""
    from eduplan.services.pass_plans import pass_plan

    plan = _in_session(lambda s: pass_plan(session=s, region=region, by=by, year=year, costs_file=costs,
                                           standards=_standards(standards), earliness=earliness))
    if output is not None:
        from eduplan.reports.builders import default_issuer, pass_plan_report
        from eduplan.reports.output import write_report

        written = run(lambda: write_report(pass_plan_report(plan, issuer=default_issuer(region)), output))
        out.print(f"已写入达标方案：{written}", markup=False)
    if as_json:
        print_json(_plan_json(plan), None)
        return
    state = "可行" if plan.feasible else "在现有限制下不可行"
    out.print(f"{region}义务教育优质均衡达标方案（{by}年前达标，{state}）：总成本{_wan(plan.total_cost)}万元；"
              f"逐校逐项补齐需{_wan(plan.naive_cost)}万元", markup=False)
    rows = [[str(a.year), a.school, a.name, f"{_num(a.quantity)}{a.unit}", _wan(a.cost)] for a in plan.actions]
    print_table(["年份", "学校（学段）", "措施", "数量", "成本（万元）"], rows, title="措施表")
    by_year = plan.cost_by_year()
    print_table(["年份", "成本（万元）"], [[str(y), _wan(c)] for y, c in by_year.items()], title="分年成本")
    before = f"{sum(1 for s in plan.before.schools if s.passed)}/{len(plan.before.schools)}"
    after = f"{sum(1 for s in plan.after.schools if s.passed)}/{len(plan.after.schools)}"
    out.print(f"达标学校（学段）：实施前 {before}，实施后 {after}；资源配置评估 实施前{_verdict(plan.before.passed)}，"
              f"实施后{_verdict(plan.after.passed)}", markup=False)
    if plan.projects_only_passes is not None:
        out.print(f"仅靠规划所列建设项目：{_verdict(plan.projects_only_passes)}", markup=False)
    for line in [*(f"限制约束：{b}" for b in plan.binding), *plan.notes]:
        out.print(f"· {line}", markup=False)
    out.print(f"单价：{plan.costs.source}（版本 {plan.costs.version}）", markup=False)


def _wan(value: float | None) -> str:
    return "—" if value is None else f"{value:,.2f}"


def _plan_json(plan: Any) -> dict[str, Any]:
    return {
        "region": plan.region, "by": plan.deadline, "feasible": plan.feasible, "binding": plan.binding,
        "total_cost_wan": round(plan.total_cost, 4), "naive_cost_wan": plan.naive_cost,
        "cost_by_year_wan": {str(k): round(v, 4) for k, v in plan.cost_by_year().items()},
        "actions": [{"year": a.year, "school_id": a.school_id, "school": a.school, "section": a.section,
                     "action": a.name, "kind": a.kind, "quantity": a.quantity, "unit": a.unit,
                     "cost_wan": round(a.cost, 4), "donor": a.donor} for a in plan.actions],
        "before_passed": plan.before.passed, "after_passed": plan.after.passed,
        "projects_only_passed": plan.projects_only_passes, "solve_seconds": round(plan.solve_seconds, 3),
        "rounds": plan.rounds, "notes": plan.notes,
    }
