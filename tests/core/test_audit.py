"""The plan's own health check: sub-rows, target direction, prose against table."""

from __future__ import annotations

from pathlib import Path

import pytest

from eduplan.core.audit import audit_plan
from eduplan.core.findings import CATALOGUE
from eduplan.core.plan import Direction, Indicator, Op, Plan, ProseTarget, Source, Target


def ind(name: str, line: int, values: dict[str, float | None], *, unit: str | None = "万人",
        parent: str | None = None, target: Target | None = None, direction: Direction | None = None,
        catalog_id: str | None = None) -> Indicator:
    return Indicator(name=name, unit=unit, parent=parent, values=values, target=target, table="主要指标",
                     direction=direction, catalog_id=catalog_id, source=Source(line=line))


def plan_of(*indicators: Indicator, targets: list[ProseTarget] | None = None) -> Plan:
    return Plan(region="某区", title="规划", period=(2021, 2025), indicators=list(indicators),
                targets=targets or [])


def found(plan: Plan) -> list[tuple[str, int | None, list[int]]]:
    return [(f.kind, f.source.line, f.lines) for f in audit_plan(plan)]


def test_a_sub_row_larger_than_its_parent_is_a_finding() -> None:
    plan = plan_of(ind("在校学生数", 10, {"2020": 6.0, "2025": 5.9}),
                   ind("其中：普通小学", 11, {"2020": 6.4, "2025": 3.6}, parent="在校学生数"))
    assert found(plan) == [("subrow_exceeds_parent", 11, [10, 11])]
    assert "6.4" in audit_plan(plan)[0].message


def test_qizhong_parts_summing_below_the_parent_are_not_a_finding() -> None:
    plan = plan_of(ind("在校学生数", 10, {"2020": 6.37}),
                   ind("其中：普通小学", 11, {"2020": 3.0}, parent="在校学生数"),
                   ind("普通初中", 12, {"2020": 2.0}, parent="在校学生数"))
    assert found(plan) == []


def test_qizhong_parts_summing_above_the_parent_are_a_finding() -> None:
    plan = plan_of(ind("在校学生数", 10, {"2020": 6.37}),
                   ind("其中：普通小学", 11, {"2020": 3.81}, parent="在校学生数"),
                   ind("普通初中", 12, {"2020": 2.66}, parent="在校学生数"))
    [finding] = audit_plan(plan)
    assert (finding.kind, finding.source.line, finding.lines) == ("subrows_sum_mismatch", 10, [10, 11, 12])
    assert finding.data["computed"] == 6.47


def test_a_complete_split_summing_below_the_parent_is_a_finding() -> None:
    plan = plan_of(ind("教师总数", 20, {"2020": 1000}, unit="人"),
                   ind("公办学校教师", 21, {"2020": 700}, unit="人", parent="教师总数"),
                   ind("民办学校教师", 22, {"2020": 200}, unit="人", parent="教师总数"))
    assert found(plan) == [("subrows_sum_mismatch", 20, [20, 21, 22])]


def test_sums_within_printed_rounding_and_rates_are_not_findings() -> None:
    plan = plan_of(ind("在校学生数", 10, {"2020": 1.6}),
                   ind("普通高中", 11, {"2020": 1.12}, parent="在校学生数"),
                   ind("中等职业教育", 12, {"2020": 0.47}, parent="在校学生数"),
                   ind("巩固率", 13, {"2020": 95.0}, unit="%"),
                   ind("城区学校巩固率", 14, {"2020": 99.0}, unit="%", parent="巩固率"))
    assert found(plan) == []


def test_a_sub_row_belongs_to_the_nearest_parent_above_it() -> None:
    plan = plan_of(ind("在校学生数", 10, {"2020": 6.0}), ind("在校学生数", 20, {"2020": 1.5}),
                   ind("其中：普通高中", 21, {"2020": 1.2}, parent="在校学生数"))
    assert found(plan) == []


