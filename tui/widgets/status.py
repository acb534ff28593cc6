"""The top line: which corpus, whether the engine is loading, ready or busy, and re-index progress.

Its text never contains timings, so the same state always paints the same way. The app
sets it from its message handlers; the wording of each state lives here.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.content import Content
from textual.widgets import ProgressBar, Static

from qa.engine import READING, IndexStatus
from tui.widgets.rendering import plain

LOADING = "Loading model and index…"
SAVING = "Saving the index and loading the question model…"


def embedding_text(done: int, total: int, step: str = "embedding") -> str:
    """The build's step while it embeds, or while it still reads the articles for who said what;
    once every passage is embedded and read, what comes after."""
    if step == READING:
        return f"Reading who said what {done:,}/{total:,} paragraphs…"
    if done >= total:
        return SAVING
    return f"Embedding passages {done:,}/{total:,}…"


def ready_text(status: IndexStatus) -> str:
    articles = f"{status.documents:,} article{'s' if status.documents != 1 else ''}"
    return f"Ready — {articles}, {status.paragraphs:,} paragraph{'s' if status.paragraphs != 1 else ''}"


class StatusBar(Horizontal):
    def __init__(self, corpus_name: str, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._corpus_name = corpus_name
        self.state = LOADING
        self.busy = ""

    def compose(self) -> ComposeResult:
        yield Static(Content("qa · ").stylize("bold") + plain(self._corpus_name), id="status-corpus")
        yield Static(Content(LOADING), id="status-text", classes="-loading")
        yield ProgressBar(id="index-progress", show_eta=False)

    @property
    def text(self) -> str:
        return self.state + (f" · {self.busy}" if self.busy else "")

    def set_state(self, text: str, kind: str) -> None:
        """Show the engine state; `kind` is one of loading, ready or error (a CSS class)."""
        self.state = text
        label = self.query_one("#status-text", Static)
        for name in ("loading", "ready", "error"):
            label.set_class(name == kind, f"-{name}")
        self.set_class(kind == "error", "-error")
        self._paint()

    def show_ready(self, status: IndexStatus) -> None:
        self.set_state(ready_text(status), "ready")

    def show_failed(self, error: str) -> None:
        self.hide_progress()
        self.set_state(f"Cannot load: {error}", "error")

    def show_corpus_changed(self, count: int) -> None:
        self.set_state(f"Corpus changed: re-indexing {count} file{'s' if count != 1 else ''}…", "loading")

    def show_index_progress(
        self, done: int, total: int, *, reindexing: bool, step: str = "embedding"
    ) -> None:
        """Progress of a build at start (the bar and its step) or of a re-index (the bar and the count)."""
        if reindexing:
            unit = "paragraphs read" if step == READING else "passages"
            self.set_busy(f"re-indexing {done:,}/{total:,} {unit}")
        else:
            self.set_state(embedding_text(done, total, step), "loading")
        self.show_progress(done, total)

    def set_busy(self, text: str) -> None:
        self.busy = text
        self._paint()

    def _paint(self) -> None:
        self.query_one("#status-text", Static).update(Content(self.text))

    def show_progress(self, done: int, total: int) -> None:
        bar = self.query_one("#index-progress", ProgressBar)
        bar.display = True
        bar.update(total=max(total, 1), progress=done)

    def hide_progress(self) -> None:
        bar = self.query_one("#index-progress", ProgressBar)
        bar.display = False
        bar.update(total=None, progress=0)
