"""A throwaway PostgreSQL cluster for a benchmark, started the way the tests start theirs.

Run from the repository root: the cluster helper is tests/dbfixtures.py's.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def throwaway_postgres(database: str) -> Iterator[str | None]:
    """The URL of a new database `database` on a cluster removed afterwards; None when no
    PostgreSQL server binaries are installed."""
    from tests.dbfixtures import _admin, _Cluster, _database_url, postgres_bin_dir

    bin_dir = postgres_bin_dir()
    if bin_dir is None:
        yield None
        return
    cluster = _Cluster(bin_dir)
    try:
        server = cluster.start()
        _admin(server, f'CREATE DATABASE "{database}"')
        yield _database_url(server, database)
    finally:
        cluster.stop()
