"""The folder index against milvus-lite at several sizes: write rate, retrieval latency, memory.

    .venv/bin/python bench/milvus_scale.py --base INDEX_DIR [--sizes 10000,50000,200000] [--questions 200]

INDEX_DIR is a folder index of a real corpus (for docs/scaling.md: the BBC corpus of
../shared/bench/bbc_news, 12,394 paragraphs, built with `qa index`). Larger sizes repeat
its rows under new document ids (`doc~2`), each repeat's vectors moved by a little seeded
noise so that repeats do not tie. For each size both backends get the same generation;
then every question makes, against each, the Search calls one `qa ask` makes (dense
top-k, BM25 top-k with the dense rows' scores, exact cosines of BM25's own rows), without
a filter and with one allowing a tenth of the articles, folder and Milvus taking turns
question by question (paired: the machine is shared, so compare the ratio). Answering
on top of retrieval is the same code for both and is not timed here.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import tempfile
import time
from dataclasses import replace
from pathlib import Path

import numpy as np

from qa.index import dense, lexical, store
from qa.index.embedding import load_query_encoder, resolve_model
from qa.index.manifest import DocumentEntry, FileEntry
from qa.index.milvus_client import target
from qa.index.milvus_store import MilvusIndex
from qa.index.search import Search
from qa.ingest.paragraphs import Paragraph
from qa.language.text import terms

ROOT = Path(__file__).resolve().parent.parent
QUESTIONS = ROOT / "bench" / "gold" / "bbc_questions.jsonl"
DEPTH = 50  # what a question asks each side for (qa.engine: max(50, 4k))


def rss_kb(pid: int | str = "self") -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def children_rss_kb() -> int:
    """The milvus-lite child processes of this process."""
    total = 0
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(stat[1]) == os.getpid():
                total += rss_kb(entry.name)
    return total


def repeated(base: store.Snapshot, size: int, seed: int = 7) -> store.Snapshot:
    """`size` paragraph rows: the base's rows, then repeats of them under new document ids."""
    rng = np.random.default_rng(seed)
    paragraphs: list[Paragraph] = []
    documents: dict[str, DocumentEntry] = {}
    files: dict[str, FileEntry] = {}
    quotes, vectors, owners, flags = {}, [], [], []
    copy = 0
    while len(paragraphs) < size:
        suffix = "" if copy == 0 else f"~{copy}"
        for doc, entry in base.documents.items():
            if len(paragraphs) >= size:
                break
            first = len(paragraphs)
            rows = range(entry.first_paragraph, entry.first_paragraph + entry.paragraphs)
            paragraphs.extend(replace(base.paragraphs[r], doc=doc + suffix) for r in rows)
            documents[doc + suffix] = replace(entry, file=entry.file + suffix, first_paragraph=first)
            if doc in base.quotes:
                quotes[doc + suffix] = base.quotes[doc]
            flags.extend(int(base.flags[r]) for r in rows)
            windows = np.flatnonzero(
                (base.window_paragraph >= rows.start) & (base.window_paragraph < rows.stop)
            )
            moved = np.asarray(base.vectors[windows], dtype=np.float32)
            if copy:
                moved = moved + rng.normal(0, 0.02, moved.shape).astype(np.float32)
                moved /= np.linalg.norm(moved, axis=1, keepdims=True)
            vectors.append(moved)
            owners.append(base.window_paragraph[windows] - rows.start + first)
            files[entry.file + suffix] = FileEntry("0" * 64, 0, 0, first, entry.paragraphs, 0, len(windows))
        copy += 1
    stacked = np.concatenate(vectors)
    manifest = replace(base.manifest, files=files, paragraphs=len(paragraphs), windows=len(stacked), parts={})
    bm25 = lexical.build([terms(p.text) for p in paragraphs])
    return store.Snapshot(
        manifest,
        tuple(paragraphs),
        stacked,
        np.concatenate(owners).astype(np.int32),
        dense.build(stacked),
        bm25,
        Path(),
        quotes,
        np.array(flags, np.uint8),
        documents,
    )


