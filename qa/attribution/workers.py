"""Annotation spread over processes: spaCy and the attribution rules keep one core busy each.

A build's second cost after embedding is spaCy's parse, and it runs on one core; the
rules after it are Python, held to one core by the GIL. Articles are independent
(attribution never looks across them), so a large job is cut into chunks of whole
articles and annotated by a pool of spawned workers, each loading spaCy once, with the
results returned in article order. A small job stays in this process, since a worker
costs a Python start and a spaCy load (about 1.5 s). Workers ignore Ctrl-C: the parent
terminates them, so an interrupted build leaves no process behind and prints no trace.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import threading
from collections.abc import Callable, Iterable, Sequence

from qa.attribution.annotations import DocumentNotes, annotate_all
from qa.errors import Cancelled
from qa.ingest.paragraphs import Paragraph

# paragraphs: below this, one process is as fast (measured here: workers lose at 300 paragraphs, win 6-10% at 1,300)
PARALLEL_FROM = 1000
CHUNK = 120  # paragraphs a worker takes at a time: small enough that a cancel waits at most a second or two


def cores() -> int:
    """The cores this process may run on (a container's limit, not the host's count)."""
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return max(1, os.cpu_count() or 1)


def chunks(documents: Sequence[Sequence[Paragraph]], size: int) -> list[list[Sequence[Paragraph]]]:
    """Consecutive whole articles, grouped until a group holds at least `size` paragraphs."""
    groups: list[list[Sequence[Paragraph]]] = []
    current: list[Sequence[Paragraph]] = []
    count = 0
    for paragraphs in documents:
        current.append(paragraphs)
        count += len(paragraphs)
        if count >= size:
            groups.append(current)
            current, count = [], 0
    if current:
        groups.append(current)
    return groups


def _ignore_interrupts() -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def annotate_many(
    documents: Sequence[Sequence[Paragraph]],
    stop: threading.Event | None = None,
    workers: int | None = None,
    read: Callable[[int], None] | None = None,
) -> list[DocumentNotes]:
    """Every document's notes, in order; over `workers` processes (by default one per core, for a
    large job). `read` is told the paragraphs read so far after each chunk."""
    paragraphs = sum(len(d) for d in documents)
    if workers is None:
        workers = cores() if paragraphs >= PARALLEL_FROM else 1
    parts = chunks(documents, CHUNK)
    if workers <= 1 or len(parts) <= 1:
        return _gathered(map(annotate_all, parts), stop, read)
    pool = multiprocessing.get_context("spawn").Pool(min(workers, len(parts)), _ignore_interrupts)
    try:
        notes = _gathered(pool.imap(annotate_all, parts), stop, read)
        pool.close()
        return notes
    except BaseException:
        pool.terminate()
        raise
    finally:
        pool.join()


def _gathered(
    parts: Iterable[list[DocumentNotes]], stop: threading.Event | None, read: Callable[[int], None] | None
) -> list[DocumentNotes]:
    notes: list[DocumentNotes] = []
    count = 0
    for part in parts:
        if stop is not None and stop.is_set():
            raise Cancelled("indexing cancelled; the previous index is unchanged")
        notes.extend(part)
        count += sum(len(n.flags) for n in part)
        if read is not None:
            read(count)
    return notes
