"""Text copied in traditional characters, read as simplified, line for line.

Web copies of plans are often served through a converter that turns the text into
traditional characters and adds pinyin after some of them (“達(dá)到”). The extractors read
simplified Chinese, so such a document is converted with OpenCC (its ``t2s`` dictionaries)
one line at a time: line n of the result is line n of the input, and every source line an
extractor reports stays true. Pinyin annotations are removed from any document. A document
in simplified characters is returned as it is.
"""

from __future__ import annotations

import re
from dataclasses import replace
from functools import lru_cache
from typing import Any

from eduplan.ingest.readers.document import Document

#: A pinyin syllable in brackets right after a Chinese character: “(dá)”, “（xué）”, “(biāo)”.
#: At least one tone-marked vowel is required, so “(ABC)” or “(2021)” are never taken.
_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü"
_PINYIN_RE = re.compile(
    rf"(?<=[\u4e00-\u9fff])[(（]\s*(?=[a-z{_TONED}]*[{_TONED}])[a-z{_TONED}]{{1,7}}\s*[)）]")
_HAN_RE = re.compile(r"[\u4e00-\u9fff]")
#: Share of Chinese characters that must change under t2s for a text to count as traditional.
#: Simplified text changes in well under 1% of its characters (variants such as 乾/干).
_TRADITIONAL_SHARE = 0.03
_MIN_CHANGED = 5


@lru_cache(maxsize=1)
def _converter() -> Any:
    import opencc  # an adapter library: imported on first use only

    return opencc.OpenCC("t2s")


def remove_pinyin(line: str) -> str:
    """A line without pinyin annotations after its characters (“達(dá)到” → “達到”)."""
    return _PINYIN_RE.sub("", line)


def is_traditional(lines: tuple[str, ...] | list[str]) -> bool:
    """Whether the lines are written in traditional characters (enough of them change under t2s)."""
    text = "".join(lines)
    han = _HAN_RE.findall(text)
    if not han:
        return False
    joined = "".join(han)
    converted = _converter().convert(joined)
    changed = sum(1 for a, b in zip(joined, converted, strict=False) if a != b)
    return changed >= _MIN_CHANGED and changed / len(han) >= _TRADITIONAL_SHARE


def to_simplified(doc: Document) -> Document:
    """The document with pinyin annotations removed and, if it is traditional, in simplified
    characters; one output line per input line."""
    lines = tuple(remove_pinyin(line) for line in doc.lines)
    if is_traditional(lines):
        convert = _converter().convert
        lines = tuple(convert(line) if _HAN_RE.search(line) else line for line in lines)
    if lines == doc.lines:
        return doc
    return replace(doc, lines=lines)
