"""A JSON form read back into the frozen dataclasses it was written from, by their type hints.

What `jsonable` writes (dataclasses as dicts, enums as their values, dates as ISO text, integer
mapping keys as text, tuples as lists, non-finite numbers as null) is read back as the same typed
values, every refusal an `InputError` naming the field's path in Chinese
(`targets[3].status: 应为 已达成、进展顺利…之一，实际为 '达成'`).

A missing key takes the field's default and is refused when the field has none; an unknown key is
refused when `strict` (the current version of a stored form), else ignored (a key an older
version wrote and a later one dropped).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import types
import typing
from collections.abc import Mapping
from typing import Any, TypeVar

from eduplan.core.errors import InputError
from eduplan.core.fields import FieldReader

T = TypeVar("T")


def read_dataclass(cls: type[T], data: object, *, path: str = "", strict: bool = True,
                   file: str | None = None) -> T:
    """`data` (a JSON form) as an instance of the dataclass `cls`."""
    return _Reader(FieldReader(file), strict).dataclass(cls, data, path)


_HINTS: dict[type, dict[str, Any]] = {}


def _hints(cls: type) -> dict[str, Any]:
    """A dataclass's resolved type hints, read once per class."""
    if cls not in _HINTS:
        _HINTS[cls] = typing.get_type_hints(cls)
    return _HINTS[cls]


class _Reader:
    def __init__(self, fields: FieldReader, strict: bool) -> None:
        self.fields = fields
        self.strict = strict

    def fail(self, path: str, message: str) -> InputError:
        return self.fields.fail(path or "（根）", message)

    def dataclass(self, cls: type[T], data: object, path: str) -> T:
        if not isinstance(data, Mapping):
            raise self.fail(path, f"应为对象（{{…}}），实际为 {_shown(data)}")
        hints = _hints(cls)
        known = {f.name: f for f in dataclasses.fields(cls)}  # type: ignore[arg-type]
        unknown = [str(k) for k in data if k not in known]
        if unknown and self.strict:
            raise self.fail(_at(path, unknown[0]), "未知字段")
        values: dict[str, Any] = {}
        for name, f in known.items():
            if name in data:
                values[name] = self.value(hints[name], data[name], _at(path, name))
            elif f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING:
                raise self.fail(_at(path, name), "缺少必填字段")
        return cls(**values)

    def value(self, hint: Any, value: object, path: str) -> Any:
        origin, args = typing.get_origin(hint), typing.get_args(hint)
        if origin in (typing.Union, types.UnionType):
            if value is None and type(None) in args:
                return None
            arms = [a for a in args if a is not type(None)]
            if len(arms) == 1:
                return self.value(arms[0], value, path)
            for arm in arms:  # the first arm that reads it
                try:
                    return self.value(arm, value, path)
                except InputError:
                    continue
            raise self.fail(path, f"类型不符，实际为 {_shown(value)}")
        if hint is Any:
            return value
        if value is None:
            raise self.fail(path, "不能为空（null）")
        if origin is list:
            return [self.value(args[0], v, f"{path}[{i}]") for i, v in enumerate(self.list(value, path))]
        if origin is tuple:
            items = self.list(value, path)
            if len(args) == 2 and args[1] is Ellipsis:
                return tuple(self.value(args[0], v, f"{path}[{i}]") for i, v in enumerate(items))
            if len(items) != len(args):
                raise self.fail(path, f"应为{len(args)}项的列表，实际为{len(items)}项")
            return tuple(self.value(a, v, f"{path}[{i}]") for i, (a, v) in enumerate(zip(args, items, strict=True)))
        if origin is dict:
            if not isinstance(value, Mapping):
                raise self.fail(path, f"应为对象（{{…}}），实际为 {_shown(value)}")
            return {self.key(args[0], k, path): self.value(args[1], v, _at(path, str(k))) for k, v in value.items()}
        if isinstance(hint, type):
            return self.scalar(hint, value, path)
        raise self.fail(path, f"无法读取的类型 {hint!r}")  # pragma: no cover - a payload field of a new kind

    def scalar(self, hint: type, value: object, path: str) -> Any:
        if dataclasses.is_dataclass(hint):
            return self.dataclass(hint, value, path)
        if issubclass(hint, enum.Enum):
            try:
                return hint(value)
            except (ValueError, TypeError):
                allowed = "、".join(str(m.value) for m in hint)
                raise self.fail(path, f"应为 {allowed} 之一，实际为 {_shown(value)}") from None
        if hint is bool:
            if not isinstance(value, bool):
                raise self.fail(path, f"应为 true 或 false，实际为 {_shown(value)}")
            return value
        if hint is int:
            if isinstance(value, float) and value.is_integer():
                return int(value)
            if isinstance(value, bool) or not isinstance(value, int):
                raise self.fail(path, f"应为整数，实际为 {_shown(value)}")
            return value
        if hint is float:
            number = self.fields.as_number(value, path)
            return float(number) if number is not None else None
        if hint is str:
            if not isinstance(value, str):
                raise self.fail(path, f"应为文本，实际为 {_shown(value)}")
            return value
        if hint is dt.date:
            try:
                return dt.date.fromisoformat(str(value)) if isinstance(value, str) else _no_date()
            except ValueError:
                raise self.fail(path, f"应为日期（如 2023-12-31），实际为 {_shown(value)}") from None
        raise self.fail(path, f"无法读取的类型 {hint.__name__}")  # pragma: no cover

    def list(self, value: object, path: str) -> list[Any]:
        if not isinstance(value, list):
            raise self.fail(path, f"应为列表（[…]），实际为 {_shown(value)}")
        return value

    def key(self, hint: Any, key: object, path: str) -> Any:
        if hint is int:
            try:
                return int(str(key))
            except ValueError:
                raise self.fail(_at(path, str(key)), "键应为整数（如年份 2023）") from None
        return self.value(hint, key, _at(path, str(key)))


def _no_date() -> dt.date:
    raise ValueError


def _at(path: str, name: str) -> str:
    return f"{path}.{name}" if path else name


def _shown(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "…"
