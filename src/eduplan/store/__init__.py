"""Storage adapter: SQLAlchemy models, core ⇄ rows conversion and Alembic migrations."""
