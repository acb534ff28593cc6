"""What the footer and the palette offer, and the keys a person reaches for."""

from __future__ import annotations

import pytest
from textual.command import CommandList
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

from qa.engine import Engine
from tests.tui import ask, ready, settle
from tui.app import QAApp, make_app
from tui.screens.people import PeopleScreen
from tui.screens.reader import ReaderScreen

pytestmark = pytest.mark.anyio

SULLIVAN = "What did Sullivan say?"


def footer_keys(app: QAApp) -> list[str]:
    """The descriptions the footer shows on the screen on top."""
    footer = app.screen.query_one(Footer)
    return [str(key.description) for key in footer.query(FooterKey)]


async def test_footer_shows_quit_and_tab_only_with_citations(default_engine: Engine) -> None:
    app = make_app(default_engine)
    async with app.run_test(size=(140, 45)) as pilot:
        await ready(pilot)
        await settle(pilot)
        shown = footer_keys(app)
        assert "Quit" in shown and "Citations" not in shown
        await ask(pilot, SULLIVAN)
        assert "Citations" in footer_keys(app)


async def test_people_view_does_not_offer_itself(default_engine: Engine) -> None:
    app = make_app(default_engine)
    async with app.run_test(size=(140, 45)) as pilot:
        await ready(pilot)
        assert "People" in footer_keys(app)
        await pilot.press("f2")
        await settle(pilot)
        assert isinstance(app.screen, PeopleScreen)
        assert "People" not in footer_keys(app) and "Quit" in footer_keys(app)


async def test_palette_lists_qa_first_without_textual_duplicates(default_engine: Engine) -> None:
    app = make_app(default_engine)
    async with app.run_test(size=(140, 45)) as pilot:
        await ready(pilot)
        titles = [c.title for c in app.get_system_commands(app.screen)]
        assert titles[0] == "Re-index the corpus" and titles.index("Help") < titles.index("Quit")
        assert "Keys" not in titles and "Theme" in titles
        await pilot.press("ctrl+p")
        await pilot.pause(0.3)
        listed = app.screen.query_one(CommandList)
        first = str(listed.get_option_at_index(0).prompt)
        assert "Re-index the corpus" in first, first  # as listed, not sorted by title


async def test_j_and_k_scroll_the_reader(default_engine: Engine) -> None:
    app = make_app(default_engine)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        await ask(pilot, SULLIVAN)
        await pilot.press("tab", "enter")
        await settle(pilot)
        assert isinstance(app.screen, ReaderScreen)
        article = app.screen.query_one("#article")
        before = article.scroll_y
        await pilot.press("j", "j")
        assert article.scroll_y == before + 2
        await pilot.press("k")
        assert article.scroll_y == before + 1


async def test_transcript_follows_the_bottom_after_a_resize(default_engine: Engine) -> None:
    app = make_app(default_engine)
    async with app.run_test(size=(140, 45)) as pilot:
        await ready(pilot)
        for question in ("What is ATACMS?", "When is the NATO summit?", "Who is Macron?") * 3:
            await ask(pilot, question)
        await pilot.resize_terminal(80, 24)
        await settle(pilot)
        await pilot.resize_terminal(140, 45)
        await settle(pilot)
        pane = app.chat.pane
        assert pane.max_scroll_y > 0 and pane.scroll_y == pane.max_scroll_y
