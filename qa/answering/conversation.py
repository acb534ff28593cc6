"""Follow-up questions read in the light of the turns before them, without a language model.

After "What did Sullivan say?", a reader asks "what about Tom Sharpe?", then "did he
mention Putin?". Each turn leaves what later turns may point back to: the person it
was about and the question it stood for. A follow-up is rewritten into a question
that stands on its own: pronouns become the last person; "what about X?" and "and
X?" swap X in for the last person (or add X as the topic); "what else?" asks the
last question again for passages not cited yet; a bare "why?" or "when was that?"
carries the last question along. Anything else is left as typed, so a new topic
does not inherit the old one. The rewrite is shown to the reader, who can correct it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from qa.answering.answer import Answer
from qa.answering.question import analyse
from qa.language.lexicon import PERSONAL_PRONOUNS, POSSESSIVE_PRONOUNS, QUESTION_STARTS, TOPIC_PHRASES
from qa.language.names import PERSON_NAME_RE, is_name

_PRONOUN = re.compile(rf"\b(?P<word>{'|'.join(sorted(PERSONAL_PRONOUNS))})\b", re.I)
_WHAT_ABOUT = re.compile(r"^\s*(?:(?:and\s+)?(?:what|how)\s+about|and)\s+(?P<what>.+?)\s*[?.!]*\s*$", re.I)
_ELSE = re.compile(
    r"^\s*(?:what|anything|who|where)\s+else\b.*$|^\s*(?:more|tell me more)\s*[?.!]*\s*$", re.I
)
_BARE = re.compile(
    r"^\s*(?:why|how|when|where|who|how come|since when)(?:\s+(?:was|is|did|does|were)\s+(?:that|this|it))?"
    r"\s*[?.!]*\s*$",
    re.I,
)
_DID_SAY = re.compile(
    rf"^\s*(?:did|does|has|had)\s+(?P<who>.+?)\s+(?:{'|'.join(TOPIC_PHRASES)})\s+(?P<topic>.+?)\s*[?.!]*\s*$",
    re.I,
)


@dataclass(frozen=True, slots=True)
class Reading:
    """How one question was read: the standalone text, and the passages already shown."""

    question: str
    resolved: str
    exclude: frozenset[tuple[str, int]] = frozenset()

    @property
    def rewritten(self) -> bool:
        return self.resolved != self.question


@dataclass(frozen=True, slots=True)
class Conversation:
    """The last turn's resolved question, its person and its cited passages: all a follow-up needs."""

    last: str | None = None
    person: str | None = None
    speaker_question: bool = False  # the last turn asked what someone said
    cited: frozenset[tuple[str, int]] = frozenset()
    turns: int = 0

    def read(self, question: str) -> Reading:
        """The question as it stands on its own, given this conversation."""
        reading = self._read(question)
        resolved = reading.resolved
        if reading.rewritten and resolved[:1].islower():
            return replace(reading, resolved=resolved[:1].upper() + resolved[1:])
        return reading

    def _read(self, question: str) -> Reading:
        text = " ".join(question.split())
        if self.last is None or not text:
            return Reading(question, text or question)
        if _ELSE.match(text):
            return Reading(question, self.last, self.cited)
        if _BARE.match(text):
            return Reading(question, f"{text.rstrip('?.! ')} ({self.last.rstrip('?.! ')})?")
        about = _WHAT_ABOUT.match(text)
        if about is not None and _elliptical(about.group("what")):
            return Reading(question, self._swap(about.group("what")))
        resolved = self._pronouns(text)
        asked = _DID_SAY.match(resolved)
        if asked is not None and resolved != text:  # "did he mention Putin?": what he said about it
            resolved = f"What did {asked.group('who')} say about {asked.group('topic')}?"
        return Reading(question, resolved)

    def _swap(self, what: str) -> str:
        """ "what about X?": X in the last person's place, or X as the new topic."""
        assert self.last is not None
        if is_name(what) and self.person and self.person in self.last:
            return self.last.replace(self.person, what, 1)
        if is_name(what) and self.speaker_question:
            return f"What did {what} say?"
        if self.speaker_question and self.person:
            return f"What did {self.person} say about {what}?"
        return f"{self.last.rstrip('?.! ')}: {what}?"

    def _pronouns(self, text: str) -> str:
        """Pronouns before any name in the question are the last person ("did he mention Putin?");
        after one, they are that name's ("When did Tesla get his patent?")."""
        if self.person is None:
            return text
        first_name = next(
            (m.start() for m in PERSON_NAME_RE.finditer(text) if m.start() and is_name(m.group())), len(text)
        )

        def named(match: re.Match[str]) -> str:
            word = match.group("word")
            if match.start() > first_name:
                return word
            return f"{self.person}’s" if word.lower() in POSSESSIVE_PRONOUNS else str(self.person)

        return _PRONOUN.sub(named, text)

    def after(self, reading: Reading, answer: Answer) -> Conversation:
        """The conversation once `answer` has been given to `reading`."""
        query = analyse(reading.resolved)
        person = answer.evidence.speaker
        if person is None and query.kind == "who" and answer.citations and not answer.abstained:
            first = answer.citations[0]  # "Who is the Shadow Chancellor?": the person is the answer
            if first.answer_span is not None:
                person = first.text[first.answer_span[0] : first.answer_span[1]]
        person = person or _person_in(query.speaker or "") or _person_in(reading.resolved)
        cited = frozenset((c.doc, c.paragraph) for c in answer.citations)
        keep_cited = self.cited if reading.exclude else frozenset()
        return replace(
            self,
            last=reading.resolved,
            person=person or self.person,  # a pronoun means the last person named, however long ago
            speaker_question=query.speaker is not None,
            cited=keep_cited | cited,
            turns=self.turns + 1,
        )


def _elliptical(what: str) -> bool:
    """ "and Tom Sharpe?" is a follow-up; "and what did he say?" is a question of its own."""
    words = what.split()
    return 0 < len(words) <= 5 and words[0].lower() not in QUESTION_STARTS


def _person_in(text: str) -> str | None:
    """The first capitalised name after the question's first word, if it looks like a person."""
    for match in PERSON_NAME_RE.finditer(text):
        if match.start() == 0:
            continue
        if is_name(match.group()) and len(match.group().split()) >= 1:
            return match.group()
    return None
