"""Computed once, served many times: data versions and cached page contexts."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import String, Text
from sqlalchemy.orm import Mapped, mapped_column

from eduplan.store.models.base import Base, UTCDateTime, utcnow


class DataVersionRow(Base):
    """The version of a scope's data (`region:<name>`, or `all` for what no single region owns): a
    random token replaced in the same transaction as any write to the scope's board inputs."""

    __tablename__ = "data_versions"
    scope: Mapped[str] = mapped_column(String(255), primary_key=True)
    token: Mapped[str] = mapped_column(String(32))


class CachedPageRow(Base):
    """A computed page context (a board, a target page) as JSON, valid while `stamp` (the data
    versions it was computed from) is current; shared by every worker process."""

    __tablename__ = "cached_pages"
    kind: Mapped[str] = mapped_column(String(32), primary_key=True)
    key: Mapped[str] = mapped_column(String(255), primary_key=True)
    stamp: Mapped[str] = mapped_column(String(64))
    payload: Mapped[str] = mapped_column(Text)
    computed_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
