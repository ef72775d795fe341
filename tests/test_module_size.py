"""No module under src/eduplan is longer than 400 lines (issue 10), and no service writes an SQL
statement of its own: their SELECTs, UPDATEs and DELETEs are named functions of `store`."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "eduplan"
MAX_LINES = 400
#: Alembic migrations are history: they are never split or edited.
MIGRATIONS = PACKAGE / "store" / "migrations" / "versions"

#: Every module of services/ (a new one included the day it is written).
SERVICES = sorted(p.stem for p in (PACKAGE / "services").glob("*.py") if p.stem != "__init__")
STATEMENT = re.compile(r"(?<![\w.])(select|delete|update|insert)\(")  # not dict.update(
BUILDERS = {"select", "delete", "update", "insert"}


def _line_counts() -> dict[str, int]:
    return {str(p.relative_to(PACKAGE)): len(p.read_text(encoding="utf-8").splitlines())
            for p in sorted(PACKAGE.rglob("*.py")) if MIGRATIONS not in p.parents}


def _too_long() -> dict[str, int]:
    return {name: n for name, n in _line_counts().items() if n > MAX_LINES}


def test_no_module_is_longer_than_400_lines() -> None:
    too_long = _too_long()
    assert not too_long, "modules over 400 lines (split them):\n" + "\n".join(
        f"  {name}: {n}" for name, n in sorted(too_long.items(), key=lambda kv: -kv[1]))


def test_the_line_count_sees_the_package() -> None:
    counts = _line_counts()
    assert "store/models/plans.py" in counts and not any(k.startswith("store/migrations/versions") for k in counts)


@pytest.mark.parametrize("name", SERVICES)
def test_no_service_writes_a_statement(name: str) -> None:
    text = (PACKAGE / "services" / f"{name}.py").read_text(encoding="utf-8")
    found = [f"line {text.count(chr(10), 0, m.start()) + 1}: {m.group()}" for m in STATEMENT.finditer(text)]
    found += [f"line {node.lineno}: imports {alias.name} from {node.module}" for node in ast.walk(ast.parse(text))
              if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("sqlalchemy")
              for alias in node.names if alias.name in BUILDERS]
    assert not found, f"services/{name}.py writes SQL itself (move it to a named store function):\n" + "\n".join(found)
