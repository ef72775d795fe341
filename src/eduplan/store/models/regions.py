"""Regions (the division tree) and the responsible units of a region."""

from __future__ import annotations

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from eduplan.store.models.base import Base, Versioned


class RegionRow(Versioned, Base):
    """A region: usually a district or county (区县), any level of division for a plan of its own."""

    __tablename__ = "regions"
    # A name is unique only within its parent (福州市鼓楼区, 南京市鼓楼区); the code is unique (migration 0014).
    # Unique (parent_id, name) leaves NULL parents free, so a partial index keeps root names unique too.
    __table_args__ = (UniqueConstraint("parent_id", "name"),
                      Index("uq_regions_root_name", "name", unique=True, sqlite_where=text("parent_id IS NULL"),
                            postgresql_where=text("parent_id IS NULL")))
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), index=True)  # lookups by name (migration 0015)
    code: Mapped[str | None] = mapped_column(String(32), unique=True)  # the division code (GB/T 2260) when known
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("regions.id", ondelete="RESTRICT"), index=True)
    level: Mapped[str | None] = mapped_column(String(16))  # province / prefecture / county


class UnitRow(Versioned, Base):
    """A responsible unit (责任单位) of a region."""

    __tablename__ = "responsible_units"
    __table_args__ = (UniqueConstraint("region_id", "name"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    region_id: Mapped[int] = mapped_column(ForeignKey("regions.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(Text)
    kind: Mapped[str | None] = mapped_column(Text)
    aliases: Mapped[list[UnitAliasRow]] = relationship(
        back_populates="unit", cascade="all, delete-orphan", passive_deletes=True,
        order_by="UnitAliasRow.id",
    )


class UnitAliasRow(Base):
    """Another name a responsible unit goes by (区教委 = 区教育委员会)."""

    __tablename__ = "unit_aliases"
    __table_args__ = (UniqueConstraint("unit_id", "alias"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("responsible_units.id", ondelete="CASCADE"))
    alias: Mapped[str] = mapped_column(Text)
    unit: Mapped[UnitRow] = relationship(back_populates="aliases")
