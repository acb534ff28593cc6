"""What the index knows of each paragraph beyond its words, computed once at build time.

Quote attribution (who said each quote, with the roles the article gives them) and
the paragraphs that only repeat their article (a caption under the lede) or are
boilerplate (captions, sign-up lines). Both are rule-based and cheap next to
embedding, so a build recomputes them for the files it re-reads and copies the
rest; questions then read them instead of re-parsing text on every ask.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from qa.attribution.speakers import QuoteRecord, attribute
from qa.ingest.boilerplate import is_boilerplate
from qa.ingest.paragraphs import Paragraph
from qa.language.text import terms

BOILERPLATE = 1
REPEAT = 2
SAME_TEXT = 0.9  # share of a paragraph's terms found in another for the two to say the same
LOOKBACK = 100  # earlier paragraphs a repeat is looked for in: captions repeat what is near


@dataclass(frozen=True, slots=True)
class DocumentNotes:
    quotes: tuple[QuoteRecord, ...]
    flags: tuple[int, ...]  # per paragraph: BOILERPLATE | REPEAT bits


def same_text(ours: set[str], theirs: set[str]) -> bool:
    """Does a paragraph with terms `ours` say nothing that `theirs` does not?"""
    return bool(ours) and len(ours & theirs) >= SAME_TEXT * len(ours)


def annotate(paragraphs: Sequence[Paragraph]) -> DocumentNotes:
    """Quotes and flags of one document's paragraphs, in order."""
    seen: list[set[str]] = []
    flags: list[int] = []
    for paragraph in paragraphs:
        words = set(terms(paragraph.text))
        flag = BOILERPLATE if is_boilerplate(paragraph.text) else 0
        if any(same_text(words, earlier) for earlier in seen[-LOOKBACK:]):
            flag |= REPEAT
        flags.append(flag)
        seen.append(words)
    return DocumentNotes(tuple(attribute(paragraphs)), tuple(flags))


def quotes_to_jsonl(quotes: Mapping[str, Sequence[QuoteRecord]]) -> str:
    rows = []
    for doc, records in quotes.items():
        for q in records:
            record = {"doc": doc, "paragraph": q.paragraph, "spans": [list(s) for s in q.spans]}
            rows.append(json.dumps({**record, "speaker": q.speaker, "role": q.role, "roles": list(q.roles)}))
    return "".join(row + "\n" for row in rows)


def quotes_from_jsonl(lines: Sequence[str]) -> dict[str, list[QuoteRecord]]:
    found: dict[str, list[QuoteRecord]] = {}
    for line in lines:
        row = json.loads(line)
        spans = tuple((int(a), int(b)) for a, b in row["spans"])
        record = QuoteRecord(
            int(row["paragraph"]), spans, row["speaker"], str(row["role"]), tuple(row["roles"])
        )
        found.setdefault(str(row["doc"]), []).append(record)
    return found


def flags_array(notes: Sequence[DocumentNotes]) -> np.ndarray:
    """Every paragraph's flags in index row order (documents in the order given)."""
    return np.array([flag for note in notes for flag in note.flags], dtype=np.uint8)
