"""The index folder: plain files in versioned generations, swapped in atomically.

    INDEX_DIR/CURRENT          name of the live generation (replaced with os.replace)
    INDEX_DIR/gen-*/           manifest.json, paragraphs.jsonl, vectors.npy,
                               windows.npy, dense.faiss, lexical/ (bm25s files),
                               quotes.jsonl (speakers), flags.npy (captions, repeats),
                               documents.jsonl (each article's rows and metadata),
                               entities.npy (typed entity spans: qa.attribution.entities)
    INDEX_DIR/.lock            held while a build writes
    INDEX_DIR/.qa-index        marks the folder as qa's (see `qa.index.folder`)

A build writes a whole new generation, then points CURRENT at it; a crash at any
moment leaves the previous generation live. No pickle anywhere. The manifest lists
every file's size and sha256, so a truncated or altered file is reported, not used.

Big arrays (vectors, the FAISS vectors, the BM25 matrix) are memory mapped on load:
opening costs nothing whatever the corpus size, a question reads only the pages it
needs, and the page cache is shared between qa processes. Pruning a generation that
is still mapped is safe on POSIX: the files live on until their last mapping goes.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import os
import re
import shutil
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any

import numpy as np

from qa.attribution.annotations import quotes_from_jsonl, quotes_to_jsonl
from qa.attribution.entities import COLUMNS, NO_ENTITIES
from qa.attribution.record import QuoteRecord
from qa.errors import IndexStoreError
from qa.index import dense, folder, lexical
from qa.index.manifest import (
    REBUILD_HINT,
    DocumentEntry,
    Manifest,
    Part,
    documents_from_jsonl,
)
from qa.index.search import FolderSearch, Search, Vocabulary
from qa.ingest.paragraphs import Paragraph

# Memory mapped on load, so hashing them there would read what mapping avoids reading: their
# sizes are checked on every load, their hashes when a build is about to reuse them.
MAPPED = frozenset({"vectors.npy", "dense.faiss", f"lexical/{lexical.DATA}", f"lexical/{lexical.INDICES}"})


@dataclass(frozen=True)
class Snapshot:
    """One generation of the index, loaded: everything a search needs."""

    manifest: Manifest
    paragraphs: tuple[Paragraph, ...]
    vectors: np.ndarray
    window_paragraph: np.ndarray
    dense: Any
    lexical: lexical.Lexical
    path: Path
    quotes: dict[str, tuple[QuoteRecord, ...]] = field(default_factory=dict)
    flags: np.ndarray = field(default_factory=lambda: np.zeros(0, np.uint8))
    documents: dict[str, DocumentEntry] = field(default_factory=dict)  # in row order
    entities: np.ndarray = field(default_factory=lambda: NO_ENTITIES)  # (row, start, end, type), by row
    remote: tuple[Search, Vocabulary] | None = None  # a Milvus generation answers these itself

    @property
    def search(self) -> Search:
        """Where questions are ranked: this process's arrays, or the Milvus collections."""
        if self.remote is not None:
            return self.remote[0]
        return FolderSearch(self.dense, self.vectors, self.window_paragraph, self.lexical)

    @property
    def vocabulary(self) -> Vocabulary:
        return self.remote[1] if self.remote is not None else self.lexical

    def article(self, doc: str) -> tuple[Paragraph, ...]:
        """Every paragraph of one document, in order; () when the generation has no such document."""
        entry = self.documents.get(doc)
        if entry is None:
            return ()
        return self.paragraphs[entry.first_paragraph : entry.first_paragraph + entry.paragraphs]


def current_generation(index_dir: Path) -> Path | None:
    pointer = index_dir / "CURRENT"
    try:
        name = pointer.read_text(encoding="ascii", errors="replace").strip()
    except FileNotFoundError:
        return None
    except OSError as error:
        raise IndexStoreError(f"cannot read {pointer}: {error.strerror}") from error
    if not re.fullmatch(r"gen-[\w-]+", name, re.ASCII):
        raise IndexStoreError(
            f"index at {index_dir} is damaged (CURRENT names {name[:40]!r}): {REBUILD_HINT}"
        )
    return index_dir / name


