"""Typed access to the fields of plain JSON-ready dicts, each refusal an `InputError` naming the
field's path in Chinese (`indicators[3].target.value: 应为数字`): what every `*_from_dict` reads with.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Mapping
from typing import Any, TypeVar

from eduplan.core.errors import InputError, Location
from eduplan.core.plan import Source

T = TypeVar("T")


class FieldReader:
    """Typed field access that raises `InputError` naming the field path."""

    def __init__(self, file: str | None) -> None:
        self.file = file

    def fail(self, path: str, message: str) -> InputError:
        return InputError(message, location=Location(file=self.file, field=path))

    def obj(self, value: Any, path: str) -> Mapping[str, Any]:
        if not isinstance(value, Mapping):
            raise self.fail(path, "应为对象（{…}）")
        return value

    def lst(self, value: Any, path: str) -> list[Any]:
        if value is None:
            return []
        if not isinstance(value, list):
            raise self.fail(path, "应为列表（[…]）")
        return value

    def text(self, d: Mapping[str, Any], key: str, path: str, *, required: bool = False) -> str | None:
        value = d.get(key)
        if value is None or value == "":
            if required:
                raise self.fail(f"{path}.{key}", "缺少必填字段")
            return None if value is None else ""
        if not isinstance(value, str):
            raise self.fail(f"{path}.{key}", f"应为文本，实际为 {value!r}")
        return value

    def number(self, d: Mapping[str, Any], key: str, path: str) -> float | None:
        return self.as_number(d.get(key), f"{path}.{key}")

    def as_number(self, value: Any, path: str) -> float | None:
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise self.fail(path, f"应为数字，实际为 {value!r}")
        if not math.isfinite(value):
            raise self.fail(path, "数字必须是有限值")
        return value

    def integer(self, d: Mapping[str, Any], key: str, path: str) -> int | None:
        value = d.get(key)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            if isinstance(value, float) and value.is_integer():
                return int(value)
            raise self.fail(f"{path}.{key}", f"应为整数，实际为 {value!r}")
        return value

    def year_pair(self, d: Mapping[str, Any], key: str, path: str) -> tuple[int, int] | None:
        value = d.get(key)
        if value is None:
            return None
        if (
            not isinstance(value, list)
            or len(value) != 2
            or not all(isinstance(v, int) and not isinstance(v, bool) for v in value)
        ):
            raise self.fail(f"{path}.{key}", f"应为两个年份组成的列表，如 [2021, 2025]，实际为 {value!r}")
        if value[0] > value[1]:
            raise self.fail(f"{path}.{key}", f"起始年份 {value[0]} 晚于结束年份 {value[1]}")
        return (value[0], value[1])

    def date(self, d: Mapping[str, Any], key: str, path: str) -> dt.date | None:
        value = self.text(d, key, path)
        if not value:
            return None
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            raise self.fail(f"{path}.{key}", f"日期格式应为 YYYY-MM-DD，实际为 {value!r}") from None

    def enum(self, d: Mapping[str, Any], key: str, path: str, kind: Callable[[str], T]) -> T | None:
        value = self.text(d, key, path)
        if not value:
            return None
        try:
            return kind(value)
        except ValueError:
            raise self.fail(f"{path}.{key}", f"取值 {value!r} 无效") from None

    def number_map(self, d: Mapping[str, Any], key: str, path: str) -> dict[str, Any]:
        value = d.get(key)
        if value is None:
            return {}
        m = self.obj(value, f"{path}.{key}")
        return {str(k): self.as_number(v, f"{path}.{key}.{k}") for k, v in m.items()}

    def text_map(self, d: Mapping[str, Any], key: str, path: str) -> dict[str, str]:
        value = d.get(key)
        if value is None:
            return {}
        m = self.obj(value, f"{path}.{key}")
        out: dict[str, str] = {}
        for k, v in m.items():
            if not isinstance(v, str):
                raise self.fail(f"{path}.{key}.{k}", f"应为文本，实际为 {v!r}")
            out[str(k)] = v
        return out

    def texts(self, d: Mapping[str, Any], key: str, path: str) -> list[str]:
        out = []
        for n, v in enumerate(self.lst(d.get(key), f"{path}.{key}")):
            if not isinstance(v, str):
                raise self.fail(f"{path}.{key}[{n}]", f"应为文本，实际为 {v!r}")
            out.append(v)
        return out

    def source(self, d: Mapping[str, Any], path: str) -> Source:
        value = d.get("source")
        if value is None:
            return Source()
        s = self.obj(value, f"{path}.source")
        return Source(line=self.integer(s, "line", f"{path}.source"), file=self.text(s, "file", f"{path}.source"))
