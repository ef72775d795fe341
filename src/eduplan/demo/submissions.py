"""The demo's submission states: past years approved, the latest year in every state a bureau meets.

Every year of simulated figures but the latest (2020–2023: the base year and
`demo.observations.DEFAULT_YEARS`) is approved for every region; in the latest (2024) the first
region is approved, the second submitted (awaiting review), the third returned with a reason, the
others still being filled. The transitions go
through the service, as the demo accounts would make them, so the audit log tells the story.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from eduplan.core.access import Principal, Role
from eduplan.core.collection.approval import STATE_LABELS, Transition
from eduplan.services.approval import apply_transition, observed_years, status_board

MUNICIPAL = Principal(username="shijiaowei", role=Role.MUNICIPAL)
ADMIN = Principal(username="demo", role=Role.ADMIN)
RETURN_REASON = "学前三年毛入园率较上年下降明显，请核实在园幼儿数后重新报送"


def demo_submissions(*, session: Session, regions: list[str]) -> list[str]:
    """Put the demo's region-years in their states; returns “区县年度：状态” for the latest year."""
    years = observed_years(session=session)
    if not years:
        return []
    latest = years[-1]
    steps: dict[int, list[Transition]] = {0: [Transition.SUBMIT, Transition.APPROVE], 1: [Transition.SUBMIT],
                                          2: [Transition.SUBMIT, Transition.RETURN]}
    if any(r.submission.version for y in years for r in status_board(session=session, year=y, user=ADMIN).regions):
        return []  # a demo built before: its states (and what its users did since) are kept
    told = []
    for i, region in enumerate(regions):
        planner = Principal(username=f"district{i + 1}", role=Role.PLANNER, region=region)
        for year in years:
            plan = steps[0] if year < latest else steps.get(i, [])
            done = None
            for transition in plan:
                who = planner if transition is Transition.SUBMIT else MUNICIPAL
                reason = RETURN_REASON if transition is Transition.RETURN else None
                done = apply_transition(session=session, user=who, region=region, year=year,
                                        transition=transition, reason=reason)
            if year == latest:
                told.append(f"{region}{year}年{STATE_LABELS[done.state] if done else '填报中'}")
    return told
