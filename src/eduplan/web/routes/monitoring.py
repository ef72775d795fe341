"""Monitoring pages: task board and progress reports, projects, inspections, yearly data, evaluations.

Each area is its own module; this router gathers them (app.py includes this one).
"""

from __future__ import annotations

from fastapi import APIRouter

from eduplan.web.routes import mon_data, mon_evaluations, mon_inspections, mon_projects, mon_tasks

router = APIRouter()
for module in (mon_tasks, mon_projects, mon_inspections, mon_evaluations, mon_data):
    router.include_router(module.router)
