"""A PDF page's text rebuilt from where each piece of text is drawn.

Plain text extraction keeps the reading order but not the columns: a table cell left
empty leaves no trace, so an amount under 2024年 cannot be told from one under 2022年.
Here every text-show operation becomes a `TextRun` with its start and end on the page
(pypdf decodes the font and measures the text), and the runs on one baseline become a
line, as `pdftotext -layout` lays it out:

- runs that touch, or Chinese characters set apart by letter spacing, are one word;
- a gap of about a word space is one space;
- a wide gap (a new table cell) pads the line with spaces up to the run's column, one
  character for every half em from the left margin, so that cells under one column
  header start at the same character in every row. Such lines keep their indentation:
  it tells which column their first cell is in. Other lines (prose) lose it.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pypdf import PageObject, PdfReader
    from pypdf.generic import DictionaryObject

#: Gaps in em of the font size: below JOIN the runs touch; up to WIDE, a word space (or
#: letter spacing between Chinese characters); from WIDE on, a new cell.
JOIN_GAP = 0.15
WIDE_GAP = 0.6
#: Character columns per em when a line is padded to its runs' positions.
COLUMNS_PER_EM = 2


@dataclass(frozen=True)
class TextRun:
    """Text drawn by one text-show operation: start and end x, baseline y, font size (points)."""

    x: float
    end: float
    y: float
    size: float
    text: str


def reader_lines(reader: PdfReader) -> list[str] | None:
    """The text of every page, each page as one string of layout lines; None if pypdf cannot measure text."""
    try:
        from pypdf.generic._font import Font
    except ImportError:  # pypdf's font metrics moved: plain extraction still works
        return None
    interpreter = _Interpreter(Font)
    pages = [interpreter.page_runs(page) for page in reader.pages]
    left = min((run.x for runs in pages for run in runs), default=0.0)
    return ["\n".join(layout_lines(runs, left=left)) for runs in pages]


def layout_lines(runs: Sequence[TextRun], *, left: float = 0.0) -> list[str]:
    """Runs grouped into lines by baseline, top to bottom, each line laid out by x."""
    lines: list[list[TextRun]] = []
    for run in sorted(runs, key=lambda r: -r.y):
        if lines and abs(lines[-1][0].y - run.y) < 0.5 * min(run.size, lines[-1][0].size):
            lines[-1].append(run)
        else:
            lines.append([run])
    return [_line_text(sorted(line, key=lambda r: r.x), left) for line in lines]


def _line_text(runs: list[TextRun], left: float) -> str:
    unit = min(r.size for r in runs) / COLUMNS_PER_EM
    text, wide = "", False
    prev: TextRun | None = None
    for run in runs:
        if prev is not None and run.text == prev.text and abs(run.x - prev.x) < 1.0:
            continue  # drawn twice, slightly offset: simulated bold
        if prev is None:
            text = " " * max(0, round((run.x - left) / unit)) + run.text
        else:
            gap = (run.x - prev.end) / max(prev.size, 1e-6)
            if gap >= WIDE_GAP:
                wide = True
                column = round((run.x - left) / unit)
                text += " " * max(2, column - len(text)) + run.text
            elif gap < JOIN_GAP or (_is_han(text.rstrip()[-1:]) and _is_han(run.text.lstrip()[:1])):
                text += run.text
            else:
                text += ("" if text.endswith(" ") or run.text.startswith(" ") else " ") + run.text
        prev = run
    return text.rstrip() if wide else text.strip()


def _is_han(ch: str) -> bool:
    return bool(ch) and ("\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf" or "\u3000" <= ch <= "\u303f"
                         or "\uff00" <= ch <= "\uffef")


Matrix = tuple[float, float, float, float, float, float]
_IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


def _mult(m: Matrix, n: Matrix) -> Matrix:
    """m × n, PDF row-vector convention: apply m, then n."""
    a, b, c, d, e, f = m
    A, B, C, D, E, F = n
    return (a * A + b * C, a * B + b * D, c * A + d * C, c * B + d * D, e * A + f * C + E, e * B + f * D + F)


def _number(value: Any, default: float = 0.0) -> float:
    try:
        return float(value)
    except (TypeError, ValueError):
        return default


@dataclass
class _State:
    """The graphics and text state that decides where text lands (PDF 32000-1, 9.3 and 9.4)."""

    ctm: Matrix = _IDENTITY
    font: Any = None
    size: float = 0.0
    char_spacing: float = 0.0  # Tc
    word_spacing: float = 0.0  # Tw
    scale: float = 1.0  # Tz / 100
    leading: float = 0.0  # TL
    rise: float = 0.0  # Ts
    tm: Matrix = _IDENTITY
    tlm: Matrix = _IDENTITY

    def copy(self) -> _State:
        return _State(**self.__dict__)

    def next_line(self, tx: float, ty: float) -> None:
        self.tlm = _mult((1.0, 0.0, 0.0, 1.0, tx, ty), self.tlm)
        self.tm = self.tlm

    def advance(self, width: float) -> None:
        a, b, c, d, e, f = self.tm
        self.tm = (a, b, c, d, e + width * a, f + width * b)


class _Interpreter:
    """Walks a page's content stream, keeping the text state, and records every text-show as a run."""

    def __init__(self, font_type: Any) -> None:
        self._font_type = font_type
        self._fonts: dict[Any, Any] = {}  # by indirect reference: a font is shared by many pages

    def page_runs(self, page: PageObject) -> list[TextRun]:
        """Every run of text drawn on the page, in drawing order (Form XObjects included)."""
        from pypdf.generic import ContentStream

        contents = page.get("/Contents")
        if contents is None:
            return []
        runs: list[TextRun] = []
        operations = ContentStream(contents.get_object(), page.pdf, "bytes").operations
        self._walk(operations, _resources(page), _State(), runs, depth=0)
        return runs

    def _fonts_of(self, resources: DictionaryObject) -> dict[str, Any]:
        fonts: dict[str, Any] = {}
        table = resources.get("/Font")
        for name, ref in (table.get_object() if table is not None else {}).items():
            key = getattr(ref, "idnum", None) or id(ref)
            if key not in self._fonts:
                self._fonts[key] = self._font_type.from_font_resource(ref.get_object())
            fonts[name] = self._fonts[key]
        return fonts

    def _walk(self, operations: Sequence[tuple[list[Any], bytes]], resources: DictionaryObject, state: _State,
              runs: list[TextRun], *, depth: int) -> None:
        fonts = self._fonts_of(resources)
        saved: list[_State] = []
        for operands, op in operations:
            if op == b"q":
                saved.append(state.copy())
            elif op == b"Q":
                if saved:  # a Q without its q is ignored
                    state = saved.pop()
            elif op == b"cm" and len(operands) >= 6:
                state.ctm = _mult(tuple(_number(v) for v in operands[-6:]), state.ctm)  # type: ignore[arg-type]
            elif op == b"BT":
                state.tm = state.tlm = _IDENTITY
            elif op == b"Tf" and len(operands) >= 2:
                state.font, state.size = fonts.get(operands[0]), _number(operands[1], state.size)
            elif op in _TEXT_STATE and operands:
                setattr(state, _TEXT_STATE[op], _number(operands[0]) / (100.0 if op == b"Tz" else 1.0))
            elif op in (b"Td", b"TD") and len(operands) >= 2:
                if op == b"TD":
                    state.leading = -_number(operands[1])
                state.next_line(_number(operands[0]), _number(operands[1]))
            elif op == b"Tm" and len(operands) >= 6:
                state.tm = state.tlm = tuple(_number(v) for v in operands[-6:])  # type: ignore[assignment]
            elif op == b"T*":
                state.next_line(0.0, -state.leading)
            elif op in (b"Tj", b"TJ", b"'", b'"'):
                self._show(op, operands, state, runs)
            elif op == b"Do" and depth < 5 and operands:
                self._form(operands[0], resources, state.copy(), runs, depth=depth)

    def _show(self, op: bytes, operands: list[Any], state: _State, runs: list[TextRun]) -> None:
        if op in (b"'", b'"'):
            if op == b'"' and len(operands) >= 3:
                state.word_spacing, state.char_spacing = _number(operands[0]), _number(operands[1])
            state.next_line(0.0, -state.leading)
            operands = operands[-1:]
        if not operands or state.font is None or not state.size:
            return
        items = operands[0] if op == b"TJ" else [operands[0]]
        for item in items if isinstance(items, list) else []:
            if isinstance(item, (bytes, str)):
                self._run(item, state, runs)
            elif isinstance(item, (int, float)):
                state.advance(-_number(item) / 1000.0 * state.size * state.scale)

    def _run(self, value: bytes | str, state: _State, runs: list[TextRun]) -> None:
        font = state.font
        raw, text = _decode(font, value)
        width = sum(font.space_width if ch == font.space_char else font.get_text_width(ch) for ch in raw)
        advance = (width / 1000.0 * state.size + len(raw) * state.char_spacing
                   + raw.count(" ") * state.word_spacing) * state.scale
        a, b, c, d, e, f = _mult(state.tm, state.ctm)
        if text and abs(a) > abs(b) and font.interpretable:  # rotated text is not read across
            runs.append(TextRun(x=e, end=e + advance * a, y=f + state.rise * d,
                                size=state.size * (math.hypot(c, d) or 1.0), text=text))
        state.advance(advance)

    def _form(self, name: Any, resources: DictionaryObject, state: _State, runs: list[TextRun], *,
              depth: int) -> None:
        from pypdf.generic import ContentStream

        xobjects = resources.get("/XObject")
        form = xobjects.get_object().get(name) if xobjects is not None else None
        form = form.get_object() if form is not None else None
        if form is None or form.get("/Subtype") != "/Form":
            return
        if "/Matrix" in form:
            state.ctm = _mult(tuple(_number(v) for v in form["/Matrix"]), state.ctm)  # type: ignore[arg-type]
        inner = form.get("/Resources")
        stream = ContentStream(form, None, "bytes")
        self._walk(stream.operations, inner.get_object() if inner is not None else resources, state, runs,
                   depth=depth + 1)


_TEXT_STATE = {b"Tc": "char_spacing", b"Tw": "word_spacing", b"Tz": "scale", b"TL": "leading", b"Ts": "rise"}


def _decode(font: Any, value: bytes | str) -> tuple[str, str]:
    """The font's codes as characters (for widths) and the text they show (as pypdf decodes it)."""
    if isinstance(value, str):
        return value, value
    decoded = ""
    if isinstance(font.encoding, str):
        try:
            raw = value.decode(font.encoding, "surrogatepass")
        except UnicodeDecodeError:
            raw = value.decode(font.encoding, "replace")
    else:
        raw = "".join(map(chr, value))
        decoded = "".join(font.encoding.get(x, chr(x)) for x in value)
    return raw, "".join(font.character_map.get(x, x) for x in (decoded or raw))


def _resources(page: PageObject) -> DictionaryObject:
    """The page's resources, inherited from a parent page tree node when the page has none."""
    from pypdf.generic import DictionaryObject

    node: Any = page
    for _ in range(32):
        resources = node.get("/Resources")
        if resources is not None:
            return resources.get_object()
        parent = node.get("/Parent")
        if parent is None:
            break
        node = parent.get_object()
    return DictionaryObject()
