"""Everyone one article names, read in order: short forms, pronouns and "the firm" resolved.

A pronoun goes to a person it agrees with. Gender comes from the article's own evidence:
an honorific ("Mr", "Dame") or a pronoun already resolved to that person; a person of
unknown gender agrees with either. Among those that agree, the subject of an earlier
clause in the same paragraph comes first, then whoever spoke last, then the subjects of
the paragraphs before, then anyone else named. No agreeing antecedent, no speaker: a wrong name is
worse than none. Organisations and unnamed roles are entries of their own kind.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from qa.attribution.phrases import Phrase
from qa.attribution.record import Speaker
from qa.attribution.roles import words
from qa.language.lexicon import (
    COURTESY_TITLES,
    GENERIC_ROLE_WORDS,
    INSTITUTION_WORDS,
    ORGANISATION_NOUNS,
    PRONOUNS,
    ROLE_CONNECTORS,
    TITLE_GENDER,
    TITLES,
)
from qa.language.names import fits_short_form, is_full_name

REACH = 3  # paragraphs back a pronoun or "the firm" may reach for its antecedent


@dataclass(eq=False)
class Entry:
    """One speaker or named party of the article, as it is learned paragraph by paragraph."""

    kind: str  # person, organisation, role
    name: str
    aliases: list[str] = field(default_factory=list)
    roles: list[str] = field(default_factory=list)
    gender: str = ""  # "m", "f" or "" (not known)
    plural: bool = False

    def speaker(self) -> Speaker:
        aliases = tuple(a for a in dict.fromkeys(self.aliases) if a != self.name)
        gender = self.gender if self.kind == "person" else ""
        return Speaker(self.kind, self.name, tuple(dict.fromkeys(self.roles)), aliases, gender)


@dataclass(frozen=True, slots=True)
class _Seen:
    entry: Entry
    paragraph: int
    offset: int
    subject: bool
    place: bool = False


def _bare(text: str) -> tuple[str, str]:
    """("mr", "Smith") from "Mr Smith": the title, and the name, a span of the text.

    A courtesy title never belongs to the name; another stays when only one word would be
    left ("Lord Ricketts", "Sir Keir" are how the article names them).
    """
    title = ""
    rest = text
    while True:
        head, _, tail = rest.partition(" ")
        word = head.strip(".").lower()
        if tail and word in TITLES and (word in COURTESY_TITLES or len(tail.split()) >= 2):
            title = title or word
            rest = tail.lstrip()
            continue
        if tail and word in TITLES:
            title = title or word
        return title, rest


class Cast:
    """The people, organisations and roles of one article, with where each was last seen."""

    def __init__(self) -> None:
        self.entries: list[Entry] = []
        self.seen: list[_Seen] = []
        self.last_speaker: tuple[Entry, int] | None = None

    def _person(self, text: str) -> Entry | None:
        title, name = _bare(text)
        if not name:
            return None
        if name.isupper() and len(name) > 3:
            known = [e for e in self.entries if e.kind == "person" and e.name.split()[-1].upper() == name]
            if known:
                return known[-1]  # a transcript's "PATEL:" is the Raj Patel introduced
        for entry in reversed(self.entries):
            if entry.kind != "person":
                continue
            if name == entry.name or text in entry.aliases or name in entry.aliases:
                break
            if fits_short_form(text, entry.name) or fits_short_form(name, entry.name):
                break
            if is_full_name(name) and fits_short_form(entry.name, name):
                entry.aliases.append(entry.name)
                entry.name = name  # "Dein" was met first, "David Dein" names him in full
                break
        else:
            entry = Entry("person", name)
            self.entries.append(entry)
        if text != entry.name:
            entry.aliases.append(text)
        entry.gender = entry.gender or TITLE_GENDER.get(title, "")
        return entry

    def _organisation(self, text: str) -> Entry:
        for entry in reversed(self.entries):
            if entry.kind == "organisation" and text.lower() in {
                entry.name.lower(),
                *map(str.lower, entry.aliases),
            }:
                return entry
        entry = Entry("organisation", text)
        self.entries.append(entry)
        return entry

    def _known(self, name: str) -> bool:
        """Is `name` a person met before, in full or in a short form ("Thackeray", "Sir Keir")?"""
        return any(
            e.kind == "person" and (name == e.name or fits_short_form(name, e.name)) for e in self.entries
        )

    def _is_known_person(self, text: str) -> bool:
        """A name the tagger took for an organisation that is a person met before ("Thackeray"),
        or one behind a title ("Lord Brackenbury")."""
        title, name = _bare(text)
        return bool(title) or self._known(name)

    def _is_person_name(self, text: str) -> bool:
        title, name = _bare(text)
        if name.split()[-1].lower() in INSTITUTION_WORDS:
            return False  # "Downing Street", "White House"
        return bool(title) or is_full_name(name) or self._known(name)

    def _is_person(self, phrase: Phrase) -> bool:
        """Does a named phrase stand for a person, whatever kind of entity the tagger gave it?"""
        if phrase.kind == "organisation":
            return not phrase.place and self._is_known_person(phrase.text)
        if phrase.kind == "name":
            return self._is_person_name(phrase.text)
        return phrase.kind == "person"

    def note(self, phrase: Phrase, paragraph: int) -> Entry | None:
        """Register a named person or organisation; the entry it is (new or met before)."""
        person = self._is_person(phrase)
        if phrase.kind == "name" and not person:
            holder = self._role_holder(phrase.text)
            if holder is not None:
                return holder  # "Premier said": the person the article gave that role
        if person:
            entry = self._person(phrase.text)
            if entry is not None:
                entry.roles.extend(r for r in phrase.roles if r not in entry.roles)
        elif phrase.kind in {"organisation", "name"}:
            entry = self._organisation(phrase.text)
        else:
            return None
        if entry is not None:
            self.seen.append(_Seen(entry, paragraph, phrase.start, phrase.subject, phrase.place))
        return entry

    def resolve(self, phrase: Phrase, paragraph: int) -> Entry | None:
        """The entry a speaker phrase stands for here, or None when the article does not say."""
        if phrase.kind == "pronoun":
            return self._pronoun(phrase, paragraph)
        if phrase.kind == "answerer":
            return self._interviewee()
        if phrase.kind == "role":
            return self._role(phrase, paragraph)
        return self.note(phrase, paragraph)

    def _recent(self, paragraph: int, offset: int) -> list[_Seen]:
        """Mentions before this point within reach, latest first."""
        found = [
            s
            for s in self.seen
            if paragraph - REACH <= s.paragraph < paragraph
            or (s.paragraph == paragraph and s.offset < offset)
        ]
        return found[::-1]

    def _pronoun(self, phrase: Phrase, paragraph: int) -> Entry | None:
        pronoun = PRONOUNS[phrase.text]
        if pronoun.gender == "n" or pronoun.plural:
            return self._organisation_near(paragraph, phrase.start, plural=pronoun.plural)
        agree = [
            s
            for s in self._recent(paragraph, phrase.start)
            if s.entry.kind == "person" and s.entry.gender in {"", pronoun.gender}
        ]
        here = [s for s in agree if s.paragraph == paragraph]
        ranked = [s.entry for s in here if s.subject]
        last = self.last_speaker
        if last is not None and last[1] >= paragraph - REACH and last[0] in {s.entry for s in agree}:
            ranked.append(last[0])
        ranked += [s.entry for s in agree if s.subject] + [s.entry for s in here] + [s.entry for s in agree]
        if not ranked:
            return None
        chosen = ranked[0]
        chosen.gender = chosen.gender or pronoun.gender
        return chosen

    def _organisation_near(self, paragraph: int, offset: int, *, plural: bool) -> Entry | None:
        """ "It said" / "they said": the organisation (or, for "they", the group) that spoke last,
        else one named as a subject just before; never a place."""
        last = self.last_speaker
        recent = last is not None and last[1] >= paragraph - REACH
        if last is not None and recent and (last[0].kind == "organisation" or (plural and last[0].plural)):
            return last[0]
        for seen in self._recent(paragraph, offset):
            if seen.paragraph >= paragraph - 1 and seen.subject and seen.entry.kind == "organisation":
                return None if seen.place else seen.entry
        return None

    def _interviewee(self) -> Entry | None:
        """An interview's "A:": the person the article has named most."""
        counts: dict[int, int] = {}
        for seen in self.seen:
            if seen.entry.kind == "person":
                counts[id(seen.entry)] = counts.get(id(seen.entry), 0) + 1
        people = [e for e in self.entries if id(e) in counts]
        return max(people, key=lambda e: counts[id(e)]) if people else None

    def _role_holder(self, role: str) -> Entry | None:
        """The person named last with a role that has every word of `role` ("the Premier")."""
        content = set(words(role)) - (GENERIC_ROLE_WORDS - {"former"}) - ROLE_CONNECTORS
        for entry in reversed(self.entries):
            given = [set(words(r)) for r in entry.roles]
            if content and entry.kind == "person" and any(content <= r for r in given):
                return entry
        return None

    def _role(self, phrase: Phrase, paragraph: int) -> Entry:
        content = [w for w in words(phrase.text) if w not in GENERIC_ROLE_WORDS | ROLE_CONNECTORS]
        if not phrase.spokesperson and not phrase.plural and content:
            if content[-1] in ORGANISATION_NOUNS and len(content) <= 2:
                near = self._organisation_near(paragraph, phrase.start, plural=False)
                if near is not None:
                    return near  # "the firm said": the firm the article is about
            holder = self._role_holder(phrase.text)
            if holder is not None:
                return holder  # "the chief executive", named as such earlier
            named = [s.entry for s in self._recent(paragraph, phrase.start) if s.paragraph == paragraph]
            people = [e for e in named if e.kind == "person"]
            if phrase.definite and people:
                return people[0]  # "he met Boris Johnson. The former Prime Minister said:"
        key = phrase.text.lower()
        for entry in self.entries:
            if entry.kind == "role" and entry.name.lower() == key:
                return entry
        entry = Entry("role", phrase.text, plural=phrase.plural)
        self.entries.append(entry)
        return entry
