"""The one number parser: Arabic and Chinese numerals, full-width digits, target marks.

Every adapter that reads a number from text (plan documents, Excel/CSV imports) uses
these functions, so “十五所”, “１５所” and “15所” all read as 15.
"""

from __future__ import annotations

import math
import re
import unicodedata
from functools import lru_cache

from eduplan.core.plan import Op, Target

_CN_DIGITS = {"零": 0, "〇": 0, "○": 0, "一": 1, "壹": 1, "二": 2, "两": 2, "贰": 2, "三": 3, "叁": 3,
              "四": 4, "肆": 4, "五": 5, "伍": 5, "六": 6, "陆": 6, "七": 7, "柒": 7, "八": 8, "捌": 8,
              "九": 9, "玖": 9}
_CN_UNITS = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
_CN_BIG = {"万": 10_000, "亿": 100_000_000}

CN_NUMERAL_CHARS = "".join(_CN_DIGITS) + "".join(_CN_UNITS) + "".join(_CN_BIG) + "点"

#: A Chinese numeral run, e.g. 十五, 一千二百, 两, 三点五.
CN_NUMBER_RE = re.compile(f"[{CN_NUMERAL_CHARS}]+")
#: An Arabic number with optional thousands separators and decimals (after normalisation).
NUMBER_RE = re.compile(r"-?\d{1,3}(?:,\d{3})+(?:\.\d+)?|-?\d+(?:\.\d+)?")

_DASHES = "—–―−－~～〜至到"


_FOLD = str.maketrans(
    {**{chr(code): unicodedata.normalize("NFKC", chr(code)) for code in range(0xFF10, 0xFF1A)},
     **{ch: unicodedata.normalize("NFKC", ch) for ch in "．％＋－＞＜＝～"},
     "\u3000": " ", "\xa0": " "}
)


def normalize_text(text: str) -> str:
    """NFKC-normalise (full-width digits and signs become ASCII) but keep Chinese punctuation.

    NFKC would turn （ into ( and ， into , which changes how prose reads; only the
    characters that matter for numbers are folded.
    """
    return text.translate(_FOLD)


def chinese_to_number(text: str) -> float | None:
    """Value of a Chinese numeral (十五 → 15, 一千二百 → 1200, 两万 → 20000), else None."""
    if not text:
        return None
    if "点" in text:
        whole, _, frac = text.partition("点")
        w = chinese_to_number(whole) if whole else 0
        if w is None or not frac or any(c not in _CN_DIGITS for c in frac):
            return None
        return float(f"{int(w)}.{''.join(str(_CN_DIGITS[c]) for c in frac)}")
    total = 0
    section = 0
    digit: int | None = None
    for ch in text:
        if ch in _CN_DIGITS:
            if digit is not None and digit != 0:
                # 一二 is not a number we read ("一二年级")
                return None
            digit = _CN_DIGITS[ch]
        elif ch in _CN_UNITS:
            section += (digit if digit is not None else 1) * _CN_UNITS[ch]
            digit = None
        elif ch in _CN_BIG:
            section += digit or 0
            if section == 0:
                return None
            total += section * _CN_BIG[ch]
            section = 0
            digit = None
        else:
            return None
    section += digit or 0
    result = total + section
    if result == 0 and not any(c in "零〇○" for c in text):
        return None
    return float(result)


def parse_number(text: str | None) -> float | None:
    """The number in a cell or phrase: '91.2', '１５', '1,200', '十五', '91.2%' → float; else None.

    Only a cell holding one number (with an optional unit or % after it) parses; a cell
    holding words or two numbers gives None.
    """
    if text is None:
        return None
    s = normalize_text(str(text)).strip().replace(" ", "")
    if not s:
        return None
    s = s.rstrip("%‰").rstrip("。；;，,")
    # A change cell may carry an explicit sign: “+0.5”, “−0.4” (U+2212 minus).
    s = s.replace("\u2212", "-")
    if s.startswith("+") and len(s) > 1:
        s = s[1:]
    m = NUMBER_RE.fullmatch(s)
    if m:
        return float(s.replace(",", ""))
    m = re.fullmatch(r"(-?\d+(?:\.\d+)?)([万亿])", s)
    if m:
        return float(m.group(1)) * _CN_BIG[m.group(2)]
    if CN_NUMBER_RE.fullmatch(s):
        return chinese_to_number(s)
    return None


def format_number(value: float | None, *, digits: int = 6, thousands: bool = False, none: str = "—",
                  fixed: bool = False, percent: bool = False) -> str:
    """A number as a reader sees it, the one formatter of eduplan: at most `digits` decimals and no
    trailing zeros (15.0 → "15", 0.30000000004 → "0.3", -0.0 → "0"), grouped by thousands when
    asked (12,345.5); `none` for None, NaN and infinity.

    The options are a report column's formats: `fixed` always shows `digits` decimals (0.50 in a
    0.00 column), `percent` shows a fraction as a percentage (0.953 → "95.3%"). A value that rounds
    to zero never shows a minus sign.
    """
    if value is None or not math.isfinite(value):
        return none
    if percent:
        return format_number(value * 100, digits=digits, thousands=thousands, fixed=fixed) + "%"
    if fixed:
        text = f"{value:,.{digits}f}" if thousands else f"{value:.{digits}f}"
        return text[1:] if text.startswith("-") and not text.strip("-0.,") else text
    if float(value).is_integer() and abs(value) < 1e15:
        return f"{int(value):,}" if thousands else str(int(value))
    text = (f"{value:,.{digits}f}" if thousands else f"{value:.{digits}f}").rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


