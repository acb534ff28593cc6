"""Typed entity spans of every paragraph, from the same spaCy pass that reads attribution.

A "how much" question wants a sum of money, "when" a date, "who" a person: the answer is
an entity of the type asked for, so the index keeps each paragraph's entities (person,
organisation, place, date, money, count, ...) and questions read them without spaCy. They
are stored as one int32 array of (paragraph row, start, end, type) sorted by row, which
loads at once and is looked up by binary search.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from qa.attribution.phrases import bounds, entities
from qa.language.lexicon import AMOUNT_SUFFIXES, CURRENCY_SIGNS

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span

# Our names for what spaCy's English labels mean: nationalities and religious or political
# groups are a "group", measures with a unit a "quantity", bare numbers a "count", titles of
# books, films and songs a "work".
_LABELS = {
    "PERSON": "person",
    "ORG": "organisation",
    "GPE": "place",
    "LOC": "place",
    "FAC": "place",
    "NORP": "group",
    "DATE": "date",
    "TIME": "time",
    "MONEY": "money",
    "QUANTITY": "quantity",
    "CARDINAL": "count",
    "PERCENT": "percent",
    "ORDINAL": "ordinal",
    "EVENT": "event",
    "WORK_OF_ART": "work",
    "PRODUCT": "product",
    "LAW": "law",
    "LANGUAGE": "language",
}
TYPES = tuple(dict.fromkeys(_LABELS.values()))  # a type's code is its position here
# What a name can be, most often asked for first: "Which Mercedes factory ...?" is answered by one.
NAME_TYPES = tuple(_LABELS[label] for label in "ORG PERSON WORK_OF_ART PRODUCT GPE EVENT LAW NORP".split())
CODE = {name: code for code, name in enumerate(TYPES)}
COLUMNS = 4  # paragraph row, start, end, type code
NO_ENTITIES = np.zeros((0, COLUMNS), np.int32)


@dataclass(frozen=True, slots=True)
class Entity:
    """One typed span of a paragraph's text."""

    start: int
    end: int
    type: str


def entities_of(doc: Doc) -> tuple[Entity, ...]:
    """The paragraph's entities, cut to the words that name: no leading "the", no possessive."""
    found = []
    for span in entities(doc):
        kind = _LABELS.get(span.label_)
        if kind is None:
            continue
        start, end = _widened(span) if kind in _AMOUNTS else bounds(span)
        if end > start:
            found.append(Entity(start, end, kind))
    return tuple(found)


_AMOUNTS = frozenset({"money", "quantity", "count", "percent"})


def _widened(span: Span) -> tuple[int, int]:
    """An amount with the sign and suffix written onto it: "$17m", not spaCy's "17"."""
    doc, first, last = span.doc, span.start, span.end
    if first > 0 and doc[first - 1].text in CURRENCY_SIGNS and not doc[first - 1].whitespace_:
        first -= 1
    if last < len(doc) and doc[last].lower_ in AMOUNT_SUFFIXES and not doc[last - 1].whitespace_:
        last += 1
    return doc[first].idx, doc[last - 1].idx + len(doc[last - 1].text)


def to_array(paragraphs: Sequence[Sequence[Entity]], first_row: int = 0) -> np.ndarray:
    """Entities of consecutive paragraphs as (row, start, end, type) rows, rows from `first_row`."""
    rows = [
        (first_row + offset, e.start, e.end, CODE[e.type])
        for offset, found in enumerate(paragraphs)
        for e in found
    ]
    return np.array(rows, dtype=np.int32).reshape(-1, COLUMNS)


def from_array(table: np.ndarray, rows: int, first_row: int = 0) -> tuple[tuple[Entity, ...], ...]:
    """The entities of `rows` consecutive paragraphs from `first_row`, one tuple per paragraph."""
    lo, hi = np.searchsorted(table[:, 0], [first_row, first_row + rows]) if len(table) else (0, 0)
    found: list[list[Entity]] = [[] for _ in range(rows)]
    for row, start, end, code in table[lo:hi].tolist():
        found[row - first_row].append(Entity(start, end, TYPES[code]))
    return tuple(tuple(f) for f in found)


def at(table: np.ndarray, row: int) -> tuple[Entity, ...]:
    """One paragraph's entities."""
    return from_array(table, 1, row)[0]
