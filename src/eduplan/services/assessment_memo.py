"""Each plan's assessed targets, kept in this process by the data versions they were computed at.

A board of many regions (a city's, a province's, the nation's) assesses every target of every
plan in it. The inputs of one region's assessment — its plan, its observations, the approval of
its years — are all in the region's data scope or in `all` (store/versions.py: every write
renews the tokens of the scopes it touches, in the same transaction), so an assessment computed
after reading the tokens of ``[all, region:<key>]`` is the assessment at those tokens, for any
reader in any process. A board then reads the tokens of its regions (one statement, or none where
this process follows the versions), takes the unchanged regions' results from here and reads
and assesses only the others: after one county's import the province's board assesses one
county, not 183.

The tokens are read before the data and again after it: a result is kept only where they did not
move meanwhile (as the page cache does, services/page_cache.py), so a kept result is never a mix
of two states. A session that has written is not served nor heard: what it reads is not
committed. The memo is bounded by the number of target results it holds (about 1 KB each),
least recently used first out. An overview keeps only each plan's statuses counted and its targets
at risk (`PlanStatuses`, services/dashboards.py): the nation's 2,845 plans fit where their 233,290
results would not.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from typing import Protocol

from sqlalchemy.orm import Session

from eduplan.core.evaluation.payload import TargetResult
from eduplan.settings import get_settings
from eduplan.store.versions import ALL, has_pending_writes, read_tokens, region_scope, session_tokens


@dataclass(frozen=True)
class Assessed:
    """One plan's targets assessed at a year, and the simulated (indicator, year) pairs behind them."""

    targets: tuple[TargetResult, ...]
    simulated: frozenset[tuple[str, int]]

    @property
    def weight(self) -> int:
        """What it costs the memo: its target results."""
        return len(self.targets)


class Kept(Protocol):
    """What the memo keeps: a value that says how many target results' room it takes."""

    @property
    def weight(self) -> int: ...


class AssessmentMemo:
    """A bounded, thread-safe map from (plan, year, figures, data versions) to `Assessed` (or to
    what an overview keeps of it), weighed in target results."""

    def __init__(self, capacity: int | None = None) -> None:
        self._capacity = capacity
        self._entries: OrderedDict[Hashable, Kept] = OrderedDict()
        self._size = 0
        self._lock = threading.Lock()
        self.hits = self.misses = 0

    def get(self, key: Hashable) -> Kept | None:
        with self._lock:
            found = self._entries.get(key)
            if found is None:
                self.misses += 1
                return None
            self._entries.move_to_end(key)
            self.hits += 1
            return found

    @property
    def capacity(self) -> int:
        """Target results kept: as constructed, else EDUPLAN_MEMO_RESULTS (default 100,000 ≈ 100 MB)."""
        return self._capacity if self._capacity is not None else get_settings().memo_results

    def put(self, key: Hashable, value: Kept) -> None:
        if value.weight > self.capacity:
            return
        with self._lock:
            old = self._entries.pop(key, None)
            if old is not None:
                self._size -= old.weight
            self._entries[key] = value
            self._size += value.weight
            while self._size > self.capacity:
                _, dropped = self._entries.popitem(last=False)
                self._size -= dropped.weight

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
            self._size = 0
            self.hits = self.misses = 0

    def __len__(self) -> int:
        return len(self._entries)


#: This process's memo (a server's workers each keep their own; the tokens keep them all right).
MEMO = AssessmentMemo()


def _scopes(heads: Sequence[tuple[int, str]]) -> list[str]:
    return [ALL, *dict.fromkeys(region_scope(region) for _, region in heads)]


def _key(plan_id: int, region: str, year: int, approved_only: bool, tokens: dict[str, str]) -> Hashable:
    return (plan_id, region, year, approved_only, tokens.get(ALL, "0"), tokens.get(region_scope(region), "0"))


def plan_keys(session: Session, heads: Sequence[tuple[int, str]], *, year: int, approved_only: bool
              ) -> dict[int, Hashable] | None:
    """The memo key of each (plan id, region key): the plan, the year, which figures, and the tokens
    of the region's scopes as this session reads them (read now: before the data). None when the
    session has written: it may neither use nor fill the memo."""
    if has_pending_writes(session):
        return None
    tokens = session_tokens(session, _scopes(heads))
    return {plan_id: _key(plan_id, region, year, approved_only, tokens) for plan_id, region in heads}


def still_current(session: Session, heads: Sequence[tuple[int, str]], keys: dict[int, Hashable], *, year: int,
                  approved_only: bool) -> list[int]:
    """The plans of `heads` whose keys are what the committed tokens give now (read afresh, after
    the data): their results may be kept."""
    if not heads or has_pending_writes(session):
        return []
    tokens = read_tokens(session, _scopes(heads))
    return [plan_id for plan_id, region in heads if keys[plan_id] == _key(plan_id, region, year, approved_only, tokens)]
