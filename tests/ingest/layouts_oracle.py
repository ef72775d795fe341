"""Plan documents generated from the EXPECTED content, the way a user's tool would write them.

The oracle of the layout tests: nothing here reads a plan with the extractor. Each expected
fixture (tests/data/expected/<plan>/indicators.json, projects.json) is turned into tables —
a header (one row, or a row of spanned parents over a row of children), body rows, a
category printed once for the rows below it, a group heading row — and each table is
written in one layout: TAB rows, one cell per line, cells separated by spaces, pipe rows
(with or without outer bars, a trailing “ |”, a sub-header under its parent), a Word file
with merged cells (python-docx), a text-layer PDF drawn with reportlab (with and without
grid lines), GB18030 text. The test extracts the document and compares with the fixture.
"""

from __future__ import annotations

import io
import json
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

EXPECTED = Path(__file__).resolve().parents[1] / "data" / "expected"
_CHILD_RE = re.compile(r"^(.+?)(20\d\d年.*)$")


@dataclass
class HeadCell:
    """A header cell: its text, the columns it spans and whether it spans both header rows."""

    text: str
    span: int = 1
    tall: bool = False  # a leaf without parent, spanning the two header rows


@dataclass
class Spec:
    """A table as its author laid it out: caption, header rows, body rows (None: merged from above)."""

    title: str
    parents: list[HeadCell] | None  # the top header row of a two-row header, or None
    leaves: list[str]  # one label per column (the bottom header row; under a tall cell: its text)
    body: list[list[str | None]] = field(default_factory=list)
    group_rows: set[int] = field(default_factory=set)  # body rows that are one spanning heading

    @property
    def width(self) -> int:
        return len(self.leaves)

    def leaf_label(self, k: int) -> str:
        """The leaf label as the fixtures name it: the parent's text followed by the child's."""
        if self.parents is None:
            return self.leaves[k]
        at = 0
        for cell in self.parents:
            if at <= k < at + cell.span:
                return cell.text if cell.tall else cell.text + self.leaves[k]
            at += cell.span
        raise IndexError(k)


def load(plan: str, kind: str) -> Any:
    path = EXPECTED / plan / f"{kind}.json"
    return json.loads(path.read_text("utf-8")) if path.exists() else None


# --- indicators -----------------------------------------------------------------------


def _key_label(key: str, title: str) -> str:
    if key == "change":
        return "“十三五”变化" if "十三五" in title else "变化"
    return f"{key}年"


#: How an indicator table is laid out: units in the names, a 单位 column, no 属性 column,
#: each category on a row of its own above its indicators.
STYLES = ("plain", "unit-column", "no-attribute", "category-rows")


def expected_indicators(indicators: list[dict[str, Any]], style: str) -> list[dict[str, Any]]:
    """The fixture as a table of that style reads: without a 属性 column no row has an attribute."""
    if style != "no-attribute":
        return indicators
    return [{**i, "attribute": None} for i in indicators]


def indicator_specs(indicators: list[dict[str, Any]], style: str = "plain") -> list[Spec]:
    """One table per fixture table: 分类 | 指标 | years… | change | 属性, categories printed once."""
    specs: list[Spec] = []
    for title in dict.fromkeys(i["table"] for i in indicators):
        rows = [i for i in indicators if i["table"] == title]
        keys = sorted({k for i in rows for k in i["raw_values"]}, key=lambda k: (k == "change", k))
        has_cat = any(i["category"] for i in rows) and style != "category-rows"
        cat_rows = style == "category-rows"
        has_attr = any(i["attribute"] for i in rows) and style != "no-attribute"
        unit_col = style == "unit-column"
        leaves = [*(["分类"] if has_cat else []), "指标", *(["单位"] if unit_col else []),
                  *(_key_label(k, title) for k in keys), *(["属性"] if has_attr else [])]
        spec = Spec(title, None, leaves)
        units = {i["name"]: i["unit"] for i in rows}
        last_cat = None
        for i in rows:
            name = i["name"]
            unit = i["unit"]
            if i["parent"] is not None:
                name = "其中：" + name
                unit = unit if unit and unit != units.get(i["parent"]) else None
            if unit and not unit_col:
                name += f"（{unit}）"
            cells: list[str | None] = []
            if cat_rows and i["category"] and i["category"] != last_cat:
                # a row of its own spanning the table, no 分类 column
                spec.group_rows.add(len(spec.body))
                spec.body.append([i["category"], *[None] * (len(leaves) - 1)])
                last_cat = i["category"]
            elif has_cat:
                cells.append(i["category"] if i["category"] != last_cat else None)
                last_cat = i["category"]
            cells.append(name)
            if unit_col:
                cells.append(unit or "")
            cells.extend(i["raw_values"].get(k, "") for k in keys)
            if has_attr:
                cells.append({"expected": "预期性", "binding": "约束性"}.get(i["attribute"] or "", ""))
            spec.body.append(cells)
        specs.append(spec)
    return specs


