"""Limits on what an input file may hold, checked where the input enters, before the expensive work.

A .docx or .xlsx is a zip archive: 0.5 MB of it can inflate to gigabytes. `check_zip_directory`
reads the archive's directory (names and declared sizes, no decompression) and refuses too many
members, a member or a total too large once inflated, or a compression ratio no real document has.
Declared sizes can lie, so `BoundedStream` also counts the bytes really inflated while a member is
read and stops at the same limit. Pure: the callers open the archive and hand over its entries.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Protocol, Self

from eduplan.core.errors import InputError, Location

MB = 1024 * 1024


@dataclass(frozen=True)
class ZipLimits:
    """How much a zip-based document may hold once inflated."""

    max_members: int = 10_000
    max_member_bytes: int = 200 * MB
    max_total_bytes: int = 500 * MB
    #: Inflated / compressed size above this is a bomb (real XML compresses 5–30×) …
    max_ratio: float = 200.0
    #: … for members large enough to matter (a tiny, highly repetitive part is harmless).
    ratio_floor_bytes: int = 1 * MB


DEFAULT_ZIP_LIMITS = ZipLimits()


class ZipEntry(Protocol):
    """What `zipfile.ZipInfo` tells about a member without inflating it."""

    filename: str
    file_size: int
    compress_size: int


def mb(n: int) -> str:
    """A byte count in whole MB for messages: “200 MB”."""
    return f"{n // MB} MB" if n >= MB else f"{n} 字节"


def check_zip_directory(entries: Iterable[ZipEntry], *, file: str | None,
                        limits: ZipLimits = DEFAULT_ZIP_LIMITS) -> None:
    """Refuse an archive whose directory already shows it is too large to inflate."""
    total = 0
    for count, entry in enumerate(entries, start=1):
        where = Location(file=file)
        if count > limits.max_members:
            raise InputError(f"压缩包内文件超过 {limits.max_members} 个，文件可能损坏或被构造为压缩炸弹",
                             location=where)
        name, size = entry.filename, max(entry.file_size, 0)
        if size > limits.max_member_bytes:
            raise InputError(f"{name} 解压后超过 {mb(limits.max_member_bytes)}（声明为 {mb(size)}）", location=where)
        if size > limits.ratio_floor_bytes and size > limits.max_ratio * max(entry.compress_size, 1):
            ratio = size / max(entry.compress_size, 1)
            raise InputError(f"{name} 的压缩比为 {ratio:.0f} 倍，超过 {limits.max_ratio:.0f} 倍，"
                             "文件可能被构造为压缩炸弹", location=where)
        total += size
        if total > limits.max_total_bytes:
            raise InputError(f"压缩包解压后合计超过 {mb(limits.max_total_bytes)}（到 {name} 为止）", location=where)


class BoundedStream:
    """A readable stream that refuses to yield more than `limit` bytes (a member whose header lied)."""

    def __init__(self, raw: Any, *, limit: int, member: str, file: str | None) -> None:
        self._raw = raw
        self._limit = limit
        self._member = member
        self._file = file
        self.count = 0

    def read(self, n: int = -1) -> bytes:
        want = self._limit + 1 - self.count if n is None or n < 0 else min(n, self._limit + 1 - self.count)
        data = self._raw.read(max(want, 1))
        self.count += len(data)
        if self.count > self._limit:
            raise InputError(f"{self._member} 解压后超过 {mb(self._limit)}", location=Location(file=self._file))
        return data

    def close(self) -> None:
        self._raw.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


@dataclass(frozen=True)
class TextLimits:
    """How many lines, and how long a line, a document read as text may have."""

    max_lines: int = 200_000
    max_line_chars: int = 100_000


DEFAULT_TEXT_LIMITS = TextLimits()


def check_lines(lines: list[str], *, file: str | None, what: str = "文档",
                limits: TextLimits = DEFAULT_TEXT_LIMITS) -> None:
    """Refuse a document with absurdly many lines, or a line no plan has."""
    if len(lines) > limits.max_lines:
        raise InputError(f"{what}超过 {limits.max_lines} 行（共 {len(lines)} 行），文件可能过大或损坏",
                         location=Location(file=file))
    for number, line in enumerate(lines, start=1):
        if len(line) > limits.max_line_chars:
            raise InputError(f"该行超过 {limits.max_line_chars} 个字符（{len(line)} 个），文件可能损坏",
                             location=Location(file=file, line=number))
