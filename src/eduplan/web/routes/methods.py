"""The method page: how a status is judged, in plain Chinese, and docs/methods.md rendered.

Every status reason links here, so the method is one click away. The page is public like the
dashboards it explains; it reads docs/methods.md from the source tree (a Chinese notice stands
in when the documents are not installed).
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse
from markdown_it import MarkdownIt  # installed with rich
from pydantic import BaseModel

from eduplan.core.progress.rules import Status
from eduplan.web.render import render

router = APIRouter(tags=["评估方法"])
METHODS_MD = Path(__file__).resolve().parents[4] / "docs" / "methods.md"

#: Each status: when it is given, and a worked example (checked by tests/web/test_methods.py).
STATUS_RULES: tuple[tuple[Status, str, str], ...] = (
    (Status.ACHIEVED, ("最新年度的数值已达到目标（“>”“<”须严格超过）。基期已达到、只需保持的目标，以最新年度为准，"
                      "以前某年曾未达到只在说明中注明。"),
     "巩固率目标≥99.5%，2022年99.4%，2023年99.93%：已达成（2022年曾未达到，2023年已恢复）。"),
    (Status.ON_TRACK, "尚未达到目标，但基期以来的实际年均变化达到实现目标所需年均变化的95%及以上。",
     "2020年90%，目标2025年≥95%，2023年93.2%：按此速度2025年约为95.3%，进展顺利。"),
    (Status.ACCELERATE, "实际年均变化为所需的60%至95%；或目标年已到仍未达到目标。",
     "2020年90%，2023年92%：按此速度2025年约为93.3%，低于目标95%，需加快。"),
    (Status.SLOW, "实际年均变化不足所需的60%；或“>”“<”目标的数值仍与基期持平。",
     "2020年90%，2023年90.9%：按此速度2025年约为91.5%，进展缓慢。"),
    (Status.REGRESSING, "数值向目标的反方向变化；或基期已达到的目标最新年度未能保持。",
     "2020年90%，2023年89%，目标要求上升：倒退。"),
    (Status.INSUFFICIENT, ("目录指标尚无监测值，或缺少基期值且只有一年数据、该数值未达到目标。"
                          "基期年份无数据时，以此后第一个有数据的年份为起点。"),
     "基期2020年无数据，只有2023年88%：数据不足；若还有2021年86%，则以2021年为起点评估。"),
    (Status.NOT_APPLICABLE, "目标缺少目标值或目标年份（或区间缺少上限），或目标年份不晚于基期。", "“逐步提高”：不适用。"),
    (Status.SCALE, ("在校学生数、在园幼儿数等随学龄人口变化的规模指标（指标目录标注为规模），规划给出的是预期而非承诺："
                   "对照预期展示，不评定进展，不提“加快”类建议。"),
     "在园幼儿数2020年3万人，规划预期2025年2.5万人，2022年2.85万人：预期规模。"),
    (Status.UNMONITORED, ("规划文本中的承诺没有年度数据来源，未纳入监测；不计入进展状态图，另行计数。"
                         "在年度数据采集表“文中目标”页逐年填报后即可评估。"),
     "“新增公办幼儿园≥15所”尚无填报：未纳入监测。"),
)


class StatusRule(BaseModel):
    """One status: when it is given, and a worked example."""

    status: str
    rule: str
    example: str


class MethodsPage(BaseModel):
    """The method page: the status rules and the full method (docs/methods.md as HTML)."""

    statuses: list[StatusRule]
    document: str  # docs/methods.md rendered to HTML, or a Chinese notice
    source: str


@lru_cache(maxsize=4)
def _rendered(path: Path, mtime: float) -> str:
    """docs/methods.md as HTML (tables on; raw HTML in the file is escaped)."""
    del mtime  # part of the cache key only
    engine = MarkdownIt("commonmark", {"html": False}).enable("table")
    return engine.render(path.read_text(encoding="utf-8"))


def methods_context() -> MethodsPage:
    """The status rules and the rendered method document."""
    if METHODS_MD.is_file():
        document = _rendered(METHODS_MD, METHODS_MD.stat().st_mtime)
    else:
        document = "<p>本安装未包含方法说明文档（docs/methods.md）。</p>"
    rules = [StatusRule(status=s.value, rule=rule, example=example) for s, rule, example in STATUS_RULES]
    return MethodsPage(statuses=rules, document=document, source="docs/methods.md")


MethodsCtx = Annotated[MethodsPage, Depends(methods_context)]


@router.get("/api/v1/methods", summary="进展状态的判断方法（方法页的 JSON）")
def api_methods(page: MethodsCtx) -> MethodsPage:
    return page


@router.get("/methods", response_class=HTMLResponse, include_in_schema=False)
def page_methods(request: Request, page: MethodsCtx) -> HTMLResponse:
    return render(request, "methods.html", page)
