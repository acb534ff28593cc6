"""A generation's rows to Milvus entities and back, and JSON kept in `qa_meta` in pieces.

What is written comes back equal: the paragraphs, each article's entry and metadata, the
quote records in their order, the flags (tests compare them with the folder index's).
Milvus holds at most 64 KB in a text field, so a longer paragraph keeps its text in
`qa_meta` as well, and its terms are cut at 64 KB (BM25 then sees its first ~8,000 words).
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from typing import Any

import numpy as np

from qa.attribution.record import QuoteRecord
from qa.index.manifest import DocumentEntry
from qa.index.milvus_schema import META_VARIABLES, TEXT_BYTES
from qa.ingest.metadata import DocumentMeta
from qa.ingest.paragraphs import Paragraph
from qa.language import text

PIECE = 60_000  # characters of ASCII JSON per qa_meta entity, under Milvus's 64 KB


def cut_bytes(value: str, limit: int = TEXT_BYTES) -> str:
    """The longest prefix of `value` that fits `limit` UTF-8 bytes."""
    raw = value.encode("utf-8")
    return value if len(raw) <= limit else raw[:limit].decode("utf-8", errors="ignore")


def terms_field(paragraph: str) -> str:
    """The paragraph's BM25 terms, space separated, whole terms only, within the field's limit."""
    joined = " ".join(text.terms(paragraph))
    cut = cut_bytes(joined)
    return cut if cut == joined else cut.rsplit(" ", 1)[0]


def paragraph_entities(
    paragraphs: Sequence[Paragraph],
    documents: dict[str, DocumentEntry],
    quotes: dict[str, tuple[QuoteRecord, ...]],
    flags: np.ndarray,
) -> Iterator[dict[str, Any]]:
    """One entity per paragraph row, in row order: the row, its article's metadata and its quotes."""
    for key, (doc, entry) in enumerate(documents.items()):
        at: dict[int, list[dict[str, Any]]] = {}
        for n, record in enumerate(quotes.get(doc, ())):
            at.setdefault(record.paragraph, []).append({"n": n, **record.to_json()})
        known = entry.meta.to_json()
        for offset in range(entry.paragraphs):
            row = entry.first_paragraph + offset
            paragraph = paragraphs[row]
            yield {
                "row": row,
                "doc": doc,
                "doc_key": key,
                "file": entry.file,
                "paragraph": paragraph.index,
                "line": paragraph.line,
                "start": paragraph.start,
                "text": cut_bytes(paragraph.text),
                "terms": terms_field(paragraph.text),
                "flags": int(flags[row]),
                **{name: str(known.get(name, "")) for name in META_VARIABLES},
                "extra": known.get("extra", {}),
                "quotes": at.get(offset, []),
            }


def doc_keys(documents: dict[str, DocumentEntry], rows: int) -> np.ndarray:
    """Each paragraph row's article, as its place in the generation's article order."""
    keys = np.zeros(rows, np.int64)
    for key, entry in enumerate(documents.values()):
        keys[entry.first_paragraph : entry.first_paragraph + entry.paragraphs] = key
    return keys


def catalogue(
    entities: Sequence[dict[str, Any]], long_texts: dict[int, str]
) -> tuple[list[Paragraph], dict[str, DocumentEntry], dict[str, tuple[QuoteRecord, ...]], list[int]]:
    """The paragraphs, articles, quotes and flags back from entities sorted by row."""
    paragraphs: list[Paragraph] = []
    documents: dict[str, DocumentEntry] = {}
    found: dict[str, list[tuple[int, QuoteRecord]]] = {}
    flags: list[int] = []
    for entity in entities:
        row, doc = int(entity["row"]), str(entity["doc"])
        body = long_texts.get(row, str(entity["text"]))
        paragraphs.append(
            Paragraph(doc, int(entity["paragraph"]), int(entity["line"]), int(entity["start"]), body)
        )
        flags.append(int(entity["flags"]))
        entry = documents.get(doc)
        if entry is None:
            known = {name: entity[name] for name in META_VARIABLES if entity.get(name)}
            meta = DocumentMeta.from_json({**known, "extra": entity.get("extra") or {}})
            documents[doc] = DocumentEntry(str(entity["file"]), row, 1, meta)
        else:
            documents[doc] = DocumentEntry(
                entry.file, entry.first_paragraph, entry.paragraphs + 1, entry.meta
            )
        for record in entity.get("quotes") or ():
            found.setdefault(doc, []).append((int(record["n"]), QuoteRecord.from_json(record)))
    quotes = {
        doc: tuple(r for _, r in sorted(records, key=lambda pair: pair[0])) for doc, records in found.items()
    }
    return paragraphs, documents, quotes, flags


def pieces(value: str) -> list[str]:
    """A JSON text in pieces that each fit a qa_meta entity (ASCII JSON: one byte a character)."""
    return [value[i : i + PIECE] for i in range(0, len(value), PIECE)] or [""]


def blob_entities(prefix: str, data: object) -> list[dict[str, str]]:
    encoded = json.dumps(data, ensure_ascii=True, separators=(",", ":"))
    return [{"key": f"{prefix}/{n:06d}", "value": piece} for n, piece in enumerate(pieces(encoded))]


def blob_from(entities: Sequence[dict[str, Any]]) -> Any:
    """The JSON value back from its pieces (in key order); ValueError when one is missing or altered."""
    ordered = sorted(entities, key=lambda e: str(e["key"]))
    for n, entity in enumerate(ordered):
        if not str(entity["key"]).endswith(f"/{n:06d}"):
            raise ValueError(f"piece {n} of {entity['key'].rsplit('/', 1)[0]} is missing")
    return json.loads("".join(str(e["value"]) for e in ordered))
