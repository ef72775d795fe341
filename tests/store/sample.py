"""A hand-built plan with every field set, for storage tests."""

from __future__ import annotations

import datetime as dt

from eduplan.core.plan import (
    Attribute,
    Direction,
    Finding,
    Indicator,
    Op,
    Plan,
    Programme,
    Project,
    ProseTarget,
    ResponsibleUnit,
    Source,
    Target,
    Task,
)

TABLE = "专栏2 “十四五”教育发展主要指标"


def rich_plan() -> Plan:
    """A plan in which every field of every item has a value (and a few deliberate Nones)."""
    return Plan(
        region="涪陵区",
        title="重庆市涪陵区教育事业发展“十四五”规划（2021—2025年）",
        doc_number="涪陵府发〔2022〕5号",
        issuer="重庆市涪陵区人民政府",
        issued_on=dt.date(2022, 3, 8),
        period=(2021, 2025),
        vision_year=2035,
        kind="规划",
        source_file="fuling.docx",
        source_sha256="ab" * 32,
        indicators=[
            Indicator(
                name="学前三年毛入园率", category="学前教育", unit="%", parent=None,
                values={"2020": 91.2, "2025": 93.0}, raw_values={"2020": "91.2", "2025": "≥93"},
                target=Target(op=Op.GE, value=93.0, value_max=None, year=2025, raw="≥93"),
                attribute=Attribute.EXPECTED, table=TABLE, catalog_id="preschool_gross_enrolment",
                direction=Direction.UP, source=Source(line=167, file="fuling.docx"),
            ),
            Indicator(
                name="在园幼儿数", category="学前教育", unit="万人", parent="学前教育",
                values={"2020": 3.1, "2025": None}, raw_values={"2020": "3.1", "2025": "—"},
                target=Target(op=Op.RANGE, value=3.0, value_max=3.4, year=2025, raw="3.0—3.4"),
                attribute=Attribute.BINDING, table=TABLE, catalog_id=None,
                direction=Direction.HOLD, source=Source(line=168),
            ),
            Indicator(name="学前三年毛入园率", table="附表", values={"2020": 90.0}, source=Source(line=900)),
        ],
        targets=[
            ProseTarget(
                subject="二级及以上幼儿园占比", op=Op.GE, value=65.0, value_max=None, unit="%",
                year=2025, text="二级及以上幼儿园达65%以上", programme="专栏4 基础教育公平优质发展计划",
                catalog_id="kindergarten_level2_share", source=Source(line=27, file="fuling.docx"),
            ),
            ProseTarget(subject="义务教育巩固率", op=Op.RANGE, value=95.0, value_max=97.5, unit="%",
                        year=None, text="保持在95%—97.5%", source=Source(line=30)),
        ],
        programmes=[
            Programme(title="专栏4 基础教育公平优质发展计划", number=4,
                      items=["新增公办幼儿园15所", "新增学位1.2万个"], source=Source(line=901)),
            Programme(title="专栏5 教师队伍建设计划", number=None, items=[], source=Source()),
        ],
        tasks=[
            Task(id="2", title="推进各级各类教育协调发展", section="二、主要任务", parent=None, level=1,
                 text="", lead_units=["区教委"], responsible_units=[], source=Source(line=36), kind="heading"),
            Task(id="2.1", title="推动学前教育普及普惠", section="二、主要任务", parent="2", level=2,
                 text="扩大普惠性资源……", lead_units=["区教委"],
                 responsible_units=["区教委", "区发展改革委", "区财政局"],
                 deadline=dt.date(2025, 12, 31), source=Source(line=38, file="fuling.docx")),
            Task(id="2.2", title="孤儿任务", parent="9.9", level=2, responsible_units=["区财政局"]),
        ],
        projects=[
            Project(
                name="中华路小学改扩建", table="附表1 重点建设项目", seq=1, group="义务教育",
                stage="小学", nature="改扩建", period=(2018, 2023), planned_start="2022-03",
                planned_finish="2023-08", investment_total=8000.0,
                investment_by_year={"2022": 1000.0, "2023": 5000.0, "2024": 2000.0},
                places=1350, site_area=12000.5, floor_area=9800.0, status="在建",
                columns={"项目名称": "中华路小学改扩建", "总投资（万元）": "8000"},
                actual_start="2022-05", actual_finish=None,
                actual_investment_by_year={"2022": 900.0}, places_delivered_by_year={"2023": 450},
                source=Source(line=530, file="fuling.docx"),
            ),
            Project(name="新城区幼儿园", table="附表1 重点建设项目", seq=2, period=None),
        ],
        findings=[
            Finding(kind="sum_mismatch", message="合计不等于分项之和", source=Source(line=531),
                    lines=[530, 531], severity="error", data={"total": 8000, "sum": 7900, "rows": [1, 2]}),
            Finding(kind="target-below-baseline", message="目标低于基期值"),
        ],
        responsible_units=[
            ResponsibleUnit(name="区教委", aliases=("区教育委员会", "教委"), kind="政府部门"),
            ResponsibleUnit(name="区发展改革委", aliases=(), kind=None),
        ],
    )
