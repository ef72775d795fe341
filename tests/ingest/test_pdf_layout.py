"""PDF text read by position: lines rebuilt from where each run is drawn, table cells kept in their columns."""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from pathlib import Path

import pytest

from eduplan.ingest.projects.extract import extract_projects
from eduplan.ingest.readers.document import read_bytes
from eduplan.ingest.readers.pdf import TextRun, layout_lines

FONT = Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc")
FONT_NAME = "LayoutTestCJK"
SIZE = 8.0

# --- lines from runs (no PDF needed) -------------------------------------------------------


def _run(x: float, text: str, *, y: float = 700.0, size: float = 10.0, width: float | None = None) -> TextRun:
    w = width if width is not None else sum(size if ord(ch) > 0x2E80 else size * 0.5 for ch in text)
    return TextRun(x=x, end=x + w, y=y, size=size, text=text)


@pytest.mark.parametrize(("runs", "expected"), [
    ([_run(0, "推进"), _run(20, "义务教育")], "推进义务教育"),  # touching
    ([_run(0, "推"), _run(13, "进"), _run(26, "义")], "推进义"),  # letter spacing between Chinese
    ([_run(0, "Hello"), _run(27.5, "world")], "Hello world"),  # a word space
    ([_run(0, "序号"), _run(40, "名称")], "序号      名称"),  # a wide gap: padded to its column (40 pt = 8 columns)
    ([_run(0, "ab"), _run(20, "c")], "ab  c"),  # a wide gap never gives fewer than two spaces
])
def test_runs_on_one_baseline_are_joined_by_their_gaps(runs: list[TextRun], expected: str) -> None:
    assert layout_lines(runs) == [expected]


def test_lines_come_top_down_and_runs_left_to_right() -> None:
    runs = [_run(40, "乙", y=700), _run(0, "丙", y=680), _run(0, "甲", y=700.5)]
    assert layout_lines(runs) == ["甲       乙", "丙"]


def test_prose_loses_its_indentation_but_a_line_of_cells_keeps_it() -> None:
    runs = [_run(20, "首行缩进的段落", y=700), _run(20, "2023年", y=680), _run(60, "2024年", y=680)]
    assert layout_lines(runs) == ["首行缩进的段落", "    2023年   2024年"]


# --- PDFs drawn here ----------------------------------------------------------------------


@pytest.fixture(scope="module")
def font() -> str:
    if not FONT.exists():
        pytest.skip(f"没有中文字体 {FONT}，无法生成 PDF")
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    if FONT_NAME not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(FONT_NAME, str(FONT), subfontIndex=0))
    return FONT_NAME


def _pdf(font: str, rows: list[tuple[float, list[tuple[float, str]]]], *, one_run_a_line: bool = False,
         prose: Sequence[str] = (), form: str | None = None) -> bytes:
    """A one-page PDF: prose lines, then rows of cells (y, [(x, text)]), a “— 1 —” footer.

    Each cell is drawn on its own, or (`one_run_a_line`) each row is one text object moving
    its cursor from cell to cell; `form` is a line drawn inside a Form XObject.
    """
    from reportlab.pdfgen.canvas import Canvas

    out = io.BytesIO()
    canvas = Canvas(out, pagesize=(595, 842), invariant=1)
    y = 780.0
    for line in prose:
        canvas.setFont(font, 11)
        canvas.drawString(56, y, line)
        y -= 16
    if form:
        canvas.beginForm("box")
        canvas.setFont(font, 11)
        canvas.drawString(56, y, form)
        canvas.endForm()
        canvas.doForm("box")
    for row_y, cells in rows:
        if one_run_a_line:
            text = canvas.beginText(56, row_y)
            text.setFont(font, SIZE)
            at = 56.0
            for x, piece in cells:
                text.moveCursor(x - at, 0)
                at = x
                text.textOut(piece)
            canvas.drawText(text)
        else:
            canvas.setFont(font, SIZE)
            for x, piece in cells:
                canvas.drawString(x, row_y, piece)
    canvas.setFont(font, 9)
    canvas.drawCentredString(297, 28, "— 1 —")
    canvas.showPage()
    canvas.save()
    return out.getvalue()


