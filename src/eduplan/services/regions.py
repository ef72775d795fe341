"""Regions as a tree with codes: the one resolver of a region a person names, subtrees for access,
the tree view, the import of a division list (CSV), and a province's divisions built from the list.

A person names a region by its 6-digit code (500102), its name (涪陵区), its full name
(重庆市涪陵区) or a short name (涪陵). A name two stored regions share is refused with both, their
parents and codes. What is handed on is the region's key (`store.regions`: its name while
unique, else its code).
"""

from __future__ import annotations

import csv
import io
import threading
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.orm import Session

from eduplan.core.access import Principal, Role
from eduplan.core.errors import InputError, Location, NotFoundError
from eduplan.core.regions import Level
from eduplan.data.divisions import load_divisions
from eduplan.store.models.regions import RegionRow
from eduplan.store.regions import (
    all_rows,
    coded_rows,
    codes_by_id,
    describe,
    division_row,
    ensure_key,
    is_code,
    key_of,
    keys_by_id,
    name_clash,
    region_counts,
    rows_for,
    rows_with_codes,
    subtree_ids,
)
from eduplan.store.repo import add_audit_event
from eduplan.store.versions import REGIONS, region_scopes, seen_tokens, session_tokens

LEVEL_TITLES = {str(level): level.label for level in Level}


@dataclass(frozen=True)
class StoredRegion:
    """A stored region as pages and commands show it."""

    id: int
    key: str  # what URLs and services use: the name while unique, else the code
    name: str
    code: str | None
    level: str | None
    parent: str | None  # the parent's name
    parent_id: int | None

    @property
    def label(self) -> str:
        """The name with its parent where names repeat: 福州市鼓楼区（350102）; else the name."""
        return region_label(self.key, self.name, self.parent, self.code)

    @property
    def level_title(self) -> str:
        return LEVEL_TITLES.get(self.level or "", "")


def region_label(key: str, name: str, parent: str | None, code: str | None) -> str:
    """How pages name a region: its name while it is its key, else its parent's name, its name and its code."""
    return name if key == name else f"{parent or ''}{name}（{code}）"


def _stored(session: Session, row: RegionRow, key: str | None = None) -> StoredRegion:
    parent = session.get(RegionRow, row.parent_id) if row.parent_id is not None else None
    return StoredRegion(id=row.id, key=key or key_of(session, row), name=row.name, code=row.code, level=row.level,
                        parent=parent.name if parent else None, parent_id=row.parent_id)


def _candidates(session: Session, text: str) -> list[RegionRow]:
    found = rows_for(session, text)
    if found or is_code(text):
        return found
    # A full or short name (重庆市涪陵区, 涪陵): the division list tells which codes it may be.
    codes = [r.code for r in load_divisions().resolve(text)]
    return rows_with_codes(session, codes)


def resolve(session: Session, text: str, *, field: str | None = None) -> StoredRegion:
    """The stored region a person names (code, name, full or short name), or a Chinese refusal:
    an empty name, none stored (NotFoundError), or a name several regions share (candidates listed)."""
    wanted = "".join(text.split())
    where = Location(field=field) if field else None
    if not wanted:
        raise InputError("地区不能为空：请写名称（如 涪陵区）或 6 位区划代码（如 500102）", location=where)
    found = _candidates(session, wanted)
    if not found:
        raise NotFoundError(f"没有地区“{wanted}”（可写名称或 6 位区划代码）", location=where)
    if len(found) > 1:
        raise InputError(f"“{wanted}”对应多个地区：{describe(session, found)}，请用代码指定", location=where)
    return _stored(session, found[0])


def resolve_key(session: Session, text: str, *, field: str | None = None) -> str:
    """The key of the stored region a person names (see `resolve`).

    Every page of a region asks this first: the answer is kept by this process for the version
    of the region list it was found at (a region added, renamed or re-parented by any process
    renews it), so a page served from the cache reads nothing but the data versions — read here,
    with the scopes the region's pages read next, in one statement."""
    wanted = "".join(text.split())
    token = session_tokens(session, [REGIONS, *region_scopes(wanted)])[REGIONS]
    with _KEYS_LOCK:
        found = _KEYS.get(wanted)
        if found is not None and found[0] == token:
            _KEYS.move_to_end(wanted)
            return found[1]
    key = resolve(session, text, field=field).key
    with _KEYS_LOCK:
        _KEYS[wanted] = (token, key)
        while len(_KEYS) > KEYS_KEPT:
            _KEYS.popitem(last=False)
    return key


def known_key(session: Session, text: str) -> str | None:
    """The key `resolve_key` gives if this process knows it at the region-list version this
    session has read already (no query), else None."""
    wanted = "".join(text.split())
    tokens = seen_tokens(session, [REGIONS])
    if tokens is None:
        return None
    with _KEYS_LOCK:
        found = _KEYS.get(wanted)
    return found[1] if found is not None and found[0] == tokens[REGIONS] else None