# --- projects -------------------------------------------------------------------------


def _two_row_header(labels: list[str]) -> tuple[list[HeadCell] | None, list[str]]:
    split = [_CHILD_RE.match(lab) for lab in labels]
    tops = [m.group(1) if m else None for m in split]
    if not any(t is not None and tops.count(t) >= 2 for t in tops):
        return None, labels
    parents: list[HeadCell] = []
    leaves: list[str] = []
    for k, lab in enumerate(labels):
        m, top = split[k], tops[k]
        if m is None or tops.count(top) < 2:
            parents.append(HeadCell(lab, tall=True))
            leaves.append(lab)
        elif k and tops[k - 1] == top:
            parents[-1].span += 1
            leaves.append(m.group(2))
        else:
            parents.append(HeadCell(top or ""))
            leaves.append(m.group(2))
    return parents, leaves


#: A parent spanning a table's size columns in the “basic” header style.
BASIC = "基本情况"
_SIZE_RE = re.compile(r"面积|学位")


def _basic_header(labels: list[str]) -> tuple[list[HeadCell] | None, list[str]]:
    """The first run of two or more size columns (占地面积, 建筑面积, 学位 …) under a spanned 基本情况."""
    runs = [k for k, lab in enumerate(labels) if _SIZE_RE.search(lab) and not _CHILD_RE.match(lab)]
    if len(runs) < 2:
        return None, labels
    first = runs[0]
    last = first
    while last + 1 < len(labels) and last + 1 in runs:
        last += 1
    if last == first:
        return None, labels
    parents = [HeadCell(lab, tall=True) for lab in labels[:first]]
    parents.append(HeadCell(BASIC, span=last - first + 1))
    parents += [HeadCell(lab, tall=True) for lab in labels[last + 1:]]
    return parents, labels


def expected_projects(projects: list[dict[str, Any]], header: str) -> list[dict[str, Any]]:
    """The fixture as a table with that header reads: under 基本情况, its size columns are named after it."""
    if header != "basic":
        return projects
    out = []
    for p in projects:
        parents, _ = _basic_header(list(p["columns"]))
        if parents is None:
            out.append(p)
            continue
        spec = Spec("", parents, list(p["columns"]))
        keys = [spec.leaf_label(k) for k in range(spec.width)]
        out.append({**p, "columns": dict(zip(keys, p["columns"].values(), strict=True))})
    return out


def project_specs(projects: list[dict[str, Any]], header: str = "years") -> list[Spec]:
    """One table per fixture table, with its yearly columns under one spanned parent, groups as rows.

    `header` "basic": the size columns under a spanned 基本情况 instead (a table without
    yearly columns).
    """
    specs: list[Spec] = []
    for title in dict.fromkeys(p["table"] for p in projects):
        rows = [p for p in projects if p["table"] == title]
        labels = list(rows[0]["columns"])
        parents, leaves = _two_row_header(labels)
        if header == "basic" and parents is None:
            parents, leaves = _basic_header(labels)
        spec = Spec(title, parents, leaves)
        group = None
        for p in rows:
            if p["group"] != group and p["group"] is not None:
                spec.group_rows.add(len(spec.body))
                spec.body.append([p["group"], *[None] * (len(labels) - 1)])
            group = p["group"]
            spec.body.append([p["columns"][lab] for lab in labels])
        specs.append(spec)
    return specs


# --- the document around the tables -----------------------------------------------------

_HEADINGS = ("一、发展基础", "二、总体要求", "三、重点项目", "四、保障措施", "五、组织实施", "六、附则")


