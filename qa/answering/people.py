"""Everyone the corpus quotes, one entry a person, with their role and every quote paragraph.

Attribution (`qa.attribution.speakers`) names speakers per article; here they are merged across
articles. A full name ("Jake Sullivan") stands for itself; a short form ("Putin",
"Mr Sullivan", "Sir Keir") is that person when it fits exactly one full name the
corpus gives, and is dropped when it fits none, since a lone capitalised word is as
often a place or a ministry ("Moscow said") as a person. Roles with no name ("the
Prime Minister"), pronouns and institutions ("the White House said") are never
listed: news copy writes an institution with "the" in front, a person never.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from qa.answering.answer import Answer, Citation
from qa.answering.highlight import Span
from qa.attribution.roles import is_role, role_after, words
from qa.attribution.speakers import QuoteRecord
from qa.ingest.metadata import NO_META, DocumentMeta
from qa.ingest.paragraphs import Paragraph
from qa.language.lexicon import (
    GIVEN_NAME_TITLES,
    INSTITUTION_WORDS,
    ROLE_CONNECTORS,
    ROLE_WORDS,
    SUBJECT_PRONOUNS,
    TITLES,
)
from qa.language.names import is_full_name, is_title, names_someone, short_form_of

LOOSE_ROLE_WORDS = 1  # words of a role that are neither job words nor capitalised ("climate change envoy")


@dataclass(frozen=True, slots=True)
class PersonQuote:
    """One paragraph holding a person's quoted words, with those words as character spans."""

    doc: str
    paragraph: int
    line: int
    text: str
    highlights: tuple[Span, ...]
    meta: DocumentMeta = NO_META  # the article's title, outlet, date and URL, where known

    def to_json(self) -> dict[str, Any]:
        return {
            "doc": self.doc,
            "paragraph": self.paragraph,
            "line": self.line,
            **self.meta.fields(),  # each only when known, as in the batch citations
            "text": self.text,
            "highlights": [list(span) for span in self.highlights],
        }


@dataclass(frozen=True, slots=True)
class Person:
    name: str
    aliases: tuple[str, ...]  # the other forms the articles use: "Mr Sullivan", "Starmer"
    role: str | None
    quotes: tuple[PersonQuote, ...]  # in article order, every paragraph of a quote that runs on

    @property
    def articles(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(q.doc for q in self.quotes))

    def to_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "aliases": list(self.aliases),
            "role": self.role,
            "quotes": [q.to_json() for q in self.quotes],
        }


def _full_names(names: Iterable[str]) -> list[str]:
    return sorted({n for n in names if is_full_name(n)})


def _resolve(speaker: str, full: Sequence[str]) -> str | None:
    """The one name a speaker form stands for, or None when it names no one for sure."""
    parts = speaker.split()
    title = is_title(parts[0])
    bare = parts[1:] if title else parts
    if not bare or speaker.lower() in SUBJECT_PRONOUNS:
        return None
    if len(bare) >= 2:
        return " ".join(bare) if title else speaker  # "Sir Keir Starmer" is Keir Starmer
    fitting = short_form_of(speaker, full)
    if len(fitting) == 1:
        return fitting[0]
    return speaker if title else None  # "Lord Ricketts" is a name; a lone "Putin" with no full name is not


def _occurrences(name: str, texts: Sequence[str]) -> tuple[int, int]:
    """How often `name` is written in the texts, and how often with "the" right before it."""
    pattern = re.compile(rf"(\bthe\s+)?\b{re.escape(name)}\b", re.IGNORECASE)
    found = [m for text in texts for m in pattern.finditer(text) if m.group()[-len(name) :] == name]
    return len(found), sum(1 for m in found if m.group(1))


def is_person(name: str, texts: Sequence[str]) -> bool:
    """A name, not a role ("Prime Minister"), a pronoun or an institution ("White House")."""
    if not name[:1].isupper() or not names_someone(name):
        return False
    if name.split()[-1].strip(".").lower() in INSTITUTION_WORDS:
        return False
    total, with_article = _occurrences(name, texts)
    return not (total and with_article * 2 > total)


def _loose(role: str) -> int:
    """Words of a role that are neither job words, connectors nor capitalised names."""
    return sum(
        1
        for word in role.split()
        if not word[:1].isupper() and words(word) and words(word)[0] not in ROLE_WORDS | ROLE_CONNECTORS
    )


