"""What changed in the corpus since the last build: added, changed, removed and unchanged files.

A file whose size and modification time match the manifest is taken as unchanged
without reading it; otherwise its content hash decides. `verify` hashes every file
(`qa doctor`, `qa batch --frozen`): an edit that kept the size and restored the time shows. `qa index --dry-run` shows
this plan without writing anything.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from qa.errors import OtherCorpus
from qa.index.manifest import REBUILD_HINT, FileEntry, Manifest
from qa.ingest.corpus import Document, SourceFile, Warn, read_document


@dataclass(frozen=True)
class IndexPlan:
    added: tuple[str, ...] = ()
    changed: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()
    unchanged: tuple[str, ...] = ()

    @property
    def up_to_date(self) -> bool:
        return not (self.added or self.changed or self.removed)


def _unchanged_by_stat(source: SourceFile, entry: FileEntry | None) -> bool:
    return entry is not None and entry.size == source.size and entry.mtime_ns == source.mtime_ns


def plan_changes(
    sources: Sequence[SourceFile], manifest: Manifest | None, warn: Warn, *, verify: bool = False
) -> tuple[IndexPlan, dict[str, Document]]:
    """Decide what changed; returns the plan and the documents that had to be read for it."""
    old = manifest.files if manifest else {}
    added: list[str] = []
    changed: list[str] = []
    unchanged: list[str] = []
    read: dict[str, Document] = {}
    for source in sources:
        entry = old.get(source.doc)
        if not verify and _unchanged_by_stat(source, entry):
            unchanged.append(source.doc)
            continue
        document = read_document(source, warn)
        if document is None:
            continue
        read[source.doc] = document
        if entry is None:
            added.append(source.doc)
        elif entry.sha256 == document.sha256:
            unchanged.append(source.doc)
        else:
            changed.append(source.doc)
    present = {*added, *changed, *unchanged}
    removed = sorted(doc for doc in old if doc not in present)
    return IndexPlan(tuple(added), tuple(changed), tuple(removed), tuple(unchanged)), read


def refuse_other_corpus(
    sources: Sequence[SourceFile], manifest: Manifest | None, corpus: Path, location: str
) -> None:
    """Raise OtherCorpus when the index was built from another folder and shares no article with `corpus`.

    Updating would replace an index that may have taken an hour to build with one of the wrong
    articles ("qa ask --index X" run where ./corpus is another corpus). A corpus moved or renamed
    keeps its articles' names and is updated as usual; `rebuild` is how to replace the index."""
    if manifest is None or not manifest.files or Path(manifest.corpus).resolve() == corpus.resolve():
        return
    if any(source.doc in manifest.files for source in sources):
        return
    raise OtherCorpus(
        f"{location} holds the index of {manifest.corpus} ({len(manifest.files)} files), none of them in "
        f"{corpus}: pass --corpus {manifest.corpus} to use it, or {REBUILD_HINT} to replace it"
    )
