"""Charts as PNG images (matplotlib, Agg backend) drawn with the CJK font of `fonts.py`."""

from __future__ import annotations

import io
from functools import lru_cache
from typing import Any

import matplotlib

matplotlib.use("Agg")  # no display on servers; set before pyplot is imported

from matplotlib import font_manager
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from eduplan.reports.fonts import cjk_font
from eduplan.reports.model import ChartSpec, auto_text

PALETTE = ("#2f5597", "#c55a11", "#548235", "#bf9000", "#7030a0", "#2e75b6", "#a5a5a5")
DPI = 150
WIDTH_IN = 6.4


@lru_cache(maxsize=1)
def _font_family() -> str:
    """Register the CJK font with matplotlib once and return its family name."""
    font = cjk_font()
    font_manager.fontManager.addfont(str(font.path))
    return font.family


@lru_cache(maxsize=64)
def render_chart(spec: ChartSpec) -> bytes:
    """The chart as PNG bytes (cached: the same report in several formats draws each chart once)."""
    family = _font_family()
    rc: dict[str, Any] = {"font.family": [family], "font.sans-serif": [family], "axes.unicode_minus": False}
    with matplotlib.rc_context(rc):  # type: ignore[arg-type]
        fig = Figure(figsize=(WIDTH_IN, _height(spec)), dpi=DPI)
        ax = fig.add_subplot()
        _draw(ax, spec)
        ax.set_title(spec.title, fontsize=12)
        ax.spines[["top", "right"]].set_visible(False)
        if len(spec.series) > 1 or spec.reference:
            ax.legend(fontsize=8, frameon=False)
        fig.tight_layout()
        buffer = io.BytesIO()
        fig.savefig(buffer, format="png", dpi=DPI)
    return buffer.getvalue()


def _height(spec: ChartSpec) -> float:
    """Horizontal bars grow with their number of categories."""
    if spec.kind in ("barh", "stacked"):
        return min(max(2.2, 0.32 * len(spec.categories) + 1.2), 9.0)
    return 3.6


def _values(values: tuple[float | None, ...]) -> list[float]:
    return [0.0 if v is None else float(v) for v in values]


def _draw(ax: Any, spec: ChartSpec) -> None:
    """Draw the spec's series on the axes."""
    n = len(spec.categories)
    positions = list(range(n))
    if spec.kind == "line":
        for i, s in enumerate(spec.series):
            points = [(p, v) for p, v in zip(positions, s.values) if v is not None]
            ax.plot([p for p, _ in points], [v for _, v in points], marker="o", color=PALETTE[i % 7], label=s.name)
        ax.set_xticks(positions, spec.categories)
    elif spec.kind == "stacked":
        left = [0.0] * n
        for i, s in enumerate(spec.series):
            vals = _values(s.values)
            ax.barh(positions, vals, left=left, color=PALETTE[i % 7], label=s.name)
            left = [a + b for a, b in zip(left, vals)]
        ax.set_yticks(positions, spec.categories, fontsize=8)
        ax.invert_yaxis()
    elif spec.kind == "barh":
        _bars(ax, spec, positions, horizontal=True)
        ax.set_yticks(positions, spec.categories, fontsize=8)
        ax.invert_yaxis()
    else:
        _bars(ax, spec, positions, horizontal=False)
        ax.set_xticks(positions, spec.categories, fontsize=9, rotation=0 if n <= 7 else 30,
                      ha="center" if n <= 7 else "right")
    for i, (value, label) in enumerate(spec.reference):
        line = ax.axvline if spec.kind in ("barh", "stacked") else ax.axhline
        line(value, color=PALETTE[(i + 1) % 7], linestyle="--", linewidth=1, label=label)
    if spec.unit in ("项", "个", "所"):  # counts: whole-number ticks
        (ax.xaxis if spec.kind in ("barh", "stacked") else ax.yaxis).set_major_locator(MaxNLocator(integer=True))
    if spec.unit:
        (ax.set_xlabel if spec.kind in ("barh", "stacked") else ax.set_ylabel)(spec.unit, fontsize=9)


def _bars(ax: Any, spec: ChartSpec, positions: list[int], *, horizontal: bool) -> None:
    """Grouped bars with their values written at the ends."""
    count = max(len(spec.series), 1)
    width = 0.8 / count
    for i, s in enumerate(spec.series):
        offset = [p - 0.4 + width * (i + 0.5) for p in positions]
        vals = _values(s.values)
        bars = (ax.barh if horizontal else ax.bar)(offset, vals, width, color=PALETTE[i % 7], label=s.name)
        if count == 1 and len(positions) <= 30:  # values on grouped bars would overlap
            ax.bar_label(bars, labels=["" if v is None else auto_text(v) for v in s.values], fontsize=7, padding=2)
