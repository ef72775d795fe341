"""What a piece of a text-layer PDF's project table can be (its width, the column kinds it fits),
and the table's header read back from its pieces (labels cut by wraps, years under a parent).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable

from eduplan.core.numbers import normalize_text, parse_number
from eduplan.ingest.projects.table import HEADER_KEYWORDS, column_role, compact

BARE_YEAR_RE = re.compile(r"^20\d\d年$")
_MONTH_RE = re.compile(r"^20\d\d[.\-/年]\d{1,2}月?$")
_PERIOD_RE = re.compile(r"^20\d\d\D{0,2}(20\d\d\D?)?$")
_PERIOD_START_RE = re.compile(r"^20\d\d(\D{1,2}(2\d{0,3})?)?$")  # a period cut by a wrap (“2022-202”)
_QUANTITY_RE = re.compile(r"(面积|学位|投资|资金|金额|人数|班数)(（[^）]*）|\([^)]*\))?$")
_NATURE_RE = re.compile(
    r"^(?:新建|改建|扩建|改扩建|迁建|续建|重建|新增|回购|回收|移交|直接|投用|装修|改造|维修|加固|提升|置换|"
    r"租赁|原址|异地|购置|整体|搬迁|配建|建设|后|及|和|[（）()/、])+$")
_STAGE_RE = re.compile(
    r"^(?:幼儿园|小学|初中|高中|中学|完全中学|高完中|九年一贯制|十二年一贯制|一贯制|九年制|完中|职教|职高|中职|"
    r"职业|教育|培训|特殊|特教|学校|校区|部|[（）()/、])+$")
_LABEL_END_RE = re.compile(
    r"(序号|名称|性质|学段|类型|地址|地点|位置|面积|学位|容量|时间|年限|年度|周期|投资|规模|内容|备注|状态|进度|"
    r"单位|主体|业主|班数|年|[)）])$")
WHOLE_NAME_RE = re.compile(r"(工程|项目|学校|小学|中学|初中|高中|幼儿园|校区|新建|扩建|改建|迁建|[）)])$")
_NUMERIC_ROLES = ("investment_total", "year_investment", "places", "site_area", "floor_area")
_NARROW = set(".,:;()-/ '\"")
SKIP = -1e9
#: A piece longer than this is a line of prose: a table column is never that wide.
LONGEST_PIECE = 32


# ---------------------------------------------------------------- what a piece can be


def text_width(text: str) -> float:
    """Printed width in em: Chinese and full-width signs 1, Latin letters and digits about half."""
    return sum(0.3 if ch in _NARROW else 0.55 if ch.isascii() else 1.0 for ch in text)


def column_kind(label: str) -> str:
    """How a column's cells look: seq, number, period, month, nature, stage or free text."""
    role = column_role(label)
    if role in _NUMERIC_ROLES:
        return "number"
    if role in ("planned_start", "planned_finish"):
        return "month"
    if role in ("seq", "period", "nature", "stage"):
        return role
    return "number" if role is None and _QUANTITY_RE.search(compact(label)) else "free"


@functools.lru_cache(maxsize=4096)
def fits(text: str, kind: str, *, whole: bool) -> bool:
    """Whether text can be a cell of that kind; `whole` when the cell is complete, not a first piece."""
    p = compact(text)
    if kind == "number":
        return p in ("-", "—", "/") or (parse_number(p) is not None and not _MONTH_RE.match(p))
    if kind == "period":
        return bool(_PERIOD_RE.match(p) or (not whole and _PERIOD_START_RE.match(p)))
    if kind == "month":
        return bool(_MONTH_RE.match(p))
    if kind == "nature":
        loose = len(p) <= 8 and bool(re.search(r"建|购|回收|装修|改造|迁", p))
        return bool(_NATURE_RE.match(p)) or (loose and not whole)
    if kind == "stage":
        loose = len(p) <= 8 and not re.search(r"\d", p)
        return bool(_STAGE_RE.match(p)) or (loose and not whole)
    return kind == "free"


# ---------------------------------------------------------------- the header


def _unclosed(label: str) -> bool:
    return label.count("（") + label.count("(") > label.count("）") + label.count(")")


def _continues(label: str, piece: str) -> int:
    """How surely a header piece goes on the label before it (0: it starts a label of its own)."""
    if _unclosed(label):
        return 3
    if piece[:1] in "）)":
        return 0
    joined = label + piece
    for kw in HEADER_KEYWORDS:
        at = joined.find(kw)
        while at >= 0:
            if at < len(label) < at + len(kw):
                return 3  # a keyword cut by the wrap (“主要建设内容及规” / “模”)
            at = joined.find(kw, at + 1)
    if piece[:1] in "（(":
        return 2 + (column_role(label) in _NUMERIC_ROLES)  # a unit under its label (“（个）”)
    if not _LABEL_END_RE.search(label) and not any(piece.startswith(kw) for kw in HEADER_KEYWORDS):
        return 1  # “教学及辅助” / “用房面积”: a label ends in what it names
    return 0


