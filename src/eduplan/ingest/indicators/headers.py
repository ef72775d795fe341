"""Finding indicator tables by their header: a row whose cells are all known column labels, with one
name column (指标 / 指标名称 / 主要指标) and at least one year or change column, in any order
(分类, 单位, 2020年, “十三五”末, 基期值, 目标值, 变化, 属性 …); the table's title and period.
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
    is_placeholder,
    is_value_cell,
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
UNIT_TAIL_RE = re.compile(r"^(.*?)\s*[（(]\s*(?:单位\s*[：:])?\s*([^（）()]{1,10}?)\s*[）)]\s*$")
UNIT_RE = re.compile(
    r"^(%|‰|百分比|[:：]1|比1|[万亿千百]?(人|元|所|个|年|岁|册|台|套|间|张|次|项|名|门|节|天|小时|学时|分钟|"
    r"平方米|米|公顷|亩|m²|㎡|m2|人次|篇|件|本|班|座|家|户|GB|M)(/[^/]{1,4})?)$")
_ATTRIBUTES = {"预期性": Attribute.EXPECTED, "预期": Attribute.EXPECTED,
               "约束性": Attribute.BINDING, "约束": Attribute.BINDING}
MAX_PENDING_CHARS = 40
#: The number a web page copy writes before a row's name (“1.学前教育毛入园率”), not a decimal.
ROW_NUMBER_RE = re.compile(r"^\d{1,2}\s*[.．、]\s*(?!\d)")


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


def label_key(label: str) -> str:
    return _LABEL_NOISE_RE.sub("", normalize_text(label))


def _plan_period(number_char: str) -> tuple[int, int]:
    """The years of the N-th five-year plan named 十N五 (十四五 → 2021–2025)."""
    n = 10 + "一二三四五六七八九".index(number_char) + 1
    end = 2010 + 5 * (n - 11)
    return end - 4, end


def classify_label(label: str, *, period: tuple[int, int] | None = None) -> Column | None:
    """The column a header label names (“2020年”, “属性”, “十三五末”, “目标值” …), or None."""
    key = label_key(label)
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
    labels = split_cells(normalise_header_line(line), layout)
    if layout is Layout.SPACE and len(labels) == 1:
        return _bare_header_labels(lines, i)
    return labels, layout, i + 1


def _bare_header_labels(lines: Sequence[str], i: int) -> tuple[list[str], Layout, int]:
    """A header left one label per line (text-layer PDF), up to a label seen before.

    A repeated label starts the header again: the table broke over a page just after it.
    """
    labels = [normalise_header_line(lines[i]).strip()]
    if i + 2 < len(lines) and not lines[i + 1].strip() and lines[i + 2].strip():
        return _blank_header_labels(lines, i, labels)
    j = i + 1
    while j < len(lines) and j - i < 12 and line_layout(lines[j]) is Layout.SPACE:
        label = normalise_header_line(lines[j]).strip()
        if len(label.split()) != 1 or classify_label(label) is None \
                or label_key(label) in {label_key(x) for x in labels}:
            break
        labels.append(label)
        j += 1
    return labels, Layout.BARE_CELL_PER_LINE, j


def _blank_header_labels(lines: Sequence[str], i: int, labels: list[str]) -> tuple[list[str], Layout, int]:
    """A header one label per line with a blank line between labels (a web page copied as text)."""
    j = i + 2
    end = i + 1
    while j < len(lines) and len(labels) < 12 and not lines[j - 1].strip():
        label = normalise_header_line(lines[j]).strip()
        if not label or len(label.split()) != 1 or classify_label(label) is None \
                or label_key(label) in {label_key(x) for x in labels}:
            break
        labels.append(label)
        end = j + 1
        j += 2
    return labels, Layout.BLANK_CELL_PER_LINE, end


def normalise_header_line(line: str) -> str:
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
    if period is None and any(label_key(lb).endswith(_BASE_WORDS + _TARGET_WORDS) for lb in labels):
        period = doc_period()
    columns = [classify_label(label, period=period) for label in labels]
    if any(c is None for c in columns):
        return None
    cols = tuple(c for c in columns if c is not None)
    if sum(c.kind is Kind.NAME for c in cols) != 1 or not any(c.kind in (Kind.YEAR, Kind.CHANGE) for c in cols):
        return None
    return IndicatorTable(cols, tuple(label_key(lb) for lb in labels), layout, title, end)


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


def ends_row(text: str) -> bool:
    return is_value_cell(text) or attribute_of(text) is not None


def column_accepts(column: Column) -> CellTest:
    """Which space-separated token a column right of the name may take."""
    if column.kind in (Kind.YEAR, Kind.CHANGE):
        return is_value_cell
    if column.kind is Kind.ATTRIBUTE:
        return lambda t: attribute_of(t) is not None
    if column.kind is Kind.UNIT:
        return lambda t: is_placeholder(t) or bool(UNIT_RE.match(t.strip("（）()")))
    return lambda t: False


