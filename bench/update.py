"""Re-indexing after one file changed, in a corpus of about 10,000 paragraphs.

Builds a corpus of the default news articles plus distinct copies of the XQuAD
articles (every line of copy k ends with " [k]", so no two files or paragraphs are
the same), runs one full `Engine.index()`, then changes one file at a time and
times the update. The model is loaded and the ONNX export made beforehand on the
small news corpus, so neither build pays for them.

    .venv/bin/python bench/update.py [--paragraphs 10000] [--updates 3]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import tempfile
import time
from pathlib import Path

from qa.engine import Engine
from qa.ingest.paragraphs import split_paragraphs

ROOT = Path(__file__).resolve().parent.parent
NEWS = ROOT / "corpus"
XQUAD = ROOT.parent / "shared" / "bench" / "xquad_en" / "corpus"


def _paragraphs(folder: Path) -> int:
    return sum(
        len(split_paragraphs(file.name, file.read_text(encoding="utf-8")))
        for file in sorted(folder.rglob("*.txt"))
    )


def make_corpus(folder: Path, paragraphs: int) -> int:
    """News articles once, then XQuAD copies until the corpus holds `paragraphs`; returns the count."""
    shutil.copytree(NEWS, folder / "news")
    total = _paragraphs(folder / "news")
    sources = sorted(XQUAD.glob("*.txt"))
    copy = 0
    while total < paragraphs:
        for source in sources:
            lines = source.read_text(encoding="utf-8").splitlines()
            target = folder / f"xquad{copy:03d}" / source.name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(
                "".join(f"{line} [{copy}]\n" if line.strip() else "\n" for line in lines), encoding="utf-8"
            )
        total += _paragraphs(folder / f"xquad{copy:03d}")
        copy += 1
    return total


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--paragraphs", type=int, default=10_000)
    parser.add_argument("--updates", type=int, default=3)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="qa-update-"))
    os.environ.setdefault("QA_CACHE_DIR", str(work / "cache"))
    try:
        corpus = work / "corpus"
        paragraphs = make_corpus(corpus, args.paragraphs)
        Engine(NEWS, index_dir=work / "warm").index()  # loads the model, makes the ONNX export; not timed
        engine = Engine(corpus, index_dir=work / "index")
        started, cpu_started = time.perf_counter(), time.process_time()
        full = engine.index()
        full_seconds, full_cpu = time.perf_counter() - started, time.process_time() - cpu_started
        print(f"corpus                 {len(full.plan.added)} files, {full.paragraphs} paragraphs")
        print(
            f"full build             {full_seconds:.1f} s ({full_cpu:.0f} CPU s)  {full.embedded} passages "
            f"embedded  {full.paragraphs / full_seconds:.1f} paragraphs/s",
            flush=True,
        )
        times: list[float] = []
        cpu_times: list[float] = []
        for number, changed in enumerate(sorted(corpus.glob("xquad*/*.txt"))[: args.updates]):
            changed.write_text(
                changed.read_text(encoding="utf-8") + f"One more paragraph, update {number}.\n",
                encoding="utf-8",
            )
            started, cpu_started = time.perf_counter(), time.process_time()
            update = engine.index()
            times.append(time.perf_counter() - started)
            cpu_times.append(time.process_time() - cpu_started)
            assert update.plan.changed == (changed.relative_to(corpus).as_posix(),), update.plan
            print(
                f"update {number}               {times[-1]:.2f} s ({cpu_times[-1]:.1f} CPU s)  "
                f"{update.embedded} passages embedded ({len(update.plan.unchanged)} files unchanged)",
                flush=True,
            )
        median, cpu_median = statistics.median(times), statistics.median(cpu_times)
        print(
            f"update, median         {median:.2f} s  {median / full_seconds:.1%} of the full build "
            f"({cpu_median / full_cpu:.1%} in CPU seconds; target < 5%)"
        )
        assert paragraphs == full.paragraphs, (paragraphs, full.paragraphs)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
