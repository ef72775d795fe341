"""Plan documents generated from the EXPECTED task trees, the way a user's tool would write them.

The oracle of the task layout tests: nothing here reads a plan with the extractor. Each
fixture (tests/data/expected/<plan>/tasks.json) is written back as the plan numbers its
headings — level 1 “三、主要任务” (the Chinese ordinal of the id's first number), level 2
“（一）…”, level 3 “1.…” / “1．…” / “1. …” (the plan's own separator), deeper “（1）…” —
each followed by a generated neutral sentence and, where the fixture names units, a note:
“（责任单位：A、B）” (the first unit leads), or “（牵头单位：A；责任单位：B）”. The working
groups (id WG.n) are “（一）…组” headings under a context part with a “牵头单位：…” line.
Context parts (发展基础, 总体要求) are written before the first task part. Each document is
rendered as UTF-8 text, GB18030 text, text with a blank line between paragraphs (a web
copy), and a Word file (plain paragraphs, Heading styles, or a heading and its text in one
paragraph split by a line break).
"""

from __future__ import annotations

import io
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

EXPECTED = Path(__file__).resolve().parents[1] / "data" / "expected"
PLANS = ("bishan", "fuling", "nanchuan", "qianjiang", "yuzhong")
LAYOUTS = ("txt", "gb18030", "web", "docx", "docx-headings", "docx-line-breaks")

_DIGITS = "零一二三四五六七八九"


@dataclass(frozen=True)
class Style:
    """How a plan writes its headings: the separator after an item number, run-in titles."""

    item_sep: str = "."
    run_in: bool = False


#: Read from the plans' own heading lines (the fixtures' source lines).
STYLES: dict[str, Style] = {
    "bishan": Style(item_sep=". "),
    "fuling": Style(item_sep="．"),
    "nanchuan": Style(item_sep="."),
    "qianjiang": Style(item_sep=".", run_in=True),
    "yuzhong": Style(item_sep="."),
}

BODY = "本项工作按照规划要求有序推进"
_CONTEXT = ("发展基础", "总体要求", "发展目标", "发展环境")


def chinese_ordinal(n: int) -> str:
    if n < 10:
        return _DIGITS[n]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else _DIGITS[tens]) + "十" + (_DIGITS[ones] if ones else "")


def load_tasks(plan: str) -> list[dict[str, Any]]:
    return json.loads((EXPECTED / plan / "tasks.json").read_text("utf-8"))["tasks"]


def _number(task_id: str) -> int:
    return int(task_id.split(".")[-1].split("_")[0])


def heading_label(task: dict[str, Any], style: Style) -> str:
    """The printed number of a node by its level."""
    n = _number(task["id"]) if task["id"] != "WG" else 0
    level = task["level"]
    if level == 1:
        return f"{chinese_ordinal(n)}、"
    if level == 2:
        return f"（{chinese_ordinal(n)}）"
    if level == 3:
        return f"{n}{style.item_sep}"
    return f"（{n}）"


def unit_note(task: dict[str, Any]) -> str | None:
    lead, units = task["lead_units"], task["responsible_units"]
    if not lead and not units:
        return None
    if units and lead == units[:1]:
        return "（责任单位：" + "、".join(units) + "）"
    rest = [u for u in units if u not in lead]
    parts = []
    if lead:
        parts.append("牵头单位：" + "、".join(lead))
    if rest:
        parts.append("责任单位：" + "、".join(rest))
    return "（" + "；".join(parts) + "）"


