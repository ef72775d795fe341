"""The interchange format: plan_from_dict(plan_to_dict(p)) == p for any plan; bad input names its field."""

from __future__ import annotations

import copy
import datetime as dt
import json
import re
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from eduplan.core.errors import InputError
from eduplan.core.interchange import plan_from_dict, plan_to_dict
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

# Any Unicode but lone surrogates (not encodable as UTF-8, so never in a real document).
text = st.text(st.characters(exclude_categories=("Cs",)), max_size=12)
name = st.text(st.characters(exclude_categories=("Cs",)), min_size=1, max_size=12)
cjk = st.text(st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF), min_size=1, max_size=8)
label = st.one_of(name, cjk)
opt_text = st.none() | text
number = st.floats(allow_nan=False, allow_infinity=False) | st.integers(-10**9, 10**9)
opt_number = st.none() | number
year = st.integers(1949, 2100)
opt_year = st.none() | year
small = st.lists  # shorthand below


@st.composite
def year_pairs(draw: st.DrawFn) -> tuple[int, int]:
    a, b = draw(year), draw(year)
    return (min(a, b), max(a, b))


# A missing file and "" are the same thing in the format (the key is left out), so "" is not drawn.
sources = st.builds(Source, line=st.none() | st.integers(1, 100_000), file=st.none() | name)
targets = st.builds(Target, op=st.sampled_from(Op), value=opt_number, value_max=opt_number,
                    year=opt_year, raw=opt_text)
json_values = st.recursive(
    st.none() | st.booleans() | number | text,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(text, inner, max_size=3),
    max_leaves=8,
)

indicators = st.builds(
    Indicator, name=label, category=st.none() | label, unit=opt_text, parent=st.none() | label,
    values=st.dictionaries(text, opt_number, max_size=4), raw_values=st.dictionaries(text, text, max_size=3),
    target=st.none() | targets, attribute=st.none() | st.sampled_from(Attribute), table=opt_text,
    catalog_id=opt_text, direction=st.none() | st.sampled_from(Direction), source=sources,
)
prose_targets = st.builds(
    ProseTarget, subject=label, op=st.sampled_from(Op), value=opt_number, value_max=opt_number,
    unit=opt_text, year=opt_year, text=text, programme=opt_text, catalog_id=opt_text, source=sources,
)
programmes = st.builds(Programme, title=label, items=small(text, max_size=4), number=st.none() | st.integers(0, 99),
                       source=sources)
units = st.builds(ResponsibleUnit, name=label, aliases=small(label, max_size=3).map(tuple), kind=opt_text)
projects = st.builds(
    Project, name=label, table=opt_text, seq=st.none() | st.integers(0, 999), group=opt_text, stage=opt_text,
    nature=opt_text, period=st.none() | year_pairs(), planned_start=opt_text, planned_finish=opt_text,
    investment_total=opt_number, investment_by_year=st.dictionaries(text, number, max_size=4),
    places=st.none() | st.integers(0, 100_000), site_area=opt_number, floor_area=opt_number, status=opt_text,
    columns=st.dictionaries(text, text, max_size=3), actual_start=opt_text, actual_finish=opt_text,
    actual_investment_by_year=st.dictionaries(text, number, max_size=3),
    places_delivered_by_year=st.dictionaries(text, st.integers(0, 10_000), max_size=3), source=sources,
)
findings = st.builds(
    Finding, kind=name, message=name, source=sources, lines=small(st.integers(0, 10_000), max_size=4),
    severity=st.sampled_from(["error", "warning", "info"]), data=st.dictionaries(text, json_values, max_size=3),
)


@st.composite
def task_trees(draw: st.DrawFn) -> list[Task]:
    """Tasks whose parents are earlier tasks (a tree), plus the odd dangling parent."""
    tasks: list[Task] = []
    for n in range(draw(st.integers(0, 6))):
        parent = draw(st.none() | st.sampled_from([t.id for t in tasks] or ["0"]) | name)
        level = next((t.level + 1 for t in tasks if t.id == parent), 1)
        tasks.append(Task(
            id=f"{n + 1}", title=draw(label), section=draw(opt_text), parent=parent, level=level,
            text=draw(text), lead_units=draw(small(label, max_size=2)),
            responsible_units=draw(small(label, max_size=3)),
            deadline=draw(st.none() | st.dates(dt.date(2000, 1, 1), dt.date(2100, 12, 31))), source=draw(sources),
            kind=draw(st.sampled_from(["heading", "task"])),
        ))
    return tasks


plans = st.builds(
    Plan, region=label, title=label, doc_number=opt_text, issuer=opt_text,
    issued_on=st.none() | st.dates(dt.date(1949, 10, 1), dt.date(2100, 12, 31)),
    period=st.none() | year_pairs(), vision_year=opt_year, kind=name,
    indicators=small(indicators, max_size=4), targets=small(prose_targets, max_size=3),
    programmes=small(programmes, max_size=2), tasks=task_trees(), projects=small(projects, max_size=3),
    findings=small(findings, max_size=3), responsible_units=small(units, max_size=3),
    source_file=opt_text, source_sha256=st.none() | st.text("0123456789abcdef", min_size=64, max_size=64),
    region_code=st.none() | st.text("0123456789", min_size=6, max_size=6),
    region_level=st.none() | st.sampled_from(["province", "prefecture", "county"]),
)

SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(plans)
def test_plan_survives_a_round_trip_through_the_interchange_format(plan: Plan) -> None:
    assert plan_from_dict(plan_to_dict(plan)) == plan


@SETTINGS
@given(plans)
def test_plan_survives_a_round_trip_through_json_text(plan: Plan) -> None:
    text_form = json.dumps(plan_to_dict(plan), ensure_ascii=False)
    again = plan_from_dict(json.loads(text_form))
    assert again == plan
    assert json.dumps(plan_to_dict(again), ensure_ascii=False) == text_form


# ---------------------------------------------------------------- malformed input


def _valid() -> dict[str, Any]:
    return plan_to_dict(Plan(
        region="涪陵区", title="规划", period=(2021, 2025),
        indicators=[Indicator(name="学前三年毛入园率", values={"2020": 91.2})],
        targets=[ProseTarget(subject="覆盖率", op=Op.GE, value=90)],
        programmes=[Programme(title="专栏4", items=["新增幼儿园15所"])],
        tasks=[Task(id="1", title="任务", deadline=dt.date(2025, 12, 31))],
        projects=[Project(name="中华路小学", places=1350)],
        findings=[Finding(kind="sum_mismatch", message="合计不符", lines=[1, 2])],
    ))


def _set(data: dict[str, Any], path: str, value: Any) -> None:
    keys: list[Any] = [int(i) if i else k for i, k in re.findall(r"\[(\d+)\]|([^.\[\]]+)", path)]
    node: Any = data
    for k in keys[:-1]:
        node = node[k]
    if value is _DELETE:
        del node[keys[-1]]
    else:
        node[keys[-1]] = value


_DELETE = object()


@pytest.mark.parametrize(
    ("path", "value", "reported"),
    [
        ("format", 2, "format"),
        ("plan", [], "plan"),
        ("plan.title", _DELETE, "plan.title"),
        ("plan.region", 5, "plan.region"),
        ("plan.region", _DELETE, "plan.region"),
        ("plan.region_code", "50012", "plan.region_code"),
        ("plan.region_code", 500120, "plan.region_code"),
        ("plan.region_level", "district", "plan.region_level"),
        ("plan.period", [2025, 2021], "plan.period"),
        ("plan.period", [2021], "plan.period"),
        ("plan.issued_on", "2022/03/08", "plan.issued_on"),
        ("indicators", {}, "indicators"),
        ("indicators[0]", "学前", "indicators[0]"),
        ("indicators[0].values.2020", "91.2", "indicators[0].values.2020"),
        ("indicators[0].values.2020", True, "indicators[0].values.2020"),
        ("indicators[0].attribute", "optional", "indicators[0].attribute"),
        ("indicators[0].target", {"value": 3}, "indicators[0].target.op"),
        ("targets[0].op", "≈", "targets[0].op"),
        ("targets[0].value", float("inf"), "targets[0].value"),
        ("programmes[0].items[0]", 5, "programmes[0].items[0]"),
        ("tasks[0].deadline", "明年", "tasks[0].deadline"),
        ("tasks[0].id", None, "tasks[0].id"),
        ("projects[0].places", 1.5, "projects[0].places"),
        ("projects[0].columns", {"总投资": 8000}, "projects[0].columns.总投资"),
        ("findings[0].lines[1]", "x", "findings[0].lines[1]"),
        ("findings[0].source.line", "第3行", "findings[0].source.line"),
    ],
)
def test_malformed_input_is_an_input_error_naming_the_field(path: str, value: Any, reported: str) -> None:
    data = copy.deepcopy(_valid())
    _set(data, path, value)
    with pytest.raises(InputError) as info:
        plan_from_dict(data, file="plan.json")
    assert info.value.location is not None
    assert info.value.location.field == reported
    assert info.value.location.file == "plan.json"
    assert re.search(r"[\u4e00-\u9fff]", info.value.message)


def test_a_plan_without_region_code_keys_still_reads() -> None:
    data = _valid()
    del data["plan"]["region_code"], data["plan"]["region_level"]
    plan = plan_from_dict(data)
    assert plan.region == "涪陵区" and plan.region_code is None and plan.region_level is None


def test_a_plan_whose_region_is_unknown_reads_with_an_empty_region() -> None:
    data = _valid()
    data["plan"]["region"] = ""
    assert plan_from_dict(data).region == ""


def test_top_level_that_is_not_an_object_is_refused() -> None:
    with pytest.raises(InputError, match="应为对象"):
        plan_from_dict([1, 2, 3])


def test_task_kind_round_trips_and_is_derived_from_the_tree_when_absent() -> None:
    plan = Plan(region="某区", title="规划", tasks=[
        Task(id="1", title="主要任务", kind="heading"), Task(id="1.1", title="建设甲", parent="1", level=2)])
    data = plan_to_dict(plan)
    assert [t["kind"] for t in data["tasks"]] == ["heading", "task"]
    assert plan_from_dict(data) == plan
    for t in data["tasks"]:
        del t["kind"]  # written before tasks had a kind
    assert [t.kind for t in plan_from_dict(data).tasks] == ["heading", "task"]


def test_an_unknown_task_kind_is_an_input_error_naming_the_field() -> None:
    data = plan_to_dict(Plan(region="某区", title="规划", tasks=[Task(id="1", title="甲")]))
    data["tasks"][0]["kind"] = "chapter"
    with pytest.raises(InputError) as caught:
        plan_from_dict(data)
    assert caught.value.location is not None and caught.value.location.field == "tasks[0].kind"
