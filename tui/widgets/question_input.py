"""The question box: Enter asks, Up and Down walk back through earlier questions.

History behaves like a shell's: the first Up keeps what was being typed as a draft
and Down past the newest question brings the draft back.

A key binding runs only once Enter has bubbled up to the app, hop by hop, while the box
goes on taking the letters typed after it: a fast burst sent the first question with the
second one's letters. So Enter is handled here, in turn with the letters, and the box
is emptied in the same step that reads it.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import ClassVar

from textual import events
from textual.binding import Binding, BindingType
from textual.widgets import Input

from tui.messages import QuestionSubmitted

PLACEHOLDER = "Ask a question about the articles…"


class QuestionInput(Input):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "submit", "Ask", show=True),
        Binding("up", "history_previous", "History", show=True, key_display="↑↓"),
        Binding("down", "history_next", "Next in history", show=False),
        Binding("tab", "citations", "Citations", show=True),
    ]

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(placeholder=PLACEHOLDER, id=id)
        self._history: list[str] = []
        self._position: int | None = None
        self._draft = ""

    @property
    def history(self) -> tuple[str, ...]:
        return tuple(self._history)

    def set_history(self, questions: Iterable[str]) -> None:
        self._history = []
        for question in questions:
            self.remember(question)

    def remember(self, question: str) -> None:
        """Add an asked question, skipping an immediate repeat, and reset the walk."""
        question = question.strip()
        if question and (not self._history or self._history[-1] != question):
            self._history.append(question)
        self._position = None
        self._draft = ""

    def action_citations(self) -> None:
        self.screen.focus_next()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Offer `tab Citations` only when there are cards to go to."""
        if action == "citations":
            return bool(self.screen.query("CitationCard"))
        return True

    async def _on_key(self, event: events.Key) -> None:
        """Enter sends; every other key goes on to `Input` (Textual calls each class's handler)."""
        if event.key == "enter":
            event.stop()
            event.prevent_default()
            self._send()

    async def action_submit(self) -> None:
        self._send()

    def _send(self) -> None:
        """Send the question as `QuestionSubmitted` and empty the box at once."""
        question = self.value.strip()
        if not question:
            self.notify("Type a question first.", severity="warning", markup=False)
            return
        self.remember(question)
        self.value = ""
        self.post_message(QuestionSubmitted(question))

    def give_back(self, question: str) -> None:
        """A question the engine refused comes back to be fixed, unless something new is typed."""
        if not self.value:
            self._show(question)

    def _show(self, text: str) -> None:
        self.value = text
        self.cursor_position = len(text)

    def action_history_previous(self) -> None:
        if not self._history:
            return
        if self._position is None:
            self._draft = self.value
            self._position = len(self._history) - 1
        elif self._position > 0:
            self._position -= 1
        self._show(self._history[self._position])

    def action_history_next(self) -> None:
        if self._position is None:
            return
        if self._position < len(self._history) - 1:
            self._position += 1
            self._show(self._history[self._position])
        else:
            self._position = None
            self._show(self._draft)
