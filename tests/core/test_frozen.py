"""`made`: a frozen dataclass filled at once is the value its `__init__` makes, and refuses what it refuses."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field

import pytest

from eduplan.core.evaluation.payload import TargetResult
from eduplan.core.frozen import made
from eduplan.core.progress.assess import Assessment
from eduplan.core.progress.forecast import Likelihood
from eduplan.core.progress.rules import Status


@dataclass(frozen=True)
class Pair:
    a: int
    b: tuple[int, ...] = field(default_factory=tuple)


def _result(**changes: object) -> dict[str, object]:
    fields = {f.name: None for f in dataclasses.fields(TargetResult)}
    fields.update(key="k", name="入园率", origin="指标表", binding=False, target="≥90", status=Status.ON_TRACK,
                  likelihood=Likelihood.WILL_MEET, flagged=False, reason="按规划进度", also_stated_at=(3,))
    fields.update(changes)
    return fields


def test_a_made_value_is_the_value_init_makes_equal_hashed_printed_and_frozen_alike() -> None:
    for cls, fields in ((TargetResult, _result()), (Pair, {"b": (2,), "a": 1}),
                        (Assessment, {f.name: None for f in dataclasses.fields(Assessment)})):
        fast, slow = made(cls, **fields), cls(**fields)
        assert fast == slow and hash(fast) == hash(slow) and repr(fast) == repr(slow) and type(fast) is cls
        assert dataclasses.asdict(fast) == dataclasses.asdict(slow)
        assert list(vars(fast)) == list(vars(slow))  # the fields' order, whatever the keywords' (orjson writes it)
        assert dataclasses.replace(fast) == slow
        with pytest.raises(dataclasses.FrozenInstanceError):
            fast.__setattr__(next(iter(fields)), 0)


def test_a_missing_or_unknown_field_is_refused_as_init_refuses_it() -> None:
    with pytest.raises(TypeError, match=r"缺少字段 \['b'\]"):
        made(Pair, a=1)  # made takes no defaults: every field is given
    with pytest.raises(TypeError, match=r"未知字段 \['c'\]"):
        made(Pair, a=1, b=(), c=2)


def test_only_frozen_dataclasses_are_made_so() -> None:
    @dataclass
    class Open:
        a: int

    @dataclass(frozen=True)
    class Checked:
        a: int

        def __post_init__(self) -> None:
            assert self.a > 0

    for cls in (Open, Checked, int):
        with pytest.raises(TypeError, match="不是可由 made 构造的值"):
            made(cls, a=1)
