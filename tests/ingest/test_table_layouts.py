"""Every table layout gives the expected indicators and projects: an oracle independent of the extractor.

The documents are generated from the expected fixtures (tests/data/expected) by
tests/ingest/layouts_oracle.py, the way a user's tool writes a table — never through the
extractor's own table readers — and the extraction of each is compared with the fixture,
every field of every indicator and project (yearly amounts in their years, places, areas,
the printed cells of every column).
"""

from __future__ import annotations

import ast
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from eduplan.core.interchange import plan_to_dict
from eduplan.ingest.extract import extract_plan
from eduplan.ingest.readers.document import Document, read_bytes
from eduplan.ingest.tables.model import HeaderCell, leaf_labels, pipe_cells_at
from tests.ingest import layouts_oracle as oracle
from tests.ingest import variants

PLANS = ("bishan", "fuling", "nanchuan", "yuzhong")
TEXT_LAYOUTS = ("tab", "cells", "space", "space-aligned", "pipe-outer", "pipe-bare", "pipe-trailing",
                "pipe-markdown", "pipe-sub-aligned")
LAYOUTS = (*TEXT_LAYOUTS, "gb18030", "docx", "pdf-grid", "pdf-nogrid")
_PLACEHOLDERS = ("", "—", "-")


def _document(plan: str, layout: str, *, adjacent: bool = False, style: str = "plain",
              header: str = "years") -> Document:
    options: dict[str, Any] = {"adjacent": adjacent, "style": style, "header": header}
    if layout == "docx":
        return read_bytes(oracle.docx_document(plan, **options), suffix=".docx", file=f"{plan}.docx")
    if layout.startswith("pdf-"):
        font = variants.find_cjk_font()
        if font is None:
            pytest.skip("系统中没有中文 TrueType 字体（如 fonts-wqy-microhei），无法生成 PDF 变体")
        data = oracle.pdf_document(plan, font=font, grid=layout == "pdf-grid", **options)
        return read_bytes(data, suffix=".pdf", file=f"{plan}.pdf")
    if layout == "gb18030":
        return read_bytes(oracle.text_document(plan, "tab", **options).encode("gb18030"), suffix=".txt")
    return read_bytes(oracle.text_document(plan, layout, **options).encode(), suffix=".txt")


@pytest.fixture(scope="module")
def extracted() -> Callable[..., dict[str, Any]]:
    cache: dict[tuple[Any, ...], dict[str, Any]] = {}

    def get(plan: str, layout: str, *, adjacent: bool = False, style: str = "plain",
            header: str = "years") -> dict[str, Any]:
        key = (plan, layout, adjacent, style, header)
        if key not in cache:
            doc = _document(plan, layout, adjacent=adjacent, style=style, header=header)
            cache[key] = plan_to_dict(extract_plan(doc))
        return cache[key]

    return get


def _indicator(d: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in d.items() if k not in ("line", "source", "kind")}


def _project(d: dict[str, Any], fields: list[str]) -> dict[str, Any]:
    out = {k: d.get(k) for k in fields if k not in ("line", "source")}
    out["columns"] = {k: "" if v.strip() in _PLACEHOLDERS else "".join(v.split()) for k, v in d["columns"].items()}
    if out.get("period"):
        out["period"] = list(out["period"] or [])
    return out


def _check_indicators(got: dict[str, Any], plan: str, style: str = "plain") -> None:
    expected = oracle.expected_indicators(oracle.load(plan, "indicators"), style)
    assert [_indicator(i) for i in got["indicators"]] == [_indicator(i) for i in expected]


def _check_projects(got: dict[str, Any], plan: str, header: str = "years") -> None:
    expected = oracle.expected_projects(oracle.load(plan, "projects")["projects"], header)
    fields = list(expected[0])
    assert [_project(p, fields) for p in got["projects"]] == [_project(p, fields) for p in expected]
    assert not [f for f in got["findings"] if f["kind"] == "table_cell_unplaced"]


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("plan", PLANS)
def test_indicators_in_every_layout(extracted, plan: str, layout: str) -> None:
    _check_indicators(extracted(plan, layout), plan)


@pytest.mark.parametrize("adjacent", [False, True])
@pytest.mark.parametrize("plan", PLANS)
def test_indicators_in_web_page_copies(extracted, plan: str, adjacent: bool) -> None:
    """A cell per line with a blank line between cells, a merged cell written once (indicator tables)."""
    got = extracted(plan, "web", adjacent=adjacent)
    _check_indicators(got, plan)
    assert not [f for f in got["findings"] if f["kind"] == "table_cell_unplaced" and "指标" in f["message"]]


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("plan", [p for p in PLANS if oracle.load(p, "projects")])
def test_projects_in_every_layout(extracted, plan: str, layout: str) -> None:
    _check_projects(extracted(plan, layout), plan)