@pytest.mark.parametrize(("direction", "target", "wrong"), [
    (Direction.UP, Target(op=Op.GE, value=90, year=2025, raw="≥90"), True),
    (Direction.UP, Target(op=Op.GE, value=92, year=2025, raw="≥92"), False),
    (Direction.UP, Target(op=Op.EQ, value=91.2, year=2025), False),
    (Direction.DOWN, Target(op=Op.LE, value=95, year=2025), True),
    (Direction.DOWN, Target(op=Op.LE, value=85, year=2025), False),
    (Direction.HOLD, Target(op=Op.EQ, value=80, year=2025), False),
    (None, Target(op=Op.EQ, value=80, year=2025), False),
    (Direction.UP, Target(op=Op.RANGE, value=88, value_max=93, year=2025), False),
])
def test_a_target_on_the_wrong_side_of_its_baseline(direction: Direction | None, target: Target,
                                                    wrong: bool) -> None:
    plan = plan_of(ind("毛入园率", 30, {"2020": 91.2, "2025": target.value}, unit="%", target=target,
                       direction=direction))
    assert found(plan) == ([("target_wrong_direction", 30, [30])] if wrong else [])


def test_a_wrong_direction_message_names_both_numbers() -> None:
    plan = plan_of(ind("毛入园率", 30, {"2020": 91.2}, unit="%", direction=Direction.UP,
                       target=Target(op=Op.GE, value=90, year=2025, raw="≥90")))
    message = audit_plan(plan)[0].message
    assert "91.2" in message and "≥90" in message and "2020" in message


def prose(subject: str, op: Op, value: float, line: int, catalog_id: str | None = None) -> ProseTarget:
    return ProseTarget(subject=subject, op=op, value=value, unit="%", year=2025, text=f"{subject}{value}",
                       catalog_id=catalog_id, source=Source(line=line))


def test_a_target_stated_with_another_number_in_the_prose_is_a_finding() -> None:
    table = ind("学前三年毛入园率（%）", 40, {"2020": 91}, unit="%", target=Target(op=Op.GE, value=93, raw="≥93"))
    plan = plan_of(table, targets=[prose("学前三年毛入园率", Op.GE, 95, 120)])
    assert found(plan) == [("target_inconsistent", 120, [40, 120])]


def test_targets_matched_by_catalog_id_with_opposite_operators_are_a_finding() -> None:
    table = ind("近视率", 40, {"2020": 50}, unit="%", catalog_id="myopia",
                target=Target(op=Op.LE, value=45, raw="≤45"))
    plan = plan_of(table, targets=[prose("儿童青少年总体近视率", Op.GE, 45, 130, catalog_id="myopia")])
    assert found(plan) == [("target_inconsistent", 130, [40, 130])]


def test_same_target_in_prose_and_table_is_consistent() -> None:
    table = ind("普惠率", 40, {"2020": 89}, unit="%", target=Target(op=Op.EQ, value=90))
    plan = plan_of(table, targets=[prose("普惠率", Op.GE, 90, 150), prose("巩固率", Op.GE, 99, 151)])
    assert found(plan) == []


def test_every_finding_kind_has_a_title_and_a_message_template() -> None:
    for kind, entry in CATALOGUE.items():
        assert kind == entry.kind and kind.islower() and " " not in kind
        assert entry.title and "{" in entry.template


def test_sample_plan_audit_names_lines_and_finds_the_bishan_share_mismatch(plans_dir: Path) -> None:
    from eduplan.ingest.extract import extract_plan
    from eduplan.ingest.readers.document import read_document
    from tests.conftest import PLAN_FILES

    for name in PLAN_FILES:
        findings = audit_plan(extract_plan(read_document(plans_dir / f"{name}.txt")))
        assert all(f.source.line and f.source.line in f.lines and f.kind in CATALOGUE for f in findings)
        if name == "bishan":
            # verified by hand: 专栏1 row (line 438) prints 58.5 %, 专栏4 (line 904) says 65 %
            got = [(f.kind, f.lines) for f in findings if f.kind == "target_inconsistent"]
            assert ("target_inconsistent", [438, 904]) in got
