"""Quantified targets stated in prose, and the key programmes (专栏) that hold them.

The text is read paragraph by paragraph (PDF lines broken mid-sentence are joined first),
sentence by sentence, clause by clause. A clause yields a target when it holds a quantity
(a number with a counting unit or a percentage, or a number after a comparison word)
together with a commitment cue (an operator such as 达/以上/不低于, or a verb such as
新增/建成/培育). Sections about the past (发展环境, “十三五”成就), table rows, appendices
and slogans (“1+N”, “四个自信”) are skipped; “一批” and “逐年提高” carry no number and
yield nothing.

Within the text, a status word (目前, 五年来, 截至2020年底, 已达到, “十三五”期间 in a later
plan) puts the clauses after it in the past until a word of the plan (到2025年, 将, 力争);
the starting value of “由85%提高到91%” is a baseline. “A、B和C分别达到X、Y和Z” pairs each
subject with its value. A year dates its clause and the ones after it up to a full stop, and a
paragraph whose first sentence opens with one. Web-page copies (lines not wrapped at a page
width) end a paragraph at a blank line, part a headline from its body at a space, and their
page chrome is skipped.
"""

from __future__ import annotations

import importlib
import re
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from eduplan.core.numbers import chinese_to_number, normalize_text
from eduplan.core.plan import Op, Programme, ProseTarget, Source
from eduplan.ingest.programmes import ITEM_RE, find_boxes, is_table_row
from eduplan.ingest.readers.document import Document

_CN = "一二三四五六七八九十"
_L1_RE = re.compile(r"^\s*(?:[" + _CN + r"]+\s*、|\d{1,2}\s*、\s*\S{2,12}$|第[" + _CN + r"\d]+章)")
_L2_RE = re.compile(r"^\s*[（(][" + _CN + r"]+[）)]")
#: A heading line that carries its section's first sentence too.
_HEADING_BODY_RE = re.compile(r"[。；;！!？?]\s*\S|[，,][^，,]*\d")
#: “2．…” opens a numbered part; “05.22 …” (a date) or “1.5倍” (a decimal) does not.
_L3_RE = re.compile(r"^\s*\d{1,2}\s*[.．、]\s*(?!\d)[^。；]{2,30}$")
_APPENDIX_RE = re.compile(r"^\s*附\s*[件表录]")
_NOTE_RE = re.compile(r"^\s*(?:备注|注)\s*[：:.]")
_PAST_RE = re.compile(r"发展环境|发展基础|发展成就|发展现状|成效|主要成就|工作回顾|存在问题|面临挑战|发展机遇|形势")
_GOAL_RE = re.compile(r"目标")
_TERMINAL = "。！？；;!?："
#: Lines of a web page around the copied text: copyright notices (anywhere), and page chrome or
#: comment boxes (short lines only, as such words also occur in prose: 学籍注册, 登录平台).
_WEB_NOTICE_RE = re.compile(r"版权所有|版权及免责|免责声明|不得转载|请勿转载|ICP备|不代表本(?:站|网)")
_WEB_CHROME_RE = re.compile(
    r"分享到|责任编辑|来源[:：]|发布时间|发表于|\d+\s*人参与|条评论|回复|登录|注册|点击查看|相关文章|关键词[:：]|"
    r"当前位置|您的位置|浏览次数|阅读次数|上一篇|下一篇|打印本页|关闭窗口")
_WEB_CHROME_MAX = 60
#: A wrapped layout (PDF text) has most long lines of one width; a web copy has one line per paragraph.
_WRAP_SHARE = 0.3
_WRAP_MIN_LINES = 20
_MIN_WRAPPED = 18  # a PDF line shorter than this, unpunctuated, is a title, not a wrapped line
_CJK_SPACE_RE = re.compile(r"(?<=[\u4e00-\u9fff\d%][\u4e00-\u9fff])[ \t\u3000]+(?=[\u4e00-\u9fff]{2})")  # not “指  标”

_COUNTING_UNITS = ("个", "所", "名", "人", "项", "门", "家", "间", "套", "台", "件", "部", "本", "堂", "节", "篇", "种",
                   "支", "次", "班", "条", "处", "座", "类", "亩", "册", "位", "辆", "张", "场", "元")
