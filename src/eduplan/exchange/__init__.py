"""Excel/CSV exchange: the yearly collection template and its all-or-nothing import.

The names below are imported on first use, so that importing a reader or an importer loads
neither openpyxl (the template writer's) nor calamine (the large-workbook reader's).
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from eduplan.exchange.imports import import_collection
    from eduplan.exchange.template import write_template
    from eduplan.exchange.workbook import WorkbookRows, read_workbook

__all__ = ["WorkbookRows", "import_collection", "read_workbook", "write_template"]

_HOMES = {"import_collection": "imports", "write_template": "template", "WorkbookRows": "workbook",
          "read_workbook": "workbook"}


def __getattr__(name: str) -> Any:
    if name not in _HOMES:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(import_module(f"{__name__}.{_HOMES[name]}"), name)
