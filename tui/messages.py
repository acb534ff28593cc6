"""The messages of the chat: what screens ask of the app, and what workers report back.

Attributes down, messages up: a screen or widget never imports the app; it posts a
request (`QuestionSubmitted`, `OpenCitation`) that bubbles up to the app, which
handles it in an `on_...` method. Workers never touch widgets either: they post a
report and the app updates the screen on its own thread. They are plain (not frozen)
dataclasses because Textual marks messages as handled by setting attributes on them;
the payloads are frozen.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual.message import Message
from textual.notifications import SeverityLevel

from qa.answering.answer import Answer
from qa.answering.conversation import Conversation
from qa.answering.people import Person
from qa.engine import IndexStatus
from qa.ingest.paragraphs import Paragraph
from qa.transcript import Transcript

# Requests, posted by screens and widgets and handled by the app.


@dataclass
class QuestionSubmitted(Message):
    """The reader asked a question (stripped, not empty): queue it and answer it in turn."""

    text: str


@dataclass
class OpenCitation(Message):
    """Open citation `n` of `answer` in the reader (posted by cards, answers and the reader).

    `replace`: show it in place of the reader on top (the reader stepping to the next one)."""

    answer: Answer
    n: int
    replace: bool = False


# Reports, posted by the workers in `tui.jobs`.


@dataclass
class TranscriptLoaded(Message):
    """The saved conversation of this corpus (possibly empty), read before the model loads."""

    transcript: Transcript


@dataclass
class EngineLoading(Message):
    """Opening will build or update the index first, which takes longer: say so."""

    text: str


@dataclass
class EngineReady(Message):
    status: IndexStatus


@dataclass
class EngineFailed(Message):
    """Opening the engine failed; `error` is a one-line message fit to show."""

    error: str


@dataclass
class AnswerReady(Message):
    turn_id: int
    answer: Answer
    conversation: Conversation | None = None  # the conversation after this turn


@dataclass
class AnswerFailed(Message):
    """The engine refused the question (empty, too long) or failed; nothing is added to the chat."""

    turn_id: int
    question: str
    error: str


@dataclass
class IndexProgressed(Message):
    done: int
    total: int
    step: str = "embedding"  # or qa.engine.READING: spaCy still reading after the embedding


@dataclass
class IndexFinished(Message):
    status: IndexStatus
    summary: str


@dataclass
class IndexStopped(Message):
    """Re-indexing was cancelled or failed; the previous index is still the one in use."""

    error: str
    cancelled: bool


@dataclass
class DocumentReady(Message):
    """The paragraphs of a cited article, loaded off the UI thread, to open in the reader."""

    answer: Answer
    n: int
    paragraphs: tuple[Paragraph, ...]
    replace: bool = False  # as the OpenCitation that asked for it


@dataclass
class Notice(Message):
    """A one-line message from a worker (warning, export path, failure) to show as a toast."""

    text: str
    severity: SeverityLevel = "information"


@dataclass
class PeopleReady(Message):
    """Everyone the corpus quotes, worked out off the UI thread for the people view."""

    people: tuple[Person, ...]
