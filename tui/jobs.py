"""The slow work of the chat, run in thread workers: engine calls and disk writes.

Each job gets everything it needs as arguments and reports only by posting a message
(see `tui.messages`); none of them touches a widget or the app's state, so the UI
thread never waits on the model, FAISS or the disk.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import Protocol

from textual.message import Message

from qa.answering.answer import Answer
from qa.answering.conversation import Conversation
from qa.engine import Engine
from qa.errors import Cancelled, QAError
from qa.transcript import Transcript, TranscriptFile, export_markdown
from tui.messages import (
    AnswerFailed,
    AnswerReady,
    DocumentReady,
    EngineFailed,
    EngineLoading,
    EngineReady,
    IndexFinished,
    IndexProgressed,
    IndexStopped,
    Notice,
    PeopleReady,
    TranscriptLoaded,
)

Post = Callable[[Message], object]

BUILDING = "Building the index (first run): reading the articles and loading the model…"
UPDATING = "Updating the index: reading the changed articles and loading the model…"


class Counts(Protocol):
    """What the chat reads from the engine's index progress (the TUI uses only the facade)."""

    @property
    def done(self) -> int: ...

    @property
    def total(self) -> int: ...

    @property
    def step(self) -> str: ...


def _progress(post: Post) -> Callable[[Counts], None]:
    def report(progress: Counts) -> None:
        post(IndexProgressed(progress.done, progress.total, progress.step))

    return report


def start(engine: Engine, store: TranscriptFile, post: Post) -> None:
    """Read the saved chat first (fast), then open the engine, building the index if needed."""

    def warn(text: str) -> None:
        post(Notice(text, "warning"))

    post(TranscriptLoaded(store.load(warn)))
    try:
        state = engine.status().state
        if state != "fresh":
            post(EngineLoading(BUILDING if state == "missing" else UPDATING))
        status = engine.open(progress=_progress(post))
    except (QAError, OSError) as error:
        post(EngineFailed(str(error)))
        return
    post(EngineReady(status))


def answer(
    engine: Engine, k: int, turn_id: int, question: str, conversation: Conversation, post: Post
) -> None:
    """Answer one turn of the open conversation (a follow-up is read against the turns before it)."""
    try:
        result, after = engine.follow_up(conversation, question, k=k)
    except QAError as error:
        post(AnswerFailed(turn_id, question, str(error)))
        return
    post(AnswerReady(turn_id, result, after))


def reindex(engine: Engine, rebuild: bool, cancel: threading.Event, post: Post) -> None:
    try:
        summary = engine.index(rebuild=rebuild, progress=_progress(post), cancel=cancel)
        status = engine.open()
    except Cancelled:
        post(IndexStopped("Re-indexing cancelled; the previous index is still in use.", True))
        return
    except (QAError, OSError) as error:
        post(IndexStopped(str(error), False))
        return
    plan = summary.plan
    if rebuild:
        text = f"Rebuilt the index: {status.documents:,} articles, {summary.embedded:,} passages embedded."
    elif plan.up_to_date:
        text = "The index was already up to date."
    else:
        text = (
            f"Re-indexed: {len(plan.added)} added, {len(plan.changed)} changed, "
            f"{len(plan.removed)} removed; {summary.embedded:,} passages embedded."
        )
    post(IndexFinished(status, text))


def save(store: TranscriptFile, lock: threading.Lock, current: Callable[[], Transcript], post: Post) -> None:
    """Save the newest transcript; the lock makes an older save never land after a newer one."""
    with lock:
        try:
            store.save(current())
        except OSError as error:
            post(Notice(f"Could not save the chat: {error}", "error"))


def export(transcript: Transcript, folder: Path, post: Post) -> None:
    """Write Markdown into `folder`, the data folder beside the transcripts: never the current
    folder, which may be the corpus (the watcher would then index the export)."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        path = export_markdown(transcript, folder)
    except OSError as error:
        post(Notice(f"Could not export the chat: {error}", "error"))
        return
    post(Notice(f"Exported the chat to {path}"))


def load_document(engine: Engine, cited: Answer, n: int, replace: bool, post: Post) -> None:
    """The paragraphs of citation `n`'s article; `replace` goes back with them (see `OpenCitation`)."""
    citation = next(c for c in cited.citations if c.n == n)
    if citation.doc not in engine.documents:
        post(Notice(f"{citation.doc} is no longer in the corpus (deleted since this answer).", "warning"))
        return
    try:
        paragraphs = engine.document(citation.doc)
    except (QAError, OSError) as error:
        post(Notice(f"Cannot open {citation.doc}: {error}", "error"))
        return
    post(DocumentReady(cited, n, paragraphs, replace))


def people(engine: Engine, post: Post) -> None:
    try:
        found = engine.people()
    except (QAError, OSError) as error:
        post(Notice(f"Cannot list the people quoted: {error}", "error"))
        return
    post(PeopleReady(found))
