"""Plan metadata: synthetic notices and titles, and the hand-checked metadata of the five plans."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from eduplan.ingest.metadata import PlanMeta, extract_metadata
from eduplan.ingest.readers.document import Document, read_document
from tests.conftest import PLAN_FILES

EXPECTED = Path(__file__).resolve().parent.parent / "data" / "expected"


def meta(*lines: str) -> PlanMeta:
    return extract_metadata(Document(lines=tuple(lines), file="synthetic.txt"))


NOTICE = (
    "荣昌府发〔2022〕 9 号",
    "",
    "重庆市荣昌区人民政府",
    "关于印发重庆市荣昌区教育事业发展",
    "",
    "“十四五”规划的通知",
    "",
    "各有关单位：",
    "现印发给你们，请认真贯彻执行。",
    "重庆市荣昌区人民政府",
    "2022 年 6 月 17 日",
    "（此件公开发布）",
    "重庆市荣昌区教育事业发展“十四五”规划",
    "为推进教育事业发展，依据《国民经济和社会发展第十四个五年规划和",
    "2035年远景目标纲要》，制定本规划。",
)


def test_notice_broken_over_lines_gives_title_issuer_number_and_date() -> None:
    m = meta(*NOTICE)
    assert m.title == "重庆市荣昌区教育事业发展“十四五”规划"
    assert m.issuer == "重庆市荣昌区人民政府"
    assert m.doc_number == "荣昌府发〔2022〕9号"
    assert m.issued_on == dt.date(2022, 6, 17)
    assert m.region == "荣昌区"
    assert m.kind == "规划"


def test_five_year_plan_number_gives_the_period() -> None:
    assert meta(*NOTICE).period == (2021, 2025)
    assert meta("某县教育事业发展“十五五”规划").period == (2026, 2030)


def test_vision_year_inside_another_documents_title_is_ignored() -> None:
    assert meta(*NOTICE).vision_year is None


def test_vision_year_stated_by_the_plan() -> None:
    m = meta(*NOTICE, "（三）主要目标", "到2025年，基本实现教育现代化。", "到2035年，建成教育强区。")
    assert m.vision_year == 2035


def test_explicit_period_on_the_line_after_the_title_belongs_to_the_title() -> None:
    m = meta(
        "重庆市綦江区人民政府",
        "关于印发綦江区教育事业发展“十四五”规划",
        "（2021—2025年）的通知",
        "綦江区教育事业发展“十四五”规划",
        "",
        "（2021—2025年）",
    )
    assert m.title == "綦江区教育事业发展“十四五”规划（2021—2025年）"
    assert m.period == (2021, 2025)
    assert m.region == "綦江区"
    assert m.doc_number is None


def test_title_from_the_notice_when_the_document_does_not_repeat_it() -> None:
    m = meta("重庆市合川区人民政府", "关于印发重庆市合川区教育事业发展", "“十四五”规划（2021-2025）的通知", "正文。")
    assert m.title == "重庆市合川区教育事业发展“十四五”规划（2021-2025）"
    assert m.period == (2021, 2025)


def test_work_plan_period_runs_from_its_issue_to_its_last_deadline() -> None:
    m = meta(
        " 中共重庆市綦江区委教育工作领导小组",
        "关于印发《深入推进綦江教育高质量发",
        "展工作方案》的通知",
        "中共重庆市綦江区委教育工作领导小组",
        "            2023年1月29日",
        "深入推进綦江教育高质量发展工作方案",
        "到2025年，健全体制机制。2023年底前完成调整。",
    )
    assert m.title == "深入推进綦江教育高质量发展工作方案"
    assert m.kind == "工作方案"
    assert m.region == "綦江区"
    assert m.issuer == "中共重庆市綦江区委教育工作领导小组"
    assert m.issued_on == dt.date(2023, 1, 29)
    assert m.period == (2023, 2025)


def test_chinese_numeral_date() -> None:
    m = meta("某县人民政府", "关于印发某县教育发展规划的通知", "某县人民政府", "二〇二二年三月八日")
    assert m.issued_on == dt.date(2022, 3, 8)


def test_county_region_from_the_title_without_a_notice() -> None:
    m = meta("石柱土家族自治县教育事业发展“十四五”规划", "正文。")
    assert m.region == "石柱土家族自治县"
    assert m.title == "石柱土家族自治县教育事业发展“十四五”规划"
    assert m.issuer is None


def test_development_zone_is_not_a_region() -> None:
    m = meta("重庆市某某新区教育规划", "正文。")
    assert m.region is None


@pytest.mark.parametrize("name", PLAN_FILES)
def test_metadata_matches_the_hand_checked_fixture(plans_dir: Path, name: str) -> None:
    expected = json.loads((EXPECTED / name / "metadata.json").read_text("utf-8"))
    m = extract_metadata(read_document(plans_dir / f"{name}.txt"))
    got = {
        "region": m.region, "title": m.title, "doc_number": m.doc_number, "issuer": m.issuer,
        "issued_on": m.issued_on.isoformat() if m.issued_on else None,
        "period": list(m.period) if m.period else None, "vision_year": m.vision_year, "kind": m.kind,
    }
    wrong = {k: (got[k], v) for k, v in expected.items() if got[k] != v}
    assert not wrong, f"{name}: {len(expected) - len(wrong)}/{len(expected)} 个字段一致；不一致: {wrong}"


def test_title_and_date_broken_over_lines_are_joined() -> None:
    m = meta(
        "重庆市荣昌区人民政府",
        "关于印发重庆市荣昌区教育事业发展“十四五”规划的通知",
        "重庆市荣昌区人民政府",
        "2022年6",
        "月17日",
        "重庆市荣昌区教育事业发",
        "展“十四五”规划",
    )
    assert m.title == "重庆市荣昌区教育事业发展“十四五”规划"
    assert m.issued_on == dt.date(2022, 6, 17)
