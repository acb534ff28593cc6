"""Question + passage to character spans: the words that answer, not the whole passage.

A passage's sentences are scored by what they share with the question (BM25-style
weighted term overlap) blended with their embedding similarity to it, so a
paraphrase with no shared word still finds its sentence. Quote questions narrow
the span to the quoted words. Pure functions over offsets; rendering is elsewhere.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from qa.question import Query
from qa.quotes import quote_spans
from qa.text import sentence_spans, tokens

Span = tuple[int, int]
LEXICAL_WEIGHT = 0.5


@dataclass(frozen=True, slots=True)
class ScoredSentence:
    span: Span
    lexical: float
    dense: float

    @property
    def score(self) -> float:
        return LEXICAL_WEIGHT * self.lexical + (1 - LEXICAL_WEIGHT) * self.dense


def coverage(query: Query, text: str, idf: Callable[[str], float]) -> float:
    """Share of the question's term weight present in `text` (0..1)."""
    wanted = {term: max(idf(term), 0.1) for term in query.terms}
    total = sum(wanted.values())
    if total == 0:
        return 0.0
    present = {t.term for t in tokens(text)}
    return sum(weight for term, weight in wanted.items() if term in present) / total


def score_sentences(
    query: Query, text: str, idf: Callable[[str], float], dense: Sequence[float] | None = None
) -> list[ScoredSentence]:
    """Every sentence of the passage with its lexical coverage and (if given) dense similarity."""
    spans = sentence_spans(text)
    similarities = list(dense) if dense is not None else [0.0] * len(spans)
    return [
        ScoredSentence(span, coverage(query, text[span[0] : span[1]], idf), sim)
        for span, sim in zip(spans, similarities, strict=True)
    ]


def best_sentence(scored: Sequence[ScoredSentence]) -> ScoredSentence | None:
    """Highest blended score; the earlier sentence wins a tie (news puts the point first)."""
    best: ScoredSentence | None = None
    for sentence in scored:
        if best is None or sentence.score > best.score + 1e-9:
            best = sentence
    return best


def highlights(query: Query, text: str, scored: Sequence[ScoredSentence]) -> list[Span]:
    """The spans to mark in a cited passage for this question."""
    if query.kind == "quote":
        quoted = [span for span in quote_spans(text) if span[1] - span[0] > 0]
        if quoted:
            return quoted
    best = best_sentence(scored)
    return [best.span] if best is not None else []
