"""The 模拟数据 mark in reports: one helper puts it on a section whose figures are simulated.

The section gets a note paragraph first, and each of its tables and charts a caption ending in
“（模拟数据）”, so that a table or chart copied out of the report still carries it. Whether a
section is simulated is the caller's answer (`core.simulated`, kept per section in the payload).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from eduplan.core.simulated import SIMULATED_MARK
from eduplan.reports.model import Block, Chart, Paragraph, Table

CAPTION_MARK = f"（{SIMULATED_MARK}）"


def mark_simulated(blocks: Sequence[Block], flag: bool, what: str = "数据") -> list[Block]:
    """The section's blocks, marked when `flag`: a note first, “（模拟数据）” on every table and chart caption."""
    if not flag:
        return list(blocks)
    out: list[Block] = [Paragraph(f"【{SIMULATED_MARK}】本部分所用{what}为演示用模拟数据，不代表实际情况。", note=True)]
    for block in blocks:
        if isinstance(block, (Table, Chart)) and not block.caption.endswith(CAPTION_MARK):
            block = replace(block, caption=block.caption + CAPTION_MARK)
        out.append(block)
    return out
