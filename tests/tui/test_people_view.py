"""The people view (f2): filter as you type, choose a person, open one of their quotes in the reader."""

from __future__ import annotations

import pytest
from textual.widgets import Static

from qa.engine import Engine
from tests.tui import ready, settle
from tui.app import QAApp, make_app
from tui.screens.chat import ChatScreen
from tui.screens.people import PeopleScreen
from tui.screens.reader import ReaderScreen

pytestmark = pytest.mark.anyio

WIDE = (140, 45)


def people_screen(app: QAApp) -> PeopleScreen:
    assert isinstance(app.screen, PeopleScreen)
    return app.screen


async def test_filter_choose_and_open_a_quote_in_the_reader(default_engine: Engine) -> None:
    app = make_app(default_engine)
    async with app.run_test(size=WIDE) as pilot:
        await ready(pilot)
        await pilot.press("f2")
        await settle(pilot)
        screen = people_screen(app)
        assert [p.name for p in screen.listed] == [p.name for p in default_engine.people()]
        await pilot.press(*"sharpe")
        await settle(pilot)
        assert [p.name for p in screen.listed] == ["Tom Sharpe"]
        await pilot.press("enter")
        await settle(pilot)
        cards = screen.cards
        assert [card.citation.paragraph for card in cards] == [56, 57, 58, 59]
        headings = [str(h.render()) for h in screen.query(".article-heading").results(Static)]
        assert headings == ["004_000a7fc3f8c0d5df.txt"]
        assert cards[0].has_focus
        assert cards[2].passage.highlighted_texts == ["He must be given what he needs to defend his country."]
        await pilot.press("down", "down", "enter")
        await settle(pilot)
        reader = app.screen
        assert isinstance(reader, ReaderScreen)
        assert (reader.citation.doc, reader.citation.paragraph) == ("004_000a7fc3f8c0d5df.txt", 58)
        assert reader.cited.paragraph.index == 58 and reader.matches
        assert reader.cited.highlighted_texts == ["He must be given what he needs to defend his country."]
        await pilot.press("n")  # the reader steps through the person's quotes
        await settle(pilot)
        assert isinstance(app.screen, ReaderScreen) and app.screen.citation.paragraph == 59
        await pilot.press("escape")
        assert people_screen(app) is screen
        await pilot.press("escape")
        assert isinstance(app.screen, ChatScreen)


async def test_filter_by_role_and_no_match(default_engine: Engine) -> None:
    app = make_app(default_engine)
    async with app.run_test(size=WIDE) as pilot:
        await ready(pilot)
        await pilot.press("f2")
        await settle(pilot)
        screen = people_screen(app)
        screen.filter_box.value = "prime minister"
        await settle(pilot)
        listed = [p.name for p in screen.listed if p.kind == "person"]
        assert sorted(listed) == ["Boris Johnson", "Donald Tusk", "Keir Starmer"]
        assert listed[0] == "Keir Starmer"  # most quoted first
        screen.filter_box.value = "macron"
        await settle(pilot)
        assert screen.listed == [] and screen.query_one("#people-note").display


async def test_palette_command_opens_the_people_view(default_engine: Engine) -> None:
    app = make_app(default_engine)
    async with app.run_test(size=WIDE) as pilot:
        await ready(pilot)
        (command,) = [c for c in app.get_system_commands(app.screen) if c.title == "People"]
        command.callback()
        await settle(pilot)
        assert isinstance(app.screen, PeopleScreen)
