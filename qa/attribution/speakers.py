"""Who said each quote: speaker attribution for one article, without a language model.

News copy attributes a quote in a few set ways: "X said:", "X told the BBC:", a
trailing "…,” she told Sky News", or not at all, when a quote runs on into the next
paragraph that opens with a quote mark. Pronouns and short forms ("He added:",
"Mr Sullivan", "Sir Keir") are resolved to the full name the article gave earlier.
Pure functions over one document's paragraphs, in order.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import NamedTuple

from qa.attribution.quotes import quote_spans
from qa.attribution.roles import fits, is_role, role_after, role_before
from qa.ingest.paragraphs import Paragraph
from qa.language.lexicon import ROLE_WORDS, SPEECH_VERBS, STOPWORDS, SUBJECT_PRONOUNS, TITLES
from qa.language.names import (
    PERSON_NAME,
    PERSON_NAME_RE,
    clean_name,
    is_full_name,
    is_title,
    short_form_of,
    split_role,
)

# Forms a pattern can take for the verb without a parser: every past, and presents that are no noun.
VERB_FORMS = "|".join([v.past for v in SPEECH_VERBS] + [v.present for v in SPEECH_VERBS if not v.noun_too])
_APPOSITIVE = re.compile(r",\s*(?:who|which|whose|a|an|the)\b[^,:“\"‘]*,")
_VERB = re.compile(rf"\s(?:{VERB_FORMS})\b")
_AFTER = re.compile(
    rf"[”\"’']?\s*[,.]?\s*(?P<who>{PERSON_NAME}|{'|'.join(sorted(SUBJECT_PRONOUNS))})\s+(?:{VERB_FORMS})\b"
)
_AFTER_INVERTED = re.compile(rf"[”\"’']?\s*[,.]?\s*(?:{VERB_FORMS})\s+(?P<who>{PERSON_NAME})")


@dataclass(frozen=True, slots=True)
class QuoteRecord:
    """One paragraph's direct quotes and who said them (None when the article does not say)."""

    paragraph: int
    spans: tuple[tuple[int, int], ...]
    speaker: str | None
    role: str
    roles: tuple[str, ...] = ()  # every role the article gives the speaker, the record's own first


def _tokens(phrase: str) -> list[str]:
    return [t.strip(".,’'").lower() for t in phrase.split() if t.strip(".,’'")]


class _People:
    """Full names met so far in the article, to resolve short forms and pronouns."""

    def __init__(self) -> None:
        self.full: list[str] = []

    def note(self, name: str) -> None:
        if is_full_name(name) and name not in self.full:
            self.full.append(name)

    def resolve(self, name: str) -> str:
        """The full name given last that `name` is a short form of, else `name` itself."""
        fitting = short_form_of(name, self.full)
        return fitting[-1] if fitting else name


class Mention(NamedTuple):
    offset: int
    name: str
    role: str
    speaking: bool  # followed by a speech verb
    end: int = 0


def _person_mentions(text: str, people: _People) -> list[Mention]:
    """Phrases that name a person: titled, two words or more, or part of a full name already given."""
    found = []
    for match in PERSON_NAME_RE.finditer(text):
        name, role = split_role(clean_name(match.group()))
        words = name.split()
        if not words:
            continue
        titled = len(words) > 1 and is_title(words[0])
        known = people.resolve(name) != name
        if titled or known or (len(words) >= 2 and not all(w.lower() in ROLE_WORDS for w in words)):
            found.append(
                Mention(match.start(), name, role, _VERB.match(text, match.end()) is not None, match.end())
            )
    return found


@dataclass(frozen=True, slots=True)
class _Attribution:
    """What the words around one quote say of its speaker; `since` is where that sentence starts."""

    kind: str  # "name", "pronoun" or "description"
    who: str
    role: str
    since: int


_STRENGTH = {"name": 0, "pronoun": 1, "description": 2}


