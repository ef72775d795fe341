"""The same plan in another encoding, wrapping or file format gives the same commitments.

Each variant is generated here from the original text (tests/ingest/variants.py): GBK
bytes, prose re-wrapped, a .docx whose indicator and project tables are real Word tables,
a text-layer PDF (two drawing styles: each cell drawn on its own, or each visual line as
one run). The indicators, projects and tasks extracted from it must equal those from the
original, line numbers aside where the variant moves lines, and long free text aside.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from eduplan.core.interchange import plan_to_dict
from eduplan.core.plan import Plan
from eduplan.ingest.extract import extract_plan
from eduplan.ingest.indicators.extract import extract_indicators
from eduplan.ingest.readers.document import Document, pdf_page_lines, read_bytes, read_document
from eduplan.ingest.tasks import extract_tasks
from tests.conftest import PLAN_FILES
from tests.ingest import variants

WRAP_WIDTH = 28
KINDS = ("indicators", "projects", "tasks")
LONG_TEXT = 40  # free text longer than this follows the wrapping; it is not compared


def _normalise(value: Any) -> Any:
    """The value without line numbers, with whitespace removed and long free text masked."""
    if isinstance(value, dict):
        return {k: _normalise(v) for k, v in value.items() if k not in ("source", "lines", "text")}
    if isinstance(value, list):
        return [_normalise(v) for v in value]
    if isinstance(value, str):
        compact = "".join(value.split())
        return compact if len(compact) <= LONG_TEXT else "…"
    return value


def _commitments(plan: Plan, *, with_lines: bool = True) -> dict[str, Any]:
    data = plan_to_dict(plan)
    picked = {k: data[k] for k in KINDS}
    return picked if with_lines else _normalise(picked)


@pytest.fixture(scope="module")
def originals(plans_dir: Path) -> dict[str, Document]:
    return {name: read_document(plans_dir / f"{name}.txt") for name in PLAN_FILES}


@pytest.fixture(scope="module")
def extracted(originals: dict[str, Document]) -> Callable[[str, str], dict[str, Any]]:
    """The normalised commitments of a plan in a variant ("original", "docx", "pdf-cells" …), cached."""
    cache: dict[tuple[str, str], dict[str, Any]] = {}

    def get(name: str, variant: str) -> dict[str, Any]:
        if (name, variant) not in cache:
            doc = _variant_document(originals[name], name, variant)
            cache[name, variant] = _commitments(extract_plan(doc), with_lines=False)
        return cache[name, variant]

    return get


def _variant_document(doc: Document, name: str, variant: str) -> Document:
    if variant == "original":
        return doc
    if variant == "docx":
        return read_bytes(variants.plan_docx(doc), suffix=".docx", file=f"{name}.docx")
    font = variants.find_cjk_font()
    if font is None:
        pytest.skip("系统中没有中文 TrueType 字体（如 fonts-wqy-microhei），无法生成 PDF 变体")
    style = variant.removeprefix("pdf-")
    return read_bytes(variants.plan_pdf(doc, font=font, style=style), suffix=".pdf", file=f"{name}.pdf")  # type: ignore[arg-type]


# --- GBK and re-wrapped text --------------------------------------------------------------


@pytest.mark.parametrize("name", PLAN_FILES)
def test_gbk_text_gives_the_same_plan(originals, name: str) -> None:
    doc = originals[name]
    original = extract_plan(doc)
    gbk = doc.text.encode("gb18030")
    variant = extract_plan(read_bytes(gbk, suffix=".txt", file=f"{name}-gbk.txt"))
    assert _commitments(variant) == _commitments(original)
    assert variant.region == original.region and variant.title == original.title


def _rewrap(text: str, width: int) -> str:
    """Break every long prose line into pieces of `width` characters, as PDF conversion does."""
    out: list[str] = []
    for line in text.split("\n"):
        if "\t" in line or "|" in line or len(line) <= width:
            out.append(line)
            continue
        out.extend(line[i:i + width] for i in range(0, len(line), width))
    return "\n".join(out)


@pytest.mark.parametrize("name", PLAN_FILES)
def test_rewrapped_text_gives_the_same_plan(originals, name: str) -> None:
    doc = originals[name]
    original = extract_plan(doc)
    variant = extract_plan(read_bytes(_rewrap(doc.text, WRAP_WIDTH).encode(), suffix=".txt", file=name))
    assert _commitments(variant, with_lines=False) == _commitments(original, with_lines=False)


# --- .docx with real tables, text-layer .pdf ---------------------------------------------


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("name", PLAN_FILES)
def test_docx_with_real_tables_gives_the_same_plan(extracted, name: str, kind: str) -> None:
    assert extracted(name, "docx")[kind] == extracted(name, "original")[kind]


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("style", ["cells", "lines"])
@pytest.mark.parametrize("name", PLAN_FILES)
def test_text_layer_pdf_gives_the_same_plan(extracted, name: str, style: str, kind: str) -> None:
    assert extracted(name, f"pdf-{style}")[kind] == extracted(name, "original")[kind]


@pytest.mark.parametrize("name", PLAN_FILES)
def test_docx_variant_holds_real_tables_with_merged_cells(originals, name: str) -> None:
    """The generated Word file is what the test claims: real tables, categories as merged cells."""
    import docx

    doc = originals[name]
    regions = variants.table_regions(doc)
    word = docx.Document(io.BytesIO(variants.plan_docx(doc)))
    assert len(word.tables) == len(regions)
    if extract_indicators(doc) and any(i.category for i in extract_indicators(doc)):
        merged = [tc for t in word.tables for tc in t._tbl.iter_tcs() if tc.vMerge == "continue"]
        assert merged, "指标表的分类应为纵向合并单元格"


# --- the .docx reader ------------------------------------------------------------------


def _docx(rows: list[list[str]], *, merge_down: tuple[int, int, int] | None = None,
          merge_right: tuple[int, int, int] | None = None, extra_paragraph: tuple[int, int, str] | None = None) -> bytes:
    """A Word file with one table; merges given as (column, first row, last row) / (row, first col, last col)."""
    import docx

    word = docx.Document()
    word.add_paragraph("专栏1 某区教育事业主要指标")
    table = word.add_table(rows=len(rows), cols=len(rows[0]))
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            table.cell(r, c).text = text
    if extra_paragraph:
        r, c, text = extra_paragraph
        table.cell(r, c).add_paragraph(text)
    if merge_down:
        col, top, bottom = merge_down
        table.cell(top, col).merge(table.cell(bottom, col))
    if merge_right:
        row_at, left, right = merge_right
        table.cell(row_at, left).merge(table.cell(row_at, right))
    out = io.BytesIO()
    word.save(out)
    return out.getvalue()


def test_docx_vertically_merged_category_is_read_once_and_kept_by_the_rows_below() -> None:
    rows = [["分类", "指标", "2020年", "2025年", "属性"],
            ["义务教育", "在校学生数（万人）", "6.2", "8.2", "预期性"],
            ["", "其中：普通小学", "4.04", "5.54", "预期性"],
            ["", "普通初中", "2.11", "2.66", "预期性"]]
    doc = read_bytes(_docx(rows, merge_down=(0, 1, 3)), suffix=".docx")
    assert doc.lines[1:] == ("| 分类 | 指标 | 2020年 | 2025年 | 属性 |",
                             "| 义务教育 | 在校学生数（万人） | 6.2 | 8.2 | 预期性 |",
                             "|  | 其中：普通小学 | 4.04 | 5.54 | 预期性 |",
                             "|  | 普通初中 | 2.11 | 2.66 | 预期性 |")
    found = extract_indicators(doc)
    assert [(i.category, i.name, i.parent, i.unit) for i in found] == [
        ("义务教育", "在校学生数", None, "万人"),
        ("义务教育", "普通小学", "在校学生数", "万人"),
        ("义务教育", "普通初中", "在校学生数", "万人")]


def test_docx_horizontally_merged_cell_is_read_once() -> None:
    rows = [["序号", "项目名称", "年度投资（万元）", ""], ["", "", "2022年", "2023年"]]
    doc = read_bytes(_docx(rows, merge_right=(0, 2, 3), merge_down=(0, 0, 1)), suffix=".docx")
    assert doc.lines[1:] == ("| 序号 | 项目名称 | 年度投资（万元） |", "|  |  | 2022年 | 2023年 |")


def test_docx_paragraphs_inside_a_cell_are_joined_without_a_space_between_chinese() -> None:
    rows = [["分类", "指标", "2020年", "2025年", "属性"], ["高中阶段", "毛入学率（%）", "99", "99.5", "预期性"]]
    doc = read_bytes(_docx(rows, extra_paragraph=(1, 0, "教育")), suffix=".docx")
    assert doc.lines[2] == "| 高中阶段教育 | 毛入学率（%） | 99 | 99.5 | 预期性 |"
    assert extract_indicators(doc)[0].category == "高中阶段教育"


def test_a_category_repeated_on_every_row_keeps_the_sub_rows_parent() -> None:
    lines = ["专栏1 主要指标", "| 分类 | 指标 | 2020年 | 2025年 | 属性 |",
             "| 义务教育 | 在校学生数（万人） | 6.2 | 8.2 | 预期性 |",
             "| 义务教育 | 其中：普通小学 | 4.04 | 5.54 | 预期性 |"]
    found = extract_indicators(Document(lines=tuple(lines)))
    assert [(i.name, i.parent) for i in found] == [("在校学生数", None), ("普通小学", "在校学生数")]


# --- the .pdf reader ------------------------------------------------------------------


def test_pdf_page_numbers_and_repeated_running_lines_are_dropped() -> None:
    pages = ["某区教育事业发展规划\n一、发展基础\n— 1 —",
             "某区教育事业发展规划\n全区幼儿园\n2",
             "某区教育事业发展规划\n共有学校120所— 3 —",
             "某区教育事业发展规划\n第 4 页"]
    assert pdf_page_lines(pages) == ["某区教育事业发展规划", "一、发展基础", "全区幼儿园", "共有学校120所"]


@pytest.mark.parametrize(("line", "expected"), [
    ("推 进 义 务 教 育 优 质 均 衡 2 0 2 5 年", "推进义务教育优质均衡2025年"),
    ("学前教育 在园幼儿数（万人） 1.75 1.6 预期性", "学前教育 在园幼儿数（万人） 1.75 1.6 预期性"),
    ("7 小学 0 0 0", "7 小学 0 0 0"),
])
def test_pdf_letter_spacing_is_undone_but_cells_stay_apart(line: str, expected: str) -> None:
    assert pdf_page_lines([line]) == [expected]


def _justified_pdf(text: str, *, gap: float) -> bytes:
    """A one-page PDF whose Chinese line is set character by character, `gap` points apart (justified)."""
    from reportlab.pdfgen.canvas import Canvas

    font = variants.find_cjk_font()
    if font is None:
        pytest.skip("系统中没有中文 TrueType 字体（如 fonts-wqy-microhei），无法生成 PDF")
    variants._register_font(font)
    out = io.BytesIO()
    canvas = Canvas(out)
    run = canvas.beginText(72, 700)
    run.setFont(variants._FONT_NAME, 12)
    x = 72.0
    for ch in text:
        run.setTextOrigin(x, 700)
        run.textOut(ch)
        x += variants._width(ch, 12) + gap
    canvas.drawText(run)
    canvas.setFont(variants._FONT_NAME, 9)
    canvas.drawCentredString(297, 30, "— 1 —")
    canvas.showPage()
    canvas.save()
    return out.getvalue()


def test_pdf_chinese_set_with_wide_letter_spacing_reads_as_one_word() -> None:
    doc = read_bytes(_justified_pdf("推进义务教育优质均衡发展", gap=4), suffix=".pdf")
    assert doc.lines == ("推进义务教育优质均衡发展",)


# --- what the PDF variants exposed in the table and task readers ---------------------------


def test_bare_header_repeated_after_a_page_break_is_one_header() -> None:
    lines = ["专栏1 某区主要指标", "分类", "指标", "2020年", "2025年", "属性",
             "分类", "指标", "2020年", "2025年", "属性",
             "学前教育", "在园幼儿数（万人）", "1.75", "1.6", "预期性"]
    found = extract_indicators(Document(lines=tuple(lines)))
    assert [(i.table, i.category, i.name, i.values) for i in found] == [
        ("专栏1 某区主要指标", "学前教育", "在园幼儿数", {"2020": 1.75, "2025": 1.6})]


def test_bare_category_before_a_name_wrapped_in_its_column() -> None:
    lines = ["专栏2 某区主要指标", "分类", "指标", "2020年", "2025年", "属性",
             "人力资源开发水平", "人均受教育年限（年）", "10.1", "10.6", "预期性",
             "教育投入", "财政性教育经费占一般公共预算支出的比", "例（%）", "20", ">20", "预期性"]
    found = extract_indicators(Document(lines=tuple(lines)))
    assert [(i.category, i.name, i.unit) for i in found][-1] == ("教育投入", "财政性教育经费占一般公共预算支出的比例", "%")


@pytest.mark.parametrize("tail", ["例（%）", "%）"])
def test_run_together_row_whose_name_ends_on_the_next_line(tail: str) -> None:
    head = "财政性教育经费占一般公共预算支出的比" + ("" if tail.startswith("例") else "例（")
    lines = ["专栏2 某区主要指标", "分类 指标 2020年 2025年 属性",
             "学前教育 在园幼儿数（万人） 2.9 2.7 预期性",
             f"教育投入 {head} 20 >20 预期性", tail, "三、主要任务"]
    found = extract_indicators(Document(lines=tuple(lines)))
    assert [(i.category, i.name, i.unit) for i in found][-1] == ("教育投入", "财政性教育经费占一般公共预算支出的比例", "%")


def test_numbering_restarting_under_the_same_heading_is_a_box_not_new_tasks() -> None:
    lines = ["三、主要任务", "（一）推进教育信息化", "1.建设智慧教育新基建", "统筹推进。",
             "2.提升师生信息化素养", "开展培训。",
             "1. 实施教育信息化基础设施提升计划。推动宽带网建设。",
             "2. 实施信息素养提升工程。鼓励学校开展培训。",
             "（二）建设高素质教师队伍", "1.加强师德师风建设", "坚持师德第一标准。"]
    tasks, _ = extract_tasks(Document(lines=tuple(lines)))
    assert [(t.id, t.title) for t in tasks] == [
        ("3", "主要任务"), ("3.1", "推进教育信息化"), ("3.1.1", "建设智慧教育新基建"),
        ("3.1.2", "提升师生信息化素养"), ("3.2", "建设高素质教师队伍"), ("3.2.1", "加强师德师风建设")]
