"""Follow-up questions read in the light of the turns before them, without a language model.

After "What did the mayor say?", a reader asks "what about Ann Hale?", then "did she
mention the budget?". Each turn leaves what later turns may point back to: the people it
was about and the question it stood for. A follow-up is rewritten into a question
that stands on its own: a pronoun becomes the latest person it agrees with
(`qa.answering.referents`); "what about X?" and "and X?" swap X in for the last person
(or add X as the topic); "what else?" asks the last question again, within its filters
and (after "what did X say?") X's words only, for passages not shown yet; a bare "why?"
or "when was that?" carries the last question along. A pronoun no one earlier fits is
not guessed at: the reply asks who is meant. Anything else is left as typed, so a new
topic does not inherit the old one. The rewrite is shown to the reader, who can correct it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace

from qa.answering.answer import Answer
from qa.answering.filters import NO_FILTERS, Filters, split
from qa.answering.question import analyse
from qa.answering.referents import Referent, referent, remember, who_is_meant
from qa.errors import QuestionError
from qa.language.lexicon import (
    ELSE_STARTS,
    MENTION_AUXILIARIES,
    MORE_PHRASES,
    PERSONAL_PRONOUNS,
    POSSESSIVE_PRONOUNS,
    PRONOUNS,
    QUESTION_STARTS,
)
from qa.language.names import is_name, names_in

_PRONOUN = re.compile(rf"\b(?P<word>{'|'.join(sorted(PERSONAL_PRONOUNS))})\b", re.I)
_WHAT_ABOUT = re.compile(r"^\s*(?:(?:and\s+)?(?:what|how)\s+about|and)\s+(?P<what>.+?)\s*[?.!]*\s*$", re.I)
_ELSE = re.compile(
    rf"^\s*(?:{'|'.join(sorted(ELSE_STARTS))})\s+else\b.*$|^\s*(?:{'|'.join(MORE_PHRASES)})\s*[?.!]*\s*$",
    re.I,
)
_BARE = re.compile(
    r"^\s*(?:why|how|when|where|who|how come|since when)(?:\s+(?:was|is|did|does|were)\s+(?:that|this|it))?"
    r"\s*[?.!]*\s*$",
    re.I,
)
# "what did they say?", "did they mention Y?": a plural pronoun that asks about someone's words.
_THEY_SPOKE = re.compile(
    rf"^\s*(?:(?:what|how)\s+)?(?:{'|'.join(sorted(MENTION_AUXILIARIES))})\s+(?P<word>"
    rf"{'|'.join(w for w in PERSONAL_PRONOUNS if PRONOUNS[w].plural and 'possessive' not in PRONOUNS[w].cases)})\b",
    re.I,
)


@dataclass(frozen=True, slots=True)
class Reading:
    """How one question was read: the standalone text, the passages already shown, the filters
    kept from the last turn, and a pronoun no one fits (the reply then asks who is meant)."""

    question: str
    resolved: str
    exclude: frozenset[tuple[str, int]] = frozenset()
    filters: Filters = NO_FILTERS
    unclear: str | None = None

    @property
    def rewritten(self) -> bool:
        return self.resolved != self.question


@dataclass(frozen=True, slots=True)
class Conversation:
    """The last turn's resolved question, its filters and cited passages, the people named: all a
    follow-up needs."""

    last: str | None = None
    people: tuple[Referent, ...] = ()  # latest first
    speaker_question: bool = False  # the last turn asked what someone said
    cited: frozenset[tuple[str, int]] = frozenset()
    filters: Filters = NO_FILTERS  # the last turn's, typed and given
    turns: int = 0
    earlier: tuple[Referent, ...] = ()  # the people of the topics before: offered, never assumed

    @property
    def person(self) -> str | None:
        return self.people[0].name if self.people else None

    def new_topic(self) -> Conversation:
        """Nothing to point back to, the people named so far kept only to be offered by name."""
        earlier: tuple[Referent, ...] = self.earlier
        for person in reversed(self.people):
            earlier = remember(earlier, person)
        return Conversation(earlier=earlier)

    def read(self, question: str) -> Reading:
        """The question as it stands on its own, given this conversation."""
        reading = self._read(question)
        resolved = reading.resolved
        if reading.rewritten and resolved[:1].islower():
            return replace(reading, resolved=resolved[:1].upper() + resolved[1:])
        return reading

    def _read(self, question: str) -> Reading:
        text = " ".join(question.split())
        if not text:
            return Reading(question, question)
        if self.last is not None:
            if _ELSE.match(text):
                return Reading(question, self.last, self.cited, self._kept())
            if _BARE.match(text):
                return Reading(question, f"{text.rstrip('?.! ')} ({self.last.rstrip('?.! ')})?")
            about = _WHAT_ABOUT.match(text)
            if about is not None and _elliptical(about.group("what")):
                return Reading(question, self._swap(about.group("what")))
        return self._pronouns(question, text)

    def _kept(self) -> Filters:
        """What "what else?" asks within: the last turn's filters and, after "what did X say?", X."""
        if self.speaker_question and self.person and not self.filters.speakers:
            return self.filters + Filters(speakers=(self.person,))
        return self.filters

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

    def _pronouns(self, question: str, text: str) -> Reading:
        """Pronouns before any name in the question are the latest person they agree with ("did
        he mention the budget?"); after one, they are that name's ("When did Tesla get his patent?")."""
        first_name = next((m.start() for m in names_in(text)), len(text))
        unclear: list[str] = []

        def named(match: re.Match[str]) -> str:
            word = match.group("word")
            if match.start() > first_name:
                return word
            person = next((p for p in self.people if p.agrees(word)), None)
            if person is None:
                if not PRONOUNS[word.lower()].plural or _THEY_SPOKE.match(text):
                    unclear.append(word)
                return word
            return f"{person.name}’s" if word.lower() in POSSESSIVE_PRONOUNS else person.name

        resolved = _PRONOUN.sub(named, text)
        return Reading(question, resolved, unclear=next(iter(unclear), None))

    def asked_who(self, reading: Reading) -> Answer:
        """The reply when `reading` has a pronoun no one here fits: who is meant, and who it could be."""
        assert reading.unclear is not None
        could = [p for p in self.earlier if p.agrees(reading.unclear)]
        example = replace(self, people=tuple(could[:1]))._pronouns(reading.question, reading.question)
        suggested = example.resolved if example.unclear is None and could else None
        if suggested and suggested[:1].islower():
            suggested = suggested[:1].upper() + suggested[1:]
        return who_is_meant(reading.question, reading.unclear, self.people, could, suggested)

    def after(self, reading: Reading, answer: Answer) -> Conversation:
        """The conversation once `answer` has been given to `reading` (a question back changes nothing)."""
        if answer.unclear is not None:
            return self
        query = analyse(reading.resolved)
        person = answer.evidence.speaker
        if person is None and query.kind == "who" and answer.citations and not answer.abstained:
            first = answer.citations[0]  # "Who is the Shadow Chancellor?": the person is the answer
            if first.answer_span is not None:
                person = first.text[first.answer_span[0] : first.answer_span[1]]
        person = person or _person_in(query.speaker or "", first=True) or _person_in(reading.resolved)
        cited = frozenset((c.doc, c.paragraph) for c in answer.citations)
        keep_cited = self.cited if reading.exclude else frozenset()
        people = remember(self.people, referent(person, answer)) if person else self.people
        return replace(
            self,
            last=reading.resolved,
            people=people,  # a pronoun means the latest person it fits, however long ago
            speaker_question=query.speaker is not None,
            cited=keep_cited | cited,
            filters=split(" ".join(answer.evidence.filters))[1],
            turns=self.turns + 1,
        )


