"""A folder of articles to documents: discovery, decoding and content hashes.

A document's id is its path relative to the corpus root, with forward slashes, so
citations read the same on every OS and survive moving the folder.
"""

from __future__ import annotations

import hashlib
import os
import stat as stat_mode
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from qa.errors import CorpusError

DUMP_SUFFIXES = frozenset({".jsonl", ".ndjson", ".json"})  # one article per record (qa.ingest.dumps)
ARTICLE_SUFFIXES = frozenset({".txt", ".md", ".html", ".htm"}) | DUMP_SUFFIXES
# A news article is a few kB to a few hundred kB; a file past this is a mistake, and
# embedding it would take many minutes (about 10 min for 50 MB here), so it is skipped with a warning.
MAX_FILE_BYTES = 10 * 1024 * 1024
# A folder holding this file is a qa index (`qa.index.folder`): never read as articles, wherever it lies.
INDEX_MARKER = ".qa-index"
# A dump holds many articles: 200 MB is some 60,000 of them, read whole into memory to parse.
MAX_DUMP_BYTES = 200 * 1024 * 1024
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


def no_articles(root: Path) -> CorpusError:
    """The error for a corpus folder with nothing qa can read, worded once for build and plan."""
    return CorpusError(f"no .txt or .md articles, .html pages or .json/.jsonl dumps in {root}")


def discover(root: Path, warn: Warn) -> list[SourceFile]:
    """Every article file below `root`, sorted by id; hidden files and folders are skipped.

    Symlinked folders are followed once: a loop is reported, not walked forever. A link that leads
    out of the corpus is skipped with a warning (it could quote any file the user can read), and a
    qa index folder inside the corpus is never read as articles.
    """
    root = check_corpus_root(root)
    found: list[SourceFile] = []
    seen_dirs: set[tuple[int, int]] = set()

    def shown(path: str | Path) -> str:
        """Paths in warnings read like document ids: relative to the corpus folder."""
        return os.path.relpath(path, root)

    def on_error(error: OSError) -> None:
        warn(f"skipped {shown(error.filename)}: {error.strerror}")

    for folder, dirs, files in os.walk(root, followlinks=True, onerror=on_error):
        stat = Path(folder).stat()
        key = (stat.st_dev, stat.st_ino)
        if key in seen_dirs:
            warn(f"skipped {shown(folder)}: folder already visited (symlink loop)")
            dirs.clear()
            continue
        seen_dirs.add(key)
        if _outside(folder, root):
            warn(f"skipped {shown(folder)}: {OUTSIDE}")
            dirs.clear()
            continue
        if is_index_folder(files, dirs):
            dirs.clear()
            continue
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in files:
            path = Path(folder) / name
            if name.startswith(".") or path.suffix.lower() not in ARTICLE_SUFFIXES:
                continue
            try:
                st = path.lstat()
                link = stat_mode.S_ISLNK(st.st_mode)
                st = path.stat() if link else st
            except OSError as error:
                warn(f"skipped {shown(path)}: {error.strerror}")
                continue
            if link and _outside(path, root):
                warn(f"skipped {shown(path)}: {OUTSIDE}")
                continue
            doc = path.relative_to(root).as_posix()
            problem = _unusable(st, path) or _unnamable(doc)
            if problem:
                warn(f"skipped {doc.encode('utf-8', 'replace').decode()}: {problem}")
                continue
            found.append(SourceFile(doc, path, st.st_size, st.st_mtime_ns))
    found.sort(key=lambda f: f.doc)
    return found


OUTSIDE = "a link to outside the corpus (copy the file in to index it)"


def _outside(path: str | Path, root: Path) -> bool:
    real = os.path.realpath(path)
    return real != str(root) and not real.startswith(str(root).rstrip(os.sep) + os.sep)


def is_index_folder(files: list[str], dirs: list[str]) -> bool:
    """A qa index: its marker, or (made before there was one) CURRENT beside gen-* folders."""
    return INDEX_MARKER in files or ("CURRENT" in files and any(d.startswith("gen-") for d in dirs))


def max_bytes(path: Path) -> int:
    """The size limit for this file: one article, or a dump of many."""
    return MAX_DUMP_BYTES if path.suffix.lower() in DUMP_SUFFIXES else MAX_FILE_BYTES


def _unusable(st: os.stat_result, path: Path) -> str | None:
    """Why a file cannot be an article (not a regular file, too big), or None."""
    if not stat_mode.S_ISREG(st.st_mode):
        return "not a regular file"  # a FIFO or device would block the build or never end
    limit = max_bytes(path)
    if st.st_size > limit:
        what = "a dump" if limit == MAX_DUMP_BYTES else "one article"
        return f"{st.st_size / 1e6:.0f} MB is over the {limit // (1024 * 1024)} MB limit for {what}"
    return None


def _unnamable(doc: str) -> str | None:
    """A name that is not UTF-8 (undecodable bytes arrive as surrogates) cannot be a document id:
    the index, the JSON output and the terminal all need text."""
    try:
        doc.encode("utf-8")
    except UnicodeEncodeError:
        return "its name is not valid UTF-8; rename the file to index it"
    return None


def _read_bytes(path: Path) -> bytes:
    """The file's bytes, checked again on the open file: it may have been swapped since discovery."""
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    try:
        problem = _unusable(os.fstat(fd), path)
        if problem:
            raise OSError(0, problem, str(path))
        with os.fdopen(fd, "rb", closefd=False) as handle:
            return handle.read(max_bytes(path) + 1)
    finally:
        os.close(fd)


def content_sha256(path: Path) -> str | None:
    """The SHA-256 of a corpus file's bytes as indexing reads them; None when it cannot be read."""
    try:
        return hashlib.sha256(_read_bytes(path)).hexdigest()
    except OSError:
        return None


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
        data = _read_bytes(source.path)
    except OSError as error:
        warn(f"skipped {source.doc}: {error.strerror}")
        return None
    if len(data) > max_bytes(source.path):
        limit = max_bytes(source.path) // (1024 * 1024)
        warn(f"skipped {source.doc}: grew past the {limit} MB limit while being read")
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