def document_parts(plan: str, *, adjacent: bool = False, style: str = "plain",
                   header: str = "years") -> list[str | Spec]:
    """The document as prose lines and tables: a title, then each table under its own heading.

    `adjacent`: the tables follow one another, only their captions between them; `style`:
    the layout of the indicator tables (`STYLES`).
    """
    specs = [*indicator_specs(load(plan, "indicators") or [], style),
             *project_specs((load(plan, "projects") or {}).get("projects", []), header)]
    parts: list[str | Spec] = ["某区教育事业发展“十四五”规划（2021—2025年）", ""]
    for k, spec in enumerate(specs):
        if adjacent and k:
            parts += [spec.title, spec]
            continue
        parts += [_HEADINGS[k % len(_HEADINGS)], "本部分的表格列出规划的有关内容。", spec.title, spec, ""]
    parts += [_HEADINGS[len(specs) % len(_HEADINGS)], "各部门按照职责分工抓好落实。"]
    return parts


# --- text layouts ----------------------------------------------------------------------


def _cell(text: str | None) -> str:
    return text or ""


def _header_rows(spec: Spec) -> list[list[str]]:
    """The header as full-width rows: a spanned parent once, then empty cells under its span."""
    if spec.parents is None:
        return [list(spec.leaves)]
    top: list[str] = []
    bottom: list[str] = []
    at = 0
    for cell in spec.parents:
        top += [cell.text] + [""] * (cell.span - 1)
        bottom += [""] if cell.tall else spec.leaves[at:at + cell.span]
        at += cell.span
    return [top, bottom]


def _flat_header(spec: Spec) -> list[str]:
    return [spec.leaf_label(k) for k in range(spec.width)]


def display_width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def text_table(spec: Spec, layout: str) -> list[str]:
    """The lines of one table in a plain-text layout."""
    body = [[_cell(c) for c in row] for row in spec.body]
    if layout == "tab":
        return ["\t".join(r) for r in [*_header_rows(spec), *body]]
    if layout == "cells":  # one TAB-prefixed cell per line, rows apart by a blank line
        out: list[str] = []
        for row in [_flat_header(spec), *body]:
            cells = row[:1] if row is not None and sum(bool(c) for c in row) == 1 and row[0] else row
            out += [f"\t{c}" if c else "" for c in cells] + [""]
        return out[:-1]
    if layout == "web":  # a web page copied as text: a cell per line, a blank line between cells
        out = []
        for n, row in enumerate([_flat_header(spec), *spec.body]):
            if n and n - 1 in spec.group_rows:
                row = [next(c for c in row if c), ""]  # one spanning cell, then the empty rest
            for c in row:
                if c is not None:  # a cell merged from above is not written again
                    out += [c, ""]
        return out[:-1]
    if layout == "space":  # single spaces, an empty cell written as a dash
        return [" ".join(c or "—" for c in r) if sum(bool(c) for c in r) > 1 else r[0]
                for r in [_flat_header(spec), *body]]
    if layout == "space-aligned":
        # laid out as a PDF converter does: each cell starts at the character index of its
        # column's position on the page (in half-ems), whatever the width of the text before it
        rows = [*_header_rows(spec), *body]
        widths = [max(display_width(r[k]) for r in rows) + 2 for k in range(spec.width)]
        out = []
        for r in rows:
            line, x = "", 0
            for k, c in enumerate(r):
                if c:
                    line += " " * max(1 if line else 0, x - len(line)) + c
                x += widths[k]
            out.append(line.rstrip())
        return out
    if layout.startswith("pipe"):
        return _pipe_lines(spec, body, layout)
    raise ValueError(layout)


def _pipe_lines(spec: Spec, body: list[list[str]], layout: str) -> list[str]:
    if layout == "pipe-sub-aligned":
        return _pipe_sub_aligned(spec, body)
    rows = [*_header_rows(spec), *body]
    if layout == "pipe-bare":
        return [" | ".join(r) for r in rows]
    if layout == "pipe-trailing":
        return [" | ".join(r) + " |" for r in rows]
    lines = ["| " + " | ".join(r) + " |" for r in rows]
    if layout == "pipe-markdown":
        lines.insert(len(rows) - len(body), "|" + "|".join(["---"] * spec.width) + "|")
    return lines


