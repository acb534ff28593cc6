"""Index throughput against plain SentenceTransformer.encode on the same paragraphs.

Builds a corpus of N copies of the XQuAD articles (distinct files, so nothing is
deduplicated), then in one process, in pairs whose order alternates, times:
  plain: SentenceTransformer.encode(all paragraphs, batch 32, normalised), model loaded;
  qa:    a full `Engine.index()` (discover, read, split, windows, embed, BM25, FAISS,
         atomic write), model loaded and ONNX export already made.
The ratio of each pair is taken, then the median, so other load on the machine
slows both sides of a pair alike; the same ratio in CPU seconds (all threads of this
process) is printed too, as it hardly moves with other load. Plain encode truncates paragraphs longer than the
model reads; qa embeds them whole as overlapping windows, so it embeds more passages.
The progress reports of the qa builds are checked too: how often they come and how
far the time left they imply is from the real time left.

The update after one file changed is measured by bench/update.py.

    .venv/bin/python bench/throughput.py [--copies 2] [--repeats 5]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import tempfile
import time
from itertools import pairwise
from pathlib import Path

from qa.engine import Engine
from qa.index.embedding import reference_encoder, resolve_model
from qa.index.passages import IndexProgress
from qa.ingest.paragraphs import split_paragraphs

ROOT = Path(__file__).resolve().parent.parent
XQUAD = ROOT.parent / "shared" / "bench" / "xquad_en" / "corpus"


def make_corpus(folder: Path, copies: int) -> list[str]:
    texts: list[str] = []
    for copy in range(copies):
        for source in sorted(XQUAD.glob("*.txt")):
            target = folder / f"copy{copy}" / source.name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, target)
            texts.extend(p.text for p in split_paragraphs(source.name, source.read_text(encoding="utf-8")))
    return texts


def progress_report(reports: list[tuple[float, IndexProgress]]) -> str:
    """How live the bar was: reports, the longest wait for one, and the time-left error."""
    first = reports[0][1].started
    times = [first] + [at for at, _ in reports]
    gaps = [later - earlier for earlier, later in pairwise(times)]
    finished = reports[-1][0]
    errors = []
    for share in (0.1, 0.25, 0.5):
        at, progress = next((at, p) for at, p in reports if p.done >= share * p.total)
        left = (progress.total - progress.done) * (at - first) / progress.done  # the rate the bar showed
        errors.append(f"{share:.0%}: {left:.1f} s said, {finished - at:.1f} s real")
    return f"{len(reports)} reports, longest gap {max(gaps):.2f} s; time left at " + ", ".join(errors)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--copies", type=int, default=2)
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="qa-throughput-"))
    os.environ.setdefault("QA_CACHE_DIR", str(work / "cache"))
    try:
        corpus = work / "corpus"
        texts = make_corpus(corpus, args.copies)
        encoder = reference_encoder(resolve_model(None))  # sentence-transformers itself, loaded once
        Engine(ROOT / "corpus", index_dir=work / "warm").index()  # makes the ONNX export; not timed
        plain_times: list[float] = []
        qa_times: list[float] = []
        ratios: list[float] = []
        cpu_ratios: list[float] = []
        reports: list[tuple[float, IndexProgress]] = []
        for repeat in range(args.repeats):
            cpu: dict[str, float] = {}
            for side in ("plain", "qa") if repeat % 2 == 0 else ("qa", "plain"):
                started, cpu_started = time.perf_counter(), time.process_time()
                if side == "plain":
                    encoder.model.encode(
                        texts, batch_size=32, normalize_embeddings=True, show_progress_bar=False
                    )
                    plain_times.append(time.perf_counter() - started)
                else:
                    reports.clear()
                    summary = Engine(corpus, index_dir=work / f"idx{repeat}").index(
                        progress=lambda p: reports.append((time.monotonic(), p))
                    )
                    qa_times.append(time.perf_counter() - started)
                cpu[side] = time.process_time() - cpu_started
            ratios.append(plain_times[-1] / qa_times[-1])
            cpu_ratios.append(cpu["plain"] / cpu["qa"])
            print(
                f"pair {repeat}                plain {plain_times[-1]:.2f} s, qa {qa_times[-1]:.2f} s, "
                f"ratio {ratios[-1]:.3f}, in CPU seconds {cpu_ratios[-1]:.3f}",
                flush=True,
            )
        plain, ours, ratio = (statistics.median(v) for v in (plain_times, qa_times, ratios))
        cpu_ratio = statistics.median(cpu_ratios)
        passages = summary.embedded
        print(f"paragraphs            {len(texts)} (qa embeds {passages} passages; plain truncates)")
        print(f"plain encode, median  {plain:.2f} s  {len(texts) / plain:.1f} paragraphs/s")
        print(f"qa index, median      {ours:.2f} s  {len(texts) / ours:.1f} paragraphs/s")
        print(
            f"throughput ratio      {ratio:.3f} (median of pairs; qa / plain per paragraph; target >= 0.90)"
        )
        print(f"in CPU seconds        {cpu_ratio:.3f} (median of pairs)")
        print(
            f"per embedded passage  {ratio * passages / len(texts):.3f} "
            f"(in CPU seconds {cpu_ratio * passages / len(texts):.3f})"
        )
        print(f"progress (last build) {progress_report(reports)}")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
