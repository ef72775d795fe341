"""Shared test fixtures: where the five sample plans are."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import settings

# Property tests draw the same examples on every run (CI and a developer see the same result; a
# failure is reproduced by re-running) and keep no example database in the checkout.
# HYPOTHESIS_PROFILE=explore draws fresh examples for a hunting session.
settings.register_profile("ci", derandomize=True, database=None, print_blob=True)
settings.register_profile("explore", derandomize=False)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

# The database fixtures (SQLite per test, a throwaway PostgreSQL cluster per session) are
# shared by the store, service and CLI tests.
pytest_plugins = ("tests.dbfixtures",)

REPO = Path(__file__).resolve().parent.parent
PLANS_DIR = REPO.parent / "shared" / "plans"
PLAN_FILES = ("bishan", "fuling", "nanchuan", "qianjiang", "yuzhong")


@pytest.fixture(scope="session")
def plans_dir() -> Path:
    """The folder of the five sample plans; the test is skipped when it is absent."""
    if not PLANS_DIR.is_dir():
        pytest.skip(f"示例规划目录不存在：{PLANS_DIR}（这些测试需要 ../shared/plans/）")
    return PLANS_DIR
