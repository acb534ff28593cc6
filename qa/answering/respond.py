"""One question against one loaded index generation, to a cited answer.

The steps, each switchable for ablation (`Features`): hybrid candidates fused by the
chosen mode; captions and repeated paragraphs demoted; a speaker's quotes found
through attribution; duplicates collapsed into one citation that lists every copy;
in each cited passage the sentence that answers, and inside it the exact span (sum,
number, date, place or name) the question asks for; then the abstention signals.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from qa.answering import retrieve
from qa.answering.answer import Answer, AnswerPart, Citation, Evidence, Source, compose
from qa.answering.filters import allowed_rows
from qa.answering.highlight import (
    TYPED,
    best_sentence,
    counts_a_thing,
    coverage,
    exact_span,
    highlights,
    score_sentences,
)
from qa.answering.question import Query
from qa.answering.quoted import Attributions, SpeakerQuotes
from qa.answering.sentences import SentenceVectors
from qa.attribution.annotations import same_text
from qa.attribution.quotes import quote_spans
from qa.attribution.speakers import MIN_SHARED_QUOTE, quoted_words
from qa.index import dense, store
from qa.index.lexical import top_rows
from qa.ingest.metadata import NO_META
from qa.ingest.paragraphs import Paragraph
from qa.language.text import sentence_spans, terms

_WHO_SAID = re.compile(
    r"^\s*who\s+(?:said|says|told|warned|described|called|claimed|posted|wrote|added|insisted|urged)\b", re.I
)
TYPED_DEPTH = 3  # a "how much/how many/when" answer must show its figure or date in the top passages


@dataclass(frozen=True, slots=True)
class Features:
    """The parts of answering that `qa eval --without` can switch off, one at a time."""

    attribution: bool = True  # speakers' quotes for "what did X say?", "who said ...?"
    demotion: bool = True  # captions, sign-up lines and repeated paragraphs never outrank text
    dense_sentences: bool = True  # the answering sentence chosen by meaning as well as words
    name_check: bool = True  # abstain when a name asked about is in no article
    typed_check: bool = True  # abstain when a "how much / when" finds no figure or date

    @classmethod
    def without(cls, names: str) -> Features:
        """`"attribution,demotion"` -> those switched off; an unknown name is a ValueError."""
        off = [n.strip().replace("-", "_") for n in names.split(",") if n.strip()]
        unknown = [n for n in off if n not in cls.__dataclass_fields__]
        if unknown:
            raise ValueError(f"unknown feature {unknown[0]!r}; choose from {', '.join(FEATURES)}")
        return cls(**dict.fromkeys(off, False))


FEATURES = tuple(Features.__dataclass_fields__)
ALL_FEATURES = Features()


@dataclass(frozen=True, slots=True)
class Context:
    snapshot: store.Snapshot
    attributions: Attributions
    sentences: SentenceVectors


def _candidates(
    context: Context,
    query: Query,
    vector: np.ndarray,
    dense_ranked: list[tuple[int, float]],
    mode: str,
    allowed: np.ndarray | None = None,
) -> tuple[list[retrieve.Hit], dict[int, float]]:
    snapshot = context.snapshot
    depth = len(dense_ranked) or 50
    lexical_scores = snapshot.lexical.scores(query.terms)
    if allowed is not None:  # rows the filters leave out score nothing, so never become candidates
        lexical_scores = np.where(allowed, lexical_scores, 0.0)
    candidates = {row for row, _ in dense_ranked} | {row for row, _ in top_rows(lexical_scores, depth)}
    dense_of = dict(dense_ranked)
    missing = [row for row in candidates if row not in dense_of]
    dense_of.update(
        retrieve.paragraph_similarity(snapshot.vectors, snapshot.window_paragraph, missing, vector)
    )
    lexical_of = {row: float(lexical_scores[row]) for row in candidates}
    return retrieve.fuse(dense_of, lexical_of, mode), dense_of


def _quoted(context: Context, row: int) -> set[str]:
    """The paragraph's quotes long enough to tell one quote from another, normalised."""
    record = context.attributions.record_at(context.snapshot, row)
    if record is None:
        return set()
    found = quoted_words(context.snapshot.paragraphs[row].text, record.spans)
    return {words for words in found if len(words) >= MIN_SHARED_QUOTE}


def _collapse(context: Context, rows: list[int], limit: int) -> list[tuple[int, list[int]]]:
    """The first `limit` distinct passages, each with the rows that say the same (any article).

    Two passages are one when each holds the other's words, or when they carry the
    same quote: outlets frame a quote in their own words ("Sullivan told reporters").
    """
    chosen: list[tuple[int, set[str], set[str], list[int]]] = []
    for row in rows[: 3 * limit]:
        words, quotes = set(terms(context.snapshot.paragraphs[row].text)), _quoted(context, row)
        twin = next(
            (c for c in chosen if (same_text(words, c[1]) and same_text(c[1], words)) or quotes & c[2]), None
        )
        if twin is not None:
            twin[3].append(row)
        elif len(chosen) < limit:
            chosen.append((row, words, quotes, []))
    return [(row, copies) for row, _, _, copies in chosen]


_CAPITALISED_RUN = re.compile(r"(?:\b[A-Z][\w’'\-]*(?:\s+(?:of|the|and|for)\s+|\s+)?)+")


def _mentioned(snapshot: store.Snapshot, name: str, term: str, cited: list[Paragraph]) -> bool:
    """Does the corpus hold the name, as typed, misspelt, run together or as the words of an acronym?

    "Superbowl" is "Super Bowl"; "UMC" is "United Methodist Church" in a cited passage.
    """
    lexical = snapshot.lexical
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


