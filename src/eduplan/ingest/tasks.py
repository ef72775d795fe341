"""The task tree from the headings, with responsible units normalised against a unit list.

Rules (generic; none names a district):

- Heading styles, outermost first: 第N篇/部分, 第N章, 第N节, 一、, （一）, 1. / 1．/ 1、, （1）, ①.
  The tree is built with a stack: a heading closes every open heading of the same or an
  inner style. Task.id is the dotted path of the printed numbers (三、（二）7. → "3.2.7"),
  level its depth, section the title of its outermost heading.
- Tasks vs context: a top-level part is a task part when its heading names tasks or
  measures (任务, 举措, 措施, 保障, 重点工作, 主要工作, 行动); 发展环境, 指导思想, 总体要求,
  发展目标 (and “目标任务”) are context. Only task parts become tasks.
- A run-in heading (“1.推进学前教育普及普惠。正文…”) is titled by the part before the first
  。 or ：; the rest is its text. A heading broken over two lines by PDF conversion (the line
  is as wide as the page's text and the next line is short) is joined before it is read.
- Boxed programmes (专栏N, or a TAB-led numbered table cell) are not tasks: their numbered
  items are skipped until a heading of an outer style, or a numbered heading that continues
  the task numbering where the box's own numbering does not (ties go to the task when the
  line reads like the task headings before it: a bare title, no sentence punctuation).
- The body ends at an appendix: a line starting with 附件, or a top-level numbering restart.
- Working groups of a leading group (a heading ending in 组 whose block names a 牵头单位,
  in a context part or an appendix) become tasks under one node with id "WG" and section
  "领导小组工作组"; the node's title is the heading the groups are listed under.
- A task's text is its block's prose: a table (TAB-led cells, a Word table's “| … |” rows, and
  everything after a table title such as “……重大项目表” up to the next heading) is not part of it.
- Responsible units come from notes such as （责任单位：…） inside a task's own block
  (see `eduplan.ingest.responsible_units`). Page numbers (— 12 —, - 12 -, a bare number) are noise.
- Every node gets its `kind` (`eduplan.core.plan.task_kind`): a heading with tasks under it
  (主要任务, 保障措施, a （一） section with numbered items, the working-group node) only groups
  them and is a heading; a leaf, or a node naming units of its own, is an actionable task.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from eduplan.core.plan import ResponsibleUnit, Source, Task, classify_tasks
from eduplan.ingest.headings import (
    APPENDIX_RE,
    BOX_RE,
    ITEM_RANK,
    SENTENCE_PUNCT,
    TABLE_TITLE_RE,
    TITLE_END,
    Heading,
    find_headings,
    heading_title,
    is_page_noise,
    is_task_section,
    wrap_width,
)
from eduplan.ingest.readers.document import Document
from eduplan.ingest.responsible_units import UnitTable, load_unit_table, parse_unit_note, responsible_units, unit_notes

WORKING_GROUP_ID = "WG"
WORKING_GROUP_SECTION = "领导小组工作组"

@dataclass
class _Node:
    rank: int
    number: int
    title: str
    task: Task | None  # None for a heading outside the task parts
    line: int = 0


@dataclass
class _State:
    stack: list[_Node] = field(default_factory=list)
    tasks: list[Task] = field(default_factory=list)
    ids: set[str] = field(default_factory=set)
    in_box: bool = False
    box_last: int = 0
    appendix: bool = False
    top_number: int = 0
    current: Task | None = None  # the task whose block is being read
    body: dict[str, list[str]] = field(default_factory=dict)
    heads: dict[str, str] = field(default_factory=dict)
    joined: set[int] = field(default_factory=set)
    width: int | None = None
    group_root: Task | None = None


def extract_tasks(doc: Document, *, units: UnitTable | None = None) -> tuple[list[Task], list[ResponsibleUnit]]:
    """The plan's tasks (tree) and the responsible units they name."""
    table = units or load_unit_table()
    headings, joined = find_headings(doc)
    state = _State(joined=joined, width=wrap_width(doc))
    for index, line in enumerate(doc.lines):
        heading = headings.get(index + 1)
        if heading is not None:
            _on_heading(state, heading)
        elif index + 1 not in state.joined:
            _on_line(state, line)
    tasks, seen = _finish(state, table)
    if state.group_root is None or not any(t.parent == WORKING_GROUP_ID for t in tasks):
        tasks.extend(_prose_groups(doc, table, seen))
    return classify_tasks(tasks), responsible_units(seen, table)