_UNITS = tuple(sorted({
    "个百分点", "个小时", "平方米", "人次", "课时", "学时", "小时", "公里", "%", "例", "‰", "倍", "年",
    *_COUNTING_UNITS, *("万" + u for u in (*_COUNTING_UNITS, "平方米", "人次")), "亿元", "千米",
}, key=lambda u: (-len(u), u)))  # longest first: “万平方米” before “平方米”, “万个” before “个”
#: Units that count things (a number of them is a count, not a rate).
_RATE_UNITS = (None, "%", "‰", "个百分点", "年", "倍")
_PREFIX_OPS = (
    ("逐步达到或超过", Op.GE), ("达到或超过", Op.GE), ("不低于", Op.GE), ("不少于", Op.GE), ("不小于", Op.GE),
    ("不超过", Op.LE), ("不高于", Op.LE), ("不大于", Op.LE), ("提高到", Op.GE), ("提高至", Op.GE),
    ("提升到", Op.GE), ("提升至", Op.GE), ("增加到", Op.GE), ("增加至", Op.GE), ("扩大到", Op.GE),
    ("扩大至", Op.GE), ("降低到", Op.LE), ("降低至", Op.LE), ("下降到", Op.LE), ("下降至", Op.LE),
    ("减少到", Op.LE), ("减少至", Op.LE), ("缩减到", Op.LE), ("缩减至", Op.LE), ("压缩到", Op.LE), ("压缩至", Op.LE), ("控制在", Op.LE), ("保持在", Op.EQ),
    ("稳定在", Op.EQ), ("维持在", Op.EQ), ("至少", Op.GE), ("超过", Op.GT), ("高于", Op.GT), ("多于", Op.GT),
    ("大于", Op.GT), ("低于", Op.LT), ("小于", Op.LT), ("少于", Op.LT), ("降至", Op.LE), ("达到", Op.GE),
    ("保持", Op.EQ), ("≥", Op.GE), (">=", Op.GE), (">", Op.GT), ("≤", Op.LE), ("<=", Op.LE), ("<", Op.LT),
    ("达", Op.GE), ("为", Op.EQ), ("近", Op.EQ), ("约", Op.EQ),
)
#: Approximations (“近5000个”, “约3亿元”): they read the value but are no commitment cue of their own.
_APPROX = ("近", "约")
_SUFFIX_OPS = (("及以上", Op.GE), ("以上", Op.GE), ("及以下", Op.LE), ("以下", Op.LE), ("以内", Op.LE))
#: Verbs that make a counted quantity a commitment (新增公办幼儿园15所).
_CUE_VERBS = (
    "新改扩建", "改扩建", "新增", "新建", "建成", "建设", "建好", "创建", "争创", "打造", "培育", "培养", "引进",
    "引入", "扩建", "迁建", "改建", "开发", "评选", "建立", "组建", "选树", "认定", "完成", "实现", "配备", "配齐",
    "招聘", "招录", "接收", "增加", "扩大", "减少", "降低", "提高", "提升", "覆盖", "开展", "举办", "设立", "遴选",
    "推出", "形成", "投用", "投入", "投资", "筹措", "推进", "开工", "续建", "办好", "培训", "布局", "开设", "掌握", "成立", "保障", "派出", "推广", "完善", "选派", "实施", "开办", "力争", "确保", "达",
)
_PREPOSITIONS = ("在", "对", "为", "于", "从", "向", "与", "按", "按照", "以")
_FILLERS = re.compile(r"^(?:到|至|力争|确保|预计|共|全面|基本|努力|争取|进一步|实现|使|其中|并|和|及|同时|再|累计|共计|"
                      r"还将|也将|将|拟|进而|从而|[●·•▲■◆★□○]|"
                      r"全区|每年|“十四五”期间|“十四五”末|期间|“十四五”时期|末|，|、)+")

_NUM = r"\d+(?:\.\d+)?|[零〇两" + _CN + r"百千]+"
_UNIT_ALT = "|".join(re.escape(u) for u in _UNITS)
_PREFIX_ALT = "|".join(re.escape(w) for w, _ in _PREFIX_OPS)
_QUANTITY_RE = re.compile(
    rf"(?P<op>{_PREFIX_ALT})?(?P<num>{_NUM})(?:\s*[—–\-~～至]\s*(?P<max>{_NUM}))?"
    rf"(?P<more>余|多)?(?P<unit>{_UNIT_ALT})?(?P<suffix>及以上|以上|及以下|以下|以内|左右)?")
#: “到2025年”, “2025年底前”: the year a target is due. “截至2020年底” is the date of a status.
_TARGET_YEAR_RE = re.compile(r"(?:到|(?<![截])至|力争到|力争)\s*(20\d{2})\s*年|(?<!截至)(?<!截止)(?<!\d)(20\d{2})\s*年\s*(?:底前|底|末|前|以前)")
_ANY_YEAR_RE = re.compile(r"(?<![\d])((?:19|20)\d{2})\s*年")
_PLAN_END_RE = re.compile(r"(?:到|(?<![截])至)“?十([一二三四五六七八九])五”?(?:末|期末|时期末)")
_FIVE_YEAR_PERIOD_RE = re.compile(r"十([一二三四五六七八九])五”?(?:期间|时期)")
#: A five-year plan named by its number: “十三五” ends in 2020, “十四五” in 2025.
_FIVE_YEAR_RE = re.compile(r"十([一二三四五六七八九])五")
#: Words that put a clause (and the clauses after it) in the past or the present state: an
#: achievement or a baseline (“五年来”, “截至2020年底”, “已达到”, “目前”), not a commitment.
_PAST_MARK_RE = re.compile(
    r"(?:[一二三四五六七八九十两\d]+|近|多|近几|这几|这些)年(?:来|间|以来)|以来|截至|截止|目前|过去|回顾|已经|"
    r"(?<![比较])(?:去年|上年|前年)|此前|同比|环比|"
    r"(?:^|[，,])(?:全区|全县|全市|全省|我区|我县|我市)?现有|"
    r"已(?:达|建|完成|实现|有|累计|形成|覆盖|通过|创建|成为|获|全部|基本|初步|新增|改扩建|投入|培育|培训)")
#: Words that turn the text back to what is to be done.
_FUTURE_MARK_RE = re.compile(r"(?:到|(?<![截])至)\s*20\d{2}\s*年|力争|确保|争取|计划|预计|未来|今后|将|接下来|下一步|规划期")
_TENSE_RE = re.compile(rf"(?P<past>{_PAST_MARK_RE.pattern})|(?P<future>{_FUTURE_MARK_RE.pattern})|十(?P<five>[一二三四五六七八九])五|"
                       r"(?<![\d比较以])(?P<year>(?:19|20)\d{2})\s*年(?![\d月])")
