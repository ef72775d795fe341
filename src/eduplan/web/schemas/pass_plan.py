"""The 优质均衡 pass-plan page's context (= its JSON twin under /api/v1)."""

from __future__ import annotations

from pydantic import BaseModel

from eduplan.core.inspection.pass_plan import PassPlan


class ActionOut(BaseModel):
    year: int
    school: str
    section: str
    action: str
    kind: str
    quantity: float
    unit: str  # 人 / m² / 元 / 间
    cost: float  # 万元


class YearOut(BaseModel):
    year: int
    cost: float  # 万元
    sections_passing: int
    sections: int
    cvs: dict[str, float | None]  # “小学·…” → the CV in that year, the plan's actions applied


class PassPlanPage(BaseModel):
    region: str
    by: int
    school_year: int | None
    feasible: bool
    binding: list[str]
    total_cost: float  # 万元
    naive_cost: float | None
    naive_passes: bool | None
    projects_only_passes: bool | None
    before_passing: int
    after_passing: int
    sections: int
    before_passed: bool
    after_passed: bool
    actions: list[ActionOut]
    years: list[YearOut]
    cv_limits: dict[str, float]  # stage → limit
    costs_source: str
    notes: list[str]
    simulated: bool
    message: str | None = None  # why there is no plan (no school records …)

    @classmethod
    def of(cls, plan: PassPlan, *, cv_limits: dict[str, float]) -> PassPlanPage:
        by_year = plan.cost_by_year()
        return cls(
            region=plan.region, by=plan.deadline, school_year=plan.school_year, feasible=plan.feasible,
            binding=plan.binding, total_cost=plan.total_cost, naive_cost=plan.naive_cost,
            naive_passes=plan.naive_passes, projects_only_passes=plan.projects_only_passes,
            before_passing=sum(1 for s in plan.before.schools if s.passed),
            after_passing=sum(1 for s in plan.after.schools if s.passed), sections=len(plan.before.schools),
            before_passed=plan.before.passed, after_passed=plan.after.passed,
            actions=[ActionOut(year=a.year, school=a.school, section=a.section, action=a.name, kind=a.kind,
                               quantity=a.quantity, unit=a.unit, cost=a.cost) for a in plan.actions],
            years=[YearOut(year=y.year, cost=by_year.get(y.year, 0.0), sections_passing=y.sections_passing,
                           sections=y.sections, cvs=y.cvs) for y in plan.by_year],
            cv_limits=cv_limits, costs_source=f"{plan.costs.source}（版本{plan.costs.version}）",
            notes=plan.notes, simulated=plan.simulated)

    @classmethod
    def empty(cls, region: str, by: int, message: str) -> PassPlanPage:
        return cls(region=region, by=by, school_year=None, feasible=False, binding=[], total_cost=0.0,
                   naive_cost=None, naive_passes=None, projects_only_passes=None, before_passing=0,
                   after_passing=0, sections=0, before_passed=False, after_passed=False, actions=[], years=[],
                   cv_limits={}, costs_source="", notes=[], simulated=False, message=message)
