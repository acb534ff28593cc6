"""What kind of entity answers a question: a person, a date, a sum of money, a place inside a country.

Read without a parser from the question word and the noun it asks about ("how much", "which
film", "what was the final score"), with the nouns and their types as lexicon data. Every
later stage (candidates, the reader, the typed checks, the decline model) reads it from here.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

from qa.attribution.entities import NAME_TYPES
from qa.language.lexicon import (
    ANSWER_NOUNS,
    CHANGE_VERBS,
    DURATION_UNITS,
    GENERIC_ROLE_WORDS,
    HOW_TYPES,
    LOCAL_PLACE_NOUNS,
    MONEY_VERBS,
    ORGANISATION_NOUNS,
    PEOPLE_NOUNS,
    ROLE_WORDS,
    STOPWORDS,
)
from qa.language.text import tokens, unpossessive


@dataclass(frozen=True, slots=True)
class Expected:
    """The question's kind once its noun is read, the entity types that answer it (best first),
    and whether what it asks is an age or a place inside a country."""

    kind: str
    types: tuple[str, ...]
    age: bool = False
    local: bool = False


def expected(asking: str, text: str, kind: str) -> Expected:
    """`asking` is the question without a leading "According to X,"; `kind` as its words give it."""
    types = expected_types(asking, kind)
    if kind == "other" and types and not _HOW.search(text):
        kind = _KIND_OF_TYPE.get(types[0], "which")  # "In which city ...?" asks where
    elif kind in _FIGURE_KINDS and types and types[0] not in _FIGURE_TYPES and _ASKS_WHICH.match(asking):
        kind = _KIND_OF_TYPE.get(types[0], "which")  # "Which subsidiary's scandal cost ...?" asks which
    how = _HOW.search(asking)
    age = how is not None and how.group(1).lower() == "old"
    return Expected(kind, types, age, "place" in types and asks_local(asking))


_KIND_TYPES: dict[str, tuple[str, ...]] = {
    "who": ("person",),
    "when": ("date", "time"),
    "where": ("place", "organisation", "event"),
}
_KIND_OF_TYPE = {
    "person": "who",
    "place": "where",
    "date": "when",
    "money": "how_much",
    "percent": "how_much",
    "quantity": "how_much",
    "count": "how_many",
    "score": "how_many",
}
_HOW = re.compile(rf"\bhow\s+({'|'.join(HOW_TYPES)})\b", re.I)
_WHICH = re.compile(r"\b(?:which|what)\s+((?:[\w'’-]+\s*){1,4})", re.I)
_ASKS_WHICH = re.compile(r"\s*which\b", re.I)
_ASKS_NAME = re.compile(r"\s*what\s+(?:is|was|are|were)\s+the\s+names?\s+of\b", re.I)
_CHANGED_TO = re.compile(rf"^\s*what\b.*\b(?:{'|'.join(sorted(CHANGE_VERBS))})\s+(?:to|by)\b", re.I)
_FIGURE_KINDS = {"how_much": HOW_TYPES["much"], "how_many": HOW_TYPES["many"]}
_FIGURE_TYPES = frozenset(type_ for types in _FIGURE_KINDS.values() for type_ in types)
ROLE_NOUNS = ROLE_WORDS - GENERIC_ROLE_WORDS  # words that name a job on their own ("minister", not "the")
_PERSON_NOUNS = PEOPLE_NOUNS | ROLE_NOUNS
_SHARES = frozenset({"percent", "count"})


def expected_types(text: str, kind: str) -> tuple[str, ...]:
    """The entity types that answer the question, best first; () when it asks for no entity.

    "How much" asks for money or a measure, "which film" for a work, "which minister" for a
    person: read from the question word and the noun after "which"/"what" (lexicon data)."""
    if kind in _KIND_TYPES:
        return _KIND_TYPES[kind]
    how = _HOW.search(text)
    if how is not None:
        types = HOW_TYPES[how.group(1).lower()]
        counted = text[how.end() :].split(maxsplit=1)
        if how.group(1).lower() == "many" and counted and counted[0].lower() in DURATION_UNITS:
            return ("date", "time", *types)  # "How many years ...?": a length, "six years"
        if "money" in types and MONEY_VERBS & {t.surface.lower() for t in tokens(text, keep_stopwords=True)}:
            return tuple(t for t in types if t not in _SHARES)  # a price is paid, not a share or a tally
        return types
    if kind == "quote":
        return ()
    head = _copula_head(text)  # "What is the usual source of heat?" asks for no one
    found = _noun_types(head, people=False) if head is not None else _head_types(_which_phrase(text))
    asks_which = _ASKS_WHICH.match(text) is not None  # "Which subsidiary's scandal cost ...?"
    if kind in _FIGURE_KINDS and not asks_which and (not found or found[0] not in _FIGURE_TYPES):
        return _FIGURE_KINDS[kind]  # "What was the games market worth?": a figure, whatever its noun
    if not found and kind == "other" and _CHANGED_TO.search(text):
        return HOW_TYPES["much"]  # "What will the threshold rise to?": the figure it reaches
    if not found and kind == "other" and (asks_which or _ASKS_NAME.match(text)):
        return NAME_TYPES  # "Which Mercedes factory ...?", "What is the name of the label ...?": a name
    return found


def _which_phrase(text: str) -> list[str]:
    """The noun phrase after "which"/"what", up to a stopword: "Which Florida city has ...?" florida, city."""
    which = _WHICH.search(text)
    words = which.group(1).lower().split() if which else []
    phrase = list(itertools.takewhile(lambda word: word not in STOPWORDS, words))  # a head ends there
    owner = next((i for i, word in enumerate(phrase) if word.endswith(("'s", "’s"))), None)
    if owner is not None:  # "Which subsidiary's scandal ...?" asks for the subsidiary
        phrase = [*phrase[:owner], unpossessive(phrase[owner])]
    return phrase


def asks_local(text: str) -> bool:
    """Does the question ask for a place inside a country ("Which city ...?", "What was the venue ...?")?"""
    head = _copula_head(text)
    return bool(LOCAL_PLACE_NOUNS.intersection([head] if head is not None else _which_phrase(text)))


def _head_types(phrase: list[str]) -> tuple[str, ...]:
    """The types of the phrase's head noun: the last typed word ("record low", "city council"), but a
    plural ends the noun ("Which actors play ...?": "play" is the verb; a modifier is singular)."""
    found: tuple[str, ...] = ()
    for word in phrase:
        types = _noun_types(word)
        if types:
            found = types
            if _plural(word):
                break
    return found


def _plural(word: str) -> bool:
    """A typed noun's plural: "actors", "actresses", "countries" (not "series" or "bonus")."""
    singulars = (word[:-1], word[:-2], word[:-3] + "y") if word.endswith("s") else ()
    return any(_noun_types(singular) for singular in singulars if singular)


