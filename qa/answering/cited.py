"""Is a cited file still as it was indexed? Checked per answer, so a citation never points at other text.

The loaded index may lag the corpus: the chat re-indexes in the background, a batch never
does, and an edit that keeps the size and restores the modification time (`touch -r`)
passes every stat check. The engine answers through here, so what it cites is what the
file says now.
"""

from __future__ import annotations

import stat
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from qa.answering.answer import Answer
from qa.index.store import Snapshot
from qa.ingest.corpus import Warn, content_sha256

Seen = tuple[str, int, int, int, int]  # indexed hash, size, mtime, ctime, inode
Excluded = frozenset[tuple[str, int]]


class CitedFiles:
    """One stat per cited file; its bytes hashed the first time, and again only when its size,
    time, inode or inode change time moved (ctime catches an edit whose mtime was restored)."""

    def __init__(self, corpus: Path, warn: Warn) -> None:
        self.corpus = corpus
        self._warn = warn
        self._checked: dict[str, tuple[Seen, bool]] = {}

    def as_indexed(self, snapshot: Snapshot, doc: str) -> bool:
        """Is the file holding `doc` still in the corpus, with the bytes that were indexed?"""
        entry = snapshot.documents.get(doc)
        file = entry.file if entry is not None else doc  # a dump's records all live in one file
        indexed = snapshot.manifest.files.get(file)
        try:
            st = (self.corpus / file).stat()
        except OSError:
            return False
        if indexed is None or not stat.S_ISREG(st.st_mode):
            return stat.S_ISREG(st.st_mode)
        seen = (indexed.sha256, st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino)
        known = self._checked.get(file)
        if known is None or known[0] != seen:
            same = content_sha256(self.corpus / file) == indexed.sha256
            self._checked[file] = known = (seen, same)
            if not same:
                self._warn(f"{file} changed since it was indexed; answering without it until `qa index`")
        return known[1]

    def answer(
        self, snapshot: Snapshot, answer_with: Callable[[Excluded], Answer], exclude: Excluded
    ) -> Answer:
        """The answer, citing only files that still exist and still hold the text indexed.

        A file deleted or edited since the index was loaded has its paragraphs excluded and the
        question is answered again without them, so a citation never points at other text."""
        answer = answer_with(exclude)
        gone: set[str] = set()
        while vanished := {c.doc for c in answer.citations if not self.as_indexed(snapshot, c.doc)} - gone:
            gone |= vanished
            hidden = frozenset((p.doc, p.index) for p in snapshot.paragraphs if p.doc in gone)
            answer = answer_with(exclude | hidden)
        citations = tuple(
            replace(c, also=tuple(s for s in c.also if self.as_indexed(snapshot, s.doc)))
            for c in answer.citations
        )
        return answer if citations == answer.citations else replace(answer, citations=citations)