#: “由85%提高到91%”, “从166所增加到350所”: the first number is where the change starts.
_FROM_VALUE_RE = re.compile(
    r"(?<=[从由])(?:(?:19|20)\d{2}\s*年(?:底|末)?的?|[\u4e00-\u9fff]{0,4}?)\s*\d+(?:\.\d+)?\s*(?:万|亿)?\s*(?:[%‰]|[\u4e00-\u9fff]{0,3}?)(?=\s*(?:(?:增加|提高|提升|降低|下降|减少|增长|"
    r"扩大|上升|缩小|压缩|缩减|调整|发展|增至|降至)(?:到|至|为)?|到|至)\s*\d)")
_SENTENCE_END = "。！？；;!?"
_CLAUSE_SPLIT_RE = re.compile(r"[，,：:]")


_THOUSANDS_RE = re.compile(r"(?<=\d),(?=\d{3}(?![\d%]))")
_WAN_MORE_RE = re.compile(r"万(余|多)(?=[个所名人间套台册元平])")


@dataclass
class Paragraph:
    """A run of joined lines, its characters mapped back to their 1-based lines."""

    text: str = ""
    lines: list[int] = field(default_factory=list)
    past: bool = False
    goal: bool = False
    last_line_len: int = 0
    heading: bool = False
    section: int = 0  # changes at every heading: the scope of a goal section's year
    heading_year: int | None = None

    def add(self, line: str, number: int) -> None:
        """Append a line, dropping spaces (PDF text spaces out numbers and CJK)."""
        text = normalize_text(line).replace(" ", "").replace("\t", "")
        text = _THOUSANDS_RE.sub("", text)  # “1,500个” is one number, not two clauses
        text = _WAN_MORE_RE.sub(r"\1万", text)  # “1.5万余个” reads as “1.5余万个”: more than 1.5万个
        self.text += text
        self.lines.extend([number] * len(text))
        self.last_line_len = len(text)


@dataclass
class _Context:
    """What the reader knows at a point of the document."""

    past_l1: bool = False
    past_l2: bool = False
    goal: bool = False
    goal_year: int | None = None
    section: int = 0


def _is_heading(line: str) -> bool:
    return bool(_L1_RE.match(line) or _L2_RE.match(line) or _L3_RE.match(line.strip()))


def _update_context(ctx: _Context, line: str) -> None:
    stripped = line.strip()
    if _L1_RE.match(stripped) or _L2_RE.match(stripped):
        ctx.section += 1
    if _L1_RE.match(stripped):
        ctx.past_l1 = bool(_PAST_RE.search(stripped))
        ctx.past_l2 = False
        ctx.goal = bool(_GOAL_RE.search(stripped))
        ctx.goal_year = None
    elif _L2_RE.match(stripped):
        ctx.past_l2 = bool(_PAST_RE.search(stripped))
        ctx.goal = bool(_GOAL_RE.search(stripped))
        ctx.goal_year = None
    elif ctx.goal and _L3_RE.match(stripped):
        year = _ANY_YEAR_RE.search(normalize_text(stripped))
        if year:  # “2．2035年远景目标” opens a part with its own year
            ctx.goal_year = int(year.group(1))
            ctx.section += 1


def _continues(paragraph: Paragraph | None, line: str) -> bool:
    if paragraph is None or paragraph.heading or not paragraph.text:
        return False
    if paragraph.text[-1] in _TERMINAL or paragraph.last_line_len < _MIN_WRAPPED:
        return False
    stripped = line.strip()
    return not (ITEM_RE.match(stripped) or stripped.startswith("——") or _is_heading(stripped))


def is_wrapped(lines: tuple[str, ...]) -> bool:
    """Whether the text is wrapped at a page width (PDF text) rather than one line per paragraph."""
    widths = Counter(len(line.strip().replace(" ", "")) for line in lines)
    long = {w: n for w, n in widths.items() if w >= _MIN_WRAPPED}
    total = sum(long.values())
    if total < _WRAP_MIN_LINES:
        return False
    mode = max(long, key=lambda w: long[w])
    near = sum(n for w, n in long.items() if abs(w - mode) <= 1)
    return near / total >= _WRAP_SHARE


def _broken_sentence(paragraph: Paragraph, lines: tuple[str, ...]) -> bool:
    """A paragraph whose last line stops mid-sentence (it holds a comma but no end mark): a
    page break of converted text, continued after the blank line; a headline has no comma."""
    last = lines[paragraph.lines[-1] - 1].strip() if paragraph.lines else ""
    return bool(last) and last[-1] not in _TERMINAL and bool(re.search(r"[，,、]", last))


def _web_noise(line: str) -> bool:
    stripped = line.strip()
    return bool(_WEB_NOTICE_RE.search(stripped)
                or (len(stripped) <= _WEB_CHROME_MAX and _WEB_CHROME_RE.search(stripped)))


