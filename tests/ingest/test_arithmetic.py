"""Place balances and printed totals stated in the prose, checked for their arithmetic."""

from __future__ import annotations

from pathlib import Path

import pytest

from eduplan.ingest.arithmetic import check_text_arithmetic, place_computations
from eduplan.ingest.projects.extract import extract_projects
from eduplan.ingest.readers.document import Document, lines_from_text, read_document
from tests.conftest import PLAN_FILES


def doc_of(text: str) -> Document:
    return Document(lines=tuple(lines_from_text(text)), file="test.txt")


def kinds(text: str) -> list[tuple[str, int | None]]:
    return [(f.kind, f.source.line) for f in check_text_arithmetic(doc_of(text))]


def test_a_gap_that_is_not_demand_less_existing_places_is_a_finding() -> None:
    text = "概况\n预计到2025年城区小学生将达12000人，现有学位9000个，缺口3500个学位。\n"
    [finding] = check_text_arithmetic(doc_of(text))
    assert (finding.kind, finding.source.line) == ("place_arithmetic", 2)
    assert "12000" in finding.message and "9000" in finding.message and "3000" in finding.message


def test_a_correct_place_balance_gives_no_finding_and_is_read() -> None:
    text = ("预计到2024年，城区在园幼儿有8000人，现有公办园学位2500个、民办园学位3000个，共有学位5500个，"
            "缺口2500个学位。通过回购2所幼儿园新增学位1000个；新建3所幼儿园，新增1500个学位。共新增2500个学位。")
    assert kinds(text) == []
    [pc] = place_computations(doc_of(text))
    assert (pc.demand, pc.existing, pc.gap, pc.new_parts, pc.new_total) == (8000, 5500, 2500, [1000, 1500], 2500)


def test_new_places_short_of_the_gap_are_a_finding() -> None:
    text = "城区学生需要学位10000个，现有学位7000个，缺口3000个学位。新增学位1000个、1500个。"
    [finding] = check_text_arithmetic(doc_of(text))
    assert finding.kind == "place_arithmetic" and finding.data["added"] == 2500


def test_a_printed_total_that_differs_from_its_parts_is_a_finding() -> None:
    text = "现有公办幼儿园学位1800个、民办幼儿园学位4200个，共有学位6100个。"
    [finding] = check_text_arithmetic(doc_of(text))
    assert finding.kind == "text_sum_mismatch"
    assert (finding.data["printed"], finding.data["computed"]) == (6100, 6000)


@pytest.mark.parametrize("text", [
    "新建学校3所、幼儿园5所，新增学位2000个、1000个，共新增学位3000个。",  # schools never add to places
    "全区共有学校120所，在校学生8.5万人。",  # a total with no parts
    "新增学位约2000个、1000个，共新增学位3500个。",  # approximate figures are not arithmetic
    "第1个、第2个项目共投资3000万元。",
])
def test_totals_without_comparable_parts_give_no_finding(text: str) -> None:
    assert kinds(text) == []


def test_nanchuan_place_balance_is_read_and_its_off_by_one_totals_are_findings(plans_dir: Path) -> None:
    doc = read_document(plans_dir / "nanchuan.txt")
    [pc] = place_computations(doc)
    assert (pc.demand, pc.existing, pc.gap) == (11520, 6038, 5482)
    assert (pc.new_parts, pc.new_total) == ([2005, 3480], 5485)
    assert "11520" in doc.line(pc.line)
    assert check_text_arithmetic(doc) == []  # the prose computation itself holds
    # the off-by-one totals are in the kindergarten table the computation summarises
    off = [(f.data["printed"], f.data["computed"]) for f in extract_projects(doc).findings]
    assert (2005, 2006) in off and (20555, 20556) in off


@pytest.mark.parametrize("name", PLAN_FILES)
def test_sample_plans_prose_arithmetic_holds(plans_dir: Path, name: str) -> None:
    # verified by hand: the five plans' prose totals and place balances add up
    assert check_text_arithmetic(read_document(plans_dir / f"{name}.txt")) == []
