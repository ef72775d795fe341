"""The task tree and responsible units: synthetic documents per heading style and note variant,
and the hand-checked trees of the five sample plans."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from eduplan.core.plan import Task
from eduplan.ingest.headings import is_task_section
from eduplan.ingest.readers.document import Document
from eduplan.ingest.responsible_units import (
    find_unit_notes,
    load_unit_table,
    parse_unit_note,
    unit_table_from_data,
)
from eduplan.ingest.tasks import WORKING_GROUP_ID, WORKING_GROUP_SECTION, extract_tasks
from tests.conftest import PLAN_FILES

EXPECTED = Path(__file__).resolve().parent.parent / "data" / "expected"


def doc(*lines: str) -> Document:
    """A synthetic document from its lines."""
    return Document(lines=tuple(lines), file="synthetic.txt")


def by_id(tasks: list[Task]) -> dict[str, Task]:
    return {t.id: t for t in tasks}


# ------------------------------------------------------------------ heading styles


def test_tree_from_chinese_parenthesised_and_arabic_headings() -> None:
    tasks, _ = extract_tasks(doc(
        "一、发展环境",
        "（一）基础",
        "1.不是任务",
        "二、主要任务",
        "（一）推进甲项工作",
        "1.建设乙",
        "正文。",
        "2．建设丙",
        "（二）推进丁项工作",
        "三、保障措施",
        "（一）加强领导",
    ))
    assert [(t.id, t.title, t.parent, t.level) for t in tasks] == [
        ("2", "主要任务", None, 1),
        ("2.1", "推进甲项工作", "2", 2),
        ("2.1.1", "建设乙", "2.1", 3),
        ("2.1.2", "建设丙", "2.1", 3),
        ("2.2", "推进丁项工作", "2", 2),
        ("3", "保障措施", None, 1),
        ("3.1", "加强领导", "3", 2),
    ]
    assert {t.section for t in tasks if t.id.startswith("2")} == {"主要任务"}
    assert by_id(tasks)["2.1.1"].source.line == 6


def test_headings_that_group_tasks_are_structural_and_leaves_are_tasks() -> None:
    tasks, _ = extract_tasks(doc(
        "一、主要任务",
        "（一）推进甲项工作",
        "1.建设乙。新建学校2所。",
        "2.建设丙。（责任单位：区教委）",
        "（二）推进丁项工作。全面推进丁项工作。",
        "二、保障措施",
        "（一）加强领导。成立领导小组。（牵头单位：区教委）",
        "1.建立机制",
    ))
    assert [(t.id, t.kind) for t in tasks] == [
        ("1", "heading"), ("1.1", "heading"), ("1.1.1", "task"), ("1.1.2", "task"), ("1.2", "task"),
        ("2", "heading"), ("2.1", "task"), ("2.1.1", "task"),  # 2.1 names units of its own: a measure
    ]
    assert [t.actionable for t in tasks][:2] == [False, False]


def test_a_table_after_a_task_is_not_part_of_its_text() -> None:
    tasks, _ = extract_tasks(doc(
        "一、保障措施",
        "（一）构建落实机制。加大统筹力度。",
        "某区教育建设重大项目表",
        "序号\t项目名称",
        "新建工程",
        "| 1 | 甲小学新建工程 |",
    ))
    assert [(t.id, t.text) for t in tasks] == [("1", ""), ("1.1", "加大统筹力度。")]


def test_a_part_heading_without_items_is_a_task() -> None:
    tasks, _ = extract_tasks(doc("一、保障措施", "加大经费投入，完善督导机制。"))
    assert [(t.id, t.kind, t.text) for t in tasks] == [("1", "task", "加大经费投入，完善督导机制。")]


@pytest.mark.parametrize("line, title", [
    ("1.建设乙", "建设乙"),
    ("1．建设乙", "建设乙"),
    ("1、建设乙", "建设乙"),
    ("1. 建设乙", "建设乙"),
    ("１．建设乙", "建设乙"),
])
def test_arabic_item_styles_are_headings(line: str, title: str) -> None:
    tasks, _ = extract_tasks(doc("一、主要任务", line))
    assert [(t.id, t.title) for t in tasks] == [("1", "主要任务"), ("1.1", title)]


def test_inner_styles_nest_under_items() -> None:
    tasks, _ = extract_tasks(doc("一、重点任务", "（一）甲", "1.乙", "（1）丙", "①丁", "（2）戊"))
    assert [(t.id, t.parent) for t in tasks] == [
        ("1", None), ("1.1", "1"), ("1.1.1", "1.1"), ("1.1.1.1", "1.1.1"),
        ("1.1.1.1.1", "1.1.1.1"), ("1.1.1.2", "1.1.1"),
    ]


def test_chapters_and_sections_are_outer_headings() -> None:
    tasks, _ = extract_tasks(doc("第一章 发展基础", "一、成就", "第二章 主要任务", "第一节 推进甲", "一、做好乙"))
    assert [(t.id, t.title, t.level) for t in tasks] == [
        ("2", "主要任务", 1), ("2.1", "推进甲", 2), ("2.1.1", "做好乙", 3),
    ]


def test_missing_levels_do_not_break_the_tree() -> None:
    tasks, _ = extract_tasks(doc("一、主要任务", "1.直接编号的任务", "（一）后来的小节", "1.小节下的任务"))
    # Both inner headings are numbered 1 under the same parent: ids stay unique.
    assert [(t.id, t.title, t.parent) for t in tasks] == [
        ("1", "主要任务", None),
        ("1.1", "直接编号的任务", "1"),
        ("1.1_2", "后来的小节", "1"),
        ("1.1_2.1", "小节下的任务", "1.1_2"),
    ]


def test_decimal_numbers_and_years_are_not_headings() -> None:
    tasks, _ = extract_tasks(doc("一、主要任务", "3.5%的学校", "2025年完成", "（一）甲"))
    assert [t.title for t in tasks] == ["主要任务", "甲"]


# ------------------------------------------------------------------ titles


def test_run_in_heading_title_is_the_part_before_the_first_full_stop() -> None:
    tasks, _ = extract_tasks(doc("二、工作举措", "1.推进甲乙普及。加大投入，新建学校。"))
    task = by_id(tasks)["2.1"]
    assert task.title == "推进甲乙普及"
    assert task.text == "加大投入，新建学校。"


def test_run_in_heading_title_stops_at_a_colon() -> None:
    tasks, _ = extract_tasks(doc("二、工作举措", "（一）加强组织领导：成立领导小组。"))
    assert by_id(tasks)["2.1"].title == "加强组织领导"


def test_standalone_heading_keeps_its_commas() -> None:
    tasks, _ = extract_tasks(doc("二、工作举措", "（一）以甲为基本，增加乙的供给"))
    assert by_id(tasks)["2.1"].title == "以甲为基本，增加乙的供给"


def test_paragraphs_under_a_heading_are_its_text() -> None:
    tasks, _ = extract_tasks(doc("一、主要任务", "（一）甲", "第一段。", "", "第二段。", "（二）乙"))
    assert by_id(tasks)["1.1"].text == "第一段。第二段。"


def _wrapped(*lines: str) -> Document:
    """A PDF-like document: body lines of one fixed width, so that the width is known."""
    filler = ["这是一行宽度固定的正文文字用来确定版心宽度。"] * 30
    return doc(*filler, *lines)


def test_line_broken_heading_is_joined() -> None:
    width = len("这是一行宽度固定的正文文字用来确定版心宽度。")
    first = "（二）推进某某某某某某某某某某某某某某某"
    first = first + "某" * (width - len(first))
    tasks, _ = extract_tasks(_wrapped("一、主要任务", first, "", "协调发展", "正文第一行。"))
    assert by_id(tasks)["1.2"].title == first[3:] + "协调发展"


def test_line_broken_run_in_heading_is_joined_up_to_its_full_stop() -> None:
    width = len("这是一行宽度固定的正文文字用来确定版心宽度。")
    first = "1.推进学前教育普及普惠，加快建设"
    first = first + "园" * (width - len(first))
    tasks, _ = extract_tasks(_wrapped("一、主要任务", first, "幼儿园。正文继续写下去写得很长很长很长很长很长。"))
    assert by_id(tasks)["1.1"].title == first[2:] + "幼儿园"


def test_short_heading_in_a_wrapped_document_is_not_joined_with_its_body() -> None:
    tasks, _ = extract_tasks(_wrapped("一、主要任务", "1.推进甲", "短正文"))
    assert by_id(tasks)["1.1"].title == "推进甲"


@pytest.mark.parametrize("noise", ["— 12 —", "- 12 -", "12", "－ 3 －", "第 4 页"])
def test_page_numbers_are_not_tasks(noise: str) -> None:
    tasks, _ = extract_tasks(doc("一、主要任务", "（一）甲", noise, "正文。", "（二）乙"))
    assert [t.title for t in tasks] == ["主要任务", "甲", "乙"]
    assert by_id(tasks)["1.1"].text == "正文。"


def test_page_number_between_broken_heading_lines_is_skipped() -> None:
    width = len("这是一行宽度固定的正文文字用来确定版心宽度。")
    first = "（一）推进" + "某" * (width - 5)
    tasks, _ = extract_tasks(_wrapped("一、主要任务", first, "— 7 —", "发展"))
    assert by_id(tasks)["1.1"].title.endswith("某发展")


# ------------------------------------------------------------------ which parts are tasks


@pytest.mark.parametrize("title, expected", [
    ("主要任务", True), ("重点任务", True), ("工作举措", True), ("保障措施", True), ("组织保障", True),
    ("重点工作", True), ("发展环境", False), ("指导思想", False), ("发展目标", False),
    ("总体要求", False), ("目标任务", False),
])
def test_task_sections_are_named_by_task_words(title: str, expected: bool) -> None:
    assert is_task_section(title) is expected


def test_boxed_programme_items_are_not_tasks() -> None:
    tasks, _ = extract_tasks(doc(
        "一、主要任务", "（一）甲", "1.任务一", "2.任务二",
        "专栏1 甲重点计划", "1.实施计划一。新建5所。", "2.实施计划二。新建3所。",
        "3.任务三", "（二）乙", "1.任务四",
    ))
    assert [t.title for t in tasks] == ["主要任务", "甲", "任务一", "任务二", "任务三", "乙", "任务四"]


def test_box_item_with_the_next_task_number_is_read_by_its_style() -> None:
    # The box counts 1, 2 and the tasks 1, 2: "3." could continue either.
    tasks, _ = extract_tasks(doc(
        "一、主要任务", "（一）甲", "1.任务一", "2.任务二",
        "专栏2 目标", "1.到2025年打造5所学校。", "2.培育2项成果。", "3.到2025年，教师达到优质。",
        "3.任务三",
    ))
    assert [t.title for t in tasks] == ["主要任务", "甲", "任务一", "任务二", "任务三"]


def test_tab_led_numbered_cell_opens_a_box() -> None:
    tasks, _ = extract_tasks(doc(
        "一、主要任务", "（一）甲", "1.任务一", "\t1. 实施计划一。内容。", "2. 实施计划二。内容。", "（二）乙",
    ))
    assert [t.title for t in tasks] == ["主要任务", "甲", "任务一", "乙"]


def test_appendix_ends_the_task_tree() -> None:
    tasks, _ = extract_tasks(doc("一、主要任务", "（一）甲", "附件：项目表", "1.学校一", "（二）不是任务"))
    assert [t.title for t in tasks] == ["主要任务", "甲"]


def test_restarted_top_level_numbering_is_an_appendix() -> None:
    tasks, _ = extract_tasks(doc("一、总体要求", "二、工作举措", "（一）甲", "一、成员名单", "二、主要任务"))
    assert [t.title for t in tasks] == ["工作举措", "甲"]


def test_arabic_top_level_heading_continues_the_chinese_numbering() -> None:
    tasks, _ = extract_tasks(doc("一、发展环境", "（一）基础", "2、 主要任务", "（一）甲", "1.乙"))
    assert [(t.id, t.title) for t in tasks] == [("2", "主要任务"), ("2.1", "甲"), ("2.1.1", "乙")]


# ------------------------------------------------------------------ working groups


def test_working_groups_of_the_leading_group_are_tasks_with_lead_units() -> None:
    tasks, units = extract_tasks(doc(
        "一、工作举措", "（一）甲", "一、领导小组成员", "组长：某某",
        "二、领导小组框架", "领导小组下设2个工作组。",
        "（一）教学组", "组长：某某", "牵头单位：区教委", "工作职责：研究。",
        "（二）资金组", "牵头单位：区财政局",
    ))
    groups = [t for t in tasks if t.section == WORKING_GROUP_SECTION]
    assert [(t.id, t.title, t.parent, t.level, t.lead_units) for t in groups] == [
        (WORKING_GROUP_ID, "领导小组框架", None, 1, []),
        ("WG.1", "教学组", WORKING_GROUP_ID, 2, ["区教委"]),
        ("WG.2", "资金组", WORKING_GROUP_ID, 2, ["区财政局"]),
    ]
    assert groups[0].source.line == 5
    assert [u.name for u in units] == ["区教委", "区财政局"]


def test_group_heading_without_a_lead_unit_is_not_a_working_group() -> None:
    tasks, _ = extract_tasks(doc("一、工作举措", "一、附表", "（一）甲组", "无牵头。"))
    assert [t.id for t in tasks] == ["1"]


# ------------------------------------------------------------------ responsible units


@pytest.mark.parametrize("note, lead, units", [
    ("（责任单位：区教委、区发展改革委，各镇街）", ["区教委"], ["区教委", "区发展改革委", "各镇街"]),
    ("（责任单位：区教委、区发改委）", ["区教委"], ["区教委", "区发展改革委"]),
    ("（牵头单位：区财政局；配合单位：区教委、区人社局）", ["区财政局"], ["区财政局", "区教委", "区人力资源社会保障局"]),
    ("（牵头单位：区财政局，配合单位：区教委）", ["区财政局"], ["区财政局", "区教委"]),
    ("（责任单位：区教委牵头，区财政局、区民政局配合）", ["区教委"], ["区教委", "区财政局", "区民政局"]),
    ("（责任单位：区财政局、区教委牵头，区民政局配合）", ["区财政局", "区教委"], ["区财政局", "区教委", "区民政局"]),
    ("（责任单位：区财政局、区教委（牵头））", ["区教委"], ["区教委", "区财政局"]),
    ("（责任单位：区教委、区财政局等按职责分工负责）", ["区教委"], ["区教委", "区财政局"]),
    ("（责任部门：区教委 区卫生健康委）", ["区教委"], ["区教委", "区卫生健康委"]),
    ("(责任单位:区教委、区民宗委)", ["区教委"], ["区教委", "区民族宗教委"]),
])
def test_unit_note_variants(note: str, lead: list[str], units: list[str]) -> None:
    tasks, _ = extract_tasks(doc("二、工作举措", f"1.推进甲。正文。{note}"))
    task = by_id(tasks)["2.1"]
    assert task.title == "推进甲"
    assert (task.lead_units, task.responsible_units) == (lead, units)


def test_unit_note_on_its_own_line_belongs_to_the_task_above() -> None:
    tasks, _ = extract_tasks(doc("二、工作举措", "（一）甲", "正文。", "（责任单位：区教委）", "（二）乙"))
    assert by_id(tasks)["2.1"].responsible_units == ["区教委"]
    assert by_id(tasks)["2.2"].responsible_units == []


def test_unit_note_broken_over_two_lines_is_read() -> None:
    tasks, _ = extract_tasks(doc("二、工作举措", "（一）甲", "正文。（责任单位：区教委、区发展", "改革委）"))
    assert by_id(tasks)["2.1"].responsible_units == ["区教委", "区发展改革委"]


def test_unit_note_in_a_standalone_heading_is_not_in_the_title() -> None:
    tasks, _ = extract_tasks(doc("二、工作举措", "（一）推进甲（责任单位：区教委）"))
    assert by_id(tasks)["2.1"].title == "推进甲"
    assert by_id(tasks)["2.1"].lead_units == ["区教委"]


def test_responsible_units_are_distinct_canonical_with_aliases_seen() -> None:
    _, units = extract_tasks(doc(
        "二、工作举措", "1.甲。（责任单位：区人力社保局、区教委）", "2.乙。（责任单位：区人社局、重庆某某学院）",
    ))
    assert [(u.name, u.aliases) for u in units] == [
        ("区人力资源社会保障局", ("区人力社保局", "区人社局")),
        ("区教委", ()),
        ("重庆某某学院", ()),
    ]
    assert units[-1].kind == "学校"


def test_county_units_match_the_district_entries() -> None:
    note = find_unit_notes("（责任单位：县发改委、县教委）")[0][2]
    assert parse_unit_note(note, load_unit_table()).units == ["县发展改革委", "县教委"]


def test_unknown_units_are_kept_cleaned() -> None:
    table = unit_table_from_data({"units": []})
    note = parse_unit_note("责任单位：某 某 中心等", table)
    assert note.units == ["某某中心"]


def test_unit_list_aliases_are_unique() -> None:
    data = json.loads((Path(__file__).resolve().parents[2] / "src/eduplan/data/units.json").read_text("utf-8"))
    names = [n for e in data["units"] for n in (e["name"], *e["aliases"])]
    assert len(names) == len(set(names))


# ------------------------------------------------------------------ the five plans


def _row(t: Task) -> dict[str, object]:
    return {"id": t.id, "title": t.title, "section": t.section, "parent": t.parent, "level": t.level,
            "lead_units": t.lead_units, "responsible_units": t.responsible_units, "kind": t.kind,
            "source": {"line": t.source.line}}


@pytest.mark.parametrize("name", PLAN_FILES)
def test_task_tree_matches_the_hand_checked_fixture(plans_dir: Path, name: str) -> None:
    from eduplan.ingest.readers.document import read_document

    expected = json.loads((EXPECTED / name / "tasks.json").read_text("utf-8"))["tasks"]
    got = [_row(t) for t in extract_tasks(read_document(plans_dir / f"{name}.txt"))[0]]
    matched = sum(1 for row in got if row in expected)
    report = f"{name}: {matched}/{len(expected)} 个任务一致，提取 {len(got)} 个"
    missing = [r for r in expected if r not in got][:5]
    extra = [r for r in got if r not in expected][:5]
    assert got == expected, f"{report}\n缺少: {missing}\n多出: {extra}"


def test_working_groups_listed_in_prose_are_tasks() -> None:
    tasks, _ = extract_tasks(doc(
        "一、保障措施",
        "（一）加强领导。领导小组下设2个工作组：教学组（牵头单位：区教委）、资金组（牵头单位：区财政局、区发改委）。",
    ))
    groups = [(t.id, t.title, t.lead_units, t.responsible_units) for t in tasks if t.section == WORKING_GROUP_SECTION]
    assert groups == [
        ("WG", "领导小组工作组", [], []),
        ("WG.1", "教学组", ["区教委"], ["区教委"]),
        ("WG.2", "资金组", ["区财政局", "区发展改革委"], ["区财政局", "区发展改革委"]),
    ]


def test_full_width_bare_heading_does_not_swallow_a_lead_sentence() -> None:
    width = len("这是一行宽度固定的正文文字用来确定版心宽度。")
    first = "（一）推进" + "某" * (width - 5)
    tasks, _ = extract_tasks(_wrapped("一、主要任务", first, "合理布局。根据人口分布情况超前规划建设学校。"))
    assert by_id(tasks)["1.1"].title == first[3:]


def test_the_word_attachment_inside_a_sentence_is_not_an_appendix() -> None:
    tasks, _ = extract_tasks(doc("一、保障措施", "（一）甲。成立领导小组（具体名单见", "附件），统筹协调。", "（二）乙"))
    assert [t.title for t in tasks] == ["保障措施", "甲", "乙"]


def _rewrap(text: str, width: int) -> str:
    out: list[str] = []
    for line in text.split("\n"):
        if "\t" in line or len(line) <= width:
            out.append(line)
        else:
            out.extend(line[i:i + width] for i in range(0, len(line), width))
    return "\n".join(out)


@pytest.mark.parametrize("width", [18, 22, 26, 30])
def test_plans_rewrapped_as_pdf_text_give_the_same_tasks(plans_dir: Path, width: int) -> None:
    from eduplan.ingest.readers.document import read_bytes, read_document

    for name in PLAN_FILES:
        original = read_document(plans_dir / f"{name}.txt")
        wrapped = read_bytes(_rewrap(original.text, width).encode(), suffix=".txt", file=name)
        def key(tasks: list[Task]) -> list[tuple[object, ...]]:
            return [(t.id, t.title, t.parent, t.lead_units, t.responsible_units) for t in tasks]
        assert key(extract_tasks(wrapped)[0]) == key(extract_tasks(original)[0]), f"{name} @ {width}"
