"""Helpers shared by the Pilot and snapshot tests of the chat app."""

from __future__ import annotations

import time
from collections.abc import Callable

from textual.pilot import Pilot
from textual.widget import Widget

from tui.app import QAApp
from tui.lifecycle import Phase
from tui.widgets.question_input import QuestionInput


async def settle(pilot: Pilot[None]) -> None:
    """Wait until the workers are done and every message they posted has been handled."""
    app = pilot.app
    for _ in range(3):
        await app.workers.wait_for_complete()
        await pilot.pause()


def phase(app: QAApp) -> Phase:
    """The app's phase, read afresh at each call (mypy would keep an earlier `is` check's narrowing)."""
    return app.phase


async def ready(pilot: Pilot[None]) -> QAApp:
    app = pilot.app
    assert isinstance(app, QAApp)
    await settle(pilot)
    assert app.phase is Phase.READY, app.chat.status.text
    return app


async def ask(pilot: Pilot[None], question: str) -> None:
    """Put `question` in the box (typing each key is slow) and press Enter like a person."""
    pilot.app.screen.query_one(QuestionInput).value = question
    await pilot.press("enter")
    await settle(pilot)


async def wait_for(pilot: Pilot[None], condition: Callable[[], bool], timeout: float = 10.0) -> None:
    """Poll the UI until `condition` holds, without waiting for unrelated (blocked) workers."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("timed out waiting for the app")
        await pilot.pause(0.02)
    await pilot.pause()


def marker_offset(widget: Widget, action: str) -> tuple[int, int]:
    """Where in `widget` the text carrying the `@click` action is drawn (to click it like a person)."""
    for y in range(widget.region.height):
        for x in range(widget.region.width):
            if widget.get_style_at(x, y).meta.get("@click") == action:
                return x, y
    raise AssertionError(f"no {action!r} in {widget!r}")
