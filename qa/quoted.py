"""'What did X say (about Y)?': every paragraph X is quoted in, found through attribution.

The documents that mention X are attributed (cached per document and index
generation); X's quote paragraphs come back in article order, a quote that runs
over several paragraphs kept whole. With a topic, only the runs that touch it stay.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from qa import store
from qa.question import Query
from qa.retrieve import Hit
from qa.speakers import ROLE_WORDS, TITLES, QuoteRecord, attribute, matches
from qa.text import terms

MAX_QUOTED = 12  # paragraphs cited for one speaker; more would bury the answer


@dataclass(frozen=True, slots=True)
class QuotedRow:
    row: int
    record: QuoteRecord


def names_a_person(asked: str) -> bool:
    """Does "what did X say" name someone ("Sullivan"), not only a role ("the Treasury Minister")?"""
    words = [w.strip(".,’'").lower() for w in asked.split()]
    return any(w and w not in ROLE_WORDS and w not in TITLES and w not in {"a", "an"} for w in words)


class Attributions:
    """Quote attribution per document of the live index, computed when first asked for."""

    def __init__(self) -> None:
        self._cache: dict[tuple[Path, str], list[QuoteRecord]] = {}
        self._lock = threading.Lock()

    def of(self, snapshot: store.Snapshot, doc: str) -> list[QuoteRecord]:
        key = (snapshot.path, doc)
        with self._lock:
            cached = self._cache.get(key)
        if cached is not None:
            return cached
        entry = snapshot.manifest.files[doc]
        records = attribute(
            snapshot.paragraphs[entry.first_paragraph : entry.first_paragraph + entry.paragraphs]
        )
        with self._lock:
            if len(self._cache) > 4096:
                self._cache.clear()
            self._cache[key] = records
        return records

    @staticmethod
    def _mentions(snapshot: store.Snapshot, asked: str) -> dict[str, set[int]]:
        """The documents that mention the asked person, with the paragraphs that do."""
        found: dict[str, set[int]] = {}
        for row in np.nonzero(snapshot.lexical.scores(terms(asked)) > 0)[0]:
            paragraph = snapshot.paragraphs[int(row)]
            found.setdefault(paragraph.doc, set()).add(paragraph.index)
        return found

    def may_be_quoted(self, snapshot: store.Snapshot, asked: str) -> bool:
        """Could a quote the attribution left open be the asked person's?

        True where an article mentioning them has a quote credited only to a role
        ("the Prime Minister"), or an uncredited quote next to a mention of them.
        """
        for doc, near in self._mentions(snapshot, asked).items():
            for record in self.of(snapshot, doc):
                if record.speaker is not None and record.speaker[:1].islower():
                    return True
                if (
                    record.speaker is None
                    and {record.paragraph - 1, record.paragraph, record.paragraph + 1} & near
                ):
                    return True
        return False

    def quoted_rows(self, snapshot: store.Snapshot, asked: str) -> list[QuotedRow]:
        """Every paragraph whose quote is attributed to the asked person, in corpus order."""
        found: list[QuotedRow] = []
        for doc in sorted(self._mentions(snapshot, asked)):
            first = snapshot.manifest.files[doc].first_paragraph
            found.extend(
                QuotedRow(first + r.paragraph, r) for r in self.of(snapshot, doc) if matches(asked, r)
            )
        return found

    def speaker_rows(self, snapshot: store.Snapshot, query: Query, fused: Sequence[Hit]) -> list[int]:
        """For "what did X say (about Y)?": X's quote paragraphs, in article order."""
        if query.speaker is None:
            return []
        quoted = self.quoted_rows(snapshot, query.speaker)
        if not quoted or not query.topic:
            return [q.row for q in quoted[:MAX_QUOTED]]
        topic = set(query.topic)
        rank = {hit.row: i for i, hit in enumerate(fused)}
        best = min((rank.get(q.row, len(rank)) for q in quoted), default=0)

        def relevant(row: int) -> bool:
            shares = topic & set(terms(snapshot.paragraphs[row].text))
            return bool(shares) or rank.get(row, len(rank)) <= best + 2

        return [q.row for q in on_topic(quoted, relevant)]

    def unquoted(self, snapshot: store.Snapshot, query: Query, speaker_rows: list[int]) -> str | None:
        """A named person the articles mention but never quote: no answer to "what did X say?"."""
        if query.speaker is None or speaker_rows or not names_a_person(query.speaker):
            return None
        asked = terms(query.speaker)
        if not asked or not all(snapshot.lexical.knows(t) for t in asked):
            return None  # a name the corpus lacks is handled as a missing name
        return None if self.may_be_quoted(snapshot, query.speaker) else query.speaker

    def speaker_at(self, snapshot: store.Snapshot, row: int) -> str | None:
        """The named speaker of a quote paragraph, if attribution found one."""
        doc = snapshot.paragraphs[row].doc
        first = snapshot.manifest.files[doc].first_paragraph
        record = next((r for r in self.of(snapshot, doc) if r.paragraph == row - first), None)
        named = record is not None and record.speaker is not None and record.speaker[:1].isupper()
        return record.speaker if named and record is not None else None


def runs(rows: list[QuotedRow]) -> list[list[QuotedRow]]:
    """Consecutive paragraphs of one speaker: one quote that runs on."""
    grouped: list[list[QuotedRow]] = []
    for quoted in rows:
        if grouped and grouped[-1][-1].row == quoted.row - 1:
            grouped[-1].append(quoted)
        else:
            grouped.append([quoted])
    return grouped


def on_topic(rows: list[QuotedRow], relevant: Callable[[int], bool]) -> list[QuotedRow]:
    """Keep whole runs of which some paragraph is relevant; all of them if none is."""
    kept = [run for run in runs(rows) if any(relevant(q.row) for q in run)]
    chosen = kept or runs(rows)
    return [q for run in chosen for q in run][:MAX_QUOTED]
