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

from qa.attribution.annotations import DocumentNotes, annotate, flags_array
from qa.attribution.speakers import QuoteRecord
from qa.errors import Cancelled, CorpusError, IndexStoreError
from qa.index import dense, lexical, store
from qa.index.embedding import ModelRef, SentenceTransformerEncoder, export_onnx, index_encoder
from qa.ingest.articles import Article, articles_of
from qa.ingest.corpus import Document, SourceFile, Warn, discover, no_articles, read_document
from qa.ingest.paragraphs import Paragraph
from qa.language import text

BATCH = 32  # windows per encode call, one batch: the bar moves after each
OVERLAP = 32  # tokens shared by neighbouring windows of a long paragraph
SLACK = 8  # tokens kept free in a window: re-tokenising a piece cut mid-word can add a few


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
    encoding = tokenizer.encode(paragraph, add_special_tokens=False)  # type: ignore[attr-defined]
    return [piece for piece, _ in cut(paragraph, encoding.offsets, max_tokens)]


def cut(paragraph: str, offsets: Sequence[tuple[int, int]], max_tokens: int) -> list[tuple[str, int]]:
    """Pieces of a tokenised paragraph with their token counts.

    A paragraph that fits with [CLS]/[SEP] stays whole. A longer one is cut into the fewest
    windows of equal size that overlap by OVERLAP tokens: no short tail that costs a
    window for a few words, and no more repeated text than the overlap.
    """
    count = len(offsets)
    if count <= max_tokens - 2:
        return [(paragraph, count)]
    budget = max(2 * OVERLAP, max_tokens - 2 - SLACK)
    pieces = -(-(count - OVERLAP) // (budget - OVERLAP))
    size = -(-(count + (pieces - 1) * OVERLAP) // pieces)
    out: list[tuple[str, int]] = []
    for k in range(pieces):
        begin = k * (size - OVERLAP)
        end = count if k == pieces - 1 else begin + size
        out.append((paragraph[offsets[begin][0] : offsets[end - 1][1]], end - begin))
    return out


def embed(
    encoder: SentenceTransformerEncoder,
    pieces: Sequence[str],
    tokens: Sequence[int],
    progress: Progress | None,
    cancel: threading.Event | None,
) -> np.ndarray:
    """Encode one length-sorted batch per call, so padding stays small and progress stays live."""
    out = np.zeros((len(pieces), encoder.dim), dtype=np.float32)
    started = time.monotonic()
    done = 0
    for rows in batches(tokens, BATCH):
        if cancel is not None and cancel.is_set():
            raise Cancelled("indexing cancelled; the previous index is unchanged")
        out[rows] = encoder.encode([pieces[i] for i in rows], batch_size=BATCH)
        done += len(rows)
        if progress is not None:
            progress(IndexProgress(done, len(pieces), started))
    return out


def batches(tokens: Sequence[int], size: int) -> list[list[int]]:
    """Rows in batches of similar token counts, shortest and longest batches taken in turn.

    Sorting keeps padding small; alternating the ends keeps the running rate, and so the
    time left on the bar, close to the true average from the first seconds on.
    """
    order = sorted(range(len(tokens)), key=tokens.__getitem__)
    groups = [order[begin : begin + size] for begin in range(0, len(order), size)]
    turns: list[list[int]] = []
    for k in range((len(groups) + 1) // 2):
        turns.append(groups[k])
        if len(groups) - 1 - k != k:
            turns.append(groups[len(groups) - 1 - k])
    return turns


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
            raise no_articles(corpus)
        previous = None if rebuild else _previous(index_dir, model, warn)
        manifest = previous.manifest if previous else None
        plan, read = plan_changes(sources, manifest, warn)
        if not (plan.added or plan.changed or plan.unchanged):
            raise CorpusError(f"no readable articles in {corpus}")
        stats = {source.doc: source for source in sources}
        present = {*plan.added, *plan.changed, *plan.unchanged}
        skipped = {s.doc: [s.size, s.mtime_ns] for s in sources if s.doc not in present}
        if previous is not None and plan.up_to_date:
            if read or skipped != previous.manifest.skipped:
                _restamp(index_dir, previous, [stats[doc] for doc in read if doc in present], skipped)
            return IndexSummary(plan, len(previous.paragraphs), 0, time.monotonic() - started, previous.path)
        articles = {file: articles_of(read[file], warn) for file in (*plan.added, *plan.changed)}
        fresh = {a.doc: list(a.paragraphs) for found in articles.values() for a in found}  # by article
        encoder = index_encoder(model)
        tokenizer = encoder.tokenizer()
        todo = [(doc, paragraph) for doc, paragraphs in fresh.items() for paragraph in paragraphs]
        encodings = tokenizer.encode_batch([p.text for _, p in todo], add_special_tokens=False)
        pieces: list[str] = []
        tokens: list[int] = []
        owners: list[tuple[str, int]] = []
        for (doc, paragraph), encoding in zip(todo, encodings, strict=True):
            for piece, count in cut(paragraph.text, encoding.offsets, encoder.max_tokens):
                pieces.append(piece)
                tokens.append(count)
                owners.append((doc, paragraph.index))
        vectors = embed(encoder, pieces, tokens, progress, cancel)
        snapshot = _assemble(corpus, model, encoder, previous, plan, read, stats, articles, owners, vectors)
        if cancel is not None and cancel.is_set():
            raise Cancelled("indexing cancelled; the previous index is unchanged")
        snapshot = replace(snapshot, manifest=replace(snapshot.manifest, skipped=skipped))
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


def _restamp(
    index_dir: Path, previous: store.Snapshot, touched: list[SourceFile], skipped: dict[str, list[int]]
) -> None:
    """Files touched but not changed, and the files skipped: record their stat data so that
    neither is read again on every question."""
    files = dict(previous.manifest.files)
    for source in touched:
        files[source.doc] = replace(files[source.doc], size=source.size, mtime_ns=source.mtime_ns)
    manifest = replace(previous.manifest, files=files, skipped=skipped)
    store.write(index_dir, replace(previous, manifest=manifest))


def _assemble(
    corpus: Path,
    model: ModelRef,
    encoder: SentenceTransformerEncoder,
    previous: store.Snapshot | None,
    plan: IndexPlan,
    read: dict[str, Document],
    stats: dict[str, SourceFile],
    fresh: dict[str, list[Article]],
    owners: list[tuple[str, int]],
    new_vectors: np.ndarray,
) -> store.Snapshot:
    """Lay out every file in id order, its articles in file order: kept rows copied, new rows from this build.

    `fresh` holds the articles of the files read for this build; `owners` names each new
    window's article and paragraph index."""
    new_rows: dict[str, list[int]] = {}
    for row, (doc, _) in enumerate(owners):
        new_rows.setdefault(doc, []).append(row)
    new_owner_paragraph = np.array([p for _, p in owners], dtype=np.int32)
    paragraphs: list[Paragraph] = []
    vector_parts: list[np.ndarray] = []
    owner_parts: list[np.ndarray] = []
    files: dict[str, store.FileEntry] = {}
    documents: dict[str, store.DocumentEntry] = {}
    notes: list[DocumentNotes] = []
    quotes: dict[str, tuple[QuoteRecord, ...]] = {}
    window_count = 0
    for file in sorted(set(plan.added) | set(plan.changed) | set(plan.unchanged)):
        first_paragraph = len(paragraphs)
        first_window = window_count
        if file in fresh:
            for article in fresh[file]:
                rows = new_rows.get(article.doc, [])
                documents[article.doc] = store.DocumentEntry(
                    file, len(paragraphs), len(article.paragraphs), article.meta
                )
                note = annotate(article.paragraphs)
                notes.append(note)
                if note.quotes:
                    quotes[article.doc] = note.quotes
                vector_parts.append(new_vectors[rows])
                owner_parts.append(new_owner_paragraph[rows] + len(paragraphs))
                window_count += len(rows)
                paragraphs.extend(article.paragraphs)
            sha = read[file].sha256
        else:
            assert previous is not None
            entry = previous.manifest.files[file]
            kept = slice(entry.first_paragraph, entry.first_paragraph + entry.paragraphs)
            paragraphs.extend(previous.paragraphs[kept])
            window_slice = slice(entry.first_window, entry.first_window + entry.windows)
            vector_parts.append(previous.vectors[window_slice])
            moved = previous.window_paragraph[window_slice] - entry.first_paragraph + first_paragraph
            owner_parts.append(moved.astype(np.int32))
            window_count += entry.windows
            notes.append(DocumentNotes((), tuple(int(f) for f in previous.flags[kept])))
            for doc, old in previous.documents.items():
                if old.file == file:
                    shift = old.first_paragraph - entry.first_paragraph + first_paragraph
                    documents[doc] = replace(old, first_paragraph=shift)
                    if doc in previous.quotes:
                        quotes[doc] = previous.quotes[doc]
            sha = entry.sha256
        files[file] = store.FileEntry(
            sha,
            stats[file].size,
            stats[file].mtime_ns,
            first_paragraph,
            len(paragraphs) - first_paragraph,
            first_window,
            window_count - first_window,
        )
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
        documents,
    )
