"""What the main screens look like, at 80x24 and 140x45 (update with `pytest --snapshot-update`).

Every screen is captured after the workers have finished, with the cursor not
blinking, so nothing in it depends on timing.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Input

from qa.engine import Engine
from tests.tui import ask, ready, settle
from tui.app import make_app

SIZES = pytest.mark.parametrize("size", [(80, 24), (140, 45)], ids=["80x24", "140x45"])
Steps = Callable[[Pilot[None]], Awaitable[None]]


def steady(steps: Steps | None = None) -> Steps:
    """Wait for the engine, run `steps`, then stop the cursor blinking for a stable picture."""

    async def run_before(pilot: Pilot[None]) -> None:
        await ready(pilot)
        if steps is not None:
            await steps(pilot)
        for box in pilot.app.query(Input):
            box.cursor_blink = False
        await settle(pilot)

    return run_before


async def ask_sullivan(pilot: Pilot[None]) -> None:
    await ask(pilot, "What did Sullivan say?")


@SIZES
class TestStartup:
    def test_ready_and_empty(self, snap_compare: Any, default_engine: Engine, size: tuple[int, int]) -> None:
        assert snap_compare(make_app(default_engine), terminal_size=size, run_before=steady())


@SIZES
class TestAnswer:
    def test_answer_with_citation_cards(
        self, snap_compare: Any, default_engine: Engine, size: tuple[int, int]
    ) -> None:
        assert snap_compare(make_app(default_engine), terminal_size=size, run_before=steady(ask_sullivan))

    def test_card_focused(self, snap_compare: Any, default_engine: Engine, size: tuple[int, int]) -> None:
        async def focus_second_card(pilot: Pilot[None]) -> None:
            await ask_sullivan(pilot)
            await pilot.press("tab", "down")

        assert snap_compare(
            make_app(default_engine), terminal_size=size, run_before=steady(focus_second_card)
        )


@SIZES
class TestAbstention:
    def test_closest_not_an_answer(
        self, snap_compare: Any, default_engine: Engine, size: tuple[int, int]
    ) -> None:
        async def off_topic(pilot: Pilot[None]) -> None:
            await ask(pilot, "Who won the 1998 football world cup?")

        assert snap_compare(make_app(default_engine), terminal_size=size, run_before=steady(off_topic))


@SIZES
class TestReader:
    def test_source_at_the_cited_paragraph(
        self, snap_compare: Any, default_engine: Engine, size: tuple[int, int]
    ) -> None:
        async def open_second(pilot: Pilot[None]) -> None:
            await ask_sullivan(pilot)
            await pilot.press("tab", "2")
            await settle(pilot)

        assert snap_compare(make_app(default_engine), terminal_size=size, run_before=steady(open_second))

    def test_long_article_scrolled_to_the_citation(
        self, snap_compare: Any, default_engine: Engine, size: tuple[int, int]
    ) -> None:
        async def open_fourth(pilot: Pilot[None]) -> None:
            await ask_sullivan(pilot)
            await pilot.press("tab", "4")
            await settle(pilot)

        assert snap_compare(make_app(default_engine), terminal_size=size, run_before=steady(open_fourth))


@SIZES
class TestHelp:
    def test_keys(self, snap_compare: Any, default_engine: Engine, size: tuple[int, int]) -> None:
        async def help_screen(pilot: Pilot[None]) -> None:
            await pilot.press("f1")

        assert snap_compare(make_app(default_engine), terminal_size=size, run_before=steady(help_screen))


@SIZES
class TestPeople:
    def test_person_chosen(self, snap_compare: Any, default_engine: Engine, size: tuple[int, int]) -> None:
        async def choose_sharpe(pilot: Pilot[None]) -> None:
            await pilot.press("f2")
            await settle(pilot)
            await pilot.press(*"sharpe", "enter")
            await settle(pilot)

        assert snap_compare(make_app(default_engine), terminal_size=size, run_before=steady(choose_sharpe))
