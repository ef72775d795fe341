"""The 任务进展, 项目进展 and 经费 sheets: task and project progress reports, finance records."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from eduplan.core.collection import yearly as c
from eduplan.core.collection.plausibility import (
    PER_PERSON_YUAN_CEILING,
    PLACES_CEILING,
    SEQUENCE_CEILING,
    value_ceiling,
)
from eduplan.core.collection.yearly import ProjectKey
from eduplan.core.numbers import format_number
from eduplan.core.plan import Plan, Project, Task
from eduplan.exchange import columns as t
from eduplan.exchange.cells import month, number, shown, text
from eduplan.exchange.import_run import DEFAULT_SOURCE, Run, Table, amount, issue, once, plans_of, region_year
from eduplan.exchange.rows import Cell

# 任务进展 -------------------------------------------------------------------------------------

_TASK_FILL = (t.PROGRESS, t.PERCENT, t.EVIDENCE, t.REPORTER)


def _task(plans: Sequence[Plan], task_id: str) -> Task | None:
    """A plan task by id (the first plan that has it)."""
    return next((task for p in plans for task in p.tasks if task.id == task_id), None)


def read_tasks(run: Run, table: Table) -> None:
    """Task progress reports from the 任务进展 sheet."""
    seen: dict[tuple[object, ...], int] = {}
    for row, cells in table.rows:
        if not table.filled(cells, _TASK_FILL):
            continue
        where = region_year(run, table, row, cells)
        task_id = text(table.cell(cells, t.TASK_ID))
        plans = plans_of(run, table, row, where[0]) if where else None
        if where and plans and (task_id is None or _task(plans, task_id) is None):
            issue(run, c.UNKNOWN_TASK, table.at(run, row, t.TASK_ID), value=task_id or "（空）", region=where[0])
            plans = None
        percent = _percent(run, table, row, cells)
        if where is None or not plans or task_id is None or percent is False:
            continue
        if not once(run, seen, (*where, task_id), table.at(run, row, t.TASK_ID), f"任务{task_id}"):
            continue
        run.collection.tasks.append(c.TaskReport(
            where[0], where[1], task_id, progress=text(table.cell(cells, t.PROGRESS)),
            percent=percent if isinstance(percent, float) else None,
            evidence=text(table.cell(cells, t.EVIDENCE)), reported_by=text(table.cell(cells, t.REPORTER)),
            entered_by=run.entered_by))


def _percent(run: Run, table: Table, row: int, cells: tuple[Cell, ...]) -> float | None | bool:
    """The percent done (None when blank), or False when wrong (with an issue)."""
    raw = table.cell(cells, t.PERCENT)
    if raw is None:
        return None
    value = number(raw)
    loc = table.at(run, row, t.PERCENT)
    if value is None:
        issue(run, c.NOT_A_NUMBER, loc, value=text(raw))
        return False
    if not 0 <= value <= 100:
        issue(run, c.PERCENT_OUT_OF_RANGE, loc, value=text(raw))
        return False
    return value



# 项目进展 -------------------------------------------------------------------------------------

_PROJECT_FILL = (t.ACTUAL_START, t.ACTUAL_FINISH, t.INVESTMENT, t.PLACES, t.NOTE)


def find_project(plans: Sequence[Plan], key: ProjectKey) -> Project | None:
    """A plan project by table, sequence and name; by name alone when that is unambiguous."""
    projects = [p for plan in plans for p in plan.projects]
    exact = [p for p in projects if (p.table, p.seq, p.name) == (key.table, key.seq, key.name)]
    if exact:
        return exact[0]
    named = [p for p in projects if p.name == key.name]
    return named[0] if len(named) == 1 else None


def _project_key(table: Table, cells: tuple[Cell, ...]) -> ProjectKey | None:
    """The project key of a row (None without a name)."""
    name = text(table.cell(cells, t.PROJ_NAME))
    seq = number(table.cell(cells, t.PROJ_SEQ))
    if name is None:
        return None
    whole = seq is not None and seq.is_integer() and 0 <= seq <= SEQUENCE_CEILING
    return ProjectKey(text(table.cell(cells, t.PROJ_TABLE)), int(seq) if whole and seq is not None else None, name)


def _month(run: Run, table: Table, row: int, cells: tuple[Cell, ...], key: str,
           year: int | None) -> tuple[bool, str | None]:
    """A month cell: (ok, "YYYY-MM" or None)."""
    raw = table.cell(cells, key)
    if raw is None:
        return True, None
    value = month(raw)
    loc = table.at(run, row, key)
    if value is None:
        issue(run, c.BAD_MONTH, loc, value=text(raw))
        return False, None
    if year is not None and int(value[:4]) > year:
        issue(run, c.MONTH_AFTER_YEAR, loc, value=value, year=year, what=key)
        return False, None
    return True, value


def _places(run: Run, table: Table, row: int, cells: tuple[Cell, ...]) -> tuple[bool, int | None]:
    """Places delivered: a non-negative whole number."""
    ok, value = amount(run, table, row, cells, t.PLACES, "新增学位", ceiling=PLACES_CEILING, unit="个")
    if not ok or value is None:
        return ok, None
    if not value.is_integer():
        issue(run, c.NOT_AN_INTEGER, table.at(run, row, t.PLACES), value=format_number(value), what="新增学位")
        return False, None
    return True, int(value)


def read_projects(run: Run, table: Table) -> None:
    """Project progress reports from the 项目进展 sheet."""
    seen: dict[tuple[object, ...], int] = {}
    for row, cells in table.rows:
        if not table.filled(cells, _PROJECT_FILL):
            continue
        where = region_year(run, table, row, cells)
        key = _project_key(table, cells)
        seq = number(table.cell(cells, t.PROJ_SEQ))
        if seq is not None and not 0 <= seq <= SEQUENCE_CEILING:
            issue(run, c.VALUE_OUT_OF_RANGE, table.at(run, row, t.PROJ_SEQ), what="序号", value=shown(seq),
                   limit=format_number(SEQUENCE_CEILING), unit="")
            continue
        plans = plans_of(run, table, row, where[0]) if where else None
        if where and plans and (key is None or find_project(plans, key) is None):
            label = key.label() if key else "（空）"
            issue(run, c.UNKNOWN_PROJECT, table.at(run, row, t.PROJ_NAME), value=label, region=where[0])
            plans = None
        year = where[1] if where else None
        ok_start, start = _month(run, table, row, cells, t.ACTUAL_START, year)
        ok_finish, finish = _month(run, table, row, cells, t.ACTUAL_FINISH, year)
        ok_spent, spent = amount(run, table, row, cells, t.INVESTMENT, "本年完成投资",
                                  ceiling=value_ceiling("万元"), unit="万元")
        ok_places, places = _places(run, table, row, cells)
        if start and finish and finish < start:
            issue(run, c.FINISH_BEFORE_START, table.at(run, row, t.ACTUAL_FINISH), value=finish, start=start)
            continue
        if where is None or not plans or key is None or not (ok_start and ok_finish and ok_spent and ok_places):
            continue
        if not once(run, seen, (*where, key), table.at(run, row, t.PROJ_NAME), f"项目“{key.name}”"):
            continue
        run.collection.projects.append(c.ProjectReport(
            where[0], where[1], key, actual_start=start, actual_finish=finish, investment=spent, places=places,
            note=text(table.cell(cells, t.NOTE)), entered_by=run.entered_by))



# 经费 ---------------------------------------------------------------------------------------

_FINANCE_LABELS = {re.sub(r"[\s（）()]", "", label): code for code, (label, _) in c.FINANCE_ITEMS.items()}


def _finance_code(table: Table, cells: tuple[Cell, ...]) -> str | None:
    """The finance item of a row: by hidden code, else by its label."""
    code = text(table.cell(cells, t.FIN_CODE))
    if code in c.FINANCE_ITEMS:
        return code
    label = text(table.cell(cells, t.FIN_ITEM))
    return _FINANCE_LABELS.get(re.sub(r"[\s（）()]", "", label)) if label else None


def read_finance(run: Run, table: Table) -> None:
    """Finance records from the 经费 sheet, one per region and year."""
    seen: dict[tuple[object, ...], int] = {}
    records: dict[tuple[str, int], dict[str, float]] = {}
    sources: dict[tuple[str, int], str] = {}
    for row, cells in table.rows:
        if not table.filled(cells, (t.AMOUNT,)):
            continue
        where = region_year(run, table, row, cells)
        code = _finance_code(table, cells)
        if code is None:
            raw = table.cell(cells, t.FIN_ITEM) or table.cell(cells, t.FIN_CODE)
            issue(run, c.UNKNOWN_FINANCE_ITEM, table.at(run, row, t.FIN_ITEM), value=text(raw) or "（空）")
        unit = c.FINANCE_ITEMS[code][1] if code else None
        ceiling = PER_PERSON_YUAN_CEILING if unit == "元" else value_ceiling(unit)
        ok, value = amount(run, table, row, cells, t.AMOUNT, f"“{c.FINANCE_ITEMS[code][0]}”" if code else "经费数值",
                            ceiling=ceiling, unit=unit)
        if where is None or code is None or not ok or value is None:
            continue
        if once(run, seen, (*where, code), table.at(run, row, t.AMOUNT), f"经费项目“{c.FINANCE_ITEMS[code][0]}”"):
            records.setdefault(where, {})[code] = value
            if (src := text(table.cell(cells, t.SOURCE))) is not None:
                sources.setdefault(where, src)
    for (region, year), items in records.items():
        run.collection.finance.append(_finance_record(run, region, year, items, sources.get((region, year))))


def _finance_record(run: Run, region: str, year: int, items: Mapping[str, float], source: str | None
                    ) -> c.FinanceRecord:
    """A FinanceRecord from item code → value."""
    per_student = {code.split(".", 1)[1]: v for code, v in items.items() if code.startswith("per_student.")}
    return c.FinanceRecord(region, year, budget=items.get("budget"), per_student=per_student,
                           teacher_salary=items.get("teacher_salary"),
                           civil_servant_salary=items.get("civil_servant_salary"),
                           training_spend=items.get("training_spend"), payroll=items.get("payroll"),
                           source=source or DEFAULT_SOURCE, entered_by=run.entered_by)

