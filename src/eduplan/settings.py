"""The one settings object, read from `EDUPLAN_*` environment variables when first needed.

Nothing is read at import time: call `get_settings()` where a setting is needed, and
`get_settings.cache_clear()` in tests that change the environment.
"""

from __future__ import annotations

import ipaddress
import os
import secrets
from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from eduplan.core.errors import ConfigError

PLACEHOLDER_SECRET = "dev-insecure-change-me"
#: The file in the data directory holding the generated session secret (mode 0600).
SECRET_FILE = "secret_key"
MIN_SECRET_LENGTH = 32


def _default_data_dir() -> Path:
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "eduplan"


class Settings(BaseSettings):
    """eduplan's settings; each field is set by the environment variable `EDUPLAN_<NAME>`."""

    model_config = SettingsConfigDict(env_prefix="EDUPLAN_", extra="ignore")

    env: Literal["development", "test", "production"] = Field(
        "development", description="运行环境：development（开发/演示）、test 或 production（正式部署）。")
    data_dir: Path = Field(default_factory=_default_data_dir,
                           description="数据目录：内置 SQLite 数据库、上传文件和报告存放于此。")
    database_url: str | None = Field(
        None, description="数据库地址；不设置时使用数据目录下的 SQLite 文件。"
                          "PostgreSQL 示例：postgresql://user:pass@host:5432/eduplan")
    read_database_url: str | None = Field(
        None, description="只读副本（PostgreSQL 热备库）地址，可选：未登录访客的公开看板从此读取，"
                          "登录用户仍读主库；副本不可达时回退主库。主库须为 PostgreSQL。")
    secret_key: str = Field(PLACEHOLDER_SECRET, description="会话签名密钥；正式部署必须设置为随机长字符串。")
    host: str = Field("127.0.0.1", description="`eduplan serve` 监听的地址。")
    port: int = Field(8000, description="`eduplan serve` 监听的端口。")
    extract_timeout_seconds: float = Field(
        120.0, ge=0, description="提取一份规划文档的时间上限（秒），超时即终止提取进程；0 表示在本进程内提取、不设限。")
    extract_memory_mb: int = Field(
        2048, ge=0, description="提取进程可用的内存上限（MB，地址空间）；0 表示不设限。")
    job_threshold_bytes: int = Field(
        1024 * 1024, ge=0, description="网页上传的规划文件或数据表超过此字节数时转为后台任务（显示进度、可取消）；0 表示一律后台处理。")
    import_timeout_seconds: float = Field(
        300.0, ge=0, description="后台导入一份数据表的时间上限（秒），超时即终止导入进程、不写入任何数据；0 表示不设限。")
    job_workers: int = Field(2, ge=1, le=16, description="同时运行的后台任务（提取、导入）个数上限，其余排队等候。")
    max_upload_bytes: int = Field(20 * 1024 * 1024, ge=1, description="网页上传文件（规划文本、数据表、佐证材料）的字节数上限。")
    max_body_bytes: int = Field(1024 * 1024, ge=1, description="其他请求内容（JSON、表单）的字节数上限。")
    public_figures: Literal["approved", "latest"] = Field(
        "approved", description="公开页面、市级总览和区县比较使用的数据：approved（仅市教委审核通过的数据）"
                                "或 latest（最新数据，含未审核的）。区县查看本区数据时总是看到最新数据，未审核的标明“未审核”。")
    memo_results: int = Field(
        100_000, ge=0, description="每个进程在内存中保留的已评估目标个数上限（约 1 KB 一个；多区县看板复用未变更区县的评估）；"
                                   "0 表示不保留。")
    plans_dir: Path | None = Field(
        None, description="演示用规划文本目录；不设置时依次查找 ./shared/plans 与 ../shared/plans。")

    # ---- sessions and login (docs/web.md “Sessions, CSRF, throttling”)
    session_idle_minutes: int = Field(120, ge=5, le=24 * 60,
                                      description="会话空闲多少分钟（无任何请求）后失效。")
    session_max_hours: int = Field(12, ge=1, le=30 * 24, description="会话自登录起最长有效小时数，到期须重新登录。")
    trusted_proxies: str = Field(
        "", description="可信反向代理的地址或网段（逗号分隔，如 127.0.0.1,10.0.0.0/8）；只有来自这些地址的请求，"
                        "其 X-Forwarded-For 才被用来识别客户端地址（登录限流）。")

    @model_validator(mode="after")
    def _refuse_unsafe_defaults(self) -> Settings:
        unsafe_secret = self.secret_key == PLACEHOLDER_SECRET or len(self.secret_key) < 32
        if self.env == "production" and unsafe_secret:
            raise ConfigError("正式环境（EDUPLAN_ENV=production）必须设置 EDUPLAN_SECRET_KEY，"
                              "且长度不少于 32 个字符，不能使用默认占位密钥")
        self.trusted_proxy_networks()  # refuses a malformed list now, naming the variable
        if self.read_database_url:
            for name, url in (("EDUPLAN_READ_DATABASE_URL", self.read_database_url),
                              ("EDUPLAN_DATABASE_URL", self.database_url or "")):
                if not url.startswith(("postgresql", "postgres:")):
                    raise ConfigError(f"设置了 EDUPLAN_READ_DATABASE_URL（只读副本）时，{name} 必须是 PostgreSQL 地址"
                                      "（postgresql://…）：只读副本是 PostgreSQL 主库的热备库")
        return self

    @property
    def secret_is_configured(self) -> bool:
        """Whether EDUPLAN_SECRET_KEY holds a real secret (not the placeholder, long enough)."""
        return self.secret_key != PLACEHOLDER_SECRET and len(self.secret_key) >= MIN_SECRET_LENGTH

    def session_secret(self) -> str:
        """The key that signs session cookies: EDUPLAN_SECRET_KEY when it is a real secret, else a
        random one generated once per data directory (`<data_dir>/secret_key`, mode 0600)."""
        if self.secret_is_configured:
            return self.secret_key
        path = self.data_dir / SECRET_FILE
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            os.chmod(path, 0o600)
            key = path.read_text(encoding="ascii").strip()
            if len(key) < MIN_SECRET_LENGTH:
                raise ConfigError(f"会话密钥文件 {path} 内容无效（少于 {MIN_SECRET_LENGTH} 个字符）："
                                  "请删除该文件后重启，将重新生成") from None
            return key
        key = secrets.token_urlsafe(48)
        with os.fdopen(fd, "w", encoding="ascii") as f:
            f.write(key + "\n")
        return key

    def trusted_proxy_networks(self) -> list[ipaddress.IPv4Network | ipaddress.IPv6Network]:
        """The networks of EDUPLAN_TRUSTED_PROXIES."""
        networks = []
        for item in (x.strip() for x in self.trusted_proxies.split(",")):
            if not item:
                continue
            try:
                networks.append(ipaddress.ip_network(item, strict=False))
            except ValueError:
                raise ConfigError(f"EDUPLAN_TRUSTED_PROXIES 中的“{item}”不是有效的 IP 地址或网段") from None
        return networks

    @property
    def resolved_database_url(self) -> str:
        """The database URL in force: `database_url`, or the SQLite file in `data_dir`."""
        if self.database_url:
            return self.database_url
        return f"sqlite:///{(self.data_dir / 'eduplan.db').resolve()}"

    def find_plans_dir(self) -> Path | None:
        """The folder of sample plan documents for the demo, if there is one."""
        candidates = [self.plans_dir] if self.plans_dir else [Path("shared/plans"), Path("../shared/plans")]
        for candidate in candidates:
            if candidate is not None and candidate.is_dir():
                return candidate.resolve()
        return None


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The settings, built from the environment on first use."""
    try:
        return Settings()
    except ConfigError:
        raise
    except ValueError as exc:  # pydantic's ValidationError
        raise ConfigError(f"配置有误：{_describe_validation_error(exc)}") from None


def _describe_validation_error(exc: ValueError) -> str:
    errors = getattr(exc, "errors", None)
    if not callable(errors):
        return str(exc)
    parts = []
    for err in errors():
        ctx = err.get("ctx") or {}
        if isinstance(ctx.get("error"), ConfigError):
            return str(ctx["error"])
        loc = ".".join(str(x) for x in err.get("loc", ()))
        parts.append(f"EDUPLAN_{loc.upper()} 的值无效（{err.get('msg')}）")
    return "；".join(parts)