def turn(
    ask: Callable[..., Answer], conversation: Conversation, question: str, filters: Filters = NO_FILTERS
) -> tuple[Answer, Conversation]:
    """Answer `question` as a turn of `conversation` with `ask` (the engine's); the answer and the
    conversation after it.

    The answer keeps the question as typed and says how it was read (`resolved_question`).
    Filters typed with it hold for this turn; the conversation reads the words without them.
    """
    text, typed = split(question)
    if not text:
        raise QuestionError(f"only filters ({typed}) and no question" if typed else "empty question")
    reading = conversation.read(text)
    given = filters + typed
    if reading.unclear is not None and not given.speakers:  # "What did he say? speaker:Hale" names him
        return replace(
            conversation.asked_who(reading), question=question, resolved_question=question
        ), conversation
    scope = _joined(given, reading.filters)
    answer = ask(reading.resolved, exclude=reading.exclude, filters=scope)
    if reading.exclude and not answer.citations:
        answer = replace(
            answer, text=f"Nothing more to show: every passage for this{_within(scope)} was shown above."
        )
    kept = tuple(t for t in reading.filters.tokens() if t not in typed.tokens())
    shown = " ".join((reading.resolved, *typed.tokens(), *kept)) if reading.rewritten else question
    answer = replace(answer, question=question, resolved_question=shown)
    return answer, conversation.after(reading, answer)


def _joined(given: Filters, kept: Filters) -> Filters:
    """The filters given now, and of those kept from the last turn each kind they do not set."""
    return Filters(
        given.sources or kept.sources,
        given.speakers or kept.speakers,
        given.docs or kept.docs,
        given.since or kept.since,
        given.until or kept.until,
    )


def _within(filters: Filters) -> str:
    return f" within {filters}" if filters else ""


def _elliptical(what: str) -> bool:
    """ "and Ann Hale?" is a follow-up; "and what did he say?" is a question of its own."""
    words = what.split()
    return 0 < len(words) <= 5 and words[0].lower() not in QUESTION_STARTS


def _person_in(text: str, first: bool = False) -> str | None:
    """The first capitalised name, if it looks like a person: after the question's first word
    (capitalised anyway) unless `first` says the text is a name already ("Jake Sullivan")."""
    return next((match.group() for match in names_in(text, first_word=first)), None)
