"""F1: every key the chat answers to, in one place, so the footer can stay short."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

KEYS: tuple[tuple[str, tuple[tuple[str, str], ...]], ...] = (
    (
        "Asking",
        (
            ("enter", "ask the question typed in the box"),
            ("↑ / ↓", "earlier questions (history) in the box"),
            ("escape", "back to the question box"),
            ("pgup / pgdn", "scroll the chat"),
            ("ctrl+↑ / ctrl+↓", "show the passages of the previous / next answer"),
            ("ctrl+n", "new topic: the next question is not read as a follow-up"),
        ),
    ),
    (
        "Citations",
        (
            ("tab / shift+tab", "from the question box to the citation cards and back"),
            ("1 … 9", "open citation [n] of the answer in the evidence pane (not while typing)"),
            ("↑ / ↓", "previous / next card"),
            ("enter", "open the focused card's citation"),
            ("mouse", "click a [n] marker or a card to open it; click an answer to see its passages"),
        ),
    ),
    (
        "Reading a source",
        (
            ("escape", "back to the chat"),
            ("n / p", "next / previous citation of the same answer"),
            ("c", "scroll back to the cited passage"),
            ("↑ ↓ j k pgup pgdn", "scroll the article"),
        ),
    ),
    (
        "People (f2)",
        (
            ("type", "filter by name or role"),
            ("enter / ↓", "show the first match's quotes / go down the list"),
            ("enter on a card", "read that quote in its article"),
            ("escape", "back to the chat"),
        ),
    ),
    (
        "Everywhere",
        (
            ("ctrl+p", "commands: re-index, copy the last answer, export to Markdown, clear the chat, theme"),
            ("f1", "this help"),
            ("f2", "everyone the articles quote, and their quotes"),
            ("ctrl+q", "quit (the chat is saved after every answer)"),
        ),
    ),
)


def key_rows() -> ComposeResult:
    """One row per key, the description in its own column so wrapped text stays aligned."""
    for section, rows in KEYS:
        yield Static(Content(section).stylize("bold underline"), classes="help-section")
        for key, what in rows:
            yield Horizontal(
                Static(Content(key).stylize("bold"), classes="help-key"),
                Static(Content(what), classes="help-what"),
                classes="help-row",
            )


class HelpScreen(ModalScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "app.pop_screen", "Close help"),
        Binding("f1", "app.pop_screen", "Close help", show=False),
    ]

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help"):
            yield Static(Content("Keys").stylize("bold"), id="help-title")
            yield from key_rows()
            yield Static(Content("Press escape or f1 to close."), id="help-close")