def _subject(lead: str, offset: int, people: _People) -> _Attribution | None:
    """The speaker named before a speech verb in the sentence leading up to a quote."""
    lead = _APPOSITIVE.sub(lambda m: " " * len(m.group()), lead)
    verb = next(_VERB.finditer(lead), None)
    if verb is None:
        return None
    who = lead[: verb.start()].strip()
    last_word = who.split()[-1].lower() if who.split() else ""
    if last_word in SUBJECT_PRONOUNS:
        return _Attribution("pronoun", last_word, "", offset)
    adjacent = re.search(rf"{PERSON_NAME}$", who)
    if adjacent is not None:
        name, role = split_role(clean_name(adjacent.group()))
        if name and not is_role(name):
            return _Attribution("name", name, role, offset)
    named = _person_mentions(who, people)
    if named:
        return _Attribution("name", named[-1].name, named[-1].role, offset)
    if who and is_role(who):
        role = " ".join(w for w in who.split() if w.lower() in ROLE_WORDS - {"the"})
        return _Attribution("description", who, role, offset)
    return None


def _sentence_start(text: str, lo: int, hi: int) -> int:
    ends = [text.rfind(mark, lo, hi) for mark in (". ", "? ", "! ")]
    return max((end + 2 for end in ends if end >= 0), default=lo)


def _attributions(text: str, spans: Sequence[tuple[int, int]], people: _People) -> list[_Attribution]:
    """For each quote: the speaker phrase before it ("X said:") or right after it ("…,” she said")."""
    found: list[_Attribution] = []
    previous_end = 0
    for start, end in spans:
        opening = start - 1
        sentence_start = max(_sentence_start(text, previous_end, opening), previous_end)
        before = _subject(text[sentence_start:opening], sentence_start, people)
        if before is not None:
            found.append(before)
        match = _AFTER.match(text, end + 1) or _AFTER_INVERTED.match(text, end + 1)
        if match:
            who = match.group("who")
            if who.lower() in SUBJECT_PRONOUNS:
                found.append(_Attribution("pronoun", who.lower(), "", sentence_start))
            else:
                name, role = split_role(clean_name(who))
                found.append(_Attribution("name", name, role, sentence_start))
        previous_end = end + 1
    return sorted(found, key=lambda a: _STRENGTH[a.kind])


def _antecedent(mentions: Sequence[Mention], limit: int | None) -> str | None:
    """The person a pronoun most likely means: the last one who spoke, else the last one named."""
    usable = [m for m in mentions if limit is None or m[0] < limit]
    speaking = [m.name for m in usable if m.speaking]
    named = [m.name for m in usable]
    chosen = speaking or named
    return chosen[-1] if chosen else None


@dataclass
class _Reader:
    """Walks an article in order, remembering who was named and who spoke."""

    people: _People
    records: list[QuoteRecord]
    last_speaker: str | None = None
    previous: tuple[Mention, ...] = ()

    def speaker(
        self, paragraph: Paragraph, spans: list[tuple[int, int]], mentions: list[Mention]
    ) -> tuple[str | None, str]:
        text = paragraph.text
        found = _attributions(text, spans, self.people)
        if found:
            best = found[0]
            if best.kind == "name":
                return self.people.resolve(best.who), best.role
            nearby = _antecedent(mentions, best.since)
            if best.kind == "pronoun":
                who = nearby or _antecedent(self.previous, None) or self.last_speaker
                return (self.people.resolve(who) if who else None), ""
            if nearby:
                return self.people.resolve(nearby), best.role
            return best.who[:1].lower() + best.who[1:], best.role
        if text[:1] in "“\"‘'":
            last = self.records[-1] if self.records else None
            if last is not None and last.paragraph == paragraph.index - 1:
                return last.speaker, last.role  # a quote running on from the last paragraph
            return self.last_speaker, ""
        return None, ""


