"""The plan's region, recognised against the national division list at every level.

The documents are written here (headings in the style of notices and plans); names and codes of
real divisions are facts.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from eduplan.core.findings import REGION_UNKNOWN
from eduplan.ingest.extract import extract_plan
from eduplan.ingest.metadata import PlanMeta, extract_metadata
from eduplan.ingest.readers.document import Document, read_document
from tests.conftest import PLAN_FILES

EXPECTED = Path(__file__).resolve().parent.parent / "data" / "expected"


def meta(*lines: str) -> PlanMeta:
    return extract_metadata(Document(lines=tuple(lines), file="synthetic.txt"))


def region(*lines: str) -> tuple[str | None, str | None, str | None]:
    m = meta(*lines)
    return m.region, m.region_code, m.region_level


def test_a_provincial_plan_gets_its_province() -> None:
    assert region(
        "福建省人民政府",
        "关于印发福建省“十四五”教育发展专项规划的通知",
        "闽政〔2021〕20号",
        "各设区市人民政府，平潭综合实验区管委会，省人民政府各部门、各直属机构：",
        "现将《福建省“十四五”教育发展专项规划》印发给你们，请认真组织实施。",
        "福建省人民政府",
        "2021年10月8日",
        "福建省“十四五”教育发展专项规划",
    ) == ("福建省", "350000", "province")


def test_an_autonomous_region_plan_named_by_its_short_name_and_issuer() -> None:
    assert region(
        "广西壮族自治区人民政府办公厅",
        "关于印发广西教育事业发展“十四五”规划的通知",
        "各市、县人民政府，自治区人民政府各组成部门、各直属机构：",
        "广西教育事业发展“十四五”规划",
    ) == ("广西壮族自治区", "450000", "province")


def test_an_autonomous_prefecture_plan_by_its_short_name() -> None:
    assert region("黔南州“十四五”教育发展规划", "黔南布依族苗族自治州人民政府", "2022年1月5日") == (
        "黔南布依族苗族自治州", "522700", "prefecture")


def test_a_county_level_city_and_a_banner() -> None:
    assert region("江苏省昆山市“十四五”教育发展规划", "一、发展基础") == ("昆山市", "320583", "county")
    assert region(
        "伊金霍洛旗人民政府",
        "关于印发伊金霍洛旗教育事业发展“十四五”规划的通知",
        "各苏木镇人民政府，旗直各部门：",
        "伊金霍洛旗教育事业发展“十四五”规划",
    ) == ("伊金霍洛旗", "150627", "county")


def test_a_municipal_plan_of_a_directly_governed_city_is_the_city_not_a_district() -> None:
    m = meta(
        "重庆市人民政府",
        "关于印发重庆市教育事业发展“十四五”规划（2021—2025年）的通知",
        "渝府发〔2021〕27号",
        "各区县（自治县）人民政府，市政府各部门，有关单位：",
        "重庆市教育事业发展“十四五”规划（2021—2025年）",
        "万州区、涪陵区等区县要对照本规划制定本地规划。",
    )
    assert (m.region, m.region_code, m.region_level) == ("重庆市", "500000", "province")


def test_a_district_under_its_city_is_the_most_specific_region() -> None:
    assert region("重庆市涪陵区教育事业发展“十四五”规划", "正文。") == ("涪陵区", "500102", "county")
    assert region("中共重庆市荣昌区委教育工作领导小组", "关于印发《深入推进荣昌教育高质量发展工作方案》的通知",
                  "深入推进荣昌教育高质量发展工作方案")[1] == "500153"


def test_the_document_number_prefix_names_the_district() -> None:
    assert region("璧山府发〔2022〕9号", "关于印发教育事业发展规划的通知", "教育事业发展规划")[1] == "500120"


def test_addressee_lines_are_never_the_region() -> None:
    m = meta("教育事业发展“十四五”规划", "各乡镇人民政府，各街道办事处，涪陵区政府各部门：", "现印发给你们。")
    assert m.region is None and m.region_candidates == []
    m = meta("教育事业发展“十四五”规划", "各区县（自治县）教委，两江新区社会发展局，有关单位：", "正文。")
    assert m.region is None


def test_a_shared_name_is_told_apart_by_a_parent_named_in_the_text() -> None:
    m = meta("鼓楼区教育事业发展“十四五”规划", "一、发展基础")
    assert m.region is None
    assert sorted(r.code for r in m.region_candidates) == ["320106", "320302", "350102", "410204"]
    assert region("鼓楼区教育事业发展“十四五”规划", "福州市鼓楼区教育局", "2021年12月")[1] == "350102"
    assert region("江苏省鼓楼区教育事业发展“十四五”规划")[0] is None  # two 鼓楼区 in 江苏省
    assert region("福州市鼓楼区人民政府", "关于印发鼓楼区教育事业发展“十四五”规划的通知")[1] == "350102"


def test_a_former_district_is_read_under_its_city() -> None:
    assert region("重庆市江北区教育事业发展“十四五”规划")[1] == "500105"
    assert {r.code for r in meta("江北区教育事业发展“十四五”规划").region_candidates} == {"330205", "500105"}


def test_a_place_the_list_does_not_know_under_a_region_is_not_that_region() -> None:
    m = meta("重庆市某某新区教育规划", "正文。")
    assert m.region is None and m.region_unlisted == "某某新区"
    assert meta("苏州市工业园区教育发展规划").region is None


def test_words_that_spell_a_short_name_are_not_regions() -> None:
    m = meta("（一）加强学前教育。新建公办幼儿园3所，城区学校扩容，建设平安校园。", "合作办学，长寿教育。")
    assert m.region is None and m.region_candidates == []
    assert region("阳泉市城区教育事业发展规划")[1] == "140302"  # 城区 is a district under its city


def test_an_excerpt_names_its_place_in_its_first_lines() -> None:
    assert region("任城：新建幼儿园20所", "今年起，全区将新增学位5400个。")[1] == "370811"
    assert region("（三）完善特殊教育", "依托平和县教师发展中心开展培训。")[1] == "350628"


def test_regions_on_different_branches_are_none_of_them() -> None:
    m = meta("（二）学习借鉴上海市、浙江省的经验", "正文。")
    assert m.region is None and {r.code for r in m.region_candidates} == {"310000", "330000"}
    assert region("（二）依托平和县教师发展中心", "与漳州市有关学校合作。")[1] == "350628"  # its own city


@pytest.mark.parametrize("name", PLAN_FILES)
def test_the_five_plans_keep_their_region_and_gain_its_code(plans_dir: Path, name: str) -> None:
    expected = json.loads((EXPECTED / name / "metadata.json").read_text("utf-8"))
    m = extract_metadata(read_document(plans_dir / f"{name}.txt"))
    assert m.region == expected["region"]
    assert m.region_level == "county" and m.region_code and m.region_code.startswith("5001")


def test_extraction_without_a_region_lists_the_candidates_in_its_finding() -> None:
    doc = Document(lines=("鼓楼区教育事业发展“十四五”规划", "到2025年，学前三年毛入园率达到95%以上。"),
                   file="gulou.txt")
    plan = extract_plan(doc)
    assert plan.region == "" and plan.region_code is None
    finding = plan.findings[0]
    assert finding.kind == REGION_UNKNOWN.kind and finding.severity == "error"
    assert "4 个同名行政区" in finding.message and "福建省福州市鼓楼区（350102）" in finding.message
    assert finding.data["candidates"]["350102"] == "福建省福州市鼓楼区"


def test_an_excerpt_of_a_plan_without_title_or_readable_targets_is_extracted_not_refused() -> None:
    doc = Document(lines=("“十四五”教育事业发展主要指标表", "指标", "2020年", "2025年"), file="excerpt.txt")
    plan = extract_plan(doc)
    assert plan.region == "" and plan.findings[0].kind == "region_unknown"
    assert "均未写明" in plan.findings[0].message
