"""The browser tests wait in ways the app's Content Security Policy allows.

Playwright's ``page.wait_for_function`` runs its predicate through ``eval``
in the page. The first check comes from the DevTools call and passes, but every
later poll runs from the page's own animation frame, where ``script-src 'self'``
refuses ``eval`` — so such a wait works only when the condition already holds,
and fails (EvalError) whenever the page is a little slower, as on a loaded CI
machine. Locator waits (``expect(...).to_have_text``, ``locator.wait_for``) run
in Playwright's own world and are unaffected.
"""

from __future__ import annotations

import re
from pathlib import Path

TESTS = Path(__file__).resolve().parents[1]
EVAL_WAIT = re.compile(r"\.wait_for_function\(")


def test_no_browser_test_waits_through_eval() -> None:
    offenders = [
        f"{path.relative_to(TESTS.parent)}:{number}"
        for path in sorted(TESTS.rglob("*.py"))
        if path != Path(__file__).resolve()
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if EVAL_WAIT.search(line)
    ]
    assert offenders == [], f"wait_for_function 在内容安全策略下轮询会失败，请改用定位器等待：{offenders}"
