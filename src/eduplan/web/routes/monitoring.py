"""Monitoring pages: task board and progress reports, projects, a unit's own work (my_work), inspections, yearly data, evaluations.

Each area is its own module; this router gathers them (app.py includes this one).
"""

from __future__ import annotations

from fastapi import APIRouter

from eduplan.web.routes import data, entry, evaluations, inspections, my_work, pass_plan, projects, reporting, tasks

router = APIRouter()
for module in (tasks, projects, my_work, inspections, pass_plan, evaluations, data, entry, reporting):
    router.include_router(module.router)
