"""Speech acts in one parsed paragraph: who the sentence says spoke, and the words it reports.

A speech act is a verb of saying (by lemma, from the lexicon) with its subject, inverted
or not ("said Mr Smith, chief executive of Acme"), "according to X", or a transcript line
("Q:", "A:", "NAME:"). Verbs inside quote marks are the quoted person's own words and are
left to the outer speaker. What a speaker is here is only what this sentence says; the
article-wide reading (pronouns, short forms, "the firm") is `qa.attribution.cast`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from qa.attribution.phrases import SPEECH_LEMMAS, Phrase, mentions_of, phrase_of, text_of
from qa.language.lexicon import QUOTING_VERBS
from qa.language.names import is_name

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

# Dependencies through which a verb without a subject of its own takes its head's:
# "and added", "went on to say", ", adding that", "was quoted as saying".
_INHERITS = frozenset({"conj", "xcomp", "advcl", "pcomp", "prep", "acl"})
_SUBJECTS = frozenset({"nsubj", "nsubjpass"})
_TRANSCRIPT = re.compile(r"^(?P<who>[^:\n“”\"]{1,60}?)\s*:\s+(?=\S)")
_QUESTIONER = frozenset({"q", "question", "interviewer"})
_ANSWERER = frozenset({"a", "answer"})


@dataclass(frozen=True, slots=True)
class Act:
    """One sentence's report of speech: the speaker phrase, where the report is, what was reported."""

    speaker: Phrase
    cue: int  # offset of the verb, of "according", or of a transcript line's name
    sentence: tuple[int, int]
    content: tuple[int, int] | None = None  # the reported words, when the verb has a clause
    verbatim: bool = False  # a transcript line: the content is the speaker's own words


@dataclass(frozen=True, slots=True)
class Reading:
    """What the parse gives of one paragraph: its speech acts and everyone it names."""

    acts: tuple[Act, ...] = ()
    mentions: tuple[Phrase, ...] = ()
    question: bool = False  # an interviewer's "Q:" line: a question, not anyone's answer


def _inside(offset: int, spans: Sequence[tuple[int, int]]) -> bool:
    return any(start <= offset < end for start, end in spans)


def _extent(token: Token) -> tuple[int, int]:
    """A clause's characters, without the "that" which introduces it."""
    first = token.left_edge
    while first.dep_ == "mark" and first.i < token.i:
        first = first.nbor()
    return first.idx, token.right_edge.idx + len(token.right_edge.text)


def _subjects(verb: Token) -> list[Token]:
    """The verb's subject, or the subject of the verb it hangs from, with any joined by "and"."""
    token = verb
    for _ in range(4):
        found = [child for child in token.children if child.dep_ in _SUBJECTS]
        if found:
            subject = found[0]
            if subject.dep_ == "nsubjpass" and verb.lemma_ not in QUOTING_VERBS:
                return []  # "it is believed", "he was told": no one is said to speak
            return [subject, *(c for c in subject.children if c.dep_ == "conj")]
        if token.dep_ == "acl" and token.head.pos_ in {"PROPN", "NOUN", "PRON"}:
            return [token.head]  # "Mr Brown, speaking in London, ..."
        if token.dep_ not in _INHERITS or token.head is token:
            break
        token = token.head
    before = verb.nbor(-1) if verb.i > 0 else None
    if before is not None and before.ent_type_ == "PERSON":
        return [before]  # "Despite this Starmer said": the parse lost the subject, the name is there
    return []


def _content(verb: Token, sentence: Span) -> tuple[int, int] | None:
    """The clause a verb reports ("said [that profits rose]"), if it has one."""
    for child in verb.children:
        if child.dep_ == "ccomp" or (child.dep_ == "xcomp" and verb.lemma_ in QUOTING_VERBS):
            return _extent(child)
    if verb.lemma_ in QUOTING_VERBS:
        return None
    for child in verb.children:
        if child.dep_ == "prep" and child.lower_ == "as":
            for grand in child.children:
                if grand.dep_ == "pcomp" and grand.lemma_ in SPEECH_LEMMAS:
                    return _content(grand, sentence)
    return None


