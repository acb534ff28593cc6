"""Annotation over worker processes: the notes one process gives, in order, and no worker left behind."""

import multiprocessing
import threading

import pytest

from qa.attribution import workers
from qa.attribution.annotations import annotate_all
from qa.errors import Cancelled
from qa.ingest.paragraphs import Paragraph

ARTICLES = [
    [
        "Jane Smith met the union on Monday.",
        "“We will not accept this offer,” she said, adding that talks would resume.",
    ],
    ["The council said in a statement that the bridge would close for repairs."],
    [
        "Chief executive Ravi Patel told reporters profits had risen to $17m.",
        "According to Mr Patel, the firm will hire 200 staff in Leeds.",
        "The shares rose 4% on Tuesday.",
    ],
    ["“It is a good start,” said Treasurer Jim Chalmers."],
]


def documents() -> list[list[Paragraph]]:
    return [
        [Paragraph(f"d{n}.txt", i, i + 1, 0, text) for i, text in enumerate(texts)]
        for n, texts in enumerate(ARTICLES)
    ]


def test_chunks_keep_whole_articles_in_order():
    docs = documents()
    groups = workers.chunks(docs, 2)
    assert [d for group in groups for d in group] == docs
    assert all(sum(len(d) for d in group) >= 2 for group in groups[:-1])
    assert [len(group) for group in groups] == [1, 2, 1]


def test_workers_give_the_notes_one_process_gives(monkeypatch):
    monkeypatch.setattr(workers, "CHUNK", 1)  # one article per chunk: every worker gets some
    docs = documents()
    spread = workers.annotate_many(docs, workers=2)
    assert spread == annotate_all(docs)
    assert any(note.quotes for note in spread) and any(note.entities for note in spread)
    assert not multiprocessing.active_children()


def test_a_small_job_stays_in_this_process(monkeypatch):
    def no_pool(*_args: object) -> None:
        raise AssertionError("a pool was started for a small job")

    monkeypatch.setattr(multiprocessing, "get_context", no_pool)
    assert len(workers.annotate_many(documents())) == len(ARTICLES)


def test_a_stopped_job_ends_its_workers(monkeypatch):
    monkeypatch.setattr(workers, "CHUNK", 1)
    stop = threading.Event()
    stop.set()  # the build was cancelled before the first chunk came back
    with pytest.raises(Cancelled):
        workers.annotate_many(documents(), stop, workers=2)
    assert not multiprocessing.active_children()


def test_the_paragraphs_read_are_told_after_each_chunk(monkeypatch):
    monkeypatch.setattr(workers, "CHUNK", 2)
    told: list[int] = []
    notes = workers.annotate_many(documents(), read=told.append)
    assert notes == annotate_all(documents())
    assert told == [2, 6, 7]  # whole articles per chunk (2, then 1 + 3, then 1), counted in paragraphs


def test_a_stopped_job_in_this_process_stops_between_chunks(monkeypatch):
    monkeypatch.setattr(workers, "CHUNK", 1)
    stop = threading.Event()
    stop.set()
    with pytest.raises(Cancelled):
        workers.annotate_many(documents(), stop)


def test_reading_that_outlasts_the_embedding_is_reported():
    from qa.index import notes
    from qa.index.passages import READING, IndexProgress

    docs = {f"d{n}.txt": paragraphs for n, paragraphs in enumerate(documents())}
    seen: list[IndexProgress] = []
    result, found = notes.beside(docs, lambda: "vectors", seen.append)  # the embedding ends at once
    assert result == "vectors" and list(found.values()) == annotate_all(documents())
    assert seen and {p.step for p in seen} == {READING} and {p.total for p in seen} == {7}
