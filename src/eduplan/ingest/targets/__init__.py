"""Quantified targets stated in prose, and the key programmes (专栏) that hold them.

The text is read paragraph by paragraph (PDF lines broken mid-sentence are joined first),
sentence by sentence, clause by clause. A clause yields a target when it holds a quantity
(a number with a counting unit or a percentage, or a number after a comparison word)
together with a commitment cue (an operator such as 达/以上/不低于, or a verb such as
新增/建成/培育). Sections about the past (发展环境, “十三五”成就), table rows, appendices
and slogans (“1+N”, “四个自信”) are skipped; “一批” and “逐年提高” carry no number and
yield nothing.

Within the text, a status word (目前, 五年来, 截至2020年底, 已达到, “十三五”期间 in a later
plan) puts the clauses after it in the past until a word of the plan (到2025年, 将, 力争);
the starting value of “由85%提高到91%” is a baseline. “A、B和C分别达到X、Y和Z” pairs each
subject with its value. A year dates its clause and the ones after it up to a full stop, and a
paragraph whose first sentence opens with one. Web-page copies (lines not wrapped at a page
width) end a paragraph at a blank line, part a headline from its body at a space, and their
page chrome is skipped.
"""

from eduplan.ingest.targets.extract import extract_prose_targets, extract_targets

__all__ = ["extract_prose_targets", "extract_targets"]
