"""The base of the SQLAlchemy 2 mapping (store models; never handed to core or web): declarative
base, naming convention, UTC timestamps, optimistic locking.

Choices:
- Every editable table carries a `version` column used as the mapper's `version_id_col`,
  so a write based on a stale row raises `StaleDataError` (turned into `ConflictError`).
- Child rows of a plan keep a `position` so that a loaded plan has its original order.
- Small maps that are read and written together with their row (an indicator's yearly
  values, a project's yearly planned/actual investments and delivered places, a project's
  printed cells) are JSON columns: they keep the printed key spelling and order exactly,
  and work on SQLite and PostgreSQL alike (generic `JSON`, no PG-only types).
- Responsible units belong to a region (“区教委” exists in every district); a plan lists the
  units it declares through `plan_units`, which keeps the plan's own spelling of kind and aliases.
- Enumerations are stored as short strings (no database enum types to migrate).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import DateTime, Integer, MetaData, Text, TypeDecorator
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, declared_attr, mapped_column

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UTCDateTime(TypeDecorator[dt.datetime]):
    """A timestamp stored as naive UTC and returned as an aware UTC datetime on every backend."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect: Dialect) -> dt.datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given for a UTC column")
        return value.astimezone(dt.UTC).replace(tzinfo=None)

    def process_result_value(self, value: dt.datetime | None, dialect: Dialect) -> dt.datetime | None:
        return None if value is None else value.replace(tzinfo=dt.UTC)


def utcnow() -> dt.datetime:
    """The current time, aware, in UTC."""
    return dt.datetime.now(dt.UTC)


class Base(DeclarativeBase):
    """Declarative base with stable constraint names (needed by SQLite batch migrations)."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class Versioned:
    """Optimistic locking: `version` increases on every UPDATE; stale writes fail."""

    version: Mapped[int] = mapped_column(Integer, nullable=False, default=1)

    @declared_attr.directive
    def __mapper_args__(cls) -> dict[str, Any]:
        return {"version_id_col": cls.__table__.c.version}  # type: ignore[attr-defined]


class SourceColumns:
    """Where a plan item was found in the input text."""

    source_line: Mapped[int | None] = mapped_column(Integer)
    source_file: Mapped[str | None] = mapped_column(Text)
