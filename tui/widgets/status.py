"""The top line: which corpus, whether the engine is loading, ready or busy, and re-index progress.

Its text never contains timings, so the same state always paints the same way.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.content import Content
from textual.widgets import ProgressBar, Static

from tui.widgets.rendering import plain

LOADING = "Loading model and index…"


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
        self._paint()

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
