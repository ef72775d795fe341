"""Evaluations (评估): run and store a dated snapshot, read it back, reproduce it, compare it.

A snapshot's payload is a pure function of the stored plan and figures and of (kind, year);
its timestamp is kept beside it. Reproducing a snapshot rebuilds the payload from today's
data: identical when nothing it read has changed since.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from eduplan.core.errors import InputError, NotFoundError
from eduplan.core.evaluation.build import build_evaluation
from eduplan.core.evaluation.diff import EvaluationDiff, diff_evaluations
from eduplan.core.evaluation.payload import KIND_LABELS, EvaluationPayload
from eduplan.core.plan import Evaluation, EvaluationKind
from eduplan.core.simulated import SimulatedParts
from eduplan.core.tracking.tasks import DUE_SOON_DAYS
from eduplan.services.audit import record_audit
from eduplan.services.bulk_work import collector_paused
from eduplan.services.monitoring import evaluation_inputs, evaluation_inputs_of
from eduplan.services.plans import PlanStatus
from eduplan.services.regions import resolve, scope_keys_by_code
from eduplan.store.boards import StoredEvaluation, stored_evaluations
from eduplan.store.json_codec import json_form
from eduplan.store.models.base import utcnow
from eduplan.store.plan_index import plans_of_regions
from eduplan.store.records import save_evaluation, save_evaluations
from eduplan.store.repo import add_audit_event

_KIND_NAMES = {**{k.value: k for k in EvaluationKind}, **{v: k for k, v in KIND_LABELS.items()},
               **{v.removesuffix("评估"): k for k, v in KIND_LABELS.items()}}


@dataclass(frozen=True)
class EvaluationRecord:
    """A stored evaluation: identity, when it ran, and its payload (JSON form)."""

    id: int
    region: str
    plan_id: int | None
    plan_title: str | None
    kind: EvaluationKind
    kind_label: str
    year: int
    created_at: dt.datetime | None
    payload: dict[str, Any]

    @property
    def evaluation(self) -> EvaluationPayload:
        """The payload typed, whichever version stored it (`EvaluationPayload.from_dict`)."""
        return EvaluationPayload.from_dict(self.payload, source=f"评估（第{self.id}号）")

    @property
    def summary(self) -> dict[str, Any]:
        """The payload's headline counts."""
        value = self.payload.get("summary", {})
        return value if isinstance(value, dict) else {}

    @property
    def training_min_share(self) -> float | None:
        """The training-spend share the evaluation was run with (kept in the payload)."""
        value = self.payload.get("training_min_share")
        return float(value) if isinstance(value, (int, float)) else None

    @property
    def window_days(self) -> int:
        """The “due soon” window (days) the evaluation was run with."""
        value = self.payload.get("window_days")
        return int(value) if isinstance(value, int) else DUE_SOON_DAYS

    @property
    def simulated(self) -> SimulatedParts | None:
        """Which sections were 模拟数据 when it ran (None: stored before the payload recorded it;
        `services.simulated.evaluation_parts` answers then)."""
        return SimulatedParts.from_dict(self.payload.get("simulated"))

    @property
    def label(self) -> str:
        """“涪陵区 2023年度评估（第3号）”."""
        return f"{self.region} {self.year}年{self.kind_label}（第{self.id}号）"


@dataclass(frozen=True)
class Comparison:
    """An evaluation against the previous one of the same region and plan (None, no changes: the first)."""

    current: EvaluationRecord
    previous: EvaluationRecord | None
    diff: EvaluationDiff


@dataclass(frozen=True)
class Reproduction:
    """A stored evaluation rebuilt from today's data: identical, or what differs."""

    record: EvaluationRecord
    identical: bool
    differing_sections: list[str]
    diff: EvaluationDiff


def parse_kind(kind: EvaluationKind | str) -> EvaluationKind:
    """annual/midterm/final/special, or 年度/中期/总结/专项(评估)."""
    found = _KIND_NAMES.get(str(kind).strip())
    if found is None:
        raise InputError(f"评估类型“{kind}”无效，应为 annual（年度）、midterm（中期）、final（总结）或 special（专项）")
    return found


def build_payload(
    *, session: Session, region: str, kind: EvaluationKind | str, year: int,
    plan: int | str | None = None, training_min_share: float | None = None, window_days: int = DUE_SOON_DAYS,
) -> tuple[int, EvaluationPayload]:
    """The plan's id and the evaluation payload, without storing anything."""
    plan_id, inputs = evaluation_inputs(session=session, region=region, plan=plan)
    payload = build_evaluation(inputs, kind=parse_kind(kind), year=year, window_days=window_days,
                               training_min_share=training_min_share)
    return plan_id, payload


def run_evaluation(
    *, session: Session, region: str, kind: EvaluationKind | str, year: int, actor: str,
    plan: int | str | None = None, training_min_share: float | None = None, window_days: int = DUE_SOON_DAYS,
) -> EvaluationRecord:
    """Evaluate the region's plan at the end of `year` and store the dated snapshot."""
    plan_id, payload = build_payload(session=session, region=region, kind=kind, year=year, plan=plan,
                                     training_min_share=training_min_share, window_days=window_days)
    evaluation = Evaluation(region=region, kind=payload.kind, year=year, created_at=utcnow(),
                            plan_title=payload.plan_title, payload=json_form(payload))
    evaluation_id = save_evaluation(session, evaluation, plan_id=plan_id)
    record_audit(session=session, actor=actor, entity="evaluation", entity_id=evaluation_id, action="create",
                 before=None, after={"region": region, "kind": payload.kind.value, "year": year,
                                     "summary": evaluation.payload["summary"]})
    return get_evaluation(session=session, evaluation_id=evaluation_id)


