"""`qa chat`: ask in plain language, read the answer, see and open exactly where it comes from.

The app owns the engine and the session state; every engine or disk call runs in a
thread worker that posts a message back (see `tui.messages`), so the window paints
at once and never freezes. Questions typed before the engine is ready wait in a
queue and are answered, one at a time, in order. The transcript is saved after
every answer, per corpus, so a crash or a restart keeps the conversation.
"""

from __future__ import annotations

import itertools
import threading
from collections import deque
from collections.abc import Callable, Iterable
from functools import partial
from typing import ClassVar

from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.screen import Screen

from qa.answering.answer import Answer
from qa.answering.conversation import Conversation
from qa.config import DEFAULT_K
from qa.engine import Engine, IndexStatus
from qa.transcript import Transcript, TranscriptFile, Turn, answer_markdown, now
from tui import jobs, watch
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
    TranscriptLoaded,
)
from tui.screens.chat import ChatScreen
from tui.screens.help import HelpScreen
from tui.screens.people import PeopleScreen
from tui.screens.reader import ReaderScreen
from tui.watch import CorpusChanged
from tui.widgets.exchange import ANSWERING

NOT_LOADED = "Not answered yet: the index could not be loaded. Fix the corpus, then re-index (ctrl+p)."


def ready_text(status: IndexStatus) -> str:
    articles = f"{status.documents:,} article{'s' if status.documents != 1 else ''}"
    return f"Ready — {articles}, {status.paragraphs:,} paragraph{'s' if status.paragraphs != 1 else ''}"


