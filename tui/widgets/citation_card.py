"""One cited passage in the evidence pane: where it is, and the words that support the answer.

Only a passage the answer is made of is marked; one shown beside it (or the closest to a
declined question) is dimmed, with no support colour and no answer mark.

A card is focusable so the keyboard can reach it (Tab, then Up/Down between cards);
Enter or a click posts `OpenCitation`, which bubbles up to the app to open the article there.
"""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.events import Click
from textual.widgets import Static

from qa.answering.answer import UNCITED, Answer
from qa.language.text import visible
from tui.messages import OpenCitation
from tui.widgets.passage import Passage
from tui.widgets.rendering import location, plain

GONE = "deleted, nothing to open"


class CitationCard(Vertical, can_focus=True):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "open", "Open source"),
        Binding("up", "app.focus_previous", "Previous", show=False),
        Binding("down", "app.focus_next", "Next", show=False),
    ]

    def __init__(self, answer: Answer, n: int) -> None:
        citation = next(c for c in answer.citations if c.n == n)
        super().__init__(classes="-closest" if answer.abstained else "" if citation.supports else "-uncited")
        self.answer = answer
        self.citation = citation
        self.gone = False  # the article was deleted from the corpus since the answer

    def compose(self) -> ComposeResult:
        c = self.citation
        yield Static(Content(f"[{c.n}] ").stylize("bold") + Content(self._where()), classes="where")
        if c.meta.summary():  # title, outlet, author, date, URL: what is known of the article
            yield Static(plain(c.meta.summary()), classes="about")
        if c.supports:
            yield Passage(c.text, c.highlights, exact=c.answer_span)
        else:  # related or closest, not support: no support colour, and no answer mark
            yield Passage(c.text, classes="-unmarked")
        if c.also:
            places = "; ".join(location(a.doc, a.paragraph, a.line) for a in c.also)
            yield Static(Content(f"also in {places}"), classes="also")

    @property
    def passage(self) -> Passage:
        return self.query_one(Passage)

    def set_gone(self, gone: bool) -> None:
        if gone == self.gone:
            return
        self.gone = gone
        self.set_class(gone, "-gone")
        where = Content(f"[{self.citation.n}] ").stylize("bold") + Content(self._where())
        self.query_one(".where", Static).update(where)

    def _where(self) -> str:
        c = self.citation
        place = location(c.doc, c.paragraph, c.line)
        if self.gone:
            return f"{place} · {GONE}"
        said = f"{place} · {visible(c.said_by)}" if c.said_by else place
        return f"{said} · {UNCITED}" if not (c.supports or self.answer.abstained) else said

    def action_open(self) -> None:
        self._open()

    def on_click(self, event: Click) -> None:
        event.stop()
        self._open()

    def _open(self) -> None:
        if self.gone:
            self.notify(f"{self.citation.doc} was deleted from the corpus: {GONE}.", markup=False)
            return
        self.post_message(OpenCitation(self.answer, self.citation.n))