#: Region keys resolved by this process, each with the region-list version it was found at.
KEYS_KEPT = 4096
_KEYS: OrderedDict[str, tuple[str, str]] = OrderedDict()
_KEYS_LOCK = threading.Lock()


def locate(session: Session, text: str, *, field: str | None = None) -> StoredRegion:
    """The region a person names, stored or else taken from the division list (stored then, with
    its ancestors): what binding an account to a region needs."""
    try:
        return resolve(session, text, field=field)
    except NotFoundError:
        pass
    wanted = "".join(text.split())
    divisions = load_divisions()
    found = divisions.resolve(wanted)
    if len(found) > 1:
        raise InputError(f"“{wanted}”对应多个地区：{divisions.describe(found)}，请用代码指定",
                         location=Location(field=field) if field else None)
    if found:
        return _stored(session, division_row(session, found[0]))
    if is_code(wanted):
        raise NotFoundError(f"行政区划名录中没有代码 {wanted}（名录以外的地区可用 eduplan regions import 导入）",
                            location=Location(field=field) if field else None)
    return _stored(session, ensure_key(session, wanted))  # a region of its own, outside the list


def scope_keys(session: Session, region_id: int) -> frozenset[str]:
    """The keys of the region and of every stored region under it."""
    return frozenset(keys_by_id(session, subtree_ids(session, region_id)).values())


def scope_keys_by_code(session: Session, region_id: int) -> list[str]:
    """`scope_keys` in the order a bureau lists regions: by division code (GB/T 2260: a province,
    then each city followed by its counties), regions without a code last, by key."""
    ids = subtree_ids(session, region_id)
    keys, codes = keys_by_id(session, ids), codes_by_id(session, ids)
    return [keys[i] for i in sorted(ids, key=lambda i: (codes[i] is None, codes[i] or "", keys[i]))]


def principal_scope(session: Session, region_id: int | None) -> frozenset[str] | None:
    return scope_keys(session, region_id) if region_id is not None else None


# --- the tree view -----------------------------------------------------------------------------


@dataclass(frozen=True)
class TreeNode:
    region: StoredRegion
    plans: int
    figures: int
    schools: int
    children: tuple[TreeNode, ...]

    @property
    def has_data(self) -> bool:
        return bool(self.plans or self.figures or self.schools) or any(c.has_data for c in self.children)


def region_tree(session: Session, *, user: Principal | None, everything: bool = False) -> list[TreeNode]:
    """The stored regions as a tree (province → city → county), with their plans, figures and
    school records counted; only the branches that hold a plan or data unless `everything`,
    and only what the user reads: a user bound to a region its subtree, admin and an unbound
    municipal user every region, anyone else the regions with a published plan."""
    rows = all_rows(session)
    keys = keys_by_id(session)
    names = {r.id: r.name for r in rows}
    counts = region_counts(session)
    plans, published, figures, schools = counts.plans, counts.published, counts.figures, counts.schools
    visible = _visible(session, user, rows, published)
    children: dict[int | None, list[RegionRow]] = {}
    for row in rows:
        parent = row.parent_id if row.parent_id in names else None
        children.setdefault(parent, []).append(row)

    def node(row: RegionRow) -> TreeNode:
        kids = tuple(n for n in (node(c) for c in children.get(row.id, ())) if everything or n.has_data)
        region = StoredRegion(id=row.id, key=keys[row.id], name=row.name, code=row.code, level=row.level,
                              parent=names.get(row.parent_id) if row.parent_id else None, parent_id=row.parent_id)
        seen = visible is None or row.id in visible
        return TreeNode(region, plans.get(row.id, 0) if seen else 0, figures.get(row.id, 0) if seen else 0,
                        schools.get(row.id, 0) if seen else 0, kids)

    tops = [node(r) for r in children.get(None, [])]
    tops = [t for t in tops if everything or t.has_data]
    return [t for t in (_prune(t, visible) for t in tops) if t is not None]


def _visible(session: Session, user: Principal | None, rows: list[RegionRow], published: dict[int, int]) -> set[int] | None:
    """The ids of the regions the user reads (None: every region)."""
    if user is not None and user.role is Role.ADMIN:
        return None
    if user is not None and user.region is not None:
        own = [r for r in rows if key_of(session, r) == user.region]
        if user.role in (Role.PLANNER, Role.UNIT):
            return {r.id for r in own}
        return set().union(*(subtree_ids(session, r.id) for r in own)) if own else set()
    if user is not None and user.role in (Role.MUNICIPAL, Role.EVALUATOR):
        return None
    return set(published)


def _prune(node: TreeNode, visible: set[int] | None) -> TreeNode | None:
    """The node with only the branches holding a visible region (ancestors kept as the path to them)."""
    if visible is None:
        return node
    kids = tuple(k for k in (_prune(c, visible) for c in node.children) if k is not None)
    if node.region.id in visible or kids:
        return TreeNode(node.region, node.plans, node.figures, node.schools, kids)
    return None


# --- building and importing the list ---------------------------------------------------------


