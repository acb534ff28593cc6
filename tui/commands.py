"""The chat's entries in the command palette (ctrl+p), in the order they are listed.

Each runs one of the app's actions, so the palette, the keys and the tests all go
through the same code. The app is seen only through `Actions`, the methods the
palette calls, so this module does not import the app. `copy_answer` is the one
command that needs nothing of the app but its clipboard and its toasts.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable, Iterator
from typing import Protocol

from textual.app import App, SystemCommand
from textual.command import DiscoveryHit, Hits
from textual.system_commands import SystemCommandsProvider

from qa.answering.answer import Answer
from qa.transcript import answer_markdown
from tui.screens.confirm import ConfirmScreen


class Actions(Protocol):
    def action_reindex(self, rebuild: bool = False) -> None: ...
    def action_cancel_reindex(self) -> None: ...
    def action_copy_answer(self) -> None: ...
    def action_export(self) -> None: ...
    def action_new_topic(self) -> Awaitable[None]: ...
    def action_clear(self) -> Awaitable[None]: ...
    def action_people(self) -> None: ...
    def action_help(self) -> None: ...
    def push_screen(
        self, screen: ConfirmScreen, callback: Callable[[bool | None], Awaitable[None]]
    ) -> object: ...


CLEAR = "Clear the chat? Every question and answer for this corpus is removed, and cannot be brought back."


def confirm_clear(app: Actions) -> None:
    """Clearing cannot be undone: ask first."""

    async def answered(yes: bool | None) -> None:
        if yes:
            await app.action_clear()

    app.push_screen(ConfirmScreen(CLEAR), answered)


def chat_commands(app: Actions, *, indexing: bool) -> Iterator[SystemCommand]:
    """The palette entries; "Cancel re-indexing" only while a re-index runs."""
    yield SystemCommand(
        "Re-index the corpus", "Bring the index up to date with the articles", app.action_reindex
    )
    yield SystemCommand(
        "Rebuild the index", "Embed every article again from scratch", lambda: app.action_reindex(True)
    )
    if indexing:
        yield SystemCommand(
            "Cancel re-indexing", "Stop and keep the current index", app.action_cancel_reindex
        )
    yield SystemCommand(
        "Copy the last answer", "Answer and its citations, to the clipboard", app.action_copy_answer
    )
    yield SystemCommand(
        "Export the chat to Markdown", "Write the transcript to a .md file", app.action_export
    )
    yield SystemCommand(
        "New topic", "The next question stands on its own, not a follow-up (ctrl+n)", app.action_new_topic
    )
    yield SystemCommand(
        "Clear the chat", "Remove every question and answer for this corpus", lambda: confirm_clear(app)
    )
    yield SystemCommand("People", "Everyone the articles quote, and their quotes (f2)", app.action_people)
    yield SystemCommand("Help", "All keys (f1)", app.action_help)


class ChatCommands(SystemCommandsProvider):
    """The palette's list as the app yields it, qa's commands first (Textual's sorts it by title)."""

    async def discover(self) -> Hits:
        for title, help_text, callback, discover in self.app.get_system_commands(self.screen):
            if discover:
                yield DiscoveryHit(title, callback, help=help_text)


# Textual's own palette entries that qa's commands or keys already cover (f1 Help lists every key).
DUPLICATES = frozenset({"Keys"})


def without_duplicates(commands: Iterable[SystemCommand]) -> Iterator[SystemCommand]:
    return (command for command in commands if command.title not in DUPLICATES)


def copy_answer(app: App[None], answer: Answer | None) -> None:
    """The last answer and its sources, as Markdown, to the clipboard."""
    if answer is None:
        app.notify("There is no answer to copy yet.", severity="warning", markup=False)
        return
    app.copy_to_clipboard(answer_markdown(answer))
    count = len(answer.citations)
    app.notify(f"Copied the last answer and its {count} citation{'s' if count != 1 else ''}.", markup=False)