def _roles_of(text: str, mention: Mention) -> list[str]:
    """The roles written around one mention: "Poland's Prime Minister Donald Tusk", "Kirby, a spokesman"."""
    phrase = text[mention.offset : mention.end]
    at = phrase.rfind(mention.name)
    lead = phrase[: at if at >= 0 else phrase.rfind(mention.name.split()[-1])].split()
    ended = [i for i, word in enumerate(lead) if word.endswith(".") and word[:-1].lower() not in TITLES]
    lead = lead[ended[-1] + 1 :] if ended else lead  # "Kyiv. Treasury Minister": the role starts anew
    while lead and lead[0].lower() in STOPWORDS:
        lead.pop(0)
    before = " ".join([role_before(text, mention.offset), *lead]).strip()
    found = [before] if is_role(before) else []
    after = role_after(text, mention.end)
    return [*found, after] if after else found


def attribute(paragraphs: Sequence[Paragraph]) -> list[QuoteRecord]:
    """Every quote-bearing paragraph of one article with its speaker, in article order.

    A quote no attribution names is credited to whoever the article quotes with the
    same words elsewhere ("Moscow warning the UN that ... 'Nato will be a direct party'").
    """
    reader = _Reader(_People(), [])
    roster: dict[str, list[str]] = {}
    for paragraph in paragraphs:
        spans = quote_spans(paragraph.text)
        mentions = _person_mentions(paragraph.text, reader.people)
        for mention in mentions:
            reader.people.note(mention.name)
            known = roster.setdefault(reader.people.resolve(mention.name), [])
            known.extend(r for r in _roles_of(paragraph.text, mention) if r not in known)
        if spans:
            speaker, role = reader.speaker(paragraph, spans, mentions)
            reader.records.append(QuoteRecord(paragraph.index, tuple(spans), speaker, role))
            reader.last_speaker = speaker or reader.last_speaker
        reader.previous = tuple(mentions)
    records = share_speakers(reader.records, paragraphs)
    return [_with_roles(record, roster) for record in records]


def _with_roles(record: QuoteRecord, roster: dict[str, list[str]]) -> QuoteRecord:
    given = roster.get(record.speaker or "", [])
    roles = tuple(dict.fromkeys(r for r in (record.role, *given) if r))
    return replace(record, role=record.role or (roles[0] if roles else ""), roles=roles)


def quoted_words(text: str, spans: Sequence[tuple[int, int]]) -> list[str]:
    return [" ".join(text[a:b].lower().replace("’", "'").split()) for a, b in spans]


MIN_SHARED_QUOTE = 24  # characters: shorter fragments ("at war") are too common to prove a speaker


def share_speakers(records: Sequence[QuoteRecord], paragraphs: Sequence[Paragraph]) -> list[QuoteRecord]:
    """Credit an unattributed quote to the named speaker of the same words in the same article."""
    text_of = {p.index: p.text for p in paragraphs}
    named = [
        (words, r.speaker, r.role)
        for r in records
        if r.speaker and r.speaker[:1].isupper()
        for words in quoted_words(text_of[r.paragraph], r.spans)
    ]
    shared: list[QuoteRecord] = []
    for record in records:
        if record.speaker and record.speaker[:1].isupper():
            shared.append(record)
            continue
        quoted = [
            w for w in quoted_words(text_of[record.paragraph], record.spans) if len(w) >= MIN_SHARED_QUOTE
        ]
        match = next(
            ((who, role) for words, who, role in named for q in quoted if q in words or words in q), None
        )
        shared.append(replace(record, speaker=match[0], role=match[1]) if match else record)
    return shared


def matches(asked: str, record: QuoteRecord) -> bool:
    """Does the person the question names ("Sullivan", "Sir Keir", "the Treasury Minister") fit this speaker?"""
    if record.speaker is None:
        return False
    if fits(asked, (record.role, *record.roles)):
        return True
    wanted = [t for t in _tokens(asked) if t not in {"the", "a", "an", "former"} and t not in TITLES]
    name_tokens = set(_tokens(record.speaker))
    names = [t for t in wanted if t not in ROLE_WORDS]
    return bool(names) and all(t in name_tokens for t in names)
