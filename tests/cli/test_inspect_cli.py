"""`eduplan schools …` and `eduplan inspect …` end to end: template, fill, import, inspections."""

from __future__ import annotations

import json
import re
from pathlib import Path

from openpyxl import load_workbook

from tests.exchange.test_schools import COLUMN, GOOD_ROWS

REGION = "涪陵区"


def _fill(template: Path, rows: list[dict], dest: Path) -> Path:
    wb = load_workbook(template)
    for n, row in enumerate(rows, start=2):
        for key, value in row.items():
            wb["学校"].cell(row=n, column=COLUMN[key], value=value)
    wb.save(dest)
    return dest


def test_template_import_and_every_inspection(run, tmp_path: Path) -> None:
    template = tmp_path / "学校模板.xlsx"
    made = run("schools", "template", template, "--region", REGION, "--year", 2024)
    assert made.exit_code == 0 and template.exists(), made.output
    imported = run("schools", "import", _fill(template, GOOD_ROWS, tmp_path / "filled.xlsx"))
    assert imported.exit_code == 0, imported.output
    assert "新增5条" in imported.stdout

    balance = run("inspect", "balance", "--region", REGION, "--year", 2024)
    assert balance.exit_code == 0, balance.output
    assert "未达标1个：乙小学" in balance.stdout
    assert "1000平方米" in balance.stdout and "丁学校（初中）" in balance.stdout and "3名教师" in balance.stdout

    preschool = run("inspect", "preschool", "--region", REGION, "--year", 2024, "--population", 100)
    assert preschool.exit_code == 0 and "40个公办园学位" in preschool.stdout, preschool.output
    classes = run("inspect", "classes", "--region", REGION, "--year", 2024)
    assert classes.exit_code == 0 and "甲小学：11个班中1个超过标准班额45人" in classes.stdout
    places = run("inspect", "places", "--region", REGION, "--year", 2024, "--demand", "2024=1700")
    assert places.exit_code == 0 and re.search(r"2024\s+1700\s+1575\s+0\s+1575\s+125", places.stdout)
    ready = run("inspect", "readiness", "--region", REGION, "--year", 2024)
    assert ready.exit_code == 0 and "差距最大的条目" in ready.stdout

    # The next year's template is prefilled with the schools just stored.
    assert run("schools", "template", tmp_path / "next.xlsx", "--region", REGION, "--year", 2025).exit_code == 0
    rows = list(load_workbook(tmp_path / "next.xlsx")["学校"].iter_rows(min_row=2, max_col=4, values_only=True))
    assert (REGION, 2025, "S1", "甲小学") in rows and len(rows) == 7  # 丁学校 with its two 学部 rows


def test_bad_workbook_exits_2_with_every_error_located(run, tmp_path: Path) -> None:
    template = tmp_path / "t.xlsx"
    run("schools", "template", template)
    bad = [GOOD_ROWS[0], {**GOOD_ROWS[1], "在校生数": "四百多"}, {**GOOD_ROWS[2], "学校类型": "大学"}]
    result = run("schools", "import", _fill(template, bad, tmp_path / "bad.xlsx"))
    assert result.exit_code == 2
    assert "导入被拒绝：错误2个" in result.stderr
    assert "工作表“学校”，第3行，第H列" in result.stdout and "工作表“学校”，第4行，第E列" in result.stdout
    missing = run("inspect", "balance", "--region", REGION, "--year", 2024)
    assert missing.exit_code == 2 and "没有2024年的学校统计数据" in missing.stderr
    assert len(missing.stderr.strip().splitlines()) == 1
    typo = run("inspect", "places", "--region", REGION, "--year", 2024, "--demand", "2025:1900")
    assert typo.exit_code == 2 and "应写成 年份=学位数" in typo.stderr


def test_standards_overrides_from_a_file(run, tmp_path: Path) -> None:
    template = tmp_path / "t.xlsx"
    run("schools", "template", template)
    assert run("schools", "import", _fill(template, GOOD_ROWS, tmp_path / "f.xlsx")).exit_code == 0
    override = tmp_path / "district.json"
    override.write_text(json.dumps({"id": "district", "version": "1", "extends": "national", "items": {
        "balance.resource.primary.sports_area": {"value": 5, "source": "区县实施方案"}}}), encoding="utf-8")
    result = run("inspect", "balance", "--region", REGION, "--year", 2024, "--standards", "chongqing",
                 "--standards", override)
    assert result.exit_code == 0, result.output
    assert "chongqing@2024.1 + district@1" in result.stdout and "1000平方米" not in result.stdout
    wrong = run("inspect", "balance", "--region", REGION, "--year", 2024, "--standards", "nowhere")
    assert wrong.exit_code == 2 and "未找到标准配置“nowhere”" in wrong.stderr


def test_pass_plan_prints_actions_totals_and_readiness(run, tmp_path: Path) -> None:
    template = tmp_path / "t.xlsx"
    run("schools", "template", template, "--region", REGION, "--year", 2024)
    assert run("schools", "import", _fill(template, GOOD_ROWS, tmp_path / "filled.xlsx")).exit_code == 0
    result = run("inspect", "plan", "--region", REGION, "--by", 2025)
    assert result.exit_code == 0, result.output
    assert "达标方案" in result.stdout and "措施表" in result.stdout and "分年成本" in result.stdout
    assert "乙小学" in result.stdout  # the one failing school gets actions
    assert "实施后达标" in result.stdout
    as_json = run("inspect", "plan", "--region", REGION, "--by", 2025, "--json")
    data = json.loads(as_json.stdout)
    assert data["after_passed"] is True and data["total_cost_wan"] <= data["naive_cost_wan"]
    assert all(a["cost_wan"] >= 0 and a["unit"] in {"人", "m²", "元", "间"} for a in data["actions"])
    costs = tmp_path / "costs.json"
    costs.write_text('{"costs": {"teacher_per_year": "很贵"}}', encoding="utf-8")
    refused = run("inspect", "plan", "--region", REGION, "--by", 2025, "--costs", costs)
    assert refused.exit_code == 2 and "teacher_per_year" in refused.stderr


def test_pass_plan_exports_a_workbook_with_its_actions(run, tmp_path: Path) -> None:
    template = tmp_path / "t.xlsx"
    run("schools", "template", template, "--region", REGION, "--year", 2024)
    assert run("schools", "import", _fill(template, GOOD_ROWS, tmp_path / "filled.xlsx")).exit_code == 0
    dest = tmp_path / "方案.xlsx"
    result = run("inspect", "plan", "--region", REGION, "--by", 2025, "-o", dest)
    assert result.exit_code == 0, result.output
    wb = load_workbook(dest)
    assert "达标措施" in wb.sheetnames and "分年成本" in wb.sheetnames
    rows = list(wb["达标措施"].iter_rows(values_only=True))
    assert any("乙小学" in str(cell) for row in rows for cell in row)
