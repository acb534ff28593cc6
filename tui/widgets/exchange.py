"""One turn of the chat: the question as typed and the answer with clickable `[n]` markers.

Until the engine replies the answer area says why it is waiting (the model is still
loading, or it is answering), so the busy state is visible where the reader looks.
Clicking an answer shows its passages in the evidence pane; clicking a marker opens
that citation's article.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.events import Click
from textual.message import Message
from textual.style import Style
from textual.widget import Widget
from textual.widgets import LoadingIndicator, Static

from qa.answering.answer import Answer
from tui.messages import OpenCitation
from tui.widgets.rendering import answer_content, plain, shown

MARKER = ".answer-view--marker"
WAITING = "Waiting for the model and index to load…"
ANSWERING = "Answering…"


@dataclass
class AnswerSelected(Message):
    """The reader clicked an answer: show its passages in the evidence pane."""

    turn_id: int


class AnswerView(Widget):
    """The answer text, or a waiting note; markers carry `@click` actions built by offset."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {"answer-view--marker", "answer-view--meta"}

    def __init__(self, turn_id: int, answer: Answer | None) -> None:
        super().__init__()
        self.turn_id = turn_id
        self.answer = answer
        self.note = WAITING

    def render(self) -> Content:
        if self.answer is None:
            return Content(self.note)
        body = answer_content(self.answer, MARKER)
        if self.answer.verdict:  # "Yes: …" / "No: …" to "did X mention Y?", the verdict first and plain
            body = body.stylize("bold", 0, len(self.answer.verdict))
        resolved = self.answer.resolved_question
        if resolved and resolved != self.answer.question:  # a follow-up: show how it was read
            body = Content(f"Reading this as: {shown(resolved)}\n").stylize(self.meta_style) + body
        count = len(self.answer.citations)
        if self.answer.unclear:
            meta = "not answered: say who is meant"
        elif self.answer.abstained:
            meta = f"{count} closest passage{'s' if count != 1 else ''} shown, none answers it"
        else:
            meta = f"confidence {self.answer.confidence:.0%} · {count} passage{'s' if count != 1 else ''}"
        return body + Content("\n") + Content(meta).stylize(self.meta_style)

    @property
    def meta_style(self) -> Style:
        """The muted line's style, its translucent colour laid over this widget's background:
        left translucent, the light theme painted it near white on white."""
        style = self.get_visual_style("answer-view--meta")
        if style.foreground is None or style.foreground.a == 1:
            return style
        return style + Style(foreground=self.background_colors[1] + style.foreground)

    def action_open_citation(self, n: int) -> None:
        if self.answer is not None:
            self.post_message(OpenCitation(self.answer, n))

    def on_click(self, event: Click) -> None:
        if event.style.meta.get("@click") is None:
            self.post_message(AnswerSelected(self.turn_id))


class Exchange(Vertical):
    """A question and its answer; classes -pending and -abstained drive how the answer looks."""

    def __init__(self, turn_id: int, question: str, answer: Answer | None = None) -> None:
        super().__init__(id=f"turn-{turn_id}")
        self.turn_id = turn_id
        self.question = question
        self.answer_view = AnswerView(turn_id, answer)
        self._set_kind(answer)

    def compose(self) -> ComposeResult:
        yield Static(Content("You  ").stylize("bold") + plain(self.question), classes="question")
        yield self.answer_view
        if self.answer_view.answer is None:
            yield LoadingIndicator(classes="busy")

    @property
    def answer(self) -> Answer | None:
        return self.answer_view.answer

    def _set_kind(self, answer: Answer | None) -> None:
        self.set_class(answer is not None and answer.abstained, "-abstained")
        self.set_class(answer is None, "-pending")

    def set_note(self, text: str, *, busy: bool = True) -> None:
        """Change the waiting note; `busy=False` stops the spinner (nothing is running for it)."""
        self.answer_view.note = text
        self.answer_view.refresh(layout=True)
        self.query(LoadingIndicator).set(display=busy)

    def set_answer(self, answer: Answer) -> None:
        self.answer_view.answer = answer
        self._set_kind(answer)
        for indicator in self.query(LoadingIndicator):
            indicator.remove()
        self.answer_view.refresh(layout=True)
