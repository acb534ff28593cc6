"""A new generation's rows laid out: every file in id order, its articles in file order.

Rows of unchanged files are copied from the previous generation (paragraphs, vectors,
flags, quotes), shifted to their new place; rows of files read for this build come
from this build's vectors and notes. Nothing is embedded twice.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from importlib.metadata import version
from pathlib import Path

import numpy as np

from qa.attribution import annotations as rules
from qa.attribution.annotations import DocumentNotes, entities_array, flags_array
from qa.attribution.entities import from_array
from qa.attribution.record import QuoteRecord
from qa.errors import CorpusError
from qa.index import dense, lexical, store
from qa.index.changes import IndexPlan
from qa.index.embedding import BuildEncoder, ModelRef
from qa.index.manifest import DocumentEntry, FileEntry, Manifest
from qa.ingest.articles import Article
from qa.ingest.corpus import Document, SourceFile
from qa.ingest.paragraphs import Paragraph
from qa.language import text


@dataclass(frozen=True)
class Fresh:
    """What this build read and embedded: each read file's articles, and each new window's owner."""

    read: dict[str, Document]
    articles: dict[str, list[Article]]
    owners: list[tuple[str, int]]  # (article doc, paragraph index) of each new window
    vectors: np.ndarray
    notes: dict[str, DocumentNotes]  # each read article's attribution and flags


@dataclass
class _Rows:
    """The generation's rows as they are laid down, file after file (one build's scratch space)."""

    paragraphs: list[Paragraph] = field(default_factory=list)
    vector_parts: list[np.ndarray] = field(default_factory=list)
    owner_parts: list[np.ndarray] = field(default_factory=list)
    windows: int = 0
    documents: dict[str, DocumentEntry] = field(default_factory=dict)
    notes: list[DocumentNotes] = field(default_factory=list)
    quotes: dict[str, tuple[QuoteRecord, ...]] = field(default_factory=dict)

    def add_fresh(
        self, file: str, article: Article, note: DocumentNotes, vectors: np.ndarray, owners: np.ndarray
    ) -> None:
        """One article read for this build, with its fresh notes; `owners` index its own paragraphs."""
        self.documents[article.doc] = DocumentEntry(
            file, len(self.paragraphs), len(article.paragraphs), article.meta
        )
        self.notes.append(note)
        if note.quotes:
            self.quotes[article.doc] = note.quotes
        self.vector_parts.append(vectors)
        self.owner_parts.append(owners + len(self.paragraphs))
        self.windows += len(vectors)
        self.paragraphs.extend(article.paragraphs)

    def add_kept(self, file: str, previous: store.Snapshot) -> None:
        """One unchanged file's rows, copied from the previous generation and shifted into place."""
        entry = previous.manifest.files[file]
        first_paragraph = len(self.paragraphs)
        kept = slice(entry.first_paragraph, entry.first_paragraph + entry.paragraphs)
        self.paragraphs.extend(previous.paragraphs[kept])
        window_slice = slice(entry.first_window, entry.first_window + entry.windows)
        self.vector_parts.append(previous.vectors[window_slice])
        moved = previous.window_paragraph[window_slice] - entry.first_paragraph + first_paragraph
        self.owner_parts.append(moved.astype(np.int32))
        self.windows += entry.windows
        flags = tuple(int(f) for f in previous.flags[kept])
        found = from_array(previous.entities, entry.paragraphs, entry.first_paragraph)
        self.notes.append(DocumentNotes((), flags, found))
        for doc, old in previous.documents.items():
            if old.file == file:
                shift = old.first_paragraph - entry.first_paragraph + first_paragraph
                self.documents[doc] = replace(old, first_paragraph=shift)
                if doc in previous.quotes:
                    self.quotes[doc] = previous.quotes[doc]


def assemble(
    corpus: Path,
    model: ModelRef,
    encoder: BuildEncoder,
    previous: store.Snapshot | None,
    plan: IndexPlan,
    stats: dict[str, SourceFile],
    fresh: Fresh,
) -> store.Snapshot:
    """The new generation: kept rows copied, new rows from this build, in one id order."""
    new_rows: dict[str, list[int]] = {}
    for row, (doc, _) in enumerate(fresh.owners):
        new_rows.setdefault(doc, []).append(row)
    owner_paragraph = np.array([p for _, p in fresh.owners], dtype=np.int32)
    rows = _Rows()
    files: dict[str, FileEntry] = {}
    for file in sorted(set(plan.added) | set(plan.changed) | set(plan.unchanged)):
        first_paragraph, first_window = len(rows.paragraphs), rows.windows
        if file in fresh.articles:
            for article in fresh.articles[file]:
                taken = new_rows.get(article.doc, [])
                note = fresh.notes[article.doc]
                rows.add_fresh(file, article, note, fresh.vectors[taken], owner_paragraph[taken])
            sha = fresh.read[file].sha256
        else:
            assert previous is not None
            rows.add_kept(file, previous)
            sha = previous.manifest.files[file].sha256
        files[file] = FileEntry(
            sha,
            stats[file].size,
            stats[file].mtime_ns,
            first_paragraph,
            len(rows.paragraphs) - first_paragraph,
            first_window,
            rows.windows - first_window,
        )
    if not rows.paragraphs:
        raise CorpusError(f"no text in the articles in {corpus}: every file is empty or blank")
    return _snapshot(corpus, model, encoder, files, rows)


def _snapshot(
    corpus: Path,
    model: ModelRef,
    encoder: BuildEncoder,
    files: dict[str, FileEntry],
    rows: _Rows,
) -> store.Snapshot:
    parts = rows.vector_parts
    vectors = np.concatenate(parts) if parts else np.zeros((0, encoder.dim), np.float32)
    window_paragraph = np.concatenate(rows.owner_parts) if rows.owner_parts else np.zeros(0, np.int32)
    manifest = Manifest(
        corpus=str(corpus.resolve()),
        model_name=model.name,
        model_path=str(model.path),
        model_fingerprint=model.fingerprint,
        dim=encoder.dim,
        max_tokens=encoder.max_tokens,
        files=files,
        paragraphs=len(rows.paragraphs),
        windows=rows.windows,
        qa_version=version("qa"),
        attribution=rules.ATTRIBUTION_VERSION,
    )
    lex = lexical.build([text.terms(p.text) for p in rows.paragraphs])
    return store.Snapshot(
        manifest,
        tuple(rows.paragraphs),
        vectors,
        window_paragraph,
        dense.build(vectors),
        lex,
        Path(),
        rows.quotes,
        flags_array(rows.notes),
        rows.documents,
        entities_array(rows.notes),
    )
