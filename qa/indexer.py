"""Incremental index builds: embed only what is new or changed, keep the rest.

A file whose size and modification time match the manifest is taken as unchanged
without reading it; otherwise its content hash decides. Vectors of unchanged files
are copied from the previous generation, so editing one article re-embeds only it.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from importlib.metadata import version
from pathlib import Path

import numpy as np

from qa import dense, lexical, store, text
from qa.annotations import DocumentNotes, annotate, flags_array
from qa.corpus import Document, SourceFile, Warn, discover, read_document
from qa.embedding import ModelRef, SentenceTransformerEncoder, export_onnx, index_encoder
from qa.errors import Cancelled, CorpusError, IndexStoreError
from qa.paragraphs import Paragraph, split_paragraphs

CHUNK = 128  # windows per encode call: large enough to batch well, small enough for a live bar


@dataclass(frozen=True)
class IndexProgress:
    """Reported while embedding: paragraphs (windows) done of total."""

    done: int
    total: int
    started: float

    @property
    def rate(self) -> float:
        elapsed = time.monotonic() - self.started
        return self.done / elapsed if elapsed > 0 else 0.0


@dataclass(frozen=True)
class IndexPlan:
    added: tuple[str, ...] = ()
    changed: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()
    unchanged: tuple[str, ...] = ()

    @property
    def up_to_date(self) -> bool:
        return not (self.added or self.changed or self.removed)


@dataclass(frozen=True)
class IndexSummary:
    plan: IndexPlan
    paragraphs: int
    embedded: int
    seconds: float
    path: Path | None
    onnx: bool = field(default=False)


Progress = Callable[[IndexProgress], None]


def _unchanged_by_stat(source: SourceFile, entry: store.FileEntry | None) -> bool:
    return entry is not None and entry.size == source.size and entry.mtime_ns == source.mtime_ns


def plan_changes(
    sources: Sequence[SourceFile], manifest: store.Manifest | None, warn: Warn
) -> tuple[IndexPlan, dict[str, Document]]:
    """Decide what changed; returns the plan and the documents that had to be read for it."""
    old = manifest.files if manifest else {}
    added: list[str] = []
    changed: list[str] = []
    unchanged: list[str] = []
    read: dict[str, Document] = {}
    for source in sources:
        entry = old.get(source.doc)
        if _unchanged_by_stat(source, entry):
            unchanged.append(source.doc)
            continue
        document = read_document(source, warn)
        if document is None:
            continue
        read[source.doc] = document
        if entry is None:
            added.append(source.doc)
        elif entry.sha256 == document.sha256:
            unchanged.append(source.doc)
        else:
            changed.append(source.doc)
    present = {*added, *changed, *unchanged}
    removed = sorted(doc for doc in old if doc not in present)
    return IndexPlan(tuple(added), tuple(changed), tuple(removed), tuple(unchanged)), read


def windows(paragraph: str, tokenizer: object, max_tokens: int) -> list[str]:
    """Overlapping pieces of a paragraph that each fit the model, so nothing is truncated."""
    budget = max(16, max_tokens - 10)  # room for [CLS]/[SEP] and re-tokenising at the cut
    encoding = tokenizer.encode(paragraph, add_special_tokens=False)  # type: ignore[attr-defined]
    offsets = encoding.offsets
    if len(offsets) <= budget:
        return [paragraph]
    step = budget * 3 // 4
    pieces: list[str] = []
    for begin in range(0, len(offsets), step):
        end = min(begin + budget, len(offsets))
        pieces.append(paragraph[offsets[begin][0] : offsets[end - 1][1]])
        if end == len(offsets):
            break
    return pieces


def embed(
    encoder: SentenceTransformerEncoder,
    pieces: Sequence[str],
    progress: Progress | None,
    cancel: threading.Event | None,
) -> np.ndarray:
    """Encode in length-sorted chunks: padding stays small and progress stays live."""
    order = sorted(range(len(pieces)), key=lambda i: len(pieces[i]))
    out = np.zeros((len(pieces), encoder.dim), dtype=np.float32)
    started = time.monotonic()
    for begin in range(0, len(order), CHUNK):
        if cancel is not None and cancel.is_set():
            raise Cancelled("indexing cancelled; the previous index is unchanged")
        rows = order[begin : begin + CHUNK]
        out[rows] = encoder.encode([pieces[i] for i in rows])
        if progress is not None:
            progress(IndexProgress(min(begin + CHUNK, len(order)), len(order), started))
    return out


def build(
    corpus: Path,
    index_dir: Path,
    model: ModelRef,
    *,
    rebuild: bool = False,
    progress: Progress | None = None,
    cancel: threading.Event | None = None,
    warn: Warn,
) -> IndexSummary:
    """Bring the index in `index_dir` up to date with `corpus`; a no-op when nothing changed."""
    started = time.monotonic()
    with store.locked(index_dir, waiting=warn):
        sources = discover(corpus, warn)
        if not sources:
            raise CorpusError(f"no .txt or .md articles in {corpus}")
        previous = None if rebuild else _previous(index_dir, model, warn)
        manifest = previous.manifest if previous else None
        plan, read = plan_changes(sources, manifest, warn)
        if not (plan.added or plan.changed or plan.unchanged):
            raise CorpusError(f"no readable articles in {corpus}")
        stats = {source.doc: source for source in sources}
        if previous is not None and plan.up_to_date:
            if read:
                _restamp(index_dir, previous, [stats[doc] for doc in read])
            return IndexSummary(plan, len(previous.paragraphs), 0, time.monotonic() - started, previous.path)
        fresh = {doc: split_paragraphs(doc, read[doc].text) for doc in (*plan.added, *plan.changed)}
        encoder = index_encoder(model)
        tokenizer = encoder.tokenizer()
        pieces: list[str] = []
        owners: list[tuple[str, int]] = []
        for doc, paragraphs in fresh.items():
            for paragraph in paragraphs:
                for piece in windows(paragraph.text, tokenizer, encoder.max_tokens):
                    pieces.append(piece)
                    owners.append((doc, paragraph.index))
        vectors = embed(encoder, pieces, progress, cancel)
        snapshot = _assemble(corpus, model, encoder, previous, plan, read, stats, fresh, owners, vectors)
        if cancel is not None and cancel.is_set():
            raise Cancelled("indexing cancelled; the previous index is unchanged")
        path = store.write(index_dir, snapshot)
        onnx = export_onnx(encoder)
        return IndexSummary(
            plan, len(snapshot.paragraphs), len(pieces), time.monotonic() - started, path, onnx
        )


def _previous(index_dir: Path, model: ModelRef, warn: Warn) -> store.Snapshot | None:
    """The live generation if it can be built upon: same model, loads cleanly."""
    try:
        previous = store.load(index_dir, verify=True)
    except IndexStoreError as error:
        warn(f"{error}; building from scratch")
        return None
    if previous is not None and previous.manifest.model_fingerprint != model.fingerprint:
        warn(f"index was built with {previous.manifest.model_name}; re-embedding with {model.name}")
        return None
    return previous


def _restamp(index_dir: Path, previous: store.Snapshot, touched: list[SourceFile]) -> None:
    """Files touched but not changed: record their new mtimes so they are not re-hashed each time."""
    files = dict(previous.manifest.files)
    for source in touched:
        files[source.doc] = replace(files[source.doc], size=source.size, mtime_ns=source.mtime_ns)
    store.write(index_dir, replace(previous, manifest=replace(previous.manifest, files=files)))


def _assemble(
    corpus: Path,
    model: ModelRef,
    encoder: SentenceTransformerEncoder,
    previous: store.Snapshot | None,
    plan: IndexPlan,
    read: dict[str, Document],
    stats: dict[str, SourceFile],
    fresh: dict[str, list[Paragraph]],
    owners: list[tuple[str, int]],
    new_vectors: np.ndarray,
) -> store.Snapshot:
    """Lay out every document in id order: kept rows copied, new rows from this build."""
    new_rows: dict[str, list[int]] = {}
    for row, (doc, _) in enumerate(owners):
        new_rows.setdefault(doc, []).append(row)
    new_owner_paragraph = np.array([p for _, p in owners], dtype=np.int32)
    paragraphs: list[Paragraph] = []
    vector_parts: list[np.ndarray] = []
    owner_parts: list[np.ndarray] = []
    files: dict[str, store.FileEntry] = {}
    notes: list[DocumentNotes] = []
    window_count = 0
    for doc in sorted(set(plan.added) | set(plan.changed) | set(plan.unchanged)):
        first_paragraph = len(paragraphs)
        if doc in fresh:
            rows = new_rows.get(doc, [])
            paragraphs.extend(fresh[doc])
            notes.append(annotate(fresh[doc]))
            doc_vectors = new_vectors[rows]
            doc_owner = new_owner_paragraph[rows]
            sha = read[doc].sha256
        else:
            assert previous is not None
            entry = previous.manifest.files[doc]
            paragraphs.extend(
                previous.paragraphs[entry.first_paragraph : entry.first_paragraph + entry.paragraphs]
            )
            window_slice = slice(entry.first_window, entry.first_window + entry.windows)
            doc_vectors = previous.vectors[window_slice]
            doc_owner = previous.window_paragraph[window_slice] - entry.first_paragraph
            kept = previous.flags[entry.first_paragraph : entry.first_paragraph + entry.paragraphs]
            notes.append(DocumentNotes(previous.quotes.get(doc, ()), tuple(int(f) for f in kept)))
            sha = entry.sha256
        vector_parts.append(doc_vectors)
        owner_parts.append(doc_owner.astype(np.int32) + first_paragraph)
        files[doc] = store.FileEntry(
            sha,
            stats[doc].size,
            stats[doc].mtime_ns,
            first_paragraph,
            len(paragraphs) - first_paragraph,
            window_count,
            len(doc_vectors),
        )
        window_count += len(doc_vectors)
    if not paragraphs:
        raise CorpusError(f"no text in the articles in {corpus}: every file is empty or blank")
    vectors = np.concatenate(vector_parts) if vector_parts else np.zeros((0, encoder.dim), np.float32)
    window_paragraph = np.concatenate(owner_parts) if owner_parts else np.zeros(0, np.int32)
    manifest = store.Manifest(
        corpus=str(corpus.resolve()),
        model_name=model.name,
        model_path=str(model.path),
        model_fingerprint=model.fingerprint,
        dim=encoder.dim,
        max_tokens=encoder.max_tokens,
        files=files,
        paragraphs=len(paragraphs),
        windows=window_count,
        qa_version=version("qa"),
    )
    lex = lexical.build([text.terms(p.text) for p in paragraphs])
    quotes = {doc: note.quotes for doc, note in zip(sorted(files), notes, strict=True) if note.quotes}
    return store.Snapshot(
        manifest,
        tuple(paragraphs),
        vectors,
        window_paragraph,
        dense.build(vectors),
        lex,
        Path(),
        quotes,
        flags_array(notes),
    )
