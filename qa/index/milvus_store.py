"""A qa index in Milvus: generations written whole, made live by one pointer, loaded for answering.

The same steps as the folder index (`qa.index.store`): a build writes a new generation
beside the live one, then switches `live` to it; a build killed at any moment leaves the
old generation live, and the next build drops what the killed one left. An incremental
build reads the kept rows' vectors back (nothing is embedded twice) and writes them into
the new generation: Milvus has no copy between collections.
"""

from __future__ import annotations

import contextlib
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import IO, Any

import numpy as np

from qa.attribution.entities import COLUMNS
from qa.errors import IndexStoreError
from qa.index import lexical, milvus_rows, milvus_schema, store
from qa.index.manifest import Manifest
from qa.index.milvus_client import Target, close, connect, failures, hold
from qa.index.milvus_schema import LIVE, META, paragraphs_of, rebuild_hint, windows_of
from qa.index.milvus_search import PAGE, MilvusSearch, MilvusVocabulary

BATCH = 2_000  # entities per insert: 50k single inserts took 179 s, batches keep the rate
FETCH = 1_000  # vectors per read: 10,000 at once read 60 a second, 1,000 read 12,000


class MilvusIndex:
    """One qa index at one Milvus URI; the connection opens on first use and lives with the engine."""

    def __init__(self, where: Target) -> None:
        self.where = where
        self._client: Any = None
        self._hold: IO[str] | None = None

    @property
    def location(self) -> str:
        return self.where.uri

    def client(self) -> Any:
        if self._client is None:
            self._hold = self._hold or hold(self.where)
            try:
                self._client = connect(self.where)
            except BaseException:
                self.close()
                raise
        return self._client

    def close(self) -> None:
        if self._client is not None:
            close(self._client, self.where)
            self._client = None
        if self._hold is not None:
            self._hold.close()  # the flock goes with it
            self._hold = None

    def _meta(self, prefix: str) -> list[dict[str, Any]]:
        with failures(self.where, "to read qa_meta"):
            found: list[dict[str, Any]] = self.client().query(
                META, filter=f'key like "{prefix}/%"', output_fields=["key", "value"], limit=PAGE
            )
        return found

    def _damaged(self, why: object) -> IndexStoreError:
        return IndexStoreError(f"index at {self.location} is damaged ({why}): {rebuild_hint(self.location)}")

    def live(self) -> str | None:
        """The live generation's name, None when no index was ever built at this URI."""
        if not milvus_schema.check_meta(self.client(), self.location):
            return None
        with failures(self.where, "to read the live generation"):
            found = self.client().query(META, filter=f'key == "{LIVE}"', output_fields=["value"])
        if not found:
            return None
        name = str(found[0]["value"])
        if not milvus_schema.GENERATION.fullmatch(name):
            raise self._damaged(f"live names {name[:40]!r}")
        return name

    def _blob(self, generation: str, part: str) -> Any:
        try:
            return milvus_rows.blob_from(self._meta(f"{generation}/{part}"))
        except (ValueError, KeyError) as error:
            raise self._damaged(f"{part}: {error}") from error

    def read_manifest(self) -> Manifest | None:
        generation = self.live()
        if generation is None:
            return None
        if self._blob(generation, "schema") != milvus_schema.SCHEMA_VERSION:
            raise IndexStoreError(
                f"index at {self.location} was written by another qa version: {rebuild_hint(self.location)}"
            )
        return Manifest.from_json(self._blob(generation, "manifest"))

    def load(self, *, verify: bool = False) -> store.Snapshot | None:
        """The live generation: its catalogue read, its search answered by Milvus.

        `verify` (a build about to reuse it) also reads every window's vector back."""
        manifest = self.read_manifest()
        if manifest is None:
            return None
        generation = self.live()
        assert generation is not None
        client = self.client()
        milvus_schema.check_generation(client, generation, self.location)
        entities = self._entities(paragraphs_of(generation), manifest.paragraphs)
        long_texts = {int(row): str(body) for row, body in self._blob(generation, "long").items()}
        paragraphs, documents, quotes, flags = milvus_rows.catalogue(entities, long_texts)
        with failures(self.where, "to count windows"):
            windows = client.query(windows_of(generation), filter="", output_fields=["count(*)"])[0][
                "count(*)"
            ]
        if len(paragraphs) != manifest.paragraphs or int(windows) != manifest.windows:
            raise self._damaged("its collections disagree with its manifest")
        bm25 = self._blob(generation, "bm25")
        vectors, owners = self._vectors(windows_of(generation), manifest) if verify else _no_vectors(manifest)
        search = MilvusSearch(
            client,
            self.where,
            paragraphs_of(generation),
            windows_of(generation),
            len(paragraphs),
            float(bm25["k1"]),
            np.array([entry.first_paragraph for entry in documents.values()], dtype=np.int64),
        )
        vocabulary = MilvusVocabulary(self._blob(generation, "vocabulary"), len(paragraphs))
        typed = np.array(self._blob(generation, "entities"), dtype=np.int32).reshape(-1, COLUMNS)
        return store.Snapshot(
            manifest,
            tuple(paragraphs),
            vectors,
            owners,
            None,
            lexical.empty(len(paragraphs), bm25),
            Path(),
            quotes,
            np.array(flags, dtype=np.uint8),
            documents,
            typed,
            (search, vocabulary),
        )

    def _entities(self, collection: str, rows: int) -> list[dict[str, Any]]:
        wanted = [f for f in milvus_schema.PARAGRAPH_FIELDS if f != "sparse"]
        found: list[dict[str, Any]] = []
        with failures(self.where, "to read paragraphs"):
            for begin in range(0, rows, PAGE):
                page = f"row >= {begin} and row < {begin + PAGE}"
                found.extend(self.client().query(collection, filter=page, output_fields=wanted, limit=PAGE))
        return sorted(found, key=lambda entity: int(entity["row"]))

    def _vectors(self, collection: str, manifest: Manifest) -> tuple[np.ndarray, np.ndarray]:
        vectors = np.zeros((manifest.windows, manifest.dim), np.float32)
        owners = np.zeros(manifest.windows, np.int32)
        with failures(self.where, "to read vectors"):
            for begin in range(0, manifest.windows, FETCH):
                ids = list(range(begin, min(begin + FETCH, manifest.windows)))
                for window in self.client().get(collection, ids=ids, output_fields=["row", "vector"]):
                    vectors[int(window["id"])] = window["vector"]
                    owners[int(window["id"])] = int(window["row"])
        return vectors, owners

    def write(self, snapshot: store.Snapshot) -> str:
        """Write a new generation and make it live; returns its name. A failure leaves the old one live."""
        client = self.client()
        if not milvus_schema.check_meta(client, self.location):
            with failures(self.where, "to create qa_meta"):
                milvus_schema.create_meta(client)
        live = self.live()
        self._prune(keep=live)
        generation = f"g{time.strftime('%Y%m%d%H%M%S')}_{uuid.uuid4().hex[:8]}"
        try:
            with failures(self.where, "to write the index"):
                self._write_generation(snapshot, generation)
                client.upsert(META, [{"key": LIVE, "value": generation}])
        except BaseException:
            with contextlib.suppress(Exception):  # the old generation stays live; the next build prunes too
                self._prune(keep=live)
            raise
        self._prune(keep=generation)
        return generation

    def _write_generation(self, snapshot: store.Snapshot, generation: str) -> None:
        client, manifest = self.client(), snapshot.manifest
        params = snapshot.lexical.params
        k1, b = float(params.get("k1", 1.5)), float(params.get("b", 0.75))
        milvus_schema.create_generation(client, generation, manifest.dim, k1, b, self.where.lite)
        entities = milvus_rows.paragraph_entities(
            snapshot.paragraphs, snapshot.documents, snapshot.quotes, snapshot.flags
        )
        for batch in _batches(entities):
            client.insert(paragraphs_of(generation), batch)
        owners = np.asarray(snapshot.window_paragraph)
        keys = milvus_rows.doc_keys(snapshot.documents, len(snapshot.paragraphs))
        for begin in range(0, len(owners), BATCH):
            batch = [
                {
                    "id": w,
                    "row": int(owners[w]),
                    "doc_key": int(keys[owners[w]]),
                    "vector": np.asarray(snapshot.vectors[w]),
                }
                for w in range(begin, min(begin + BATCH, len(owners)))
            ]
            client.insert(windows_of(generation), batch)
        long = {
            p_row: p.text
            for p_row, p in enumerate(snapshot.paragraphs)
            if milvus_rows.cut_bytes(p.text) != p.text
        }
        blobs = {
            "manifest": replace(manifest, parts={}).to_json(),
            "vocabulary": _frequencies(snapshot),
            "bm25": {"k1": k1, "b": b},
            "long": long,
            "entities": snapshot.entities.tolist(),  # typed entity spans: (row, start, end, type)
            "schema": milvus_schema.SCHEMA_VERSION,
        }
        for part, data in blobs.items():
            client.insert(META, milvus_rows.blob_entities(f"{generation}/{part}", data))
        for name in (paragraphs_of(generation), windows_of(generation), META):
            client.flush(name)

    def _prune(self, keep: str | None) -> None:
        """Drop every generation but `keep`: collections and qa_meta entries with names qa gives only."""
        client = self.client()
        with failures(self.where, "to drop old generations"):
            for name in client.list_collections():
                own = milvus_schema.OWN.fullmatch(name)
                if own is not None and own.group("generation") != keep:
                    client.drop_collection(name)
            stale = {str(e["key"]).split("/", 1)[0] for e in self._meta_keys()} - {keep}
            for generation in stale:
                if milvus_schema.GENERATION.fullmatch(generation):
                    client.delete(META, filter=f'key like "{generation}/%"')

    def _meta_keys(self) -> list[dict[str, Any]]:
        found: list[dict[str, Any]] = self.client().query(
            META, filter='key like "g%"', output_fields=["key"], limit=PAGE
        )
        return found

    @contextlib.contextmanager
    def locked(self, waiting: Callable[[str], None] | None = None) -> Iterator[None]:
        """milvus-lite serves one process per file, so a second writer is refused when it connects
        (`qa.index.milvus_client.connect`); on a server qa takes no lock (not measured here)."""
        self.client()
        yield


def _batches(entities: Iterator[dict[str, Any]]) -> Iterator[list[dict[str, Any]]]:
    batch: list[dict[str, Any]] = []
    for entity in entities:
        batch.append(entity)
        if len(batch) == BATCH:
            yield batch
            batch = []
    if batch:
        yield batch


def _no_vectors(manifest: Manifest) -> tuple[np.ndarray, np.ndarray]:
    return np.zeros((0, manifest.dim), np.float32), np.zeros(0, np.int32)


def _frequencies(snapshot: store.Snapshot) -> dict[str, int]:
    """The term counts a generation keeps: from its BM25 arrays when built here, else as it was loaded."""
    if isinstance(snapshot.remote, tuple) and isinstance(snapshot.remote[1], MilvusVocabulary):
        return snapshot.remote[1].frequencies
    return lexical.document_frequencies(snapshot.lexical)
