"""Settings come from EDUPLAN_* variables, are built on demand and refuse unsafe defaults."""

from __future__ import annotations

import pytest

from eduplan.core.errors import ConfigError
from eduplan.settings import PLACEHOLDER_SECRET, Settings, get_settings


@pytest.fixture(autouse=True)
def _fresh_settings(monkeypatch: pytest.MonkeyPatch):
    for name in ("EDUPLAN_ENV", "EDUPLAN_SECRET_KEY", "EDUPLAN_DATABASE_URL", "EDUPLAN_DATA_DIR", "EDUPLAN_PORT"):
        monkeypatch.delenv(name, raising=False)
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


def test_default_database_is_sqlite_file_in_data_dir(monkeypatch, tmp_path) -> None:
    monkeypatch.setenv("EDUPLAN_DATA_DIR", str(tmp_path))
    assert get_settings().resolved_database_url == f"sqlite:///{tmp_path / 'eduplan.db'}"


def test_database_url_from_environment_wins(monkeypatch) -> None:
    monkeypatch.setenv("EDUPLAN_DATABASE_URL", "postgresql://u@localhost/eduplan")
    assert get_settings().resolved_database_url == "postgresql://u@localhost/eduplan"


def test_placeholder_secret_is_refused_in_production(monkeypatch) -> None:
    monkeypatch.setenv("EDUPLAN_ENV", "production")
    with pytest.raises(ConfigError, match="EDUPLAN_SECRET_KEY"):
        get_settings()


def test_short_secret_is_refused_in_production() -> None:
    with pytest.raises(ConfigError):
        Settings(env="production", secret_key="short")


def test_placeholder_secret_is_accepted_in_development() -> None:
    assert Settings(env="development").secret_key == PLACEHOLDER_SECRET


def test_invalid_value_names_the_variable_in_chinese(monkeypatch) -> None:
    monkeypatch.setenv("EDUPLAN_PORT", "八千")
    with pytest.raises(ConfigError, match="EDUPLAN_PORT"):
        get_settings()


def test_settings_module_reads_nothing_at_import() -> None:
    import subprocess
    import sys

    code = "import os; os.environ['EDUPLAN_PORT']='bad'; import eduplan.settings, eduplan.cli; print('ok')"
    result = subprocess.run([sys.executable, "-c", code], check=False, capture_output=True, text=True)
    assert result.stdout.strip() == "ok", result.stderr


def test_every_setting_is_documented() -> None:
    from pathlib import Path

    doc = (Path(__file__).resolve().parents[2] / "docs" / "settings.md").read_text(encoding="utf-8")
    missing = [name for name in Settings.model_fields if f"`EDUPLAN_{name.upper()}`" not in doc]
    assert not missing, f"docs/settings.md does not document {missing}"


def test_without_a_configured_secret_each_data_dir_gets_its_own_random_one(tmp_path) -> None:
    import stat

    first = Settings(data_dir=tmp_path / "a")
    key = first.session_secret()
    assert key != PLACEHOLDER_SECRET and len(key) >= 32
    path = tmp_path / "a" / "secret_key"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert Settings(data_dir=tmp_path / "a").session_secret() == key  # every worker, every restart
    assert Settings(data_dir=tmp_path / "b").session_secret() != key
    configured = "k" * 40
    assert Settings(data_dir=tmp_path / "c", secret_key=configured).session_secret() == configured
    assert not (tmp_path / "c" / "secret_key").exists()


def test_a_malformed_trusted_proxy_list_names_the_variable(monkeypatch) -> None:
    monkeypatch.setenv("EDUPLAN_TRUSTED_PROXIES", "10.0.0.1, not-an-ip")
    with pytest.raises(ConfigError, match="EDUPLAN_TRUSTED_PROXIES 中的“not-an-ip”"):
        get_settings()
