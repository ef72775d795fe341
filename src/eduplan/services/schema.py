"""The database schema: migrate it up or down (the `eduplan db` commands)."""

from __future__ import annotations

from eduplan.store.db import downgrade_database, upgrade_database


def upgrade(url: str, revision: str = "head") -> None:
    """Migrate the database at `url` up to `revision` (Alembic; the newest by default)."""
    upgrade_database(url, revision)


def downgrade(url: str, revision: str) -> None:
    """Migrate the database at `url` down to `revision`."""
    downgrade_database(url, revision)
