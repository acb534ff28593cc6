"""Corpus files to articles: one per text, Markdown or page file, one per record of a dump.

An article is what a citation names (`doc`): the file's id, or `FILE#N` for record N
of a dump. Each keeps the file it came from (an update re-reads whole files), its
paragraphs and its metadata. What a paragraph's `line` means follows the format:

- `.txt`, `.md`: the 1-based line of the file where the paragraph starts (front matter
  is not a paragraph, but counts for lines, so an editor still opens at the right place);
  a Markdown paragraph's text is rendered (see `qa.ingest.markdown`), its place is the file's;
- `.html`, `.htm`: its line in the extracted article text (see `qa.ingest.pages`);
- `.jsonl`, `.json`: the line of the file where its record starts (see `qa.ingest.dumps`).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import PurePosixPath

from qa.ingest import dumps, pages
from qa.ingest.corpus import Document, Warn
from qa.ingest.markdown import markdown_paragraphs
from qa.ingest.metadata import NO_META, DocumentMeta, front_matter
from qa.ingest.paragraphs import Paragraph, split_paragraphs


@dataclass(frozen=True, slots=True)
class Article:
    doc: str
    file: str
    paragraphs: tuple[Paragraph, ...]
    meta: DocumentMeta = NO_META


def record_doc(file: str, index: int) -> str:
    """The document id of record `index` of a dump: `news.jsonl#3`."""
    return f"{file}#{index}"


def articles_of(document: Document, warn: Warn) -> list[Article]:
    """The articles one file holds, in file order."""
    file, text = document.doc, document.text
    suffix = PurePosixPath(file).suffix.lower()
    if suffix in dumps.SUFFIXES:
        found = []
        for record in dumps.records(file, text, warn):
            doc = record_doc(file, record.index)
            paragraphs = tuple(replace(p, line=record.line) for p in split_paragraphs(doc, record.body))
            found.append(Article(doc, file, paragraphs, record.meta))
        return found
    if suffix in pages.SUFFIXES:
        try:
            body, meta = pages.extract(text)
        except Exception as error:  # lxml and trafilatura raise many types on a hostile page
            warn(f"{file}: no article text could be extracted ({type(error).__name__}); skipped")
            body, meta = "", NO_META
        if not body.strip():
            warn(f"{file}: no article text found in the page")
        return [Article(file, file, tuple(split_paragraphs(file, body)), meta)]
    if suffix == ".md":
        meta, begin = front_matter(text)
        lines = text.count("\n", 0, begin)
        paragraphs = tuple(
            replace(p, line=p.line + lines, start=p.start + begin)
            for p in markdown_paragraphs(file, text[begin:])
        )
        return [Article(file, file, paragraphs, meta)]
    return [Article(file, file, tuple(split_paragraphs(file, text)))]
