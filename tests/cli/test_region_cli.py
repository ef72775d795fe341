"""`eduplan extract / ingest --region`: the region a person names, checked against the division list."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

SHARED_NAME = "鼓楼区教育事业发展“十四五”规划\n一、发展目标\n到2025年，学前三年毛入园率达到95%以上。\n"
NO_NAME = "一、发展目标\n到2025年，学前三年毛入园率达到95%以上，新增公办幼儿园3所。\n"


@pytest.fixture
def shared_name(tmp_path: Path) -> Path:
    path = tmp_path / "gulou.txt"
    path.write_text(SHARED_NAME, encoding="utf-8")
    return path


def test_extract_without_a_region_succeeds_with_the_finding_and_its_candidates(run, shared_name: Path) -> None:
    result = run("extract", shared_name, "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["plan"]["region"] == "" and data["plan"]["region_code"] is None
    finding = data["findings"][0]
    assert finding["kind"] == "region_unknown" and "350102" in finding["data"]["candidates"]


@pytest.mark.parametrize("given", ["福州市鼓楼区", "350102", "福建省福州市鼓楼区"])
def test_extract_with_region_sets_name_code_and_level(run, shared_name: Path, given: str) -> None:
    data = json.loads(run("extract", shared_name, "--json", "--region", given).stdout)
    assert (data["plan"]["region"], data["plan"]["region_code"], data["plan"]["region_level"]) == (
        "鼓楼区", "350102", "county")
    assert all(f["kind"] != "region_unknown" for f in data["findings"])


@pytest.mark.parametrize(("given", "message"), [
    ("鼓楼区", "4 个同名行政区"), ("某某区", "名录中没有“某某区”"), ("999999", "名录中没有"),
])
def test_an_unknown_or_ambiguous_region_is_refused_in_chinese(run, shared_name: Path, given: str,
                                                              message: str) -> None:
    for command in ("extract", "ingest"):
        result = run(command, shared_name, "--region", given)
        assert result.exit_code == 2 and message in result.stderr and "--region" in result.stderr
        assert len(result.stderr.strip().splitlines()) == 1
    assert "还没有规划" in run("plans", "list").stdout


def test_ingest_without_a_region_refuses_and_stores_nothing(run, tmp_path: Path, shared_name: Path) -> None:
    plain = tmp_path / "excerpt.txt"
    plain.write_text(NO_NAME, encoding="utf-8")
    for path, hint in ((plain, ""), (shared_name, "福建省福州市鼓楼区（350102）")):
        result = run("ingest", path)
        assert result.exit_code == 2, result.output
        assert "未能识别规划所属的行政区" in result.stderr and "--region" in result.stderr
        assert path.name in result.stderr and hint in result.stderr
    assert "还没有规划" in run("plans", "list").stdout


def test_ingest_with_region_stores_the_plan_under_it(run, shared_name: Path) -> None:
    result = run("ingest", shared_name, "--region", "350102")
    assert result.exit_code == 0, result.output
    exported = json.loads(run("export", "鼓楼区").stdout)
    assert exported["plan"]["region"] == "鼓楼区" and exported["plan"]["region_code"] == "350102"
    assert exported["plan"]["region_level"] == "county"
