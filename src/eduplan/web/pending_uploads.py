"""Uploaded plans awaiting review: kept as interchange JSON files until confirmed or expired.

A draft belongs to the user who uploaded it; nobody else can see or confirm it. Beside its
`<token>.json` (the plan, the items the reviewer left out and the corrections made) the store
keeps `<token>.lines.json`: the document's numbered lines, so the review shows each item's source.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import json
import re
import secrets
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from eduplan.core.errors import NotFoundError
from eduplan.core.interchange import plan_from_dict, plan_to_dict
from eduplan.core.plan import Plan

MAX_AGE = dt.timedelta(days=2)
_TOKEN = re.compile(r"^[0-9a-f]{32}$")


@dataclass(frozen=True)
class Draft:
    """An extracted, not yet stored plan, with the reviewer's exclusions and corrections so far."""

    token: str
    owner: str
    filename: str
    uploaded_at: dt.datetime
    plan: Plan
    excluded: dict[str, list[int]] = field(default_factory=dict)  # list name → 0-based positions left out
    corrections: list[str] = field(default_factory=list)  # what the reviewer changed, in Chinese


class DraftStore:
    """Drafts as files `<token>.json` (and `<token>.lines.json`) in one folder."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def save(self, *, owner: str, filename: str, plan: Plan, lines: Sequence[str] = ()) -> Draft:
        """Keep an extracted plan (and its document's lines) for its uploader; drafts older than two days are dropped."""
        self.folder.mkdir(parents=True, exist_ok=True)
        self._expire()
        draft = Draft(token=secrets.token_hex(16), owner=owner, filename=filename,
                      uploaded_at=dt.datetime.now(dt.UTC), plan=plan)
        self._lines_path(draft.token).write_text(json.dumps(list(lines), ensure_ascii=False), encoding="utf-8")
        self._write(draft)
        return draft

    def update(self, draft: Draft, plan: Plan, *, excluded: dict[str, list[int]] | None = None,
               corrections: Sequence[str] = ()) -> Draft:
        """The draft with its plan replaced (the reviewer set the region or corrected an item), its
        exclusions replaced when given and `corrections` added to its list; same token."""
        changed = Draft(token=draft.token, owner=draft.owner, filename=draft.filename,
                        uploaded_at=draft.uploaded_at, plan=plan,
                        excluded=draft.excluded if excluded is None else excluded,
                        corrections=[*draft.corrections, *corrections])
        self._write(changed)
        return changed

    def _write(self, draft: Draft) -> None:
        body = {"owner": draft.owner, "filename": draft.filename, "uploaded_at": draft.uploaded_at.isoformat(),
                "plan": plan_to_dict(draft.plan), "excluded": draft.excluded, "corrections": draft.corrections}
        path = self._path(draft.token)
        temporary = path.with_suffix(".tmp")
        temporary.write_text(json.dumps(body, ensure_ascii=False), encoding="utf-8")
        temporary.replace(path)  # a reader never sees half a file

    def load(self, token: str) -> Draft:
        """The draft under `token`; `NotFoundError` when unknown or expired."""
        path = self._path(token)
        if not path.is_file():
            raise NotFoundError("找不到该上传记录（可能已确认入库、已放弃、已过期或不属于当前用户）")
        body = json.loads(path.read_text(encoding="utf-8"))
        return Draft(token=token, owner=body["owner"], filename=body["filename"],
                     uploaded_at=dt.datetime.fromisoformat(body["uploaded_at"]),
                     plan=plan_from_dict(body["plan"], file=body["filename"]),
                     excluded={k: [int(i) for i in v] for k, v in (body.get("excluded") or {}).items()},
                     corrections=list(body.get("corrections") or []))

    @contextmanager
    def editing(self, token: str) -> Iterator[Draft]:
        """The draft, held for a read-modify-write: two requests editing the same upload (two
        tabs, two workers) run one after the other, so neither correction is lost."""
        self._path(token)  # a bad token is refused before a lock file is made
        self.folder.mkdir(parents=True, exist_ok=True)
        with open(self.folder / f"{token}.lock", "a+b") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            try:
                yield self.load(token)
            finally:
                fcntl.flock(lock, fcntl.LOCK_UN)

    def lines(self, token: str) -> tuple[str, ...]:
        """The uploaded document's numbered lines (`lines[n - 1]` is line n); () when not kept."""
        path = self._lines_path(token)
        if not path.is_file():
            return ()
        return tuple(json.loads(path.read_text(encoding="utf-8")))

    def for_owner(self, owner: str) -> list[Draft]:
        """The user's drafts, newest first."""
        if not self.folder.is_dir():
            return []
        drafts = [self.load(p.stem) for p in self.folder.glob("*.json") if _TOKEN.match(p.stem)]
        return sorted((d for d in drafts if d.owner == owner), key=lambda d: d.uploaded_at, reverse=True)

    def discard(self, token: str) -> None:
        """Forget a draft (after it was stored, or when its uploader gives it up) and its lines."""
        self._path(token).unlink(missing_ok=True)
        self._lines_path(token).unlink(missing_ok=True)
        (self.folder / f"{token}.lock").unlink(missing_ok=True)

    def _path(self, token: str) -> Path:
        if not _TOKEN.match(token):
            raise NotFoundError("上传记录编号无效")
        return self.folder / f"{token}.json"

    def _lines_path(self, token: str) -> Path:
        return self._path(token).with_suffix(".lines.json")

    def _expire(self) -> None:
        limit = dt.datetime.now(dt.UTC).timestamp() - MAX_AGE.total_seconds()
        for path in [*self.folder.glob("*.json"), *self.folder.glob("*.lock")]:
            if path.stat().st_mtime < limit:
                path.unlink(missing_ok=True)
