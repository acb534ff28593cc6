"""Answer quality on our own question sets and on XQuAD (../shared/bench/xquad_en).

Prints one table row per (question set, retrieval mode): recall@1/@5, MRR, highlight
and answer hit rates, quote coverage, abstention precision/recall, and the expected
calibration error of the confidence shown (answerable or not, over ten bins). Everything goes
through Engine.ask_many, the same path as `qa batch` and `qa eval`.

    .venv/bin/python bench/quality.py [--sets dev,heldout,xquad,bbc-dev,bbc-heldout,bbc-fresh] [--modes hybrid,dense]
    (the BBC sets need the 2,095 articles indexed: `qa index --corpus ../shared/bench/bbc_news/corpus`;
    mixed-dev and mixed-heldout ask the default corpus's questions of it beside 699 BBC articles)
    .venv/bin/python bench/quality.py --modes hybrid --ablate   # then each part switched off once
"""

from __future__ import annotations

import argparse
import json
import shutil
import time
from pathlib import Path

from qa.answering.request import ALL_FEATURES, FEATURES, Features
from qa.answering.retrieve import MODES
from qa.engine import Engine
from qa.evaluate import evaluate, load_questions

ROOT = Path(__file__).resolve().parent.parent
XQUAD = ROOT.parent / "shared" / "bench" / "xquad_en"
BBC = ROOT.parent / "shared" / "bench" / "bbc_news" / "corpus"
BBC_QUESTIONS = ROOT / "bench" / "gold" / "bbc_questions.jsonl"
BBC_FRESH = ROOT / "bench" / "gold" / "bbc_questions_fresh.jsonl"  # written later, on articles never used
MIXED = ROOT / "bench" / "results" / "mixed"  # the default corpus among BBC articles (mixed_corpus)
# name: (corpus, questions, split of them or "" for all)
SETS = {
    "dev": (ROOT / "corpus", ROOT / "bench" / "devset.jsonl", ""),
    "heldout": (ROOT / "corpus", ROOT / "bench" / "heldout.jsonl", ""),
    "mixed-dev": (MIXED, ROOT / "bench" / "devset.jsonl", ""),
    "mixed-heldout": (MIXED, ROOT / "bench" / "heldout.jsonl", ""),
    "xquad": (XQUAD / "corpus", XQUAD / "questions.jsonl", ""),
    "bbc-dev": (BBC, BBC_QUESTIONS, "dev"),
    "bbc-heldout": (BBC, BBC_QUESTIONS, "heldout"),
    "bbc-fresh": (BBC, BBC_FRESH, "heldout"),
}
COLUMNS = (
    "recall@1",
    "recall@5",
    "mrr",
    "highlight_hit",
    "answer_hit",
    "span_f1",
    "span_exact",
    "quote_coverage",
    "abstain_precision",
    "abstain_recall",
    "false_abstentions",
    "calibration_error",
)


def mixed_corpus() -> Path:
    """The default corpus's articles beside every third BBC article (about 4,000 paragraphs).

    The same questions, asked of a corpus where many more passages could seem to answer them:
    what a user's own archive looks like next to the three articles the rules were written on.
    Built once (copied, then renamed into place) under bench/results/, which git ignores."""
    if MIXED.is_dir():
        return MIXED
    building = MIXED.with_name("mixed.building")
    shutil.rmtree(building, ignore_errors=True)
    for source in sorted((ROOT / "corpus").iterdir()):
        if source.is_file():
            (building / source.name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, building / source.name)
    for source in sorted(BBC.rglob("*.txt"))[::3]:
        target = building / "bbc" / source.relative_to(BBC)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source, target)
    building.rename(MIXED)
    return MIXED


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sets", default="dev,heldout,xquad,bbc-dev,bbc-heldout")
    parser.add_argument("--modes", default=",".join(MODES))
    parser.add_argument("-k", type=int, default=5)
    parser.add_argument(
        "--ablate", action="store_true", help="also run each mode with each part switched off"
    )
    parser.add_argument("--json", action="store_true", help="one JSON object per row instead of a table")
    parser.add_argument(
        "--bbc-index",
        type=Path,
        help="index folder of the BBC corpus (default: its folder in the user cache)",
    )
    args = parser.parse_args()
    engines: dict[Path, Engine] = {}
    print(
        f"{'set':<13} {'mode / without':<16} {'n':>5} "
        + " ".join(f"{c[:12]:>12}" for c in COLUMNS)
        + f" {'s':>6}"
    )
    for name in args.sets.split(","):
        corpus, questions_file, split = SETS[name]
        if corpus == MIXED:
            mixed_corpus()
        if corpus not in engines:
            engines[corpus] = Engine(corpus, index_dir=args.bbc_index if corpus == BBC else None)
            engines[corpus].open()
        questions = [q for q in load_questions(questions_file) if q.split == split or not split]
        runs = [(mode, "", ALL_FEATURES) for mode in args.modes.split(",")]
        if args.ablate:
            runs += [
                (mode, part, Features.without(part)) for mode in args.modes.split(",") for part in FEATURES
            ]
        for mode, off, features in runs:
            started = time.perf_counter()
            metrics = evaluate(engines[corpus], questions, k=args.k, mode=mode, features=features).metrics()
            seconds = time.perf_counter() - started
            label = f"-{off}" if off else mode
            if args.json:
                row = {"set": name, "mode": mode, "without": off, **metrics, "seconds": round(seconds, 1)}
                print(json.dumps(row))
                continue
            cells = " ".join(
                f"{'-' if metrics[c] is None else (f'{metrics[c]:.3f}' if isinstance(metrics[c], float) else metrics[c]):>12}"
                for c in COLUMNS
            )
            print(f"{name:<13} {label:<16} {metrics['questions']:>5} {cells} {seconds:>6.1f}")


if __name__ == "__main__":
    main()
