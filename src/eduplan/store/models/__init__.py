"""SQLAlchemy 2 models, one module per subject (never handed to core or web).

Importing any of them imports this package first, and it imports every module, so
`Base.metadata` holds every table (Alembic, `create_all`) and every class a relationship names
is registered. Import a model from its own module: `from eduplan.store.models.plans import PlanRow`.
"""

from eduplan.store.models import accounts, audit, base, cache, jobs, monitoring, plans, regions

__all__ = ["accounts", "audit", "base", "cache", "jobs", "monitoring", "plans", "regions"]
