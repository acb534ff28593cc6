"""A card whose article was deleted since the answer is marked as gone, and opening it says so."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from qa.engine import Engine
from tests.tui import ask, ready, settle
from tui.app import make_app
from tui.screens.reader import ReaderScreen
from tui.widgets.citation_card import GONE, CitationCard

pytestmark = pytest.mark.anyio


async def test_cards_of_a_deleted_article_are_marked_gone(
    corpus_copy: Path, tmp_path: Path, default_index: Path
) -> None:
    shutil.copytree(default_index, tmp_path / "idx")
    app = make_app(Engine(corpus_copy, index_dir=tmp_path / "idx"))
    async with app.run_test(size=(140, 45)) as pilot:
        await ready(pilot)
        await ask(pilot, "What did Sullivan say?")
        cards = list(app.chat.query(CitationCard))
        deleted = cards[0].citation.doc
        (corpus_copy / deleted).unlink()
        app.action_reindex()
        await settle(pilot)
        gone = [card for card in app.chat.query(CitationCard) if card.has_class("-gone")]
        assert gone and all(card.citation.doc == deleted for card in gone)
        assert GONE in str(gone[0].query_one(".where").render())
        gone[0].focus()
        await pilot.press("enter")
        await settle(pilot)
        assert not isinstance(app.screen, ReaderScreen)
        assert any("deleted" in n.message for n in app._notifications)
        await pilot.press(str(gone[0].citation.n))  # a digit opens by number: told, not failed
        await settle(pilot)
        assert not isinstance(app.screen, ReaderScreen)
        assert any("no longer in the corpus" in n.message for n in app._notifications)
