"""The one settings object, read from `EDUPLAN_*` environment variables when first needed.

Nothing is read at import time: call `get_settings()` where a setting is needed, and
`get_settings.cache_clear()` in tests that change the environment.
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from eduplan.core.errors import ConfigError

PLACEHOLDER_SECRET = "dev-insecure-change-me"


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
    secret_key: str = Field(PLACEHOLDER_SECRET, description="会话签名密钥；正式部署必须设置为随机长字符串。")
    host: str = Field("127.0.0.1", description="`eduplan serve` 监听的地址。")
    port: int = Field(8000, description="`eduplan serve` 监听的端口。")
    max_upload_bytes: int = Field(20 * 1024 * 1024, ge=1, description="网页上传文件（规划文本、数据表、佐证材料）的字节数上限。")
    max_body_bytes: int = Field(1024 * 1024, ge=1, description="其他请求内容（JSON、表单）的字节数上限。")
    plans_dir: Path | None = Field(
        None, description="演示用规划文本目录；不设置时依次查找 ./shared/plans 与 ../shared/plans。")

    @model_validator(mode="after")
    def _refuse_unsafe_defaults(self) -> Settings:
        unsafe_secret = self.secret_key == PLACEHOLDER_SECRET or len(self.secret_key) < 32
        if self.env == "production" and unsafe_secret:
            raise ConfigError("正式环境（EDUPLAN_ENV=production）必须设置 EDUPLAN_SECRET_KEY，"
                              "且长度不少于 32 个字符，不能使用默认占位密钥")
        return self

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
