"""The core ring stays pure: no adapter library and no I/O module is imported by it."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

CORE = Path(__file__).resolve().parents[2] / "src" / "eduplan" / "core"
FORBIDDEN = {
    "sqlalchemy", "alembic", "fastapi", "starlette", "uvicorn", "jinja2", "docx", "openpyxl", "pypdf",
    "reportlab", "typer", "rich", "psycopg", "httpx", "requests", "pydantic_settings",
    "sqlite3", "socket", "subprocess", "urllib", "eduplan.store", "eduplan.web", "eduplan.cli",
    "eduplan.ingest", "eduplan.services", "eduplan.reports", "eduplan.exchange",
}


def _imports(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


@pytest.mark.parametrize("module", sorted(CORE.glob("*.py")), ids=lambda p: p.name)
def test_core_module_imports_no_adapter_library(module: Path) -> None:
    bad = {name for name in _imports(module) for f in FORBIDDEN if name == f or name.startswith(f + ".")}
    assert not bad, f"{module.name} imports {sorted(bad)}"


def test_core_package_imports_without_adapter_libraries_loaded() -> None:
    import subprocess
    import sys

    code = (
        "import sys, eduplan.core.plan, eduplan.core.interchange, eduplan.core.errors\n"
        "import pkgutil, importlib, eduplan.core as c\n"
        "for m in pkgutil.iter_modules(c.__path__): importlib.import_module('eduplan.core.' + m.name)\n"
        f"bad = [m for m in sys.modules if m.split('.')[0] in {sorted({f.split('.')[0] for f in FORBIDDEN if not f.startswith('eduplan')})!r}]\n"
        "print(','.join(sorted(bad)))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "", f"importing eduplan.core loads {result.stdout.strip()}"
