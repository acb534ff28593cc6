"""Follow-up questions in the chat: read against the open conversation, shown as read, reset by New topic."""

from __future__ import annotations

import json

import pytest

from qa.engine import Engine
from qa.transcript import transcript_path
from tests.tui import ask, ready
from tui.app import make_app

pytestmark = pytest.mark.anyio
WIDE = (140, 45)


async def test_follow_up_is_shown_as_read_and_new_topic_resets(default_engine: Engine) -> None:
    app = make_app(default_engine)
    async with app.run_test(size=WIDE) as pilot:
        await ready(pilot)
        await ask(pilot, "What did Sullivan say?")
        await ask(pilot, "what about Tom Sharpe?")
        second = app.chat.exchanges[-1]
        assert second.answer is not None and second.answer.resolved_question == "What did Tom Sharpe say?"
        assert "Reading this as: What did Tom Sharpe say?" in second.answer_view.render().plain
        first_shown = app.chat.exchanges[0].answer_view.render().plain
        assert "Reading this as" not in first_shown  # a question that stands alone is not restated

        await pilot.press("ctrl+n")
        await ask(pilot, "did he mention Putin?")
        third = app.chat.exchanges[-1]
        assert third.answer is not None and third.answer.resolved_question == "did he mention Putin?"
        assert "Reading this as" not in third.answer_view.render().plain
        # no one in the new topic for "he" to be: asked who is meant, naming the latest he first
        assert third.answer.unclear == "he" and not third.answer.citations
        assert third.answer.text.startswith("Who do you mean by “he”? Named before this topic: Tom Sharpe,")
        assert "not answered: say who is meant" in third.answer_view.render().plain

        saved = json.loads(transcript_path(default_engine.corpus).read_text(encoding="utf-8"))
        assert [turn["topic"] for turn in saved["turns"]] == [0, 0, 1]
        assert saved["turns"][1]["answer"]["resolved_question"] == "What did Tom Sharpe say?"


async def test_did_he_mention_is_answered_yes_or_no_and_what_else_keeps_to_him(
    default_engine: Engine,
) -> None:
    app = make_app(default_engine)
    async with app.run_test(size=WIDE) as pilot:
        await ready(pilot)
        await ask(pilot, "What did Sullivan say?")
        await ask(pilot, "did he mention Russia?")
        shown = app.chat.exchanges[-1].answer_view.render().plain
        assert "Reading this as: Did Jake Sullivan mention Russia?" in shown
        assert "No: none of Jake Sullivan’s 3 quotes mention Russia [1] [2] [3]." in shown
        await ask(pilot, "What did Jake Sullivan say about Russia?")
        await ask(pilot, "what else?")
        more = app.chat.exchanges[-1].answer
        assert more is not None and not more.citations  # no White House words, no caption about Putin
        assert "Nothing more to show" in app.chat.exchanges[-1].answer_view.render().plain