def read_manifest(index_dir: Path) -> Manifest | None:
    """The live manifest, None when no index was ever built here."""
    generation = current_generation(index_dir)
    if generation is None:
        return None
    try:
        return Manifest.from_json((generation / "manifest.json").read_text())
    except IndexStoreError:
        raise
    except (OSError, ValueError, TypeError, KeyError) as error:
        raise IndexStoreError(f"index at {index_dir} is damaged ({error}): {REBUILD_HINT}") from error


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def _check_parts(index_dir: Path, generation: Path, manifest: Manifest, verify: bool) -> None:
    """Every file the manifest lists is there, at its size; hashed too unless mapped (or `verify`)."""
    for name, part in manifest.parts.items():
        path = generation / name
        try:
            size = path.stat().st_size
            altered = size == part.size and (verify or name not in MAPPED) and _sha256(path) != part.sha256
        except OSError as error:
            raise IndexStoreError(
                f"index at {index_dir} is damaged ({name}: {error.strerror}): {REBUILD_HINT}"
            ) from error
        if size != part.size:
            problem = f"{name} is {size:,} bytes, {part.size:,} were written"
        elif altered:
            problem = f"{name} changed since it was written"
        else:
            continue
        raise IndexStoreError(f"index at {index_dir} is damaged ({problem}): {REBUILD_HINT}")


def load(index_dir: Path, *, verify: bool = False) -> Snapshot | None:
    """Load the live generation and check that its parts are as written and agree with each other.

    `verify` also hashes the memory-mapped arrays (a build does, before copying vectors from them)."""
    manifest = read_manifest(index_dir)
    if manifest is None:
        return None
    generation = current_generation(index_dir)
    assert generation is not None
    _check_parts(index_dir, generation, manifest, verify)
    try:
        with (generation / "paragraphs.jsonl").open(encoding="utf-8") as rows:
            paragraphs = tuple(Paragraph(**json.loads(row)) for row in rows)
        vectors = np.load(generation / "vectors.npy", allow_pickle=False, mmap_mode="r")
        window_paragraph = np.load(generation / "windows.npy", allow_pickle=False)
        index = dense.load(generation / "dense.faiss")
        lex = lexical.load(generation / "lexical", len(paragraphs))
        with (generation / "quotes.jsonl").open(encoding="utf-8") as rows:
            quotes = {doc: tuple(found) for doc, found in quotes_from_jsonl(list(rows)).items()}
        flags = np.load(generation / "flags.npy", allow_pickle=False)
        with (generation / "documents.jsonl").open(encoding="utf-8") as rows:
            documents = documents_from_jsonl(rows)
        entities = _entities(generation)
    except Exception as error:  # numpy, faiss and bm25s each raise their own types for a bad file
        raise IndexStoreError(f"index at {index_dir} is damaged ({error}): {REBUILD_HINT}") from error
    counts = (len(paragraphs), len(vectors), len(window_paragraph), int(index.ntotal))
    expected = (manifest.paragraphs, manifest.windows, manifest.windows, manifest.windows)
    agree = (
        counts == expected
        and dense.kind_of(index) == manifest.dense_kind
        and len(flags) == len(paragraphs)
        and (not len(entities) or int(entities[-1, 0]) < len(paragraphs))
        and sum(entry.paragraphs for entry in documents.values()) == len(paragraphs)
    )
    if not agree or (len(vectors) and vectors.shape[1] != manifest.dim):
        raise IndexStoreError(f"index at {index_dir} is damaged (its files disagree): {REBUILD_HINT}")
    return Snapshot(
        manifest,
        paragraphs,
        vectors,
        window_paragraph,
        index,
        lex,
        generation,
        quotes,
        flags,
        documents,
        entities,
    )


