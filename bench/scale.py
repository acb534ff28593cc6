"""Dense retrieval at scale: a synthetic corpus of N window vectors (dim 384), through qa.index.dense.

The vectors come in topics: a topic centre, plus a spread inside a 16-dimensional
subspace of that topic, plus a little isotropic noise, normalised; topic sizes are
skewed, as news is. Near neighbours therefore exist and recall means something
(random unit vectors in 384 dimensions are all nearly equidistant; `--uniform` runs
that worst case). One paragraph in ten has two windows, as long paragraphs do in qa.
Questions are fresh draws from the same topics.

Steps: build the index of the kind qa chooses for N (or `--kind`) and save it; the
exact top-10 paragraphs of every question from a flat scan (the ground truth); then a
fresh process loads the saved index as `store.load` does and asks the questions one
at a time, as `qa ask` does (50 paragraphs deep, i.e. 100 windows), and reports
latency percentiles, recall@10 and resident memory (anonymous and file-backed).

`--vectors FILE.npy` runs the same on real unit vectors instead (questions are rows
held out of the index); `--ef 64,256` also tries other HNSW search beams.

    .venv/bin/python bench/scale.py [--n 1000000] [--queries 1000] [--kind flat|hnsw]
                                    [--uniform | --vectors FILE.npy] [--ef 64,256]
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np

from qa.index import dense

DIM = 384
LATENT = 16  # dimensions a topic spreads in
TOPIC_SIZE = 200  # windows per topic on average
BASES = 64  # distinct topic subspaces (memory stays small at any N)
CHUNK = 50_000
DEPTH = 50  # paragraphs a question asks for: Engine's depth at k = 5
KB = 1024


def vectors(n: int, seed: int, topics: int, uniform: bool) -> np.ndarray:
    """Unit vectors: clustered in topics (shared by every seed), or uniform on the sphere."""
    rng = np.random.default_rng(seed)
    out = np.empty((n, DIM), dtype=np.float32)
    shared = np.random.default_rng(0)
    centres = shared.standard_normal((topics, DIM), dtype=np.float32)
    bases = [
        np.linalg.qr(shared.standard_normal((DIM, LATENT)))[0].T.astype(np.float32) for _ in range(BASES)
    ]
    weights = shared.lognormal(0.0, 1.0, topics)
    weights /= weights.sum()
    for begin in range(0, n, CHUNK):
        count = min(CHUNK, n - begin)
        block = rng.standard_normal((count, DIM), dtype=np.float32)
        if not uniform:
            topic = rng.choice(topics, size=count, p=weights)
            centre = centres[topic] / np.linalg.norm(centres[topic], axis=1, keepdims=True)
            block = centre + 0.3 * block / np.sqrt(DIM)
            spread = rng.standard_normal((count, LATENT), dtype=np.float32) * (0.8 / np.sqrt(LATENT))
            for which, basis in enumerate(bases):
                rows = np.nonzero(topic % BASES == which)[0]
                block[rows] += spread[rows] @ basis
        out[begin : begin + count] = block / np.linalg.norm(block, axis=1, keepdims=True)
    return out


def memory() -> dict[str, int]:
    """This process's resident memory in KiB: total, anonymous, file-backed, peak."""
    fields = {"VmRSS": "rss", "RssAnon": "anon", "RssFile": "file", "VmHWM": "peak"}
    found: dict[str, int] = {}
    for line in Path("/proc/self/status").read_text().splitlines():
        key, _, value = line.partition(":")
        if key in fields:
            found[fields[key]] = int(value.split()[0])
    return found


