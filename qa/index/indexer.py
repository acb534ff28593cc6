"""Incremental index builds: embed only what is new or changed, keep the rest.

What changed is decided by `qa.index.changes`; new paragraphs are cut into passages and
embedded by `qa.index.passages`; `qa.index.layout` lays the new generation out, copying
the vectors of unchanged files from the previous one, so editing one article re-embeds
only it; `qa.index.store` writes it atomically.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path

import numpy as np

from qa.errors import Cancelled, CorpusError, IndexStoreError
from qa.index import notes, ray_embed, store
from qa.index.backend import IndexBackend
from qa.index.changes import IndexPlan, plan_changes, refuse_other_corpus
from qa.index.embedding import BuildEncoder, ModelRef, index_encoder
from qa.index.layout import Fresh, assemble
from qa.index.manifest import Manifest
from qa.index.onnx import OnnxEncoder
from qa.index.passages import Passages, Progress, embed, split
from qa.index.ray_embed import RayTarget
from qa.ingest.articles import articles_of
from qa.ingest.corpus import SourceFile, Warn, discover, no_articles


@dataclass(frozen=True)
class IndexSummary:
    plan: IndexPlan
    paragraphs: int
    embedded: int
    seconds: float
    location: str | None  # the generation's folder, or its Milvus name
    onnx: bool = field(default=False)


def build(
    corpus: Path,
    backend: IndexBackend,
    model: ModelRef,
    *,
    rebuild: bool = False,
    progress: Progress | None = None,
    cancel: threading.Event | None = None,
    warn: Warn,
    ray: RayTarget | None = None,
) -> IndexSummary:
    """Bring the index in `backend` up to date with `corpus`; a no-op when nothing changed."""
    started = time.monotonic()
    with backend.locked(waiting=warn):
        sources = discover(corpus, warn)
        if not sources:
            raise no_articles(corpus)
        if not rebuild:
            refuse_other_corpus(sources, _manifest(backend), corpus, backend.location)
        previous = None if rebuild else _previous(backend, model, warn)
        manifest = previous.manifest if previous else None
        plan, read = plan_changes(sources, manifest, warn)
        if not (plan.added or plan.changed or plan.unchanged):
            raise CorpusError(f"no readable articles in {corpus}")
        stats = {source.doc: source for source in sources}
        present = {*plan.added, *plan.changed, *plan.unchanged}
        skipped = {s.doc: [s.size, s.mtime_ns] for s in sources if s.doc not in present}
        stale_notes = previous is not None and not notes.current(previous.manifest)
        if previous is not None and stale_notes:
            previous = notes.reannotated(previous)  # the rules changed: nothing is re-embedded
        if previous is not None and plan.up_to_date:
            if read or skipped != previous.manifest.skipped or stale_notes:
                _restamp(backend, previous, [stats[doc] for doc in read if doc in present], skipped)
            return IndexSummary(plan, len(previous.paragraphs), 0, time.monotonic() - started, None)
        articles = {file: articles_of(read[file], warn) for file in (*plan.added, *plan.changed)}
        fresh = {a.doc: list(a.paragraphs) for found in articles.values() for a in found}  # by article
        encoder = index_encoder(model)
        todo = [paragraph for paragraphs in fresh.values() for paragraph in paragraphs]
        pieces = split(todo, encoder)
        work = _embedding(model, encoder, pieces, ray, progress, cancel)
        vectors, fresh_notes = notes.beside(fresh, work, progress, cancel)
        snapshot = assemble(
            corpus,
            model,
            encoder,
            previous,
            plan,
            stats,
            Fresh(read, articles, pieces.owners, vectors, fresh_notes),
        )
        if cancel is not None and cancel.is_set():
            raise Cancelled("indexing cancelled; the previous index is unchanged")
        snapshot = replace(snapshot, manifest=replace(snapshot.manifest, skipped=skipped))
        location = backend.write(snapshot)
        return IndexSummary(
            plan,
            len(snapshot.paragraphs),
            len(pieces.texts),
            time.monotonic() - started,
            location,
            isinstance(encoder, OnnxEncoder),  # questions load the export too
        )


def _embedding(
    model: ModelRef,
    encoder: BuildEncoder,
    pieces: Passages,
    ray: RayTarget | None,
    progress: Progress | None,
    cancel: threading.Event | None,
) -> Callable[[], np.ndarray]:
    """The build's embedding, in this process or by Ray actors over the same batches."""
    if ray is None:
        return partial(embed, encoder, pieces.texts, pieces.tokens, progress, cancel)
    return partial(ray_embed.embed, model, encoder.dim, pieces.texts, pieces.tokens, ray, progress, cancel)


def _manifest(backend: IndexBackend) -> Manifest | None:
    """The live generation's manifest, or None when there is none or it cannot be read (rebuilt below)."""
    try:
        return backend.read_manifest()
    except IndexStoreError:
        return None


def _previous(backend: IndexBackend, model: ModelRef, warn: Warn) -> store.Snapshot | None:
    """The live generation if it can be built upon: same model, loads cleanly."""
    try:
        previous = backend.load(verify=True)
    except IndexStoreError as error:
        warn(f"{error}; building from scratch")
        return None
    if previous is not None and previous.manifest.model_fingerprint != model.fingerprint:
        warn(f"index was built with {previous.manifest.model_name}; re-embedding with {model.name}")
        return None
    return previous


def _restamp(
    backend: IndexBackend, previous: store.Snapshot, touched: list[SourceFile], skipped: dict[str, list[int]]
) -> None:
    """Files touched but not changed, and the files skipped: record their stat data so that
    neither is read again on every question."""
    files = dict(previous.manifest.files)
    for source in touched:
        files[source.doc] = replace(files[source.doc], size=source.size, mtime_ns=source.mtime_ns)
    manifest = replace(previous.manifest, files=files, skipped=skipped)
    backend.write(replace(previous, manifest=manifest))
