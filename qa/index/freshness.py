"""Is the index up to date with the corpus, and what would a build change? Answered without building.

`status` compares file stat data with the manifest (what `open` must do: nothing, update
or build); `plan` reads and hashes what changed, as a build would (`qa index --dry-run`).
Neither loads a model or writes anything.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from qa.errors import IndexStoreError
from qa.index import notes
from qa.index.backend import IndexBackend
from qa.index.changes import IndexPlan, plan_changes, refuse_other_corpus
from qa.index.embedding import ModelRef
from qa.ingest.corpus import Warn, discover, no_articles


@dataclass(frozen=True)
class IndexStatus:
    """What `open` would have to do: nothing (fresh), update (stale) or build (missing)."""

    state: str
    documents: int
    paragraphs: int


def status(backend: IndexBackend, corpus: Path, model: ModelRef, warn: Warn) -> IndexStatus:
    manifest = backend.read_manifest()
    if manifest is None:
        return IndexStatus("missing", 0, 0)
    sources = discover(corpus, warn)
    known = {doc: (e.size, e.mtime_ns) for doc, e in manifest.files.items()}
    known.update({doc: (size, mtime) for doc, (size, mtime) in manifest.skipped.items()})
    same_files = {s.doc: (s.size, s.mtime_ns) for s in sources} == known
    fresh = same_files and manifest.model_fingerprint == model.fingerprint and notes.current(manifest)
    return IndexStatus("fresh" if fresh else "stale", len(manifest.files), manifest.paragraphs)


def plan(
    backend: IndexBackend, corpus: Path, model: ModelRef, warn: Warn, *, rebuild: bool, verify: bool
) -> IndexPlan:
    """What a build would do. Files whose size or time changed are read and hashed, as a build would;
    an index of another model or a damaged one is planned as a build from scratch, as a build would."""
    sources = discover(corpus, warn)
    if not sources:
        raise no_articles(corpus)
    try:
        manifest = None if rebuild else backend.read_manifest()
    except IndexStoreError as error:
        warn(f"{error}; a build would start from scratch")
        manifest = None
    refuse_other_corpus(sources, manifest, corpus, backend.location)
    if manifest is not None and manifest.model_fingerprint != model.fingerprint:
        warn(f"index was built with {manifest.model_name}; every article would be re-embedded")
        manifest = None
    return plan_changes(sources, manifest, warn, verify=verify)[0]
