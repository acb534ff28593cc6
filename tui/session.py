"""The conversation the chat holds: the transcript, the follow-up context, the questions waiting.

`Session` is a frozen value the app replaces on every change, so a worker handed the
transcript or the conversation never sees it change under it. `SessionFile` is where
it is saved, per corpus, with the lock that keeps an older save from landing last.
`Questions` holds the questions typed and not yet answered: one typed while the engine
loads (or while another is being answered) waits there, and the app starts the next
one when the engine is ready and idle, one at a time, in the order they were typed.
"""

from __future__ import annotations

import itertools
import threading
from collections import deque
from dataclasses import dataclass, field, replace
from pathlib import Path

from qa.answering.answer import Answer
from qa.answering.conversation import Conversation
from qa.transcript import Transcript, TranscriptFile, Turn, now


@dataclass(frozen=True)
class Session:
    transcript: Transcript
    conversation: Conversation = field(default_factory=Conversation)
    topic: int = 0  # which conversation of the transcript the next turn belongs to
    loaded: bool = False  # the saved transcript was read (clearing before would lose it)

    @classmethod
    def empty(cls, corpus: Path) -> Session:
        return cls(Transcript(corpus=str(corpus.resolve())))

    def restored(self, transcript: Transcript) -> Session:
        """The saved chat, read at start; a restarted chat starts a new topic after the saved ones."""
        topic = transcript.turns[-1].topic + 1 if transcript.turns else self.topic
        return replace(self, transcript=transcript, topic=topic, loaded=True)

    def answered(self, answer: Answer, conversation: Conversation | None) -> Session:
        """One more turn; `conversation` is the context after it (None keeps the one open)."""
        turn = Turn(answer.question, answer, now(), self.topic)
        return replace(
            self,
            transcript=self.transcript.add(turn),
            conversation=conversation if conversation is not None else self.conversation,
        )

    def new_topic(self) -> Session:
        """Forget the open conversation: "he" or "what about X?" no longer point back."""
        turns = self.transcript.turns
        topic = self.topic + 1 if turns and turns[-1].topic == self.topic else self.topic
        return replace(self, conversation=self.conversation.new_topic(), topic=topic)

    def cleared(self) -> Session:
        return replace(self, transcript=self.transcript.cleared(), conversation=Conversation(), topic=0)


@dataclass(frozen=True)
class SessionFile:
    file: TranscriptFile
    lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def exports(self) -> Path:
        """Where exports go: the data folder's `exports`, beside `transcripts`."""
        return self.file.path.parent.parent / "exports"


class Questions:
    """Every chat turn has an id (restored turns too) so an answer finds its exchange; clearing
    the chat forgets the turns on screen, and an answer that arrives for one of them is ignored."""

    def __init__(self) -> None:
        self._ids = itertools.count()
        self.waiting: deque[tuple[int, str]] = deque()  # (turn id, question), oldest first
        self.asking: int | None = None  # the turn the engine is answering now
        self._live: set[int] = set()  # typed turns still on screen

    def new_id(self) -> int:
        return next(self._ids)

    def add(self, question: str) -> int:
        """Queue a typed question; its turn id."""
        turn_id = self.new_id()
        self._live.add(turn_id)
        self.waiting.append((turn_id, question))
        return turn_id

    def start_next(self) -> tuple[int, str] | None:
        """The next question to ask, or None while one is being answered or none waits."""
        if self.asking is not None or not self.waiting:
            return None
        turn = self.waiting.popleft()
        self.asking = turn[0]
        return turn

    def finish(self, turn_id: int) -> bool:
        """The engine is done with the question being asked; whether `turn_id` is still on screen."""
        self.asking = None
        return turn_id in self._live

    def drop(self, turn_id: int) -> None:
        self._live.discard(turn_id)

    def clear(self) -> None:
        """Forget every typed turn; one being answered finishes, and its answer is ignored."""
        self.waiting.clear()
        self._live.clear()
