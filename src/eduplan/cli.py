"""The `eduplan` command: thin commands that parse, call one service and render.

Every command that writes owns its unit of work (commit on success, rollback on error).
Bad input prints one Chinese line saying what and where, and exits with status 2.
"""

from __future__ import annotations

import getpass
import json
import sys
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any, NoReturn, TypeVar

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from eduplan.core.errors import EduplanError, InputError, Location

app = typer.Typer(
    name="eduplan",
    help="eduplan：区县教育事业发展规划的提取、监测与评估。",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
)
db_app = typer.Typer(help="数据库维护。", no_args_is_help=True)
plans_app = typer.Typer(help="查看已入库的规划。", no_args_is_help=True)
app.add_typer(db_app, name="db")
app.add_typer(plans_app, name="plans")

out = Console(highlight=False, soft_wrap=True)
err = Console(stderr=True, highlight=False, soft_wrap=True)

_state: dict[str, bool] = {"debug": False}

T = TypeVar("T")


@app.callback()
def _root(
    debug: Annotated[bool, typer.Option("--debug", help="出错时显示完整的调用栈。")] = False,
) -> None:
    _state["debug"] = debug


def _fail(exc: BaseException) -> NoReturn:
    if _state["debug"]:
        traceback.print_exception(exc, file=sys.stderr)
    err.print(f"错误：{exc}", markup=False)
    raise typer.Exit(2)


def _run(work: Callable[[], T]) -> T:
    """Run a command's work, turning eduplan errors into one Chinese line and exit status 2."""
    try:
        return work()
    except EduplanError as exc:
        _fail(exc)
    except OSError as exc:
        _fail(InputError(f"文件读写失败：{exc.strerror or exc}", location=Location(file=exc.filename)))


def _url() -> str:
    from eduplan.settings import get_settings

    return get_settings().resolved_database_url


def _actor() -> str:
    try:
        return f"cli:{getpass.getuser()}"
    except (KeyError, OSError):
        return "cli"


def _progress() -> Progress:
    return Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                    TimeElapsedColumn(), console=err, transient=True,
                    disable=not err.is_terminal)


def _print_table(headers: list[str], rows: list[list[str]], *, title: str | None = None) -> None:
    """A boxed table on a terminal; tab-separated lines when the output is piped or captured."""
    if not out.is_terminal:
        if title:
            out.print(title, markup=False)
        for row in [headers, *rows]:
            out.print("\t".join(row), markup=False, crop=False, overflow="ignore")
        return
    table = Table(title=title)
    for header in headers:
        table.add_column(header, overflow="fold")
    for row in rows:
        table.add_row(*row)
    out.print(table)


def _print_json(data: Any, output: Path | None) -> None:
    text = json.dumps(data, ensure_ascii=False, indent=2)
    if output:
        output.write_text(text + "\n", encoding="utf-8")
        err.print(f"已写入 {output}", markup=False)
    else:
        sys.stdout.write(text + "\n")


# ---------------------------------------------------------------- db


@db_app.command("upgrade")
def db_upgrade(revision: Annotated[str, typer.Argument(help="目标版本，默认最新。")] = "head") -> None:
    """把数据库结构升级到最新版本（首次使用时创建数据库）。"""
    from eduplan.store.db import upgrade_database

    url = _url()
    _run(lambda: upgrade_database(url, revision))
    out.print(f"数据库已升级到 {revision}：{_safe_url(url)}", markup=False)


@db_app.command("downgrade")
def db_downgrade(revision: Annotated[str, typer.Argument(help="目标版本，如 base。")]) -> None:
    """把数据库结构回退到指定版本。"""
    from eduplan.store.db import downgrade_database

    url = _url()
    _run(lambda: downgrade_database(url, revision))
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
        with unit_of_work(_url()) as session:
            return import_plan(session=session, plan=plan, actor=_actor())

    result = _run(work)
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
    as_json: Annotated[bool, typer.Option("--json", help="以交换格式 JSON 输出（默认）。")] = True,
    output: Annotated[Path | None, typer.Option("-o", "--output", help="写入文件而不是标准输出。")] = None,
) -> None:
    """以交换格式（JSON）导出规划，可再用 load 载入。"""
    from eduplan.services.plans import export_plan
    from eduplan.uow import unit_of_work

    def work() -> Any:
        with unit_of_work(_url()) as session:
            return export_plan(session=session, ref=plan)

    _print_json(_run(work), output)


@plans_app.command("list")
def plans_list() -> None:
    """列出库中的规划。"""
    from eduplan.services.plans import list_plans
    from eduplan.uow import unit_of_work

    def work() -> Any:
        with unit_of_work(_url()) as session:
            return list_plans(session=session)

    summaries = _run(work)
    if not summaries:
        out.print("库中还没有规划。可用 eduplan ingest 文件 或 eduplan load 文件.json 导入。", markup=False)
        return
    rows = [[str(s.id), s.region, s.title, s.doc_number or "—", s.issued_on.isoformat() if s.issued_on else "—",
             str(s.indicators), str(s.targets), str(s.tasks), str(s.projects), str(s.findings)]
            for s in summaries]
    _print_table(["编号", "区县", "标题", "文号", "印发日期", "指标", "目标", "任务", "项目", "问题"], rows)


