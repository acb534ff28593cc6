"""Screens talk to the app only by posting messages up: each one works under a bare host app.

The host is a plain `App`, not the chat's, and only records what reaches it; a screen
that imported the app, called it or read its attributes would fail here. A fresh
interpreter checks that importing every screen and widget does not load `tui.app`.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from textual.app import App
from textual.message import Message
from textual.screen import Screen

import tui
from qa.answering.answer import Answer
from qa.engine import Engine
from tests.tui import ready, settle
from tui.app import make_app
from tui.messages import OpenCitation, QuestionSubmitted
from tui.screens.chat import ChatScreen
from tui.screens.people import PeopleScreen
from tui.screens.reader import ReaderScreen
from tui.widgets.question_input import QuestionInput

pytestmark = pytest.mark.anyio

SULLIVAN = "What did Sullivan say?"
SCREENS_AND_WIDGETS = sorted(
    f"tui.{path.parent.name}.{path.stem}"
    for folder in ("screens", "widgets")
    for path in (Path(tui.__file__).parent / folder).glob("*.py")
    if path.stem != "__init__"
)


class Host(App[None]):
    """Shows one screen with the chat's styles and keeps the requests that bubble up to it."""

    CSS_PATH = str(Path(tui.__file__).parent / "qa.tcss")

    def __init__(self, screen: Screen[None]) -> None:
        super().__init__()
        self.first = screen
        self.received: list[Message] = []

    def get_default_screen(self) -> Screen[None]:
        return self.first

    def on_question_submitted(self, message: QuestionSubmitted) -> None:
        self.received.append(message)

    def on_open_citation(self, message: OpenCitation) -> None:
        self.received.append(message)


def opened(host: Host) -> list[tuple[str, int, bool]]:
    return [(m.answer.question, m.n, m.replace) for m in host.received if isinstance(m, OpenCitation)]


@pytest.fixture(scope="module")
def sullivan(default_engine: Engine) -> Answer:
    return default_engine.ask(SULLIVAN)


def test_no_screen_or_widget_imports_the_app() -> None:
    assert "tui.screens.chat" in SCREENS_AND_WIDGETS and "tui.widgets.exchange" in SCREENS_AND_WIDGETS
    code = f"import importlib, sys\nfor m in {SCREENS_AND_WIDGETS!r}: importlib.import_module(m)\n"
    code += "print('tui.app' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"


async def test_the_chat_screen_posts_questions_and_citations_up(sullivan: Answer) -> None:
    screen = ChatScreen("corpus")
    host = Host(screen)
    async with host.run_test(size=(140, 45)) as pilot:
        screen.query_one(QuestionInput).value = f"  {SULLIVAN}  "
        await pilot.press("enter")
        await pilot.pause()
        assert [m.text for m in host.received if isinstance(m, QuestionSubmitted)] == [SULLIVAN]
        assert screen.query_one(QuestionInput).value == "" and screen.exchanges == []  # the app adds it
        await pilot.press("enter")  # nothing typed: a notice, no request
        await pilot.pause()
        assert len(host.received) == 1
        assert any("Type a question first." in n.message for n in host._notifications)

        await screen.add_exchange(0, SULLIVAN)
        await screen.set_answer(0, sullivan)
        await pilot.press("tab", "3")
        await pilot.pause()
        assert opened(host) == [(SULLIVAN, 3, False)]
        await pilot.press("enter")  # on the focused first card
        await pilot.pause()
        assert opened(host) == [(SULLIVAN, 3, False), (SULLIVAN, 1, False)]


async def test_the_reader_asks_to_step_in_place(default_engine: Engine, sullivan: Answer) -> None:
    last = sullivan.citations[-1]
    paragraphs = default_engine.document(sullivan.citations[0].doc)
    screen = ReaderScreen(sullivan, sullivan.citations[0].n, paragraphs)
    host = Host(screen)
    async with host.run_test(size=(140, 45)) as pilot:
        await pilot.press("n")
        await pilot.pause()
        assert opened(host) == [(SULLIVAN, sullivan.citations[1].n, True)]
        await pilot.press("p")  # before the first: a bell, no request
        await pilot.pause()
        assert len(host.received) == 1
    reader = ReaderScreen(sullivan, last.n, default_engine.document(last.doc))
    host = Host(reader)
    async with host.run_test(size=(140, 45)) as pilot:
        await pilot.press("n")
        await pilot.pause()
        assert host.received == []


async def test_the_people_screen_opens_a_quote_by_message(default_engine: Engine) -> None:
    screen = PeopleScreen(default_engine)
    host = Host(screen)
    async with host.run_test(size=(140, 45)) as pilot:
        await settle(pilot)
        await pilot.press(*"sharpe", "enter")
        await settle(pilot)
        await pilot.press("down", "enter")
        await pilot.pause()
        (request,) = host.received
        assert isinstance(request, OpenCitation) and not request.replace
        cited = next(c for c in request.answer.citations if c.n == request.n)
        assert (cited.doc, cited.paragraph) == ("004_000a7fc3f8c0d5df.txt", 57)


async def test_in_the_chat_app_a_step_in_the_reader_replaces_it(default_engine: Engine) -> None:
    seen: list[Message] = []
    app = make_app(default_engine)
    async with app.run_test(size=(140, 45), message_hook=seen.append) as pilot:
        await ready(pilot)
        app.chat.query_one(QuestionInput).value = SULLIVAN
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("tab", "1")
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        assert isinstance(app.screen, ReaderScreen) and app.screen.citation.n == 2
        assert len(app.screen_stack) == 2  # the reader was replaced, not stacked
    assert [m.text for m in seen if isinstance(m, QuestionSubmitted)][:1] == [SULLIVAN]
    requests = {(m.n, m.replace): m for m in seen if isinstance(m, OpenCitation)}
    assert sorted(requests) == [(1, False), (2, True)]
