"""F2: everyone the articles quote, filtered as you type; a person's quotes as citation cards.

The list comes from `Engine.people()` in a thread worker. Choosing a person (Enter in
the filter box or on the list, or a click) shows every paragraph of their quotes,
grouped by article, as the chat's own citation cards over one answer value
(`qa.answering.people.quotes_answer`), so opening a card, and n / p in the reader, work as
they do for an answer: the card's `OpenCitation` bubbles up to the app.
"""

from __future__ import annotations

from functools import partial
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Input, ListItem, ListView, Static

from qa.answering.people import Person, quotes_answer
from qa.engine import Engine
from tui import jobs
from tui.messages import PeopleReady
from tui.widgets.citation_card import CitationCard
from tui.widgets.rendering import plain

LOADING = "Finding the people the articles quote…"
NO_ONE = "The articles quote no one by name."
NO_MATCH = "No one quoted matches."
CHOOSE = "Choose a person to read their quotes: Enter, or click a name."


def matches(person: Person, typed: str) -> bool:
    """Every word typed is in the person's name, another form of it, or their role."""
    where = " ".join((person.name, *person.aliases, person.role or "")).lower()
    return all(word in where for word in typed.lower().split())


def quote_count(person: Person) -> str:
    quotes, articles = len(person.quotes), len(person.articles)
    return f"{quotes} quote{'s' if quotes != 1 else ''}, {articles} article{'s' if articles != 1 else ''}"


class PersonItem(ListItem):
    def __init__(self, person: Person) -> None:
        name = plain(person.name).stylize("bold") + Content(f"  {quote_count(person)}")
        super().__init__(
            Static(name, classes="person-name"),
            Static(plain(person.role or "no role given"), classes="person-role"),
        )
        self.person = person


class PeopleScreen(Screen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "app.pop_screen", "Back"),
        Binding("down", "focus_list", "List", show=False),
    ]

    def __init__(self, engine: Engine) -> None:
        super().__init__()
        self.engine = engine
        self.people: tuple[Person, ...] = ()
        self.chosen: Person | None = None

    def compose(self) -> ComposeResult:
        yield Static(Content("People quoted in the articles").stylize("bold"), id="people-title")
        with Horizontal(id="people-panes"):
            with Vertical(id="people-side"):
                yield Input(placeholder="Filter by name or role", id="people-filter")
                yield Static(Content(LOADING), id="people-note")
                yield ListView(id="people-list")
            yield VerticalScroll(Static(Content(CHOOSE), classes="empty"), id="person-quotes")
        yield Footer()

    @property
    def filter_box(self) -> Input:
        return self.query_one("#people-filter", Input)

    @property
    def listed(self) -> list[Person]:
        return [item.person for item in self.query_one(ListView).query(PersonItem)]

    @property
    def cards(self) -> list[CitationCard]:
        return list(self.query_one("#person-quotes").query(CitationCard))

    def on_mount(self) -> None:
        self.filter_box.focus()
        job = partial(jobs.people, self.engine, self.post_message)
        self.run_worker(job, thread=True, group="people")

    async def on_people_ready(self, message: PeopleReady) -> None:
        message.stop()
        self.people = message.people
        await self._show_list()

    async def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        await self._show_list()

    async def _show_list(self) -> None:
        shown = [p for p in self.people if matches(p, self.filter_box.value)]
        note = NO_MATCH if self.people and not shown else NO_ONE if not self.people else ""
        self.query_one("#people-note", Static).update(Content(note))
        self.query_one("#people-note").display = bool(note)
        listing = self.query_one(ListView)
        await listing.clear()
        await listing.extend(PersonItem(person) for person in shown)
        listing.index = 0 if shown else None

    async def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        item = self.query_one(ListView).highlighted_child
        if isinstance(item, PersonItem):
            await self.show(item.person, focus=True)
        else:
            self.app.bell()

    async def on_list_view_selected(self, event: ListView.Selected) -> None:
        event.stop()
        if isinstance(event.item, PersonItem):
            await self.show(event.item.person, focus=True)

    async def on_list_view_highlighted(self, event: ListView.Highlighted) -> None:
        event.stop()
        if isinstance(event.item, PersonItem) and event.item.person != self.chosen:
            await self.show(event.item.person)

    async def show(self, person: Person, *, focus: bool = False) -> None:
        """The person's quote paragraphs as cards, under a heading for each article."""
        self.chosen = person
        pane = self.query_one("#person-quotes", VerticalScroll)
        await pane.remove_children()
        answer = quotes_answer(person)
        heading = plain(person.name).stylize("bold")
        if person.role:
            heading += Content(", ") + plain(person.role)
        widgets: list[Static | CitationCard] = [Static(heading, classes="person-heading")]
        for doc in person.articles:
            widgets.append(Static(plain(doc), classes="article-heading"))
            widgets.extend(CitationCard(answer, c.n) for c in answer.citations if c.doc == doc)
        await pane.mount_all(widgets)
        pane.scroll_home(animate=False)
        if focus and self.cards:
            self.cards[0].focus()

    def action_focus_list(self) -> None:
        self.query_one(ListView).focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Down leaves the filter box for the list; elsewhere it moves as usual."""
        if action == "focus_list":
            return self.focused is self.filter_box
        return True