HEADER = [(56.0, "序号"), (84.0, "项目名称"), (170.0, "建设年限"), (215.0, "总投资（万元）"), (280.0, "年度投资（万元）"),
          (440.0, "备注")]
YEARS = [(280.0, "2022年"), (330.0, "2023年"), (380.0, "2024年")]


def _columns_of(line: str, header: str) -> dict[str, str]:
    """Each piece of `line` under the header piece that starts at the same character."""
    heads = {m.start(): m.group() for m in re.finditer(r"\S+", header)}
    return {heads.get(m.start(), f"?{m.start()}"): m.group() for m in re.finditer(r"\S+", line)}


@pytest.mark.parametrize("one_run_a_line", [False, True], ids=["cells", "lines"])
def test_an_empty_cell_in_the_middle_of_a_row_keeps_the_cells_after_it_in_their_columns(
        font: str, one_run_a_line: bool) -> None:
    rows = [(700.0, YEARS), (688.0, [(56.0, "1"), (84.0, "某小学改扩建"), (330.0, "300"), (380.0, "500"), (440.0, "在建")]),
            (676.0, [(56.0, "2"), (84.0, "某中学新建"), (280.0, "800"), (440.0, "新开工")])]
    doc = read_bytes(_pdf(font, rows, one_run_a_line=one_run_a_line), suffix=".pdf")
    years, first, second = doc.lines
    assert _columns_of(first, years) == {"?0": "1", "?7": "某小学改扩建", "2023年": "300", "2024年": "500", "?96": "在建"}
    assert _columns_of(second, years) == {"?0": "2", "?7": "某中学新建", "2022年": "800", "?96": "新开工"}


@pytest.mark.parametrize("one_run_a_line", [False, True], ids=["cells", "lines"])
def test_yearly_amounts_after_empty_year_cells_go_under_their_years(font: str, one_run_a_line: bool) -> None:
    rows = [(700.0, HEADER), (688.0, YEARS),
            (676.0, [(56.0, "1"), (84.0, "某小学改扩建工程"), (170.0, "2021-2023"), (215.0, "3000"), (280.0, "1000"),
                     (330.0, "2000"), (440.0, "在建项目")]),
            (664.0, [(56.0, "2"), (84.0, "某中学新建工程"), (170.0, "2022-2023"), (215.0, "800"), (330.0, "300"),
                     (380.0, "500"), (440.0, "新开工")])]
    data = _pdf(font, rows, one_run_a_line=one_run_a_line, prose=["一、建设项目", "专栏1 某区教育重大项目表"])
    projects = extract_projects(read_bytes(data, suffix=".pdf")).projects
    assert [(p.name, p.period, p.investment_total, p.investment_by_year) for p in projects] == [
        ("某小学改扩建工程", (2021, 2023), 3000.0, {"2022": 1000.0, "2023": 2000.0}),
        ("某中学新建工程", (2022, 2023), 800.0, {"2023": 300.0, "2024": 500.0})]


def test_prose_reads_as_before_and_the_page_number_is_dropped(font: str) -> None:
    doc = read_bytes(_pdf(font, [], prose=["一、发展基础", "推进义务教育优质均衡发展，建成 Wi-Fi 6 校园网。"]),
                     suffix=".pdf")
    assert doc.lines == ("一、发展基础", "推进义务教育优质均衡发展，建成 Wi-Fi 6 校园网。")


def test_text_inside_a_form_xobject_is_read(font: str) -> None:
    doc = read_bytes(_pdf(font, [], prose=["一、发展基础"], form="页面中嵌入的表单文字"), suffix=".pdf")
    assert doc.lines == ("一、发展基础", "页面中嵌入的表单文字")