def paragraphs(doc: Document) -> Iterator[Paragraph]:
    """The prose paragraphs of a document, with wrapped lines joined; tables and appendices left out.

    In a web copy (lines not wrapped at a page width) a blank line ends a paragraph unless the
    line before it stops mid-sentence, and a space between two Chinese characters separates a
    heading from its body (“…幼儿园 可增加…”).
    """
    ctx = _Context()
    current: Paragraph | None = None
    web = not is_wrapped(doc.lines)
    for index, line in enumerate(doc.lines):
        if not line.strip():
            if web and current is not None and not _broken_sentence(current, doc.lines):
                yield current
                current = None
            continue
        if _APPENDIX_RE.match(line):
            break
        if web:
            line = _CJK_SPACE_RE.sub("，", line)
        if is_table_row(doc.lines, index) or _NOTE_RE.match(line) or _web_noise(line):
            if current is not None:
                yield current
            current = None
            continue
        if _continues(current, line):
            assert current is not None
            current.add(line, index + 1)
            continue
        if current is not None:
            yield current
        _update_context(ctx, line)
        heading = _is_heading(line) and not _HEADING_BODY_RE.search(line)  # “（一）目标。到2025年，…”
        current = Paragraph(past=ctx.past_l1 or ctx.past_l2, goal=ctx.goal, heading=heading,
                            section=ctx.section, heading_year=ctx.goal_year if ctx.goal else None)
        current.add(line, index + 1)
    if current is not None:
        yield current


def _sentences(paragraph: Paragraph) -> Iterator[tuple[int, int]]:
    start = 0
    for i, ch in enumerate(paragraph.text):
        if ch in _SENTENCE_END:
            yield start, i + 1
            start = i + 1
    if start < len(paragraph.text):
        yield start, len(paragraph.text)


def five_year_end(numeral: str) -> int:
    """The end year of the five-year plan “十<numeral>五” (三 → 2020, 四 → 2025)."""
    return 2005 + 5 * "一二三四五六七八九".index(numeral) + 5


_STATUS_DATE_RE = re.compile(r"(?:截至|截止)(?:到)?\s*((?:19|20)\d{2})\s*年")


def _status_date_is_due(m: re.Match[str], plan_end: int | None) -> bool:
    """“截至2025年底” in a plan ending 2025 is a due date; “截至2020年底” there is a status."""
    return plan_end is not None and int(m.group(1)) > plan_end - 5


def _target_year(sentence: str, end_year: int | None, plan_end: int | None = None) -> int | None:
    if "年" not in sentence and "五" not in sentence:
        return None
    m = _TARGET_YEAR_RE.search(sentence)
    if m:
        return int(m.group(1) or m.group(2))
    status = _STATUS_DATE_RE.search(sentence)
    if status and _status_date_is_due(status, plan_end or end_year):
        return int(status.group(1))
    named_end = _PLAN_END_RE.search(sentence)
    if named_end:
        return five_year_end(named_end.group(1))
    period = _FIVE_YEAR_PERIOD_RE.search(sentence)
    if period and five_year_end(period.group(1)) >= (plan_end or end_year or 0):
        return five_year_end(period.group(1))  # “十四五”时期 in a 十四五 plan: by its end
    leading = re.match(r"^[——\-●·•▲■◆★\s]*((?:19|20)\d{2})\s*年(?![\d月度底末])", sentence)
    if leading and (end_year is None or int(leading.group(1)) > end_year - 5):
        return int(leading.group(1))  # “2035年，…”, or “2020年，…” in a plan whose period is unknown
    if end_year is not None:
        # A bare year inside the plan period (“2025年标准班额达到80%”) dates the sentence too.
        for plain in _ANY_YEAR_RE.finditer(sentence):
            year = int(plain.group(1))
            if end_year - 4 <= year <= end_year and not sentence[plain.end():].startswith(("月", "度")):
                return year
    return None


def _tense(clause: str, past: bool, plan_end: int | None) -> bool:
    """Whether the text after this clause's start is about the past (True) or the plan (False):
    the last past word turns it to the past, the last future word back; a clause with neither
    keeps `past`."""
    for m in _TENSE_RE.finditer(clause):
        if m.group("past"):
            status = _STATUS_DATE_RE.match(clause, m.start())
            past = not (status and _status_date_is_due(status, plan_end))
        elif m.group("future"):
            past = False
        elif m.group("year"):
            if plan_end is not None and not _BASE_AFTER_RE.match(clause, m.end()):
                past = int(m.group("year")) <= plan_end - 5  # “2020年，…为96%；2025年，…达到98%”
        elif plan_end is not None and not re.match(r"[”\"]?末", clause[m.end():]):
            past = five_year_end(m.group("five")) < plan_end  # “十三五”期间 in a 十四五 plan
    return past


def mask_from_values(sentence: str) -> str:
    """The sentence with each starting value of a change (“由85%提高到91%”) blanked out, same length."""
    if "从" not in sentence and "由" not in sentence:
        return sentence
    return _FROM_VALUE_RE.sub(lambda m: " " * len(m.group()), sentence)


def plan_end_year(doc: Document, end_year: int | None) -> int | None:
    """The plan's end year, or the latest five-year plan the text names (“十四五” → 2025)."""
    if end_year is not None:
        return end_year
    found = [five_year_end(m.group(1)) for line in doc.lines for m in _FIVE_YEAR_RE.finditer(line)]
    return max(found) if found else None


#: “在2020年基础上”, “2020年的水平”: a year named as the base of a change.
_BASE_AFTER_RE = re.compile(r"(?:底|末)?的?(?:基础|水平|基数|基准)")


def _is_baseline(sentence: str, end_year: int | None) -> bool:
    """A sentence dated before the plan period describes the past, not a commitment."""
    if end_year is None:
        return False
    for m in _ANY_YEAR_RE.finditer(sentence):
        year = int(m.group(1))
        before = sentence[max(0, m.start() - 2): m.start()]
        if re.search(r"[到至比较以]", before) or _BASE_AFTER_RE.match(sentence, m.end()):
            continue  # “到2020年”, “比2020年提高2个百分点”, “在2020年基础上”: not a date of the past
        if year <= end_year - 5:
            return True
    return False


