"""Typing questions as a person does: a fast burst, and a question the engine refuses."""

from __future__ import annotations

import pytest
from textual import events

from qa.engine import Engine
from tests.tui import ready, settle
from tui.app import make_app
from tui.widgets.question_input import QuestionInput

pytestmark = pytest.mark.anyio

FIRST = "When is the NATO summit?"
SECOND = "What is ATACMS?"


def burst(text: str) -> list[events.Key]:
    """Key events as a fast typist or a paste sends them: all queued before the first is handled."""
    names = {" ": "space", "?": "question_mark", "\r": "enter"}
    return [events.Key(names.get(ch, ch), None if ch == "\r" else ch) for ch in text]


async def test_a_burst_of_two_questions_is_two_turns(default_engine: Engine) -> None:
    app = make_app(default_engine)
    async with app.run_test(size=(140, 45)) as pilot:
        await ready(pilot)
        for key in burst(f"{FIRST}\r{SECOND}\r"):
            app.post_message(key)
        await settle(pilot)
        assert [e.question for e in app.chat.exchanges] == [FIRST, SECOND]
        assert [e.answer.question for e in app.chat.exchanges if e.answer] == [FIRST, SECOND]
        assert app.chat.query_one(QuestionInput).value == ""


@pytest.mark.parametrize("question", ["since:someday What did Sullivan say?", "why " * 600])
async def test_a_refused_question_stays_in_the_box_to_be_fixed(default_engine: Engine, question: str) -> None:
    app = make_app(default_engine)
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
        app.chat.query_one(QuestionInput).value = question
        await pilot.press("enter")
        await settle(pilot)
        assert app.chat.exchanges == []
        assert [n.title for n in app._notifications] == ["Not asked"]
        assert app.chat.query_one(QuestionInput).value == question.strip()