def _pipe_sub_aligned(spec: Spec, body: list[list[str]]) -> list[str]:
    """A spanned parent written once, its children on the next line starting under it (monospace)."""
    if spec.parents is None:
        return ["| " + " | ".join(r) + " |" for r in [spec.leaves, *body]]
    top = "| " + " | ".join(c.text for c in spec.parents) + " |"
    at, col, pad = 0, 0, ""
    offsets: list[int] = []
    for cell in spec.parents:
        offsets.append(display_width(top[:top.index(cell.text, at)]))
        at = top.index(cell.text, at) + len(cell.text)
    children: list[str] = []
    for n, cell in enumerate(spec.parents):
        if not cell.tall:
            start = offsets[n]
            used = display_width("".join(children))
            pad = " " * max(4 if children else 0, start - used)
            children.append(pad + " | ".join(spec.leaves[col:col + cell.span]))
        col += cell.span
    sub = "".join(children)
    return [top, sub, *("| " + " | ".join(r) + " |" for r in body)]


def text_document(plan: str, layout: str, *, adjacent: bool = False, style: str = "plain",
                  header: str = "years") -> str:
    lines: list[str] = []
    for part in document_parts(plan, adjacent=adjacent, style=style, header=header):
        lines += [part] if isinstance(part, str) else text_table(part, layout)
    return "\n".join(lines) + "\n"


# --- Word ------------------------------------------------------------------------------


def docx_document(plan: str, *, adjacent: bool = False, style: str = "plain", header: str = "years") -> bytes:
    """A Word file: parents merged across their children (gridSpan), tall leaves and categories down (vMerge)."""
    import docx

    word = docx.Document()
    for part in document_parts(plan, adjacent=adjacent, style=style, header=header):
        if isinstance(part, str):
            word.add_paragraph(part)
            continue
        heads = _header_rows(part)
        table = word.add_table(rows=len(heads) + len(part.body), cols=part.width)
        table.style = "Table Grid"
        for r, row in enumerate(heads):
            for c, text in enumerate(row):
                if text:
                    table.cell(r, c).text = text
        for r, body_row in enumerate(part.body, start=len(heads)):
            for c, cell_text in enumerate(body_row):
                if cell_text:
                    table.cell(r, c).text = cell_text
        if part.parents is not None:
            at = 0
            for cell in part.parents:
                if cell.tall:
                    table.cell(0, at).merge(table.cell(1, at))
                elif cell.span > 1:
                    table.cell(0, at).merge(table.cell(0, at + cell.span - 1))
                at += cell.span
        for r in part.group_rows:
            table.cell(len(heads) + r, 0).merge(table.cell(len(heads) + r, part.width - 1))
        for c in range(part.width):  # a category printed once: one cell merged down
            r = 0
            while r < len(part.body):
                if part.body[r][c] and r not in part.group_rows:
                    end = r
                    while end + 1 < len(part.body) and part.body[end + 1][c] is None \
                            and end + 1 not in part.group_rows:
                        end += 1
                    if end > r:
                        table.cell(len(heads) + r, c).merge(table.cell(len(heads) + end, c))
                    r = end + 1
                else:
                    r += 1
    out = io.BytesIO()
    word.save(out)
    return out.getvalue()


# --- PDF -------------------------------------------------------------------------------

_PAGE = (842.0, 595.0)  # A4 landscape
_MARGIN = 36.0
_SIZE, _LEADING, _PAD = 7.0, 9.0, 2.5


