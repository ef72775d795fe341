"""Construction projects written in prose sentences. Sentences are written for these tests."""

from __future__ import annotations

from eduplan.core.plan import Project
from eduplan.ingest.extract import extract_plan
from eduplan.ingest.prose_projects import PROSE_TABLE, extract_prose_projects
from eduplan.ingest.readers.document import Document, lines_from_text


def _projects(text: str, known: list[Project] | None = None) -> list[Project]:
    return extract_prose_projects(Document(lines=tuple(lines_from_text(text)), file="p.txt"), known)


def test_a_sentence_with_investment_period_and_places_is_a_project() -> None:
    [p] = _projects("三、重点项目\n新建城南实验小学，总投资1.2亿元，建设期2021—2023年，新增学位1500个。\n")
    assert (p.name, p.nature, p.investment_total, p.period, p.places) == (
        "城南实验小学", "新建", 12000, (2021, 2023), 1500)
    assert (p.table, p.source.line) == (PROSE_TABLE, 2)


def test_start_and_finish_years_and_areas_are_read() -> None:
    [p] = _projects("实施第二中学改扩建工程，2022年开工，2024年建成投用，计划投资8600万元，"
                    "建筑面积2.1万平方米，占地30亩。\n")
    assert (p.period, p.investment_total, p.floor_area, p.site_area) == ((2022, 2024), 8600, 21000, 20000.1)
    assert p.nature == "改扩建"


def test_one_figure_alone_is_not_a_project() -> None:
    assert _projects("新建城南实验小学，新增学位1500个。\n") == []


def test_finished_projects_and_projects_the_tables_list_are_left_out() -> None:
    assert _projects("城北幼儿园已建成投用，总投资3000万元，新增学位360个。\n") == []
    known = [Project(name="城南实验小学")]
    assert _projects("新建城南实验小学，总投资1.2亿元，新增学位1500个。\n", known) == []


def test_the_pipeline_adds_prose_projects_to_the_plan() -> None:
    doc = Document(lines=tuple(lines_from_text(
        "某区教育事业发展规划\n三、重点项目\n新建城南实验小学，总投资1.2亿元，建设期2021—2023年，新增学位1500个。\n")))
    assert [p.name for p in extract_plan(doc).projects] == ["城南实验小学"]


def test_the_project_is_named_by_the_clause_before_its_figures() -> None:
    [p] = _projects("此外，县里还将实施城东学校新建工程，总投资3.5亿元，建设期2022—2024年。\n")
    assert (p.name, p.investment_total, p.period) == ("城东学校新建工程", 35000, (2022, 2024))


def test_a_numbered_item_names_its_project_and_its_nature_may_follow() -> None:
    [p] = _projects("专栏5 重点建设项目\n1. 城西初级中学：迁建，总投资9800万元，新增学位1800个。\n")
    assert (p.name, p.nature, p.investment_total, p.places, p.source.line) == ("城西初级中学", "迁建", 9800, 1800, 2)
