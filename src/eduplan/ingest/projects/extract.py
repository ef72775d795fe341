"""Construction project tables: every column kept, totals recognised as totals.

A project table is found by its header (a 序号 cell followed by a 名称 column and a
construction column such as 建设性质, 投资, 学位 or 开工). Its rows are read in the
layout the document uses — TAB cells (one per line or one row per line), " | " rows, or
run-together PDF text whose cells are only separated by spaces and line wraps — into rows
of cells, and every layout then goes through the same column mapping and arithmetic.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from eduplan.core.findings import (
    INVESTMENT_EXCEEDS_TOTAL,
    INVESTMENT_OUTSIDE_PERIOD,
    SUM_MISMATCH,
    TABLE_CELL_UNPLACED,
)
from eduplan.core.numbers import normalize_text, parse_number
from eduplan.core.plan import Finding, Project, Source
from eduplan.core.tracking.projects import find_month
from eduplan.ingest.projects.pdf_cells import pdf_shape, pdf_table
from eduplan.ingest.projects.rows import pipe_rows, split_keywords, tab_table, token_rows
from eduplan.ingest.projects.table import (
    ORDINAL_RE,
    SEQ_RE,
    TOTAL_RE,
    YEAR_RE,
    Row,
    body_width,
    column_role,
    compact,
    header_labels,
    header_text,
    is_data_row,
)
from eduplan.ingest.readers.document import Document


@dataclass
class ProjectExtraction:
    projects: list[Project] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)


@dataclass
class _Table:
    title: str
    header_line: int  # 0-based index of the header's first line
    layout: str  # "tab" | "pipe" | "tokens"


@dataclass
class _Total:
    label: str
    group: str | None  # None: the whole table
    cells: list[str]  # as printed, in row order
    line: int
    values: dict[str, str] = field(default_factory=dict)  # label → cell, once aligned


_HEADER_WORDS = ("建设", "投资", "学位", "开工", "投用", "竣工", "面积")
_STATUS_RE = re.compile(r"(在建|续建|新开工|开工|前期|研究|储备|完工|竣工|投用|已建成)项目?")


# ---------------------------------------------------------------- finding the tables


def _is_header_start(lines: tuple[str, ...], i: int) -> bool:
    c = compact(lines[i])
    if c.startswith(("序号", "|序号")):
        return True
    if c == "序":
        nxt = next((compact(x) for x in lines[i + 1:i + 3] if x.strip()), "")
        return nxt.startswith("号")
    return "|序号|" in c


def _title_before(lines: tuple[str, ...], i: int) -> str:
    seen = [compact(x) for x in reversed(lines[max(0, i - 8):i]) if x.strip()]
    for c in seen[:6]:
        if c.endswith(("表", "）", ")")) and "表" in c and not c.startswith("附件："):
            return c
    return seen[0] if seen else ""


def _find_tables(lines: tuple[str, ...]) -> list[_Table]:
    tables: list[_Table] = []
    for i in range(len(lines)):
        if not _is_header_start(lines, i):
            continue
        header = header_text(lines, i)
        title = _title_before(lines, i)
        if "名称" not in header:
            continue
        if not (any(w in header for w in _HEADER_WORDS) or "项目" in title):
            continue
        raw = lines[i]
        layout = "pipe" if "|" in raw else "tab" if "\t" in raw else "tokens"
        tables.append(_Table(title=title, header_line=i, layout=layout))
    return tables


# ---------------------------------------------------------------- rows → projects


def _period(text: str) -> tuple[int, int] | None:
    years = [int(y) for y in re.findall(r"20\d\d", normalize_text(text))]
    if not years:
        return None
    return (years[0], years[-1]) if len(years) > 1 else (years[0], years[0])


def _scale(label: str) -> float:
    """Factor that turns a money column's printed unit into 万元."""
    if "亿元" in label:
        return 10_000.0
    if "元" in label and "万元" not in label:
        return 0.0001
    return 1.0


def _area_unit_ok(label: str) -> bool:
    """An area column feeds site/floor area only in m² (征地 without a unit is usually 亩)."""
    if "亩" in label or "公顷" in label:
        return False
    has_m2 = bool(re.search(r"m2|m²|㎡|平方米|平米", label))
    return has_m2 or "征地" not in label


