"""What the index knows of each paragraph beyond its words, computed once at build time.

Attribution (whose words each paragraph gives, quoted or reported, read from spaCy's
parse) and the paragraphs that only repeat their article (a caption under the lede), are
boilerplate (captions, sign-up lines) or an interviewer's question. A build computes them
for the files it re-reads and copies the rest, unless ATTRIBUTION_VERSION changed; questions
read them and never load spaCy.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from qa.attribution import pipeline
from qa.attribution.entities import Entity, entities_of, to_array
from qa.attribution.quotes import quote_spans
from qa.attribution.record import QuoteRecord
from qa.attribution.speakers import attribute
from qa.attribution.speech import read
from qa.ingest.boilerplate import is_boilerplate
from qa.ingest.paragraphs import Paragraph
from qa.language.text import terms

if TYPE_CHECKING:
    from spacy.tokens import Doc

BOILERPLATE = 1
REPEAT = 2
QUESTION = 4  # an interviewer's "Q:" line: words of the one asking, never an answer
# Which rules made the stored attribution: a change here re-annotates every index on its next
# update, without re-embedding anything.
# 2: typed entity spans kept beside the quotes; a person's gender. 3: "the subsidiary said", "the
# division said" speak for an organisation (lexicon ORGANISATION_NOUNS, read by cast and phrases).
ATTRIBUTION_VERSION = "spacy-3"
SAME_TEXT = 0.9  # share of a paragraph's terms found in another for the two to say the same
LOOKBACK = 100  # earlier paragraphs a repeat is looked for in: captions repeat what is near


@dataclass(frozen=True, slots=True)
class DocumentNotes:
    quotes: tuple[QuoteRecord, ...]
    flags: tuple[int, ...]  # per paragraph: BOILERPLATE | REPEAT bits
    entities: tuple[tuple[Entity, ...], ...] = ()  # per paragraph: its typed entity spans


def same_text(ours: set[str], theirs: set[str]) -> bool:
    """Does a paragraph with terms `ours` say nothing that `theirs` does not?"""
    return bool(ours) and len(ours & theirs) >= SAME_TEXT * len(ours)


def annotate(paragraphs: Sequence[Paragraph]) -> DocumentNotes:
    """Quotes and flags of one document's paragraphs, in order."""
    return annotate_all([paragraphs])[0]


def annotate_all(documents: Sequence[Sequence[Paragraph]]) -> list[DocumentNotes]:
    """Notes of many documents, their paragraphs parsed in one batched stream (spaCy is far
    faster fed many texts at once than one article at a time)."""
    texts = [p.text for paragraphs in documents for p in paragraphs]
    parsed = pipeline.parse(texts)
    return [_notes(paragraphs, parsed) for paragraphs in documents]


def _notes(paragraphs: Sequence[Paragraph], parsed: Iterator[Doc]) -> DocumentNotes:
    quotes = [quote_spans(p.text) for p in paragraphs]
    docs = [next(parsed) for _ in paragraphs]
    readings = [read(doc, spans) for doc, spans in zip(docs, quotes, strict=True)]
    seen: list[set[str]] = []
    flags: list[int] = []
    for paragraph, reading in zip(paragraphs, readings, strict=True):
        words = set(terms(paragraph.text))
        flag = BOILERPLATE if is_boilerplate(paragraph.text) else 0
        if any(same_text(words, earlier) for earlier in seen[-LOOKBACK:]):
            flag |= REPEAT
        if reading.question:
            flag |= QUESTION
        flags.append(flag)
        seen.append(words)
    entities = tuple(entities_of(doc) for doc in docs)
    return DocumentNotes(tuple(attribute(paragraphs, readings, quotes)), tuple(flags), entities)


def quotes_to_jsonl(quotes: Mapping[str, Sequence[QuoteRecord]]) -> str:
    rows = [json.dumps({"doc": doc, **q.to_json()}) for doc, records in quotes.items() for q in records]
    return "".join(row + "\n" for row in rows)


def quotes_from_jsonl(lines: Sequence[str]) -> dict[str, list[QuoteRecord]]:
    found: dict[str, list[QuoteRecord]] = {}
    for line in lines:
        row = json.loads(line)
        found.setdefault(str(row["doc"]), []).append(QuoteRecord.from_json(row))
    return found


def flags_array(notes: Sequence[DocumentNotes]) -> np.ndarray:
    """Every paragraph's flags in index row order (documents in the order given)."""
    return np.array([flag for note in notes for flag in note.flags], dtype=np.uint8)


def entities_array(notes: Sequence[DocumentNotes]) -> np.ndarray:
    """Every paragraph's entities as one (row, start, end, type) table, rows in index order."""
    return to_array([found for note in notes for found in note.entities])
