"""The filed report written as .docx, .pdf and .xlsx and opened back, and looked at: the .docx printed
by LibreOffice and both PDFs rendered to PNG in test-artifacts/reports/; headings, numbering, fonts
(pdffonts), the 模拟数据 mark on every page, numbers against the evaluation, the 公文 layout."""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from pathlib import Path

from docx import Document
from docx.oxml.ns import qn
from openpyxl import load_workbook

from eduplan.core.evaluation.payload import EvaluationPayload
from eduplan.reports import layout as gw
from eduplan.reports import narrative as say
from eduplan.reports.fonts import official_face
from eduplan.reports.model import Report, cell_text
from tests.reports.conftest import ARTIFACTS
from tests.reports.rendering import pdf_fonts, pdf_page_texts, pdf_pages_to_png

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _flat(text: str) -> str:
    return re.sub(r"\s+", "", text)


# ---------------------------------------------------------------- the .docx itself


def test_docx_is_laid_out_as_a_gongwen(written: dict[str, Path], filed: Report) -> None:
    doc = Document(str(written["docx"]))
    paragraphs = [p for p in doc.paragraphs if p.text]
    assert paragraphs[0].text.replace("\n", "") == filed.title and paragraphs[0].style.name == "报告标题"
    assert paragraphs[2].text == "区人民政府：" and paragraphs[2].style.name == "主送机关"
    assert [p.text for p in paragraphs if p.style.name == "Heading 1"] == [s.heading for s in filed.sections]
    assert [p.text for p in paragraphs[-3:]] == ["重庆市南川区教育委员会", "2024年3月15日", "（此件公开发布）"]
    fonts = {name: doc.styles[name].element.rPr.find(qn("w:rFonts")).get(qn("w:eastAsia"))
             for name in ("报告标题", "报告正文", "Heading 1", "Heading 2")}
    assert fonts == {"报告标题": "方正小标宋简体", "报告正文": "仿宋_GB2312", "Heading 1": "黑体", "Heading 2": "楷体_GB2312"}
    body = doc.styles["报告正文"]
    assert body.font.size.pt == 16 and body.paragraph_format.line_spacing.pt == 28
    assert doc.styles["报告标题"].font.size.pt == 22
    section = doc.sections[0]
    assert [round(x.cm, 1) for x in (section.page_width, section.page_height, section.top_margin,
                                     section.bottom_margin, section.left_margin, section.right_margin)] == \
        [21.0, 29.7, 3.7, 3.5, 2.8, 2.6]
    assert section._sectPr.find(qn("w:docGrid")).get(qn("w:linePitch")) == "560"
    assert len(doc.inline_shapes) == len(filed.charts())


def test_docx_marks_every_header_and_numbers_pages_outside(written: dict[str, Path]) -> None:
    doc = Document(str(written["docx"]))
    assert doc.settings.odd_and_even_pages_header_footer
    for section in doc.sections:
        for header in (section.header, section.even_page_header):
            assert "模拟数据" in header.paragraphs[0].text
        odd, even = section.footer.paragraphs[0], section.even_page_footer.paragraphs[0]
        assert "PAGE" in odd._p.xml and "PAGE" in even._p.xml
        assert (odd.alignment, even.alignment) == (2, 0)  # right on odd pages, left on even ones
        assert odd.text.startswith("— ") and odd.text.endswith(" —")


def test_docx_properties_are_the_reports(written: dict[str, Path], filed: Report) -> None:
    doc = Document(str(written["docx"]))
    props = doc.core_properties
    assert (props.title, props.author, props.last_modified_by) == (filed.title, filed.issuer, filed.issuer)
    assert props.created.replace(tzinfo=None) == props.modified.replace(tzinfo=None) == dt.datetime(2024, 3, 15)
    with zipfile.ZipFile(written["docx"]) as z:
        every = "".join(z.read(n).decode("utf-8", "replace") for n in z.namelist() if n.endswith((".xml", ".rels")))
        assert "thumbnail" not in " ".join(z.namelist())
        app = z.read("docProps/app.xml").decode()
        fonts = z.read("word/fontTable.xml").decode()
    assert "python-docx" not in every and "2013-12-23" not in every and "Macintosh" not in app
    assert "<Application>eduplan</Application>" in app
    assert 'w:name="仿宋_GB2312"' in fonts and 'w:val="仿宋"' in fonts  # Windows' 仿宋 as the alternate