_PROSE_GROUP_RE = re.compile(
    r"([\u4e00-\u9fff]{2,10}?组)\s*[（(]\s*(?:牵头单位|牵头部门)\s*[：:]\s*([^（）()]+?)\s*[）)]"
)


def _prose_groups(doc: Document, table: UnitTable, seen: dict[str, list[str]]) -> list[Task]:
    """Working groups listed in prose: “领导小组下设2个工作组：教学组（牵头单位：区教委）、…”."""
    for number, line in enumerate(doc.lines, start=1):
        if "下设" not in line or "组" not in line:
            continue
        found = _PROSE_GROUP_RE.findall(line)
        if not found:
            continue
        groups = [Task(id=WORKING_GROUP_ID, title=WORKING_GROUP_SECTION, section=WORKING_GROUP_SECTION,
                       level=1, source=Source(line=number))]
        for index, (name, units) in enumerate(found, start=1):
            note = parse_unit_note(f"牵头单位：{units}", table)
            _remember(seen, note.names_seen)
            groups.append(Task(id=f"{WORKING_GROUP_ID}.{index}", title=name.lstrip("：:、，"),
                               section=WORKING_GROUP_SECTION, parent=WORKING_GROUP_ID, level=2,
                               lead_units=note.lead, responsible_units=note.units, source=Source(line=number)))
        return groups
    return []


def _remember(seen: dict[str, list[str]], names_seen: dict[str, str]) -> None:
    for written, name in names_seen.items():
        aliases = seen.setdefault(name, [])
        if written not in aliases:
            aliases.append(written)


def _on_line(state: _State, line: str) -> None:
    text = line.strip()
    if not text or is_page_noise(line):
        return
    if APPENDIX_RE.match(text):
        state.appendix, state.in_box, state.current = True, False, None
        return
    if BOX_RE.match(text):
        state.in_box, state.box_last = True, 0
        return
    if state.in_box or line.startswith(("\t", " \t")) or text.startswith("|"):
        return  # a box, or a table's cells (TAB-led, or a Word table's | row)
    if TABLE_TITLE_RE.match(text):
        state.current = None  # a table's title: what follows is the table, not the task's text
        return
    if state.current is not None:
        state.body.setdefault(state.current.id, []).append(text)


def _on_heading(state: _State, heading: Heading) -> None:
    if not state.in_box and heading.rank >= ITEM_RANK and (heading.tabbed or _restarts_items(state, heading)):
        state.in_box, state.box_last = True, 0
    if state.in_box:
        if heading.rank > ITEM_RANK or (heading.rank == ITEM_RANK and _is_box_item(state, heading)):
            state.box_last = heading.number
            return
        state.in_box = False
    if state.stack and heading.rank <= state.stack[0].rank and heading.number <= state.top_number:
        state.appendix = True  # the top-level numbering restarts: an appendix
    while state.stack and state.stack[-1].rank >= heading.rank:
        state.stack.pop()
    if not state.stack and not state.appendix:
        state.top_number = heading.number
    title = heading_title(heading.rest)
    task = _make_task(state, heading, title)
    state.stack.append(_Node(rank=heading.rank, number=heading.number, title=title, task=task, line=heading.line))
    state.current = task
    if task is not None:
        state.heads[task.id] = heading.rest
        remainder = TITLE_END.split(heading.rest, maxsplit=1)
        state.body[task.id] = [remainder[1]] if len(remainder) > 1 and remainder[1].strip() else []


