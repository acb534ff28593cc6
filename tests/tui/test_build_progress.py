"""A first run builds the index before the chat can answer: the status line says each step."""

from __future__ import annotations

from pathlib import Path

import pytest

from qa.engine import READING, Engine
from tests.tui import ready
from tui.app import make_app
from tui.jobs import BUILDING
from tui.widgets.status import SAVING, StatusBar, embedding_text

pytestmark = pytest.mark.anyio


async def test_first_build_says_each_step(
    corpus_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for extra in corpus_copy.iterdir():  # one article is enough to see the steps
        if extra.name != "003_76f546fea674f369.txt":
            extra.unlink()
    states: list[str] = []
    set_state = StatusBar.set_state

    def record(self: StatusBar, text: str, kind: str) -> None:
        states.append(text)
        set_state(self, text, kind)

    monkeypatch.setattr(StatusBar, "set_state", record)
    app = make_app(Engine(corpus_copy, index_dir=tmp_path / "idx"))
    async with app.run_test(size=(80, 24)) as pilot:
        await ready(pilot)
    assert states[0] == BUILDING  # before the model loads, which is most of the wait
    assert SAVING in states and states[-1].startswith("Ready — 1 article")


def test_embedding_step_counts_passages_then_says_what_follows() -> None:
    assert embedding_text(32, 99) == "Embedding passages 32/99…"
    assert embedding_text(99, 99) == SAVING
    assert embedding_text(600, 2000, READING) == "Reading who said what 600/2,000 paragraphs…"