def _project(cells: dict[str, str], labels: list[str], *, table: str, group: str | None,
             group_status: str | None, line: int) -> Project:
    roles = {lab: column_role(lab) for lab in labels}
    name_label = next((lab for lab in labels if "项目名称" in lab), None) or next(
        (lab for lab in labels if roles[lab] == "name"), None)
    p = Project(name=compact(cells.get(name_label, "")) if name_label else "", table=table, group=group,
                columns={lab: cells.get(lab, "") for lab in labels}, source=Source(line=line))
    for lab in labels:
        text, role = cells.get(lab, "").strip(), roles[lab]
        if not text:
            continue
        number = parse_number(compact(text))
        if role == "seq" and number is not None:
            p.seq = int(number)
        elif role == "stage" and p.stage is None:
            p.stage = compact(text)
        elif role == "nature" and p.nature is None:
            p.nature = compact(text)
        elif role == "period":
            p.period = _period(text)
        elif role == "planned_start":
            p.planned_start = find_month(normalize_text(text))
        elif role == "planned_finish":
            p.planned_finish = find_month(normalize_text(text))
        elif role == "investment_total" and number is not None:
            p.investment_total = number * _scale(lab)
        elif role == "year_investment" and number is not None:
            year = YEAR_RE.search(lab)
            if year:
                p.investment_by_year[year.group(1)] = number * _scale(lab)
        elif role == "places" and number is not None:
            p.places = int(number)
        elif role == "site_area" and number is not None and _area_unit_ok(lab) and p.site_area is None:
            p.site_area = number
        elif role == "floor_area" and number is not None and _area_unit_ok(lab) and p.floor_area is None:
            p.floor_area = number
        elif role == "status":
            p.status = compact(text)
        elif role == "remark" and p.status is None:
            m = _STATUS_RE.search(compact(text))
            p.status = m.group(0) if m else None
    if p.status is None:
        p.status = group_status
    return p


def _unplaced(row: Row, labels: list[str], table: _Table) -> Finding | None:
    """A finding for a row whose cells cannot all be put under the header's columns, else None.

    A row wider than the header (its extra cells not empty) cannot be matched column by
    column; a row whose reader could not tell the year of its amounts carries them.
    """
    extra = [c for c in row.cells[len(labels):] if compact(c)]
    if extra:
        return TABLE_CELL_UNPLACED.make(line=row.line, table=f"《{table.title}》", row=row.line,
                                        cells=" | ".join(compact(c) for c in row.cells if compact(c)),
                                        reason=f"该行有{len(row.cells)}格，表头只有{len(labels)}列")
    if row.unplaced:
        return TABLE_CELL_UNPLACED.make(line=row.line, table=f"《{table.title}》", row=row.line, cells=row.unplaced,
                                        reason="年度投资少于年份列，无法判断属于哪一年")
    return None


def _read_table(lines: tuple[str, ...], table: _Table) -> tuple[list[Project], list[_Total], int, list[Finding]]:
    """Projects, printed totals and unplaced cells of one table, and the index of the line after it."""
    start = table.header_line
    shape = pdf_shape(lines, start) if table.layout == "tokens" else None
    if shape:
        labels, rows, end = pdf_table(lines, start, shape)
    elif table.layout == "tokens":
        labels = split_keywords(header_text(lines, start))
        rows, end = token_rows(lines, start, labels)
    elif table.layout == "tab":
        labels, rows, end = tab_table(lines, start)
    else:
        rows, end = pipe_rows(lines, start)
        first_data = next((k for k, r in enumerate(rows) if is_data_row(r)), len(rows))
        head_rows, rows = rows[:first_data], rows[first_data:]
        width = body_width(rows)
        labels = header_labels(head_rows, raw=[lines[r.line - 1] for r in head_rows], width=width)
    if not labels:
        return [], [], end, []
    findings: list[Finding] = []
    projects: list[Project] = []
    totals: list[_Total] = []
    group: str | None = None
    group_status: str | None = None
    for row in rows:
        texts = [c for c in row.cells if compact(c)]
        if not texts:
            continue
        head = compact(texts[0])
        if TOTAL_RE.search(head) and not SEQ_RE.match(head):
            label = TOTAL_RE.sub("", head)
            own = label if label and label not in ("总", "全部") else None
            if own:
                group, group_status = own, _status_of(own)
            elif head.endswith("小计"):
                own = group  # a bare 小计 closes the group above it
            totals.append(_Total(head, own, row.cells, row.line))
        elif SEQ_RE.match(head) and len(texts) > 1:
            unplaced = _unplaced(row, labels, table)
            if unplaced is not None:
                findings.append(unplaced)
                if row.unplaced is None:
                    continue  # no cell of a misaligned row is taken for a column's value
            projects.append(_project(dict(zip(labels, row.cells)), labels, table=table.title, group=group,
                                     group_status=group_status, line=row.line))
        elif len(texts) == 1 or ORDINAL_RE.match(head):
            group, group_status = head, _status_of(head)
    return projects, [_align_total(t, labels, projects) for t in totals], end, findings