class QAApp(App[None]):
    CSS_PATH = "qa.tcss"
    TITLE = "qa chat"
    # Textual declares this as an instance-level annotation, so it cannot be marked ClassVar here.
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (100, "-wide")]  # noqa: RUF012
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f1", "help", "Help"),
        Binding("f2", "people", "People"),
        Binding("ctrl+n", "new_topic", "New topic"),
    ]

    def __init__(self, engine: Engine, *, k: int = DEFAULT_K, watch_corpus: bool = False) -> None:
        super().__init__()
        self.engine = engine
        self.k = k
        self.watch_corpus = watch_corpus
        self._stop_watching = threading.Event()
        self._changed: set[str] = set()  # files changed while the engine was busy: re-indexed next
        self._status: IndexStatus | None = None
        self.corpus_name = engine.corpus.name or str(engine.corpus)
        self.sub_title = str(engine.corpus)
        self.transcript = Transcript(corpus=str(engine.corpus.resolve()))
        self.ready = False
        self.loaded = False
        self.indexing = False
        self.failed = False
        self._replace_reader = False
        self._store = TranscriptFile(engine.corpus)
        self._save_lock = threading.Lock()
        self._ids = itertools.count()
        self._queue: deque[tuple[int, str]] = deque()
        self._live: set[int] = set()
        self._asking: int | None = None
        self._cancel_index = threading.Event()
        self.conversation = Conversation()
        self.topic = 0  # which conversation of the transcript the next turn belongs to

    def get_default_screen(self) -> Screen[None]:
        return ChatScreen(self.corpus_name)

    @property
    def chat(self) -> ChatScreen:
        """The chat screen, wherever it is in the stack (the reader or help may be above it)."""
        return next(s for s in self.screen_stack if isinstance(s, ChatScreen))

    def on_mount(self) -> None:
        self._job(partial(jobs.start, self.engine, self._store, self.post_message), "start")
        if self.watch_corpus:
            self._job(
                partial(
                    watch.watch,
                    self.engine.corpus,
                    self._stop_watching,
                    self.post_message,
                    self.engine.index_dir,
                ),
                "watch",
            )

    def on_unmount(self) -> None:
        self._stop_watching.set()

    def _job(self, job: Callable[[], None], group: str) -> None:
        """Run a `tui.jobs` function in a thread worker."""
        self.run_worker(job, thread=True, group=group)

    def _save(self) -> None:
        self._job(
            partial(jobs.save, self._store, self._save_lock, lambda: self.transcript, self.post_message),
            "save",
        )

    # Called by the screens.

    async def submit(self, question: str) -> None:
        turn_id = next(self._ids)
        self._live.add(turn_id)
        self._queue.append((turn_id, question))
        await self.chat.add_exchange(turn_id, question)
        if self.failed:
            self.chat.note(turn_id, NOT_LOADED, busy=False)
        self._pump()

    def _pump(self) -> None:
        """Start the next queued question when the engine is ready and idle."""
        if not self.ready or self._asking is not None or not self._queue:
            return
        turn_id, question = self._queue.popleft()
        self._asking = turn_id
        self.chat.note(turn_id, ANSWERING)
        self.chat.status.set_busy(ANSWERING.lower())
        ask = partial(
            jobs.answer, self.engine, self.k, turn_id, question, self.conversation, self.post_message
        )
        self._job(ask, "ask")

    def open_citation(self, answer: Answer, n: int, *, replace: bool = False) -> None:
        if not self.ready:
            self.notify("The index is still loading; open the source once it is ready.", markup=False)
            return
        self._replace_reader = replace
        self._job(partial(jobs.load_document, self.engine, answer, n, self.post_message), "document")

    # Message handlers, on the UI thread.

    async def on_transcript_loaded(self, message: TranscriptLoaded) -> None:
        self.transcript = message.transcript
        self.loaded = True
        if message.transcript.turns:  # a restarted chat starts a new topic after the saved ones
            self.topic = message.transcript.turns[-1].topic + 1
        await self.chat.restore([(next(self._ids), turn) for turn in message.transcript.turns])

    def on_engine_loading(self, message: EngineLoading) -> None:
        self.chat.status.set_state(message.text, "loading")

    def on_engine_ready(self, message: EngineReady) -> None:
        self.ready = True
        self._status = message.status
        self.chat.status.hide_progress()
        self.chat.status.set_state(ready_text(message.status), "ready")
        self._pump()
        self._reindex_changed()

    def on_engine_failed(self, message: EngineFailed) -> None:
        self.failed = True
        self.chat.status.hide_progress()
        self.chat.status.set_state(f"Cannot load: {message.error}", "error")
        for turn_id, _ in self._queue:
            self.chat.note(turn_id, NOT_LOADED, busy=False)
        self.notify(message.error, title="The index could not be loaded", severity="error", markup=False)

    async def on_answer_ready(self, message: AnswerReady) -> None:
        live = message.turn_id in self._live
        if live and message.conversation is not None:
            self.conversation = message.conversation  # before the next queued question is asked
        self._finish_question()
        if not live:
            return
        self.transcript = self.transcript.add(
            Turn(message.answer.question, message.answer, now(), self.topic)
        )
        self._save()
        await self.chat.set_answer(message.turn_id, message.answer)

    async def on_answer_failed(self, message: AnswerFailed) -> None:
        self._finish_question()
        self._live.discard(message.turn_id)
        await self.chat.drop(message.turn_id)
        self.notify(message.error, title="Not asked", severity="warning", markup=False)

    def _finish_question(self) -> None:
        self._asking = None
        self._pump()
        if self._asking is None:
            self.chat.status.set_busy("")

    def on_index_progressed(self, message: IndexProgressed) -> None:
        if self.indexing:
            self.chat.status.set_busy(f"re-indexing {message.done:,}/{message.total:,} passages")
        self.chat.status.show_progress(message.done, message.total)

    def on_index_finished(self, message: IndexFinished) -> None:
        self._index_done()
        self.ready = True
        self.failed = False
        self._status = message.status
        self.chat.status.set_state(ready_text(message.status), "ready")
        self.notify(message.summary, title="Index", markup=False)
        self._pump()
        self._reindex_changed()

    def on_index_stopped(self, message: IndexStopped) -> None:
        self._index_done()
        if self._status is not None:  # the index in use is the one before: say so again
            self.chat.status.set_state(ready_text(self._status), "ready")
        self.notify(message.error, severity="warning" if message.cancelled else "error", markup=False)
        self._reindex_changed()

    def on_corpus_changed(self, message: CorpusChanged) -> None:
        self._changed.update(message.docs)
        self._reindex_changed()

    def _reindex_changed(self) -> None:
        """Re-index the files the watcher saw change, unless a build or the start is running
        (then this runs again when it ends). Questions meanwhile use the index in use."""
        if not self._changed or self.indexing or not (self.ready or self.failed):
            return
        count = len(self._changed)
        self._changed.clear()
        self.chat.status.set_state(
            f"Corpus changed: re-indexing {count} file{'s' if count != 1 else ''}…", "loading"
        )
        self._start_reindex(False)

    def _index_done(self) -> None:
        self.indexing = False
        self.chat.status.hide_progress()
        self.chat.status.set_busy(ANSWERING.lower() if self._asking is not None else "")

    def on_document_ready(self, message: DocumentReady) -> None:
        reader = ReaderScreen(message.answer, message.n, message.paragraphs)
        if self._replace_reader and isinstance(self.screen, ReaderScreen):
            self.switch_screen(reader)
        else:
            self.push_screen(reader)

    def on_notice(self, message: Notice) -> None:
        self.notify(message.text, severity=message.severity, markup=False)

    # Actions and the command palette.

    def action_help(self) -> None:
        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    def action_people(self) -> None:
        if not self.ready:
            self.notify("The index is still loading; list the people once it is ready.", markup=False)
        elif not isinstance(self.screen, PeopleScreen):
            self.push_screen(PeopleScreen(self.engine))

    def action_reindex(self, rebuild: bool = False) -> None:
        if self.indexing:
            self.notify("Re-indexing is already running.", markup=False)
            return
        if not self.ready and not self.failed:
            self.notify("The index is still loading; re-index once it is ready.", markup=False)
            return
        self.chat.status.set_busy("re-indexing…")
        self._start_reindex(rebuild)

    def _start_reindex(self, rebuild: bool) -> None:
        self.indexing = True
        self._cancel_index = threading.Event()
        self.chat.status.show_progress(0, 1)
        self._job(partial(jobs.reindex, self.engine, rebuild, self._cancel_index, self.post_message), "index")

    def action_cancel_reindex(self) -> None:
        self._cancel_index.set()

    def action_copy_answer(self) -> None:
        answer = self.transcript.last_answer
        if answer is None:
            self.notify("There is no answer to copy yet.", severity="warning", markup=False)
            return
        self.copy_to_clipboard(answer_markdown(answer))
        count = len(answer.citations)
        self.notify(
            f"Copied the last answer and its {count} citation{'s' if count != 1 else ''}.", markup=False
        )

    def action_export(self) -> None:
        fallback = self._store.path.parent.parent / "exports"
        self._job(partial(jobs.export, self.transcript, fallback, self.post_message), "export")

    def action_new_topic(self) -> None:
        """Forget the open conversation: "he" or "what about X?" no longer point back."""
        self.conversation = Conversation()
        if self.transcript.turns and self.transcript.turns[-1].topic == self.topic:
            self.topic += 1
        self.notify("New topic: the next question is read on its own.", markup=False)

    async def action_clear(self) -> None:
        if not self.loaded:
            self.notify("The saved chat is still loading.", markup=False)
            return
        self._queue.clear()
        self._live.clear()
        self.transcript = self.transcript.cleared()
        self.conversation = Conversation()
        self.topic = 0
        self._save()
        await self.chat.clear()
        self.notify("Cleared the chat.", markup=False)

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        yield SystemCommand(
            "Re-index the corpus", "Bring the index up to date with the articles", self.action_reindex
        )
        yield SystemCommand(
            "Rebuild the index", "Embed every article again from scratch", lambda: self.action_reindex(True)
        )
        if self.indexing:
            yield SystemCommand(
                "Cancel re-indexing", "Stop and keep the current index", self.action_cancel_reindex
            )
        yield SystemCommand(
            "Copy the last answer", "Answer and its citations, to the clipboard", self.action_copy_answer
        )
        yield SystemCommand(
            "Export the chat to Markdown", "Write the transcript to a .md file", self.action_export
        )
        yield SystemCommand(
            "New topic",
            "The next question stands on its own, not a follow-up (ctrl+n)",
            self.action_new_topic,
        )
        yield SystemCommand(
            "Clear the chat", "Remove every question and answer for this corpus", self.action_clear
        )
        yield SystemCommand(
            "People", "Everyone the articles quote, and their quotes (f2)", self.action_people
        )
        yield SystemCommand("Help", "All keys (f1)", self.action_help)
        yield from super().get_system_commands(screen)


def make_app(engine: Engine, *, k: int = DEFAULT_K, watch_corpus: bool = False) -> QAApp:
    """The chat app for `engine` (not yet opened: the app opens it in the background).

    `watch_corpus` re-indexes on its own when articles are added, changed or deleted (`qa chat`
    turns it on; tests that are not about it leave it off, so no watcher runs behind them)."""
    return QAApp(engine, k=k, watch_corpus=watch_corpus)
