"""Web-page copies of plans: paragraphs end at blank lines, headlines share a line with their
body, and the page around the text holds no targets. Sentences are written for these tests."""

from __future__ import annotations

from eduplan.ingest.readers.document import Document, lines_from_text
from eduplan.ingest.targets import extract_targets
from eduplan.ingest.targets.paragraphs import is_wrapped


def _targets(text: str, end_year: int | None = None) -> list[tuple[object, ...]]:
    doc = Document(lines=tuple(lines_from_text(text)), file="page.txt")
    return [(t.subject, t.value, t.unit, t.source.line) for t in extract_targets(doc, end_year=end_year)[0]]


def test_blank_line_ends_a_paragraph_of_a_web_copy() -> None:
    text = ("某区三年内新建幼儿园12所 可增加学位3600个\n\n"
            "记者从推进会上获悉，该区将新建幼儿园12所，新增学位3600个。\n")
    assert _targets(text) == [("某区三年内新建幼儿园", 12, "所", 1), ("可增加学位", 3600, "个", 1),
                              ("该区将新建幼儿园", 12, "所", 3), ("新增学位", 3600, "个", 3)]


def test_a_space_between_chinese_words_separates_a_headline_from_its_body() -> None:
    [first, second] = _targets("某县新建小学8所 新增学位4000个\n")
    assert (first[0], second[0]) == ("某县新建小学", "新增学位")


def test_a_date_before_a_headline_is_not_a_heading_number() -> None:
    assert _targets("06.18 某县今年新建幼儿园9所\n") == [("某县今年新建幼儿园", 9, "所", 1)]


def test_copyright_comment_and_share_lines_yield_nothing() -> None:
    text = ("我来说两句 3人参与，2条评论\n\n分享到：\n\n"
            "版权所有：某某网 未经授权不得转载，转载须注明来源，违者追究20万元赔偿责任\n")
    assert _targets(text) == []


def test_pdf_text_wrapped_at_a_page_width_is_recognised() -> None:
    wrapped = tuple("推进学前教育普惠发展扩大资源供给新增公办幼儿园学位" for _ in range(30))
    assert is_wrapped(wrapped)
    assert not is_wrapped(("短标题", "一段很长的网页正文，一行就是一整段，长短各不相同。" * 3))


def test_a_heading_and_its_body_on_one_line_are_read() -> None:
    text = "(一)发展目标。到2025年，学前三年毛入园率达到95%以上。\n\n二、主要任务 新建幼儿园6所，新增学位1800个。\n"
    assert _targets(text, end_year=2025) == [("学前三年毛入园率", 95, "%", 1), ("新建幼儿园", 6, "所", 3),
                                             ("新增学位", 1800, "个", 3)]


def test_letter_spaced_words_are_not_parted() -> None:
    assert _targets("新 建 幼 儿 园 5 所。\n") == [("新建幼儿园", 5, "所", 1)]


def test_a_headline_repeated_after_a_blank_line_is_read_alone() -> None:
    text = "某县新建小学8所 新增学位4000个\n\n某县新建小学8所 新增学位4000个\n"
    assert [(s, line) for s, _v, _u, line in _targets(text)] == [
        ("某县新建小学", 1), ("新增学位", 1), ("某县新建小学", 3), ("新增学位", 3)]
