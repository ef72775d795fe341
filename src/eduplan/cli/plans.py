"""Commands on plans: extract, ingest, load, export, list, show, publish, unpublish, delete; and the schema."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import typer

from eduplan.cli.app import app, db_app, plans_app
from eduplan.cli.common import (
    actor,
    database_url,
    out,
    print_json,
    print_table,
    progress_bar,
    run,
)
from eduplan.core.errors import InputError, Location

# ---------------------------------------------------------------- db


@db_app.command("upgrade")
def db_upgrade(revision: Annotated[str, typer.Argument(help="目标版本，默认最新。")] = "head") -> None:
    """把数据库结构升级到最新版本（首次使用时创建数据库）。"""
    from eduplan.services import schema

    url = database_url()
    run(lambda: schema.upgrade(url, revision))
    out.print(f"数据库已升级到 {revision}：{_safe_url(url)}", markup=False)


@db_app.command("downgrade")
def db_downgrade(revision: Annotated[str, typer.Argument(help="目标版本，如 base。")]) -> None:
    """把数据库结构回退到指定版本。"""
    from eduplan.services import schema

    url = database_url()
    run(lambda: schema.downgrade(url, revision))
    out.print(f"数据库已回退到 {revision}", markup=False)


def _safe_url(url: str) -> str:
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)


# ---------------------------------------------------------------- plans in and out


def _read_plan_json(path: Path) -> Any:
    from eduplan.core.interchange import plan_from_dict

    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise InputError("文件不存在", location=Location(file=str(path))) from None
    except UnicodeDecodeError:
        raise InputError("不是 UTF-8 编码的 JSON 文件", location=Location(file=str(path))) from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(f"JSON 格式错误（{exc.msg}）",
                         location=Location(file=str(path), line=exc.lineno, column=exc.colno)) from None
    return plan_from_dict(data, file=str(path))


@app.command("load")
def load(plan_file: Annotated[Path, typer.Argument(help="交换格式的规划 JSON 文件。")]) -> None:
    """把交换格式（JSON）的规划存入数据库；重复载入不产生变化，载入新版本会记录变更。"""
    from eduplan.services.plans import import_plan
    from eduplan.uow import unit_of_work

    def work() -> Any:
        plan = _read_plan_json(plan_file)
        with unit_of_work(database_url()) as session:
            return import_plan(session=session, plan=plan, actor=actor())

    result = run(work)
    _report_save(result)


def _report_save(result: Any) -> None:
    if result.created:
        out.print(f"已新建规划（编号 {result.plan_id}）", markup=False)
    elif result.changes:
        out.print(f"已更新规划（编号 {result.plan_id}），共 {len(result.changes)} 处变更：", markup=False)
        for change in result.changes:
            out.print(f"  · {change}", markup=False)
    else:
        out.print(f"规划（编号 {result.plan_id}）与库中一致，未作改动", markup=False)


@app.command("export")
def export(
    plan: Annotated[str, typer.Argument(help="规划：编号、文号、标题，或只有一个规划的区县名。")],
    output: Annotated[Path | None, typer.Option("-o", "--output", help="写入文件而不是标准输出。")] = None,
    _json: Annotated[bool, typer.Option("--json", hidden=True, help="兼容旧脚本：输出本来就是 JSON。")] = False,
) -> None:
    """以交换格式（JSON）导出规划，可再用 load 载入。输出总是 JSON。"""
    from eduplan.services.plans import export_plan
    from eduplan.uow import unit_of_work

    def work() -> Any:
        with unit_of_work(database_url()) as session:
            return export_plan(session=session, ref=plan)

    print_json(run(work), output)


@plans_app.command("list")
def plans_list() -> None:
    """列出库中的规划。"""
    from eduplan.services.plans import list_plans
    from eduplan.uow import unit_of_work

    def work() -> Any:
        with unit_of_work(database_url()) as session:
            return list_plans(session=session)

    summaries = run(work)
    if not summaries:
        out.print("库中还没有规划。可用 eduplan ingest 文件 或 eduplan load 文件.json 导入。", markup=False)
        return
    rows = [[str(s.id), s.region, s.title, s.doc_number or "—", s.issued_on.isoformat() if s.issued_on else "—",
             s.status.label, str(s.indicators), str(s.targets), str(s.tasks), str(s.projects), str(s.findings)]
            for s in summaries]
    print_table(["编号", "区县", "标题", "文号", "印发日期", "状态", "指标", "目标", "任务", "项目", "问题"], rows)


@plans_app.command("show")
def plans_show(plan: Annotated[str, typer.Argument(help="规划：编号、文号、标题或区县名。")]) -> None:
    """显示一个规划的基本信息、指标和问题。"""
    from eduplan.services.plans import get_plan
    from eduplan.uow import unit_of_work

    def work() -> Any:
        with unit_of_work(database_url()) as session:
            return get_plan(session=session, ref=plan)

    plan_id, p = run(work)
    _render_plan(p, plan_id=plan_id)


@plans_app.command("publish")
def plans_publish(plan: Annotated[str, typer.Argument(help="规划：编号、文号、标题或区县名。")]) -> None:
    """发布规划（草稿→已发布，所有人可查看）；已发布的规划不变。"""
    from eduplan.services.plans import publish_plan

    _change_status(publish_plan, plan)


@plans_app.command("unpublish")
def plans_unpublish(plan: Annotated[str, typer.Argument(help="规划：编号、文号、标题或区县名。")]) -> None:
    """把规划撤回为草稿（仅本区县、市教委、评估机构和管理员可查看）；草稿不变。"""
    from eduplan.services.plans import unpublish_plan

    _change_status(unpublish_plan, plan)


@plans_app.command("delete")
def plans_delete(plan: Annotated[str, typer.Argument(help="规划：编号、文号、标题或区县名。")]) -> None:
    """删除规划及其指标、任务、项目（不再询问，记入审计日志）；区县的监测数据和已存评估保留。"""
    from eduplan.services.plans import delete_plan
    from eduplan.uow import unit_of_work

    def work() -> str:
        with unit_of_work(database_url()) as session:
            return delete_plan(session=session, ref=plan, actor=actor())

    out.print(run(work), markup=False)


def _change_status(service: Any, plan: str) -> None:
    from eduplan.uow import unit_of_work

    def work() -> Any:
        with unit_of_work(database_url()) as session:
            return service(session=session, ref=plan, actor=actor())

    out.print(run(work).message, markup=False)


def _render_plan(p: Any, *, plan_id: int | None = None) -> None:
    from eduplan.core.numbers import as_int_or_float

    head = f"{p.title}" + (f"（编号 {plan_id}）" if plan_id is not None else "")
    out.print(head, style="bold", markup=False)
    period = f"{p.period[0]}—{p.period[1]}年" if p.period else "—"
    region = f"{p.region}（{p.region_code}）" if p.region_code else (p.region or "未识别")
    out.print(f"地区：{region}　文号：{p.doc_number or '—'}　印发：{p.issuer or '—'} "
              f"{p.issued_on or ''}　规划期：{period}", markup=False)
    out.print(f"指标 {len(p.indicators)} 项，文中目标 {len(p.targets)} 项，专栏 {len(p.programmes)} 个，"
              f"任务 {len(p.tasks)} 项，项目 {len(p.projects)} 个，问题 {len(p.findings)} 条", markup=False)
    if p.indicators:
        attr = {"expected": "预期性", "binding": "约束性"}
        rows = []
        for i in p.indicators:
            base = i.raw_values.get("2020") or (str(as_int_or_float(i.values["2020"]))
                                                 if i.values.get("2020") is not None else "")
            rows.append([i.category or "", ("　" if i.parent else "") + i.name, i.unit or "", base,
                         (i.target.raw or "") if i.target else "", attr.get(str(i.attribute), "")])
        print_table(["类别", "指标", "单位", "2020年", "目标", "属性"], rows, title="主要指标")
    for f in p.findings:
        where = f"第{f.source.line}行：" if f.source.line is not None else ""
        out.print(f"问题［{f.kind}］{where}{f.message}", markup=False)


# ---------------------------------------------------------------- documents

_REGION_OPTION = typer.Option(
    "--region", help="规划所属行政区：名称（如 璧山区、重庆市璧山区）或 6 位区划代码（如 500120），"
                     "按全国行政区划名录核对；指定后代替文中识别的地区。")


@app.command("extract")
def extract(
    file: Annotated[Path, typer.Argument(help="规划文档：.txt（UTF-8 或 GBK）、.docx 或 .pdf。")],
    as_json: Annotated[bool, typer.Option("--json", help="以交换格式 JSON 输出。")] = False,
    output: Annotated[Path | None, typer.Option("-o", "--output", help="JSON 写入文件。")] = None,
    region: Annotated[str | None, _REGION_OPTION] = None,
) -> None:
    """从规划文档中提取指标、目标、专栏、任务、项目和问题（不入库）。"""
    from eduplan.core.interchange import plan_to_dict
    from eduplan.services.documents import extract_file

    plan = run(lambda: extract_file(path=file, region=region))
    if as_json or output:
        print_json(plan_to_dict(plan), output)
    else:
        _render_plan(plan)


@app.command("ingest")
def ingest(
    files: Annotated[list[Path], typer.Argument(help="一个或多个规划文档。")],
    region: Annotated[str | None, _REGION_OPTION] = None,
) -> None:
    """提取规划文档并入库；同一文档重复导入不产生变化。全部成功才写入。

    文中认不出所属行政区的规划不入库，须用 --region 指定。
    """
    from eduplan.services.documents import ingest_file
    from eduplan.uow import unit_of_work

    def work() -> list[Any]:
        results = []
        with unit_of_work(database_url()) as session, progress_bar() as progress:
            task = progress.add_task("提取并入库", total=len(files))
            for path in files:
                results.append((path, ingest_file(session=session, path=path, actor=actor(), region=region)))
                progress.advance(task)
        return results

    for path, result in run(work):
        out.print(f"{path.name}：", end="", markup=False)
        _report_save(result)
