"""The one place qa talks to pymilvus: a URI checked, a connection opened, its failures made one line.

`--milvus PATH.db` is milvus-lite, Milvus's own engine run as a child process on a local
file; `--milvus http(s)://host:port` a Milvus server. Both speak through `MilvusClient`,
so only the URI changes. pymilvus is imported here only, and only when a Milvus URI is
given: a folder index never loads it (0.9 s and a gRPC stack here).
"""

from __future__ import annotations

import contextlib
import fcntl
import logging
import os
import time
import warnings
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any
from urllib.parse import urlsplit

from qa.errors import IndexStoreError, IndexUnavailable, UsageError
from qa.paths import cache_dir

TIMEOUT = 10.0  # seconds a server gets to answer before it counts as not there
STARTS = 3  # tries at starting milvus-lite on a file
URI_FORMS = "a path ending in .db (milvus-lite) or http(s)://host:port (a Milvus server)"


@dataclass(frozen=True, slots=True)
class Target:
    """Where the index lives: a milvus-lite file or a server address, as the user gave it."""

    uri: str
    lite: bool

    @property
    def path(self) -> Path:
        return Path(self.uri)


def target(uri: str) -> Target:
    """A checked `--milvus` value; anything else is a usage error naming the two forms."""
    if uri.endswith(".db") and "://" not in uri:
        path = Path(uri).expanduser()
        if path.is_dir():
            raise UsageError(f"--milvus {uri} is a folder; give {URI_FORMS}")
        return Target(str(path.absolute()), lite=True)
    parts = urlsplit(uri)
    try:
        port = parts.port
    except ValueError:
        port = None
    if parts.scheme in {"http", "https"} and parts.hostname and port:
        return Target(uri, lite=False)
    raise UsageError(f"--milvus {uri!r} is not a Milvus address; give {URI_FORMS}")


def _quiet() -> None:
    """pymilvus and milvus-lite log every failed call to stderr with its traceback; qa says it once."""
    for name in ("pymilvus", "milvus_lite"):
        logging.getLogger(name).setLevel(logging.CRITICAL)


def hold(where: Target) -> IO[str] | None:
    """qa's own lock on a milvus-lite file, held while the connection lives (None for a server).

    milvus-lite locks `.NAME.lock` itself, but a refused second start deletes that file on
    its way out and pymilvus then retries, so two servers end up on one file. An flock of
    ours beside it refuses the second qa process first, and dies with the process that holds it."""
    if not where.lite:
        return None
    where.path.parent.mkdir(parents=True, exist_ok=True)
    handle = (where.path.parent / f".{where.path.name}.qa-lock").open("a")
    try:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError as error:
        handle.close()
        raise IndexUnavailable(
            f"{where.uri} is open in another process (milvus-lite serves one process per .db file); "
            "wait for it to finish, or use a Milvus server"
        ) from error
    return handle


@contextlib.contextmanager
def _child_log(where: Target) -> Iterator[None]:
    """milvus-lite's child process writes its own log (every commit of its text index) to the stderr
    it inherits: while it starts, stderr is its log file in the cache dir, so qa's stderr stays qa's."""
    if not where.lite:
        yield
        return
    log = cache_dir() / "milvus-lite.log"
    log.parent.mkdir(parents=True, exist_ok=True)
    saved = os.dup(2)
    try:
        with log.open("ab") as handle:
            os.dup2(handle.fileno(), 2)
            yield
    finally:
        os.dup2(saved, 2)
        os.close(saved)


def connect(where: Target) -> Any:
    """An open MilvusClient, or one IndexUnavailable line saying why not (`hold` the file first)."""
    # gRPC's C core logs a server's keep-alive complaints to stderr ("too_many_pings" after a
    # long embedding with the connection idle); the call that follows reconnects by itself
    os.environ.setdefault("GRPC_VERBOSITY", "NONE")
    from pymilvus import MilvusClient
    from pymilvus.exceptions import MilvusException

    _quiet()
    for attempt in range(STARTS):
        try:
            with warnings.catch_warnings(), _child_log(where):
                warnings.simplefilter(
                    "ignore"
                )  # milvus-lite 2.5 imports pkg_resources, which warns on import
                return MilvusClient(uri=where.uri, timeout=TIMEOUT)
        except MilvusException as error:
            if not where.lite:
                raise IndexUnavailable(
                    f"no Milvus server answers at {where.uri} ({error.message})"
                ) from error
            if attempt + 1 == STARTS:
                raise IndexUnavailable(
                    f"{where.uri} is not a milvus-lite database qa can open ({error.message}); "
                    "give --milvus a new .db path, or remove it and run `qa index --milvus ...`"
                ) from error
            time.sleep(1.0)  # the child of a process just ended may still be letting the file go
    raise AssertionError("unreachable")


@contextlib.contextmanager
def failures(where: Target, doing: str) -> Iterator[None]:
    """A call that fails on the server becomes one line naming what qa was doing."""
    from pymilvus.exceptions import MilvusException

    try:
        yield
    except MilvusException as error:
        raise IndexStoreError(f"Milvus at {where.uri} failed {doing}: {error.message}") from error


def in_list(values: Iterable[int]) -> str:
    """`[1,2,3]`: an integer list as a Milvus filter expression writes it."""
    return "[" + ",".join(str(int(v)) for v in values) + "]"


def close(client: Any, where: Target) -> None:
    """Release the connection, and stop milvus-lite's child process: pymilvus keeps it running
    until this process ends otherwise, and a second process could then start another on the file."""
    with contextlib.suppress(Exception):  # closing a connection that already failed is not news
        client.close()
    if where.lite:
        from milvus_lite.server_manager import server_manager_instance

        server_manager_instance.release_server(where.uri)