def serve(work: Path, name: str, limit: int, beams: list[int]) -> None:
    """The child: load as qa does, ask one question at a time, print timings and memory.

    The first pass runs with qa's own search beam; `beams` are extra passes after it."""
    import faiss  # loaded before the baseline, as qa has it loaded before the index

    faiss.omp_set_num_threads(faiss.omp_get_max_threads())
    before = memory()
    started = time.perf_counter()
    index = dense.load(work / name)
    window_paragraph = np.load(work / "windows.npy", allow_pickle=False)
    load_seconds = time.perf_counter() - started
    queries = np.load(work / "queries.npy")[:limit]
    passes: list[dict[str, Any]] = []
    for beam in [0, *beams]:
        if beam and dense.kind_of(index) == dense.HNSW:
            index.hnsw.efSearch = beam
        found = np.full((len(queries), 10), -1, dtype=np.int64)
        latencies = []
        for row, query in enumerate(queries):
            started = time.perf_counter()
            ranked = dense.search_paragraphs(index, window_paragraph, query[None], DEPTH)[0]
            latencies.append(time.perf_counter() - started)
            top = [paragraph for paragraph, _ in ranked[:10]]
            found[row, : len(top)] = top
        np.save(work / f"{name}.{len(passes)}.npy", found)
        passes.append({"beam": beam or dense.HNSW_EF_SEARCH, "latencies": latencies, "after": memory()})
    print(
        json.dumps({"load": load_seconds, "before": before, "passes": passes, "kind": dense.kind_of(index)})
    )


def run_child(work: Path, name: str, limit: int, beams: list[int]) -> dict[str, Any]:
    """Serve the saved index in a fresh process: clean memory figures, no threads left from building."""
    command = [sys.executable, __file__, "--serve", str(work), name, str(limit), ",".join(map(str, beams))]
    child = subprocess.run(command, capture_output=True, text=True, check=True)
    served: dict[str, Any] = json.loads(child.stdout.strip().splitlines()[-1])
    return served


