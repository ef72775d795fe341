"""Is this part simulated (模拟数据)? The one answer for every kind of page or report part.

Every stored record carries the real field `simulated`: observations, school records, task
reports, project reports and finance records (the demo's seeded figures set it, imports and
online reports never do). A part of a page or report is simulated when any record it draws on
is: the targets read the region's observations up to the year, the task board its task
reports up to the year, the project board its project reports, the funding rules its finance
records, the inspections the school records of the school year. An evaluation payload keeps
the answer per section (`EvaluationPayload.simulated`), so that a report made from it later
says the same thing.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, fields
from enum import StrEnum
from typing import Protocol

#: The mark shown wherever simulated figures are (the same words in pages, reports and the CLI).
SIMULATED_MARK = "模拟数据"


class Part(StrEnum):
    """A kind of part, named by the records it draws on."""

    TARGETS = "targets"  # observations
    TASKS = "tasks"  # task reports
    PROJECTS = "projects"  # project reports
    FUNDING = "funding"  # finance records
    SCHOOLS = "schools"  # school records


PART_LABELS = {Part.TARGETS: "监测值", Part.TASKS: "任务进展", Part.PROJECTS: "项目进展",
               Part.FUNDING: "经费数据", Part.SCHOOLS: "学校统计数据"}


class Flagged(Protocol):
    """A record with a year and the simulated flag."""

    @property
    def year(self) -> int: ...

    @property
    def simulated(self) -> bool: ...


@dataclass(frozen=True)
class SimulatedParts:
    """Which parts of a region's figures are simulated (a field per `Part`)."""

    targets: bool = False
    tasks: bool = False
    projects: bool = False
    funding: bool = False
    schools: bool = False

    @property
    def any(self) -> bool:
        """Whether any part is simulated."""
        return any(getattr(self, f.name) for f in fields(self))

    def of(self, part: Part | str) -> bool:
        """Whether the part is simulated."""
        return bool(getattr(self, Part(part).value))

    def labels(self) -> list[str]:
        """The Chinese names of the simulated parts, in order (监测值、任务进展 …)."""
        return [PART_LABELS[p] for p in Part if self.of(p)]

    @classmethod
    def from_dict(cls, data: object) -> SimulatedParts | None:
        """From its JSON form (a stored payload); None when `data` is not one."""
        if not isinstance(data, dict):
            return None
        return cls(**{p.value: bool(data.get(p.value, False)) for p in Part})


def simulated(records: Iterable[Flagged], *, up_to_year: int | None = None, year: int | None = None) -> bool:
    """Whether any of the records (of `year`, or up to `up_to_year`) is simulated."""
    return any(r.simulated for r in records
               if (year is None or r.year == year) and (up_to_year is None or r.year <= up_to_year))


def simulated_parts(*, observations: Iterable[Flagged] = (), task_reports: Iterable[Flagged] = (),
                    project_reports: Iterable[Flagged] = (), finance: Iterable[Flagged] = (),
                    schools: Iterable[Flagged] = (), up_to_year: int | None = None,
                    school_year: int | None = None) -> SimulatedParts:
    """Each part's answer from the records it draws on: figures up to `up_to_year`, schools of `school_year`."""
    return SimulatedParts(
        targets=simulated(observations, up_to_year=up_to_year),
        tasks=simulated(task_reports, up_to_year=up_to_year),
        projects=simulated(project_reports, up_to_year=up_to_year),
        funding=simulated(finance, up_to_year=up_to_year),
        schools=simulated(schools, year=school_year),
    )