def _entities(generation: Path) -> np.ndarray:
    """The generation's entity table; one made before entities were kept has none (and is re-annotated)."""
    path = generation / "entities.npy"
    if not path.exists():
        return NO_ENTITIES
    table: np.ndarray = np.load(path, allow_pickle=False)
    if table.ndim != 2 or table.shape[1] != COLUMNS:
        raise ValueError(f"entities.npy has shape {table.shape}")
    return table


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _write_file(path: Path, data: bytes) -> None:
    with path.open("wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())


def write(index_dir: Path, snapshot: Snapshot) -> Path:
    """Write a new generation and make it live; returns its folder.

    The manifest records the dense index kind the snapshot actually holds. Leftovers of
    earlier failed builds go first (they may be what filled the disk); a disk that fills
    now is one IndexStoreError, and nothing of this build stays."""
    folder.claim(index_dir)
    _prune_leftovers(index_dir)
    tag = uuid.uuid4().hex[:8]
    name = f"gen-{time.strftime('%Y%m%d-%H%M%S')}-{tag}"
    try:
        _write_generation(index_dir, snapshot, name, tag)
    except OSError as error:
        shutil.rmtree(index_dir / name, ignore_errors=True)  # never made live: CURRENT was not replaced
        if error.errno in folder.NO_SPACE:
            raise folder.no_space(index_dir, error) from error
        raise
    prune(index_dir, keep=name)
    return index_dir / name


def _write_generation(index_dir: Path, snapshot: Snapshot, name: str, tag: str) -> None:
    manifest = replace(snapshot.manifest, dense_kind=dense.kind_of(snapshot.dense))
    work = index_dir / f".{name}.partial"
    work.mkdir()
    pointer = index_dir / f".CURRENT.{tag}.partial"  # this build's own name: never another's file
    try:
        rows = "".join(json.dumps(asdict(p), ensure_ascii=False) + "\n" for p in snapshot.paragraphs)
        _write_file(work / "paragraphs.jsonl", rows.encode("utf-8"))
        np.save(work / "vectors.npy", snapshot.vectors, allow_pickle=False)
        np.save(work / "windows.npy", snapshot.window_paragraph, allow_pickle=False)
        dense.save(snapshot.dense, work / "dense.faiss")
        lexical.save(snapshot.lexical, work / "lexical")
        _write_file(work / "quotes.jsonl", quotes_to_jsonl(snapshot.quotes).encode("utf-8"))
        np.save(work / "flags.npy", snapshot.flags, allow_pickle=False)
        np.save(work / "entities.npy", snapshot.entities, allow_pickle=False)
        documents = "".join(entry.to_json(doc) + "\n" for doc, entry in snapshot.documents.items())
        _write_file(work / "documents.jsonl", documents.encode("utf-8"))
        parts = {
            file.relative_to(work).as_posix(): Part(file.stat().st_size, _sha256(file))
            for file in sorted(work.rglob("*"))
            if file.is_file()
        }
        _write_file(work / "manifest.json", replace(manifest, parts=parts).to_json().encode())
        for file in work.rglob("*"):
            if file.is_file() and file.suffix in {".npy", ".faiss", ".json"}:
                with file.open("rb") as handle:
                    os.fsync(handle.fileno())
        os.replace(work, index_dir / name)
        _fsync_dir(index_dir)  # the generation's name is on disk before CURRENT can point at it
        _write_file(pointer, name.encode())
        os.replace(pointer, index_dir / "CURRENT")
        _fsync_dir(index_dir)
    finally:
        shutil.rmtree(work, ignore_errors=True)
        pointer.unlink(missing_ok=True)


def _prune_leftovers(index_dir: Path) -> None:
    """Everything but the live generation, before a build adds one (a readable CURRENT only)."""
    try:
        live = current_generation(index_dir)
    except IndexStoreError:
        return
    prune(index_dir, keep=live.name if live is not None else "")


def prune(index_dir: Path, keep: str) -> None:
    """Remove old generations and leftovers of interrupted builds: only names qa gives them."""
    for entry in index_dir.iterdir():
        if not folder.removable(entry.name, keep):
            continue
        if entry.is_dir() and not entry.is_symlink():
            shutil.rmtree(entry, ignore_errors=True)
        else:
            entry.unlink(missing_ok=True)


@contextlib.contextmanager
def locked(
    index_dir: Path, wait: bool = True, waiting: Callable[[str], None] | None = None
) -> Iterator[None]:
    """One writer at a time per index; a second build waits for the first (and says so to `waiting`).

    An flock dies with its process, so a build killed with -9 never leaves a stale lock.
    """
    folder.claim(index_dir)
    with (index_dir / ".lock").open("a") as handle:
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as error:
            if not wait:
                raise IndexStoreError(
                    f"another qa index is writing {index_dir}; try again when it ends"
                ) from error
            if waiting is not None:
                waiting(f"another qa index is writing {index_dir}; waiting for it to finish")
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)
