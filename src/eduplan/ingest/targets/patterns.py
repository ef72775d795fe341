"""The words and patterns prose targets are read by: headings, tense marks, operators, units, quantities."""

from __future__ import annotations

import re

from eduplan.core.plan import Op

CN = "一二三四五六七八九十"
L1_RE = re.compile(r"^\s*(?:[" + CN + r"]+\s*、|\d{1,2}\s*、\s*\S{2,12}$|第[" + CN + r"\d]+章)")
L2_RE = re.compile(r"^\s*[（(][" + CN + r"]+[）)]")
#: A heading line that carries its section's first sentence too.
HEADING_BODY_RE = re.compile(r"[。；;！!？?]\s*\S|[，,][^，,]*\d")
#: “2．…” opens a numbered part; “05.22 …” (a date) or “1.5倍” (a decimal) does not.
L3_RE = re.compile(r"^\s*\d{1,2}\s*[.．、]\s*(?!\d)[^。；]{2,30}$")
APPENDIX_RE = re.compile(r"^\s*附\s*[件表录]")
NOTE_RE = re.compile(r"^\s*(?:备注|注)\s*[：:.]")
PAST_RE = re.compile(r"发展环境|发展基础|发展成就|发展现状|成效|主要成就|工作回顾|存在问题|面临挑战|发展机遇|形势")
GOAL_RE = re.compile(r"目标")
TERMINAL = "。！？；;!?："
#: Lines of a web page around the copied text: copyright notices (anywhere), and page chrome or
#: comment boxes (short lines only, as such words also occur in prose: 学籍注册, 登录平台).
WEB_NOTICE_RE = re.compile(r"版权所有|版权及免责|免责声明|不得转载|请勿转载|ICP备|不代表本(?:站|网)")
WEB_CHROME_RE = re.compile(
    r"分享到|责任编辑|来源[:：]|发布时间|发表于|\d+\s*人参与|条评论|回复|登录|注册|点击查看|相关文章|关键词[:：]|"
    r"当前位置|您的位置|浏览次数|阅读次数|上一篇|下一篇|打印本页|关闭窗口")
WEB_CHROME_MAX = 60
#: A wrapped layout (PDF text) has most long lines of one width; a web copy has one line per paragraph.
WRAP_SHARE = 0.3
WRAP_MIN_LINES = 20
MIN_WRAPPED = 18  # a PDF line shorter than this, unpunctuated, is a title, not a wrapped line
CJK_SPACE_RE = re.compile(r"(?<=[\u4e00-\u9fff\d%][\u4e00-\u9fff])[ \t\u3000]+(?=[\u4e00-\u9fff]{2})")  # not “指  标”

_COUNTING_UNITS = ("个", "所", "名", "人", "项", "门", "家", "间", "套", "台", "件", "部", "本", "堂", "节", "篇", "种",
                   "支", "次", "班", "条", "处", "座", "类", "亩", "册", "位", "辆", "张", "场", "元")
UNITS = tuple(sorted({
    "个百分点", "个小时", "平方米", "人次", "课时", "学时", "小时", "公里", "%", "例", "‰", "倍", "年",
    *_COUNTING_UNITS, *("万" + u for u in (*_COUNTING_UNITS, "平方米", "人次")), "亿元", "千米",
}, key=lambda u: (-len(u), u)))  # longest first: “万平方米” before “平方米”, “万个” before “个”
#: Units that count things (a number of them is a count, not a rate).
RATE_UNITS = (None, "%", "‰", "个百分点", "年", "倍")
PREFIX_OPS = (
    ("逐步达到或超过", Op.GE), ("达到或超过", Op.GE), ("不低于", Op.GE), ("不少于", Op.GE), ("不小于", Op.GE),
    ("不超过", Op.LE), ("不高于", Op.LE), ("不大于", Op.LE), ("提高到", Op.GE), ("提高至", Op.GE),
    ("提升到", Op.GE), ("提升至", Op.GE), ("增加到", Op.GE), ("增加至", Op.GE), ("扩大到", Op.GE),
    ("扩大至", Op.GE), ("降低到", Op.LE), ("降低至", Op.LE), ("下降到", Op.LE), ("下降至", Op.LE),
    ("减少到", Op.LE), ("减少至", Op.LE), ("缩减到", Op.LE), ("缩减至", Op.LE), ("压缩到", Op.LE), ("压缩至", Op.LE), ("控制在", Op.LE), ("保持在", Op.EQ),
    ("稳定在", Op.EQ), ("维持在", Op.EQ), ("至少", Op.GE), ("超过", Op.GT), ("高于", Op.GT), ("多于", Op.GT),
    ("大于", Op.GT), ("低于", Op.LT), ("小于", Op.LT), ("少于", Op.LT), ("降至", Op.LE), ("达到", Op.GE),
    ("保持", Op.EQ), ("≥", Op.GE), (">=", Op.GE), (">", Op.GT), ("≤", Op.LE), ("<=", Op.LE), ("<", Op.LT),
    ("达", Op.GE), ("为", Op.EQ), ("近", Op.EQ), ("约", Op.EQ),
)
#: Approximations (“近5000个”, “约3亿元”): they read the value but are no commitment cue of their own.
APPROX = ("近", "约")
SUFFIX_OPS = (("及以上", Op.GE), ("以上", Op.GE), ("及以下", Op.LE), ("以下", Op.LE), ("以内", Op.LE))
#: Verbs that make a counted quantity a commitment (新增公办幼儿园15所).
CUE_VERBS = (
    "新改扩建", "改扩建", "新增", "新建", "建成", "建设", "建好", "创建", "争创", "打造", "培育", "培养", "引进",
    "引入", "扩建", "迁建", "改建", "开发", "评选", "建立", "组建", "选树", "认定", "完成", "实现", "配备", "配齐",
    "招聘", "招录", "接收", "增加", "扩大", "减少", "降低", "提高", "提升", "覆盖", "开展", "举办", "设立", "遴选",
    "推出", "形成", "投用", "投入", "投资", "筹措", "推进", "开工", "续建", "办好", "培训", "布局", "开设", "掌握", "成立", "保障", "派出", "推广", "完善", "选派", "实施", "开办", "力争", "确保", "达",
)
PREPOSITIONS = ("在", "对", "为", "于", "从", "向", "与", "按", "按照", "以")
FILLERS = re.compile(r"^(?:到|至|力争|确保|预计|共|全面|基本|努力|争取|进一步|实现|使|其中|并|和|及|同时|再|累计|共计|"
                      r"还将|也将|将|拟|进而|从而|[●·•▲■◆★□○]|"
                      r"全区|每年|“十四五”期间|“十四五”末|期间|“十四五”时期|末|，|、)+")

