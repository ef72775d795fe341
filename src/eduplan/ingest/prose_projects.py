"""Construction projects written in prose rather than in a project table.

“凤凰小学新建工程，总投资1.2亿元，建设期2021—2023年，新增学位1500个。” names a project and
its figures in one sentence. A sentence is read as a project when it names one (its first
clause ends in 工程/项目 or in a school noun) and states at least two of: the total
investment, the construction period, the places it adds. Projects the plan's tables already
list (same name) are left to the tables; accounts of the past (已建成…) are not read.
"""

from __future__ import annotations

import re

from eduplan.core.numbers import normalize_text
from eduplan.core.plan import Project, Source
from eduplan.ingest.readers.document import Document
from eduplan.ingest.targets.paragraphs import paragraphs

PROSE_TABLE = "文中项目"

_NATURES = ("新改扩建", "改扩建", "新建", "扩建", "迁建", "改建", "续建")
_NAME_END_RE = re.compile(
    r"(?:工程|项目|学校|小学|中学|初中|高中|幼儿园|校区|学院|中心|基地|体育馆|图书馆|综合楼|教学楼|宿舍楼)"
    r"(?:[一二三四五六七八九十\d]期)?(?:工程|项目)?$")
_NAME_LEAD_RE = re.compile(r"^(?:[●·•▲■◆★\-—]+|\d{1,2}[.．、]|（\d{1,2}）|[①-⑳])?\s*(?:其中[，,]?)?"
                           r"(?:计划|启动|实施|推进|加快|开工建设|建设|开工|完成)?")
_VERB_RE = re.compile(r"开工建设|加快建设|启动建设|实施|启动|推进|开工|完成|建设(?!工程|项目)")
_INVESTMENT_RE = re.compile(r"(?:总投资|计划投资|投资总额|估算投资|投资)(?:约|近|为|达)?\s*(\d+(?:\.\d+)?)\s*(亿元|万元|亿|万)")
_PERIOD_RE = re.compile(r"(?:建设期|建设周期|建设年限|工期)(?:为|是)?\s*((?:19|20)\d{2})\s*(?:年)?\s*[—–\-~～至到]\s*((?:19|20)\d{2})\s*年?")
_START_FINISH_RE = re.compile(r"((?:19|20)\d{2})\s*年(?:\d{1,2}月)?\s*(?:启动|开工|动工)[^。；]*?((?:19|20)\d{2})\s*年(?:\d{1,2}月)?\s*"
                              r"(?:建成|竣工|完工|投用|投入使用|交付)")
_PLACES_RE = re.compile(r"(?:新增|提供|增加|可容纳|容纳)?学位\s*(\d+(?:\.\d+)?)\s*(万)?\s*个")
_FLOOR_RE = re.compile(r"建筑面积\s*(?:约)?\s*(\d+(?:\.\d+)?)\s*(万)?\s*(?:平方米|㎡|m²|m2)")
_SITE_RE = re.compile(r"(?:占地面积|占地|用地面积|用地)\s*(?:约)?\s*(\d+(?:\.\d+)?)\s*(万)?\s*(亩|平方米|㎡|m²|m2)")
_PAST_RE = re.compile(r"已(?:建成|竣工|完工|投用|投入使用)|建成投用了")
_SQM_PER_MU = 666.67


def _name(clause: str) -> tuple[str, str | None] | None:
    """The project's name and nature (新建, 改扩建…) from the clause naming it, else None."""
    text = _NAME_LEAD_RE.sub("", clause, count=1).strip("“”\"《》 ")
    verb = None
    for verb in _VERB_RE.finditer(text):
        pass
    if verb is not None:
        text = text[verb.end():]  # “县里还将实施城东学校新建工程” → “城东学校新建工程”
    if not (4 <= len(text) <= 40) or not _NAME_END_RE.search(text) or re.search(r"\d", text[:1]):
        return None
    nature = next((n for n in _NATURES if n in text), None)
    if nature and text.startswith(nature) and len(text) > len(nature) + 3:
        text = text[len(nature):]  # “新建城南实验小学”: the name, and how it is built
    return text, nature


def _amount(value: str, unit: str) -> float:
    return float(value) * (10_000 if unit.startswith("亿") else 1)  # in 万元


def _project(sentence: str) -> tuple[Project, int] | None:
    """A project stated in `sentence`, with the offset of its name, or None."""
    figure = min((m.start() for r in (_INVESTMENT_RE, _PERIOD_RE, _START_FINISH_RE, _PLACES_RE)
                  if (m := r.search(sentence))), default=None)
    if figure is None or _PAST_RE.search(sentence):
        return None
    named = None
    offset = 0
    for clause in re.finditer(r"[^，,：:]+", sentence[:figure]):  # the last clause naming a project
        read = _name(clause.group())
        if read is not None:
            named, offset = read, clause.start()
    if named is None:
        return None
    name, nature = named
    nature = nature or next((n for n in _NATURES if n in sentence), None)
    investment = _INVESTMENT_RE.search(sentence)
    period_m = _PERIOD_RE.search(sentence) or _START_FINISH_RE.search(sentence)
    places = _PLACES_RE.search(sentence)
    if sum(1 for found in (investment, period_m, places) if found) < 2:
        return None
    period = None
    if period_m and int(period_m.group(1)) <= int(period_m.group(2)):
        period = (int(period_m.group(1)), int(period_m.group(2)))
    floor = _FLOOR_RE.search(sentence)
    site = _SITE_RE.search(sentence)
    site_area = None
    if site:
        site_area = float(site.group(1)) * (10_000 if site.group(2) else 1)
        if site.group(3) == "亩":
            site_area = round(site_area * _SQM_PER_MU, 1)
    project = Project(
        name=name, table=PROSE_TABLE, nature=nature, period=period,
        investment_total=_amount(investment.group(1), investment.group(2)) if investment else None,
        places=int(float(places.group(1)) * (10_000 if places.group(2) else 1)) if places else None,
        floor_area=float(floor.group(1)) * (10_000 if floor.group(2) else 1) if floor else None,
        site_area=site_area, columns={"原文": sentence.strip("。；;")})
    return project, offset


def _key(name: str) -> str:
    return re.sub(r"[\s“”\"（）()、，,]", "", name)


def extract_prose_projects(doc: Document, known: list[Project] | None = None) -> list[Project]:
    """Projects stated in prose sentences, leaving out those the project tables already list."""
    seen = {_key(p.name) for p in known or []}
    found: list[Project] = []
    for paragraph in paragraphs(doc):
        if paragraph.past or paragraph.heading:
            continue
        text = paragraph.text
        start = 0
        for end in [i + 1 for i, ch in enumerate(text) if ch in "。；;"] + [len(text)]:
            sentence = normalize_text(text[start:end])
            offset = start
            start = end
            if not sentence.strip("。；; "):
                continue
            read = _project(sentence)
            if read is None:
                continue
            project, at = read
            if _key(project.name) in seen:
                continue
            seen.add(_key(project.name))
            project.seq = len(found) + 1
            project.source = Source(line=paragraph.lines[offset + at], file=doc.file)
            found.append(project)
    return found
