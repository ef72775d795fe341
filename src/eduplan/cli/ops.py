"""Operations: backup, restore, serve, demo."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from eduplan.cli.app import app
from eduplan.cli.common import (
    database_url,
    fail,
    out,
    progress_bar,
    run,
)
from eduplan.core.errors import ConfigError, InputError, Location

# ---------------------------------------------------------------- operations


@app.command("backup")
def backup(file: Annotated[Path, typer.Argument(help="备份文件路径。")]) -> None:
    """在线备份数据库（SQLite 用在线备份接口；PostgreSQL 用 pg_dump）。"""
    from eduplan.services.backup import backup_database

    url = database_url()
    run(lambda: backup_database(url, file))
    out.print(f"已备份到 {file}", markup=False)


@app.command("restore")
def restore(file: Annotated[Path, typer.Argument(help="由 eduplan backup 生成的备份文件。")]) -> None:
    """用备份文件恢复数据库（覆盖当前内容）。"""
    from eduplan.services.backup import restore_database

    url = database_url()
    if not file.exists():
        fail(InputError("备份文件不存在", location=Location(file=str(file))))
    run(lambda: restore_database(url, file))
    out.print(f"已从 {file} 恢复数据库", markup=False)


@app.command("serve")
def serve(
    host: Annotated[str | None, typer.Option(help="监听地址，默认取 EDUPLAN_HOST。")] = None,
    port: Annotated[int | None, typer.Option(help="监听端口，默认取 EDUPLAN_PORT。")] = None,
    workers: Annotated[int, typer.Option(min=1, max=64, help="工作进程数（登录限流与会话记录在数据库中，各进程共享）。")] = 1,
) -> None:
    """启动网页和 JSON 接口（/api/v1）。"""
    import uvicorn

    from eduplan.settings import get_settings
    from eduplan.uow import ensure_schema
    from eduplan.web.app import create_app

    settings = run(get_settings)
    bind_host, bind_port = host or settings.host, port or settings.port
    if not settings.secret_is_configured and not _is_loopback(bind_host):
        fail(ConfigError(f"监听地址 {bind_host} 不是本机回环地址：对外提供服务时必须设置 EDUPLAN_SECRET_KEY"
                         "（至少 32 个字符的随机字符串，可用 python -c \"import secrets; print(secrets.token_urlsafe(48))\" "
                         "生成），不能使用开发用的占位或自动生成的密钥；仅在本机试用时请用 --host 127.0.0.1"))
    run(lambda: ensure_schema(settings.resolved_database_url))
    out.print(f"eduplan 已启动：http://{bind_host}:{bind_port}/ （{workers} 个工作进程，按 Ctrl+C 停止）", markup=False)
    # proxy_headers off: the client's address for the login throttle is the connection's peer,
    # X-Forwarded-For only from EDUPLAN_TRUSTED_PROXIES (web/throttle.py), never uvicorn's guess.
    if workers == 1:
        uvicorn.run(create_app(settings), host=bind_host, port=bind_port, log_level="warning", proxy_headers=False)
    else:
        # Each worker process builds its own app from the same EDUPLAN_* environment.
        uvicorn.run("eduplan.web.app:create_app", factory=True, workers=workers, host=bind_host, port=bind_port,
                    log_level="warning", proxy_headers=False)


def _is_loopback(host: str) -> bool:
    import ipaddress

    if host.strip().lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


@app.command("demo")
def demo(
    no_serve: Annotated[bool, typer.Option("--no-serve", help="只建立演示数据库，不启动网页。")] = False,
    port: Annotated[int | None, typer.Option(help="网页端口，默认取 EDUPLAN_PORT。")] = None,
) -> None:
    """建立演示数据库（五个区县的规划）并启动网页。"""
    from eduplan.demo.build import build_demo
    from eduplan.settings import get_settings
    from eduplan.uow import unit_of_work

    settings = run(get_settings)

    def work() -> Any:
        with unit_of_work(settings.resolved_database_url) as session, progress_bar() as progress:
            return build_demo(session=session, plans_dir=settings.find_plans_dir(), progress=progress)

    report = run(work)
    out.print(report.summary(), markup=False)
    if not no_serve:
        serve(host=None, port=port, workers=1)