def _restarts_items(state: _State, heading: Heading) -> bool:
    """A “1.” under items already numbered from 1 opens a list inside the last item.

    It is a box whose frame and TAB the conversion lost (a PDF), not a second first task.
    """
    if heading.rank != ITEM_RANK or heading.number != 1:
        return False
    return any(number == 1 for number, _ in _item_siblings(state))


def _is_box_item(state: _State, heading: Heading) -> bool:
    """Whether a numbered line inside a box is one of the box's items (not the next task)."""
    if heading.tabbed:
        return True
    siblings = _item_siblings(state)
    expected_task = (siblings[-1][0] if siblings else 0) + 1
    if heading.number != expected_task:
        return True
    if heading.number != state.box_last + 1:
        return False
    sibling_plain = not siblings or not SENTENCE_PUNCT.search(siblings[-1][1])
    fills_line = state.width is not None and len(heading.raw) >= state.width - 1
    return bool(SENTENCE_PUNCT.search(heading.rest)) or not sibling_plain or fills_line


def _item_siblings(state: _State) -> list[tuple[int, str]]:
    """(printed number, heading text) of the numbered items under the innermost outer heading."""
    parent = next((n for n in reversed(state.stack) if n.rank < ITEM_RANK), None)
    if parent is None or parent.task is None:
        return []
    prefix = parent.task.id + "."
    out = []
    for task in state.tasks:
        if task.parent == parent.task.id and task.id[len(prefix):].isdigit():
            out.append((int(task.id[len(prefix):]), state.heads.get(task.id, "")))
    return out


def _make_task(state: _State, heading: Heading, title: str) -> Task | None:
    if not state.stack and not state.appendix and is_task_section(title):
        return _add(state, str(heading.number), title, None, title, heading.line)
    parent = state.stack[-1].task if state.stack else None
    if parent is not None and parent.section != WORKING_GROUP_SECTION and not state.appendix:
        return _add(state, f"{parent.id}.{heading.number}", title, parent.id, parent.section, heading.line)
    if title.endswith("组") and not title.endswith("领导小组"):
        root = _group_root(state)
        return _add(state, f"{root.id}.{heading.number}", title, root.id, WORKING_GROUP_SECTION, heading.line)
    return None


def _group_root(state: _State) -> Task:
    """The node that holds the working groups, titled by the heading they are listed under."""
    if state.group_root is None:
        above = state.stack[-1] if state.stack else None
        state.group_root = Task(
            id=WORKING_GROUP_ID,
            title=above.title if above else WORKING_GROUP_SECTION,
            section=WORKING_GROUP_SECTION,
            level=1,
            source=Source(line=above.line if above else None),
        )
    return state.group_root


def _add(state: _State, task_id: str, title: str, parent: str | None, section: str | None, line: int) -> Task:
    unique, k = task_id, 2
    while unique in state.ids:  # a printed number used twice keeps both tasks apart
        unique, k = f"{task_id}_{k}", k + 1
    state.ids.add(unique)
    task = Task(id=unique, title=title, section=section, parent=parent, level=unique.count(".") + 1,
                source=Source(line=line))
    state.tasks.append(task)
    return task


def _finish(state: _State, table: UnitTable) -> tuple[list[Task], dict[str, list[str]]]:
    seen: dict[str, list[str]] = {}
    groups: list[Task] = []
    kept: list[Task] = []
    for task in state.tasks:
        lines = state.body.get(task.id, [])
        task.text = "".join(lines)
        for inside in unit_notes([state.heads.get(task.id, ""), *lines]):
            note = parse_unit_note(inside, table)
            task.lead_units = _merge(task.lead_units, note.lead)
            task.responsible_units = _merge(task.responsible_units, note.units)
            _remember(seen, note.names_seen)
        if task.section != WORKING_GROUP_SECTION:
            kept.append(task)
        elif task.lead_units:
            groups.append(task)
    if groups and state.group_root is not None:
        kept.extend([state.group_root, *groups])
    return kept, seen


def _merge(into: list[str], names: list[str]) -> list[str]:
    return into + [n for n in names if n not in into]