def one_question(search: Search, vector: np.ndarray, words: list[str], allowed: np.ndarray | None) -> float:
    started = time.perf_counter()
    ranked = (
        search.dense_within(vector, allowed, DEPTH)
        if allowed is not None
        else search.dense(vector[None], DEPTH)[0]
    )
    rows = [row for row, _ in ranked]
    hits = search.lexical(words, DEPTH, allowed, rows)
    search.similarity([row for row, _ in hits.top if row not in set(rows)], vector)
    return (time.perf_counter() - started) * 1000


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def measure(
    base: store.Snapshot, size: int, work: Path, vectors: np.ndarray, words: list[list[str]]
) -> dict[str, object]:
    snapshot = repeated(base, size)
    result: dict[str, object] = {
        "paragraphs": len(snapshot.paragraphs),
        "windows": len(snapshot.window_paragraph),
    }
    started = time.monotonic()
    store.write(work / "index", snapshot)
    result["folder write s"] = time.monotonic() - started
    where = target(str(work / "scale.db"))
    writer = MilvusIndex(where)
    started = time.monotonic()
    writer.write(snapshot)
    seconds = time.monotonic() - started
    writer.close()
    result["milvus write s"] = seconds
    result["milvus rows/s"] = len(snapshot.paragraphs) / seconds
    del snapshot
    before = rss_kb()
    started = time.monotonic()
    folder = store.load(work / "index")
    result["folder open s"] = time.monotonic() - started
    assert folder is not None
    milvus_index = MilvusIndex(where)
    started = time.monotonic()
    milvus = milvus_index.load()
    result["milvus open s"] = time.monotonic() - started
    assert milvus is not None
    allowed = np.zeros(len(folder.paragraphs), bool)
    for n, entry in enumerate(folder.documents.values()):
        if n % 10 == 0:
            allowed[entry.first_paragraph : entry.first_paragraph + entry.paragraphs] = True
    times: dict[str, list[float]] = {"folder": [], "milvus": [], "folder filtered": [], "milvus filtered": []}
    for n, (vector, said) in enumerate(zip(vectors, words, strict=True)):
        pairs = [("folder", folder.search), ("milvus", milvus.search)]
        for name, search in pairs if n % 2 else pairs[::-1]:
            times[name].append(one_question(search, vector, said, None))
            times[f"{name} filtered"].append(one_question(search, vector, said, allowed))
    for name, values in times.items():
        result[f"{name} p50"], result[f"{name} p95"] = percentile(values, 0.5), percentile(values, 0.95)
    result["qa process MB"] = (rss_kb() - before) / 1024
    result["milvus child MB"] = children_rss_kb() / 1024
    result["folder disk MB"] = (
        sum(f.stat().st_size for f in (work / "index").rglob("*") if f.is_file()) / 2**20
    )
    result["milvus disk MB"] = sum(f.stat().st_size for f in work.glob("scale.db*")) / 2**20
    milvus_index.close()
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", type=Path, required=True, help="a folder index of a real corpus")
    parser.add_argument("--sizes", default="10000,50000,200000")
    parser.add_argument("--questions", type=int, default=200)
    args = parser.parse_args()
    base = store.load(args.base, verify=True)
    assert base is not None, f"no index at {args.base}"
    asked = [json.loads(line)["question"] for line in QUESTIONS.read_text().splitlines()][: args.questions]
    encoder = load_query_encoder(resolve_model(None))
    vectors = encoder.encode(asked)
    words = [terms(q) for q in asked]
    rows = []
    for size in (int(s) for s in args.sizes.split(",")):
        work = Path(tempfile.mkdtemp(prefix="qa-scale-"))
        try:
            rows.append(measure(base, size, work, vectors, words))
        finally:
            shutil.rmtree(work, ignore_errors=True)
        print(json.dumps(rows[-1]), flush=True)
    keys = list(rows[0])
    print("| " + " | ".join(keys) + " |")
    print("|" + "---|" * len(keys))
    for row in rows:
        print(
            "| " + " | ".join(f"{v:,.1f}" if isinstance(v, float) else f"{v:,}" for v in row.values()) + " |"
        )


if __name__ == "__main__":
    main()
