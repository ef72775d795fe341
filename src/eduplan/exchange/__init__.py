"""Excel/CSV exchange: the yearly collection template and its all-or-nothing import."""

from eduplan.exchange.imports import import_collection
from eduplan.exchange.template import write_template
from eduplan.exchange.workbook import WorkbookRows, read_workbook

__all__ = ["WorkbookRows", "import_collection", "read_workbook", "write_template"]
