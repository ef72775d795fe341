"""The rings hold: which part of eduplan may import which, with no exception list and no cycle.

Every module under src/eduplan is parsed (subpackages and relative imports included, imports
inside functions too), its imports of eduplan resolved to the ring they land in, and checked
against one matrix. The core is pure: besides its own ring it imports the standard library and
NumPy and the HiGHS solver only (a list of allowed third-party roots, so a new adapter library cannot slip in).
"""

from __future__ import annotations

import ast
import itertools
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src"
PACKAGE = SRC / "eduplan"

# ring → the rings it may import (its own always allowed). `eduplan` is the package root
# (__init__, settings.py, uow.py are rings of their own: settings and uow).
ALLOWED: dict[str, set[str]] = {
    "core": set(),
    "data": {"core"},
    "ingest": {"core", "data"},
    "exchange": {"core", "data"},
    "store": {"core", "data"},
    "reports": {"core", "data"},
    "settings": {"core"},
    "uow": {"core", "store", "settings"},
    "services": {"core", "data", "ingest", "exchange", "store", "reports", "settings"},
    "demo": {"core", "data", "services", "settings", "uow"},
    "web": {"core", "data", "services", "reports", "settings", "uow"},
    "cli": {"core", "data", "services", "reports", "settings", "uow", "demo", "web"},
    "eduplan": set(),
}
RINGS = set(ALLOWED)

STDLIB = set(sys.stdlib_module_names)
CORE_THIRD_PARTY = {"numpy", "highspy"}  # computation only: arrays, and the MIP solver (imported when solving)


def module_name(path: Path) -> str:
    parts = path.relative_to(SRC).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def ring_of(module: str) -> str:
    parts = module.split(".")
    if len(parts) == 1:
        return "eduplan"
    return parts[1] if parts[1] in RINGS else "eduplan"


def imports_of(path: Path) -> Iterator[tuple[int, str]]:
    """(line, absolute module name) of every import in a file, relative ones resolved."""
    module = module_name(path)
    package = module if path.name == "__init__.py" else module.rsplit(".", 1)[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                target = ".".join([*base, node.module] if node.module else base)
            else:
                target = node.module or ""
            yield node.lineno, target
            for alias in node.names:  # `from eduplan.web import render` imports the module render
                candidate = f"{target}.{alias.name}"
                if (SRC / (candidate.replace(".", "/") + ".py")).exists() or (SRC / candidate.replace(".", "/")).is_dir():
                    yield node.lineno, candidate


MODULES = sorted(PACKAGE.rglob("*.py"))


def test_every_module_is_in_a_known_ring() -> None:
    assert MODULES, "no source found"
    top = {p.relative_to(PACKAGE).parts[0].removesuffix(".py") for p in MODULES}
    unknown = top - RINGS - {"__init__"}
    assert not unknown, f"eduplan/{sorted(unknown)} belongs to no ring: add it to ALLOWED in {__file__}"


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_module_imports_only_what_its_ring_may(path: Path) -> None:
    ring = ring_of(module_name(path))
    bad = []
    for line, target in imports_of(path):
        root = target.split(".")[0]
        if root == "eduplan":
            other = ring_of(target)
            if other != ring and other not in ALLOWED[ring] and target != "eduplan":
                bad.append(f"line {line}: {target} ({ring} → {other})")
        elif ring == "core" and root not in STDLIB and root not in CORE_THIRD_PARTY:
            bad.append(f"line {line}: {target} (core imports a third-party library)")
    assert not bad, f"{path.relative_to(PACKAGE)} breaks the rings:\n" + "\n".join(bad)


def _graph() -> dict[str, set[str]]:
    """Module → the eduplan modules it imports (anywhere in the file, function bodies included)."""
    names = {module_name(p) for p in MODULES}
    graph: dict[str, set[str]] = {}
    for path in MODULES:
        module = module_name(path)
        graph[module] = {target for _, target in imports_of(path) if target in names and target != module}
    return graph


def test_import_graph_has_no_cycle() -> None:
    graph = _graph()
    state: dict[str, int] = {}
    stack: list[str] = []
    cycles: list[list[str]] = []

    def visit(node: str) -> None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                cycles.append([*stack[stack.index(nxt):], nxt])
            elif nxt not in state:
                visit(nxt)
        stack.pop()
        state[node] = 2

    for node in sorted(graph):
        if node not in state:
            visit(node)
    # a package's __init__ importing its own modules is not a cycle between modules
    real = [c for c in cycles if not any(a.startswith(b + ".") or b.startswith(a + ".") for a, b in itertools.pairwise(c))]
    assert not real, "import cycles:\n" + "\n".join(" → ".join(c) for c in real)


def test_core_imports_without_adapter_libraries_loaded() -> None:
    """Importing every core module (subpackages included) loads no third-party library but NumPy."""
    code = (
        "import sys, importlib, pkgutil, eduplan.core as c\n"
        "for m in pkgutil.walk_packages(c.__path__, 'eduplan.core.'): importlib.import_module(m.name)\n"
        "std = set(sys.stdlib_module_names) | {'eduplan', 'numpy', '_distutils_hack'}\n"
        "bad = sorted({m.split('.')[0] for m in sys.modules} - std)\n"
        "print(','.join(b for b in bad if not b.startswith('_')))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "", f"importing eduplan.core loads {result.stdout.strip()}"
