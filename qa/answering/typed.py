"""The exact answer as an entity of the type asked for, in the sentence that best holds one.

"How much did Yahoo earn?" is answered by a sum of money, "Who is Marat Safin's coach?" by a
person other than Marat Safin. The index keeps every paragraph's typed entities (spaCy, at
build time); here a passage's sentences are weighed by how well they meet the question and
whether they hold such an entity, and the reader model (qa.answering.reader) picks the span.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from qa.answering import reader
from qa.answering.highlight import ScoredSentence, Span, best_sentence, exact_span
from qa.answering.question import Query
from qa.attribution.entities import NAME_TYPES, Entity
from qa.language.lexicon import COUNTRY_NAMES, ROLE_QUALIFIERS
from qa.language.names import PERSON_NAME_RE, is_name, split_role
from qa.language.text import AGE, SCORE, tokens

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
        if (query.age or entity.type == "date") and query.age != _an_age(text, entity):
            continue  # "How old is Tyndall?" is not answered by "Sunday", nor "When ...?" by "age of 87"
        if query.age and not _aged(query, text, entity, entities, sentence):
            continue  # "Otis Ferry, the 22-year-old son of Bryan Ferry": Otis's age, not Bryan's
        if entity.type == "count" and _pronoun_one(text, entity):
            continue  # "the one Rooney scored from" counts nothing
        if entity.type in NAME_TYPES and _MODIFIER.match(text, entity.end):
            continue  # "Oscar-nominated", "US-based": a name made into a modifier is no one's answer
        if entity.type == "person" and _other_role(query, text, entity, sentence):
            continue  # "Who is the chief executive?" is not "deputy chief executive Michael Cawley"
        if entity.type == "place" and _nationality(text, entity, named):
            continue  # "Britain's Kathy Butler": where she is from, not where she won
        if entity.type == "place" and query.local and _country(text[entity.start : entity.end]):
            continue  # "Which city ...?" is not answered by "the US"
        found.append(entity)
    return found


_MODIFIER = re.compile(r"-[a-z]")
_PRONOUN_ONE = re.compile(r"\b(?:the|this|that|which|each|every|any|another|no)\s+one$", re.I)
_TITLE_WORDS = 4  # a title this many words long, right before a name or in an apposition after it
_APPOSITION = re.compile(r"\s*,")


_POSSESSIVE = re.compile(r"['’]s\s+(\S+)")


def _nationality(text: str, entity: Entity, named: set[str]) -> bool:
    """Is the place the possessor of a name the question gives ("Britain's Kathy Butler")?"""
    owned = _POSSESSIVE.match(text, entity.end)
    return owned is not None and any(t.term in named for t in tokens(owned.group(1)))


def _country(name: str) -> bool:
    """ "the US", "U.S.", "Britain": a country as news writes it (lexicon.COUNTRY_NAMES)."""
    return name.lower().removeprefix("the ").replace(".", "") in COUNTRY_NAMES


def _pronoun_one(text: str, entity: Entity) -> bool:
    """Is the count the pronoun "one" ("the one", "that one"), which stands for a thing and counts nothing?"""
    if text[entity.start : entity.end].lower() != "one":
        return False
    return _PRONOUN_ONE.search(text[max(0, entity.start - 12) : entity.end]) is not None


def _other_role(query: Query, text: str, entity: Entity, sentence: Span) -> bool:
    """Does the title written at the name hold the question's role words behind a qualifier the
    question lacks ("deputy", "former", "acting")? Then the person holds another role."""
    before = tokens(text[sentence[0] : entity.start], keep_stopwords=True)[-_TITLE_WORDS:]
    if not before or text[before[-1].end : entity.start].strip(" "):
        before = []  # a comma or a clause between: no title of this name
    tail = text[entity.end : sentence[1]]
    after = (
        tokens(tail[: tail.find(",", 1)], keep_stopwords=True)[:_TITLE_WORDS]
        if _APPOSITION.match(tail)
        else []
    )
    qualified = [
        (title, i)
        for title in (before, after)
        for i, word in enumerate(title)
        if word.surface.lower() in ROLE_QUALIFIERS
    ]
    if not qualified:
        return False  # most names: no qualifier, and the question is not read again
    asked = set(query.terms)
    typed = {t.surface.lower() for t in tokens(query.asked, keep_stopwords=True)}
    return any(
        title[i].surface.lower() not in typed and asked & {t.term for t in title[i + 1 :]}
        for title, i in qualified
    )


def _aged(query: Query, text: str, age: Entity, entities: Sequence[Entity], sentence: Span) -> bool:
    """Is the age the asked person's? News sets an age beside the one it belongs to ("Luke
    Tomlinson, 27", "the 22-year-old son of ..."), so it is the nearest name's in its sentence.
    The one asked about is the question's first name that the sentence names ("Bryan Ferry",
    not "Carry On", which names no one there)."""
    held = [
        {t.term for t in tokens(text[e.start : e.end])}
        for e in sorted(
            (e for e in entities if e.type == "person" and sentence[0] <= e.start < sentence[1]),
            key=lambda e: max(age.start - e.end, e.start - age.end, 0),
        )
    ]
    asked = next((run for run in _name_runs(query.text) if any(_same(run, h) for h in held)), None)
    return asked is None or _same(asked, held[0])


def _same(asked: set[str], held: set[str]) -> bool:
    """One name is the other or a part of it ("Tyndall", "John Tyndall"); "Otis Ferry" is not "Bryan Ferry"."""
    return bool(held) and (held <= asked or asked <= held)


def _name_runs(question: str) -> list[set[str]]:
    """The terms of each name a question gives after its first word, roles and titles left out."""
    runs = (split_role(found.group())[0] for found in PERSON_NAME_RE.finditer(question, 1))
    return [{t.term for t in tokens(name)} for name in runs if is_name(name)]


def _an_age(text: str, entity: Entity) -> bool:
    """The entity is written as an age, or is the number of one ("aged 45": spaCy's entity is "45")."""
    around = (max(0, entity.start - 8), entity.end + 10)
    return any(
        found.start() + around[0] < entity.end and entity.start < found.end() + around[0]
        for found in AGE.finditer(text[around[0] : around[1]])
    )


def sentences_holding(
    query: Query, text: str, scored: Sequence[ScoredSentence], entities: Sequence[Entity]
) -> list[tuple[int, list[Entity]]]:
    """Each sentence (by index) scoring close enough to the best that holds entities of an asked-for type."""
    best = best_sentence(scored)
    if best is None:
        return []
    return [
        (i, held)
        for i, s in enumerate(scored)
        if s.score >= TYPED_RATIO * best.score and (held := candidates(query, text, entities, s.span))
    ]


def choose(query: Query, text: str, scored: Sequence[ScoredSentence], entities: Sequence[Entity]) -> Choice:
    """The answering sentence and exact span of one passage.

    Without an asked-for type, the best sentence and the pattern-found span (`exact_span`);
    with one, the candidate the reader model rates highest (qa.answering.reader), in the
    sentences that score close enough to the best, with those of its type the text joins to it."""
    best = best_sentence(scored)
    if best is None:
        return Choice(None, None, False)
    held = sentences_holding(query, text, scored, _with_scores(query, text, entities))
    if held:
        pick = reader.best(reader.weigh(query, text, scored, held))
        others = next(there for i, there in held if i == pick.sentence)
        span = joined(text, pick.entity, others)
        return Choice(scored[pick.sentence], _years(text, span) if query.age else span, True)
    return Choice(best, exact_span(query, text, best.span), False)


def _with_scores(query: Query, text: str, entities: Sequence[Entity]) -> Sequence[Entity]:
    """The passage's entities and, for a question asking a score, its scores ("4-0"): no entity
    type of spaCy's holds one, and it splits them into counts ("22" of "22-6")."""
    if "score" not in query.expects:
        return entities
    scores = [Entity(found.start(), found.end(), "score") for found in SCORE.finditer(text)]
    return sorted((*entities, *scores), key=lambda e: e.start)


_YEARS = re.compile(r"\d{1,3}")


def _years(text: str, span: Span) -> Span:
    """An age's number of years: "How old was she?" is answered "71", not "the age of 71"."""
    found = _YEARS.search(text, *span)
    return (found.start(), found.end()) if found else span


# "Novgorod and Pskov", "Grissom, White, and Chaffee", "25 to 30 seats", "27-30%": one answer of
# entities of one type that the text joins; a range only between figures and dates.
_LIST_JOIN = re.compile(r",?\s+(?:and|or)\s+|,\s+")
_RANGE_JOIN = re.compile(r"\s*[-–]\s*|\s+to\s+")
_RANGED = frozenset({"count", "money", "percent", "quantity", "date"})
_CHANGE = re.compile(r"(?:^|\s)from\s+$", re.I)
_TO = re.compile(r"\s+to\s+")


def joined(text: str, first: Entity, others: Sequence[Entity]) -> Span:
    """The entity's span, run on over the candidates of its type the text joins to it.

    `others` are its sentence's candidates: a name the question gives itself is never joined."""
    end = first.end
    for entity in sorted(
        (e for e in others if e.type == first.type and e.start >= end), key=lambda e: e.start
    ):
        gap = text[end : entity.start]
        listed = _LIST_JOIN.fullmatch(gap) is not None
        ranged = first.type in _RANGED and _RANGE_JOIN.fullmatch(gap) is not None
        if not (listed or ranged):
            break
        if ranged and _CHANGE.search(text[max(0, first.start - 6) : first.start]) and _TO.fullmatch(gap):
            return (entity.start, entity.end)  # "rose from 370 to 870": a change, and 870 what it reached
        end = entity.end
    return (first.start, end)
