"""Chinese sentences generated from data: counts, lists and suggestions.

Every number a sentence shows is passed in; nothing here invents or rounds a figure except
through `model.auto_text`, the same formatting the tables use.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from eduplan.core.progress.rules import Status
from eduplan.reports.model import auto_text, chinese_ordinal

#: Statuses behind their trajectory, and at or ahead of it (a report names them apart).
BEHIND = (Status.ACCELERATE, Status.SLOW, Status.REGRESSING)
AHEAD = (Status.ACHIEVED, Status.ON_TRACK)
#: Statuses a report does not grade: no data, not applicable, a projected count (预期规模: shown
#: against its projection, never urged on), a commitment no yearly sheet collects (未纳入监测).
UNGRADED = (Status.INSUFFICIENT, Status.NOT_APPLICABLE, Status.SCALE, Status.UNMONITORED)


def number(value: float | None, unit: str | None = "") -> str:
    """12,345.6万元 / 93% / “—” for a missing value."""
    if value is None:
        return "—"
    return f"{auto_text(float(value))}{unit or ''}"


def percent(fraction: float | None) -> str:
    """0.953 → 95.3%."""
    return "—" if fraction is None else f"{fraction * 100:.1f}%"


def join(names: Sequence[str], *, limit: int | None = None, unit: str = "项") -> str:
    """“A、B和C”; past `limit` names: “A、B等5项”."""
    names = [n for n in names if n]
    if not names:
        return ""
    if limit is not None and len(names) > limit:
        return "、".join(names[:limit]) + f"等{len(names)}{unit}"
    if len(names) == 1:
        return names[0]
    return "、".join(names[:-1]) + "和" + names[-1]


def quoted(names: Iterable[str]) -> list[str]:
    """Names in Chinese quotes: “学前三年毛入园率”."""
    return [f"“{n}”" for n in names]


def counts(by_label: Mapping[str, int], *, unit: str = "项", skip_zero: bool = True,
           labels: Mapping[str, str] | None = None) -> str:
    """“已达成2项、进展顺利13项” in the mapping's order (zero counts left out unless asked)."""
    parts = [f"{(labels or {}).get(k, k)}{v}{unit}" for k, v in by_label.items() if v or not skip_zero]
    return "、".join(parts) if parts else f"0{unit}"


def numbered(items: Sequence[str]) -> list[str]:
    """“（一）…”, “（二）…” in order."""
    return [f"（{chinese_ordinal(i)}）{text}" for i, text in enumerate(items, start=1)]


def sentence(*parts: str) -> str:
    """Parts joined by “，” and closed with “。” (empty parts dropped)."""
    text = "，".join(p.rstrip("。，；") for p in parts if p)
    return text + "。" if text else ""


def target_status_sentence(total: int, by_status: Mapping[str, int], *, subject: str = "目标") -> str:
    """“在N项目标中，已达成a项、进展顺利b项……；另有c项因缺少监测数据暂无法判断” (`by_status`: counts
    by status, its keys the statuses or their labels, `Status` being a `StrEnum`)."""
    judged = {k: v for k, v in by_status.items() if k not in UNGRADED}
    missing = by_status.get(Status.INSUFFICIENT, 0)
    ahead = sum(by_status.get(k, 0) for k in AHEAD)
    behind = sum(by_status.get(k, 0) for k in BEHIND)
    text = f"在{total}项{subject}中，{counts(judged)}" if sum(judged.values()) else f"{total}项{subject}均无法判断进展"
    if sum(judged.values()):
        text += f"，达到或好于预期进度的共{ahead}项，落后于预期进度的共{behind}项"
    if missing:
        text += f"；另有{missing}项因缺少监测数据暂无法判断"
    if by_status.get(Status.SCALE):
        text += f"；{by_status[Status.SCALE]}项为随学龄人口变化的规模预期，对照预期展示、不评定进展"
    if by_status.get(Status.UNMONITORED):
        text += f"；{by_status[Status.UNMONITORED]}项为尚无年度数据来源的文中承诺，未纳入监测"
    if by_status.get(Status.NOT_APPLICABLE):
        text += f"，{by_status[Status.NOT_APPLICABLE]}项不适用"
    return text + "。"


def target_phrase(target: str, unit: str | None = "") -> str:
    """A target as prose: “=1.6” → 1.6万人, “≥98.5” → 98.5%以上, “≤20” → 20人以下, a range as written."""
    text, unit = (target or "").strip(), unit or ""
    if not text:
        return "—"
    for mark, tail in (("≥", "以上"), (">=", "以上"), (">", "以上"), ("≤", "以下"), ("<=", "以下"), ("<", "以下")):
        if text.startswith(mark):
            return f"{text[len(mark):]}{unit}{tail}"
    return f"{text.lstrip('=')}{unit}"
