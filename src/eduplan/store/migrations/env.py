"""Alembic environment: the connection (or URL) comes from `Config.attributes`, set in code.

`eduplan.store.db.upgrade_database` passes an open connection; the `alembic` command line
can still be used by setting `sqlalchemy.url` in a Config of one's own.
"""

from __future__ import annotations

from alembic import context
from sqlalchemy.engine import Connection

from eduplan.store.db import make_engine
from eduplan.store.models.base import Base

config = context.config
target_metadata = Base.metadata


def _configure(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",  # SQLite cannot ALTER most things
        compare_type=True,
    )


def run_migrations_offline() -> None:
    """Emit SQL to stdout for the configured URL."""
    url = config.attributes.get("url") or config.get_main_option("sqlalchemy.url")
    context.configure(url=url, target_metadata=target_metadata, literal_binds=True,
                      render_as_batch=str(url).startswith("sqlite"))
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    """Run the migrations on the given connection, or on a new engine for the URL."""
    connection = config.attributes.get("connection")
    if connection is not None:
        _configure(connection)
        with context.begin_transaction():
            context.run_migrations()
        return
    url = config.attributes.get("url") or config.get_main_option("sqlalchemy.url")
    if not url:
        raise RuntimeError("no database: set Config.attributes['connection'|'url'] or sqlalchemy.url")
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            _configure(conn)
            with context.begin_transaction():
                context.run_migrations()
    finally:
        engine.dispose()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