def best_role(roles: Iterable[str]) -> str | None:
    """The most specific role given: the longest that reads as a job title, first given on a tie.

    "President Biden’s national security advisor" beats "president’s national security
    advisor"; a phrase swept up with the role ("target Polish military bases the
    country's prime") does not read as one and is passed over.
    """
    usable = [r for r in dict.fromkeys(roles) if r and is_role(r) and _loose(r) <= LOOSE_ROLE_WORDS]
    return max(usable, key=lambda r: len(r.split()), default=None)


def roles_in_clauses(forms: Iterable[str], texts: Sequence[str]) -> list[str]:
    """Roles given in a relative clause after any form of the name, where attribution met no mention.

    "Lord Ricketts, who served as the UK's first national security adviser, said".
    """
    found: list[str] = []
    for form in forms:
        pattern = re.compile(rf"\b{re.escape(form)}(?=,\s*who\b)")
        for text in texts:
            found.extend(role for match in pattern.finditer(text) if (role := role_after(text, match.end())))
    return found


def _aliases(name: str, speakers: Iterable[str], texts: Sequence[str]) -> tuple[str, ...]:
    """The forms the articles use for a person, in the order they first appear."""
    parts = name.split()
    titled = is_title(parts[0])
    surname = re.escape(parts[-1])
    given = "" if titled or len(parts) < 2 else re.escape(parts[0])
    title = "|".join(t.capitalize() for t in sorted(TITLES))
    forms = [rf"(?:{title})\.?\s+{surname}", re.escape(name)]
    if given:
        by_given = "|".join(t.capitalize() for t in sorted(GIVEN_NAME_TITLES))
        forms[:0] = [rf"(?:{title})\.?\s+{given}\s+{surname}", rf"(?:{by_given})\s+{given}"]
    if len(parts[-1]) >= 3:
        forms.append(surname)
    pattern = re.compile(rf"(?<![\w’'])(?:{'|'.join(forms)})(?![\w])")
    found: dict[str, int] = {}
    for text in texts:
        for match in pattern.finditer(text):
            found.setdefault(" ".join(match.group().split()), len(found))
    for speaker in speakers:
        found.setdefault(speaker, len(found))
    return tuple(form for form in sorted(found, key=found.__getitem__) if form != name)


def of(
    quotes: Mapping[str, Sequence[QuoteRecord]],
    documents: Mapping[str, Sequence[Paragraph]],
    metas: Mapping[str, DocumentMeta] | None = None,
) -> tuple[Person, ...]:
    """Every quoted person, most-quoted first, then by name.

    `quotes` are the attributed quote paragraphs of each document (as stored with the
    index), `documents` the paragraphs of each document, by index within it.
    """
    spoken = {
        r.speaker for records in quotes.values() for r in records if r.speaker and r.speaker[:1].isupper()
    }
    full = _full_names(spoken)
    all_texts = [p.text for paragraphs in documents.values() for p in paragraphs]
    canonical = {s: _resolve(s, full) for s in spoken}
    people = {n for n in canonical.values() if n is not None and is_person(n, all_texts)}
    gathered: dict[str, list[tuple[str, QuoteRecord]]] = {}
    for doc, records in quotes.items():
        for record in records:
            name = canonical.get(record.speaker or "")
            if name in people:
                gathered.setdefault(name, []).append((doc, record))
    found = []
    for name, pairs in gathered.items():
        cited = []
        for doc, record in sorted(pairs, key=lambda pair: (pair[0], pair[1].paragraph)):
            paragraph = documents[doc][record.paragraph]
            meta = (metas or {}).get(doc, NO_META)
            cited.append(
                PersonQuote(doc, paragraph.index, paragraph.line, paragraph.text, record.spans, meta)
            )
        own_texts = [p.text for doc in dict.fromkeys(d for d, _ in pairs) for p in documents[doc]]
        aliases = _aliases(name, sorted(s for s, n in canonical.items() if n == name), own_texts)
        given = [r for _, record in pairs for r in (record.role, *record.roles)]
        role = best_role([*given, *roles_in_clauses((name, *aliases), own_texts)])
        found.append(Person(name, aliases, role, tuple(cited)))
    return tuple(sorted(found, key=lambda p: (-len(p.quotes), p.name)))


def quotes_answer(person: Person) -> Answer:
    """A person's quotes as an answer value, so the chat's cards and reader show them unchanged."""
    citations = tuple(
        Citation(n, q.doc, q.paragraph, q.line, q.text, 1.0, q.highlights, meta=q.meta)
        for n, q in enumerate(person.quotes, start=1)
    )
    count = len(citations)
    text = f"{person.name}: {count} quote paragraph{'s' if count != 1 else ''}"
    return Answer(f"quotes of {person.name}", text, False, 1.0, citations)
