"""Soak: many batch questions, then many re-index cycles with files added, changed and deleted.

Everything runs in one process through the same code `qa batch` and `qa index` use (the
batch reader, `answer_rows`, `Engine.index`), so leaks would pile up here as they would in
a long chat session. Measured: questions per second; resident memory (VmRSS), open file
descriptors and memory-mapped index files, first vs last 10% of each phase; and, after every
answer, whether each citation is still what the file on disk holds at that moment (same
paragraph text at the same paragraph number and line, the file not deleted). A cycle also
asks about the article it just added (must be found) and the one it just deleted (must not
be cited).

    .venv/bin/python bench/soak.py [--questions 10000] [--cycles 200] [--tiny 10000] [--minutes 20]

`--tiny N` first indexes N one-line files and times it (0 skips). The run stops early, and
says so, once `--minutes` have passed.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from qa.cli.batch import answer_rows  # noqa: E402
from qa.cli.batchfile import read_items  # noqa: E402 - after the path set-up, as a script
from qa.engine import Engine  # noqa: E402
from qa.ingest.corpus import decode  # noqa: E402
from qa.ingest.paragraphs import split_paragraphs  # noqa: E402

SETS = (ROOT / "bench" / "devset.jsonl", ROOT / "bench" / "heldout.jsonl")
TOWNS = "Arden Bexley Calder Dunmore Elston Farrow Glenna Hollin Ivers Jessop".split()
LIVE_ADDED = 20  # soak articles kept at once; older ones are deleted, one per cycle


def resources() -> tuple[float, int, int]:
    """Resident MiB, open file descriptors, and mapped files that belong to an index generation."""
    status = Path("/proc/self/status").read_text()
    rss = next(int(line.split()[1]) for line in status.splitlines() if line.startswith("VmRSS:")) / 1024
    fds = sum(1 for _ in Path("/proc/self/fd").iterdir())
    maps = {line.split()[-1] for line in Path("/proc/self/maps").read_text().splitlines() if "/gen-" in line}
    return rss, fds, len(maps)


@dataclass
class Series:
    samples: list[tuple[float, int, int]] = field(default_factory=list)

    def add(self) -> None:
        self.samples.append(resources())

    def report(self, name: str) -> str:
        tenth = max(1, len(self.samples) // 10)
        first, last = self.samples[:tenth], self.samples[-tenth:]

        def mean(rows: list[tuple[float, int, int]], i: int) -> float:
            return statistics.fmean(row[i] for row in rows)

        return (
            f"{name}: RSS {mean(first, 0):.0f} -> {mean(last, 0):.0f} MiB (max {max(r[0] for r in self.samples):.0f}), "
            f"open fds {mean(first, 1):.0f} -> {mean(last, 1):.0f}, "
            f"mapped index files {mean(first, 2):.0f} -> {mean(last, 2):.0f}  (first vs last 10%)"
        )


class Disk:
    """The corpus as it is on disk now, paragraph by paragraph (re-read when a file's stamp changes)."""

    def __init__(self, corpus: Path) -> None:
        self.corpus = corpus
        self._cache: dict[str, tuple[tuple[int, int], list[tuple[str, int]]]] = {}

    def paragraphs(self, doc: str) -> list[tuple[str, int]] | None:
        path = self.corpus / doc
        try:
            st = path.stat()
        except FileNotFoundError:
            return None
        stamp = (st.st_size, st.st_mtime_ns)
        cached = self._cache.get(doc)
        if cached is None or cached[0] != stamp:
            text = decode(path.read_bytes(), doc, lambda _: None)
            cached = (stamp, [(p.text, p.line) for p in split_paragraphs(doc, text)])
            self._cache[doc] = cached
        return cached[1]

    def mismatches(self, row: dict[str, object]) -> int:
        wrong = 0
        citations = row.get("citations", [])
        assert isinstance(citations, list)
        for citation in citations:
            on_disk = self.paragraphs(citation["doc"])
            n = citation["paragraph"]
            if (
                on_disk is None
                or not 0 <= n < len(on_disk)
                or on_disk[n] != (citation["text"], citation["line"])
            ):
                wrong += 1
        return wrong


def base_questions(count: int, seed: int) -> list[str]:
    pool = [json.loads(line)["question"] for path in SETS for line in path.read_text().splitlines() if line]
    pool += [f"What did the mayor of {town} say about the bridge?" for town in TOWNS]
    pool += [f"How much will the {town} bridge repairs cost?" for town in TOWNS]
    rng = random.Random(seed)
    return [rng.choice(pool) for _ in range(count)]


def town_article(town: str, version: int) -> str:
    return (
        f"{town} council met on Monday to discuss the bridge.\n\n"
        f'The mayor of {town}, Ruth Calloway, said: "The bridge will reopen in spring, version {version}."\n\n'
        f"The {town} bridge repairs will cost £{version * 3 + 4} million, the council said.\n\n"
        f"Residents of {town} have waited {version + 2} months for the crossing.\n"
    )


def soak_article(cycle: int) -> str:
    return (
        f"The harbour master of Port Quillon{cycle} said the ferry fleet would grow to {cycle * 3 + 7} boats.\n\n"
        f"Port Quillon{cycle} opened its new pier this week.\n"
    )


def ask(engine: Engine, questions: list[str], disk: Disk, k: int) -> Iterator[dict[str, object]]:
    lines = [json.dumps({"id": i, "question": q}) for i, q in enumerate(questions)]
    for row in answer_rows(engine, read_items(lines), k):
        json.dumps(row, ensure_ascii=False, allow_nan=False)  # as written by `qa batch`
        yield row


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--questions", type=int, default=10_000)
    parser.add_argument("--cycles", type=int, default=200)
    parser.add_argument("--tiny", type=int, default=10_000, help="one-line files to index once (0: skip)")
    parser.add_argument("--minutes", type=float, default=20.0, help="stop early after this long")
    parser.add_argument("-k", type=int, default=5)
    args = parser.parse_args()
    deadline = time.monotonic() + args.minutes * 60
    work = Path(tempfile.mkdtemp(prefix="qa-soak-"))
    os.environ.setdefault("QA_CACHE_DIR", str(work / "cache"))
    try:
        return run(args, work, deadline)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def run(args: argparse.Namespace, work: Path, deadline: float) -> int:
    corpus = work / "corpus"
    shutil.copytree(ROOT / "corpus", corpus)
    for town in TOWNS:
        (corpus / f"town_{town.lower()}.txt").write_text(town_article(town, 0), encoding="utf-8")
    engine = Engine(corpus, index_dir=work / "index")
    started = time.monotonic()
    engine.open()
    print(f"setup: {len(engine.documents)} articles indexed in {time.monotonic() - started:.1f} s")
    disk = Disk(corpus)
    mismatches = 0
    errors = 0

    if args.tiny:
        tiny = work / "tiny"
        tiny.mkdir()
        for i in range(args.tiny):
            (tiny / f"n{i:05d}.txt").write_text(f"Note {i}: parcel {i * 7} left depot {i % 13}.\n")
        started = time.monotonic()
        tiny_engine = Engine(tiny, index_dir=work / "tiny-index")
        summary = tiny_engine.index()
        seconds = time.monotonic() - started
        again = tiny_engine.index()
        target = args.tiny * 2 // 3
        found = tiny_engine.ask(f"Which depot did parcel {target * 7} leave?", k=1)
        print(
            f"tiny files: {args.tiny} files, {summary.paragraphs} paragraphs indexed in {seconds:.1f} s; "
            f"re-run embeds {again.embedded}; parcel {target * 7} found in n{target:05d}.txt: "
            f"{found.citations[0].doc == f'n{target:05d}.txt'}"
        )
        del tiny_engine
        shutil.rmtree(tiny)
        shutil.rmtree(work / "tiny-index")

    memory = Series()
    memory.add()
    questions = base_questions(args.questions, seed=1)
    chunk = 250
    asked = 0
    started = time.monotonic()
    for begin in range(0, len(questions), chunk):
        for row in ask(engine, questions[begin : begin + chunk], disk, args.k):
            asked += 1
            errors += "error" in row
            mismatches += disk.mismatches(row)
        memory.add()
        if time.monotonic() > deadline:
            print(f"questions: stopped early at the time limit after {asked}")
            break
    seconds = time.monotonic() - started
    print(f"questions: {asked} in {seconds:.1f} s = {asked / seconds:.1f} questions/s; {errors} errors")
    print(memory.report("questions"))

    cycles = Series()
    cycles.add()
    added: list[str] = []
    found_new = stale_cited = done = 0
    index_seconds: list[float] = []
    rng = random.Random(2)
    started = time.monotonic()
    for cycle in range(args.cycles):
        if time.monotonic() > deadline:
            print(f"cycles: stopped early at the time limit after {done}")
            break
        name = f"soak_{cycle:04d}.txt"
        (corpus / name).write_text(soak_article(cycle), encoding="utf-8")
        added.append(name)
        town = TOWNS[cycle % len(TOWNS)]
        (corpus / f"town_{town.lower()}.txt").write_text(town_article(town, cycle + 1), encoding="utf-8")
        deleted = added.pop(0) if len(added) > LIVE_ADDED else None
        if deleted:
            (corpus / deleted).unlink()
        begin = time.monotonic()
        summary = engine.index()
        index_seconds.append(time.monotonic() - begin)
        assert summary.plan.added == (name,), summary.plan
        probes = [
            f"How many boats will the ferry fleet of Port Quillon{cycle} grow to?",
            f"How much will the {town} bridge repairs cost?",
        ]
        if deleted:
            probes.append(f"What did the harbour master of Port Quillon{int(deleted[5:9])} say?")
        probes += rng.sample(questions, 5)
        rows = list(ask(engine, probes, disk, args.k))
        for row in rows:
            errors += "error" in row
            mismatches += disk.mismatches(row)
        citations = rows[0].get("citations", [])
        assert isinstance(citations, list)
        found_new += bool(citations) and citations[0]["doc"] == name
        stale_cited += any(c["doc"] == deleted for row in rows for c in row.get("citations", []))  # type: ignore[union-attr]
        generations = [p for p in (work / "index").iterdir() if "gen-" in p.name]
        assert len(generations) == 1, generations
        cycles.add()
        done += 1
    seconds = time.monotonic() - started
    print(
        f"cycles: {done} re-index cycles in {seconds:.1f} s (index median {statistics.median(index_seconds):.2f} s, "
        f"max {max(index_seconds):.2f} s); new article found first {found_new}/{done}; "
        f"deleted article cited {stale_cited} times"
    )
    print(cycles.report("cycles"))
    print(f"citation mismatches: {mismatches}; question errors: {errors}")
    return 1 if mismatches or errors or stale_cited else 0


if __name__ == "__main__":
    raise SystemExit(main())
