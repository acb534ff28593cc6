"""Answer quality on our own question sets and on XQuAD (../shared/bench/xquad_en).

Prints one table row per (question set, retrieval mode): recall@1/@5, MRR, highlight
and answer hit rates, quote coverage, abstention precision/recall. Everything goes
through Engine.ask_many, the same path as `qa batch` and `qa eval`.

    .venv/bin/python bench/quality.py [--sets dev,heldout,xquad,bbc-dev,bbc-heldout] [--modes hybrid,dense]
    (the BBC sets need the 2,095 articles indexed: `qa index --corpus ../shared/bench/bbc_news/corpus`)
    .venv/bin/python bench/quality.py --modes hybrid --ablate   # then each part switched off once
"""

from __future__ import annotations

import argparse
import json
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
# name: (corpus, questions, split of them or "" for all)
SETS = {
    "dev": (ROOT / "corpus", ROOT / "bench" / "devset.jsonl", ""),
    "heldout": (ROOT / "corpus", ROOT / "bench" / "heldout.jsonl", ""),
    "xquad": (XQUAD / "corpus", XQUAD / "questions.jsonl", ""),
    "bbc-dev": (BBC, BBC_QUESTIONS, "dev"),
    "bbc-heldout": (BBC, BBC_QUESTIONS, "heldout"),
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
)


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
        f"{'set':<11} {'mode / without':<16} {'n':>5} "
        + " ".join(f"{c[:12]:>12}" for c in COLUMNS)
        + f" {'s':>6}"
    )
    for name in args.sets.split(","):
        corpus, questions_file, split = SETS[name]
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
            print(f"{name:<11} {label:<16} {metrics['questions']:>5} {cells} {seconds:>6.1f}")


if __name__ == "__main__":
    main()