def _is_speech_verb(token: Token) -> bool:
    if token.lemma_ in QUOTING_VERBS:
        return any(c.dep_ == "prep" and c.lower_ == "as" for c in token.children)
    return token.lemma_ in SPEECH_LEMMAS and token.pos_ in {"VERB", "AUX"}


def _verb_acts(doc: Doc, quotes: Sequence[tuple[int, int]]) -> list[Act]:
    acts = []
    for sentence in doc.sents:
        bounds = (sentence.start_char, sentence.end_char)
        for token in sentence:
            if not _is_speech_verb(token) or _inside(token.idx, quotes):
                continue
            if token.dep_ == "pcomp" and token.head.head.lemma_ in QUOTING_VERBS:
                continue  # "quoted as saying": the act is the quoting verb's
            for subject in _subjects(token):
                phrase = phrase_of(subject)
                if phrase is not None:
                    acts.append(Act(phrase, token.idx, bounds, _content(token, sentence)))
    return acts


def _according_acts(doc: Doc, quotes: Sequence[tuple[int, int]]) -> list[Act]:
    """ "According to the Financial Times, ...": the source, and the rest of the sentence as its words."""
    acts = []
    for token in doc:
        if token.lower_ != "according" or _inside(token.idx, quotes):
            continue
        to = next((c for c in token.children if c.lower_ == "to"), None)
        source = next((c for c in to.children if c.dep_ == "pobj"), None) if to is not None else None
        phrase = phrase_of(source) if source is not None else None
        if phrase is None or source is None:
            continue
        sentence = source.sent
        start, end = _extent(token)
        if start - sentence.start_char < sentence.end_char - end:
            content = (end, sentence.end_char)
        else:
            content = (sentence.start_char, start)
        text = text_of(doc)
        lo, hi = content
        while lo < hi and not text[lo].isalnum() and text[lo] not in "“\"‘'":
            lo += 1
        while hi > lo and not text[hi - 1].isalnum() and text[hi - 1] not in "”\"’'":
            hi -= 1
        if hi > lo:
            acts.append(Act(phrase, token.idx, (sentence.start_char, sentence.end_char), (lo, hi)))
    return acts


def _transcript_act(doc: Doc) -> tuple[Act | None, bool, int]:
    """A "Q:" / "A:" / "NAME:" line: the answer or named line's act, whether it is a question, and
    where the label ends (0 when the paragraph is no transcript line)."""
    match = _TRANSCRIPT.match(text_of(doc))
    if match is None:
        return None, False, 0
    who = match.group("who").strip()
    rest = (match.end(), len(text_of(doc).rstrip()))
    if who.lower() in _QUESTIONER:
        return None, True, match.end()
    if who.lower() in _ANSWERER:
        phrase = Phrase("answerer", who, match.start("who"), match.start("who") + len(who))
    elif len(who.split()) <= 4 and is_name(who):
        phrase = Phrase("name", who, match.start("who"), match.start("who") + len(who))
    else:
        return None, False, 0
    return Act(phrase, match.start("who"), (0, len(text_of(doc))), rest, verbatim=True), False, match.end()


def read(doc: Doc, quotes: Sequence[tuple[int, int]]) -> Reading:
    """Every speech act and mention in one parsed paragraph; `quotes` are its quote spans."""
    line, question, label_end = _transcript_act(doc)
    acts = [*_verb_acts(doc, quotes), *_according_acts(doc, quotes)]
    # "Q: Did X say …": X may speak; the "Q" label never does
    acts = [act for act in acts if act.speaker.start >= label_end]
    if line is not None:
        acts.insert(0, line)
    acts.sort(key=lambda act: act.cue)
    return Reading(tuple(acts), mentions_of(doc, quotes), question)
