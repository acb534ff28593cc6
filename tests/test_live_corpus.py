"""A corpus that changes under a loaded index: the watcher notices, and answers never cite a gone file."""

from __future__ import annotations

import json
import shutil
import threading
import time
from pathlib import Path

import pytest
from textual.message import Message

from qa.engine import Engine
from tui.watch import CorpusChanged, is_article, watch

SULLIVAN = "What did Sullivan say?"


@pytest.fixture
def own_engine(corpus_copy: Path, tmp_path: Path, default_index: Path) -> Engine:
    shutil.copytree(default_index, tmp_path / "idx")
    engine = Engine(corpus_copy, index_dir=tmp_path / "idx")
    engine.open()
    return engine


def test_a_deleted_file_is_not_cited_before_the_reindex(own_engine):
    before = own_engine.ask(SULLIVAN)
    cited = before.citations[0].doc
    assert cited in {c.doc for c in before.citations}
    (own_engine.corpus / cited).unlink()
    after = own_engine.ask(SULLIVAN)
    docs = {c.doc for c in after.citations} | {s.doc for c in after.citations for s in c.also}
    assert cited not in docs
    assert after.citations and all((own_engine.corpus / doc).is_file() for doc in docs)
    assert own_engine.status().state == "stale"  # nothing was re-indexed behind the user's back


def test_every_file_gone_leaves_no_citation(own_engine):
    for path in own_engine.corpus.iterdir():
        path.unlink()
    assert own_engine.ask(SULLIVAN).citations == ()


def test_only_article_files_count(tmp_path):
    root = tmp_path
    assert is_article(root / "a.txt", root) and is_article(root / "sub" / "b.MD", root)
    assert not is_article(root / "photo.png", root)
    assert not is_article(root / ".draft.txt", root) and not is_article(root / ".git" / "x.txt", root)
    assert not is_article(tmp_path.parent / "elsewhere.txt", root)
    assert not is_article(root / "idx" / "gen-1" / "notes.txt", root, ignore=root / "idx")


def test_the_watcher_reports_a_burst_of_changes_once_and_stops(tmp_path):
    corpus = tmp_path / "corpus"
    (corpus / "sub").mkdir(parents=True)
    (corpus / "old.txt").write_text("Old.\n")
    seen: list[Message] = []
    stop = threading.Event()
    worker = threading.Thread(target=watch, args=(corpus, stop, seen.append), daemon=True)
    worker.start()
    time.sleep(0.5)  # the notifier is set up
    (corpus / "new.txt").write_text("New.\n")
    (corpus / "sub" / "deep.md").write_text("Deep.\n")
    (corpus / "old.txt").unlink()
    (corpus / "ignored.png").write_text("not an article")
    (corpus / ".hidden.txt").write_text("Hidden.\n")
    deadline = time.monotonic() + 10
    while not seen and time.monotonic() < deadline:
        time.sleep(0.05)
    time.sleep(0.5)
    assert [m.docs for m in seen if isinstance(m, CorpusChanged)] == [("new.txt", "old.txt", "sub/deep.md")]
    stop.set()
    worker.join(timeout=2)
    assert not worker.is_alive()


def test_a_deleted_dump_takes_all_its_records_out_of_the_answers(corpus_copy, tmp_path):
    record = {
        "title": "Lighthouse",
        "text": "The keeper Amina Juma said: 'The lamp has not failed in forty years.'",
    }
    (corpus_copy / "dump.jsonl").write_text(
        json.dumps(record) + "\n" + json.dumps(record | {"title": "Again"}) + "\n"
    )
    engine = Engine(corpus_copy, index_dir=tmp_path / "idx")
    engine.open()
    question = "What did Amina Juma say about the lamp?"
    assert any(c.doc.startswith("dump.jsonl#") for c in engine.ask(question).citations)
    (corpus_copy / "dump.jsonl").unlink()
    answer = engine.ask(question)
    docs = {c.doc for c in answer.citations} | {s.doc for c in answer.citations for s in c.also}
    assert not any(doc.startswith("dump.jsonl") for doc in docs)
