"""What every layout of a project table shares: the row, the words that mark rows and headers,
the header's labels merged from its rows, and the role of each column (名称, 地址, 投资 …).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from eduplan.core.numbers import normalize_text
from eduplan.ingest.tables.model import HeaderCell, leaf_labels, pipe_cells_at


@dataclass
class Row:
    """A table row: its cells in column order and the 1-based line of its first cell."""

    cells: list[str]
    line: int
    unplaced: str | None = None  # cells read from the row that no column could be told for


SEQ_RE = re.compile(r"^(\d{1,3})[.、．]?$")
TOTAL_RE = re.compile(r"(合计|小计|总计|共计)$")
ORDINAL_RE = re.compile(r"^(?:[一二三四五六七八九十]+[、.．]|（[一二三四五六七八九十]+）|\([一二三四五六七八九十]+\))")
STOP_RE = re.compile(r"^(备注|注[：:]|说明|附件|抄送|资料来源|数据来源)")
YEAR_RE = re.compile(r"(20\d\d)\s*年")

#: Header keywords of run-together tables, longest first so 学校名称 wins over 名称.
HEADER_KEYWORDS = sorted((
    "序号", "学段", "项目名称", "学校名称", "幼儿园名称", "名称", "建设地址", "建设地点", "地址", "建设性质",
    "性质", "学校类型", "类型", "主要建设内容及规模", "建设内容", "建设规模", "占地面积", "用地面积",
    "征地面积", "建筑面积", "校舍面积", "新增学位", "标准学位", "学位", "计划总投资", "总投资", "年度投资",
    "建设起止年限", "起止年限", "建设年限", "实施年度", "开工时间", "竣工时间", "投用时间", "状态", "备注",
), key=len, reverse=True)


def compact(text: str) -> str:
    """Text without any whitespace (PDF wraps and TABs removed), normalised for numbers."""
    return re.sub(r"\s+", "", normalize_text(text))


def header_text(lines: tuple[str, ...], i: int) -> str:
    """The compact text of the header block starting at line index i (up to the first data row)."""
    parts: list[str] = []
    for raw in lines[i:i + 30]:
        c = compact(raw)
        if parts and (SEQ_RE.match(c.split("|")[0] or "x") or first_token_seq(raw) == 1
                      or TOTAL_RE.search(c.strip("|"))):
            break
        parts.append(c)
    return "".join(parts)


def first_token_seq(raw: str) -> int | None:
    tok = normalize_text(raw).strip().split()
    if not tok:
        return None
    m = SEQ_RE.match(tok[0])
    return int(m.group(1)) if m else None


def is_data_row(row: Row) -> bool:
    first = next((c for c in row.cells if c.strip()), "")
    c = compact(first)
    return bool(SEQ_RE.match(c) or TOTAL_RE.search(c) or ORDINAL_RE.match(c))


def merge_header(rows: list[Row], *, raw: Sequence[str] | None = None, width: int | None = None) -> list[str] | None:
    """One label per leaf column from one or two header rows (see `ingest.tables.model`).

    `raw`, the header's lines as printed, gives the cells' positions (a children row
    written under its parent); `width` is the body's number of cells. None when the
    children of a spanned parent cannot be placed.
    """
    if raw is not None and len(raw) == len(rows):
        header = [[HeaderCell(compact(c.text), c.at, c.start) for c in pipe_cells_at(line)] for line in raw]
    else:
        header = [[HeaderCell(compact(c)) for c in r.cells] for r in rows]
    return leaf_labels(header, width)


def body_width(rows: Sequence[Row]) -> int | None:
    """The number of cells of a table's body: its widest row among the first ones (a group row spans)."""
    return max((len(r.cells) for r in rows[:8]), default=None)


def header_labels(rows: list[Row], *, raw: Sequence[str] | None = None, width: int | None = None) -> list[str]:
    """`merge_header`, or the former reading when the model cannot place the children.

    A body row whose cells do not match the labels then becomes a finding of the
    extractor (`table_cell_unplaced`), never a value under another column.
    """
    if not rows:
        return []
    labels = merge_header(rows, raw=raw, width=width)
    return labels if labels is not None else legacy_merge_header(rows)


def legacy_merge_header(rows: list[Row]) -> list[str]:
    """The leaf row with a single spanning parent's text put before its children (the former reading)."""
    leaf = [compact(c) for c in max(rows, key=lambda r: len(r.cells)).cells]
    tops = [compact(c) for r in rows for c in r.cells if len(r.cells) < len(leaf)]
    if not tops:
        return leaf
    labels = list(leaf)
    left = 0
    while left < len(labels) and not labels[left] and left < len(tops):
        labels[left] = tops[left]
        left += 1
    right = 0
    while right < len(tops) - left and not labels[len(labels) - 1 - right]:
        labels[len(labels) - 1 - right] = tops[len(tops) - 1 - right]
        right += 1
    spanning = tops[left:len(tops) - right]
    if len(spanning) == 1:
        labels = [lab if i < left or i >= len(labels) - right else spanning[0] + lab
                  for i, lab in enumerate(labels)]
    return labels


def column_role(label: str) -> str | None:
    """The Project field a column feeds, from its header label."""
    lab = compact(label)
    rules = (
        ("seq", ("序号",)), ("year_investment", ()), ("name", ("名称",)),
        ("stage", ("学段", "学校类型", "办学类型")), ("nature", ("性质",)),
        ("period", ("起止", "年限", "实施年度", "建设年度", "建设周期", "建设期")),
        ("planned_start", ("开工",)), ("planned_finish", ("投用", "竣工", "完工", "建成", "交付")),
        ("investment_total", ("总投资", "估算投资", "计划投资")), ("places", ("学位",)),
        ("site_area", ("占地", "用地面积", "征地")), ("floor_area", ("建筑面积", "校舍")),
        ("status", ("状态", "进度", "进展")), ("remark", ("备注",)), ("address", ("地址", "地点")),
        ("content", ("内容", "规模")),
    )
    if lab in ("序", "序号"):
        return "seq"
    if YEAR_RE.search(lab) and ("投资" in lab or re.fullmatch(r"20\d\d年", lab)):
        return "year_investment"
    for role, words in rules:
        if any(w in lab for w in words):
            return role
    return None


