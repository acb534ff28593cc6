"""Which entity of a passage is the exact answer: a learned choice among those of the asked type.

The entity nearest the question's words in the best sentence is often not the answer: "Who is
the chief executive of Qantas?" is answered by the person the question's own words lead up to
("chief executive Geoff Dixon"), not by "Virgin Blue" in a sentence that repeats more of them.
Each candidate is weighed on what the SQuAD paper's logistic-regression reader weighs: the
question's words right before and after it, its sentence's match to the question, its type
and where it stands. The weights are fitted by `bench/train_reader.py` on dev splits only and
ship as JSON (qa/answering/reader.json).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from qa.answering.highlight import TYPED, ScoredSentence, after_place_word, best_sentence
from qa.answering.logistic import Logistic, shipped
from qa.answering.question import Query
from qa.attribution.entities import Entity
from qa.language.text import Token, tokens

MODEL_FILE = "reader.json"
WINDOW = 3  # question words this many tokens either side of a candidate are its context


@dataclass(frozen=True, slots=True)
class Candidate:
    """An entity of an asked-for type, the sentence (by index) holding it, and its model inputs."""

    entity: Entity
    sentence: int
    values: dict[str, float]


def model() -> Logistic:
    """The shipped weights (qa/answering/reader.json), read once."""
    return shipped(MODEL_FILE)


def dated(text: str, entity: Entity) -> bool:
    """Does the entity give a date or time a reader can place: a month, weekday, year or "last week"?"""
    return TYPED["when"].search(text, entity.start, entity.end) is not None


def weigh(
    query: Query, text: str, scored: Sequence[ScoredSentence], found: Sequence[tuple[int, Sequence[Entity]]]
) -> list[Candidate]:
    """Every candidate with its features; `found` pairs a sentence's index with its candidates."""
    chosen = best_sentence(scored)
    top, best = (chosen.score, scored.index(chosen)) if chosen is not None else (0.0, 0)
    made = []
    for index, entities in found:
        sentence = scored[index]
        words = tokens(text[slice(*sentence.span)])
        context = _SentenceContext(index, best, top, len(scored), sentence, words)
        made += [
            Candidate(e, index, features(query, text, context, e, order)) for order, e in enumerate(entities)
        ]
    return made


def best(candidates: Sequence[Candidate]) -> Candidate:
    """The candidate the model rates highest; the earlier one wins a tie."""
    weights = model()
    return max(reversed(candidates), key=lambda c: weights.score(c.values))


@dataclass(frozen=True, slots=True)
class _SentenceContext:
    index: int
    best: int
    top: float
    count: int
    scored: ScoredSentence
    words: list[Token]


def features(query: Query, text: str, at: _SentenceContext, entity: Entity, order: int) -> dict[str, float]:
    """The model's inputs for one candidate, by name; each in 0..1."""
    offset = at.scored.span[0]
    own = {t.term for t in tokens(text[entity.start : entity.end])}
    asked = set(query.terms)
    wanted = asked - own
    preceding = [t for t in at.words if t.end + offset <= entity.start]
    before, first = preceding[-WINDOW:], len(preceding)
    after = [t for t in at.words if t.start + offset >= entity.end][:WINDOW]
    places = [i for i, t in enumerate(at.words) if t.term in wanted]
    distance = min((abs(i - first) for i in places), default=None)
    share = max(min(len(wanted), 2 * WINDOW), 1)
    return {
        "sentence_lexical": at.scored.lexical,
        "sentence_dense": at.scored.dense,
        "sentence_share": at.scored.score / at.top if at.top > 0 else 1.0,
        "best_sentence": float(at.index == at.best),
        "after_best": float(at.index == at.best + 1),
        "position": at.index / max(at.count - 1, 1),
        "first_type": float(bool(query.expects) and entity.type == query.expects[0]),
        "near": 1.0 / (1.0 + distance) if distance is not None else 0.0,
        "words_before": sum(t.term in wanted for t in before) / share,
        "words_after": sum(t.term in wanted for t in after) / share,
        "right_before": float(bool(before) and before[-1].term in wanted),
        "right_after": float(bool(after) and after[0].term in wanted),
        "asked_share": len(own & asked) / len(own) if own else 0.0,
        "placed": float(query.kind == "where" and after_place_word(text, entity.start)),
        "dated": float(query.kind == "when" and dated(text, entity)),
        "length": min(len(own), 4) / 4.0,
        "opens": float(first == 0),
        "first_of_type": float(order == 0),
    }
