"""Validate a filled collection workbook and convert it to core results, all or nothing.

Every cell is checked and every problem is collected (never only the first), each with its
sheet, row and column letter. Blank rows to fill are not problems: a row is read when any of
its cells to fill holds something. Any error → the result holds no data; warnings block only
in strict mode (see core.collection.decide).

Each data sheet has its reader: 指标 and 文中目标 in `import_figures` (with the web form's
`check_figures`), 任务进展, 项目进展 and 经费 in `import_progress`; `import_run` holds the state
and the checks they share, `import_quality` the outlier and sub-row warnings, `cells` the cell values.
"""

from __future__ import annotations

from collections.abc import Sequence

from eduplan.core.catalog import Catalog
from eduplan.core.collection import yearly as c
from eduplan.core.collection.plausibility import History
from eduplan.core.collection.yearly import ImportResult
from eduplan.core.errors import Location
from eduplan.core.plan import Plan
from eduplan.exchange import workbook as wbk
from eduplan.exchange.import_figures import read_indicators, read_targets
from eduplan.exchange.import_progress import read_finance, read_projects, read_tasks
from eduplan.exchange.import_quality import check_quality
from eduplan.exchange.import_run import Run, Stored, Table


def import_collection(workbook_rows: wbk.WorkbookRows, *, plans: Sequence[Plan], catalog: Catalog,
                      history: History, strict: bool = False, entered_by: str | None = None,
                      stored: Stored | None = None) -> ImportResult:
    """Check every cell of a filled workbook; the data only when nothing blocks it.

    With `stored`, a sheet's 已存值 column (the stored value the template showed) is checked
    against the value stored now: a row whose 本年值 would replace a value that changed since
    (or whose 已存值 cell was edited) is an error, an edited 已存值 on a row left blank a warning.
    """
    run = Run(workbook_rows.file, plans, catalog, entered_by, stored=stored)
    sheets = {name: rows for name, rows in workbook_rows.sheets.items() if name in wbk.DATA_SHEETS}
    if not sheets:
        found = "、".join(workbook_rows.sheets) or "无"
        run.issues.append(c.NO_KNOWN_SHEET.make(Location(file=run.file), sheets=found))
    readers = {wbk.INDICATORS: read_indicators, wbk.TARGETS: read_targets, wbk.TASKS: read_tasks,
               wbk.PROJECTS: read_projects, wbk.FINANCE: read_finance}
    for name, rows in sheets.items():
        table = Table.of(run, name, rows)
        if table is not None:
            readers[name](run, table)
    check_quality(run, history)
    rows_read = sum(max(len(r) - 1, 0) for r in sheets.values())
    return c.decide(run.collection, run.issues, strict=strict, rows_read=rows_read)