def _opens_phrase(word: str) -> bool:
    return word.lower() in _DETERMINERS or word.endswith(("'s", "’s"))


def _noun_types(word: str, people: bool = True) -> tuple[str, ...]:
    if word in ANSWER_NOUNS:
        return ANSWER_NOUNS[word]
    if word in ORGANISATION_NOUNS:
        return ("organisation", "person")  # spaCy reads many a firm's name as a person's ("Fuso")
    if people and word in _PERSON_NOUNS:
        return ("person",)
    return ()


_WHAT_IS = re.compile(r"^\s*(?:what|which)\s+(?:is|was|are|were)\s+(?P<rest>.+)$", re.I)
_DETERMINERS = frozenset("the a an".split())


def _copula_head(text: str) -> str | None:
    """The head noun of "What was the final score of ...?" ("score"), or of "What was Warsaw's population?".

    After "was the" adjectives come first and the noun last, so the head is the phrase's last
    word before a stopword; without a determiner or possessive ("What was Ban Ki-moon ...?") none."""
    what = _WHAT_IS.match(text)
    if what is None:
        return None
    words = re.findall(r"[\w'’-]+", what.group("rest"))
    opened = next((i for i, word in enumerate(words[:4]) if _opens_phrase(word)), None)
    if opened is None or not all(word[:1].isupper() for word in words[:opened]):
        return None  # "What was produced at Tesla's company?": no noun phrase follows "was"
    rest = (word.lower() for word in words[opened + 1 :])
    phrase = list(itertools.takewhile(lambda word: word not in STOPWORDS, rest))
    return phrase[-1] if phrase else None


# "how many civilians (have been killed)": the thing an answer must count.