def test_docx_tables_have_fixed_widths_in_grid_and_cells(written: dict[str, Path], filed: Report) -> None:
    doc = Document(str(written["docx"]))
    expected = [t.printed() for t in filed.tables()]
    assert len(doc.tables) == len(expected)
    text_width = round(gw.TEXT_WIDTH * 20)
    for grid, table in zip(doc.tables, expected):
        tbl = grid._tbl
        assert tbl.tblPr.find(qn("w:tblLayout")).get(qn("w:type")) == "fixed"
        cols = [int(c.get(qn("w:w"))) for c in tbl.tblGrid.findall(qn("w:gridCol"))]
        assert abs(sum(cols) - text_width) <= len(cols) and min(cols) > 300  # none a character wide
        for row in grid.rows:
            assert [int(c._tc.tcPr.find(qn("w:tcW")).get(qn("w:w"))) for c in row.cells] == cols
        assert [c.text for c in grid.rows[0].cells] == [c.title for c in table.columns]
        assert [c.text for c in grid.rows[1].cells] == [cell_text(v, c) for v, c in zip(table.rows[0], table.columns)]
        assert len(grid.rows) == len(table.rows) + 1


# ---------------------------------------------------------------- the .docx as LibreOffice prints it


def test_docx_printed_by_libreoffice_uses_the_official_faces_on_every_page(docx_as_printed: Path, filed: Report) -> None:
    pages = pdf_page_texts(docx_as_printed)
    assert 8 <= len(pages) <= 40  # a report, not a table a character wide over dozens of pages
    assert all("模拟数据" in page for page in pages)
    names = " ".join(f["name"] for f in pdf_fonts(docx_as_printed))
    for role in ("title", "body", "heading", "kai"):
        family = official_face(role).family.replace(" ", "")
        assert family.split("CJK")[0] in names.replace("UKai", "ARPLUKai"), (role, names)
    png = pdf_pages_to_png(docx_as_printed, ARTIFACTS / "docx", dpi=70)
    assert len(png) == len(pages)


def test_docx_printed_by_libreoffice_keeps_table_rows_on_a_line(docx_as_printed: Path, filed: Report) -> None:
    text = _flat("".join(pdf_page_texts(docx_as_printed)))
    table = filed.tables()[0].printed()
    for row in table.rows:
        numbers = [cell_text(v, c) for v, c in zip(row, table.columns) if isinstance(v, (int, float))]
        assert "".join(numbers[-3:]) in text or all(n in text for n in numbers)
    assert _flat(gw.title_lines(filed.title, gw.TEXT_WIDTH / gw.TITLE_PT)[-1]) in text
    assert "2024年3月15日" in text and text.rfind("重庆市南川区教育委员会") > text.rfind("九、下一步工作建议")


# ---------------------------------------------------------------- the PDF


def test_pdf_embeds_the_four_official_faces(written: dict[str, Path]) -> None:
    fonts = pdf_fonts(written["pdf"])
    assert fonts and all(f["emb"] == "yes" for f in fonts), [f["line"] for f in fonts]
    names = " ".join(f["name"] for f in fonts)
    assert "Helvetica" not in names
    for role in ("title", "body", "heading", "kai"):
        face = official_face(role)
        stem = face.family.replace(" ", "").replace("CJKSC", "CJKsc").replace("ARPLUKaiCN", "UKaiCN")
        assert stem.split("CJK")[0] in names, (role, names)


def test_pdf_pages_carry_the_mark_numbers_and_the_signature_at_the_end(written: dict[str, Path], filed: Report) -> None:
    pages = pdf_page_texts(written["pdf"])
    assert all("模拟数据" in page for page in pages)
    for n, page in enumerate(pages, start=1):
        assert f"— {n} —" in page or f"—{n}—" in _flat(page)
    last = _flat(pages[-1])
    assert last.index("重庆市南川区教育委员会") < last.index("2024年3月15日") < last.index("（此件公开发布）")
    first = _flat(pages[0])
    assert first.index(_flat(filed.title[:10])) < first.index("区人民政府：") < first.index("一、评估依据和方法")
    pdf_pages_to_png(written["pdf"], ARTIFACTS / "pdf", dpi=70)


def test_pdf_numbers_tables_and_figures_consecutively(written: dict[str, Path], filed: Report) -> None:
    text = _flat("".join(pdf_page_texts(written["pdf"])))
    tables = [int(n) for n in re.findall(r"表(\d+)(?=[^\d])", text)]
    figures = [int(n) for n in re.findall(r"图(\d+)(?=[^\d])", text)]
    assert tables == list(range(1, len(filed.tables()) + 1))
    assert figures == list(range(1, len(filed.charts()) + 1))


