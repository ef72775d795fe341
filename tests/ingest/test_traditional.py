"""Documents in traditional characters with pinyin noise are read as simplified, line for line."""

from __future__ import annotations

from eduplan.ingest.readers.document import Document
from eduplan.ingest.readers.traditional import is_traditional, remove_pinyin, to_simplified


def test_traditional_lines_become_simplified_one_line_per_line() -> None:
    doc = Document(lines=("教育發展規劃", "", "到2025年，新增學位3000個，義務教育鞏固率達到99%。"), file="t.txt")
    out = to_simplified(doc)
    assert out.lines == ("教育发展规划", "", "到2025年，新增学位3000个，义务教育巩固率达到99%。")
    assert out.file == "t.txt"


def test_pinyin_after_a_character_is_removed() -> None:
    assert remove_pinyin("覆蓋面達(dá)到85%，學(xué)校（xiào）") == "覆蓋面達到85%，學校"


def test_brackets_that_are_not_pinyin_stay() -> None:
    line = "新(迁)建学校(含教学点)(2021)(ABC)(de)"
    assert remove_pinyin(line) == line


def test_simplified_document_is_returned_unchanged() -> None:
    doc = Document(lines=("到2025年，学前三年毛入园率达到95%以上，新建幼儿园12所。",))
    assert to_simplified(doc) is doc
    assert not is_traditional(doc.lines)


def test_extracting_a_traditional_copy_reads_its_targets_in_simplified() -> None:
    from eduplan.ingest.extract import extract_plan

    doc = Document(lines=("某區教育事業發展規劃", "三、主要任務", "到2025年，新建幼兒園12所，普惠率達(dá)到90%以上。"),
                   file="t.txt")
    targets = extract_plan(doc).targets
    assert [(t.subject, t.value, t.unit, t.source.line) for t in targets] == [
        ("新建幼儿园", 12, "所", 3), ("普惠率", 90, "%", 3)]
