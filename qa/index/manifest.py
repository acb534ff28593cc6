"""What a generation's manifest.json records: the corpus files, articles, model and parts.

Plain frozen values with their JSON forms; `qa.index.store` reads and writes them.
The format number changes whenever a generation's files change meaning, and an
index of another format is refused with the command that rebuilds it.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field

from qa.errors import IndexStoreError
from qa.index import dense
from qa.ingest.metadata import DocumentMeta

REBUILD_HINT = "run `qa index --rebuild`"
FORMAT_VERSION = 3  # 2: quotes.jsonl and flags.npy; 3: documents.jsonl (articles of a file, metadata)


@dataclass(frozen=True)
class FileEntry:
    sha256: str
    size: int
    mtime_ns: int
    first_paragraph: int
    paragraphs: int
    first_window: int
    windows: int


@dataclass(frozen=True, slots=True)
class DocumentEntry:
    """One article: the corpus file it is in (a dump holds many), its paragraph rows, its metadata.

    `Manifest.files` is keyed by file, for updates; citations and filters name documents."""

    file: str
    first_paragraph: int
    paragraphs: int
    meta: DocumentMeta

    def to_json(self, doc: str) -> str:
        row = {"doc": doc, "file": self.file, "first_paragraph": self.first_paragraph}
        return json.dumps(
            {**row, "paragraphs": self.paragraphs, "meta": self.meta.to_json()}, ensure_ascii=False
        )


def documents_from_jsonl(lines: Iterator[str]) -> dict[str, DocumentEntry]:
    found = {}
    for line in lines:
        row = json.loads(line)
        meta = DocumentMeta.from_json(row["meta"])
        found[str(row["doc"])] = DocumentEntry(
            str(row["file"]), int(row["first_paragraph"]), int(row["paragraphs"]), meta
        )
    return found


@dataclass(frozen=True)
class Part:
    """One file of a generation as it was written, so a truncated or altered file is caught on load."""

    size: int
    sha256: str


@dataclass(frozen=True)
class Manifest:
    corpus: str
    model_name: str
    model_path: str
    model_fingerprint: str
    dim: int
    max_tokens: int
    files: dict[str, FileEntry]
    paragraphs: int
    windows: int
    dense_kind: str = dense.FLAT
    format: int = FORMAT_VERSION
    qa_version: str = ""
    attribution: str = ""  # ATTRIBUTION_VERSION of the rules that made quotes.jsonl ("" before it was kept)
    built_at: float = field(default_factory=time.time)
    parts: dict[str, Part] = field(default_factory=dict)
    # files found but not indexed (binary, unreadable, too big): [size, mtime_ns] when last tried,
    # so the index counts as fresh while they stay as they were
    skipped: dict[str, list[int]] = field(default_factory=dict)

    def to_json(self) -> str:
        return json.dumps(asdict(self), indent=1, sort_keys=True)

    @staticmethod
    def from_json(raw: str) -> Manifest:
        data = json.loads(raw)
        if data.get("format") != FORMAT_VERSION:
            raise IndexStoreError(
                f"index format {data.get('format')} is not {FORMAT_VERSION} (made by another qa version): "
                + REBUILD_HINT
            )
        data["files"] = {doc: FileEntry(**entry) for doc, entry in data["files"].items()}
        data["parts"] = {name: Part(**part) for name, part in data.get("parts", {}).items()}
        return Manifest(**data)
