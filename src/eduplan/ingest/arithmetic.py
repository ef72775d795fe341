"""Computations stated in the text (school-place balances) checked for their arithmetic.

A paragraph is read as a sequence of quantities (a number with its classifier and the
noun it counts). Two generic patterns are checked:

- a printed total (共/合计/总计/共计/累计 … N) against the parts of the same kind of
  quantity listed just before it (“学位1833个、…4205个，共有标准学位6038个”);
- a place balance: a demand (…N人 / 需要…N个) less the existing places gives the printed
  gap (下差/缺口/缺 … G), and the new places that follow are enough to close it.

Quantities are matched by classifier and the last two characters of their noun
(“标准学位” and “学位” both count 学位), so counts of schools or pupils never mix with places.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from eduplan.core.findings import PLACE_ARITHMETIC, TEXT_SUM_MISMATCH
from eduplan.core.numbers import format_number, normalize_text
from eduplan.core.plan import Finding
from eduplan.ingest.readers.document import Document

_CLASSIFIERS = "个|所|人|名|间|张|套|班|座|栋|处|家|台|平方米|万平方米|亩|万元|亿元|元|万人"
_QUANTITY_RE = re.compile(rf"(\d{{1,3}}(?:,\d{{3}})+|\d+(?:\.\d+)?)\s*({_CLASSIFIERS})([\u4e00-\u9fff]{{0,8}})")
_TOTAL_WORDS = ("共计", "合计", "总计", "累计", "总共", "一共", "共有", "共新增", "共")
_GAP_WORDS = ("缺口", "下差", "缺少", "短缺", "不足", "缺", "差")
_CJK_SPACE_RE = re.compile(r"(?<=[\u4e00-\u9fff])\s+|\s+(?=[\u4e00-\u9fff])")
_TRAILING_VERBS = "有为达到共计约近超过余新增建成了是"


@dataclass
class Quantity:
    """A number in the text with what it counts."""

    value: float
    printed: str
    classifier: str
    noun: str
    role: str  # "part" | "total" | "gap" | "demand"
    sentence: int
    offset: int

    @property
    def key(self) -> tuple[str, str]:
        return self.classifier, self.noun[-2:]


@dataclass
class PlaceComputation:
    """A place balance found in the text: demand − existing = gap, closed by new places."""

    line: int
    demand: float | None
    existing: float | None
    gap: float
    new_parts: list[float] = field(default_factory=list)
    new_total: float | None = None


def _clause_before(text: str, start: int) -> str:
    head = re.split(r"[，,；;。、：:（(]", text[:start])[-1]
    return head


def _quantities(text: str) -> list[Quantity]:
    out: list[Quantity] = []
    for m in _QUANTITY_RE.finditer(text):
        number, classifier, after = m.groups()
        if classifier in ("个", "人") and m.end(1) > 0 and text[m.start(1) - 1:m.start(1)] == "第":
            continue
        before = _clause_before(text, m.start())
        after = re.split(r"[，,；;。、：:的和及与]", after)[0]
        noun = after or before.rstrip(_TRAILING_VERBS)
        if not noun and out and out[-1].classifier == classifier and text[:m.start()].endswith("、"):
            noun = out[-1].noun  # “学位1000个、1500个”: the noun is not repeated
        if before.endswith(("约", "近", "超过", "余")) or after.startswith("以上"):
            continue  # approximate figures are not arithmetic
        role = "part"
        if any(w in before for w in _GAP_WORDS) and not any(w in before for w in _TOTAL_WORDS):
            role = "gap"
        elif any(w in before for w in _TOTAL_WORDS):
            role = "total"
        elif classifier == "人" or "需" in before:
            role = "demand"
        sentence = len(re.findall(r"[。！？]", text[:m.start()]))
        out.append(Quantity(float(number.replace(",", "")), number, classifier, noun, role, sentence, m.start()))
    return out


def _close(a: float, b: float) -> bool:
    return abs(a - b) < 1e-6


def _check_totals(qs: list[Quantity], line: int) -> list[Finding]:
    findings = []
    buffers: dict[tuple[str, str], list[Quantity]] = {}
    for q in qs:
        buf = [p for p in buffers.get(q.key, []) if q.sentence - p.sentence <= 1]
        if q.role == "total":
            if len(buf) >= 2 and not _close(sum(p.value for p in buf), q.value):
                computed = round(sum(p.value for p in buf), 6)
                findings.append(TEXT_SUM_MISMATCH.make(
                    line=line, total_text=f"{q.printed}{q.classifier}{q.noun}", printed=q.value,
                    parts="＋".join(p.printed for p in buf), computed=computed,
                    diff=round(abs(computed - q.value), 6)))
            buffers[q.key] = []
        elif q.role == "gap":
            buffers[q.key] = []
        elif q.role == "part":
            buffers[q.key] = [*buf, q]
    return findings


def _place_computations(qs: list[Quantity], line: int) -> list[PlaceComputation]:
    found = []
    for i, gap in enumerate(qs):
        if gap.role != "gap":
            continue
        before = [q for q in qs[:i] if q.sentence == gap.sentence]
        demand = next((q for q in before if q.role == "demand"), None)
        existing = next((q for q in reversed(before) if q.classifier == gap.classifier
                         and q.role in ("total", "part") and q is not demand), None)
        later = [q for q in qs[i + 1:] if q.key == gap.key and q.role in ("part", "total")]
        new_parts = [q.value for q in later if q.role == "part"]
        new_total = next((q.value for q in later if q.role == "total"), None)
        found.append(PlaceComputation(line=line, demand=demand.value if demand else None,
                                      existing=existing.value if existing else None, gap=gap.value,
                                      new_parts=new_parts, new_total=new_total))
    return found


def _check_places(pc: PlaceComputation) -> list[Finding]:
    findings = []
    if pc.demand is not None and pc.existing is not None and not _close(pc.demand - pc.existing, pc.gap):
        findings.append(PLACE_ARITHMETIC.make(line=pc.line, detail=(
            f"需求{format_number(pc.demand)}减去现有{format_number(pc.existing)}应为"
            f"{format_number(pc.demand - pc.existing)}，文中缺口为{format_number(pc.gap)}"),
            demand=pc.demand, existing=pc.existing, gap=pc.gap))
    added = pc.new_total if pc.new_total is not None else (sum(pc.new_parts) if pc.new_parts else None)
    if added is not None and added < pc.gap - 1e-6:
        findings.append(PLACE_ARITHMETIC.make(line=pc.line, detail=(
            f"新增{format_number(added)}少于缺口{format_number(pc.gap)}，缺口未能补足"),
            gap=pc.gap, added=added))
    return findings


def _prose_lines(doc: Document) -> list[tuple[int, str]]:
    return [(n, _CJK_SPACE_RE.sub("", normalize_text(raw))) for n, raw in enumerate(doc.lines, start=1)
            if raw.strip() and not raw.startswith("\t") and "|" not in raw]


def place_computations(doc: Document) -> list[PlaceComputation]:
    """Every place balance (demand, existing, gap, new places) stated in the text."""
    return [pc for n, text in _prose_lines(doc) for pc in _place_computations(_quantities(text), n)]


def check_text_arithmetic(doc: Document) -> list[Finding]:
    """Findings for computations in the prose whose arithmetic fails."""
    findings: list[Finding] = []
    for n, text in _prose_lines(doc):
        if not re.search(r"\d", text):
            continue
        qs = _quantities(text)
        findings.extend(_check_totals(qs, n))
        for pc in _place_computations(qs, n):
            findings.extend(_check_places(pc))
    return findings
