"""A small synthetic plan document, written for the web tests (no real plan text)."""

from __future__ import annotations


def synthetic_plan(region: str = "试验区", title_suffix: str = "") -> bytes:
    """A district plan with one indicator table, prose targets, a programme, tasks and a project."""
    title = f"{region}教育事业发展“十四五”规划{title_suffix}"
    text = f"""重庆市{region}人民政府
关于印发《{title}》的通知
{region[:2]}府发〔2022〕7号
各街道办事处，区政府各部门：
现将《{title}》印发给你们，请认真贯彻执行。
重庆市{region}人民政府
2022年3月1日
{title}
（2021—2025年）
一、发展目标
到2025年，学前三年毛入园率达到95%以上，新增公办幼儿园3所。
专栏1 {region}“十四五”教育发展主要指标
类别\t指标\t单位\t2020年\t2025年\t属性
学前教育\t学前三年毛入园率\t%\t92\t≥95\t预期性
义务教育\t九年义务教育巩固率\t%\t96\t≥97\t约束性
二、主要任务
（一）推动学前教育普及普惠
1.扩大普惠性资源。新建公办幼儿园3所。（责任单位：区教委、区发展改革委）
（二）推进义务教育优质均衡
2.改善办学条件。完成试验小学改扩建。（责任单位：区教委）
"""
    return text.encode("utf-8")
