"""优质均衡 pass plans: the optimum against filling every gap, and the solve time by county size.

For the five demo districts (simulated schools, the default costs, a horizon of two years), and for
synthetic counties of about 50, 200 and 1,000 school sections (the demo's schools repeated under
new ids, so the figures look like real ones), prints: total cost of the optimum, of filling every
gap at every school (naive), their ratio, whether the plan passes when applied, and the solve time.
Target (issue 16): a county of 200 sections in under 30 s on these machines.
Run: `.venv/bin/python -m benchmarks pass_plan`.
"""

from __future__ import annotations

import dataclasses
import time

from eduplan.core.inspection.balance import school_sections
from eduplan.core.inspection.pass_plan import solve_pass_plan
from eduplan.core.plan import SchoolRecord
from eduplan.data.costs import load_costs
from eduplan.data.standards_sets import load_standards
from eduplan.demo.build import bundled_plans
from eduplan.demo.schools import simulate_schools
from eduplan.services.pass_plans import project_areas

DISTRICTS = ("璧山区", "涪陵区", "南川区", "黔江区", "渝中区")
SIZES = (50, 200, 1000)
RECORD_YEAR, DEADLINE = 2023, 2025


def _schools(regions: tuple[str, ...]) -> list[SchoolRecord]:
    return [r for r in simulate_schools(list(regions), year=RECORD_YEAR) if r.stage != "幼儿园"]


def synthetic_county(sections: int) -> list[SchoolRecord]:
    """About `sections` school sections in one county, built from the demo districts' schools."""
    standards = load_standards("chongqing")
    base = [(r, len(school_sections(r, standards)[0])) for r in _schools(DISTRICTS)]
    out: list[SchoolRecord] = []
    count = copy = 0
    while True:
        for r, n in base:
            if count + n > sections:
                return out
            count += n
            out.append(dataclasses.replace(r, school_id=f"{r.school_id}-{copy}", name=f"{r.name}{copy or ''}",
                                           region="合成县"))
        copy += 1


def _row(label: str, records: list[SchoolRecord], areas: dict[str, float] | None = None) -> None:
    standards = load_standards("chongqing")
    costs, limits = load_costs()
    started = time.perf_counter()
    plan = solve_pass_plan(records, standards, deadline=DEADLINE, costs=costs, limits=limits, project_areas=areas)
    seconds = time.perf_counter() - started
    naive = plan.naive_cost or 0.0
    ratio = plan.total_cost / naive if naive else float("nan")
    state = "可行" if plan.feasible else "不可行：" + "；".join(plan.binding)
    print(f"{label:<10} 学段{len(plan.before.schools):>5}  最优{plan.total_cost:>11,.1f}万元  逐项补齐{naive:>11,.1f}万元"
          f"  比值{ratio:6.3f}  实施后{'达标' if plan.after.passed else '未达标'}  轮次{plan.rounds:>2}"
          f"  仅靠规划项目{'达标' if plan.projects_only_passes else '未达标'}（{len(areas or {})}所学校有项目）"
          f"  用时{seconds:6.2f}s  {state}")


def main() -> None:
    print(f"学校数据{RECORD_YEAR}年，{DEADLINE}年达标；默认单价与限制（data/costs/default.json）")
    plans = {p.region: p for p in bundled_plans()}
    for region in DISTRICTS:
        records = _schools((region,))
        _row(region, records, project_areas(plans.get(region), records, by=DEADLINE))
    for size in SIZES:
        _row(f"合成{size}", synthetic_county(size))


if __name__ == "__main__":
    main()
