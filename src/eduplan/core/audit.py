"""The plan's own health check: findings from its indicators, targets and projects."""

from __future__ import annotations

from eduplan.core.plan import Finding, Plan


def audit_plan(plan: Plan) -> list[Finding]:
    """Findings about the plan's internal consistency."""
    return []  # TODO(projects helper)
