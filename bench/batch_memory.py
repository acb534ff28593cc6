"""`qa batch` on many questions: questions per second, and whether memory stays flat.

Questions are our dev and held-out sets plus the 1,190 XQuAD questions, each also
reworded a few ways (prefixes, lower case, no question mark), shuffled and cut to N,
so a long batch is not the same few questions over and over. The index is built first
(not timed), then `qa batch FILE -o OUT` runs as its own process while this script
samples its resident memory (VmRSS in /proc/PID/status) and the lines it has written,
every 0.5 s. Memory is compared between the first and the last tenth of the questions.

    .venv/bin/python bench/batch_memory.py [--sizes 1000,10000] [--corpus default|xquad]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
XQUAD = ROOT.parent / "shared" / "bench" / "xquad_en"
CORPORA = {"default": ROOT / "corpus", "xquad": XQUAD / "corpus"}
SETS = (ROOT / "bench" / "devset.jsonl", ROOT / "bench" / "heldout.jsonl", XQUAD / "questions.jsonl")
QA = str(Path(sys.executable).with_name("qa"))
PERIOD = 0.5


def reworded(question: str) -> list[str]:
    """The question and a few rewordings a person might type."""
    bare = question.rstrip(" ?")
    lowered = question[:1].lower() + question[1:]
    return [
        question,
        f"According to the articles, {lowered}",
        f"Quick question: {question}",
        question.lower(),
        bare,
        f"{bare}, according to the news?",
        f"Please tell me: {lowered}",
        f"{question} Cite your sources.",
    ]


def make_questions(count: int, seed: int = 0) -> list[str]:
    base = [json.loads(line)["question"] for path in SETS for line in path.read_text().splitlines() if line]
    pool = [variant for question in base for variant in reworded(question)]
    random.Random(seed).shuffle(pool)
    return [pool[i % len(pool)] for i in range(count)]


@dataclass(frozen=True)
class Sample:
    seconds: float
    rss_kib: int
    answered: int


def rss_kib(pid: int) -> int | None:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return None
    for line in status.splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return None  # a zombie has no VmRSS any more


def run_batch(questions: Path, out: Path, corpus: Path, index: Path, env: dict[str, str]) -> list[Sample]:
    """Run `qa batch`, sampling its memory and progress until it exits."""
    command = [QA, "batch", str(questions), "--corpus", str(corpus), "--index", str(index), "-o", str(out)]
    started = time.perf_counter()
    process = subprocess.Popen(command, env=env, stderr=subprocess.PIPE, text=True)
    samples: list[Sample] = []
    answered, offset = 0, 0
    while process.poll() is None:
        partial = next(out.parent.glob(f".{out.name}.*.partial"), None)  # the run's own temporary file
        if partial is not None and partial.exists():
            with partial.open("rb") as handle:
                handle.seek(offset)
                chunk = handle.read()
            answered += chunk.count(b"\n")
            offset += len(chunk)
        memory = rss_kib(process.pid)
        if memory is not None:
            samples.append(Sample(time.perf_counter() - started, memory, answered))
        time.sleep(PERIOD)
    _, errors = process.communicate()
    samples.append(Sample(time.perf_counter() - started, samples[-1].rss_kib if samples else 0, -1))
    if process.returncode not in (0, 1):
        raise SystemExit(f"qa batch failed ({process.returncode}): {errors.strip()}")
    return samples


def report(count: int, samples: list[Sample], out: Path) -> None:
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(rows) == count, f"{len(rows)} rows for {count} questions"
    wall = samples[-1].seconds
    answering = [s for s in samples[:-1] if s.answered > 0]
    first = next((s for s in answering), samples[-1])
    steady = (count - first.answered) / max(wall - first.seconds, 1e-9)
    early = [s.rss_kib for s in answering if s.answered <= count * 0.1] or [answering[0].rss_kib]
    late = [s.rss_kib for s in answering if s.answered >= count * 0.9] or [answering[-1].rss_kib]
    head, tail = statistics.median(early) / 1024, statistics.median(late) / 1024
    peak = max(s.rss_kib for s in samples) / 1024
    print(
        f"{count:,} questions: {wall:.1f} s whole process, {count / wall:.1f} questions/s "
        f"({steady:.1f}/s once answering; first answer after {first.seconds:.1f} s); "
        f"{sum('error' in r for r in rows)} errors, {sum(bool(r.get('abstained')) for r in rows)} abstained"
    )
    print(
        f"  RSS first 10% of questions {head:.0f} MiB, last 10% {tail:.0f} MiB "
        f"({(tail - head) / head:+.1%}), peak {peak:.0f} MiB; {len(samples) - 1} samples"
    )
    course = [s for s in answering if s.answered >= 0]
    marks = [course[round(i * (len(course) - 1) / 9)] for i in range(10)] if course else []
    print(
        "  over time (s: MiB @ answered): "
        + ", ".join(f"{s.seconds:.0f}: {s.rss_kib / 1024:.0f} @ {s.answered}" for s in marks)
    )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", default="1000,10000", help="batch sizes to run, comma separated")
    parser.add_argument("--corpus", choices=sorted(CORPORA), default="default")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="qa-batch-"))
    env = {**os.environ, "QA_CACHE_DIR": str(work / "cache")}
    corpus, index = CORPORA[args.corpus], work / "idx"
    try:
        subprocess.run(
            [QA, "index", "--corpus", str(corpus), "--index", str(index)],
            env=env,
            check=True,
            capture_output=True,
        )
        print(f"corpus {args.corpus} ({corpus}); index built in {index}")
        for count in (int(size) for size in args.sizes.split(",")):
            questions = work / f"questions-{count}.txt"
            questions.write_text("\n".join(make_questions(count)) + "\n", encoding="utf-8")
            out = work / f"answers-{count}.jsonl"
            report(count, run_batch(questions, out, corpus, index, env), out)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
