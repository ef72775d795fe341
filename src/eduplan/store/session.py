"""What every store module needs of a session: the conflict guard, a guarded flush, region ids."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager

from sqlalchemy import select
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from eduplan.core.errors import ConflictError
from eduplan.store.models import RegionRow


@contextmanager
def conflict_guard(what: str) -> Iterator[None]:
    """Turn SQLAlchemy's stale-write error into `ConflictError` naming the record."""
    try:
        yield
    except StaleDataError as exc:
        raise ConflictError(f"记录已被其他用户修改（{what}），请刷新后重试") from exc


def flush(session: Session, what: str) -> None:
    """Flush the session; a stale write becomes `ConflictError` naming `what`."""
    with conflict_guard(what):
        session.flush()


def region_ids(session: Session, names: Iterable[str]) -> dict[str, int]:
    """The ids of the named regions, creating the missing ones."""
    wanted = set(names)
    found = dict(session.execute(select(RegionRow.name, RegionRow.id).where(RegionRow.name.in_(wanted))).all())
    for name in sorted(wanted - set(found)):
        row = RegionRow(name=name)
        session.add(row)
        session.flush()
        found[name] = row.id
    return found
