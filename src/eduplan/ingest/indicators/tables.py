"""Finding indicator tables and reading their rows, in every layout (see `ingest.tables`).

A table is found by its header: a row whose cells are all known column labels, with one
name column (指标 / 指标名称 / 主要指标) and at least one year or change column, in any
order (分类, 单位, 2020年, “十三五”末, 基期值, 目标值, 变化, 属性 …). Its rows are read in
the header's layout into cells aligned with the columns; `ingest.indicators` turns them
into indicators. In a web page copy (a cell per line, a blank line between cells) the
header's labels may hold spaces (“指  标”) and no caption is needed; rows are told apart
by what their cells hold (`_blank_rows`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import StrEnum

from eduplan.core.numbers import normalize_text
from eduplan.core.plan import Attribute
from eduplan.ingest.tables.layouts import (
    Cell,
    CellTest,
    Layout,
    align_cells,
    blank_separated_cells,
    cell_per_line_rows,
    fit_right,
    is_heading,
    is_page_number,
    is_placeholder,
    is_separator_row,
    is_value_cell,
    join_cjk,
    line_layout,
    split_cells,
    squeeze_spaces,
)


class Kind(StrEnum):
    """What a column of an indicator table holds."""

    CATEGORY = "category"
    NAME = "name"
    UNIT = "unit"
    SEQ = "seq"
    YEAR = "year"
    CHANGE = "change"
    ATTRIBUTE = "attribute"
    OTHER = "other"


_LABELS: dict[str, Kind] = {
    **dict.fromkeys(("分类", "类别", "领域", "类型", "指标类别", "指标分类", "维度", "方面", "一级指标"), Kind.CATEGORY),
    **dict.fromkeys(("指标", "指标名称", "主要指标", "具体指标", "二级指标", "指标内容", "发展指标", "监测指标"), Kind.NAME),
    **dict.fromkeys(("单位", "计量单位", "指标单位"), Kind.UNIT),
    **dict.fromkeys(("序号", "编号"), Kind.SEQ),
    **dict.fromkeys(("属性", "指标属性", "性质", "指标性质"), Kind.ATTRIBUTE),
    **dict.fromkeys(("备注", "说明", "责任单位", "牵头单位", "数据来源"), Kind.OTHER),
}
_BASE_WORDS = ("基期值", "基期", "基数", "基准值", "现状值", "现状", "起点值")
_TARGET_WORDS = ("目标值", "规划目标", "预期目标", "目标", "规划值", "期末值")
_YEAR_LABEL_RE = re.compile(r"^(\d{4})年?(?:末|底)?(目标值?|规划目标|预期值?|基数|基期值?|现状值?|实际值?|完成值?|值|数)?$")
_PLAN_LABEL_RE = re.compile(r"^十([一二三四五六七八九])五(末|期末|时期|目标值?|规划目标|基数)?$")
_PLAN_IN_TEXT_RE = re.compile(r"十([一二三四五六七八九])五")
_PERIOD_RE = re.compile(r"(20\d\d)\s*[—–\-~～至到]\s*(20\d\d)\s*年")
_CHANGE_RE = re.compile(r"变化|增减|增长|增幅|变动")
_LABEL_NOISE_RE = re.compile(r"[\s“”\"‘’'（）()]")
_HEADER_START_RE = re.compile(
    r"^[\s|｜]*(分\s*类|类\s*别|领\s*域|类\s*型|维\s*度|序\s*号|编\s*号|指\s*标|主要指标|一级指标)")
_SPACED_LABEL_RE = re.compile(r"(分)\s+(类)|(类)\s+(别)|(指)\s+(标)|(属)\s+(性)|(单)\s+(位)|(序)\s+(号)|(领)\s+(域)")
_SPACED_YEAR_RE = re.compile(r"(\d{4})\s+年")
_TITLE_HINT_RE = re.compile(r"指标|成就|专栏|表|目标|情况")
SUB_MARKER_RE = re.compile(r"^其中\s*[：:，,]?\s*")
_UNIT_TAIL_RE = re.compile(r"^(.*?)\s*[（(]\s*(?:单位\s*[：:])?\s*([^（）()]{1,10}?)\s*[）)]\s*$")
UNIT_RE = re.compile(
    r"^(%|‰|百分比|[:：]1|比1|[万亿千百]?(人|元|所|个|年|岁|册|台|套|间|张|次|项|名|门|节|天|小时|学时|分钟|"
    r"平方米|米|公顷|亩|m²|㎡|m2|人次|篇|件|本|班|座|家|户|GB|M)(/[^/]{1,4})?)$")
_ATTRIBUTES = {"预期性": Attribute.EXPECTED, "预期": Attribute.EXPECTED,
               "约束性": Attribute.BINDING, "约束": Attribute.BINDING}
_MAX_PENDING_CHARS = 40
#: The number a web page copy writes before a row's name (“1.学前教育毛入园率”), not a decimal.
_ROW_NUMBER_RE = re.compile(r"^\d{1,2}\s*[.．、]\s*(?!\d)")


@dataclass(frozen=True)
class Column:
    """A column of an indicator table: its kind, printed label and values key."""

    kind: Kind
    label: str
    key: str | None = None
    target: bool = False


@dataclass(frozen=True)
class IndicatorTable:
    """A found indicator table: its header, layout, title and where its body starts."""

    columns: tuple[Column, ...]
    labels: tuple[str, ...]
    layout: Layout
    title: str | None
    body_start: int  # 0-based index of the first line after the header

    def index(self, kind: Kind) -> int | None:
        """The index of the first column of a kind."""
        return next((i for i, c in enumerate(self.columns) if c.kind is kind), None)


@dataclass
class TableRow:
    """A table row: its cells aligned with the columns, and a category read on its own line."""

    cells: list[Cell | None]
    category: Cell | None = None
    heads_group: bool = False  # a name without values over the 其中 rows that follow it
    unplaced: list[Cell] | None = None  # cells no column can be told for: reported, not read


# --- header ---------------------------------------------------------------------------


def _label_key(label: str) -> str:
    return _LABEL_NOISE_RE.sub("", normalize_text(label))


def _plan_period(number_char: str) -> tuple[int, int]:
    """The years of the N-th five-year plan named 十N五 (十四五 → 2021–2025)."""
    n = 10 + "一二三四五六七八九".index(number_char) + 1
    end = 2010 + 5 * (n - 11)
    return end - 4, end


def classify_label(label: str, *, period: tuple[int, int] | None = None) -> Column | None:
    """The column a header label names (“2020年”, “属性”, “十三五末”, “目标值” …), or None."""
    key = _label_key(label)
    if key in _LABELS:
        return Column(_LABELS[key], label)
    if len(key) > 12:
        return None
    if _CHANGE_RE.search(key):
        return Column(Kind.CHANGE, label, key="change")
    m = _YEAR_LABEL_RE.match(key)
    if m:
        return Column(Kind.YEAR, label, key=m.group(1), target=bool(m.group(2)) and "目标" in m.group(2))
    m = _PLAN_LABEL_RE.match(key)
    if m:
        start, end = _plan_period(m.group(1))
        suffix = m.group(2) or ""
        if suffix == "基数":
            return Column(Kind.YEAR, label, key=str(start - 1))
        return Column(Kind.YEAR, label, key=str(end), target="目标" in suffix)
    if key in _BASE_WORDS or any(key.endswith(w) for w in _BASE_WORDS):
        return Column(Kind.YEAR, label, key=str(period[0] - 1) if period else "base")
    if key in _TARGET_WORDS or any(key.endswith(w) for w in _TARGET_WORDS):
        return Column(Kind.YEAR, label, key=str(period[1]) if period else "target", target=True)
    return None


def _header_labels(lines: Sequence[str], i: int) -> tuple[list[str], Layout, int] | None:
    """The header labels starting at line index i, their layout and the index after them."""
    line = lines[i]
    if not _HEADER_START_RE.match(line):
        return None
    layout = line_layout(line)
    if layout is Layout.CELL_PER_LINE:
        j = i
        while j < len(lines) and j - i < 12 and lines[j].startswith("\t") and lines[j].strip():
            j += 1
        return [lines[k].strip() for k in range(i, j)], layout, j
    labels = split_cells(_normalise_header_line(line), layout)
    if layout is Layout.SPACE and len(labels) == 1:
        return _bare_header_labels(lines, i)
    return labels, layout, i + 1


def _bare_header_labels(lines: Sequence[str], i: int) -> tuple[list[str], Layout, int]:
    """A header left one label per line (text-layer PDF), up to a label seen before.

    A repeated label starts the header again: the table broke over a page just after it.
    """
    labels = [_normalise_header_line(lines[i]).strip()]
    if i + 2 < len(lines) and not lines[i + 1].strip() and lines[i + 2].strip():
        return _blank_header_labels(lines, i, labels)
    j = i + 1
    while j < len(lines) and j - i < 12 and line_layout(lines[j]) is Layout.SPACE:
        label = _normalise_header_line(lines[j]).strip()
        if len(label.split()) != 1 or classify_label(label) is None \
                or _label_key(label) in {_label_key(x) for x in labels}:
            break
        labels.append(label)
        j += 1
    return labels, Layout.BARE_CELL_PER_LINE, j


def _blank_header_labels(lines: Sequence[str], i: int, labels: list[str]) -> tuple[list[str], Layout, int]:
    """A header one label per line with a blank line between labels (a web page copied as text)."""
    j = i + 2
    end = i + 1
    while j < len(lines) and len(labels) < 12 and not lines[j - 1].strip():
        label = _normalise_header_line(lines[j]).strip()
        if not label or len(label.split()) != 1 or classify_label(label) is None \
                or _label_key(label) in {_label_key(x) for x in labels}:
            break
        labels.append(label)
        end = j + 1
        j += 2
    return labels, Layout.BLANK_CELL_PER_LINE, end


def _normalise_header_line(line: str) -> str:
    """Join what PDF spacing split inside one label (“2020 年”, “指 标”)."""
    line = _SPACED_YEAR_RE.sub(r"\1年", line)
    return _SPACED_LABEL_RE.sub(lambda m: "".join(g for g in m.groups() if g), line)


def find_table(lines: Sequence[str], i: int, *,
              doc_period: Callable[[], tuple[int, int] | None]) -> IndicatorTable | None:
    """The indicator table whose header starts at line index i, or None."""
    found = _header_labels(lines, i)
    if found is None:
        return None
    labels, layout, end = found
    if len(labels) < 2:
        return None
    title = _table_title(lines, i)
    period = _title_period(title)
    if period is None and any(_label_key(lb).endswith(_BASE_WORDS + _TARGET_WORDS) for lb in labels):
        period = doc_period()
    columns = [classify_label(label, period=period) for label in labels]
    if any(c is None for c in columns):
        return None
    cols = tuple(c for c in columns if c is not None)
    if sum(c.kind is Kind.NAME for c in cols) != 1 or not any(c.kind in (Kind.YEAR, Kind.CHANGE) for c in cols):
        return None
    return IndicatorTable(cols, tuple(_label_key(lb) for lb in labels), layout, title, end)


def _table_title(lines: Sequence[str], header: int) -> str | None:
    """The caption just above a header (“专栏2 …主要指标”), trimmed, if there is one."""
    for j in range(header - 1, max(header - 4, -1), -1):
        text = squeeze_spaces(lines[j])
        if not text:
            continue
        if len(text) <= 80 and _TITLE_HINT_RE.search(text):
            return text
        return None
    return None


def _title_period(title: str | None) -> tuple[int, int] | None:
    m = _PLAN_IN_TEXT_RE.search(title or "")
    return _plan_period(m.group(1)) if m else None


def document_period(lines: Sequence[str]) -> tuple[int, int] | None:
    """The plan period named near the top of the document (“十四五”, “2021—2025年”)."""
    for line in lines[:80]:
        m = _PERIOD_RE.search(line)
        if m:
            return int(m.group(1)), int(m.group(2))
        m = _PLAN_IN_TEXT_RE.search(line)
        if m:
            return _plan_period(m.group(1))
    return None


# --- body -----------------------------------------------------------------------------


def attribute_of(text: str | None) -> Attribute | None:
    return _ATTRIBUTES.get((text or "").strip())


def _ends_row(text: str) -> bool:
    return is_value_cell(text) or attribute_of(text) is not None


def read_rows(lines: Sequence[str], table: IndicatorTable) -> tuple[list[TableRow], int]:
    """The rows under a header, in its layout, and the line index where the table ends."""
    if table.layout is Layout.CELL_PER_LINE:
        raw, end = cell_per_line_rows(lines, table.body_start, width=len(table.columns), ends_row=_ends_row)
        rows: list[TableRow] = []
        for r in raw:
            category = _category_alone(r, table)
            if category is not None:
                r = r[1:]
            rows.append(TableRow(_text_cells_placed(align_cells(r, len(table.columns), ends_row=_ends_row), table),
                                 category=category))
        return rows, end
    if table.layout is Layout.SPACE:
        return _space_rows(lines, table)
    if table.layout is Layout.BARE_CELL_PER_LINE:
        return _bare_rows(lines, table)
    if table.layout is Layout.BLANK_CELL_PER_LINE:
        return _blank_rows(lines, table)
    return _line_rows(lines, table)


def _category_alone(cells: Sequence[Cell], table: IndicatorTable) -> Cell | None:
    """A category written on a row of its own and run into the next row (cell per line, no 分类 column).

    The blank line after a lone cell is also what an empty cell leaves, so the reader
    joins the two rows; more text cells before the values than the table has text
    columns tell them apart: the first is the category.
    """
    if table.index(Kind.CATEGORY) is not None or len(cells) <= len(table.columns):
        return None
    text_columns = sum(1 for c in table.columns if c.kind in (Kind.NAME, Kind.UNIT, Kind.SEQ))
    leading = 0
    while leading < len(cells) and not _ends_row(cells[leading].text):
        leading += 1
    return cells[0] if leading > text_columns else None


def _text_cells_placed(cells: list[Cell | None], table: IndicatorTable) -> list[Cell | None]:
    """A short row's text cells put back under 分类, 指标 and 单位 by what they hold.

    Right-aligning a row that lost cells puts its values right, but an empty cell between
    the name and the values (an empty 单位) pushes the name into the unit column: a text
    that is no unit is the name, and a text before it the category.
    """
    name_at, unit_at, cat_at = table.index(Kind.NAME), table.index(Kind.UNIT), table.index(Kind.CATEGORY)
    if name_at is None or unit_at is None or unit_at < name_at:
        return cells
    unit = cells[unit_at]
    if unit is None or is_placeholder(unit.text) or UNIT_RE.match(unit.text.strip("（）()")):
        return cells
    texts = [c for c in cells[:unit_at + 1] if c is not None]
    out = list(cells)
    for k in range(unit_at + 1):
        out[k] = None
    out[name_at] = texts[-1]
    if len(texts) >= 2 and cat_at is not None:
        out[cat_at] = Cell(join_cjk([c.text for c in texts[:-1]]), texts[0].line)
    return out


def _is_repeated_header(text: str, table: IndicatorTable) -> bool:
    cells = split_cells(_normalise_header_line(text), line_layout(text))
    return tuple(_label_key(c) for c in cells) == table.labels


def _line_rows(lines: Sequence[str], table: IndicatorTable) -> tuple[list[TableRow], int]:
    """Rows of a pipe- or TAB-separated table: one row per line."""
    rows: list[TableRow] = []
    i = table.body_start
    while i < len(lines):
        line = lines[i]
        if line.strip() and line_layout(line) is not table.layout:
            if not _category_line(lines, i, table):
                break
            rows.append(TableRow(align_cells([Cell(line.strip(), i + 1)], len(table.columns), ends_row=_ends_row)))
            i += 1
            continue
        if line.strip() and not is_separator_row(line) and not _is_repeated_header(line, table):
            cells = [Cell(t, i + 1) for t in split_cells(line, table.layout)]
            rows.append(TableRow(align_cells(cells, len(table.columns), ends_row=_ends_row)))
        i += 1
    return rows, i


def _category_line(lines: Sequence[str], i: int, table: IndicatorTable) -> bool:
    """A short line alone between rows of a pipe or TAB table: a category row whose empty cells were trimmed."""
    text = squeeze_spaces(lines[i])
    if len(text) > 16 or " " in text or "。" in text or is_heading(text) or _ends_row(text):
        return False
    nxt = next((x for x in lines[i + 1:i + 3] if x.strip()), "")
    return line_layout(nxt) is table.layout and not _is_repeated_header(nxt, table)


def _accepts(column: Column) -> CellTest:
    """Which space-separated token a column right of the name may take."""
    if column.kind in (Kind.YEAR, Kind.CHANGE):
        return is_value_cell
    if column.kind is Kind.ATTRIBUTE:
        return lambda t: attribute_of(t) is not None
    if column.kind is Kind.UNIT:
        return lambda t: is_placeholder(t) or bool(UNIT_RE.match(t.strip("（）()")))
    return lambda t: False


def _space_rows(lines: Sequence[str], table: IndicatorTable) -> tuple[list[TableRow], int]:
    """Rows of a table run together into lines of text (PDF), across page breaks."""
    name_at = table.index(Kind.NAME)
    assert name_at is not None
    accepts = [_accepts(c) for c in table.columns[name_at + 1:]]
    need = min(2, len(accepts))
    rows: list[TableRow] = []
    pending: list[Cell] = []
    i = table.body_start
    while i < len(lines):
        text = lines[i].strip()
        if _skip_in_body(text, table):
            i += 1
            continue
        if is_heading(text) or text.startswith("专栏") or find_table(lines, i, doc_period=lambda: None):
            break
        line = i + 1
        leftover, cells = fit_right(text.split(), accepts)
        if any(c is None for c in cells):
            joined = _join_wrapped_tail(lines, i, table, accepts, filled=sum(c is not None for c in cells))
            if joined is not None:
                (leftover, cells), i = joined
        if sum(c is not None for c in cells) < need:
            pending.append(Cell(text, i + 1))
            if sum(len(p.text) for p in pending) > _MAX_PENDING_CHARS:
                return rows, pending[0].line - 1
            i += 1
            continue
        rows.append(_space_row(table, name_at, leftover, cells, pending, line))
        pending = []
        i = _join_name_tail(lines, i + 1, rows[-1], name_at, table)
    return rows, i


def _join_name_tail(lines: Sequence[str], i: int, row: TableRow, name_at: int, table: IndicatorTable) -> int:
    """Join the end of a name the PDF wrapped below its row (“…支出的比 20 >20 预期性” / “例（%）”).

    Only a short line that completes the name's unit bracket is taken (“例（%）”, “%）”),
    and only for a name without its unit yet; returns the index of the next line to read.
    """
    name = row.cells[name_at]
    if name is None or table.index(Kind.UNIT) is not None or split_unit(name.text)[1] is not None:
        return i
    j = i
    while j < len(lines) and not lines[j].strip():
        j += 1
    if j >= len(lines):
        return i
    tail = squeeze_spaces(lines[j])
    if len(tail) > 8 or " " in tail or is_heading(tail) or _skip_in_body(tail, table) \
            or split_unit(name.text + tail)[1] is None:
        return i
    row.cells[name_at] = Cell(name.text + tail, name.line)
    return j + 1


def _join_wrapped_tail(lines: Sequence[str], i: int, table: IndicatorTable, accepts: Sequence[CellTest], *,
                       filled: int) -> tuple[tuple[list[str], list[str | None]], int] | None:
    """A row whose last cell the PDF wrapped onto the next line (“… 58.5% 预” / “期性”).

    The next non-blank short line is joined to the row when that fills more columns;
    returns the fitted row and the index of the joined line, or None.
    """
    j = i + 1
    while j < len(lines) and not lines[j].strip():
        j += 1
    if j >= len(lines):
        return None
    tail = lines[j].strip()
    if len(tail) > 12 or " " in tail or is_heading(tail) or _skip_in_body(tail, table):
        return None
    fitted = fit_right((lines[i].strip() + tail).split(), accepts)
    if sum(c is not None for c in fitted[1]) <= filled:
        return None
    return fitted, j


def _skip_in_body(text: str, table: IndicatorTable) -> bool:
    """Page furniture inside a table body: page numbers, the repeated caption and header."""
    return not text or is_page_number(text) or squeeze_spaces(text) == table.title or _is_repeated_header(text, table)


def _bare_rows(lines: Sequence[str], table: IndicatorTable) -> tuple[list[TableRow], int]:
    """Rows of a table left one cell per line without any separator (text-layer PDF).

    Text cells gather until value cells follow; a row ends when every column right of the
    name has a value, or at the next text cell after some values. A number before any text
    of a row is a page number.
    """
    name_at = table.index(Kind.NAME)
    assert name_at is not None
    accepts = [_accepts(c) for c in table.columns[name_at + 1:]]
    rows: list[TableRow] = []
    texts: list[Cell] = []
    values: list[Cell] = []
    i = table.body_start
    while i < len(lines):
        text = lines[i].strip()
        if not text or squeeze_spaces(text) == table.title or _label_key(text) in table.labels:
            i += 1
            continue
        if is_heading(text):
            break
        if _ends_row(text):
            if texts:  # a number between rows is a page number
                values.append(Cell(text, i + 1))
        elif values or (texts and sum(len(t.text) for t in texts) + len(text) > _MAX_PENDING_CHARS):
            if not values:
                return rows, texts[0].line - 1
            rows.append(_bare_row(table, name_at, texts, values, accepts))
            texts, values = [], []
            continue
        elif len(text) <= 30:
            texts.append(Cell(text, i + 1))
        else:
            break
        if len(values) == len(accepts):
            rows.append(_bare_row(table, name_at, texts, values, accepts))
            texts, values = [], []
        i += 1
    if texts and values:
        rows.append(_bare_row(table, name_at, texts, values, accepts))
    return rows, i


def _bare_row(table: IndicatorTable, name_at: int, texts: list[Cell], values: list[Cell],
              accepts: Sequence[CellTest]) -> TableRow:
    """One row of the bare layout: its text cells and value cells placed under the columns."""
    _, tokens = fit_right([v.text for v in values], accepts)
    row = _space_row(table, name_at, [], tokens, texts, values[0].line)
    taken = reversed(values)  # fit_right takes tokens from the right, in order
    for k in range(len(tokens) - 1, -1, -1):
        if tokens[k] is not None:
            row.cells[name_at + 1 + k] = next(taken)
    return row


def _looks_like_category(text: str) -> bool:
    return 0 < len(text) <= 12 and not re.search(r"[（）()%\d]", text) and not SUB_MARKER_RE.match(text)


def _starts_with_category(pending: Sequence[Cell]) -> bool:
    """The first of several text lines is a category cell, the rest a name wrapped in its column.

    A wrapped cell fills its column on every line but the last, so a short first line
    followed by a longer one ended its own cell (“教育投入” / “财政性教育经费占……的比” / “例（%）”).
    """
    if len(pending) < 2 or not _looks_like_category(pending[0].text):
        return False
    return len(pending[0].text) + 2 < max(len(p.text) for p in pending[1:])


def _is_name_tail(text: str) -> bool:
    """The end of a name wrapped onto the line of its values (“年限（年）”, “（%）”)."""
    core, _ = split_unit(text)
    return text.startswith(("（", "(")) or len(core) <= 3


def _space_row(table: IndicatorTable, name_at: int, leftover: list[str], cells: list[str | None],
               pending: list[Cell], line: int) -> TableRow:
    """One row of a space-separated table from its leading text, value tokens and the text lines above it."""
    category: Cell | None = None
    name_tokens = leftover
    left = table.columns[:name_at]
    if left and left[0].kind is Kind.SEQ and leftover and leftover[0].isdigit():
        name_tokens = leftover[1:]
    if any(c.kind is Kind.CATEGORY for c in left) and len(name_tokens) >= 2 and _looks_like_category(name_tokens[0]):
        category, name_tokens = Cell(name_tokens[0], line), name_tokens[1:]
    name = Cell(join_cjk(name_tokens), line)
    if pending:
        above = join_cjk([p.text for p in pending])
        if not name.text:
            name = pending[-1]
            above = join_cjk([p.text for p in pending[:-1]])
            pending = pending[:-1]
        has_category = any(c.kind is Kind.CATEGORY for c in left)
        if above and category is None and _looks_like_category(above) and not _is_name_tail(name.text):
            category = Cell(above, pending[0].line)
        elif above and has_category and category is None and _starts_with_category(pending):
            category = pending[0]
            name = Cell(join_cjk([p.text for p in pending[1:]]) + name.text, pending[1].line)
        elif above:
            name = Cell(above + name.text, pending[0].line)
    row: list[Cell | None] = [None] * len(table.columns)
    row[name_at] = name
    for k, token in enumerate(cells):
        row[name_at + 1 + k] = Cell(token, line) if token is not None else None
    return TableRow(row, category=category)


def split_unit(name: str) -> tuple[str, str | None]:
    """A name without its closing unit bracket, and the unit (“毛入园率（%）” → 毛入园率, %)."""
    m = _UNIT_TAIL_RE.match(name)
    if m:
        unit = normalize_text(m.group(2)).replace("㎡", "m²")
        if UNIT_RE.match(unit):
            return m.group(1).strip(), unit
    return name.strip(), None


# --- blank-line-separated cells (web page copies) ----------------------------------------


def _blank_rows(lines: Sequence[str], table: IndicatorTable) -> tuple[list[TableRow], int]:
    """Rows of a table left one cell per line with a blank line between cells (a web page copy).

    Rows are not separated, so a row is its text cells (names) followed by its body cells
    (values, attribute, unit), up to the next text cell. Text cells followed by an empty
    cell and then a text are a row of their own (a category written across the table). A
    cell holding several lines of a stacked row (“…比例（%）” / “其中：小学” / “初中”, then one
    value per line in each year column) comes as consecutive cells: `_fit_group` places
    them column by column, and a group no count of rows explains is reported, not read.
    The table ends at the first cell too long to be one; text cells after its last values
    are left out.
    """
    name_at = table.index(Kind.NAME)
    assert name_at is not None
    right = table.columns[name_at + 1:]
    if not right or any(c.kind in (Kind.OTHER, Kind.NAME, Kind.CATEGORY, Kind.SEQ) for c in right):
        return [], table.body_start
    cells, _ = blank_separated_cells(
        lines, table.body_start, max_empty=len(table.columns),
        stops=lambda i: _starts_other_header(lines, i))
    has_seq = any(c.kind is Kind.SEQ for c in table.columns[:name_at])
    is_body = _body_test(right)
    rows: list[TableRow] = []
    end = table.body_start
    pos = 0
    while pos < len(cells):
        if not cells[pos].text or _label_key(cells[pos].text) in table.labels:
            pos += 1
            continue
        if has_seq and cells[pos].text.isdigit() and pos + 1 < len(cells) and cells[pos + 1].text \
                and not is_body(cells[pos + 1].text):
            pos += 1  # the 序号 cell
        texts: list[Cell] = []
        while pos < len(cells) and cells[pos].text and not is_body(cells[pos].text):
            texts.append(cells[pos])
            pos += 1
        if not texts:
            break  # values without a name: not a row of this table
        nxt = next((q for q in range(pos, len(cells)) if cells[q].text), len(cells))
        if nxt > pos and (nxt == len(cells) or not is_body(cells[nxt].text)):
            rows.extend(_name_only_row(t, table, name_at) for t in texts)  # categories
            pos = nxt
            continue
        body: list[Cell] = []
        while pos < len(cells) and (not cells[pos].text or is_body(cells[pos].text)):
            body.append(cells[pos])
            pos += 1
        if not any(c.text for c in body):
            break
        rows.extend(_fit_group(texts, body, table, name_at))
        end = max(c.line for c in body if c.text)
    return rows, end


def _starts_other_header(lines: Sequence[str], i: int) -> bool:
    """A line where another table's header starts, or a header label no body cell holds (“2021年”, “序号”).

    A year label would read as a value: the cells stop there rather than take another
    table's header for a row.
    """
    column = classify_label(lines[i].strip())
    if column is not None and (column.kind is Kind.SEQ or (column.kind is Kind.YEAR and "年" in lines[i])):
        return True
    return find_table(lines, i, doc_period=lambda: None) is not None


def _body_test(right: Sequence[Column]) -> CellTest:
    has_unit = any(c.kind is Kind.UNIT for c in right)

    def test(text: str) -> bool:
        return _ends_row(text) or (has_unit and bool(UNIT_RE.match(text.strip("（）()"))))
    return test


def _name_only_row(cell: Cell, table: IndicatorTable, name_at: int) -> TableRow:
    row: list[Cell | None] = [None] * len(table.columns)
    row[name_at] = cell
    return TableRow(row)


def _fits(column: Column, text: str) -> bool:
    return not text or _accepts(column)(text) or is_placeholder(text)


def _fit_group(texts: list[Cell], body: list[Cell], table: IndicatorTable, name_at: int) -> list[TableRow]:
    """The rows of one group of names and body cells, placed column by column.

    k rows give k cells in each value column and, in the attribute and unit columns, either
    k cells or one shared by all; one text more than k is a category, or the parent the
    rows are 其中 of. Empty cells at the end may belong to the next row. Exactly one
    reading must fit every cell; otherwise the group is reported.
    """
    right = table.columns[name_at + 1:]
    shared_ok = [c.kind in (Kind.ATTRIBUTE, Kind.UNIT) for c in right]
    readings: list[tuple[int, list[list[Cell]]]] = []
    trailing = len(body) - 1 - max(n for n, c in enumerate(body) if c.text)
    for trim in range(trailing + 1):
        cut = body[:len(body) - trim]
        for k in (len(texts), len(texts) - 1):
            if k < 1:
                continue
            for shared in ((False, True) if k > 1 else (False,)):
                sizes = [1 if shared and ok else k for ok in shared_ok]
                if sum(sizes) != len(cut):
                    continue
                chunks, at = [], 0
                for size in sizes:
                    chunks.append(cut[at:at + size])
                    at += size
                if all(_fits(col, c.text) for col, chunk in zip(right, chunks, strict=True) for c in chunk):
                    readings.append((k, chunks))
        if readings:
            break
    if len(readings) != 1:
        return [TableRow([None] * len(table.columns), unplaced=[*texts, *(c for c in body if c.text)])]
    k, chunks = readings[0]
    lead, names = texts[:len(texts) - k], texts[len(texts) - k:]
    rows: list[TableRow] = []
    category: Cell | None = None
    if lead and SUB_MARKER_RE.match(names[0].text):
        head = _name_only_row(Cell(_ROW_NUMBER_RE.sub("", lead[0].text), lead[0].line), table, name_at)
        head.heads_group = True
        for col, chunk in zip(right, chunks, strict=True):
            if len(chunk) == 1 and k > 1 and col.kind is Kind.ATTRIBUTE:
                head.cells[table.columns.index(col)] = chunk[0] if chunk[0].text else None
        rows.append(head)
    elif lead:
        category = lead[0]
    cat_at = table.index(Kind.CATEGORY)
    for r, name in enumerate(names):
        row: list[Cell | None] = [None] * len(table.columns)
        row[name_at] = Cell(_ROW_NUMBER_RE.sub("", name.text), name.line)
        for j, chunk in enumerate(chunks):
            cell = chunk[r] if len(chunk) > 1 else chunk[0]
            row[name_at + 1 + j] = cell if cell.text else None
        if category is not None and cat_at is not None and r == 0:
            row[cat_at] = category
            rows.append(TableRow(row))
        else:
            rows.append(TableRow(row, category=category if r == 0 else None))
    return rows