def answer(
    context: Context,
    query: Query,
    vector: np.ndarray,
    dense_ranked: list[tuple[int, float]],
    k: int,
    mode: str,
    features: Features = ALL_FEATURES,
    exclude: frozenset[tuple[str, int]] = frozenset(),
) -> Answer:
    """The cited answer; passages in `exclude` (doc, paragraph) were shown already ("what else?")."""
    snapshot = context.snapshot
    allowed = allowed_rows(snapshot, query.filters) if query.filters else None
    if allowed is not None:  # ranked among the rows the filters allow, not cut from the corpus's top list
        depth = len(dense_ranked) or 50
        dense_ranked = dense.search_within(
            snapshot.dense, snapshot.vectors, snapshot.window_paragraph, vector, allowed, depth
        )
    fused, dense_of = _candidates(context, query, vector, dense_ranked, mode, allowed)
    if features.demotion:
        fused = retrieve.demote(
            fused,
            lambda row: bool(
                snapshot.flags[row]
            ),  # a caption, sign-up line or repeat (qa.attribution.annotations)
        )
    quotes = (
        context.attributions.speaker_quotes(snapshot, query, fused)
        if features.attribution
        else SpeakerQuotes((), frozenset())
    )
    if allowed is not None:
        kept = frozenset(r for r in quotes.rows if allowed[r])
        quotes = SpeakerQuotes(tuple(r for r in quotes.rows if r in kept), quotes.answer_rows & kept)
    speaker_rows = list(quotes.rows)
    taken = set(speaker_rows)
    ranked = speaker_rows + [hit.row for hit in fused if hit.row not in taken]
    if exclude:
        ranked = [
            r for r in ranked if (snapshot.paragraphs[r].doc, snapshot.paragraphs[r].index) not in exclude
        ]
        still = set(ranked)
        speaker_rows = [r for r in speaker_rows if r in still]
    chosen = _collapse(context, ranked, max(k, len(speaker_rows)))
    score_of = {hit.row: hit.score for hit in fused}
    idf = snapshot.lexical.idf
    paragraphs = [snapshot.paragraphs[row] for row, _ in chosen]
    sentence_sims = (
        context.sentences.similarities(vector, [p.text for p in paragraphs])
        if features.dense_sentences
        else [None] * len(paragraphs)
    )
    citations: list[Citation] = []
    parts: list[AnswerPart] = []
    typed_found = query.kind not in TYPED or not features.typed_check
    focus_found = query.focus is None or not features.typed_check
    for n, ((row, copies), paragraph, sims) in enumerate(
        zip(chosen, paragraphs, sentence_sims, strict=True), start=1
    ):
        scored = score_sentences(query, paragraph.text, idf, sims)
        spans = tuple(highlights(query, paragraph.text, scored))
        best = best_sentence(scored)
        span = exact_span(query, paragraph.text, best.span) if best is not None else None
        also = tuple(Source.of(snapshot.paragraphs[r]) for r in copies)
        meta = snapshot.documents[paragraph.doc].meta if paragraph.doc in snapshot.documents else NO_META
        citations.append(Citation.of(n, paragraph, score_of.get(row, 0.0), spans, span, also, meta))
        if n <= TYPED_DEPTH and best is not None:
            focused = query.focus is None or query.focus[1] in terms(paragraph.text[slice(*best.span)])
            counted = span is not None and (focused or counts_a_thing(paragraph.text, span))
            typed_found = typed_found or counted
            focus_found = focus_found or focused
        on_topic = row in quotes.answer_rows if speaker_rows else True
        if spans and best is not None and on_topic:
            parts.append(_part(n, paragraph.text, spans, best.score, quoting=row in quotes.answer_rows))
    speaker = context.attributions.speaker_at(snapshot, speaker_rows[0]) if speaker_rows else None
    if not speaker_rows:
        parts.sort(key=lambda part: -part.strength)
        if features.attribution and query.kind == "who" and _WHO_SAID.search(query.text) and parts:
            said_row = chosen[parts[0].n - 1][0]
            said = snapshot.paragraphs[said_row].text
            speaker = context.attributions.speaker_at(snapshot, said_row)
            if speaker:  # name the speaker, then their words: "Jake Sullivan said: Ukraine would ..."
                words = " … ".join(said[a:b] for a, b in quote_spans(said))
                parts = [AnswerPart(parts[0].n, words, parts[0].strength)]
    top = [dense_of.get(row, 0.0) for row, _ in chosen]
    evidence = Evidence(
        top_dense=max(top, default=0.0),
        top_coverage=max((coverage(query, p.text, idf) for p in paragraphs), default=0.0),
        missing_names=tuple(
            name
            for name, term in (*query.names, *([query.focus] if query.focus else []))
            if features.name_check
            and (not _mentioned(snapshot, name, term, paragraphs) or _filtered_out(snapshot, term, allowed))
        ),
        kind=query.kind,
        unquoted=context.attributions.unquoted(snapshot, query, list(quotes.rows))
        if features.attribution
        else None,
        untyped=not typed_found,
        unfocused=query.focus[0] if query.focus and not focus_found else None,
        speaker=speaker,
        all_quotes=bool(speaker_rows) and speaker is not None and not query.topic,
        filters=query.filters.tokens(),
    )
    return compose(query.asked or query.text, citations, parts, evidence)


def _filtered_out(snapshot: store.Snapshot, term: str, allowed: np.ndarray | None) -> bool:
    """A name the corpus has, but no article the filters allow."""
    if allowed is None or not snapshot.lexical.knows(term):
        return False
    return not bool((snapshot.lexical.scores((term,))[allowed] > 0).any())
