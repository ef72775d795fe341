"""Key programmes (专栏): where a box starts and ends, its items, and hand-checked sample plans."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from eduplan.ingest.programmes import extract_programmes, find_boxes
from eduplan.ingest.readers.document import Document, lines_from_text

EXPECTED = Path(__file__).resolve().parent.parent / "data" / "expected"


def _doc(text: str) -> Document:
    return Document(lines=tuple(lines_from_text(text)), file="synthetic.txt")


def test_box_items_are_numbered_lines_stripped_of_their_numbers() -> None:
    text = "专栏3  立德树人重点计划\n\n\t1.实施甲计划，建成示范校5所。\n\n2.实施乙计划。\n\n\n（二）下一节\n"
    [programme] = extract_programmes(_doc(text))
    assert (programme.title, programme.number, programme.items, programme.source.line) == (
        "专栏3 立德树人重点计划", 3, ["实施甲计划，建成示范校5所。", "实施乙计划。"], 1)


def test_unnumbered_lines_continue_the_current_item_across_page_breaks() -> None:
    text = "专栏 4 基础教育计划\n1. 新增公办幼儿园 15所，新\n\n增学位 6000个。\n2. 新建小学 10所。\n（三）职业教育\n"
    [programme] = extract_programmes(_doc(text))
    assert programme.number == 4 and programme.items == ["新增公办幼儿园 15所，新增学位 6000个。", "新建小学 10所。"]


@pytest.mark.parametrize("ending", ["（三）下一节", "二、下一章", "专栏5 另一个", "3. 任务清单重新编号"])
def test_box_ends_at_a_heading_another_box_or_a_repeated_number(ending: str) -> None:
    text = f"专栏4 计划\n1. 甲。\n2. 乙。\n3. 丙。\n{ending}\n正文继续。\n"
    assert extract_programmes(_doc(text))[0].items == ["甲。", "乙。", "丙。"]


def test_box_ends_after_two_blank_lines() -> None:
    text = "\t专栏8\n\n\t实施健康工程。近视率每年降低0.5个百分点。\n\n\n4.构建评价体系\n正文。\n"
    [programme] = extract_programmes(_doc(text))
    assert (programme.title, programme.items) == ("专栏8", ["实施健康工程。近视率每年降低0.5个百分点。"])


def test_indicator_table_box_is_kept_with_no_items_and_spans_its_rows() -> None:
    text = "专栏1 主要指标\n\t分类\n\t指标\n\t2020年\n\t毛入园率（%）\n\t91.2\n\n\t≥98\n二、主要任务\n"
    [box] = find_boxes(_doc(text))
    assert (box.programme.items, box.is_table, box.first, box.last) == ([], True, 1, 8)


def test_box_split_over_two_pages_is_one_programme() -> None:
    text = "专栏1 主要指标\n毛入园率 98% 99% 预期性\n 专栏1 主要指标\n巩固率 97% 99% 约束性\n三、主要任务\n"
    boxes = find_boxes(_doc(text))
    assert len(boxes) == 1 and (boxes[0].first, boxes[0].last) == (1, 4)


def test_chinese_box_number_is_read() -> None:
    assert extract_programmes(_doc("专栏十二 开放合作\n1.甲。\n"))[0].number == 12


@pytest.mark.parametrize("plan", ["fuling", "bishan", "nanchuan", "qianjiang", "yuzhong"])
def test_sample_plan_programmes_match_hand_checked_boxes(plans_dir: Path, plan: str) -> None:
    expected = json.loads((EXPECTED / plan / "programmes.json").read_text(encoding="utf-8"))["programmes"]
    doc = Document(lines=tuple(lines_from_text((plans_dir / f"{plan}.txt").read_text(encoding="utf-8"))))
    got = [{"number": p.number, "title": p.title, "line": p.source.line, "items": len(p.items)}
           for p in extract_programmes(doc)]
    assert got == expected
