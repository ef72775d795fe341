"""The 优质均衡 pass plan as report blocks: what to do where and when, its cost by year, the CVs by year.

Used on its own (`builders.pass_plan_report`, the .xlsx / .docx / .pdf of `eduplan inspect plan -o`) and as
the annex of the inspection readiness report.
"""

from __future__ import annotations

from collections.abc import Sequence

from eduplan.core.inspection.pass_plan import PassPlan
from eduplan.reports.model import Block, Cell, Chart, ChartSpec, Column, NumberFormat, Paragraph, Series, Table


def pass_plan_blocks(plan: PassPlan) -> list[Block]:
    """The plan's summary, its action table, its cost by year (table and chart) and the CVs by year."""
    passing = sum(1 for s in plan.before.schools if s.passed)
    lines = [
        f"以{plan.deadline}年通过县域义务教育优质均衡督导评估（资源配置）为目标，按最低成本测算逐校、逐年的措施："
        f"纳入评估的学校（学段）{len(plan.before.schools)}个，目前达标{passing}个；方案总成本{plan.total_cost:,.2f}万元，"
        + (f"逐校逐项补齐需{plan.naive_cost:,.2f}万元，节约{(plan.naive_cost - plan.total_cost):,.2f}万元。"
           if plan.naive_cost else "无需额外投入。"),
        ("方案实施后，每所学校（学段）达到“7项中至少6项达标、其余不低于85%”，各学段差异系数均在限值内。"
         if plan.after.passed else "方案实施后仍不能全部达标。"),
    ]
    if plan.binding:
        lines.append("在现有限制下无法如期达标，需突破的限制：" + "；".join(plan.binding) + "。")
    if plan.projects_only_passes is not None:
        lines.append("仅靠规划所列建设项目" + ("即可达标。" if plan.projects_only_passes else "不能达标。"))
    lines.append(f"单价与限制：{plan.costs.source}（版本{plan.costs.version}）。")
    lines.extend(plan.notes)
    blocks: list[Block] = [Paragraph(line) for line in lines]
    blocks.append(Table(
        "达标措施（按年份、学校）",
        (Column("年份", NumberFormat.YEAR, 0.6), Column("学校（学段）", width=2.2), Column("措施", width=2.2),
         Column("数量", NumberFormat.AUTO, 0.9), Column("单位", width=0.5), Column("成本（万元）", NumberFormat.TWO, 1.0)),
        tuple((a.year, a.school, a.name, a.quantity, a.unit, a.cost) for a in plan.actions), sheet="达标措施"))
    by_year = plan.cost_by_year()
    blocks.append(Table("达标方案分年成本", (Column("年份", NumberFormat.YEAR), Column("成本（万元）", NumberFormat.TWO)),
                        tuple((year, cost) for year, cost in by_year.items()), sheet="分年成本"))
    if len(by_year) > 1:
        blocks.append(Chart(ChartSpec("bar", "分年成本", tuple(f"{y}年" for y in by_year),
                                      (Series("成本", tuple(by_year.values())),), unit="万元"), "达标方案分年成本"))
    blocks.extend(_cv_blocks(plan))
    return blocks


def _cv_blocks(plan: PassPlan) -> Sequence[Block]:
    """The CVs of each (stage, item) in each year of the plan, as a table."""
    if not plan.by_year:
        return []
    keys = list(plan.by_year[-1].cvs)
    columns = (Column("指标", width=2.6), *(Column(f"{y.year}年", NumberFormat.AUTO) for y in plan.by_year))
    rows: tuple[tuple[Cell, ...], ...] = tuple((key, *(y.cvs.get(key) for y in plan.by_year)) for key in keys)
    passing: tuple[tuple[Cell, ...], ...] = (("达标学校（学段）数", *(y.sections_passing for y in plan.by_year)),)
    return [Table("方案实施后各年的达标学校数与校际差异系数", columns, passing + rows, sheet="差异系数")]
