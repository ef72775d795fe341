"""`eduplan report`: write an evaluation, comparison or inspection report as docx, pdf or xlsx."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated

import typer

from eduplan.cli.app import app
from eduplan.cli.common import database_url, out, region_option, run
from eduplan.core.errors import InputError

KINDS = {"evaluation": "评估报告", "comparison": "区县比较报告", "inspection": "督导评估准备情况报告"}


@app.command("report")
def report(
    output: Annotated[Path, typer.Option("-o", "--output", help="输出文件（.docx、.pdf 或 .xlsx）。")],
    region: Annotated[str | None, typer.Option("--region", help="区县（评估报告、督导评估准备情况报告）。", callback=region_option)] = None,
    evaluation: Annotated[int | None, typer.Option("--evaluation", help="评估编号（eduplan 评估记录的编号）；不给时用 --region 区县最新一次评估。")] = None,
    fmt: Annotated[str | None, typer.Option("--format", help="docx、pdf 或 xlsx，默认按输出文件扩展名。")] = None,
    kind: Annotated[str, typer.Option("--kind", help="evaluation（评估报告，默认）、comparison（区县比较）或 "
                                                     "inspection（督导评估准备情况）。")] = "evaluation",
    year: Annotated[int | None, typer.Option("--year", help="比较年份或学校统计年份。")] = None,
    issuer: Annotated[str | None, typer.Option("--issuer", help="发文机关署名（全称），默认为区县教育行政部门全称，"
                                                              "如“重庆市南川区教育委员会”。")] = None,
    date: Annotated[str | None, typer.Option("--date", help="成文日期 YYYY-MM-DD，默认为评估运行的日期"
                                                          "（比较报告为比较年份12月31日）。")] = None,
    addressee: Annotated[str, typer.Option("--to", "--addressee", help="主送机关，如“区人民政府”。")] = "",
    annotation: Annotated[str, typer.Option("--note", "--annotation", help="附注，如“此件公开发布”。")] = "",
) -> None:
    """生成评估报告（Word、PDF 或 Excel），公文格式，含图表；模拟数据在每页页眉注明。"""
    from eduplan.reports.output import report_format, write_report
    from eduplan.services import reports as assembly
    from eduplan.services.evaluations import latest_evaluation_id
    from eduplan.uow import unit_of_work

    chosen = run(lambda: report_format(output, fmt))
    day = run(lambda: report_date(date))
    url = database_url()
    extra = {"addressee": addressee, "annotation": annotation}

    def work() -> Path:
        with unit_of_work(url) as session:
            if kind == "evaluation":
                if evaluation is None and region is None:
                    raise InputError("生成评估报告需要 --evaluation（评估编号）或 --region（区县：用其最新一次评估）")
                chosen_id = evaluation if evaluation is not None else latest_evaluation_id(session=session,
                                                                                           region=str(region))
                built = assembly.evaluation_report_from_store(session=session, evaluation_id=chosen_id,
                                                              region=region, issuer=issuer, date=day, **extra)
            elif kind == "comparison":
                if year is None:
                    raise InputError("生成区县比较报告需要 --year（比较年份）")
                built = assembly.comparison_report_from_store(session=session, year=year, date=day,
                                                              issuer=issuer, **extra)
            elif kind == "inspection":
                if region is None:
                    raise InputError("生成督导评估准备情况报告需要 --region（区县）")
                built = assembly.inspection_report_from_store(session=session, region=region, year=year,
                                                              issuer=issuer, date=day, **extra)
            else:
                raise InputError(f"报告类型“{kind}”无效，应为 {'、'.join(KINDS)}")
            return write_report(built, output, chosen)

    written = run(work)
    out.print(f"已生成{KINDS.get(kind, '报告')}：{written}", markup=False)


def report_date(text: str | None) -> dt.date | None:
    """The --date value as a date; InputError naming the expected form."""
    if text is None:
        return None
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise InputError(f"--date “{text}”不是有效日期，应写作 YYYY-MM-DD，如 2026-12-02") from None
