"""Where an index lives: the index folder (the default) or a Milvus URI (`--milvus`), one interface.

The indexer and the engine read manifests, load generations, write them and take the
writer's lock through this; nothing above it knows which backend answers. The Milvus
modules (and pymilvus behind them) are imported only when a Milvus URI is given.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from qa.index import store
from qa.index.manifest import Manifest

Waiting = Callable[[str], None]


class IndexBackend(Protocol):
    @property
    def location(self) -> str: ...

    def read_manifest(self) -> Manifest | None: ...

    def load(self, *, verify: bool = False) -> store.Snapshot | None: ...

    def write(self, snapshot: store.Snapshot) -> str: ...

    def locked(self, waiting: Waiting | None = None) -> contextlib.AbstractContextManager[None]: ...

    def close(self) -> None: ...


@dataclass(frozen=True, slots=True)
class FolderIndex:
    """The index folder of `qa.index.store`: versioned generations of plain files."""

    index_dir: Path

    @property
    def location(self) -> str:
        return str(self.index_dir)

    def read_manifest(self) -> Manifest | None:
        return store.read_manifest(self.index_dir)

    def load(self, *, verify: bool = False) -> store.Snapshot | None:
        return store.load(self.index_dir, verify=verify)

    def write(self, snapshot: store.Snapshot) -> str:
        return str(store.write(self.index_dir, snapshot))

    def locked(self, waiting: Waiting | None = None) -> contextlib.AbstractContextManager[None]:
        return store.locked(self.index_dir, waiting=waiting)

    def close(self) -> None:
        """Nothing to release: the arrays are memory mapped and go with the snapshot."""


def open_backend(index_dir: Path, milvus: str | None) -> IndexBackend:
    """The folder index, or the Milvus one at `milvus` (a `.db` path or an http(s) address)."""
    if milvus is None:
        return FolderIndex(index_dir)
    from qa.index.milvus_client import target
    from qa.index.milvus_store import MilvusIndex

    return MilvusIndex(target(milvus))