def pdf_document(plan: str, *, font: Path, grid: bool, adjacent: bool = False, style: str = "plain",
                 header: str = "years") -> bytes:
    """A text-layer PDF: prose lines, tables drawn cell by cell (a parent centred over its span)."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen.canvas import Canvas

    name = "OracleCJK"
    if name not in pdfmetrics.getRegisteredFontNames():
        kwargs = {"subfontIndex": 0} if font.suffix.lower() == ".ttc" else {}
        pdfmetrics.registerFont(TTFont(name, str(font), **kwargs))
    out = io.BytesIO()
    canvas = Canvas(out, pagesize=_PAGE, invariant=1)
    state = {"y": _PAGE[1] - _MARGIN, "page": 1}

    def new_page() -> None:
        canvas.setFont(name, 8)
        canvas.drawCentredString(_PAGE[0] / 2, _MARGIN / 2, f"— {state['page']} —")
        canvas.showPage()
        state["page"] += 1
        state["y"] = _PAGE[1] - _MARGIN

    for part in document_parts(plan, adjacent=adjacent, style=style, header=header):
        if isinstance(part, str):
            if state["y"] - 14 < _MARGIN:
                new_page()
            canvas.setFont(name, 10)
            canvas.drawString(_MARGIN, state["y"] - 10, part)
            state["y"] -= 14
            continue
        _pdf_table(canvas, part, name, state, new_page, grid=grid)
    new_page()
    canvas.save()
    return out.getvalue()


def _col_widths(spec: Spec, name: str) -> list[float]:
    from reportlab.pdfbase.pdfmetrics import stringWidth

    total = _PAGE[0] - 2 * _MARGIN
    natural = []
    for k in range(spec.width):
        texts = [spec.leaves[k], *(r[k] or "" for i, r in enumerate(spec.body) if i not in spec.group_rows)]
        w = max(stringWidth(t, name, _SIZE) for t in texts) + 2 * _PAD
        natural.append(min(max(w, 22.0), 150.0))
    scale = min(1.0, total / sum(natural))
    return [w * scale for w in natural]


def _wrap(text: str, width: float, name: str) -> list[str]:
    from reportlab.pdfbase.pdfmetrics import stringWidth

    out, cur = [], ""
    for ch in text:
        if cur and stringWidth(cur + ch, name, _SIZE) > width - 2 * _PAD:
            out.append(cur)
            cur = ""
        cur += ch
    return [*out, cur] if cur else out


def _pdf_table(canvas: Any, spec: Spec, name: str, state: dict[str, Any], new_page: Any, *, grid: bool) -> None:
    widths = _col_widths(spec, name)
    xs = [_MARGIN]
    for w in widths:
        xs.append(xs[-1] + w)

    def draw_header() -> None:
        top = state["y"]
        if spec.parents is None:
            _draw_row(canvas, [(xs[k], xs[k + 1], spec.leaves[k]) for k in range(spec.width)], top, name, grid,
                      centre=True, state=state)
            return
        h = _LEADING + 2 * _PAD
        at = 0
        canvas.setFont(name, _SIZE)
        for cell in spec.parents:
            x0, x1 = xs[at], xs[at + cell.span]
            if cell.tall:  # spans both rows: drawn once, in the middle
                canvas.drawCentredString((x0 + x1) / 2, top - h - _SIZE / 2 + 1, cell.text)
                if grid:
                    canvas.rect(x0, top - 2 * h, x1 - x0, 2 * h)
            else:
                canvas.drawCentredString((x0 + x1) / 2, top - _PAD - _SIZE, cell.text)
                for k in range(at, at + cell.span):
                    canvas.drawCentredString((xs[k] + xs[k + 1]) / 2, top - h - _PAD - _SIZE, spec.leaves[k])
                if grid:
                    canvas.rect(x0, top - h, x1 - x0, h)
                    for k in range(at, at + cell.span):
                        canvas.rect(xs[k], top - 2 * h, xs[k + 1] - xs[k], h)
            at += cell.span
        state["y"] = top - 2 * h

    if state["y"] - 60 < _MARGIN:
        new_page()
    draw_header()
    for r, row in enumerate(spec.body):
        if r in spec.group_rows:
            cells = [(xs[0], xs[-1], row[0] or "")]
        else:
            cells = [(xs[k], xs[k + 1], row[k] or "") for k in range(spec.width)]
        lines = max(len(_wrap(t, x1 - x0, name)) or 1 for x0, x1, t in cells)
        if state["y"] - lines * _LEADING - 2 * _PAD < _MARGIN:
            new_page()
            draw_header()
        _draw_row(canvas, cells, state["y"], name, grid, centre=False, state=state)


def _draw_row(canvas: Any, cells: list[tuple[float, float, str]], top: float, name: str, grid: bool, *,
              centre: bool, state: dict[str, Any]) -> None:
    wrapped = [_wrap(t, x1 - x0, name) for x0, x1, t in cells]
    h = max(len(w) for w in wrapped) * _LEADING + 2 * _PAD if wrapped else _LEADING
    canvas.setFont(name, _SIZE)
    canvas.setLineWidth(0.4)
    for (x0, x1, _), lines in zip(cells, wrapped):
        for n, line in enumerate(lines):
            y = top - _PAD - _SIZE - n * _LEADING
            if centre:
                canvas.drawCentredString((x0 + x1) / 2, y, line)
            else:
                canvas.drawString(x0 + _PAD, y, line)
        if grid:
            canvas.rect(x0, top - h, x1 - x0, h)
    state["y"] = top - h