def _align_total(total: _Total, labels: list[str], projects: list[Project]) -> _Total:
    """Put a total row's cells under their columns: its label may span several columns."""
    raw = total.cells
    scope = [p for p in projects if total.group is None or p.group == total.group]

    def score(offset: int) -> tuple[int, int]:
        hits = exact = 0
        for i, text in enumerate(raw):
            k = i + offset
            value = parse_number(compact(text))
            if value is None or TOTAL_RE.search(compact(text)) or not 0 <= k < len(labels):
                continue
            parts = [parse_number(compact(p.columns.get(labels[k], ""))) for p in scope]
            if parts and all(v is not None for v in parts if v is not None) and any(v is not None for v in parts):
                hits += 1
                exact += abs(sum(v for v in parts if v is not None) - value) < 1e-6
        return hits, exact

    best = max(range(-2, 3), key=lambda o: (*score(o), -abs(o)))
    values = {labels[i + best]: text for i, text in enumerate(raw) if 0 <= i + best < len(labels)}
    return _Total(total.label, total.group, total.cells, total.line, values)


def _status_of(text: str) -> str | None:
    m = _STATUS_RE.search(text)
    return m.group(0) if m else None


# ---------------------------------------------------------------- the tables' own arithmetic


def _decimals(text: str) -> int:
    m = re.search(r"\.(\d+)", text)
    return len(m.group(1)) if m else 0


def _column_sum(label: str, texts: list[str]) -> tuple[float, int] | None:
    """Sum of a column's cells (blank and dash cells count 0) and its decimals; None if any is not a number."""
    cells = [compact(x) for x in texts]
    values = [parse_number(x) for x in cells if x not in ("", "-", "—", "/")]
    if not values or any(v is None for v in values):
        return None
    digits = max(_decimals(x) for x in cells)
    return round(sum(v for v in values if v is not None), digits), digits


def _check_total(total: _Total, totals: list[_Total], projects: list[Project], table: str) -> list[Finding]:
    """A printed total against the sum of its rows.

    A grand total that equals the sum of the printed group subtotals is not reported
    again: the subtotal that differs from its rows carries the finding.
    """
    scope = [p for p in projects if total.group is None or p.group == total.group]
    groups = [t for t in totals if t.group is not None]
    findings = []
    for label, printed_text in total.values.items():
        printed = parse_number(compact(printed_text))
        if printed is None or column_role(label) == "seq":
            continue
        summed = _column_sum(label, [p.columns.get(label, "") for p in scope])
        if summed is None:
            continue
        computed, digits = summed
        if abs(computed - printed) <= 0.5 * 10 ** -digits:
            continue
        if total.group is None and groups:
            by_groups = _column_sum(label, [t.values.get(label, "") for t in groups])
            if by_groups is not None and abs(by_groups[0] - printed) <= 0.5 * 10 ** -digits:
                continue
        findings.append(SUM_MISMATCH.make(
            line=total.line, lines=[p.source.line for p in scope if p.source.line],
            table=f"《{table}》", column=label, label=total.label, printed=printed, computed=computed,
            diff=round(abs(computed - printed), digits),
            scope=f"“{total.group}”" if total.group else "全部项目"))
    return findings


def _check_years(p: Project) -> list[Finding]:
    findings = []
    line = p.source.line
    if p.period:
        start, end = p.period
        for year, amount in sorted(p.investment_by_year.items()):
            if amount and not start <= int(year) <= end:
                findings.append(INVESTMENT_OUTSIDE_PERIOD.make(
                    line=line, name=p.name, start=start, end=end, year=int(year), amount=amount))
    by_year = sum(p.investment_by_year.values())
    if p.investment_total is not None and by_year > p.investment_total + 1e-6:
        findings.append(INVESTMENT_EXCEEDS_TOTAL.make(
            line=line, name=p.name, by_year=by_year, total=p.investment_total,
            diff=round(by_year - p.investment_total, 4)))
    return findings


def extract_projects(doc: Document) -> ProjectExtraction:
    """Projects of every project table, and the findings of the tables' own arithmetic."""
    result = ProjectExtraction()
    end = 0
    for table in _find_tables(doc.lines):
        if table.header_line < end:
            continue  # a header repeated inside a table already read (a page break)
        projects, totals, end, unplaced = _read_table(doc.lines, table)
        result.projects.extend(projects)
        result.findings.extend(unplaced)
        for total in totals:
            result.findings.extend(_check_total(total, totals, projects, table.title))
        for p in projects:
            result.findings.extend(_check_years(p))
    return result
