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

if TYPE_CHECKING:
    from spacy.tokens import Doc

# Our names for what spaCy's English labels mean; a code is the position in this tuple.
TYPES = (
    "person",
    "organisation",
    "place",
    "group",  # nationalities, religious and political groups ("British", "Democrats")
    "date",
    "time",
    "money",
    "quantity",  # measures with a unit ("30km", "two tonnes")
    "count",  # bare numbers ("four", "1,200")
    "percent",
    "ordinal",
    "event",
    "work",  # titles of books, films, songs
    "product",
    "law",
    "language",
)
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
        start, end = bounds(span)
        if kind is not None and end > start:
            found.append(Entity(start, end, kind))
    return tuple(found)


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
