"""Statutory funding rules (经费保障): each returns pass/fail with its figures and a Chinese message.

- 两个只增不减: general public budget education expenditure, and that expenditure per student,
  do not fall from one year to the next (each pair of consecutive calendar years; a year without
  data leaves its two pairs undecided, 数据不全, so the rule cannot pass across it).
- 教师平均工资收入水平不低于当地公务员平均工资收入水平, year by year.
- Teacher training spend at least a share of payroll (e.g. 1.5%) when the plan sets one.
`passed` is None when there is too little data to judge or the plan sets no rule.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

BUDGET_RULE = "budget-not-decreasing"
PER_STUDENT_RULE = "per-student-not-decreasing"
SALARY_RULE = "teacher-salary-parity"
TRAINING_RULE = "training-spend-share"


@dataclass(frozen=True)
class YearCheck:
    """One comparison behind a rule: its year, the figures compared and whether it held (None: a
    year of the pair has no data)."""

    year: int
    passed: bool | None
    figures: dict[str, float] = field(default_factory=dict)


@dataclass(frozen=True)
class RuleResult:
    """The outcome of a funding rule: a stable code, pass/fail (None: cannot judge) and why."""

    code: str
    title: str
    passed: bool | None
    message: str
    checks: tuple[YearCheck, ...] = ()

    @property
    def failures(self) -> tuple[YearCheck, ...]:
        """The comparisons that did not hold."""
        return tuple(c for c in self.checks if c.passed is False)


def money(x: float) -> str:
    """An amount with thousands separators and at most two decimals: 12,345.6."""
    text = f"{x:,.2f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def not_decreasing(series: Mapping[int, float], *, code: str, title: str, unit: str) -> RuleResult:
    """Each year is at least the year before; a year without data is 数据不全 for both its pairs."""
    years = sorted(series)
    if len(years) < 2:
        return RuleResult(code, title, None, f"{title}：数据不足，至少需要两个年度的数据。")
    checks = tuple(
        YearCheck(year, None, {"previous_year": year - 1})
        if year not in series or year - 1 not in series
        else YearCheck(year, series[year] >= series[year - 1],
                       {"previous_year": year - 1, "previous": series[year - 1], "current": series[year]})
        for year in range(years[0] + 1, years[-1] + 1)
    )
    gaps = [y for y in range(years[0], years[-1] + 1) if y not in series]
    failures = [c for c in checks if c.passed is False]
    if failures:
        drops = "；".join(_drop_text(c, unit) for c in failures)
        note = f"（另缺{'、'.join(map(str, gaps))}年数据）" if gaps else ""
        return RuleResult(code, title, False, f"{title}：未达标，{drops}{note}。", checks)
    if gaps:
        pairs = "、".join(f"{c.year - 1}—{c.year}年" for c in checks if c.passed is None)
        return RuleResult(code, title, None, (f"{title}：数据不全，缺{'、'.join(map(str, gaps))}年数据，"
                                              f"{pairs}无法比较，不能判定达标。"), checks)
    trend = f"由{money(series[years[0]])}{unit}到{money(series[years[-1]])}{unit}"
    return RuleResult(code, title, True, f"{title}：达标，{years[0]}—{years[-1]}年逐年未减少，{trend}。", checks)


def _drop_text(check: YearCheck, unit: str) -> str:
    """“2023年为52,000万元，低于2022年的53,100万元（减少1,100万元，-2.07%）”."""
    prev, cur = check.figures["previous"], check.figures["current"]
    share = f"，{(cur - prev) / prev:+.2%}" if prev else ""
    return (
        f"{check.year}年为{money(cur)}{unit}，低于{int(check.figures['previous_year'])}年的"
        f"{money(prev)}{unit}（减少{money(prev - cur)}{unit}{share}）"
    )


def teacher_salary_parity(
    *, teacher: Mapping[int, float], civil_servant: Mapping[int, float], unit: str = "元"
) -> RuleResult:
    """Average teacher salary not below the average local civil-servant salary, each year."""
    title = "中小学教师平均工资收入水平不低于当地公务员平均工资收入水平"
    years = sorted(set(teacher) & set(civil_servant))
    if not years:
        return RuleResult(
            SALARY_RULE, title, None, f"{title}：数据不足，缺少同一年度的两项工资数据。"
        )
    checks = tuple(
        YearCheck(
            y,
            teacher[y] >= civil_servant[y],
            {"teacher": teacher[y], "civil_servant": civil_servant[y]},
        )
        for y in years
    )
    failures = [c for c in checks if not c.passed]
    if not failures:
        last = checks[-1].figures
        return RuleResult(
            SALARY_RULE,
            title,
            True,
            f"{title}：达标，{_years_text(years)}均不低于；{years[-1]}年教师{money(last['teacher'])}{unit}，"
            f"公务员{money(last['civil_servant'])}{unit}。",
            checks,
        )
    gaps = "；".join(
        f"{c.year}年教师{money(c.figures['teacher'])}{unit}，低于公务员{money(c.figures['civil_servant'])}"
        f"{unit}（差{money(c.figures['civil_servant'] - c.figures['teacher'])}{unit}）"
        for c in failures
    )
    return RuleResult(SALARY_RULE, title, False, f"{title}：未达标，{gaps}。", checks)


def training_spend_share(
    *, training: Mapping[int, float], payroll: Mapping[int, float], min_share: float | None
) -> RuleResult:
    """Training spend at least `min_share` of payroll each year (no rule given → not judged)."""
    title = "教师培训经费占教职工工资总额比例"
    if min_share is None:
        return RuleResult(TRAINING_RULE, title, None, f"{title}：规划未规定比例，不作判断。")
    years = sorted(y for y in set(training) & set(payroll) if payroll[y] > 0)
    if not years:
        return RuleResult(
            TRAINING_RULE, title, None, f"{title}：数据不足，缺少同一年度的培训经费和工资总额。"
        )
    checks = tuple(
        YearCheck(
            y,
            training[y] >= min_share * payroll[y],
            {
                "training": training[y],
                "payroll": payroll[y],
                "share": training[y] / payroll[y],
                "min_share": min_share,
            },
        )
        for y in years
    )
    rule = f"（要求不低于{min_share:.2%}）"
    failures = [c for c in checks if not c.passed]
    if not failures:
        share = checks[-1].figures["share"]
        return RuleResult(
            TRAINING_RULE,
            title,
            True,
            f"{title}{rule}：达标，{_years_text(years)}均达到；{years[-1]}年为{share:.2%}。",
            checks,
        )
    short = "；".join(f"{c.year}年为{c.figures['share']:.2%}" for c in failures)
    return RuleResult(TRAINING_RULE, title, False, f"{title}{rule}：未达标，{short}。", checks)


def _years_text(years: list[int]) -> str:
    """“2021—2024年” for a run, “2021、2023年” otherwise."""
    if len(years) == 1:
        return f"{years[0]}年"
    if years == list(range(years[0], years[-1] + 1)):
        return f"{years[0]}—{years[-1]}年"
    return "、".join(map(str, years)) + "年"
