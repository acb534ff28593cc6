"""Writing files so a reader never sees half of one, and two writers never mix theirs.

Every write goes to a temporary file with a name of its own in the same folder, is
fsynced and renamed over the target: the target is the old file or the new one. Two
processes writing the same target each have their own temporary file; `locked_folder`
makes a step that spans two files (a batch's OUT and its manifest) happen as one.
"""

from __future__ import annotations

import fcntl
import os
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO


@contextmanager
def locked_folder(folder: Path) -> Iterator[None]:
    """An flock on the folder itself: no lock file left behind, released if the process dies."""
    handle = os.open(folder, os.O_RDONLY)
    try:
        fcntl.flock(handle, fcntl.LOCK_EX)
        yield
    finally:
        os.close(handle)


@contextmanager
def atomic_writer(path: Path, then: Callable[[], None] | None = None) -> Iterator[IO[str]]:
    """A text file at `path` that appears whole on a clean exit, and not at all otherwise.

    The temporary file's name is unique per call, and it gets the permissions a plain
    `open` would give (mkstemp's own are owner-only). `then` runs right after the rename,
    under `locked_folder`, so what it writes beside `path` always matches it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".partial", dir=path.parent)
    temp = Path(temp_name)
    try:
        umask = os.umask(0)
        os.umask(umask)
        os.fchmod(handle, 0o666 & ~umask)
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            yield out
            out.flush()
            os.fsync(out.fileno())
        if then is None:
            os.replace(temp, path)
        else:
            with locked_folder(path.parent):
                os.replace(temp, path)
                then()
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    _fsync_folder(path.parent)


def write_atomic(path: Path, text: str) -> None:
    with atomic_writer(path) as out:
        out.write(text)


def _fsync_folder(folder: Path) -> None:
    try:
        handle = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(handle)
    except OSError:
        pass
    finally:
        os.close(handle)
