"""Quantified targets stated in prose, and the key programmes (专栏) that hold them."""

from __future__ import annotations

from collections.abc import Callable

from eduplan.core.plan import Programme, ProseTarget, Source
from eduplan.ingest.programmes import find_boxes
from eduplan.ingest.readers.document import Document
from eduplan.ingest.targets.dates import is_baseline, mask_from_values, plan_end_year, target_year, tense
from eduplan.ingest.targets.enumerations import LIST_ITEM_RE, enumeration_targets, find_enumerations, mask_enumerations
from eduplan.ingest.targets.paragraphs import Paragraph, paragraphs, sentences
from eduplan.ingest.targets.patterns import TENSE_RE
from eduplan.ingest.targets.quantities import (
    Clause,
    Quantity,
    catalog_matcher,
    clauses,
    programme_at,
    quantities,
    read_target,
)


def _prose_target(quantity: Quantity, clause: Clause, paragraph: Paragraph, year: int | None, doc: Document,
                  boxes: list[tuple[int, int, str]], match_catalog: Callable[[str], str | None]) -> ProseTarget:
    op, value, value_max, unit = read_target(quantity)
    line = paragraph.lines[clause.offset + quantity.match.start("num")]
    return ProseTarget(
        subject=quantity.subject, op=op, value=value, value_max=value_max, unit=unit, year=year,
        text=paragraph.text[clause.offset: clause.offset + len(clause.text)].strip("，、。；"),
        programme=programme_at(boxes, line),
        catalog_id=match_catalog(quantity.subject), source=Source(line=line, file=doc.file))


def extract_prose_targets(doc: Document, *, end_year: int | None,
                          programmes: list[tuple[int, int, str]] | None = None) -> list[ProseTarget]:
    """Quantified targets stated in a document's prose (goal sections, 专栏, measures).

    Text about the past is left out: a paragraph that opens with a status (“目前”, “五年来”,
    “截至2020年底”) is an account of it up to a clause that turns to the plan (“到2025年”,
    “将”, “力争”), and the list items after such a paragraph belong to the account too.
    """
    boxes = programmes or []
    match_catalog = catalog_matcher()
    plan_end = plan_end_year(doc, end_year)
    targets: list[ProseTarget] = []
    ctx_year: int | None = None
    section = -1
    past_lead = False  # the last paragraph was an account of the past: its list items are too
    for paragraph in paragraphs(doc):
        if paragraph.section != section:
            section, ctx_year = paragraph.section, paragraph.heading_year
        if paragraph.past or paragraph.heading:
            continue
        item = bool(LIST_ITEM_RE.match(paragraph.text))
        past = past_lead and item
        paragraph_year: int | None = None
        sentence_year: int | None = None
        carry: list[Quantity] = []
        last_subjects: list[str] | None = None  # “…分别达到…；2020年分别达到…” pairs with the same subjects
        for index, (start, end) in enumerate(sentences(paragraph)):
            sentence = paragraph.text[start:end]
            sentence = mask_from_values(sentence)
            if is_baseline(sentence, plan_end):
                past = True
                continue
            enumerations = find_enumerations(sentence)
            sentence = mask_enumerations(sentence, enumerations)
            # A year and a subject carry over a semicolon (one sentence in parts), not a full stop.
            joined = index > 0 and paragraph.text[start - 1] in "；;"
            carry = carry if joined else []
            sentence_year = sentence_year if joined else None
            quantified = False
            marked = TENSE_RE.search(sentence) is not None
            dated = "年" in sentence or "五" in sentence
            for clause in clauses(sentence, start):
                if marked:
                    past = tense(clause.text, past, plan_end)
                # A year governs its own clause and those after it (“到2025年，…”), not earlier ones.
                if dated:
                    sentence_year = target_year(clause.text, end_year, plan_end) or sentence_year
                if paragraph.goal and ctx_year is None and sentence_year is not None:
                    ctx_year = sentence_year  # the section's first “到2025年” dates its items
                if index == 0 and not quantified and sentence_year is not None:
                    paragraph_year = sentence_year  # “到2022年，…” opening a paragraph dates all of it
                year = sentence_year or paragraph_year or (ctx_year if paragraph.goal else None) or plan_end
                for enumeration in enumerations:
                    if clause.offset - start <= enumeration.position < clause.offset - start + len(clause.text):
                        subjects = enumeration.subjects or last_subjects
                        if subjects is not None and len(subjects) == len(enumeration.values):
                            last_subjects = subjects
                            if not past:
                                targets.extend(enumeration_targets(enumeration, subjects, paragraph.text[start:end],
                                                                    start, paragraph, year, doc, boxes,
                                                                    match_catalog))
                for quantity in quantities(clause, carry):  # a past quantity still lends its subject
                    quantified = True
                    if not past:
                        targets.append(_prose_target(quantity, clause, paragraph, year, doc, boxes, match_catalog))
        if not item:
            past_lead = past
    return targets


def extract_targets(doc: Document, *, end_year: int | None) -> tuple[list[ProseTarget], list[Programme]]:
    """Prose targets (goal sections, 专栏, measures) and the programmes."""
    boxes = find_boxes(doc)
    spans = [(box.first, box.last, box.programme.title) for box in boxes]
    targets = extract_prose_targets(doc, end_year=end_year, programmes=spans)
    return targets, [box.programme for box in boxes]
