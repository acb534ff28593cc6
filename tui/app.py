"""`qa chat`: ask in plain language, read the answer, see and open exactly where it comes from.

The app owns the engine and the session; screens post requests up (`tui.messages`) and
every engine or disk call runs in a thread worker that posts a report back, so the window
never freezes. The engine's life is one `Phase` (`tui.lifecycle`); questions typed before
it is ready wait in `Questions`, answered in order. The transcript is saved after every
answer, per corpus, so a crash or a restart keeps the conversation.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from functools import partial
from typing import ClassVar

from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.screen import Screen

from qa.config import DEFAULT_K
from qa.engine import Engine, IndexStatus
from qa.transcript import TranscriptFile
from tui import jobs, settings, watch
from tui.commands import ChatCommands, chat_commands, copy_answer, without_duplicates
from tui.lifecycle import NOT_LOADED, Lifecycle, Phase, Reindexing, Step
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
    OpenCitation,
    QuestionSubmitted,
    TranscriptLoaded,
)
from tui.screens.chat import ChatScreen
from tui.screens.help import HelpScreen
from tui.screens.people import PeopleScreen
from tui.screens.reader import ReaderScreen
from tui.session import Questions, Session, SessionFile
from tui.watch import CorpusChanged
from tui.widgets.exchange import ANSWERING


class QAApp(App[None]):
    CSS_PATH = "qa.tcss"
    TITLE = "qa chat"
    # Textual declares this as an instance-level annotation, so it cannot be marked ClassVar here.
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (100, "-wide")]  # noqa: RUF012
    COMMANDS = {ChatCommands}  # noqa: RUF012  (as above)
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f1", "help", "Help"),
        Binding("f2", "people", "People"),
        Binding("ctrl+n", "new_topic", "New topic"),
        Binding("ctrl+q", "quit", "Quit", priority=True),
    ]

    def __init__(self, engine: Engine, *, k: int = DEFAULT_K, watch_corpus: bool = False) -> None:
        super().__init__()
        self.engine = engine
        self.k = k
        self.watch_corpus = watch_corpus
        self._stop_watching = threading.Event()
        self.sub_title = str(engine.corpus)
        self.lifecycle = Lifecycle()
        self.reindexing = Reindexing()
        self.questions = Questions()
        self.session = Session.empty(engine.corpus)
        self.saved = SessionFile(TranscriptFile(engine.corpus))

    def get_default_screen(self) -> Screen[None]:
        return ChatScreen(self.engine.corpus.name or str(self.engine.corpus))

    @property
    def chat(self) -> ChatScreen:
        """The chat screen, wherever it is in the stack (the reader or help may be above it)."""
        return next(s for s in self.screen_stack if isinstance(s, ChatScreen))

    @property
    def phase(self) -> Phase:
        return self.lifecycle.phase

    def on_mount(self) -> None:
        settings.keep_theme(self)
        self._job(partial(jobs.start, self.engine, self.saved.file, self.post_message), "start")
        if self.watch_corpus:
            corpus, index_dir = self.engine.corpus, self.engine.index_dir
            watcher = partial(watch.watch, corpus, self._stop_watching, self.post_message, index_dir)
            self._job(watcher, "watch")

    def on_unmount(self) -> None:
        self._stop_watching.set()

    def _job(self, job: Callable[[], None], group: str) -> None:
        self.run_worker(job, thread=True, group=group)

    def _save(self) -> None:
        saved = self.saved
        save = partial(jobs.save, saved.file, saved.lock, lambda: self.session.transcript, self.post_message)
        self._job(save, "save")

    # Requests from the screens.

    async def on_question_submitted(self, message: QuestionSubmitted) -> None:
        turn_id = self.questions.add(message.text)
        await self.chat.add_exchange(turn_id, message.text)
        if self.phase.failed:
            self.chat.note(turn_id, NOT_LOADED, busy=False)
        self._pump()

    def _pump(self) -> None:
        """Start the next queued question when the engine is ready and idle."""
        turn = self.questions.start_next() if self.phase.answers else None
        if turn is None:
            return
        turn_id, question = turn
        self.chat.note(turn_id, ANSWERING)
        self.chat.status.set_busy(ANSWERING.lower())
        conversation = self.session.conversation
        ask = partial(jobs.answer, self.engine, self.k, turn_id, question, conversation, self.post_message)
        self._job(ask, "ask")

    def on_open_citation(self, message: OpenCitation) -> None:
        if not self.phase.answers:
            self.notify("The index is still loading; open the source once it is ready.", markup=False)
            return
        m = message
        load = partial(jobs.load_document, self.engine, m.answer, m.n, m.replace, self.post_message)
        self._job(load, "document")

    # Reports from the workers, on the UI thread.

    async def on_transcript_loaded(self, message: TranscriptLoaded) -> None:
        self.session = self.session.restored(message.transcript)
        await self.chat.restore([(self.questions.new_id(), turn) for turn in message.transcript.turns])

    def on_engine_loading(self, message: EngineLoading) -> None:
        self.chat.status.set_state(message.text, "loading")

    def on_engine_ready(self, message: EngineReady) -> None:
        self.lifecycle = self.lifecycle.after(Step.OPENED, message.status)
        self.chat.status.hide_progress()
        self._resume(message.status)

    def on_engine_failed(self, message: EngineFailed) -> None:
        self.lifecycle = self.lifecycle.after(Step.OPEN_FAILED)
        self.chat.status.show_failed(message.error)
        for turn_id, _ in self.questions.waiting:
            self.chat.note(turn_id, NOT_LOADED, busy=False)
        self.notify(message.error, title="The index could not be loaded", severity="error", markup=False)

    async def on_answer_ready(self, message: AnswerReady) -> None:
        live = self.questions.finish(message.turn_id)
        if live:  # the conversation first: the next queued question is a follow-up of this one
            self.session = self.session.answered(message.answer, message.conversation)
        self._next_question()
        if not live:
            return
        self._save()
        await self.chat.set_answer(message.turn_id, message.answer)

    async def on_answer_failed(self, message: AnswerFailed) -> None:
        self.questions.finish(message.turn_id)
        self._next_question()
        self.questions.drop(message.turn_id)
        await self.chat.drop(message.turn_id, message.question)
        self.notify(message.error, title="Not asked", severity="warning", markup=False)

    def _next_question(self) -> None:
        self._pump()
        if self.questions.asking is None:
            self.chat.status.set_busy("")

    def on_index_progressed(self, message: IndexProgressed) -> None:
        self.chat.status.show_index_progress(
            message.done, message.total, reindexing=self.phase.indexing, step=message.step
        )

    def on_index_finished(self, message: IndexFinished) -> None:
        self.lifecycle = self.lifecycle.after(Step.INDEX_FINISHED, message.status)
        self._index_done()
        self.notify(message.summary, title="Index", markup=False)
        self._resume(message.status)

    def _resume(self, status: IndexStatus) -> None:
        """An index is open: say so, mark cards of deleted articles, answer what waits, re-index."""
        self.chat.show_index(status, frozenset(self.engine.documents))
        self._pump()
        self._reindex_changed()

    def on_index_stopped(self, message: IndexStopped) -> None:
        self.lifecycle = self.lifecycle.after(Step.INDEX_STOPPED)
        self._index_done()
        if self.lifecycle.status is not None:  # the index in use is the one before: say so again
            self.chat.status.show_ready(self.lifecycle.status)
        self.notify(message.error, severity="warning" if message.cancelled else "error", markup=False)
        self._reindex_changed()

    def on_corpus_changed(self, message: CorpusChanged) -> None:
        self.reindexing.changed.update(message.docs)
        self._reindex_changed()

    def _reindex_changed(self) -> None:
        """Re-index the files the watcher saw change, unless a build or the start is running
        (then this runs again when it ends). Questions meanwhile use the index in use."""
        count = self.reindexing.take_due(self.phase)
        if count:
            self.chat.status.show_corpus_changed(count)
            self._start_reindex(False)

    def _start_reindex(self, rebuild: bool) -> None:
        self.lifecycle = self.lifecycle.after(Step.INDEX_STARTED)
        cancel = self.reindexing.start()
        self.chat.status.show_progress(0, 1)
        self._job(partial(jobs.reindex, self.engine, rebuild, cancel, self.post_message), "index")

    def _index_done(self) -> None:
        self.chat.status.hide_progress()
        self.chat.status.set_busy(ANSWERING.lower() if self.questions.asking is not None else "")

    def on_document_ready(self, message: DocumentReady) -> None:
        reader = ReaderScreen(message.answer, message.n, message.paragraphs)
        if message.replace and isinstance(self.screen, ReaderScreen):
            self.switch_screen(reader)
        else:
            self.push_screen(reader)

    def on_notice(self, message: Notice) -> None:
        self.notify(message.text, severity=message.severity, markup=False)

    # Actions, run by keys and by the command palette (`tui.commands`).

    def action_help(self) -> None:
        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    def action_people(self) -> None:
        if not self.phase.answers:
            self.notify("The index is still loading; list the people once it is ready.", markup=False)
        elif not isinstance(self.screen, PeopleScreen):
            self.push_screen(PeopleScreen(self.engine))

    def action_reindex(self, rebuild: bool = False) -> None:
        if self.phase.indexing:
            self.notify("Re-indexing is already running.", markup=False)
            return
        if not self.phase.settled:
            self.notify("The index is still loading; re-index once it is ready.", markup=False)
            return
        self.chat.status.set_busy("re-indexing…")
        self._start_reindex(rebuild)

    def action_cancel_reindex(self) -> None:
        self.reindexing.cancel.set()

    def action_copy_answer(self) -> None:
        copy_answer(self, self.session.transcript.last_answer)

    def action_export(self) -> None:
        export = partial(jobs.export, self.session.transcript, self.saved.exports, self.post_message)
        self._job(export, "export")

    async def action_new_topic(self) -> None:
        """Forget the open conversation: "he" or "what about X?" no longer point back."""
        self.session = self.session.new_topic()
        await self.chat.new_topic()
        self.notify("New topic: the next question is read on its own.", markup=False)

    async def action_clear(self) -> None:
        if not self.session.loaded:
            self.notify("The saved chat is still loading.", markup=False)
            return
        self.questions.clear()
        self.session = self.session.cleared()
        self._save()
        await self.chat.clear()
        self.notify("Cleared the chat.", markup=False)

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        """qa's commands first, then Textual's, less those qa's own already do."""
        yield from chat_commands(self, indexing=self.phase.indexing)
        yield from without_duplicates(super().get_system_commands(screen))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """No `f2 People` in the footer of the people view itself."""
        if action == "people":
            return not isinstance(self.screen, PeopleScreen)
        return True


def make_app(engine: Engine, *, k: int = DEFAULT_K, watch_corpus: bool = False) -> QAApp:
    """The chat app for `engine` (not yet opened: the app opens it in the background).

    `watch_corpus` re-indexes on its own when articles are added, changed or deleted (`qa chat`
    turns it on; tests that are not about it leave it off, so no watcher runs behind them)."""
    return QAApp(engine, k=k, watch_corpus=watch_corpus)