def paragraphs(plan: str, *, run_in: bool | None = None) -> list[tuple[int, str]]:
    """The document as (heading level or 0 for prose, text) paragraphs.

    `run_in`: write each actionable task's body on its heading line (None: as the plan does).
    """
    tasks = load_tasks(plan)
    style = STYLES[plan]
    if run_in is not None:
        style = Style(item_sep=style.item_sep, run_in=run_in)
    out: list[tuple[int, str]] = [(0, "某区教育事业发展“十四五”规划（2021—2025年）")]
    tops = [t for t in tasks if t["level"] == 1 and t["id"] != "WG"]
    first = _number(tops[0]["id"]) if tops else 1
    for k in range(1, first):
        out += [(1, f"{chinese_ordinal(k)}、{_CONTEXT[(k - 1) % len(_CONTEXT)]}"), (0, BODY + "。")]
    last_top = max((_number(t["id"]) for t in tops), default=0)
    for task in tasks:
        if task["id"] == "WG":
            # a context part holding the working groups, numbered after the task parts
            out += [(1, f"{chinese_ordinal(last_top + 1)}、{task['title']}"), (0, BODY + "。")]
            continue
        label = heading_label(task, style)
        note = unit_note(task)
        if task["parent"] is not None and task["parent"].startswith("WG"):
            out += [(task["level"], label + task["title"]), (0, "牵头单位：" + "、".join(task["lead_units"])),
                    (0, BODY + "。")]
            continue
        if style.run_in and task["level"] >= 2 and task["kind"] == "task":
            out.append((task["level"], f"{label}{task['title']}。{BODY}。{note or ''}"))
            continue
        out.append((task["level"], label + task["title"]))
        out.append((0, BODY + "。" + (note or "")))
    return out


def expected(plan: str) -> list[tuple[Any, ...]]:
    return [comparable(t) for t in load_tasks(plan)]


def comparable(task: dict[str, Any]) -> tuple[Any, ...]:
    return (task["id"], task["title"], task["parent"], task["level"], tuple(task["lead_units"]),
            tuple(task["responsible_units"]), task["kind"])


_ITEM_NUM = re.compile(r"^(\d+)(?:\. |\.|．)")
_UNITS = re.compile(r"(?<=单位：)([^）；]+)")
_NOTE = re.compile(r"（责任单位：([^）]+)）")

#: How other tools or authors write the same paragraphs: (heading level, text) → text.
VARIANTS: dict[str, Callable[[int, str], str]] = {
    "indented": lambda level, text: "\u3000\u3000" + text,  # two full-width spaces
    "half-width-brackets": lambda level, text: text.replace("（", "(").replace("）", ")"),
    "half-width-colons": lambda level, text: text.replace("单位：", "单位:").replace("；", ";"),
    "item-dunhao": lambda level, text: _ITEM_NUM.sub(r"\1、", text) if level == 3 else text,
    "space-after-number": lambda level, text: (
        _ITEM_NUM.sub(r"\1. ", text) if level == 3
        else re.sub(r"^(（[一二三四五六七八九十]+）)", r"\1 ", text) if level == 2 else text),
    "units-by-comma": lambda level, text: _UNITS.sub(lambda m: m.group(1).replace("、", "，"), text),
    "trailing-spaces": lambda level, text: text + "  ",
    "lead-named": lambda level, text: _NOTE.sub(_lead_named, text),  # the leading unit named apart
}


def _lead_named(match: re.Match[str]) -> str:
    lead, _, rest = match.group(1).partition("、")
    return f"（牵头单位：{lead}" + (f"；责任单位：{rest}" if rest else "") + "）"


def render(plan: str, layout: str, *, run_in: bool | None = None, variant: str | None = None) -> tuple[bytes, str]:
    """The document's bytes and its suffix in one layout (`variant`: one of `VARIANTS`)."""
    paras = paragraphs(plan, run_in=run_in)
    if variant is not None:
        paras = [(level, VARIANTS[variant](level, text)) for level, text in paras]
    if layout == "txt":
        return ("\n".join(t for _, t in paras) + "\n").encode("utf-8"), ".txt"
    if layout == "gb18030":
        return ("\r\n".join(t for _, t in paras) + "\r\n").encode("gb18030"), ".txt"
    if layout == "web":
        return ("\n\n".join(t for _, t in paras) + "\n").encode("utf-8"), ".txt"
    if layout in ("docx", "docx-headings", "docx-line-breaks"):
        import docx

        word = docx.Document()
        if layout == "docx-line-breaks":  # a heading and the prose after it: one paragraph, a <w:br/>
            merged: list[tuple[int, str]] = []
            for level, text in paras:
                if not level and merged and merged[-1][0] and "\n" not in merged[-1][1]:
                    merged[-1] = (merged[-1][0], merged[-1][1] + "\n" + text)
                else:
                    merged.append((level, text))
            paras = merged
        for level, text in paras:
            if layout == "docx-headings" and level:
                word.add_paragraph(text, style=f"Heading {min(level, 9)}")
            else:
                word.add_paragraph(text)
        buf = io.BytesIO()
        word.save(buf)
        return buf.getvalue(), ".docx"
    raise ValueError(layout)
