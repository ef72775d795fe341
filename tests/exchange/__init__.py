"""Tests of the Excel/CSV exchange; `sample_plan` is the small plan they share."""

from __future__ import annotations

from eduplan.core.plan import Indicator, Op, Plan, Project, Target, Task


def sample_plan(region: str = "涪陵区") -> Plan:
    """A small plan: five indicators (one sub-row pair), a task tree and two projects."""
    def ind(name: str, unit: str, base: float, target: float, op: Op = Op.GE, parent: str | None = None,
            category: str = "义务教育") -> Indicator:
        return Indicator(name=name, unit=unit, parent=parent, table="主要指标", category=category,
                         values={"2020": base, "2025": target}, target=Target(op, target, year=2025))

    return Plan(
        region=region, title=f"{region}教育事业发展“十四五”规划", period=(2021, 2025),
        indicators=[
            ind("学前三年毛入园率", "%", 91.2, 98, category="学前教育"),
            ind("在校学生数", "万人", 10.7, 9.3, Op.EQ),
            ind("普通小学", "万人", 6.7, 6.2, Op.EQ, parent="在校学生数"),
            ind("九年义务教育巩固率", "%", 98.5, 99),
            ind("人均受教育年限", "年", 10.1, 10.6, category="人力资源开发水平"),
        ],
        tasks=[Task("1", "推进学前教育普及普惠"), Task("1.1", "扩大普惠性资源", parent="1", lead_units=["区教委"]),
               Task("1.2", "提升保教质量", parent="1", lead_units=["区教委", "区卫生健康委"]),
               Task("2", "加强教师队伍建设", lead_units=["区教委"])],
        projects=[Project("中华路小学改扩建", table="专栏5 建设项目表", seq=1, period=(2021, 2023),
                          investment_total=8000),
                  Project("新城区第二幼儿园新建", table="专栏5 建设项目表", seq=2, planned_start="2022-03",
                          planned_finish="2024-08")],
    )