def evaluate_regions(
    *, session: Session, regions: Sequence[str], kind: EvaluationKind | str, year: int, actor: str,
    training_min_share: float | None = None,
) -> list[EvaluationRecord]:
    """Evaluate the plan in force of every region named (by key, e.g. the counties of a city) at the
    end of `year` and store each dated snapshot, in the order given: what `run_evaluation` does for
    each, with the inputs read in one query per kind of row for all the regions and the snapshots
    and their audit events written in one flush."""
    found = parse_kind(kind)
    runs = []
    with collector_paused():  # a city's payloads made at once (services/bulk_work.py)
        for region, (plan_id, inputs) in evaluation_inputs_of(session=session, regions=regions).items():
            payload = build_evaluation(inputs, kind=found, year=year, training_min_share=training_min_share)
            runs.append((Evaluation(region=region, kind=payload.kind, year=year, created_at=utcnow(),
                                    plan_title=payload.plan_title, payload=json_form(payload)), plan_id))
        ids = save_evaluations(session, runs)
    for evaluation_id, (evaluation, _) in zip(ids, runs, strict=True):
        add_audit_event(session, actor=actor, entity="evaluation", entity_id=evaluation_id, action="create",
                        before=None, after={"region": evaluation.region, "kind": found.value, "year": year,
                                            "summary": evaluation.payload["summary"]})
    session.flush()
    return [EvaluationRecord(evaluation_id, e.region, plan_id, e.plan_title, found, KIND_LABELS[found], year,
                             e.created_at, e.payload) for evaluation_id, (e, plan_id) in zip(ids, runs, strict=True)]


@dataclass(frozen=True)
class ScopeEvaluation:
    """The evaluations of every region under a city or a province that has a published plan."""

    scope: str  # the city's or province's name
    records: list[EvaluationRecord]
    drafts_only: list[str]  # regions under it whose plans are all drafts: not evaluated


def evaluate_under(
    *, session: Session, region: str, kind: EvaluationKind | str, year: int, actor: str,
    training_min_share: float | None = None,
) -> ScopeEvaluation:
    """Evaluate the published plan in force of the region named (a city, a province: a name or a
    code) and of every region under it, stored as `evaluate_regions` stores them, in
    division code order.
    Regions with only draft plans are named, not evaluated (a draft is evaluated one by one, by
    its number); regions without a plan are left out. None with a published plan: NotFoundError."""
    scope = resolve(session, region, field="--under")
    keys = scope_keys_by_code(session, scope.id)
    plans = plans_of_regions(session, keys, published=PlanStatus.PUBLISHED.value)
    published = [k for k in keys if plans.get(k) and plans[k][0][2] == PlanStatus.PUBLISHED.value]
    drafts = [k for k in keys if plans.get(k) and k not in published]
    if not published:
        raise NotFoundError(f"{scope.name}及其下级地区没有已发布的规划，无法评估"
                            + (f"（只有草稿：{'、'.join(drafts)}）" if drafts else ""))
    records = evaluate_regions(session=session, regions=published, kind=kind, year=year, actor=actor,
                               training_min_share=training_min_share)
    return ScopeEvaluation(scope.name, records, drafts)


def get_evaluation(*, session: Session, evaluation_id: int) -> EvaluationRecord:
    """The stored evaluation with this id."""
    found = stored_evaluations(session, evaluation_id=evaluation_id)
    if not found:
        raise NotFoundError(f"找不到编号为 {evaluation_id} 的评估")
    return _record(found[0])


def list_evaluations(*, session: Session, region: str | None = None) -> list[EvaluationRecord]:
    """Stored evaluations, newest first, optionally for one region."""
    return [_record(row) for row in stored_evaluations(session, region=region)]


def latest_evaluation_id(*, session: Session, region: str) -> int:
    """The number of the region's newest stored evaluation (a report asked for by region alone)."""
    found = list_evaluations(session=session, region=region)
    if not found:
        raise NotFoundError(f"{region}还没有保存的评估，请先运行 eduplan evaluate --region {region}")
    return found[0].id


def compare_with_previous(*, session: Session, evaluation_id: int) -> Comparison:
    """What changed status since the evaluation of the same region and plan stored just before."""
    current = get_evaluation(session=session, evaluation_id=evaluation_id)
    history = list_evaluations(session=session, region=current.region)  # newest first
    position = next(n for n, r in enumerate(history) if r.id == evaluation_id)
    previous = next((r for r in history[position + 1:] if r.plan_title == current.plan_title), None)
    if previous is None:
        return Comparison(current, None, EvaluationDiff(None, current.year, []))
    return Comparison(current, previous, diff_evaluations(previous.evaluation, current.evaluation))


def reproduce_evaluation(*, session: Session, evaluation_id: int) -> Reproduction:
    """Rebuild a stored evaluation from the current data and say whether it is identical."""
    record = get_evaluation(session=session, evaluation_id=evaluation_id)
    _, payload = build_payload(session=session, region=record.region, kind=record.kind, year=record.year,
                               plan=record.plan_id if record.plan_id is not None else record.plan_title,
                               training_min_share=record.training_min_share, window_days=record.window_days)
    stored = record.evaluation  # an older version's payload read as today's
    rebuilt, kept = payload.to_dict(), stored.to_dict()
    differing = sorted(k for k in {*rebuilt, *kept} if rebuilt.get(k) != kept.get(k))
    return Reproduction(record, not differing, differing, diff_evaluations(stored, payload))


def _record(row: StoredEvaluation) -> EvaluationRecord:
    kind = EvaluationKind(row.kind)
    return EvaluationRecord(row.id, row.region, row.plan_id, row.plan_title, kind, KIND_LABELS[kind], row.year,
                            row.created_at, row.payload)
