"""Monitoring pages: task board and progress reports, projects, inspections, yearly data, evaluations.

Each area is its own module; this router gathers them (app.py includes this one).
"""

from __future__ import annotations

from fastapi import APIRouter

from eduplan.web.routes import data, entry, evaluations, inspections, pass_plan, projects, tasks

router = APIRouter()
for module in (tasks, projects, inspections, pass_plan, evaluations, data, entry):
    router.include_router(module.router)
