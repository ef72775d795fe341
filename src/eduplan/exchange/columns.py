"""The columns of the yearly collection workbook: header keys, the source lists, `Column`.

One vocabulary for the template writer (`template`) and the import (`imports` and its modules):
a header cell is matched on its key, the text before any bracket.
"""

from __future__ import annotations

from dataclasses import dataclass

# Header keys: a header cell is matched on the text before any bracket (“本年值（2023年）” → 本年值).
REGION, YEAR, NOTE, SOURCE = "区县", "年度", "备注", "来源"
IND_ID, IND_NAME, UNIT, BASELINE, PREVIOUS, TARGET, STORED, VALUE = (
    "指标编号", "指标名称", "单位", "基期值", "上年值", "目标值", "已存值", "本年值")
TASK_ID, TASK_TITLE, LEAD, PROGRESS, PERCENT, EVIDENCE, REPORTER = (
    "任务编号", "任务名称", "牵头单位", "进展情况", "完成进度", "佐证材料", "填报人")
PROJ_TABLE, PROJ_SEQ, PROJ_NAME, PLANNED_START, PLANNED_FINISH = "项目表", "序号", "项目名称", "计划开工", "计划竣工"
ACTUAL_START, ACTUAL_FINISH, INVESTMENT, PLACES = "实际开工", "实际竣工", "本年完成投资", "本年新增学位"
FIN_CODE, FIN_ITEM, AMOUNT = "经费编号", "经费项目", "数值"
TARGET_KEY, TARGET_SUBJECT = "目标编号", "目标内容"

SOURCES = ("教育事业统计", "教育经费统计", "人口统计", "部门报表", "抽样调查", "其他")
FINANCE_SOURCES = ("财政决算", "教育经费统计", "部门预算", "人社部门", "其他")


@dataclass(frozen=True)
class Column:
    """A template column: header text, width, whether users fill it, whether it is hidden."""

    title: str
    width: float
    fill: bool = False
    hidden: bool = False
    text: bool = False  # formatted as text so Excel keeps “2023-09” as typed