def _number(raw: str) -> float | None:
    if raw[0].isdigit():
        return float(raw)
    return chinese_to_number(raw)


def _op_for(prefix: str | None, suffix: str | None, more: str | None) -> Op:
    if suffix:
        return dict(_SUFFIX_OPS).get(suffix, Op.EQ)
    if more:
        return Op.GT
    if prefix:
        return dict(_PREFIX_OPS)[prefix]
    return Op.EQ


def _clean_subject(text: str) -> str:
    text = re.sub(r"^\d{1,2}[.．/-]\d{1,2}(?!\d)|^\d{1,2}[.．、]|^\d+年", "", text)  # a date, an item number
    text = re.sub(r"（[^）]*）$", "", text).lstrip("（(")
    text = _FILLERS.sub("", text)
    text = re.sub(r"(?:到|至|比|较|截至|截止)?20\d{2}年(?:底前|底|末|前)?", "", text)
    text = re.sub(r"在的?基础上", "", text)  # “在2020年基础上” once its year is gone
    text = _FILLERS.sub("", text)
    text = text.strip("\"'《》〈〉、，,：:（）() ").lstrip("”").rstrip("“")
    text = re.sub(r"(?:和|及|与|或|以及|的|巩固|稳定|逐步|共计|累计|均|全部|分别|全区|已经|已|由|从|要)$", "", text)
    if text.count("“") > text.count("”"):
        text += "”"  # the closing quote sat between the subject and its number
    elif text.count("”") > text.count("“"):
        text = text.replace("”", "", 1)
    return text


def _verb_prefix(subject: str) -> str | None:
    """The subject up to and including its first commitment verb (“让每名学生掌握”), if any."""
    best: tuple[int, int] | None = None
    for verb in _CUE_VERBS:
        pos = subject.find(verb)
        if verb != "达" and pos >= 0 and (best is None or pos < best[0]):
            best = (pos, pos + len(verb))
    return subject[: best[1]] if best else None


def _starts_with_verb(subject: str) -> bool:
    return any(subject.startswith(verb) for verb in _CUE_VERBS)


def _has_cue(text: str) -> bool:
    return any(verb in text for verb in _CUE_VERBS)


@dataclass
class _Clause:
    text: str
    offset: int  # index of the clause's first char in the paragraph
    listed: bool = False  # follows a 、 of the same comma clause (“建设示范校5所、教学团队10个”)


_QUANTITY_END_RE = re.compile(r"(?:\d|[" + _CN + r"百千两])(?:" + "|".join(re.escape(u) for u in _UNITS if u != "年")
                              + r")?(?:及以上|以上|以下|以内|左右)?$")


def _clauses(sentence: str, offset: int) -> Iterator[_Clause]:
    """Clauses split at commas and colons; 、 splits only after a piece ending in a quantity."""
    start = 0
    for part in _CLAUSE_SPLIT_RE.split(sentence):
        pending = start
        cursor = start
        pieces = part.split("、")
        for j, piece in enumerate(pieces):
            cursor_end = cursor + len(piece)
            if _QUANTITY_END_RE.search(piece) or j == len(pieces) - 1:
                yield _Clause(sentence[pending:cursor_end], offset + pending, listed=pending != start)
                pending = cursor_end + 1
            cursor = cursor_end + 1
        start += len(part) + 1


def _years_quantity(clause: str, m: re.Match[str]) -> bool:
    """“平均受教育年限达到11.5年”: years as the value of a 年限, not a date."""
    num = m.group("num")
    return num[0].isdigit() and float(num) < 100 and "年限" in clause[: m.start("num")]


def _rejected(clause: str, m: re.Match[str]) -> bool:
    before = clause[: m.start("num")]
    after = clause[m.end():]
    num = m.group("num")
    if before.endswith(("第", "“", "《", "〔", "（", "+", ".", "-", "每")) or after.startswith(("+", "”")):
        return True
    if before and (before[-1].isascii() and before[-1].isalnum()):
        return True
    if not num[0].isdigit() and before.endswith(("“", "‘")):
        return True
    if m.group("unit") == "年" and not _years_quantity(clause, m):
        return True  # a date (2025年) or a duration (3年内), not a number of years to reach
    if after.startswith(("年", "月", "日", "号", "岁", "周岁", "届", "期", "级", "批")):
        return True
    if re.match(r"(?:个|大|项)?(?:方面|环节|维度|层面|阶段|步骤|板块|原则)", after):
        return True  # a list count (“三个方面”), not a commitment
    unit = m.group("unit")
    if re.search(r"(?:消除|化解|杜绝|消灭)(?:全部|所有)?$", before):
        return True  # “消除56人以上大班额”: the number describes what is removed
    if before.endswith("的") and unit not in _RATE_UNITS and not m.group("op"):
        return True  # “计划投用的38所幼儿园”: the count named before, now described
    return unit is None and not m.group("op") and not m.group("suffix")


_EMBEDDED_OP_RE = re.compile("|".join(re.escape(w) for w, _ in _PREFIX_OPS if len(w) >= 2 and w[0] != "≥"))
_GENERIC_SUBJECTS = ("占比", "比例", "比重", "占", "其中")


