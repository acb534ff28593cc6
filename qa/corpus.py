"""A folder of articles to documents: discovery, decoding and content hashes.

A document's id is its path relative to the corpus root, with forward slashes, so
citations read the same on every OS and survive moving the folder.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from qa.errors import CorpusError

ARTICLE_SUFFIXES = frozenset({".txt", ".md"})
Warn = Callable[[str], None]


@dataclass(frozen=True, slots=True)
class SourceFile:
    """A file found in the corpus, with the stat data used to skip re-hashing it."""

    doc: str
    path: Path
    size: int
    mtime_ns: int


@dataclass(frozen=True, slots=True)
class Document:
    doc: str
    path: Path
    text: str
    sha256: str


def check_corpus_root(root: Path) -> Path:
    """Resolve the corpus folder or say plainly why it cannot be used."""
    if not root.exists():
        raise CorpusError(f"corpus folder not found: {root}")
    if not root.is_dir():
        raise CorpusError(f"corpus is not a folder: {root}")
    return root.resolve()


def discover(root: Path, warn: Warn) -> list[SourceFile]:
    """Every article file below `root`, sorted by id; hidden files and folders are skipped.

    Symlinked folders are followed once: a loop is reported, not walked forever.
    """
    root = check_corpus_root(root)
    found: list[SourceFile] = []
    seen_dirs: set[tuple[int, int]] = set()

    def on_error(error: OSError) -> None:
        warn(f"skipped {error.filename}: {error.strerror}")

    for folder, dirs, files in os.walk(root, followlinks=True, onerror=on_error):
        stat = Path(folder).stat()
        key = (stat.st_dev, stat.st_ino)
        if key in seen_dirs:
            warn(f"skipped {folder}: folder already visited (symlink loop)")
            dirs.clear()
            continue
        seen_dirs.add(key)
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in files:
            path = Path(folder) / name
            if name.startswith(".") or path.suffix.lower() not in ARTICLE_SUFFIXES:
                continue
            try:
                st = path.stat()
            except OSError as error:
                warn(f"skipped {path}: {error.strerror}")
                continue
            doc = path.relative_to(root).as_posix()
            found.append(SourceFile(doc, path, st.st_size, st.st_mtime_ns))
    found.sort(key=lambda f: f.doc)
    return found


def decode(data: bytes, doc: str, warn: Warn) -> str:
    """UTF-8 (with or without BOM); anything else falls back to cp1252 with a warning naming the file."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        warn(f"{doc}: not valid UTF-8, read as Windows-1252")
        text = data.decode("cp1252", errors="replace")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def read_document(source: SourceFile, warn: Warn) -> Document | None:
    """Read and decode one file; None (with a warning) when it cannot be read or is binary."""
    try:
        data = source.path.read_bytes()
    except OSError as error:
        warn(f"skipped {source.doc}: {error.strerror}")
        return None
    if b"\x00" in data[:8192]:
        warn(f"skipped {source.doc}: binary file")
        return None
    digest = hashlib.sha256(data).hexdigest()
    return Document(source.doc, source.path, decode(data, source.doc, warn), digest)


def iter_documents(sources: list[SourceFile], warn: Warn) -> Iterator[Document]:
    for source in sources:
        document = read_document(source, warn)
        if document is not None:
            yield document
