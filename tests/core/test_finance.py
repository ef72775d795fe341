"""Funding rules: 两个只增不减, teacher salary parity, training spend share."""

from __future__ import annotations

from eduplan.core.tracking.finance import (
    BUDGET_RULE,
    PER_STUDENT_RULE,
    SALARY_RULE,
    TRAINING_RULE,
    not_decreasing,
    teacher_salary_parity,
    training_spend_share,
)


def budget_rule(series: dict[int, float]):  # the rule as check_funding states it for the budget
    return not_decreasing(series, code=BUDGET_RULE, title="一般公共预算教育支出只增不减", unit="万元")


def per_student_rule(series: dict[int, float]):
    return not_decreasing(series, code=PER_STUDENT_RULE, title="生均一般公共预算教育支出只增不减", unit="元")


def test_budgets_that_never_fall_pass_both_rules() -> None:
    budget = budget_rule({2021: 48000, 2022: 50000, 2023: 50000, 2024: 56000})
    per_student = per_student_rule({2021: 21000, 2022: 21500, 2023: 22400, 2024: 23000})
    assert (budget.code, per_student.code) == (BUDGET_RULE, PER_STUDENT_RULE)
    assert budget.passed and per_student.passed
    assert budget.message == (
        "一般公共预算教育支出只增不减：达标，2021—2024年逐年未减少，由48,000万元到56,000万元。"
    )
    assert len(budget.checks) == 3


def test_a_fall_in_any_consecutive_pair_fails_with_the_figures() -> None:
    budget = budget_rule({2021: 48000, 2022: 53100, 2023: 52000, 2024: 56000})
    per_student = per_student_rule({2021: 21000, 2022: 21500})
    assert budget.passed is False and per_student.passed is True
    assert [c.year for c in budget.failures] == [2023]
    assert budget.failures[0].figures == {
        "previous_year": 2022,
        "previous": 53100,
        "current": 52000,
    }
    assert "2023年为52,000万元，低于2022年的53,100万元（减少1,100万元，-2.07%）" in budget.message


def test_a_missing_year_is_not_compared_across() -> None:
    budget = budget_rule({2021: 100, 2023: 120})
    assert budget.passed is None and "缺2022年数据" in budget.message and "2021—2022年" in budget.message


def test_one_year_of_data_cannot_be_judged() -> None:
    per_student = per_student_rule({2024: 23000})
    assert per_student.passed is None and "数据不足" in per_student.message


def test_teacher_salary_not_below_civil_servants_passes() -> None:
    r = teacher_salary_parity(
        teacher={2023: 118000, 2024: 121000}, civil_servant={2023: 118000, 2024: 120500}
    )
    assert r.code == SALARY_RULE and r.passed
    assert "2023—2024年均不低于" in r.message


def test_teacher_salary_below_civil_servants_fails_with_the_gap() -> None:
    r = teacher_salary_parity(teacher={2024: 115000}, civil_servant={2024: 120500})
    assert r.passed is False
    assert "2024年教师115,000元，低于公务员120,500元（差5,500元）" in r.message


def test_salary_without_a_common_year_cannot_be_judged() -> None:
    assert teacher_salary_parity(teacher={2023: 1}, civil_servant={2024: 1}).passed is None


def test_training_spend_meets_the_plan_share_of_payroll() -> None:
    r = training_spend_share(training={2024: 160}, payroll={2024: 10000}, min_share=0.015)
    assert r.code == TRAINING_RULE and r.passed and "2024年为1.60%" in r.message


def test_training_spend_below_the_share_fails() -> None:
    r = training_spend_share(
        training={2023: 150, 2024: 120}, payroll={2023: 10000, 2024: 10000}, min_share=0.015
    )
    assert r.passed is False and [c.year for c in r.failures] == [2024]
    assert "要求不低于1.50%" in r.message and "2024年为1.20%" in r.message


def test_training_spend_without_a_rule_is_not_judged() -> None:
    r = training_spend_share(training={2024: 0}, payroll={2024: 10000}, min_share=None)
    assert r.passed is None and "规划未规定" in r.message
