"""The signals an answer is judged on, from what its candidates and citations found.

`cite` (qa.answering.respond) reports what the typed checks found in the cited passages
(`Cited`); here those findings, the retrieval scores and the question's names, figures and
years become one `Evidence`, which the calibrated model and the outright rules of
qa.answering.answer read. Kept apart from the stages that make citations, so each fact the
decision rests on is computed in one place.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from qa.answering import dating
from qa.answering.answer import AnswerPart, Citation
from qa.answering.candidates import Candidates, Chosen
from qa.answering.decline import Evidence
from qa.answering.highlight import coverage
from qa.answering.request import Context, Request
from qa.index import store
from qa.ingest.paragraphs import Paragraph
from qa.language.lexicon import ACRONYM_JOINERS
from qa.language.text import YEAR, terms


@dataclass(frozen=True, slots=True)
class Cited:
    """The citations of one answer, the words each gives it, and what the typed checks found."""

    citations: list[Citation]
    parts: list[AnswerPart]
    paragraphs: list[Paragraph]
    typed_found: bool
    focus_found: bool
    entity_found: bool  # a top passage's answering sentence holds an entity of the asked-for type
    sentence_coverage: float  # the best share of the question's terms one answering sentence holds
    typed_coverage: float  # the same, of sentences holding an entity of the asked-for type
    sentence_dense: float  # the best cosine of one answering sentence to the question
    other_voice: str | None = None  # the source asked had none, and a figure there was this speaker's


def evidence(
    context: Context,
    request: Request,
    candidates: Candidates,
    chosen: Chosen,
    cited: Cited,
    speaker: str | None,
) -> Evidence:
    """The signals the answer is judged on (`qa.answering.answer.abstention_reason`)."""
    snapshot, query, features = context.snapshot, request.query, request.features
    top = [candidates.dense_of.get(row, 0.0) for row, _ in chosen.passages]
    asked_names = (*query.names, *([query.focus] if query.focus else []))
    figures_absent = _absent(cited.paragraphs[:1], [(f, f) for f in query.figures])
    missing = tuple(
        name
        for name, term in asked_names
        if features.name_check
        and (
            not _mentioned(snapshot, name, term, cited.paragraphs)
            or _filtered_out(snapshot, term, candidates.allowed)
        )
    )
    idf = snapshot.vocabulary.idf
    lexical_of = {hit.row: hit.lexical for hit in candidates.fused}
    weight = sum(max(idf(t), 0.1) for t in query.terms) or 1.0
    unknown = [
        t for t in query.terms if not (snapshot.vocabulary.knows(t) or snapshot.vocabulary.resembles(t))
    ]
    ranked = sorted(top, reverse=True)
    return Evidence(
        top_dense=max(top, default=0.0),
        top_coverage=max((coverage(query, p.text, idf) for p in cited.paragraphs), default=0.0),
        missing_names=missing,
        kind=query.kind,
        unquoted=context.attributions.unquoted(snapshot, query, chosen.quotes)
        if features.attribution
        else None,
        untyped=not cited.typed_found,
        unfocused=query.focus[0] if query.focus and not cited.focus_found else None,
        speaker=speaker,
        role_holder=chosen.holder.speaker.name if chosen.holder is not None else None,
        all_quotes=bool(chosen.speaker_rows)
        and speaker is not None
        and (not query.topic or bool(query.mention)),
        filters=query.filters.tokens(),
        dense_margin=ranked[0] - ranked[1] if len(ranked) > 1 else ranked[0] if ranked else 0.0,
        top_lexical=max((lexical_of.get(row, 0.0) for row, _ in chosen.passages[:3]), default=0.0) / weight,
        names_asked=len(asked_names),
        expects=bool(query.expects),
        typed=cited.entity_found,
        quoted_rows=len(chosen.speaker_rows),
        terms=len(query.terms),
        unknown_terms=len(unknown),
        sentence_coverage=cited.sentence_coverage,
        typed_coverage=cited.typed_coverage,
        sentence_dense=cited.sentence_dense,
        absent_from_top=_absent(cited.paragraphs[:1], asked_names),
        figures_asked=len(query.figures),
        figures_absent=figures_absent,
        figures_unknown=sum(not snapshot.vocabulary.knows(f) for f in query.figures),
        years_instead=_years_instead(cited.paragraphs[:1], query.figures, figures_absent),
        age=query.age,
        past=dating.past_articles(snapshot, query.figures, (p.doc for p in cited.paragraphs)),
        other_voice=(cited.other_voice, query.source) if cited.other_voice and query.source else None,
    )


_CAPITALISED_RUN = re.compile(rf"(?:\b[A-Z][\w’'\-]*(?:\s+(?:{'|'.join(ACRONYM_JOINERS)})\s+|\s+)?)+")


def _mentioned(snapshot: store.Snapshot, name: str, term: str, cited: list[Paragraph]) -> bool:
    """Does the corpus hold the name, as typed, misspelt, run together or as the words of an acronym?

    "Superbowl" is "Super Bowl"; "UMC" is "United Methodist Church" in a cited passage.
    """
    lexical = snapshot.vocabulary
    if lexical.knows(term) or lexical.resembles(term):
        return True
    word = name.strip("’'s") if name.isupper() else name
    halves = ((word[:cut], word[cut:]) for cut in range(3, len(word) - 2))
    if any(
        all(lexical.knows(t) for t in terms(f"{a} {b}")) and len(terms(f"{a} {b}")) == 2 for a, b in halves
    ):
        return True
    if word.isupper() and len(word) >= 2:
        wanted = word.lower()
        for paragraph in cited:
            for run in _CAPITALISED_RUN.finditer(paragraph.text):
                initials = "".join(w[0] for w in run.group().split() if w[:1].isupper()).lower()
                if wanted in initials:
                    return True
    return False


def _absent(paragraphs: list[Paragraph], names: Sequence[tuple[str, str]]) -> tuple[str, ...]:
    """The names asked about that the passages do not hold (the best passage: a near miss names others)."""
    held = {t for p in paragraphs for t in terms(p.text)}
    return tuple(name for name, term in names if term not in held)


def _years_instead(
    paragraphs: list[Paragraph], figures: Sequence[str], absent: Sequence[str]
) -> tuple[str, ...]:
    """The years the best passage gives when it lacks (`absent`) a year asked for: "a target for 2005",
    asked 2006. Read from the same absence the reason names, so "gives 2005, not 2006" always has both."""
    if not any(YEAR.fullmatch(f) for f in absent):
        return ()
    given = dict.fromkeys(y for p in paragraphs for y in YEAR.findall(p.text))
    return tuple(y for y in given if y not in figures)


def _filtered_out(snapshot: store.Snapshot, term: str, allowed: np.ndarray | None) -> bool:
    """A name the corpus has, but no article the filters allow."""
    if allowed is None or not snapshot.vocabulary.knows(term):
        return False
    return not snapshot.search.lexical((term,), 1, allowed, ()).top
