"""One question against one loaded index generation, to a cited answer.

The stages, each a function of typed values: candidates (`qa.answering.candidates`:
fused, demoted, a speaker's quotes first, copies collapsed); citations, where in each
passage the sentence that answers is found and inside it the exact span (sum, number,
date, place or name) the question asks for; the evidence the abstention is judged
on (`qa.answering.evidence`); and the composed answer. Each part can be switched off for ablation (`Features`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from qa.answering import mentions, sources, typed
from qa.answering.answer import Answer, AnswerPart, Citation, Source, compose
from qa.answering.candidates import Candidates, Chosen, choose, gather, speaker_quotes
from qa.answering.evidence import Cited, evidence
from qa.answering.highlight import (
    TYPED,
    ScoredSentence,
    Span,
    counts_a_thing,
    highlights,
    score_sentences,
)
from qa.answering.request import Context, Request
from qa.attribution import entities
from qa.attribution.quotes import quote_spans
from qa.attribution.record import Speaker
from qa.attribution.speakers import matches
from qa.ingest.metadata import NO_META
from qa.language.lexicon import SPEECH_VERBS
from qa.language.text import sentence_spans, terms

_WHO_SAID = re.compile(
    rf"^\s*who\s+(?:{'|'.join(f for v in SPEECH_VERBS for f in (v.past, v.present))})\b", re.I
)
TYPED_DEPTH = 3  # a "how much/how many/when" answer must show its figure or date in the top passages


def answer(context: Context, request: Request) -> Answer:
    """The cited answer to one request; passages in `request.exclude` were shown already."""
    candidates = gather(context, request)
    quotes = speaker_quotes(context, request, candidates)
    polar = request.query.mention is not None
    found = mentions.find(context, request, quotes, candidates.allowed)  # "did X mention Y?"
    if found is None and (named := request.query.topic_name) is not None:
        probe = replace(request, query=replace(request.query, mention=named))
        unmentioned = mentions.find(context, probe, quotes, candidates.allowed)
        if unmentioned is not None and not unmentioned.marks:  # "What did X say about Y?": nothing
            request, found = probe, unmentioned
    chosen = mentions.chosen(context, found) if found else choose(context, request, candidates, quotes)
    cited = cite(context, request, candidates, chosen)
    speaker, parts = _voice(context, request, chosen, cited)
    judged = evidence(context, request, candidates, chosen, cited, speaker)
    query = request.query
    question = query.asked or query.text
    if found is not None and query.mention is not None:
        rows = [row for row, _ in chosen.passages]
        return mentions.verdict(
            question, cited.citations, rows, parts, judged, found, query.mention, polar=polar
        )
    return compose(question, cited.citations, parts, judged)


def answer_excluding(context: Context, request: Request, exclude: frozenset[tuple[str, int]]) -> Answer:
    """The answer without the passages in `exclude` (a batch re-asks around a file edited since)."""
    return answer(context, replace(request, exclude=exclude))


def cite(context: Context, request: Request, candidates: Candidates, chosen: Chosen) -> Cited:
    """Each chosen passage as a citation: its highlights, exact span and copies elsewhere."""
    snapshot, query, features = context.snapshot, request.query, request.features
    score_of = {hit.row: hit.score for hit in candidates.fused}
    paragraphs = [snapshot.paragraphs[row] for row, _ in chosen.passages]
    sentence_sims = (
        context.sentences.similarities(request.vector, [p.text for p in paragraphs])
        if features.dense_sentences
        else [None] * len(paragraphs)
    )
    citations: list[Citation] = []
    parts: list[AnswerPart] = []
    typed_found = (query.kind not in TYPED and not query.age) or not features.typed_check
    focus_found = query.focus is None or not features.typed_check
    entity_found = False
    voice: str | None = None  # whose figure, not the asked source's, was left out of a top passage
    sentence_coverage = typed_coverage = sentence_dense = 0.0
    for n, ((row, copies), paragraph, sims) in enumerate(
        zip(chosen.passages, paragraphs, sentence_sims, strict=True), start=1
    ):
        scored = score_sentences(query, paragraph.text, snapshot.vocabulary.idf, sims)
        records = context.attributions.records_at(snapshot, row) if query.source else ()
        held, other = sources.others_left_out(entities.at(snapshot.entities, row), records, query.source)
        choice = typed.choose(query, paragraph.text, scored, held)
        best, span = choice.sentence, choice.span
        if span is not None and sources.other_than(records, span[0], query.source) is not None:
            span = None  # a figure found by pattern in another speaker's words is not the source's
        said = context.attributions.said_at(snapshot, row, query.speaker)
        own = said.spans if said is not None and query.speaker and matches(query.speaker, said) else None
        spans = tuple(highlights(query, paragraph.text, best, own))
        holder = chosen.holder if chosen.names_holder(row, copies) else None
        if holder is not None:
            spans, span = _holder_marked(paragraph.text, holder.speaker, scored, spans, span)
        also = tuple(Source.of(snapshot.paragraphs[r]) for r in copies)
        meta = snapshot.documents[paragraph.doc].meta if paragraph.doc in snapshot.documents else NO_META
        citation = Citation.of(n, paragraph, score_of.get(row, 0.0), spans, span, also, meta)
        if said is not None:
            citation = replace(citation, speaker=said.speaker, form=said.form)
        citations.append(citation)
        if n <= TYPED_DEPTH and best is not None:
            focused = query.focus is None or query.focus[1] in terms(paragraph.text[slice(*best.span)])
            counted = (  # an age is one the reader took, never a number found by pattern
                choice.typed
                if query.age
                else span is not None and (focused or counts_a_thing(paragraph.text, span))
            )
            typed_found = typed_found or counted
            focus_found = focus_found or focused
            entity_found = entity_found or choice.typed
            voice = voice or (other.name if other is not None else None)
            sentence_coverage = max(sentence_coverage, best.lexical)
            typed_coverage = max(typed_coverage, best.lexical if choice.typed else 0.0)
            sentence_dense = max(sentence_dense, best.dense)
        on_topic = row in chosen.quotes.answer_rows if chosen.speaker_rows else True
        if spans and best is not None and on_topic:
            quoting = row in chosen.quotes.answer_rows
            parts.append(
                replace(
                    _part(n, paragraph.text, spans, best.score, quoting=quoting),
                    typed=choice.typed or holder is not None,
                )
            )
    return Cited(
        citations,
        parts,
        paragraphs,
        typed_found,
        focus_found,
        entity_found,
        sentence_coverage,
        typed_coverage,
        sentence_dense,
        voice if not entity_found else None,
    )


def _voice(
    context: Context, request: Request, chosen: Chosen, cited: Cited
) -> tuple[str | None, list[AnswerPart]]:
    """Whose words the answer gives, and its parts in the order they are read.

    A speaker's quotes are theirs; for "who said ...?" answered by a quote, the best passage's
    speaker is named before their words ("Jake Sullivan said: Ukraine would ..."). Answered by
    a sentence that reports the words ("Rachel Reeves said the munitions should not be
    delivered."), that sentence is the answer: it names the speaker and is what is marked.
    """
    snapshot, query = context.snapshot, request.query
    if chosen.speaker_rows:
        first = context.attributions.said_at(snapshot, chosen.speaker_rows[0], query.speaker)
        return (first.speaker.name if first is not None and first.speaker else None), cited.parts
    if not (request.features.attribution and query.kind == "who" and _WHO_SAID.search(query.text)):
        lead = next(
            (n for n, (row, copies) in enumerate(chosen.passages, 1) if chosen.names_holder(row, copies)), 0
        )
        return None, sorted(cited.parts, key=lambda part: (part.n != lead, -part.typed, -part.strength))
    # who said it is the quote's speaker, not a name in its sentence: no part is the typed answer
    parts = sorted((replace(part, typed=False) for part in cited.parts), key=lambda part: -part.strength)
    if not parts:
        return None, parts
    said_row = chosen.passages[parts[0].n - 1][0]
    said = snapshot.paragraphs[said_row].text
    if not quote_spans(parts[0].text):
        return None, parts  # the answering sentence reports the words itself
    said_by = context.attributions.said_at(snapshot, said_row)
    quoted = said_by is not None and said_by.speaker is not None and said_by.form != "indirect"
    speaker = said_by.speaker.name if quoted and said_by is not None and said_by.speaker else None
    if speaker:
        words = " … ".join(said[a:b] for a, b in quote_spans(said))
        parts = [AnswerPart(parts[0].n, words, parts[0].strength)]
    return speaker, parts


def _holder_marked(
    text: str, holder: Speaker, scored: Sequence[ScoredSentence], spans: tuple[Span, ...], span: Span | None
) -> tuple[tuple[Span, ...], Span | None]:
    """The role holder's name is the answer to "Who is X's lawyer?": marked, in a highlighted sentence
    (one of the passage's sentences as already scored, when no highlight holds it)."""
    named = holder.named_in(text)
    if named is None:
        return spans, span
    if not any(a <= named[0] and named[1] <= b for a, b in spans):
        around = next((s.span for s in scored if s.span[0] <= named[0] < s.span[1]), named)
        spans = tuple(sorted((*spans, around)))
    return spans, named


def _embedded(text: str, span: tuple[int, int], sentences: list[tuple[int, int]]) -> bool:
    """Is the quote a phrase inside the writer's sentence ("come to a 'strong position' in"),
    not words introduced as the speaker's own ("said: '...'", or a paragraph that opens with them)?"""
    start = next((a for a, b in sentences if a <= span[0] < b), 0)
    lead = text[start : span[0] - 1].rstrip()
    return bool(lead) and lead[-1] not in ":,—–-"


def _part(
    n: int, text: str, spans: tuple[tuple[int, int], ...], strength: float, quoting: bool
) -> AnswerPart:
    """The words a citation gives the answer: its highlights, or for a reported phrase its sentence."""
    sentences = sentence_spans(text)
    if quoting and spans and all(_embedded(text, span, sentences) for span in spans):
        around = [(a, b) for a, b in sentences if any(a <= s < b for s, _ in spans)]
        quoted = " … ".join(text[s:e] for s, e in spans)
        return AnswerPart(n, " ".join(text[a:b] for a, b in around), strength, reported=True, quoted=quoted)
    return AnswerPart(n, " … ".join(text[s:e] for s, e in spans), strength)
