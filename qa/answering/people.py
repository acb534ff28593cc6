"""Everyone the corpus quotes, one entry a speaker, with their kind, roles and every paragraph.

Attribution (`qa.attribution`) gives each quote a typed speaker per article: a person, an
organisation or an unnamed role. Here they are merged across articles: a person's full
name ("Jake Sullivan") stands for itself, and a one-word name ("Sullivan") is that person
when it fits exactly one full name the corpus gives. Organisations and roles are kept
apart from people and merged by name, so "the firm" never becomes someone.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from qa.answering.answer import Answer, Citation
from qa.answering.highlight import Span
from qa.attribution.record import QuoteRecord, Speaker
from qa.ingest.metadata import NO_META, DocumentMeta
from qa.ingest.paragraphs import Paragraph
from qa.language.names import is_full_name, short_form_of

KIND_ORDER = {"person": 0, "organisation": 1, "role": 2, "unknown": 3}


@dataclass(frozen=True, slots=True)
class PersonQuote:
    """One paragraph holding a speaker's words, quoted or reported, as character spans."""

    doc: str
    paragraph: int
    line: int
    text: str
    highlights: tuple[Span, ...]
    meta: DocumentMeta = NO_META  # the article's title, outlet, date and URL, where known
    form: str = "direct"  # direct, indirect or both

    def to_json(self) -> dict[str, Any]:
        return {
            "doc": self.doc,
            "paragraph": self.paragraph,
            "line": self.line,
            **self.meta.fields(),  # each only when known, as in the batch citations
            "text": self.text,
            "highlights": [list(span) for span in self.highlights],
            "form": self.form,
        }


@dataclass(frozen=True, slots=True)
class Person:
    """One speaker across the corpus (a person, an organisation or an unnamed role)."""

    name: str
    aliases: tuple[str, ...]  # the other forms the articles use: "Mr Sullivan", "Starmer"
    role: str | None
    quotes: tuple[PersonQuote, ...]  # in article order, every paragraph of a quote that runs on
    kind: str = "person"
    roles: tuple[str, ...] = ()  # every role the articles give, most often given first

    @property
    def articles(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(q.doc for q in self.quotes))

    @property
    def direct(self) -> int:
        return sum(1 for q in self.quotes if q.form in {"direct", "both"})

    @property
    def indirect(self) -> int:
        return sum(1 for q in self.quotes if q.form in {"indirect", "both"})

    def to_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "kind": self.kind,
            "aliases": list(self.aliases),
            "role": self.role,
            "roles": list(self.roles),
            "direct": self.direct,
            "indirect": self.indirect,
            "quotes": [q.to_json() for q in self.quotes],
        }


def _key(speaker: Speaker, full: Sequence[str]) -> tuple[str, str]:
    """Which corpus-wide entry a speaker is: a one-word name joins the one full name it fits."""
    if speaker.kind != "person":
        return speaker.kind, speaker.name.lower()
    if is_full_name(speaker.name):
        return "person", speaker.name
    fitting = short_form_of(speaker.name, full)
    return "person", fitting[0] if len(fitting) == 1 else speaker.name


def best_role(roles: Iterable[str]) -> str | None:
    """The most specific role given: one that names its place ("Poland's Prime Minister", not
    "the country's prime minister"), then the one given most often, then the longest."""
    counts = Counter(r for r in roles if r)
    if not counts:
        return None
    return max(counts, key=lambda r: (any(w[:1].isupper() for w in r.split()), counts[r], len(r.split())))


def of(
    quotes: Mapping[str, Sequence[QuoteRecord]],
    documents: Mapping[str, Sequence[Paragraph]],
    metas: Mapping[str, DocumentMeta] | None = None,
) -> tuple[Person, ...]:
    """Every speaker, most-quoted first, then by kind and name.

    `quotes` are the attributed paragraphs of each document (as stored with the index),
    `documents` the paragraphs of each document, by index within it.
    """
    said = [(doc, r, r.speaker) for doc, records in quotes.items() for r in records if r.speaker is not None]
    full = sorted({s.name for _, _, s in said if s.kind == "person" and is_full_name(s.name)})
    groups: dict[tuple[str, str], list[tuple[str, QuoteRecord, Speaker]]] = {}
    for doc, record, speaker in said:
        groups.setdefault(_key(speaker, full), []).append((doc, record, speaker))
    found = [_person(kind, group, documents, metas or {}) for (kind, _), group in groups.items()]
    return tuple(sorted(found, key=lambda p: (-len(p.quotes), KIND_ORDER.get(p.kind, 9), p.name)))


def _person(
    kind: str,
    group: Sequence[tuple[str, QuoteRecord, Speaker]],
    documents: Mapping[str, Sequence[Paragraph]],
    metas: Mapping[str, DocumentMeta],
) -> Person:
    names = Counter(s.name for _, _, s in group)
    name = max(names, key=lambda n: (len(n.split()), names[n]))
    cited = []
    for doc, record, _ in sorted(group, key=lambda item: (item[0], item[1].paragraph)):
        paragraph = documents[doc][record.paragraph]
        meta = metas.get(doc, NO_META)
        cited.append(
            PersonQuote(doc, paragraph.index, paragraph.line, paragraph.text, record.spans, meta, record.form)
        )
    forms = [form for _, _, s in group for form in (s.name, *s.aliases)]
    aliases = tuple(f for f in dict.fromkeys(forms) if f != name)
    roles = [r for _, _, s in group for r in s.roles]
    counts = Counter(roles)
    ranked = tuple(sorted(counts, key=lambda r: -counts[r]))  # most often given first, then first given
    return Person(name, aliases, best_role(roles), tuple(cited), kind, ranked)


def quotes_answer(person: Person) -> Answer:
    """A person's quotes as an answer value, so the chat's cards and reader show them unchanged."""
    citations = tuple(
        Citation(n, q.doc, q.paragraph, q.line, q.text, 1.0, q.highlights, meta=q.meta)
        for n, q in enumerate(person.quotes, start=1)
    )
    count = len(citations)
    text = f"{person.name}: {count} quote paragraph{'s' if count != 1 else ''}"
    return Answer(f"quotes of {person.name}", text, False, 1.0, citations)