def corpus(args: argparse.Namespace) -> tuple[np.ndarray, np.ndarray, str]:
    """Index vectors, question vectors and a description of where they came from."""
    if args.vectors:
        real = np.load(args.vectors, mmap_mode="r")
        n = min(args.n, len(real) - args.queries)
        base = np.ascontiguousarray(real[:n], dtype=np.float32)
        held_out = np.ascontiguousarray(real[len(real) - args.queries :], dtype=np.float32)
        return base, held_out, f"real vectors from {args.vectors}"
    topics = max(1, args.n // TOPIC_SIZE)
    base = vectors(args.n, 1, topics, args.uniform)
    return (
        base,
        vectors(args.queries, 2, topics, args.uniform),
        "uniform" if args.uniform else f"{topics:,} topics",
    )


def recall_at_10(exact: list[list[tuple[int, float]]], found: np.ndarray) -> float:
    return statistics.mean(
        len({p for p, _ in t} & set(found[row].tolist())) / len(t) for row, t in enumerate(exact)
    )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--n", type=int, default=1_000_000, help="windows (vectors) in the corpus")
    parser.add_argument("--queries", type=int, default=1000)
    parser.add_argument("--kind", choices=dense.KINDS, help="default: what qa chooses for N")
    source = parser.add_mutually_exclusive_group()
    source.add_argument("--uniform", action="store_true", help="random unit vectors (the worst case)")
    source.add_argument("--vectors", type=Path, help="an .npy file of real unit vectors to use instead")
    parser.add_argument("--ef", default="", help="extra HNSW search beams to try, comma separated")
    parser.add_argument("--m", type=int, default=dense.HNSW_M, help="HNSW links per node (to tune)")
    parser.add_argument("--ef-construction", type=int, default=dense.HNSW_EF_CONSTRUCTION, help="(to tune)")
    parser.add_argument("--serve", nargs=4, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        work, name, limit, beams = args.serve
        serve(Path(work), name, int(limit), [int(b) for b in beams.split(",") if b])
        return
    dense.HNSW_M, dense.HNSW_EF_CONSTRUCTION = args.m, args.ef_construction  # what build reads
    work = Path(tempfile.mkdtemp(prefix="qa-scale-"))
    try:
        report(args, work)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def report(args: argparse.Namespace, work: Path) -> None:
    started = time.perf_counter()
    base, queries, origin = corpus(args)
    generated = time.perf_counter() - started
    n = len(base)
    kind = args.kind or dense.choose_kind(n)
    continued = np.random.default_rng(3).random(n) < 0.1  # a second window of the paragraph before
    continued[0] = False
    window_paragraph = (np.cumsum(~continued) - 1).astype(np.int32)
    paragraphs = int(window_paragraph[-1]) + 1
    np.save(work / "windows.npy", window_paragraph)
    np.save(work / "queries.npy", queries)

    started = time.perf_counter()
    dense.save(dense.build(base, kind), work / "dense.faiss")
    build_seconds = time.perf_counter() - started
    flat = dense.build(base, dense.FLAT)
    started = time.perf_counter()
    exact = dense.search_paragraphs(flat, window_paragraph, queries, 10)  # batched: BLAS
    exact_seconds = time.perf_counter() - started
    dense.save(flat, work / "flat.faiss")
    del flat, base

    beams = [int(b) for b in args.ef.split(",") if b] if kind == dense.HNSW else []
    served = run_child(work, "dense.faiss", len(queries), beams)
    flat_served = served if kind == dense.FLAT else run_child(work, "flat.faiss", 50, [])
    flat_p50 = statistics.median(flat_served["passes"][0]["latencies"]) * 1000
    first = served["passes"][0]
    latencies = [s * 1000 for s in first["latencies"]]
    recall = recall_at_10(exact, np.load(work / "dense.faiss.0.npy"))
    before, after = served["before"], first["after"]
    grown = after["rss"] - before["rss"]
    file_mib = (work / "dense.faiss").stat().st_size / KB / KB
    print(
        f"corpus              {n:,} windows, {paragraphs:,} paragraphs, dim {DIM}, {origin}; {len(queries)} questions"
    )
    print(
        f"exact neighbours    mean cosine of top-1 {statistics.mean(t[0][1] for t in exact):.3f}, "
        f"of top-10 {statistics.mean(t[-1][1] for t in exact):.3f}"
    )
    print(
        f"generate            {generated:.1f} s; exact top-10 of all questions (flat, batched) {exact_seconds:.1f} s"
    )
    print(
        f"index               {served['kind']} (qa's choice for {n:,}: {dense.choose_kind(n)}), "
        f"M {args.m}, efConstruction {args.ef_construction}, built in {build_seconds:.1f} s "
        f"({n / build_seconds:,.0f} windows/s), file {file_mib:,.0f} MiB"
    )
    print(f"load                {served['load']:.2f} s in a fresh process (index memory mapped)")
    print(
        f"latency, 1 question p50 {statistics.median(latencies):.2f} ms, p95 {percentile(latencies, 95):.2f} ms "
        f"(flat scan for comparison: p50 {flat_p50:.2f} ms)"
    )
    print(f"recall@10           {recall:.4f} (paragraphs, against the exact flat scan)")
    print(
        f"memory (RSS)        {after['rss'] / KB:,.0f} MiB total, peak {after['peak'] / KB:,.0f} MiB; "
        f"index {grown / KB:,.0f} MiB = {grown * KB / paragraphs:,.0f} B per paragraph, "
        f"{grown * KB / n:,.0f} B per window (anon {(after['anon'] - before['anon']) / KB:,.0f} MiB, "
        f"file-backed {(after['file'] - before['file']) / KB:,.0f} MiB)"
    )
    for number, extra in enumerate(served["passes"][1:], start=1):
        ms = [s * 1000 for s in extra["latencies"]]
        print(
            f"  efSearch {extra['beam']:<5}     p50 {statistics.median(ms):.2f} ms, p95 {percentile(ms, 95):.2f} ms, "
            f"recall@10 {recall_at_10(exact, np.load(work / f'dense.faiss.{number}.npy')):.4f}"
        )
    summary = {
        "n": n,
        "kind": served["kind"],
        "m": args.m,
        "ef_construction": args.ef_construction,
        "build_s": round(build_seconds, 1),
        "p50_ms": round(statistics.median(latencies), 3),
        "p95_ms": round(percentile(latencies, 95), 3),
        "flat_p50_ms": round(flat_p50, 3),
        "recall10": round(recall, 4),
        "rss_mib": round(after["rss"] / KB),
        "bytes_per_paragraph": round(grown * KB / paragraphs),
    }
    print(json.dumps(summary))


def percentile(values: list[float], q: float) -> float:
    return float(np.percentile(np.asarray(values), q))


if __name__ == "__main__":
    main()