def _subject(text: str, m: re.Match[str], previous_end: int) -> tuple[str, Op | None, int]:
    """Words before the quantity (or verb + the noun after it, “新建8间创新实验室”), an operator
    written apart from the number (“比例不低于全市总数的5%”), and where the subject ends."""
    before = text[previous_end: m.start()]
    embedded: Op | None = None
    if not m.group("op"):
        found = None
        for found in _EMBEDDED_OP_RE.finditer(before):
            pass
        if found is not None:
            embedded = dict(_PREFIX_OPS)[found.group()]
            head = _clean_subject(before[: found.start()])
            tail = before[found.end():]
            if not head or head in _PREPOSITIONS:
                before = tail
            elif tail.endswith(_CUE_VERBS):  # “每所学校至少配备1名资源教师”
                before = before[: found.start()] + tail
            else:
                before = before[: found.start()]
    subject = _clean_subject(before)
    if subject in _PREPOSITIONS:
        subject = ""
    counted = m.group("unit") not in _RATE_UNITS
    if not counted and subject:
        return subject, embedded, m.end()
    raw_after = re.split(r"[(，；。\d]|和|及", text[m.end():], maxsplit=1)[0]
    after = re.sub(r"（[^）]*）?", "", raw_after).strip("、")
    after = re.sub(r"^(?:和|及|与|的|、)+", "", after)
    if after and subject.endswith("等"):
        # “…、…等11个小区配套园”: the list names examples; the counted noun follows the number.
        return _clean_subject((_verb_prefix(subject) or "") + after), embedded, m.end() + len(raw_after)
    if after and (not subject or subject.endswith(_CUE_VERBS)):
        # The noun after the number is the subject's object; the next quantity starts after it.
        return _clean_subject(subject + after), embedded, m.end() + len(raw_after)
    return subject, embedded, m.end()


def _chinese_count_ok(text: str, m: re.Match[str], enumerating: bool, previous_end: int) -> bool:
    """A Chinese numeral counts only right after a verb or operator, ending its clause (十五所),
    or opening a clause that continues an enumeration (“培养十名…，百名…”)."""
    if m.group("num")[0].isdigit():
        return True
    before = text[: m.start()]
    rest = text[m.end():].strip("，、；。")
    opens_enumeration = enumerating and not text[previous_end: m.start()].strip("，、和及与")
    if m.group("unit") is None:
        return False
    if m.group("num") == "一":  # “建设一支队伍”: an article, unless it continues a count (“两项…，一项…”)
        return opens_enumeration
    return (bool(m.group("op")) or before.endswith(_CUE_VERBS) or not rest
            or (enumerating and not before.strip("，、")))


@dataclass(frozen=True)
class _Quantity:
    subject: str
    op: Op
    match: re.Match[str]


def _quantities(clause: _Clause, carry: list[_Quantity]) -> Iterator[_Quantity]:
    """Each quantity of a clause that reads as a commitment, with its subject and operator."""
    text = clause.text
    previous_end = 0
    own = False  # a quantity of this clause came before
    for m in _QUANTITY_RE.finditer(text):
        if not m.group("num") or _rejected(text, m) or not _chinese_count_ok(text, m, bool(carry), previous_end):
            continue
        if _number(m.group("num")) is None:
            continue
        subject, embedded, subject_end = _subject(text, m, previous_end)
        op = embedded or _op_for(m.group("op"), m.group("suffix"), m.group("more"))
        counted = m.group("unit") not in _RATE_UNITS
        last = carry[-1] if carry else None
        if last is not None and not subject:
            # “比例不低于8%、15%”: the second number shares the subject and operator.
            subject = last.subject
            if not (m.group("op") or m.group("suffix") or embedded):
                op = last.op
        elif last is not None and subject in _GENERIC_SUBJECTS:
            subject = last.subject + subject
        prefix = _verb_prefix(last.subject) if last is not None else None
        # A bare noun in an enumeration takes the verb of the first item (“建设…5个、…4个”);
        # a subject with its own verb phrase (“…以上的集镇开办…”) does not.
        if counted and prefix and not m.group("op") and not _starts_with_verb(subject) \
                and not (_has_cue(subject) and ("的" in subject or not (clause.listed or own))):
            subject = prefix + subject
        cue = (m.group("op") not in (None, *_APPROX)) or m.group("suffix") or embedded or _has_cue(text) \
            or last is not None
        if not subject or not cue:
            continue
        previous_end = subject_end
        quantity = _Quantity(subject, op, m)
        own = True
        carry.append(quantity)
        yield quantity


def _read_target(quantity: _Quantity) -> tuple[Op, float, float | None, str | None]:
    m = quantity.match
    value = _number(m.group("num"))
    assert value is not None
    value_max = _number(m.group("max")) if m.group("max") else None
    if value_max is not None and value_max > value:
        return Op.RANGE, value, value_max, m.group("unit")
    return quantity.op, value, None, m.group("unit")


def _catalog_matcher() -> Callable[[str], str | None]:
    """Map a subject to a catalog id through the indicator catalog, when one is installed."""
    for module_name in ("eduplan.data.catalog", "eduplan.ingest.catalog", "eduplan.core.catalog"):
        try:
            module = importlib.import_module(module_name)
        except ImportError:
            continue
        loader = getattr(module, "load_catalog", None)
        if loader is not None:
            return _matcher(loader())
    return lambda _subject: None


def _matcher(catalog: Any) -> Callable[[str], str | None]:
    def match(subject: str) -> str | None:
        entry = catalog.match(subject)
        return getattr(entry, "id", None) if entry is not None else None

    return match


def _programme_at(boxes: list[tuple[int, int, str]], line: int) -> str | None:
    for first, last, title in boxes:
        if first <= line <= last:
            return title
    return None


