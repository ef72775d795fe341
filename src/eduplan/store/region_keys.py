"""Region keys for many rows at once, computed in Python from two small queries.

`store.regions.region_key()` as a column costs a scan of the regions table for every row it is
computed on (no index leads with the name), which is nothing for one region's rows and most of the
time for a province's. Loaders of many regions select the region id instead and map it here: the
same key (the name, or the code where another stored region has that name).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from eduplan.store.models.regions import RegionRow

#: Beyond this many ids the whole regions table is read instead (a nation's is ~3,200 rows of three
#: columns): a statement with thousands of bound values costs more to build and send than the rows.
WHOLE_TABLE = 500


def keys_of(session: Session, ids: Iterable[int]) -> dict[int, str]:
    """The key of each stored region id given, by id."""
    wanted = sorted(set(ids))
    if not wanted:
        return {}
    if len(wanted) > WHOLE_TABLE:
        every = session.execute(select(RegionRow.id, RegionRow.name, RegionRow.code)).all()
        counts = Counter(name for _, name, _ in every)
        chosen = set(wanted)
        return {int(i): code if counts[name] > 1 and code else name for i, name, code in every if int(i) in chosen}
    rows = session.execute(select(RegionRow.id, RegionRow.name, RegionRow.code).where(RegionRow.id.in_(wanted))).all()
    names = {name for _, name, _ in rows}
    shared = set(session.scalars(select(RegionRow.name).where(RegionRow.name.in_(names)).group_by(RegionRow.name)
                                 .having(func.count(RegionRow.id) > 1)))
    return {int(i): code if name in shared and code else name for i, name, code in rows}