_OP_TEXT = {Op.EQ: "", Op.GE: "≥", Op.GT: ">", Op.LE: "≤", Op.LT: "<"}


@lru_cache(maxsize=8192)  # pure, and asked for the same few targets by every region of a board
def target_text(op: Op, value: float | None, value_max: float | None = None) -> str:
    """A target as a short text, the one spelling of every page, sheet, report and sentence:
    “≥95”, “<5”, a range “93～95”, and an “=” target as its plain value, “100”, the way the plans
    print one (保持100%, 达到100%: never an “=” sign); the inverse of `parse_target`.
    """
    if op is Op.RANGE:
        return f"{format_number(value, digits=3)}～{format_number(value_max, digits=3)}"
    return f"{_OP_TEXT[op]}{format_number(value, digits=3)}"


def value_text(value: object) -> str:
    """Any stored value as a user reads it in a change list: numbers by `format_number`, None and
    "" as “（空）”, lists joined with 、."""
    if value is None or value == "":
        return "（空）"
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, (int, float)):
        return format_number(value)
    if isinstance(value, (list, tuple)):
        return "、".join(value_text(v) for v in value) or "（空）"
    return str(value)


def as_int_or_float(value: float | None) -> float | int | None:
    """15.0 → 15 for display and JSON; other values unchanged."""
    if value is None:
        return None
    return int(value) if float(value).is_integer() else value


_OP_SUFFIX = (("以上", Op.GE), ("及以上", Op.GE), ("以下", Op.LE), ("及以下", Op.LE), ("以内", Op.LE))
_OP_PREFIX = (
    ("≥", Op.GE), (">=", Op.GE), ("≧", Op.GE), ("＞", Op.GT), (">", Op.GT), ("≤", Op.LE), ("<=", Op.LE),
    ("≦", Op.LE), ("<", Op.LT), ("＜", Op.LT), ("不低于", Op.GE), ("不少于", Op.GE), ("不小于", Op.GE),
    ("达到", Op.GE), ("超过", Op.GT), ("高于", Op.GT), ("大于", Op.GT), ("多于", Op.GT), ("不高于", Op.LE),
    ("不超过", Op.LE), ("不大于", Op.LE), ("低于", Op.LT), ("小于", Op.LT), ("控制在", Op.LE), ("保持", Op.EQ),
    ("稳定在", Op.EQ), ("维持", Op.EQ), ("=", Op.EQ), ("达", Op.GE),
)
#: A counting unit written after the number in a target cell (“12.3年以上”, “1500个”).
_CELL_UNIT_RE = re.compile(r"(?<=[\d余多])(?:年|个|所|人次|人|名|元|间|项|门|家|套|台|班)(?=(?:及?以上|及?以下|以内|左右)?$)")
_RANGE_RE = re.compile(rf"^(\d+(?:\.\d+)?)\s*[{_DASHES}\-]\s*(\d+(?:\.\d+)?)\s*[%‰]?$")


def parse_target(raw: str | None, *, year: int | None = None) -> Target | None:
    """A target cell's operator and value: '≥93', '>98', '95以上', '保持100%', '4—5' → Target.

    A cell with no number (“逐年提高”, “一批”) gives None: no number is invented.
    """
    if raw is None:
        return None
    s = normalize_text(raw).strip().replace(" ", "")
    if not s:
        return None
    core = _CELL_UNIT_RE.sub("", s.rstrip("。；;，,"))
    approx = re.match(r"^(?:约|近|大约)(?=\d)", core)
    if approx:
        core = core[approx.end():]  # “约5000”, “近5000”: about that value
    more = re.fullmatch(r"(\d+(?:\.\d+)?)(?:余|多)", core)
    if more:
        return Target(op=Op.GT, value=float(more.group(1)), year=year, raw=raw.strip())
    for word, op in _OP_SUFFIX:
        if core.endswith(word) and len(core) > len(word):
            value = parse_number(core[: -len(word)].removesuffix("左右"))
            if value is not None:
                return Target(op=op, value=value, year=year, raw=raw.strip())
    for word, op in sorted(_OP_PREFIX, key=lambda p: -len(p[0])):
        if core.startswith(word) and len(core) > len(word):
            rest = core[len(word):]
            rng = _RANGE_RE.match(rest)
            if rng:
                return Target(op=Op.RANGE, value=float(rng.group(1)), value_max=float(rng.group(2)),
                              year=year, raw=raw.strip())
            value = parse_number(rest.removesuffix("左右"))
            if value is not None:
                return Target(op=op, value=value, year=year, raw=raw.strip())
    rng = _RANGE_RE.match(core)
    if rng:
        lo, hi = float(rng.group(1)), float(rng.group(2))
        if lo <= hi:
            return Target(op=Op.RANGE, value=lo, value_max=hi, year=year, raw=raw.strip())
    value = parse_number(core.removesuffix("左右"))
    if value is not None:
        return Target(op=Op.EQ, value=value, year=year, raw=raw.strip())
    return None
