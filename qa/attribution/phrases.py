"""Who a noun phrase names, read from spaCy's parse and entities: a person, an organisation, a role.

A person's roles come from the parse, not from a word list: the words before the name in
its noun phrase ("French President" Emmanuel Macron, "Poland's Prime Minister" Donald
Tusk), an apposition ("Gary Doyle, general secretary of the Drivers' Union,") and a
relative clause that says what they are or were ("who served as the UK's first national
security adviser"). Offsets are characters of the paragraph, so every name is a span of it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from qa.language.lexicon import (
    AGENT_SUFFIXES,
    GENERIC_ROLE_WORDS,
    INSTITUTION_WORDS,
    ORGANISATION_NOUNS,
    PEOPLE_NOUNS,
    PRONOUNS,
    ROLE_WORDS,
    SPEECH_VERBS,
    SPOKESPERSON_WORDS,
    TITLES,
)

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

_ENTITIES = "qa.entities"
_TEXT = "qa.text"

PERSON_LABELS = frozenset({"PERSON"})
SPEECH_LEMMAS = frozenset(verb.lemma for verb in SPEECH_VERBS)
ORGANISATION_LABELS = frozenset({"ORG", "GPE", "NORP", "FAC"})
PLACE_LABELS = frozenset({"GPE", "NORP", "FAC"})
# Nouns an unnamed speaker may be: a job, people in general, an organisation, a spokesperson.
_SPEAKING_NOUNS = ROLE_WORDS | PEOPLE_NOUNS | ORGANISATION_NOUNS | SPOKESPERSON_WORDS
_ROLE_LEFT = frozenset({"compound", "amod", "poss", "nmod", "npadvmod", "case"})
_NP_LEFT = frozenset({"det", "amod", "compound", "poss", "nummod", "case", "nmod", "quantmod"})
_ROLE_CLAUSE_LEMMAS = frozenset({"be", "serve", "work", "act"})
_EDGE = " ,;:.'’\"“”‘()-–—"


@dataclass(frozen=True, slots=True)
class Phrase:
    """Someone as one sentence names them, before the article's reading resolves them.

    kind: "person" (a PERSON entity), "organisation" (an ORG or place entity), "name"
    (capitalised, no entity: "Lord Ricketts"), "pronoun", "role" ("a spokeswoman for X",
    "analysts"), "answerer" (an interview's "A:").
    """

    kind: str
    text: str  # the name with any title, the pronoun, or the role phrase without its article
    start: int
    end: int
    roles: tuple[str, ...] = ()
    plural: bool = False
    subject: bool = True  # the subject of its clause (pronouns prefer antecedents that were)
    spokesperson: bool = False  # "a spokeswoman for X": speaks for an organisation
    definite: bool = False  # "the former Prime Minister": someone the article has just named
    place: bool = False  # a country, city or nationality: speaks only as the sentence's own subject


def _tidy(doc: Doc, start: int, end: int) -> tuple[int, int]:
    """Character bounds without edge punctuation or a leading article."""
    text = text_of(doc)
    while start < end and text[start] in _EDGE:
        start += 1
    while end > start and text[end - 1] in _EDGE:
        end -= 1
    for article in ("the ", "a ", "an ", "The ", "A ", "An "):
        if text.startswith(article, start):
            start += len(article)
    if text.endswith("'s", start, end) or text.endswith("’s", start, end):
        end -= 2
    return start, end


def _text(doc: Doc, start: int, end: int) -> str:
    start, end = _tidy(doc, start, end)
    return text_of(doc)[start:end]


def _subtree_chars(token: Token) -> tuple[int, int]:
    return token.left_edge.idx, token.right_edge.idx + len(token.right_edge.text)


def roles_of(root: Token, first: int) -> tuple[str, ...]:
    """Roles the parse attaches to a name whose head is `root` and first token `first`:
    words before the name, an apposition, a relative clause."""
    doc = root.doc
    found: list[str] = []
    left = [t for t in root.lefts if t.i < first and t.dep_ in _ROLE_LEFT]
    if left:
        begin = min(t.left_edge.idx for t in left)
        role = _text(doc, begin, doc[first].idx)
        words = role.split()
        while words and words[-1].strip(".").lower() in TITLES:
            words.pop()
        if words and any(c.isalpha() for c in words[-1]):
            found.append(" ".join(words))
    for child in root.rights:
        if child.dep_ == "appos" and child.pos_ == "NOUN":
            found.append(_text(doc, *_subtree_chars(child)))
        if child.dep_ == "relcl" and child.lemma_ in _ROLE_CLAUSE_LEMMAS:
            for grand in child.children:
                if grand.dep_ == "attr":
                    found.append(_text(doc, *_subtree_chars(grand)))
                if grand.dep_ == "prep" and grand.lower_ == "as":
                    found.extend(_text(doc, *_subtree_chars(g)) for g in grand.children if g.dep_ == "pobj")
    usable = (r for r in found if r and len(r.split()) <= 12 and not set(r) & set(":()[]"))
    return tuple(dict.fromkeys(usable))  # "Picture: EPA" is a caption's apposition, not a role


def _name_start(entity: Span) -> int:
    """The entity's first token, taking in given names the tagger left outside ("Édouard" Philippe)."""
    first = entity.start
    while first > 0:
        before = entity.doc[first - 1]
        bare = before.text.strip(".").lower()
        if bare in TITLES:
            return first - 1  # "Mr Sullivan", "Lord Ricketts": the title goes with the name
        if before.pos_ != "PROPN" or not before.text[:1].isupper() or bare in ROLE_WORDS | TITLES:
            break
        if before.head.i < entity.start or before.head.i >= entity.end:
            break
        first -= 1
    return first


def entities(doc: Doc) -> tuple[Span, ...]:
    """The paragraph's entities, read once: spaCy rebuilds `doc.ents` from every token on each access."""
    cached: tuple[Span, ...] | None = doc.user_data.get(_ENTITIES)
    if cached is None:
        cached = doc.user_data[_ENTITIES] = tuple(doc.ents)
    return cached


def text_of(doc: Doc) -> str:
    """The paragraph's text, joined once: `doc.text` joins every token again on each access."""
    cached: str | None = doc.user_data.get(_TEXT)
    if cached is None:
        cached = doc.user_data[_TEXT] = doc.text
    return cached


def _entity(token: Token) -> Span | None:
    if not token.ent_type_:
        return None
    return next((e for e in entities(token.doc) if e.start <= token.i < e.end), None)


def _role_led(entity: Span) -> int:
    """The first token of a person entity after role words the tagger took in ("Premier" Chris Minns)."""
    first = entity.start
    while first < entity.end - 1 and entity.doc[first].lower_ in ROLE_WORDS - {"the"}:
        first += 1
    return first


def bounds(entity: Span) -> tuple[int, int]:
    """An entity's characters as a name reads: a person's title taken in, edge punctuation and
    a leading article or trailing possessive left out ("(Lord Ricketts)'s" is "Lord Ricketts")."""
    return _tidy(entity.doc, entity.doc[_first(entity)].idx, entity.end_char)


def _first(entity: Span) -> int:
    """The token a name starts at: a person's after role words, before a title."""
    if entity.label_ not in PERSON_LABELS:
        return int(entity.start)
    led = _role_led(entity)
    return led if led > entity.start else _name_start(entity)


def _named(entity: Span, subject: bool) -> Phrase | None:
    person = entity.label_ in PERSON_LABELS
    start, end = bounds(entity)
    if end <= start:
        return None
    text = text_of(entity.doc)[start:end]
    if person and text.split()[-1].lower() not in INSTITUTION_WORDS:  # "Downing Street" is no one
        return Phrase("person", text, start, end, roles_of(entity.root, _first(entity)), subject=subject)
    place = entity.label_ in PLACE_LABELS
    return Phrase("organisation", text, start, end, subject=subject, place=place)


def _noun_phrase(token: Token) -> tuple[int, int]:
    """The subject's own words: its determiners and modifiers, and a "for/of/at X" after it."""
    begin = min([token.idx, *(t.left_edge.idx for t in token.lefts if t.dep_ in _NP_LEFT)])
    end = token.idx + len(token.text)
    for child in token.rights:
        if child.dep_ == "prep" and child.lower_ in {"for", "of", "at", "from", "with"}:
            end = max(end, _subtree_chars(child)[1])
        elif child.dep_ in {"compound", "flat"}:
            end = max(end, child.idx + len(child.text))
    return begin, end


def _may_speak(token: Token) -> bool:
    """Can an unnamed subject be someone: a job, a group of people, an organisation, an agent noun?"""
    lemma, lower = token.lemma_.lower(), token.lower_
    if lemma in _SPEAKING_NOUNS or lower in _SPEAKING_NOUNS:
        return True
    if lemma in SPEECH_LEMMAS or not token.text[:1].islower():
        return False  # "his comments", "claims"; a capitalised word with no entity is no agent noun
    return len(lower) > 4 and lower.endswith(AGENT_SUFFIXES)


def phrase_of(token: Token) -> Phrase | None:
    """Who a subject token names, or None when it names no one ("it is believed", "I", "we")."""
    subject = token.dep_ in {"nsubj", "nsubjpass"}
    lower = token.lower_
    if lower in PRONOUNS and "subject" in PRONOUNS[lower].cases:
        plural = PRONOUNS[lower].plural
        return Phrase(
            "pronoun", lower, token.idx, token.idx + len(token.text), plural=plural, subject=subject
        )
    if token.pos_ == "PRON":
        return None
    entity = _entity(token)
    if entity is None:
        person = next((c for c in token.children if c.dep_ == "appos" and c.ent_type_ == "PERSON"), None)
        entity = _entity(person) if person is not None else None  # "The chief executive, John Smith,"
        if entity is not None:
            role = _text(token.doc, *_noun_phrase(token))
            named = _named(entity, subject)
            return (
                Phrase("person", named.text, named.start, named.end, (role, *named.roles)) if named else None
            )
    lone_role = (
        entity is not None and len(entity) == 1 and lower in ROLE_WORDS - GENERIC_ROLE_WORDS
    )  # "the Premier"
    if entity is not None and entity.label_ in PERSON_LABELS | ORGANISATION_LABELS and not lone_role:
        return _named(entity, subject)
    start, end = _tidy(token.doc, *_noun_phrase(token))
    text = text_of(token.doc)[start:end]
    if not text:
        return None
    words = text.split()
    has_article = any(t.dep_ == "det" for t in token.lefts)  # "the Premier" is a role, "Lord Ricketts" a name
    if token.pos_ == "PROPN" and not has_article and all(w[:1].isupper() for w in words):
        first = min([token.i, *(t.i for t in token.lefts if t.dep_ == "compound")])
        return Phrase("name", text, start, end, roles_of(token, first), subject=subject)
    if not _may_speak(token):
        return None  # "some studies suggest", "the proposals state": things, not speakers
    plural = token.tag_ in {"NNS", "NNPS"}
    spokesperson = token.lemma_.lower() in SPOKESPERSON_WORDS or lower in SPOKESPERSON_WORDS
    definite = any(t.dep_ == "det" and t.lower_ == "the" for t in token.lefts)
    return Phrase("role", text, start, end, (text,), plural, subject, spokesperson, definite)


def mentions_of(doc: Doc, quotes: Sequence[tuple[int, int]]) -> tuple[Phrase, ...]:
    """Every person and organisation the paragraph names outside quote marks, in order."""
    found = []
    for entity in entities(doc):
        if entity.label_ not in PERSON_LABELS | ORGANISATION_LABELS:
            continue
        if any(start <= entity.start_char < end for start, end in quotes):
            continue
        phrase = _named(entity, entity.root.dep_ in {"nsubj", "nsubjpass"})
        if phrase is not None:
            found.append(phrase)
    return tuple(found)
