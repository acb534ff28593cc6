"""The exact answer as an entity of the type asked for, in the sentence that best holds one.

"How much did Yahoo earn?" is answered by a sum of money, "Who is Marat Safin's coach?" by a
person other than Marat Safin. The index keeps every paragraph's typed entities (spaCy, at
build time); here a passage's sentences are weighed by how well they meet the question and
whether they hold such an entity, and the entity nearest the question's words is the span.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from qa.answering.highlight import (
    TYPED,
    ScoredSentence,
    Span,
    after_place_word,
    anchors,
    best_sentence,
    exact_span,
)
from qa.answering.question import Query
from qa.attribution.entities import Entity
from qa.language.text import tokens

# A sentence holding an answer of the right type is taken over the best-scoring one when it
# scores at least this share of it: the type is strong evidence, not proof.
TYPED_RATIO = 0.6


@dataclass(frozen=True, slots=True)
class Choice:
    """The sentence a passage answers with, and the exact answer inside it (None: none found)."""

    sentence: ScoredSentence | None
    span: Span | None
    typed: bool  # the span is an entity of the type asked for


def candidates(query: Query, text: str, entities: Sequence[Entity], sentence: Span) -> list[Entity]:
    """The entities of an asked-for type inside the sentence, less those the question names itself."""
    if not query.expects:
        return []
    asked, named = set(query.terms), {term for _, term in query.names}
    found = []
    for entity in entities:
        if entity.type not in query.expects or not (sentence[0] <= entity.start < sentence[1]):
            continue
        words = {t.term for t in tokens(text[entity.start : entity.end])}
        if words and (words <= asked or words & named):
            continue  # "(Marat) Safin" is who the question is about, not its answer
        found.append(entity)
    return found


def _dated(text: str, entity: Entity) -> bool:
    """Does the entity give a date or time a reader can place: a month, weekday, year or "last week"?"""
    return TYPED["when"].search(text, entity.start, entity.end) is not None


def _nearest(query: Query, text: str, sentence: Span, found: Sequence[Entity]) -> Entity:
    """The preferred type first, then the one closest to the question's words in the sentence."""
    near_words = anchors(query, text, sentence)

    def distance(entity: Entity) -> tuple[bool, bool, int, int]:
        near = min((abs(entity.start - a) for a in near_words), default=0)
        placed = query.kind != "where" or after_place_word(text, entity.start)
        dated = query.kind != "when" or _dated(text, entity)
        return not placed, not dated, query.expects.index(entity.type), near

    return min(found, key=distance)


def choose(query: Query, text: str, scored: Sequence[ScoredSentence], entities: Sequence[Entity]) -> Choice:
    """The answering sentence and exact span of one passage.

    Without an asked-for type, the best sentence and the pattern-found span (`exact_span`);
    with one, the best sentence that holds such an entity, if it scores close enough."""
    best = best_sentence(scored)
    if best is None:
        return Choice(None, None, False)
    typed = [
        (s, found)
        for s in scored
        if s.score >= TYPED_RATIO * best.score and (found := candidates(query, text, entities, s.span))
    ]
    if query.kind == "when":  # a sentence giving a date ("27 March"), not only "weekly" or "a year"
        typed = [(s, found) for s, found in typed if any(_dated(text, e) for e in found)] or typed
    if typed:
        sentence, found = max(typed, key=lambda pair: (pair[0].score, -pair[0].span[0]))
        entity = _nearest(query, text, sentence.span, found)
        return Choice(sentence, (entity.start, entity.end), True)
    return Choice(best, exact_span(query, text, best.span), False)