def _with_years(labels: list[str], years: list[str]) -> list[str]:
    """Labels with the year leaves put under the label spanning them (“年度投资（万元）” → “…2022年”)."""
    if not years:
        return labels
    span = next((k for k in reversed(range(len(labels))) if "年度" in labels[k]), None)
    if span is None:
        span = next((k for k in reversed(range(len(labels)))
                     if "投资" in labels[k] and column_role(labels[k]) != "investment_total"), None)
    if span is None:
        return [*labels, *years]
    return [*labels[:span], *(labels[span] + y for y in years), *labels[span + 1:]]


def cells_header(pieces: list[str]) -> list[str]:
    labels: list[str] = []
    for piece in pieces:
        if labels and _continues(labels[-1], piece):
            labels[-1] += piece
        else:
            labels.append(piece)
    years_at = next((k for k in range(len(labels)) if all(BARE_YEAR_RE.match(x) for x in labels[k:])), len(labels))
    if 0 < years_at < len(labels) and not BARE_YEAR_RE.match(labels[years_at - 1]):
        return _with_years(labels[:years_at], labels[years_at:])
    return labels


def _years_by_position(labels: list[str], years: list[str], first: str, year_line: str,
                       parent: str | None) -> list[str] | None:
    """Children leaves put between the labels of the first header line by where they are printed.

    A spanned parent drawn on a line of its own above the header (the labels beside it,
    in cells as tall as both header rows, are centred below it) names them (“年度投资（万元）”
    + “2022年”, “基本情况” + “占地面积”).
    """
    starts, at = _token_starts(first), _token_starts(year_line)
    if len(starts) != len(labels) or len(at) != len(years) or not laid_out(first) or not laid_out(year_line):
        return None
    k = sum(1 for x in starts if x < at[0])
    if any(at[0] < x < at[-1] for x in starts):
        return None
    prefix = parent or ""
    return [*labels[:k], *(prefix + y for y in years), *labels[k:]]


def lines_header(lines: list[list[str]], raw: list[str] | None = None, parent: str | None = None) -> list[str]:
    labels = list(lines[0])
    years: list[str] = []
    for n, tokens in enumerate(lines[1:], start=1):
        if parent and raw is not None and n == 1 and len(tokens) >= 2 and not BARE_YEAR_RE.match(tokens[0]):
            placed = _years_by_position(labels, tokens, raw[0], raw[n], parent)
            if placed is not None:
                labels[:] = placed
                continue
        if all(BARE_YEAR_RE.match(t) for t in tokens):
            spanning = any("年度" in lab or ("投资" in lab and column_role(lab) != "investment_total") for lab in labels)
            if raw is not None and not years and not spanning:
                placed = _years_by_position(labels, tokens, raw[0], raw[n], parent)
                if placed is not None:
                    labels[:] = placed
                    continue
            years.extend(tokens)
            continue
        picks = assign(tokens, list(range(len(labels))), lambda k, t: _continues(labels[k], t) or 0.0)
        for k, token in picks:
            labels[k] += token
    return _with_years(labels, years)


Score = Callable[[int, str], float]


def assign(tokens: list[str], columns: list[int], score: Score) -> list[tuple[int, str]]:
    """Put each token under its own column, in order, for the best total score (ties: leftmost)."""
    n, m = len(tokens), len(columns)
    if n > m:
        return [(columns[0], "".join(tokens[:n - m + 1])), *zip(columns[1:], tokens[n - m + 1:])] if m else []
    best: dict[tuple[int, int], tuple[float, list[tuple[int, str]]]] = {}

    def go(i: int, j: int) -> tuple[float, list[tuple[int, str]]]:
        if i == n:
            return 0.0, []
        if m - j < n - i:
            return SKIP, []
        if (i, j) not in best:
            s = score(columns[j], tokens[i])
            take = go(i + 1, j + 1)
            took = (s + take[0] - 1e-3 * j, [(columns[j], tokens[i]), *take[1]]) if s > SKIP else (SKIP, [])
            skip = go(i, j + 1)
            best[i, j] = took if took[0] >= skip[0] else skip
        return best[i, j]

    return go(0, 0)[1]


def _token_starts(raw: str) -> list[int]:
    """The character column where each piece of a line starts."""
    return [m.start() for m in re.finditer(r"\S+", normalize_text(raw))]


def laid_out(raw: str) -> bool:
    """Whether a line is padded to its cells' columns (a PDF read by position): cells are 2+ spaces apart."""
    return "  " in raw.strip()