def _prose_target(quantity: _Quantity, clause: _Clause, paragraph: Paragraph, year: int | None, doc: Document,
                  boxes: list[tuple[int, int, str]], match_catalog: Callable[[str], str | None]) -> ProseTarget:
    op, value, value_max, unit = _read_target(quantity)
    line = paragraph.lines[clause.offset + quantity.match.start("num")]
    return ProseTarget(
        subject=quantity.subject, op=op, value=value, value_max=value_max, unit=unit, year=year,
        text=paragraph.text[clause.offset: clause.offset + len(clause.text)].strip("，、。；"),
        programme=_programme_at(boxes, line),
        catalog_id=match_catalog(quantity.subject), source=Source(line=line, file=doc.file))


_SEPARATORS = r"(?:、|和|及|与|以及|或)"
_ENUM_VALUE = rf"(?:{_PREFIX_ALT})?(?:{_NUM})(?:\s*[—–\-~～至]\s*(?:{_NUM}))?(?:余|多)?(?:{_UNIT_ALT})?(?:及以上|以上|及以下|以下|以内|左右)?"
#: “A、B和C分别达到90%、95%和98%以上”: as many subjects as values, paired in order.
_ENUM_RE = re.compile(rf"(?:分别|依次)(?P<phrase>(?:{'|'.join(v for v in _CUE_VERBS if len(v) > 1)})[\u4e00-\u9fff]{{0,8}}?)?"
                      rf"(?:{_PREFIX_ALT}|是|要|将|可)*(?P<values>{_ENUM_VALUE}(?:{_SEPARATORS}{_ENUM_VALUE})+)")
_ITEM_SPLIT_RE = re.compile(r"、|以及|和|及|与|或")


@dataclass(frozen=True)
class _Enumeration:
    position: int  # of 分别 in the sentence
    subjects: list[str] | None  # None: the subjects of the enumeration before (“2020年分别达到…”)
    values: list[tuple[re.Match[str], int]]  # each value's match and its offset in the sentence
    op: Op | None  # the operator written once for all values (“分别不低于…”)
    end: int  # where the values end in the sentence


def _split_subjects(text: str) -> list[str]:
    """“毛入园率、巩固率和毛入学率” → three subjects; “小学、初中专任教师学历比例” shares its tail."""
    items, depth, current = [], 0, ""
    i = 0
    while i < len(text):
        ch = text[i]
        depth += ch in "（(“《" and 1 or 0
        depth -= ch in "）)”》" and 1 or 0
        sep = _ITEM_SPLIT_RE.match(text, i) if depth == 0 else None
        if sep:
            items.append(current)
            current = ""
            i = sep.end()
            continue
        current += ch
        i += 1
    items.append(current)
    items = [item.strip("，、 ") for item in items if item.strip("，、 ")]
    heads, last = items[:-1], items[-1] if items else ""
    if heads and all(len(h) <= 6 and not _COMPLETE_SUBJECT_RE.search(h) for h in heads) \
            and len(last) > max(len(h) for h in heads) + 1:
        tail = _shared_tail(heads, last)
        if tail:
            items = [h + tail for h in heads] + [last]
    return items


#: A subject that names a measure of its own (…率, …比例, …数): it shares no tail.
_COMPLETE_SUBJECT_RE = re.compile(r"(?:率|比例|比重|占比|数|覆盖面|年限|经费|面积|规模|人数)$")


def _shared_tail(heads: list[str], last: str) -> str | None:
    """The words the heads share with the last item: after the heads' common ending found in it
    (“学前教育、…、高中阶段教育生均公用经费”), else after a head's length (“小学、初中专任教师…”)."""
    common = heads[0]
    for head in heads[1:]:
        while common and not head.endswith(common):
            common = common[1:]
    if len(common) >= 2 and len(heads) >= 2:
        at = last.find(common)
        if at >= 0 and at + len(common) < len(last):
            return last[at + len(common):]
    if len({len(h) for h in heads}) == 1 and len(heads[0]) <= 4:
        return last[len(heads[0]):]
    return None


def _enumerations(sentence: str) -> list[_Enumeration]:
    found: list[_Enumeration] = []
    if "分别" not in sentence and "依次" not in sentence:
        return found
    for m in _ENUM_RE.finditer(sentence):
        values = [(v, m.start("values") + v.start()) for v in _QUANTITY_RE.finditer(m.group("values"))
                  if v.group("num") and _number(v.group("num")) is not None]
        if any(v.group("unit") == "年" and float(_number(v.group("num")) or 0) >= 100 for v, _ in values):
            continue  # “分别于2023年、2025年”: dates
        head = re.split(r"[，,；;：:]", sentence[: m.start()])[-1]
        head = re.sub(r"^.*?(?:(?:19|20)\d{2}\s*年(?:底前|底|末|前)?|“?十[一二三四五六七八九]五”?(?:期间|时期|末)?)", "", head)
        subject = _clean_subject(head)
        subjects = _split_subjects(subject) if subject else None
        if subjects is not None and m.group("phrase"):
            subjects = [item + m.group("phrase") for item in subjects]  # “…分别新增学位3000个、2000个”
        if subjects is not None and len(subjects) != len(values):
            continue
        lead = re.search(rf"(?:{_PREFIX_ALT})(?=\s*(?:{_NUM}))", m.group())
        op = dict(_PREFIX_OPS).get(lead.group()) if lead and lead.start() < m.start("values") - m.start() else None
        found.append(_Enumeration(m.start(), subjects, values, op, m.end()))
    return found


def _mask_enumerations(sentence: str, enumerations: list[_Enumeration]) -> str:
    chars = list(sentence)
    for enumeration in enumerations:
        for v, offset in enumeration.values:
            chars[offset: offset + len(v.group())] = " " * len(v.group())
    return "".join(chars)


