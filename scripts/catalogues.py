"""Write the catalogue tables of the docs from the code that defines them, or check they match.

    .venv/bin/python scripts/catalogues.py          # rewrite the tables in place
    .venv/bin/python scripts/catalogues.py --check  # exit 1 and name the file if a table is stale

Each table sits between `<!-- catalogue:NAME -->` and `<!-- /catalogue -->` in its document:
`findings` (docs/findings.md, from core/findings.CATALOGUE), `yearly-issues` and `school-issues`
(docs/collection.md, from core/collection/yearly and exchange/school_sheet).
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _cell(text: object) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def findings_table() -> str:
    from eduplan.core.findings import CATALOGUE

    rows = ["| kind | 标题 | severity | message template |", "|---|---|---|---|"]
    rows += [f"| `{k.kind}` | {_cell(k.title)} | {k.severity} | {_cell(k.template)} |" for k in CATALOGUE.values()]
    return "\n".join(rows)


def _issue_table(kinds: list) -> str:
    rows = ["| code | 标题 | severity | message |", "|---|---|---|---|"]
    rows += [f"| `{k.code}` | {_cell(k.title)} | {k.severity} | {_cell(k.template)} |" for k in kinds]
    return "\n".join(rows)


def yearly_issues_table() -> str:
    from eduplan.core.collection.yearly import ISSUE_KINDS

    return _issue_table(list(ISSUE_KINDS))


def school_issues_table() -> str:
    from eduplan.core.collection.yearly import IssueKind
    from eduplan.exchange import school_sheet

    return _issue_table([v for v in vars(school_sheet).values() if isinstance(v, IssueKind)])


TABLES: dict[str, tuple[str, Callable[[], str]]] = {
    "findings": ("docs/findings.md", findings_table),
    "yearly-issues": ("docs/collection.md", yearly_issues_table),
    "school-issues": ("docs/collection.md", school_issues_table),
}


def render(text: str, name: str, table: str) -> str:
    """`text` with the table named `name` replaced; ValueError if its markers are missing."""
    pattern = re.compile(rf"(<!-- catalogue:{re.escape(name)} -->\n).*?(\n<!-- /catalogue -->)", re.DOTALL)
    if not pattern.search(text):
        raise ValueError(f"markers of catalogue {name!r} not found")
    return pattern.sub(lambda m: m.group(1) + table + m.group(2), text)


def stale(*, write: bool) -> list[str]:
    """The documents whose tables differ from the code (rewritten when `write`)."""
    changed: list[str] = []
    for doc in sorted({d for d, _ in TABLES.values()}):
        path = ROOT / doc
        before = path.read_text(encoding="utf-8")
        after = before
        for name, (d, make) in TABLES.items():
            if d == doc:
                after = render(after, name, make())
        if after != before:
            changed.append(doc)
            if write:
                path.write_text(after, encoding="utf-8")
    return changed


if __name__ == "__main__":
    check = "--check" in sys.argv[1:]
    out = stale(write=not check)
    if check and out:
        print("过期的目录表：" + "、".join(out) + "；请运行 .venv/bin/python scripts/catalogues.py", file=sys.stderr)
        sys.exit(1)
    print(("已更新：" + "、".join(out)) if out else "目录表与代码一致")