@plans_app.command("show")
def plans_show(plan: Annotated[str, typer.Argument(help="规划：编号、文号、标题或区县名。")]) -> None:
    """显示一个规划的基本信息、指标和问题。"""
    from eduplan.services.plans import get_plan
    from eduplan.uow import unit_of_work

    def work() -> Any:
        with unit_of_work(_url()) as session:
            return get_plan(session=session, ref=plan)

    plan_id, p = _run(work)
    _render_plan(p, plan_id=plan_id)


def _render_plan(p: Any, *, plan_id: int | None = None) -> None:
    from eduplan.ingest.numbers import as_int_or_float

    head = f"{p.title}" + (f"（编号 {plan_id}）" if plan_id is not None else "")
    out.print(head, style="bold", markup=False)
    period = f"{p.period[0]}—{p.period[1]}年" if p.period else "—"
    out.print(f"区县：{p.region}　文号：{p.doc_number or '—'}　印发：{p.issuer or '—'} "
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
        _print_table(["类别", "指标", "单位", "2020年", "目标", "属性"], rows, title="主要指标")
    for f in p.findings:
        out.print(f"问题［{f.kind}］第{f.source.line}行：{f.message}", markup=False)


# ---------------------------------------------------------------- documents


@app.command("extract")
def extract(
    file: Annotated[Path, typer.Argument(help="规划文档：.txt（UTF-8 或 GBK）、.docx 或 .pdf。")],
    as_json: Annotated[bool, typer.Option("--json", help="以交换格式 JSON 输出。")] = False,
    output: Annotated[Path | None, typer.Option("-o", "--output", help="JSON 写入文件。")] = None,
) -> None:
    """从规划文档中提取指标、目标、专栏、任务、项目和问题（不入库）。"""
    from eduplan.core.interchange import plan_to_dict
    from eduplan.services.documents import extract_file

    plan = _run(lambda: extract_file(path=file))
    if as_json or output:
        _print_json(plan_to_dict(plan), output)
    else:
        _render_plan(plan)


@app.command("ingest")
def ingest(
    files: Annotated[list[Path], typer.Argument(help="一个或多个规划文档。")],
) -> None:
    """提取规划文档并入库；同一文档重复导入不产生变化。全部成功才写入。"""
    from eduplan.services.documents import ingest_file
    from eduplan.uow import unit_of_work

    def work() -> list[Any]:
        results = []
        with unit_of_work(_url()) as session, _progress() as progress:
            task = progress.add_task("提取并入库", total=len(files))
            for path in files:
                results.append((path, ingest_file(session=session, path=path, actor=_actor())))
                progress.advance(task)
        return results

    for path, result in _run(work):
        out.print(f"{path.name}：", end="", markup=False)
        _report_save(result)


# ---------------------------------------------------------------- operations


@app.command("backup")
def backup(file: Annotated[Path, typer.Argument(help="备份文件路径。")]) -> None:
    """在线备份数据库（SQLite 用在线备份接口；PostgreSQL 用 pg_dump）。"""
    from eduplan.services.backup import backup_database

    url = _url()
    _run(lambda: backup_database(url, file))
    out.print(f"已备份到 {file}", markup=False)


@app.command("restore")
def restore(file: Annotated[Path, typer.Argument(help="由 eduplan backup 生成的备份文件。")]) -> None:
    """用备份文件恢复数据库（覆盖当前内容）。"""
    from eduplan.services.backup import restore_database

    url = _url()
    if not file.exists():
        _fail(InputError("备份文件不存在", location=Location(file=str(file))))
    _run(lambda: restore_database(url, file))
    out.print(f"已从 {file} 恢复数据库", markup=False)


@app.command("serve")
def serve(
    host: Annotated[str | None, typer.Option(help="监听地址，默认取 EDUPLAN_HOST。")] = None,
    port: Annotated[int | None, typer.Option(help="监听端口，默认取 EDUPLAN_PORT。")] = None,
) -> None:
    """启动网页和 JSON 接口（/api/v1）。"""
    import uvicorn

    from eduplan.settings import get_settings
    from eduplan.uow import ensure_schema
    from eduplan.web.app import create_app

    settings = _run(get_settings)
    _run(lambda: ensure_schema(settings.resolved_database_url))
    bind_host, bind_port = host or settings.host, port or settings.port
    out.print(f"eduplan 已启动：http://{bind_host}:{bind_port}/ （按 Ctrl+C 停止）", markup=False)
    uvicorn.run(create_app(settings), host=bind_host, port=bind_port, log_level="warning")


@app.command("demo")
def demo(
    no_serve: Annotated[bool, typer.Option("--no-serve", help="只建立演示数据库，不启动网页。")] = False,
    port: Annotated[int | None, typer.Option(help="网页端口，默认取 EDUPLAN_PORT。")] = None,
) -> None:
    """建立演示数据库（五个区县的规划）并启动网页。"""
    from eduplan.services.demo import build_demo
    from eduplan.settings import get_settings
    from eduplan.uow import unit_of_work

    settings = _run(get_settings)

    def work() -> Any:
        with unit_of_work(settings.resolved_database_url) as session, _progress() as progress:
            return build_demo(session=session, plans_dir=settings.find_plans_dir(), progress=progress)

    report = _run(work)
    out.print(report.summary(), markup=False)
    if not no_serve:
        serve(host=None, port=port)


def main() -> None:
    """Entry point of the `eduplan` console script."""
    app()


if __name__ == "__main__":  # pragma: no cover
    main()
