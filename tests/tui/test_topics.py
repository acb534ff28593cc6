"""Where a topic begins, in the chat and the export: after a restart and after "New topic"."""

from __future__ import annotations

import pytest

from qa.engine import Engine
from qa.paths import data_dir
from tests.tui import ask, ready, settle
from tui.app import make_app
from tui.screens.chat import NEW_TOPIC, WELCOME
from tui.widgets.exchange import Exchange

pytestmark = pytest.mark.anyio

SULLIVAN = "What did Sullivan say?"


def pane_kinds(app: object) -> list[str]:
    """The transcript from the top: "turn", "topic", or "welcome"."""
    pane = app.chat.pane  # type: ignore[attr-defined]
    return [
        "turn" if isinstance(w, Exchange) else "topic" if w.has_class("topic") else "welcome"
        for w in pane.children
    ]


async def test_new_topic_and_a_restart_each_show_a_divider(default_engine: Engine) -> None:
    app = make_app(default_engine)
    async with app.run_test(size=(140, 45)) as pilot:
        await ready(pilot)
        await pilot.press("ctrl+n")  # nothing above: no divider
        await ask(pilot, SULLIVAN)
        await pilot.press("ctrl+n")
        await pilot.press("ctrl+n")  # not twice in a row
        await ask(pilot, "What is ATACMS?")
        assert pane_kinds(app) == ["turn", "topic", "turn"]
        assert str(app.chat.pane.children[1].render()) == NEW_TOPIC
    reopened = make_app(default_engine)
    async with reopened.run_test(size=(140, 45)) as pilot:
        await ready(pilot)
        assert pane_kinds(reopened) == ["turn", "topic", "turn", "topic"]
        assert WELCOME not in "".join(str(w.render()) for w in reopened.chat.pane.children)
        await ask(pilot, SULLIVAN)
        assert pane_kinds(reopened) == ["turn", "topic", "turn", "topic", "turn"]
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"export")
        await pilot.pause(0.2)
        await pilot.press("enter")
        await settle(pilot)
        (exported,) = (data_dir() / "exports").glob("*.md")
        assert exported.read_text(encoding="utf-8").count("*New topic") == 2