def build_divisions(session: Session, root_code: str) -> list[StoredRegion]:
    """Store a division of the shipped list and every division under it (重庆市 and its 区县)."""
    divisions = load_divisions()
    root = divisions.by_code(root_code)
    if root is None:
        raise NotFoundError(f"行政区划名录中没有代码 {root_code}")
    todo, out = [root], []
    while todo:
        current = todo.pop(0)
        if current.abolished is None:
            out.append(_stored(session, division_row(session, current)))
            todo.extend(divisions.children(current))
    return out


COLUMNS = ("code", "name", "parent_code")


@dataclass(frozen=True)
class ImportResult:
    created: int
    updated: int
    unchanged: int


def import_regions_csv(*, session: Session, path: Path, actor: str = "system") -> ImportResult:
    """Store the regions of a CSV file (columns code, name, parent_code; UTF-8 or GB18030), all or
    nothing: a bad line is refused with its line and column and nothing is written. A parent is a
    code of the file (on an earlier or later line) or of the store; a code already stored is renamed
    or moved to the file's name and parent."""
    text = _read_text(path)
    reader = csv.reader(io.StringIO(text))
    header = next(reader, None)
    if header is None or [h.strip().lower() for h in header][:3] != list(COLUMNS):
        raise InputError(f"表头应为 {','.join(COLUMNS)}", location=Location(file=str(path), line=1))
    entries: dict[str, tuple[str, str | None, int]] = {}
    for line_no, cells in enumerate(reader, start=2):
        if not any(c.strip() for c in cells):
            continue
        where = Location(file=str(path), line=line_no)
        if len(cells) < 2:
            raise InputError(f"只有 {len(cells)} 列，应有 code,name,parent_code", location=where)
        code, name = cells[0].strip(), cells[1].strip()
        parent = cells[2].strip() if len(cells) > 2 and cells[2].strip() else None
        if not is_code(code):
            raise InputError(f"code 列“{code}”不是 6 位数字的区划代码",
                             location=Location(file=str(path), line=line_no, column=1))
        if not name or len(name) > 100:
            raise InputError("name 列为空或超过 100 个字",
                             location=Location(file=str(path), line=line_no, column=2))
        if parent is not None and (not is_code(parent) or parent == code):
            raise InputError(f"parent_code 列“{parent}”不是另一个 6 位区划代码",
                             location=Location(file=str(path), line=line_no, column=3))
        if code in entries:
            raise InputError(f"代码 {code} 与第 {entries[code][2]} 行重复",
                             location=Location(file=str(path), line=line_no, column=1))
        entries[code] = (name, parent, line_no)
    stored = coded_rows(session)
    for code, (name, parent, line_no) in entries.items():
        if parent is not None and parent not in entries and parent not in stored:
            raise InputError(f"上级代码 {parent} 既不在文件中也不在库中",
                             location=Location(file=str(path), line=line_no, column=3))
        seen, current = {code}, parent
        while current is not None and current in entries:
            if current in seen:
                raise InputError(f"上级关系成环（{code}）",
                                 location=Location(file=str(path), line=line_no, column=3))
            seen.add(current)
            current = entries[current][1]
    result = {"created": 0, "updated": 0, "unchanged": 0}
    placed: dict[str, RegionRow] = {}

    def place(code: str) -> RegionRow:
        if code in placed:
            return placed[code]
        if code not in entries:
            return stored[code]
        name, parent_code, line_no = entries[code]
        parent = place(parent_code) if parent_code else None
        row = stored.get(code)
        level = _level_of(code, parent)
        clash = name_clash(session, name=name, code=code, parent_id=parent.id if parent else None)
        if clash is not None:
            raise InputError(f"上级之下已有同名地区“{name}”（{clash.code or '无代码'}）",
                             location=Location(file=str(path), line=line_no, column=2))
        if row is None:
            row = RegionRow(name=name, code=code, level=level, parent_id=parent.id if parent else None)
            session.add(row)
            result["created"] += 1
        elif (row.name, row.parent_id) != (name, parent.id if parent else None):
            row.name, row.parent_id, row.level = name, parent.id if parent else None, level
            result["updated"] += 1
        else:
            result["unchanged"] += 1
        session.flush()
        placed[code] = row
        return row

    for code in entries:
        place(code)
    add_audit_event(session, actor=actor, entity="regions", entity_id=None, action="import", before=None,
                    after={"file": path.name, **result})
    session.flush()
    return ImportResult(**result)


def _level_of(code: str, parent: RegionRow | None) -> str | None:
    known = load_divisions().by_code(code)
    if known is not None:
        return str(known.level)
    if parent is None:
        return str(Level.PROVINCE)
    order = [str(Level.PROVINCE), str(Level.PREFECTURE), str(Level.COUNTY)]
    return order[min(order.index(parent.level) + 1, 2)] if parent.level in order else None


def _read_text(path: Path) -> str:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"无法读取文件：{exc.strerror}", location=Location(file=str(path))) from None
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise InputError("文件既不是 UTF-8 也不是 GB18030 编码", location=Location(file=str(path)))
