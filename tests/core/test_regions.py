"""Administrative divisions: levels, short names, lookups by code and by name within a parent."""

from __future__ import annotations

import pytest

from eduplan.core.errors import InputError
from eduplan.core.regions import Divisions, Level, region_of, short_names, stem
from eduplan.data.divisions import find_region, load_divisions

# A small list of our own (real codes and names: facts), so that the model is tested without data.
SMALL = Divisions([
    region_of("350000", "福建省", "省"),
    region_of("350100", "福州市", "地级市", "350000"),
    region_of("350102", "鼓楼区", "市辖区", "350100"),
    region_of("320000", "江苏省", "省"),
    region_of("320100", "南京市", "地级市", "320000"),
    region_of("320106", "鼓楼区", "市辖区", "320100"),
    region_of("500000", "重庆市", "直辖市"),
    region_of("500120", "璧山区", "市辖区", "500000"),
    region_of("500240", "石柱土家族自治县", "自治县", "500000"),
    region_of("500112", "渝北区", "市辖区", "500000", abolished=2025),
])


def test_levels_follow_the_kind_of_division() -> None:
    assert SMALL.by_code("500000").level is Level.PROVINCE
    assert SMALL.by_code("350100").level is Level.PREFECTURE
    assert SMALL.by_code("500240").level is Level.COUNTY and Level.COUNTY.label == "县级"
    with pytest.raises(ValueError, match="未知的行政区划类别"):
        region_of("999999", "某地", "街道")


@pytest.mark.parametrize(("name", "short"), [
    ("璧山区", "璧山"), ("石柱土家族自治县", "石柱"), ("海西蒙古族藏族自治州", "海西"), ("内蒙古自治区", "内蒙古"),
    ("广西壮族自治区", "广西"), ("西藏自治区", "西藏"), ("大兴安岭地区", "大兴安岭"), ("香港特别行政区", "香港"),
    ("忠县", "忠县"), ("城区", "城区"),
])
def test_stem_drops_the_ending_and_the_ethnic_part(name: str, short: str) -> None:
    assert stem(name) == short


def test_short_names_include_the_plain_ending_of_autonomous_divisions() -> None:
    assert short_names(SMALL.by_code("500240")) == ["石柱", "石柱县"]
    assert short_names(region_of("110000", "北京市", "直辖市")) == ["北京"]


def test_full_name_and_ancestors() -> None:
    gulou = SMALL.by_code("350102")
    assert SMALL.full_name(gulou) == "福建省福州市鼓楼区"
    assert [r.name for r in SMALL.ancestors(gulou)] == ["福州市", "福建省"]
    assert SMALL.full_name(SMALL.by_code("500120")) == "重庆市璧山区"


def test_names_shared_by_several_regions_are_told_apart_by_a_parent() -> None:
    assert len(SMALL.named("鼓楼区")) == 2
    assert [r.code for r in SMALL.named("鼓楼区", within=SMALL.by_code("350000"))] == ["350102"]
    assert [r.code for r in SMALL.resolve("福州市鼓楼区")] == ["350102"]
    assert [r.code for r in SMALL.resolve("江苏省鼓楼区")] == ["320106"]
    assert len(SMALL.resolve("鼓楼区")) == 2


def test_resolve_by_code_full_short_and_composite_name() -> None:
    for text in ("500120", "璧山区", "璧山", "重庆市璧山区", " 重庆市 璧山区 "):
        assert [r.code for r in SMALL.resolve(text)] == ["500120"], text
    assert SMALL.resolve("某某区") == [] and SMALL.resolve("123456") == []
    assert SMALL.resolve("渝北区")[0].abolished == 2025  # a former division older plans name


def test_mentions_take_the_longest_name_left_to_right() -> None:
    found = SMALL.mentions("重庆市璧山区人民政府关于石柱县")
    assert [(m.name, m.full) for m in found] == [("重庆市", True), ("璧山区", True), ("石柱县", False)]


def test_the_shipped_list_covers_every_level_and_loads_once() -> None:
    divisions = load_divisions()
    assert load_divisions() is divisions
    assert len(divisions) > 3000
    assert divisions.by_code("500120").name == "璧山区"
    provinces = [r for r in divisions.regions if r.level is Level.PROVINCE]
    assert len(provinces) == 34
    assert divisions.by_code("522700").kind == "自治州"
    assert divisions.by_code("152900").kind == "盟"  # 阿拉善盟
    kinds = {r.kind for r in divisions.regions if r.level is Level.COUNTY}
    assert {"市辖区", "县", "县级市", "自治县", "旗"} <= kinds
    for r in divisions.regions:  # every parent is in the list and one level up (or a province)
        parent = divisions.parent(r)
        assert (parent is None) == (r.level is Level.PROVINCE), r
        assert parent is None or parent.level.depth < r.level.depth, r


def test_find_region_explains_unknown_and_ambiguous_names_in_chinese() -> None:
    assert find_region("重庆市璧山区").code == "500120"
    with pytest.raises(InputError, match="名录中没有“某某区”"):
        find_region("某某区")
    with pytest.raises(InputError, match="同名行政区") as info:
        find_region("鼓楼区")
    assert "福建省福州市鼓楼区（350102）" in str(info.value)
    with pytest.raises(InputError, match="不能为空"):
        find_region(" ")
