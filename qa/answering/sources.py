"""Whose figure a question asks for, and whether a passage gives it in someone else's words.

"How many copies did F-Secure say it had stopped?" asks F-Secure's figure; "Black Spider said
it had stopped more than 1 million copies" gives another firm's. Attribution (qa.attribution)
already knows whose words each span of a paragraph is, so a figure inside the words of a named
speaker who is not the source asked about is no answer to that question. A figure in no one's
words, or in the source's, stays a candidate: the rule only takes away another's.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from qa.attribution.entities import Entity
from qa.attribution.record import QuoteRecord, Speaker
from qa.language.lexicon import SPEECH_VERBS
from qa.language.names import PROPER_NAME_RE
from qa.language.text import tokens, unpossessive

_ACCORDING = re.compile(r"\baccording\s+to\s+(?P<who>[^,?]+)", re.I)
_VERBS = "|".join(sorted({verb.lemma for verb in SPEECH_VERBS}, key=len, reverse=True))
# "... did F-Secure say it had stopped?": a source before a bare verb of speech.
_DID_SAY = re.compile(rf"\b(?:did|does|do|has|have|had)\s+(?P<who>[^,?]*?)\s+(?:{_VERBS})\b")
# The source is the name that opens the phrase, after at most two words of what it is:
# "the Ofsted survey", "security firm Network Box"; not "the analysts at the FT conference".
_LEAD = re.compile(rf"^(?:the\s+)?(?:[a-z][\w-]*\s+){{0,2}}(?P<name>{PROPER_NAME_RE.pattern})")


def asked_source(question: str) -> str | None:
    """The source a fact question names, as typed ("according to the Ofsted survey": "Ofsted")."""
    found = _ACCORDING.search(question) or _DID_SAY.search(question)
    lead = _LEAD.match(found.group("who").strip()) if found else None
    return unpossessive(lead.group("name")) if lead else None


def source_terms(source: str) -> set[str]:
    """The words that name the source."""
    return {t.term for t in tokens(source)}


def voice_of(records: Sequence[QuoteRecord], at: int) -> Speaker | None:
    """The named speaker whose words (quoted or reported) hold the offset, if any."""
    for record in records:
        if record.speaker is not None and any(start <= at < end for start, end in record.spans):
            return record.speaker
    return None


def is_source(speaker: Speaker, source: str) -> bool:
    """Does the speaker's name, another form of it or a role hold every word of the source's name?"""
    held = {t.term for phrase in (speaker.name, *speaker.aliases, *speaker.roles) for t in tokens(phrase)}
    return source_terms(source) <= held


def other_than(records: Sequence[QuoteRecord], at: int, source: str | None) -> Speaker | None:
    """The speaker, not the source asked about, in whose words the offset lies; None otherwise."""
    if source is None:
        return None
    speaker = voice_of(records, at)
    return speaker if speaker is not None and not is_source(speaker, source) else None


def others_left_out(
    entities: Sequence[Entity], records: Sequence[QuoteRecord], source: str | None
) -> tuple[tuple[Entity, ...], Speaker | None]:
    """The entities not in another speaker's words, and one such speaker when any was left out."""
    others = [other_than(records, entity.start, source) for entity in entities]
    kept = tuple(entity for entity, other in zip(entities, others, strict=True) if other is None)
    return kept, next((other for other in others if other is not None), None)
