"""The README stays true: every command of the CLI is listed in it, and it names the two set-up commands."""

from __future__ import annotations

from pathlib import Path

import typer

from eduplan.cli import app

README = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")


def _commands(typer_app: typer.Typer, prefix: str = "eduplan") -> list[str]:
    names = [f"{prefix} {c.name or c.callback.__name__}" for c in typer_app.registered_commands]
    for group in typer_app.registered_groups:
        names += _commands(group.typer_instance, f"{prefix} {group.name}")
    return names


def _documented(name: str) -> bool:
    """A line of the README names the command's group and the command itself."""
    *group, last = name.split()
    prefix = " ".join(group)
    return any(f"`{name}" in line or (f"`{prefix} " in line and last in line.split(prefix, 1)[1])
               for line in README.splitlines() if prefix in line)


def test_every_command_is_in_the_readme() -> None:
    missing = [name for name in _commands(app) if not _documented(name)]
    assert not missing, f"README.md does not mention {missing}"


def test_readme_gives_the_two_setup_commands_and_ci_runs_the_test_one() -> None:
    assert "make demo" in README and "make test" in README
    ci = (Path(__file__).resolve().parents[2] / ".ci" / "run").read_text(encoding="utf-8")
    assert "make test" in ci
