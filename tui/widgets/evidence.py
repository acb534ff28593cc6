"""The evidence pane: the passages behind the selected answer, best first, as cards.

For an abstention the same cards appear under a heading that says plainly they are
the closest passages, not an answer.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import Static

from qa.answering.answer import Answer
from tui.widgets.citation_card import CitationCard
from tui.widgets.rendering import plain

EMPTY = "Ask a question: the passages behind the answer appear here, best first."


class EvidencePane(Vertical):
    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.answer: Answer | None = None
        self.present: frozenset[str] | None = None  # the articles of the index in use, once open

    def compose(self) -> ComposeResult:
        yield Static(Content("Evidence"), id="evidence-title")
        yield VerticalScroll(Static(Content(EMPTY), classes="empty"), id="cards", can_focus=False)

    @property
    def cards(self) -> list[CitationCard]:
        return list(self.query(CitationCard))

    def mark_gone(self, present: frozenset[str]) -> None:
        """Mark the cards whose article is not in `present` (deleted since the answer) as gone."""
        self.present = present
        self._mark_cards()

    def _mark_cards(self) -> None:
        if self.present is not None:
            for card in self.cards:
                card.set_gone(card.citation.doc not in self.present)

    async def show(self, answer: Answer | None) -> None:
        """Replace the cards with those of `answer` (or the empty note) and scroll to the top."""
        self.answer = answer
        title = self.query_one("#evidence-title", Static)
        cards = self.query_one("#cards", VerticalScroll)
        await cards.remove_children()
        self.set_class(answer is not None and answer.abstained, "-abstained")
        if answer is None:
            title.update(Content("Evidence"))
            await cards.mount(Static(Content(EMPTY), classes="empty"))
            self.refresh_bindings()
            return
        count = len(answer.citations)
        if answer.unclear:
            heading = Content(f"Nothing looked up: who is “{answer.unclear}”?")
        elif answer.abstained:
            heading = Content(f"Closest, not an answer · {count} passage{'s' if count != 1 else ''}")
        else:
            heading = Content(f"Evidence · {count} passage{'s' if count != 1 else ''} for ") + plain(
                f"“{answer.resolved_question or answer.question}”"  # a follow-up as it was read
            )
        title.update(heading)
        if count:
            await cards.mount_all([CitationCard(answer, citation.n) for citation in answer.citations])
            self._mark_cards()
        else:
            await cards.mount(Static(Content("No passages to show."), classes="empty"))
        cards.scroll_home(animate=False)
        self.refresh_bindings()  # `tab Citations` is offered only when there are cards
