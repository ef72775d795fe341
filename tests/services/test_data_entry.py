"""Web data entry of yearly figures: the form's rows, the workbook's checks by field, all or nothing,
stale values refused (SQLite and PostgreSQL)."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from eduplan.core.collection.yearly import Collection, Severity
from eduplan.core.errors import InputError
from eduplan.core.plan import Observation
from eduplan.services.collection import store_records
from eduplan.services.data_entry import FieldInput, StaleEntry, entry_form, save_entry
from eduplan.store.models.monitoring import ObservationRow
from eduplan.store.records import load_observations
from tests.services.conftest import FULING, RATE

PROSE = "target:新增公办幼儿园｜所"


def _store(session: Session, *observations: Observation, actor: str = "王五") -> None:
    store_records(session=session, collection=Collection(observations=list(observations)), source="统计年报",
                  actor=actor)


def _values(session: Session) -> dict[tuple[str, int], float]:
    return {(o.indicator, o.year): o.value for o in load_observations(session, region=FULING)}


def test_the_form_lists_the_plans_indicators_and_prose_targets_with_target_last_year_and_stored(
        db_plans: Session) -> None:
    _store(db_plans, Observation(RATE, FULING, 2023, 92.0), Observation(RATE, FULING, 2024, 93.5))
    form = entry_form(session=db_plans, region=FULING, year=2024)
    assert [(f.series, f.kind) for f in form.fields] == [(RATE, "indicator"), (PROSE, "target")]
    rate, prose = form.fields
    assert (rate.target, rate.baseline, rate.previous, rate.stored, rate.stored_by) == (
        "≥95（2025年）", 90.0, 92.0, 93.5, "王五")
    assert rate.version == 1 and prose.version is None and prose.stored is None
    assert prose.target == "≥15（2025年）" and prose.unit == "所"


def test_a_save_stores_every_changed_field_and_keeps_blank_ones(db_plans: Session) -> None:
    _store(db_plans, Observation(RATE, FULING, 2024, 93.5))
    outcome = save_entry(session=db_plans, region=FULING, year=2024, actor="fuling",
                         inputs={RATE: FieldInput("94", seen=1), PROSE: FieldInput("6")})
    assert outcome.accepted and outcome.stored is not None
    assert (outcome.stored.observations.inserted, outcome.stored.observations.updated) == (1, 1)
    assert _values(db_plans) == {(RATE, 2024): 94.0, (PROSE, 2024): 6.0}
    [rate] = [o for o in load_observations(db_plans, region=FULING) if o.indicator == RATE]
    assert (rate.source, rate.reported_by) == ("网页填报", "fuling")
    again = save_entry(session=db_plans, region=FULING, year=2024, actor="fuling",
                       inputs={RATE: FieldInput(""), PROSE: FieldInput("6", seen=1)})
    assert again.accepted and again.summary().startswith("没有需要保存的改动")
    assert outcome.form.find(RATE).stored == 94.0  # type: ignore[union-attr]


def test_one_bad_field_refuses_the_whole_save_with_the_error_at_that_field(db_plans: Session) -> None:
    outcome = save_entry(session=db_plans, region=FULING, year=2024, actor="fuling",
                         inputs={RATE: FieldInput("912"), PROSE: FieldInput("6")})
    assert not outcome.accepted and outcome.stored is None
    [error] = outcome.result.errors
    assert error.code == "value-out-of-range" and str(error.location) == "字段 学前三年毛入园率/2024年"
    assert outcome.series_of(error) == RATE
    assert _values(db_plans) == {}


@pytest.mark.parametrize(("typed", "code"), [("九十几", "not-a-number"), ("-3", "negative-value"),
                                             ("5000000", "value-out-of-range")])
def test_the_form_runs_the_workbooks_value_checks(db_plans: Session, typed: str, code: str) -> None:
    outcome = save_entry(session=db_plans, region=FULING, year=2024, actor="fuling",
                         inputs={PROSE: FieldInput(typed)})
    assert [i.code for i in outcome.result.errors] == [code]
    assert outcome.series_of(outcome.result.errors[0]) == PROSE


def test_an_implausible_jump_is_a_warning_and_strict_mode_refuses_it(db_plans: Session) -> None:
    _store(db_plans, Observation(RATE, FULING, 2023, 91.0))
    jump = {RATE: FieldInput("99.9")}
    refused = save_entry(session=db_plans, region=FULING, year=2024, actor="fuling", inputs=jump, strict=True)
    assert not refused.accepted and [i.code for i in refused.result.warnings] == ["outlier-change"]
    saved = save_entry(session=db_plans, region=FULING, year=2024, actor="fuling", inputs=jump)
    assert saved.accepted and saved.result.warnings[0].severity is Severity.WARNING
    assert _values(db_plans)[(RATE, 2024)] == 99.9


def test_a_value_changed_since_the_form_was_read_refuses_the_save_and_names_the_new_value(
        db_plans: Session) -> None:
    _store(db_plans, Observation(RATE, FULING, 2024, 93.5))
    seen = entry_form(session=db_plans, region=FULING, year=2024).find(RATE).version  # type: ignore[union-attr]
    _store(db_plans, Observation(RATE, FULING, 2024, 93.8, reported_by="李四"))
    with pytest.raises(StaleEntry) as caught:
        save_entry(session=db_plans, region=FULING, year=2024, actor="fuling",
                   inputs={RATE: FieldInput("94", seen=seen), PROSE: FieldInput("6")})
    assert "学前三年毛入园率/2024年现为93.8（李四录入）" in str(caught.value)
    assert [f.series for f in caught.value.fields] == [RATE]
    assert _values(db_plans) == {(RATE, 2024): 93.8}  # the other field was not saved either


def test_a_value_stored_since_the_form_showed_none_is_a_conflict_too(db_plans: Session) -> None:
    _store(db_plans, Observation(PROSE, FULING, 2024, 5.0))
    with pytest.raises(StaleEntry):
        save_entry(session=db_plans, region=FULING, year=2024, actor="fuling", inputs={PROSE: FieldInput("6")})


def test_an_unchanged_field_is_not_a_conflict_even_when_its_version_moved(db_plans: Session) -> None:
    _store(db_plans, Observation(RATE, FULING, 2024, 93.5))
    outcome = save_entry(session=db_plans, region=FULING, year=2024, actor="fuling",
                         inputs={RATE: FieldInput("93.5", seen=None), PROSE: FieldInput("6")})
    assert outcome.accepted and _values(db_plans)[(RATE, 2024)] == 93.5
    row = db_plans.scalar(select(ObservationRow).where(ObservationRow.indicator == RATE))
    assert row is not None and row.version == 1 and row.reported_by == "王五"  # not re-attributed


def test_a_field_outside_the_regions_form_is_refused(db_plans: Session) -> None:
    with pytest.raises(InputError, match="不在涪陵区2024年的填报表中"):
        save_entry(session=db_plans, region=FULING, year=2024, actor="fuling",
                   inputs={"compulsory_retention_rate": FieldInput("99")})


def test_a_sub_row_larger_than_its_parent_is_a_warning_at_the_sub_rows_field(db_session: Session) -> None:
    from eduplan.services.plans import import_plan
    from tests.exchange import sample_plan

    import_plan(session=db_session, plan=sample_plan("璧山区"), actor="测试")
    series = [f.series for f in entry_form(session=db_session, region="璧山区", year=2024).fields]
    parent, child = series[1], series[2]  # 在校学生数 and its 其中 row 普通小学
    outcome = save_entry(session=db_session, region="璧山区", year=2024, actor="planner",
                         inputs={parent: FieldInput("6.0"), child: FieldInput("6.4")})
    [warning] = [i for i in outcome.result.warnings if i.code == "subrow-above-parent"]
    assert outcome.series_of(warning) == child and "大于其所属指标" in warning.message
    assert outcome.accepted  # a warning, as in the workbook: stored, and shown for checking
