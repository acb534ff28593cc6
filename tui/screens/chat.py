"""The main screen: transcript and evidence side by side (stacked below 100 columns).

The screen only presents; the app owns the engine, the queue and the transcript and
calls the methods here from its message handlers. The screen never imports the app:
a question goes up as `QuestionSubmitted`, and selecting a citation, by key, card or
`[n]` marker, as `OpenCitation`; the app loads the article off-thread.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Static

from qa.answering.answer import Answer
from qa.engine import IndexStatus
from qa.transcript import Turn
from tui.messages import OpenCitation
from tui.widgets.evidence import EvidencePane
from tui.widgets.exchange import AnswerSelected, Exchange
from tui.widgets.question_input import QuestionInput
from tui.widgets.status import StatusBar

# Digits open citations whenever the question box is not focused (it would type them);
# alt+digit is not used because most terminals send it as a character (ESC 2 is "™").
_DIGIT_BINDINGS = [
    Binding(str(n), f"open_citation({n})", "Open citation", show=n == 1, key_display="1‑9")
    for n in range(1, 10)
]


WELCOME = (
    "Ask a question about the articles in plain language and press Enter.\n"
    "Answers quote the articles and mark each source as [n]: click it, or press Tab "
    "then a digit, to read the passage in its article. F1 lists every key."
)


NEW_TOPIC = "── New topic: the questions below are not follow-ups of those above ──"


def divider() -> Static:
    """Where a topic begins: after "New topic" (ctrl+n), and after a restored chat."""
    return Static(Content(NEW_TOPIC), classes="topic")


class ChatScreen(Screen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        *_DIGIT_BINDINGS,
        Binding("escape", "focus_input", "Question"),
        Binding("pageup", "scroll_transcript(-1)", "Scroll chat up", show=False),
        Binding("pagedown", "scroll_transcript(1)", "Scroll chat down", show=False),
        Binding("ctrl+up", "select_step(-1)", "Earlier answer", show=False),
        Binding("ctrl+down", "select_step(1)", "Later answer", show=False),
    ]

    def __init__(self, corpus_name: str) -> None:
        super().__init__()
        self.corpus_name = corpus_name
        self.selected: int | None = None

    def compose(self) -> ComposeResult:
        yield StatusBar(self.corpus_name, id="status")
        with Horizontal(id="panes"):
            yield VerticalScroll(id="transcript", can_focus=False)
            yield EvidencePane(id="evidence")
        yield QuestionInput(id="question")
        yield Footer()

    async def on_mount(self) -> None:
        """The welcome only above nothing: a saved chat may have been restored already."""
        if not self.pane.children:
            await self.pane.mount(self._welcome())
        self.query_one("#question", QuestionInput).focus()
        self.pane.anchor()  # follow the newest turn, through resizes too, until scrolled up

    def _welcome(self) -> Static:
        return Static(Content(WELCOME), classes="empty")

    @property
    def pane(self) -> VerticalScroll:
        return self.query_one("#transcript", VerticalScroll)

    @property
    def status(self) -> StatusBar:
        return self.query_one("#status", StatusBar)

    @property
    def evidence(self) -> EvidencePane:
        return self.query_one("#evidence", EvidencePane)

    @property
    def exchanges(self) -> list[Exchange]:
        return list(self.query(Exchange))

    def exchange(self, turn_id: int) -> Exchange | None:
        found = self.query(f"#turn-{turn_id}")
        return found.first(Exchange) if found else None

    async def on_answer_selected(self, event: AnswerSelected) -> None:
        event.stop()
        await self.select(event.turn_id)

    async def add_exchange(self, turn_id: int, question: str) -> None:
        await self.pane.query(".empty").remove()
        await self.pane.mount(Exchange(turn_id, question))
        self.pane.scroll_end(animate=False)

    async def restore(self, turns: Sequence[tuple[int, Turn]]) -> None:
        """Show a saved conversation (turn ids chosen by the app) above anything typed meanwhile."""
        box = self.query_one("#question", QuestionInput)
        box.set_history([*(turn.question for _, turn in turns), *box.history])
        if not turns:
            return
        pane = self.pane
        await pane.query(".empty").remove()
        restored: list[Static | Exchange] = []
        for before, (turn_id, turn) in zip((None, *turns), turns, strict=False):
            if before is not None and before[1].topic != turn.topic:
                restored.append(divider())
            restored.append(Exchange(turn_id, turn.question, turn.answer))
        restored.append(divider())  # a restarted chat reads the next question on its own
        if pane.children:
            await pane.mount_all(restored, before=0)
        else:
            await pane.mount_all(restored)
        pane.scroll_end(animate=False)
        if self.selected is None:
            await self.select(turns[-1][0])

    async def new_topic(self) -> None:
        """A divider below the last turn; none above nothing, and never two in a row."""
        if self.pane.children and isinstance(self.pane.children[-1], Exchange):
            await self.pane.mount(divider())
            self.pane.scroll_end(animate=False)

    def show_index(self, status: IndexStatus, present: frozenset[str]) -> None:
        """A (re)built index is open: say so, and mark the cards of articles it no longer has."""
        self.status.show_ready(status)
        self.evidence.mark_gone(present)

    def note(self, turn_id: int, text: str, *, busy: bool = True) -> None:
        """Say why a question is still waiting (answering, or the engine failed to load)."""
        exchange = self.exchange(turn_id)
        if exchange is not None:
            exchange.set_note(text, busy=busy)

    async def set_answer(self, turn_id: int, answer: Answer) -> None:
        exchange = self.exchange(turn_id)
        if exchange is None:
            return
        exchange.set_answer(answer)
        await self.select(turn_id)
        self.call_after_refresh(self.pane.scroll_end, animate=False)

    async def drop(self, turn_id: int, question: str) -> None:
        """A refused question: off the chat and back in the box, to be fixed."""
        exchange = self.exchange(turn_id)
        if exchange is not None:
            await exchange.remove()
        self.query_one("#question", QuestionInput).give_back(question)

    async def clear(self) -> None:
        await self.pane.remove_children()
        await self.pane.mount(self._welcome())
        self.selected = None
        await self.evidence.show(None)

    async def select(self, turn_id: int) -> None:
        """Show the passages of one answer in the evidence pane and mark its turn."""
        exchange = self.exchange(turn_id)
        if exchange is None or exchange.answer is None:
            return
        self.selected = turn_id
        for other in self.query(Exchange):
            other.set_class(other.turn_id == turn_id, "-selected")
        await self.evidence.show(exchange.answer)

    def action_open_citation(self, n: int) -> None:
        answer = self.evidence.answer
        if answer is None or not any(c.n == n for c in answer.citations):
            self.app.bell()
            self.notify(f"There is no citation [{n}] to open.", severity="warning", markup=False)
            return
        self.post_message(OpenCitation(answer, n))

    async def action_select_step(self, delta: int) -> None:
        """Show the passages of the previous or next answer (keyboard twin of clicking one)."""
        answered = [e.turn_id for e in self.query(Exchange) if e.answer is not None]
        if not answered:
            return
        position = answered.index(self.selected) + delta if self.selected in answered else len(answered) - 1
        position = min(max(position, 0), len(answered) - 1)
        await self.select(answered[position])
        exchange = self.exchange(answered[position])
        if exchange is not None:
            self.pane.scroll_to_widget(exchange, animate=False)

    def action_scroll_transcript(self, direction: int) -> None:
        pane = self.pane
        if direction < 0:
            pane.scroll_page_up(animate=False)
        else:
            pane.scroll_page_down(animate=False)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Hide the keys that do nothing while typing (digits type, escape stays put)."""
        if action in ("open_citation", "focus_input"):
            return not isinstance(self.focused, QuestionInput)
        return True

    def action_focus_input(self) -> None:
        self.query_one("#question", QuestionInput).focus()