@pytest.mark.parametrize("layout", ["tab", "cells", "space", "pipe-outer", "docx", "pdf-grid"])
@pytest.mark.parametrize("plan", PLANS)
def test_tables_following_one_another_stay_apart(extracted, plan: str, layout: str) -> None:
    got = extracted(plan, layout, adjacent=True)
    _check_indicators(got, plan)
    if oracle.load(plan, "projects"):
        _check_projects(got, plan)


@pytest.mark.parametrize("layout", ["tab", "cells", "space", "pipe-outer", "docx", "pdf-grid"])
@pytest.mark.parametrize("style", [s for s in oracle.STYLES if s != "plain"])
@pytest.mark.parametrize("plan", ["fuling", "nanchuan"])
def test_indicator_table_styles(extracted, plan: str, style: str, layout: str) -> None:
    _check_indicators(extracted(plan, layout, style=style), plan, style)


@pytest.mark.parametrize("layout", ["tab", "cells", "pipe-outer", "pipe-sub-aligned", "docx", "pdf-grid", "pdf-nogrid"])
def test_size_columns_under_a_spanned_basic_header(extracted, layout: str) -> None:
    """基本情况 over 占地面积, 建筑面积, 学位: every size lands in its own column."""
    _check_projects(extracted("nanchuan", layout, header="basic"), "nanchuan", "basic")


def test_achievements_stay_apart_from_the_targets_and_commit_to_nothing(extracted) -> None:
    got = extracted("fuling", "pdf-grid", adjacent=True)["indicators"]
    achievements = [i for i in got if "成就" in i["table"]]
    assert achievements and all(i["target"] is None and i.get("kind") == "achievement" for i in achievements)
    targets = [i for i in got if "成就" not in i["table"]]
    assert all("change" not in i["values"] and "kind" not in i for i in targets)


def test_the_oracle_never_reads_with_the_extractor() -> None:
    tree = ast.parse(Path(oracle.__file__).read_text("utf-8"))
    imported = {n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and n.module}
    imported |= {a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
    assert not [m for m in imported if m.startswith("eduplan")]


# --- the header model ------------------------------------------------------------------


def _cells(*texts: str) -> list[HeaderCell]:
    return [HeaderCell(t) for t in texts]


@pytest.mark.parametrize(("rows", "width", "labels"), [
    ([_cells("序号", "名称", "年度投资", "", "备注"), _cells("", "", "2022年", "2023年", "")], None,
     ["序号", "名称", "年度投资2022年", "年度投资2023年", "备注"]),
    ([_cells("序号", "年度投资", "备注"), _cells("", "2022年", "2023年", "")], None,
     ["序号", "年度投资2022年", "年度投资2023年", "备注"]),
    ([_cells("序号", "基本情况", "年度投资", "备注"), _cells("", "占地", "建筑", "2022年", "2023年", "")], None,
     ["序号", "基本情况占地", "基本情况建筑", "年度投资2022年", "年度投资2023年", "备注"]),
    ([_cells("序号", "名称", "年度投资", "", "备注"), _cells("2022年", "2023年")], 5,
     ["序号", "名称", "年度投资2022年", "年度投资2023年", "备注"]),
    ([_cells("序号", "名称", "年度投资", "备注"), _cells("2022年", "2023年")], 5,
     ["序号", "名称", "年度投资2022年", "年度投资2023年", "备注"]),
])
def test_leaf_labels_from_a_parent_row_over_children(rows, width, labels) -> None:
    assert leaf_labels(rows, width) == labels


def test_children_written_under_their_parents_by_position() -> None:
    top = "| 序号 | 基本情况 | 备注 | 年度投资 |"
    sub = " " * 9 + "占地 | 建筑" + " " * 7 + "2022年 | 2023年"  # each run starts under its parent's text
    assert leaf_labels([pipe_cells_at(top), pipe_cells_at(sub)], 6) == [
        "序号", "基本情况占地", "基本情况建筑", "备注", "年度投资2022年", "年度投资2023年"]


def test_children_that_no_parent_can_take_give_no_labels() -> None:
    # two parents that could span, children without positions: which parent owns them is unknown
    assert leaf_labels([_cells("序号", "基本情况", "年度投资"), _cells("a", "b")], 4) is None
