"""The funding rules of an evaluation: 两个只增不减 (budget, and per student by stage), teacher
salary parity and training spend, each with its verdict 达标 / 未达标 / 无法判断.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from eduplan.core.collection.yearly import FinanceRecord
from eduplan.core.evaluation.payload import FundingCheck, FundingResult
from eduplan.core.tracking.finance import (
    BUDGET_RULE,
    PER_STUDENT_RULE,
    RuleResult,
    not_decreasing,
    teacher_salary_parity,
    training_spend_share,
)


def check_funding(records: Iterable[FinanceRecord], *, up_to_year: int,
                  training_min_share: float | None = None) -> list[FundingResult]:
    """两个只增不减 (budget, and per student by stage), salary parity and training spend."""
    recs = sorted((r for r in records if r.year <= up_to_year), key=lambda r: r.year)
    rules = [not_decreasing(_series(recs, lambda r: r.budget), code=BUDGET_RULE,
                            title="一般公共预算教育支出只增不减", unit="万元")]
    for stage in sorted({s for r in recs for s in r.per_student}):
        rules.append(not_decreasing(_series(recs, lambda r, s=stage: r.per_student.get(s)),
                                    code=f"{PER_STUDENT_RULE}.{stage}",
                                    title=f"{stage}生均一般公共预算教育支出只增不减", unit="元"))
    rules.append(teacher_salary_parity(teacher=_series(recs, lambda r: r.teacher_salary),
                                       civil_servant=_series(recs, lambda r: r.civil_servant_salary)))
    rules.append(training_spend_share(training=_series(recs, lambda r: r.training_spend),
                                      payroll=_series(recs, lambda r: r.payroll), min_share=training_min_share))
    return [_funding(r) for r in rules]


def _series(records: Sequence[FinanceRecord], pick: Any) -> dict[int, float]:
    return {r.year: float(v) for r in records if (v := pick(r)) is not None}


def _funding(rule: RuleResult) -> FundingResult:
    verdict = "无法判断" if rule.passed is None else "达标" if rule.passed else "未达标"
    checks = [FundingCheck(c.year, c.passed, dict(c.figures)) for c in rule.checks]
    return FundingResult(rule.code, rule.title, rule.passed, verdict, rule.message, checks)
