"""The index folder itself: which folder may hold an index, and which of its entries qa made.

qa deletes old generations and leftovers of interrupted builds, so it must never take a
user's folder for one: a folder qa writes an index into gets a marker file
(`qa.ingest.corpus.INDEX_MARKER`, which also keeps the corpus walk out of it), a folder
holding anything qa did not make is refused, and only entries with the exact names qa
gives (`gen-YYYYmmdd-HHMMSS-xxxxxxxx` and the temporary names of a build) are ever removed.
"""

from __future__ import annotations

import errno
import re
from pathlib import Path

from qa.errors import IndexStoreError, UsageError
from qa.ingest.corpus import INDEX_MARKER

GENERATION = re.compile(r"gen-\d{8}-\d{6}-[0-9a-f]{8}", re.ASCII)
# A generation being written, and CURRENT being replaced (one name per build; older qa used one name).
TEMPORARY = re.compile(
    r"\.gen-\d{8}-\d{6}-[0-9a-f]{8}\.partial|\.CURRENT\.[0-9a-f]{8}\.partial|CURRENT\.partial"
)
OWN_FILES = frozenset({"CURRENT", ".lock", INDEX_MARKER})
NO_SPACE = frozenset({errno.ENOSPC, errno.EDQUOT})
READ_ONLY = frozenset({errno.EROFS, errno.EACCES, errno.EPERM})
SHOWN = 3  # foreign entries named in a refusal


def check(index_dir: Path, corpus: Path) -> None:
    """Refuse an index folder that is a file, or the corpus itself (qa would index and prune its articles)."""
    if index_dir.exists() and not index_dir.is_dir():
        raise UsageError(f"the index folder {index_dir} is a file, not a folder; give --index a folder")
    if index_dir.resolve() == corpus.resolve():
        raise UsageError(
            f"the index folder cannot be the corpus folder {corpus}; give --index another folder"
        )


def made_by_qa(name: str) -> bool:
    return name in OWN_FILES or bool(GENERATION.fullmatch(name) or TEMPORARY.fullmatch(name))


def removable(name: str, keep: str) -> bool:
    """An old generation or a leftover of an interrupted build: what pruning may delete."""
    return name != keep and bool(GENERATION.fullmatch(name) or TEMPORARY.fullmatch(name))


def refuse_foreign(index_dir: Path) -> None:
    """Refuse, with one line, a folder qa has not marked that holds anything qa did not make."""
    if not index_dir.is_dir() or (index_dir / INDEX_MARKER).is_file():
        return
    foreign = sorted(entry.name for entry in index_dir.iterdir() if not made_by_qa(entry.name))
    if foreign:
        named = ", ".join(foreign[:SHOWN]) + (" …" if len(foreign) > SHOWN else "")
        raise UsageError(
            f"the index folder {index_dir} holds files qa did not make ({named}); "
            "give --index an empty or new folder"
        )


def claim(index_dir: Path) -> None:
    """Make `index_dir` qa's before anything is written there: new, empty, or an index qa made.

    A folder holding anything else is refused with one line, before any write."""
    index_dir.mkdir(parents=True, exist_ok=True)
    marker = index_dir / INDEX_MARKER
    if marker.is_file():
        return
    refuse_foreign(index_dir)
    marker.write_text("A qa index. qa removes only the generations it made here.\n", encoding="utf-8")


def no_space(index_dir: Path, error: OSError) -> IndexStoreError:
    """Disk full (or over quota), wherever the write failed: one message, and the old index stands."""
    return IndexStoreError(
        f"no space left writing the index in {index_dir}; the previous index is intact ({error.strerror})"
    )


def stale_read_only(index_dir: Path, error: OSError) -> str:
    """The warning when a stale index cannot be updated: it still answers, as it is."""
    return (
        f"the index at {index_dir} is out of date with the corpus and cannot be updated "
        f"({error.strerror}); answering from it as it is"
    )
