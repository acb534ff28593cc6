"""Attribution and flags for a build: parsed beside embedding, or redone alone when the rules change.

Parsing with spaCy is the second cost of a build after embedding. The two run at once
(annotation in a thread, spread over worker processes when the job is large, see
`qa.attribution.workers`), and when only the
attribution rules changed (ATTRIBUTION_VERSION) every stored article is re-annotated
from the paragraphs the index holds, with nothing embedded again.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, replace
from typing import TypeVar

import numpy as np

from qa.attribution import annotations as rules
from qa.attribution.annotations import DocumentNotes
from qa.attribution.workers import annotate_many
from qa.errors import Cancelled
from qa.index import store
from qa.index.manifest import Manifest
from qa.index.passages import READING, IndexProgress, Progress
from qa.ingest.paragraphs import Paragraph

T = TypeVar("T")
WAIT_REPORT = 0.5  # seconds between reports of the reading left once the embedding is done


def beside(
    documents: Mapping[str, Sequence[Paragraph]],
    work: Callable[[], T],
    progress: Progress | None = None,
    cancel: threading.Event | None = None,
) -> tuple[T, dict[str, DocumentNotes]]:
    """Run `work` (the embedding) while the documents are annotated; both results.

    When the embedding ends first, the paragraphs still being read are reported, so a build
    never sits silent while spaCy finishes.
    """
    stop = threading.Event()
    read = [0]  # paragraphs read so far, set by the annotating thread
    total = sum(len(paragraphs) for paragraphs in documents.values())
    started = time.monotonic()

    def count(paragraphs: int) -> None:
        read[0] = paragraphs

    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="qa-annotate") as pool:
        future: Future[list[DocumentNotes]] = pool.submit(
            annotate_many, list(documents.values()), stop, None, count
        )
        try:
            result = work()
            waiting = Waiting(future, read, total, started)
            notes = waiting.result(progress, cancel)
        except BaseException:
            stop.set()  # the workers are stopped after their current chunk, not left to finish
            raise
    return result, dict(zip(documents, notes, strict=True))


@dataclass(frozen=True)
class Waiting:
    """The annotation still running after the embedding, and how far it has read."""

    future: Future[list[DocumentNotes]]
    read: list[int]
    total: int
    started: float

    def result(self, progress: Progress | None, cancel: threading.Event | None) -> list[DocumentNotes]:
        """The notes, reporting the paragraphs read until they come."""
        while not self.future.done():
            if cancel is not None and cancel.is_set():
                raise Cancelled("indexing cancelled; the previous index is unchanged")
            if progress is not None:
                progress(IndexProgress(self.read[0], self.total, self.started, READING))
            try:
                return self.future.result(timeout=WAIT_REPORT)
            except TimeoutError:
                continue
        return self.future.result()


def current(manifest: Manifest) -> bool:
    """Was the index's attribution made by the rules of this qa (read when asked, one constant)?"""
    return manifest.attribution == rules.ATTRIBUTION_VERSION


def reannotated(snapshot: store.Snapshot) -> store.Snapshot:
    """The same generation with every article's attribution and flags made by the current rules."""
    entries = list(snapshot.documents.items())  # the store keeps them in row order
    documents = [snapshot.article(doc) for doc, _ in entries]
    notes = annotate_many(documents)
    quotes = {doc: note.quotes for (doc, _), note in zip(entries, notes, strict=True) if note.quotes}
    flags = np.zeros(len(snapshot.paragraphs), np.uint8)
    for (_, entry), note in zip(entries, notes, strict=True):
        flags[entry.first_paragraph : entry.first_paragraph + entry.paragraphs] = note.flags
    manifest = replace(snapshot.manifest, attribution=rules.ATTRIBUTION_VERSION)
    entities = rules.entities_array(notes)
    return replace(snapshot, manifest=manifest, quotes=quotes, flags=flags, entities=entities)
