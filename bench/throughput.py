"""Index throughput against plain SentenceTransformer.encode on the same paragraphs.

Builds a corpus of N copies of the XQuAD articles (distinct files, so nothing is
deduplicated), then in one process, alternating, times:
  plain: SentenceTransformer.encode(all paragraphs, batch 32, normalised), model loaded;
  qa:    a full `Engine.index()` (discover, read, split, windows, embed, BM25, FAISS,
         atomic write), model loaded and ONNX export already made;
and an incremental update after one file changed. Ratios are from the same run.

    .venv/bin/python bench/throughput.py [--copies 4] [--repeats 2]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import tempfile
import time
from pathlib import Path

from qa.embedding import index_encoder, resolve_model
from qa.engine import Engine
from qa.paragraphs import split_paragraphs

XQUAD = Path(__file__).resolve().parent.parent.parent / "shared" / "bench" / "xquad_en" / "corpus"


def make_corpus(folder: Path, copies: int) -> list[str]:
    texts: list[str] = []
    for copy in range(copies):
        for source in sorted(XQUAD.glob("*.txt")):
            target = folder / f"copy{copy}" / source.name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, target)
            texts.extend(p.text for p in split_paragraphs(source.name, source.read_text(encoding="utf-8")))
    return texts


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--copies", type=int, default=4)
    parser.add_argument("--repeats", type=int, default=2)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="qa-throughput-"))
    os.environ.setdefault("QA_CACHE_DIR", str(work / "cache"))
    corpus = work / "corpus"
    texts = make_corpus(corpus, args.copies)
    encoder = index_encoder(resolve_model(None))  # loaded once, as in plain
    Engine(corpus, index_dir=work / "warm").index()  # makes the ONNX export; not timed
    plain_times, qa_times = [], []
    for repeat in range(args.repeats):
        started = time.perf_counter()
        encoder.model.encode(texts, batch_size=32, normalize_embeddings=True, show_progress_bar=False)
        plain_times.append(time.perf_counter() - started)
        index_dir = work / f"idx{repeat}"
        started = time.perf_counter()
        summary = Engine(corpus, index_dir=index_dir).index()
        qa_times.append(time.perf_counter() - started)
    plain, ours = statistics.median(plain_times), statistics.median(qa_times)
    print(f"paragraphs            {len(texts)} ({summary.embedded} passages embedded)")
    print(f"plain encode          {plain:.2f} s  {len(texts) / plain:.1f} paragraphs/s")
    print(f"qa index (full)       {ours:.2f} s  {len(texts) / ours:.1f} paragraphs/s")
    print(f"throughput ratio      {plain / ours:.3f} (qa / plain, per paragraph; target >= 0.90)")
    per_passage = (summary.embedded / ours) / (len(texts) / plain)
    print(f"per embedded passage  {per_passage:.3f} (qa also embeds the tails plain encode truncates)")
    changed = next((corpus / "copy0").glob("*.txt"))
    changed.write_text(
        changed.read_text(encoding="utf-8") + "One more paragraph at the end.\n", encoding="utf-8"
    )
    started = time.perf_counter()
    update = Engine(corpus, index_dir=work / f"idx{args.repeats - 1}").index()
    incremental = time.perf_counter() - started
    print(
        f"update, 1 file changed {incremental:.2f} s  {update.embedded} passages embedded "
        f"({incremental / ours:.1%} of the full build)"
    )
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