def test_pdf_numbers_match_the_evaluation_and_never_break(written: dict[str, Path], payload: EvaluationPayload) -> None:
    pages = pdf_page_texts(written["pdf"])
    lines = [line for page in pages for line in page.splitlines()]
    text = _flat("".join(pages))
    for t in payload.targets:
        if t.status not in say.UNGRADED and t.latest_value is not None:
            shown = cell_text(t.latest_value, filed_column("最新值"))
            assert any(re.search(rf"(?<![\d.,]){re.escape(shown)}(?![\d.,])", line) for line in lines), shown
    spent = sum(p.spent_to_date for p in payload.projects)
    assert f"累计完成投资{cell_text(spent, filed_column('最新值'))}万元" in text
    broken = [line for line in lines if re.search(r"\d,\d{0,2}$", line.strip())]
    assert not broken, broken  # “2,00” at a line's end: a number cut in two


def filed_column(title: str):  # type: ignore[no-untyped-def]
    from eduplan.reports.evaluation_sections import TARGET_COLUMNS

    return next(c for c in TARGET_COLUMNS if c.title == title)


# ---------------------------------------------------------------- the workbook


def test_xlsx_long_tables_with_keys_operators_dates_and_print_setup(written: dict[str, Path],
                                                                   payload: EvaluationPayload) -> None:
    wb = load_workbook(written["xlsx"])
    assert wb.sheetnames == ["说明", "目标", "任务", "建设项目", "经费保障"]
    assert "模拟数据" in "".join(str(c.value) for row in wb["说明"].iter_rows() for c in row if c.value)
    targets = wb["目标"]
    head = [c.value for c in targets[1]]
    assert head[:5] == ["区县", "评估编号", "评估类型", "年份", "分类"] and "单位" in head
    assert targets.max_row == len(payload.targets) + 1  # every target, those without data too
    rows = [dict(zip(head, (c.value for c in row))) for row in targets.iter_rows(min_row=2)]
    assert {r["区县"] for r in rows} == {"南川区"} and {r["评估编号"] for r in rows} == {7}
    for row, t in zip(rows, payload.targets):
        assert row["指标"] == t.name and row["进展状态"] == t.status.value
        if t.target.startswith("≥"):
            assert (row["目标运算符"], row["目标值"]) == (">=", float(t.target[1:]))
    tasks = wb["任务"]
    deadline = [c.value for c in tasks[1]].index("截止日期") + 1
    assert isinstance(tasks.cell(row=2, column=deadline).value, dt.datetime)
    assert tasks.cell(row=2, column=deadline).number_format == "yyyy-mm-dd"
    for ws in wb.worksheets:
        assert ws.page_setup.orientation == "landscape" and ws.sheet_properties.pageSetUpPr.fitToPage
        assert ws.page_setup.fitToWidth == 1 and ws.oddHeader.right.text == "模拟数据"
        if ws.title != "说明":
            assert ws.print_title_rows == "$1:$1" and ws.freeze_panes == "A2"


def _numbers_cut_across_lines(pdf: Path, report: Report) -> list[str]:
    """The numbers of the report's running text (3 characters or more) that no printed line holds whole."""
    from eduplan.reports.model import Paragraph

    lines = [re.sub(r"\s+", "", line) for page in pdf_page_texts(pdf) for line in page.splitlines()]
    tokens = {m for s in report.sections for b in s.blocks if isinstance(b, Paragraph)
              for m in re.findall(r"\d[\d,.]*%?", b.text) if len(m.rstrip(".,")) >= 3}
    return sorted(t for t in (x.rstrip(".,") for x in tokens) if not any(t in line for line in lines))


def test_no_number_is_cut_across_lines_in_either_print(written: dict[str, Path], docx_as_printed: Path,
                                                        filed: Report) -> None:
    assert _numbers_cut_across_lines(written["pdf"], filed) == []
    assert _numbers_cut_across_lines(docx_as_printed, filed) == []


def _missing_characters(pdf: Path, report: Report) -> str:
    """Characters of the report that the printed PDF does not carry (a face without the glyph: a box)."""
    from eduplan.reports.pdf import report_text

    printed = set("".join(pdf_page_texts(pdf)))
    wanted = set("".join(report_text(report))) - set(" \n\u3000")
    return "".join(sorted(wanted - printed))


def test_every_character_is_printed_in_both_prints(written: dict[str, Path], docx_as_printed: Path,
                                                   filed: Report) -> None:
    assert _missing_characters(written["pdf"], filed) == ""
    assert _missing_characters(docx_as_printed, filed) == ""
