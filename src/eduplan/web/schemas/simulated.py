"""The 模拟数据 flags of a page's parts, as the JSON twins carry them."""

from __future__ import annotations

from pydantic import BaseModel

from eduplan.core.simulated import SimulatedParts


class SimulatedOut(BaseModel):
    """Which parts of the page are 模拟数据 (`services.simulated`); `labels` names them in Chinese."""

    targets: bool
    tasks: bool
    projects: bool
    funding: bool
    schools: bool
    any: bool
    labels: list[str]

    @classmethod
    def of(cls, parts: SimulatedParts) -> SimulatedOut:
        """From the service's answer."""
        return cls(targets=parts.targets, tasks=parts.tasks, projects=parts.projects, funding=parts.funding,
                   schools=parts.schools, any=parts.any, labels=parts.labels())