NUM = r"\d+(?:\.\d+)?|[零〇两" + CN + r"百千]+"
UNIT_ALT = "|".join(re.escape(u) for u in UNITS)
PREFIX_ALT = "|".join(re.escape(w) for w, _ in PREFIX_OPS)
QUANTITY_RE = re.compile(
    rf"(?P<op>{PREFIX_ALT})?(?P<num>{NUM})(?:\s*[—–\-~～至]\s*(?P<max>{NUM}))?"
    rf"(?P<more>余|多)?(?P<unit>{UNIT_ALT})?(?P<suffix>及以上|以上|及以下|以下|以内|左右)?")
#: “到2025年”, “2025年底前”: the year a target is due. “截至2020年底” is the date of a status.
TARGET_YEAR_RE = re.compile(r"(?:到|(?<![截])至|力争到|力争)\s*(20\d{2})\s*年|(?<!截至)(?<!截止)(?<!\d)(20\d{2})\s*年\s*(?:底前|底|末|前|以前)")
ANY_YEAR_RE = re.compile(r"(?<![\d])((?:19|20)\d{2})\s*年")
PLAN_END_RE = re.compile(r"(?:到|(?<![截])至)“?十([一二三四五六七八九])五”?(?:末|期末|时期末)")
FIVE_YEAR_PERIOD_RE = re.compile(r"十([一二三四五六七八九])五”?(?:期间|时期)")
#: A five-year plan named by its number: “十三五” ends in 2020, “十四五” in 2025.
FIVE_YEAR_RE = re.compile(r"十([一二三四五六七八九])五")
#: Words that put a clause (and the clauses after it) in the past or the present state: an
#: achievement or a baseline (“五年来”, “截至2020年底”, “已达到”, “目前”), not a commitment.
_PAST_MARK_RE = re.compile(
    r"(?:[一二三四五六七八九十两\d]+|近|多|近几|这几|这些)年(?:来|间|以来)|以来|截至|截止|目前|过去|回顾|已经|"
    r"(?<![比较])(?:去年|上年|前年)|此前|同比|环比|"
    r"(?:^|[，,])(?:全区|全县|全市|全省|我区|我县|我市)?现有|"
    r"已(?:达|建|完成|实现|有|累计|形成|覆盖|通过|创建|成为|获|全部|基本|初步|新增|改扩建|投入|培育|培训)")
#: Words that turn the text back to what is to be done.
_FUTURE_MARK_RE = re.compile(r"(?:到|(?<![截])至)\s*20\d{2}\s*年|力争|确保|争取|计划|预计|未来|今后|将|接下来|下一步|规划期")
TENSE_RE = re.compile(rf"(?P<past>{_PAST_MARK_RE.pattern})|(?P<future>{_FUTURE_MARK_RE.pattern})|十(?P<five>[一二三四五六七八九])五|"
                       r"(?<![\d比较以])(?P<year>(?:19|20)\d{2})\s*年(?![\d月])")
#: “由85%提高到91%”, “从166所增加到350所”: the first number is where the change starts.
FROM_VALUE_RE = re.compile(
    r"(?<=[从由])(?:(?:19|20)\d{2}\s*年(?:底|末)?的?|[\u4e00-\u9fff]{0,4}?)\s*\d+(?:\.\d+)?\s*(?:万|亿)?\s*(?:[%‰]|[\u4e00-\u9fff]{0,3}?)(?=\s*(?:(?:增加|提高|提升|降低|下降|减少|增长|"
    r"扩大|上升|缩小|压缩|缩减|调整|发展|增至|降至)(?:到|至|为)?|到|至)\s*\d)")
SENTENCE_END = "。！？；;!?"
CLAUSE_SPLIT_RE = re.compile(r"[，,：:]")


THOUSANDS_RE = re.compile(r"(?<=\d),(?=\d{3}(?![\d%]))")
WAN_MORE_RE = re.compile(r"万(余|多)(?=[个所名人间套台册元平])")


