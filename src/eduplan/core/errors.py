"""The one family of exceptions: raised only when work cannot go on.

Problems found *in* data are values (`Finding`), not exceptions. Every message is Chinese
and says what is wrong and where.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Location:
    """Where a problem is: file, line, sheet, row, column or field path."""

    file: str | None = None
    line: int | None = None
    column: int | str | None = None
    sheet: str | None = None
    row: int | None = None
    field: str | None = None

    def __str__(self) -> str:
        parts: list[str] = []
        if self.file:
            parts.append(self.file)
        if self.sheet:
            parts.append(f"工作表“{self.sheet}”")
        if self.line is not None:
            parts.append(f"第{self.line}行")
        if self.row is not None:
            parts.append(f"第{self.row}行")
        if self.column is not None:
            parts.append(f"第{self.column}列")
        if self.field:
            parts.append(f"字段 {self.field}")
        return "，".join(parts)


class EduplanError(Exception):
    """Root of eduplan's exceptions; `message` is Chinese and meant for the user."""

    code = "error"

    def __init__(self, message: str, *, location: Location | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.location = location

    def __str__(self) -> str:
        if self.location and str(self.location):
            return f"{self.location}：{self.message}"
        return self.message


class InputError(EduplanError):
    """The user's input is malformed or unsupported; nothing was written."""

    code = "invalid-input"


class NotFoundError(EduplanError):
    """A referenced plan, region or record does not exist."""

    code = "not-found"


class ConflictError(EduplanError):
    """A write was based on a stale version of a record: another user changed it first."""

    code = "conflict"


class ConfigError(EduplanError):
    """The settings are unsafe or inconsistent."""

    code = "config"
