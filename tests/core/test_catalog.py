"""The indicator catalog: synonyms merge, context keeps different indicators apart."""

from __future__ import annotations

import json
import re
from importlib import resources
from pathlib import Path

import pytest

from eduplan.core.catalog import (
    Catalog,
    catalog_from_dicts,
    normalize_indicator_name,
    units_compatible,
)
from eduplan.core.plan import CatalogEntry, Direction, Indicator
from eduplan.data.catalog import load_catalog
from eduplan.ingest.indicators.extract import extract_indicators
from eduplan.ingest.readers.document import read_document


def entry(id_: str, name: str, unit: str | None = "%", synonyms: tuple[str, ...] = ()) -> CatalogEntry:
    return CatalogEntry(id=id_, name=name, unit=unit, direction=Direction.UP, synonyms=synonyms)


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog()


@pytest.mark.parametrize("name", ["毛入园率", "学前教育毛入园率", "学前三年毛入园率", "学前三年毛入园率（%）",
                                  "学前三年 毛入园率"])
def test_preschool_rate_synonyms_are_one_indicator(catalog: Catalog, name: str) -> None:
    found = catalog.match(name, "%", category="学前教育")
    assert found is not None and found.id == "preschool_gross_enrolment_rate"


@pytest.mark.parametrize("name", ["公办幼儿园在园幼儿占比", "公办园在园幼儿占比", "公办幼儿园在园幼儿比例",
                                  "公办园在园幼儿所占比例"])
def test_ratio_wordings_are_one_indicator(catalog: Catalog, name: str) -> None:
    found = catalog.match(name, "%")
    assert found is not None and found.id == "preschool_public_share"


def test_stage_sub_rows_stay_apart(catalog: Catalog) -> None:
    primary = catalog.match("普通小学", "万人", category="义务教育", parent="在校学生数")
    junior = catalog.match("普通初中", "万人", category="义务教育", parent="在校学生数")
    assert primary is not None and junior is not None
    assert (primary.id, junior.id) == ("primary_enrolment", "junior_secondary_enrolment")


def test_same_name_in_two_categories_is_two_indicators(catalog: Catalog) -> None:
    compulsory = catalog.match("在校学生数", "万人", category="义务教育")
    senior = catalog.match("在校学生数", "万人", category="高中阶段教育")
    assert compulsory is not None and senior is not None and compulsory.id != senior.id


def test_a_name_meaningless_without_context_maps_to_nothing(catalog: Catalog) -> None:
    assert catalog.match("毛入学率", "%") is None
    assert catalog.match("在校学生数", "万人") is None


def test_a_unit_of_another_kind_refuses_the_match(catalog: Catalog) -> None:
    assert catalog.match("在园幼儿数", "%") is None
    assert catalog.match("在园幼儿数", "人") is not None


@pytest.mark.parametrize(("name", "direction"), [
    ("生师比", Direction.DOWN), ("儿童青少年总体近视率", Direction.DOWN), ("大班额比例", Direction.DOWN),
    ("国家学生体质健康标准达标率", Direction.UP), ("智慧校园达标率", Direction.UP),
    # Enrolment counts follow demography: the plan forecasts them, it does not push them either way.
    ("在园幼儿数", Direction.HOLD),
])
def test_direction_is_a_property_of_the_indicator(catalog: Catalog, name: str, direction: Direction) -> None:
    found = catalog.match(name)
    assert found is not None and found.direction is direction


def test_normalisation_folds_brackets_prefixes_and_ratio_words() -> None:
    assert normalize_indicator_name("其中：学前三年毛入园率（%）") == normalize_indicator_name("学前教育毛入园率")
    assert normalize_indicator_name("财政性教育经费占一般公共预算支出的比例") == \
        normalize_indicator_name("财政性教育经费占一般公共预算支出比例")
    assert normalize_indicator_name("小学在校生数") != normalize_indicator_name("初中在校生数")


def test_units_compatible() -> None:
    assert units_compatible("万人", "人") and units_compatible(None, "%") and units_compatible("%", "%")
    assert not units_compatible("%", "万人") and not units_compatible("万元", "万人")


def test_catalog_refuses_a_name_claimed_by_two_entries() -> None:
    with pytest.raises(ValueError, match="同时属于"):
        Catalog([entry("a", "甲率", synonyms=("乙率",)), entry("b", "乙比例")])


def test_catalog_refuses_duplicate_ids() -> None:
    with pytest.raises(ValueError, match="编号重复"):
        Catalog([entry("a", "甲率"), entry("a", "乙率")])


def test_unmapped_reports_unknown_indicators() -> None:
    small = Catalog([entry("rate", "某率")])
    known, unknown = Indicator(name="某率", unit="%"), Indicator(name="未知指标", unit="%")
    assert small.unmapped([known, unknown]) == [unknown]


def test_bundled_catalog_entries_are_well_formed() -> None:
    raw = json.loads(resources.files("eduplan.data").joinpath("catalog.json").read_text(encoding="utf-8"))
    built = catalog_from_dicts(raw)
    assert len(built.entries) == len(raw) >= 30
    for item in built.entries:
        assert re.fullmatch(r"[a-z][a-z0-9_]*", item.id), item.id
        assert item.trajectory in ("linear", "compound")
        if item.unit == "%":
            assert item.max_value == 100 and item.trajectory == "linear", item.id
        if item.unit in ("万人", "人"):
            assert item.trajectory == "compound", item.id


def test_every_indicator_of_the_plans_maps_to_the_catalog(plans_dir: Path, catalog: Catalog) -> None:
    for plan in ("bishan", "fuling", "nanchuan", "qianjiang", "yuzhong"):
        indicators = extract_indicators(read_document(plans_dir / f"{plan}.txt"))
        assert catalog.unmapped(indicators) == [], plan
        assert all(i.catalog_id and i.direction for i in indicators), plan