def _enumeration_targets(enumeration: _Enumeration, subjects: list[str], sentence: str, start: int,
                         paragraph: Paragraph, year: int | None, doc: Document,
                         boxes: list[tuple[int, int, str]], match_catalog: Callable[[str], str | None]
                         ) -> Iterator[ProseTarget]:
    lead_op = enumeration.op
    units = [v.group("unit") for v, _ in enumeration.values]
    text = sentence[_clause_start(sentence, enumeration.position): enumeration.end]
    for index, (subject, (v, offset)) in enumerate(zip(subjects, enumeration.values, strict=True)):
        unit = v.group("unit") or next((u for u in units[index:] if u), None)
        own = v.group("op") or v.group("suffix") or v.group("more")
        op = _op_for(v.group("op"), v.group("suffix"), v.group("more")) if own else (lead_op or Op.EQ)
        quantity = _Quantity(subject, op, v)
        op, value, value_max, _unit = _read_target(quantity)
        line = paragraph.lines[start + offset]
        yield ProseTarget(subject=subject, op=op, value=value, value_max=value_max, unit=unit, year=year,
                          text=text.strip("，、。；"), programme=_programme_at(boxes, line),
                          catalog_id=match_catalog(subject), source=Source(line=line, file=doc.file))


def _clause_start(sentence: str, position: int) -> int:
    cut = max(sentence.rfind(ch, 0, position) for ch in "，,；;：:")
    return cut + 1


_LIST_ITEM_RE = re.compile(r"^(?:[●·•▲■◆★□○]|——|--|-|\d{1,2}[.．、](?!\d)|（\d{1,2}）|[①-⑳])")


def extract_prose_targets(doc: Document, *, end_year: int | None,
                          programmes: list[tuple[int, int, str]] | None = None) -> list[ProseTarget]:
    """Quantified targets stated in a document's prose (goal sections, 专栏, measures).

    Text about the past is left out: a paragraph that opens with a status (“目前”, “五年来”,
    “截至2020年底”) is an account of it up to a clause that turns to the plan (“到2025年”,
    “将”, “力争”), and the list items after such a paragraph belong to the account too.
    """
    boxes = programmes or []
    match_catalog = _catalog_matcher()
    plan_end = plan_end_year(doc, end_year)
    targets: list[ProseTarget] = []
    ctx_year: int | None = None
    section = -1
    past_lead = False  # the last paragraph was an account of the past: its list items are too
    for paragraph in paragraphs(doc):
        if paragraph.section != section:
            section, ctx_year = paragraph.section, paragraph.heading_year
        if paragraph.past or paragraph.heading:
            continue
        item = bool(_LIST_ITEM_RE.match(paragraph.text))
        past = past_lead and item
        paragraph_year: int | None = None
        sentence_year: int | None = None
        carry: list[_Quantity] = []
        last_subjects: list[str] | None = None  # “…分别达到…；2020年分别达到…” pairs with the same subjects
        for index, (start, end) in enumerate(_sentences(paragraph)):
            sentence = paragraph.text[start:end]
            sentence = mask_from_values(sentence)
            if _is_baseline(sentence, plan_end):
                past = True
                continue
            enumerations = _enumerations(sentence)
            sentence = _mask_enumerations(sentence, enumerations)
            # A year and a subject carry over a semicolon (one sentence in parts), not a full stop.
            joined = index > 0 and paragraph.text[start - 1] in "；;"
            carry = carry if joined else []
            sentence_year = sentence_year if joined else None
            quantified = False
            marked = _TENSE_RE.search(sentence) is not None
            dated = "年" in sentence or "五" in sentence
            for clause in _clauses(sentence, start):
                if marked:
                    past = _tense(clause.text, past, plan_end)
                # A year governs its own clause and those after it (“到2025年，…”), not earlier ones.
                if dated:
                    sentence_year = _target_year(clause.text, end_year, plan_end) or sentence_year
                if paragraph.goal and ctx_year is None and sentence_year is not None:
                    ctx_year = sentence_year  # the section's first “到2025年” dates its items
                if index == 0 and not quantified and sentence_year is not None:
                    paragraph_year = sentence_year  # “到2022年，…” opening a paragraph dates all of it
                year = sentence_year or paragraph_year or (ctx_year if paragraph.goal else None) or plan_end
                for enumeration in enumerations:
                    if clause.offset - start <= enumeration.position < clause.offset - start + len(clause.text):
                        subjects = enumeration.subjects or last_subjects
                        if subjects is not None and len(subjects) == len(enumeration.values):
                            last_subjects = subjects
                            if not past:
                                targets.extend(_enumeration_targets(enumeration, subjects, paragraph.text[start:end],
                                                                    start, paragraph, year, doc, boxes,
                                                                    match_catalog))
                for quantity in _quantities(clause, carry):  # a past quantity still lends its subject
                    quantified = True
                    if not past:
                        targets.append(_prose_target(quantity, clause, paragraph, year, doc, boxes, match_catalog))
        if not item:
            past_lead = past
    return targets


def extract_targets(doc: Document, *, end_year: int | None) -> tuple[list[ProseTarget], list[Programme]]:
    """Prose targets (goal sections, 专栏, measures) and the programmes."""
    boxes = find_boxes(doc)
    spans = [(box.first, box.last, box.programme.title) for box in boxes]
    targets = extract_prose_targets(doc, end_year=end_year, programmes=spans)
    return targets, [box.programme for box in boxes]
