"""The chat watching its corpus: a new article is re-indexed and found, a deleted one is never cited."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from textual.pilot import Pilot

from qa.engine import Engine
from tests.tui import wait_for
from tui.app import QAApp, make_app
from tui.widgets.question_input import QuestionInput

pytestmark = pytest.mark.anyio

ARTICLE = (
    "Zanzibar lighthouse marks a century of light\n\n"
    "The keeper of the Zanzibar lighthouse, Amina Juma, said: \u2018The lamp has not failed once in forty years.\u2019\n"
)
QUESTION = "What did Amina Juma say about the lamp?"


async def _ask(pilot: Pilot[None], app: QAApp, question: str) -> set[str]:
    """Ask without waiting for every worker (the watcher never completes); the docs the answer cites."""
    count = len(app.chat.exchanges)
    app.screen.query_one(QuestionInput).value = question
    await pilot.press("enter")
    await wait_for(
        pilot, lambda: len(app.chat.exchanges) > count and app.chat.exchanges[-1].answer is not None, 30
    )
    answer = app.chat.exchanges[-1].answer
    assert answer is not None
    return {c.doc for c in answer.citations} | {s.doc for c in answer.citations for s in c.also}


async def test_added_file_is_indexed_and_found_and_a_deleted_one_never_cited(
    corpus_copy: Path, tmp_path: Path, default_index: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shutil.copytree(default_index, tmp_path / "idx")
    app = make_app(Engine(corpus_copy, index_dir=tmp_path / "idx"), watch_corpus=True)
    async with app.run_test(size=(140, 45)) as pilot:
        await wait_for(pilot, lambda: app.phase.answers, 60)
        assert app.chat.status.text == "Ready — 3 articles, 99 paragraphs"
        states: list[str] = []
        set_state = app.chat.status.set_state

        def recording(text: str, kind: str) -> None:
            states.append(text)
            set_state(text, kind)

        monkeypatch.setattr(app.chat.status, "set_state", recording)

        (corpus_copy / "zanzibar.txt").write_text(ARTICLE, encoding="utf-8")
        await wait_for(pilot, lambda: app.chat.status.text == "Ready — 4 articles, 101 paragraphs", 60)
        assert states == ["Corpus changed: re-indexing 1 file…", "Ready — 4 articles, 101 paragraphs"]
        assert "zanzibar.txt" in await _ask(pilot, app, QUESTION)

        (corpus_copy / "zanzibar.txt").unlink()
        assert "zanzibar.txt" not in await _ask(pilot, app, QUESTION)  # at once, re-indexed or not
        await wait_for(pilot, lambda: app.chat.status.text == "Ready — 3 articles, 99 paragraphs", 60)
        assert "zanzibar.txt" not in await _ask(pilot, app, QUESTION)
        assert app.engine.status().state == "fresh"
    assert app._stop_watching.is_set()
