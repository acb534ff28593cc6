"""The light theme: the confidence line readable; the chosen theme kept after a restart."""

from __future__ import annotations

import pytest
from textual.color import Color

from qa.engine import Engine
from tests.tui import ask, ready
from tui.app import make_app
from tui.widgets.exchange import AnswerView

pytestmark = pytest.mark.anyio


def contrast(a: Color, b: Color) -> float:
    """The ratio of the lighter colour's brightness to the darker's (1 when they are the same)."""
    light, dark = sorted((a.brightness, b.brightness), reverse=True)
    return (light + 0.05) / (dark + 0.05)


async def test_light_theme_confidence_readable_and_kept(default_engine: Engine) -> None:
    app = make_app(default_engine)
    async with app.run_test(size=(140, 45)) as pilot:
        app.theme = "textual-light"
        await ready(pilot)
        await ask(pilot, "What did Sullivan say?")
        view = app.chat.query_one(AnswerView)
        (segment,) = [
            segment
            for y in range(view.region.height)
            for segment in view.render_line(y)
            if "confidence" in segment.text
        ]
        style = segment.style
        assert style is not None and style.color is not None and style.bgcolor is not None
        foreground, background = (Color.from_rich_color(c) for c in (style.color, style.bgcolor))
        assert contrast(foreground, background) >= 2.0, (foreground, background)
    reopened = make_app(default_engine)
    async with reopened.run_test(size=(140, 45)) as pilot:
        await ready(pilot)
        assert reopened.theme == "textual-light"
