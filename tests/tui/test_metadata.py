"""The chat shows what is known of a cited article (title, outlet, date, URL) on its card and in the reader,
and a filter typed in the chat box narrows the answer as it does in `qa ask`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from qa.engine import Engine
from tests.tui import ask, ready, settle, wait_for
from tui.app import make_app
from tui.screens.reader import ReaderScreen
from tui.widgets.citation_card import CitationCard

pytestmark = pytest.mark.anyio

RECORDS = [
    {
        "headline": "Ferry timetable changes",
        "outlet": "Harbour Gazette",
        "published": "2024-09-03",
        "url": "https://gazette.example/ferry",
        "body": "The ferry timetable changes on Monday, harbour officials said.\n\nSailings leave every hour.",
    },
    {"headline": "Lighthouse keeper retires", "body": "The lighthouse keeper retired after forty years."},
]
SUMMARY = "Ferry timetable changes · Harbour Gazette · 2024-09-03 · https://gazette.example/ferry"


@pytest.fixture(scope="module")
def dump_engine(tmp_path_factory: pytest.TempPathFactory, session_cache: Path) -> Engine:
    corpus = tmp_path_factory.mktemp("dump-corpus")
    (corpus / "news.jsonl").write_text("".join(json.dumps(r) + "\n" for r in RECORDS), encoding="utf-8")
    mp = pytest.MonkeyPatch()
    mp.setenv("QA_CACHE_DIR", str(session_cache))
    engine = Engine(corpus, index_dir=tmp_path_factory.mktemp("dump-index"))
    engine.index()
    mp.undo()
    return engine


async def test_card_and_reader_show_the_article_metadata(dump_engine: Engine) -> None:
    app = make_app(dump_engine, k=3)  # every paragraph of the corpus is cited
    async with app.run_test(size=(140, 45)) as pilot:
        await ready(pilot)
        await ask(pilot, "When does the ferry timetable change?")
        cards = list(app.chat.query(CitationCard))
        ferry = next(card for card in cards if card.citation.doc == "news.jsonl#0")
        assert SUMMARY in str(ferry.query_one(".about").render())
        (lighthouse,) = [card for card in cards if card.citation.doc == "news.jsonl#1"]
        assert (
            str(lighthouse.query_one(".about").render()) == "Lighthouse keeper retires"
        )  # only what is known
        ferry.focus()
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, ReaderScreen))
        await settle(pilot)
        assert SUMMARY in str(app.screen.query_one("#reader-title").render())


async def test_a_filter_typed_in_the_chat_box(dump_engine: Engine) -> None:
    app = make_app(dump_engine, k=2)
    async with app.run_test(size=(140, 45)) as pilot:
        await ready(pilot)
        await ask(pilot, "What happened? doc:news.jsonl#1")
        (exchange,) = app.chat.exchanges
        assert exchange.answer is not None
        assert {c.doc for c in exchange.answer.citations} == {"news.jsonl#1"}
