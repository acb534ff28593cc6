"""`qa eval`: retrieval, highlighting and abstention measured on a gold question set."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from qa.answering.request import FEATURES, Features
from qa.answering.retrieve import MODES
from qa.cli.common import add_engine_options, add_k_option, open_engine
from qa.errors import EXIT_OK, UsageError
from qa.evaluate import evaluate, load_questions


def add_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = commands.add_parser(
        "eval",
        help="measure answers on a gold question set",
        description="Report recall@1/@5, MRR, highlight and answer hit rates, quote coverage and "
        "abstention precision/recall for FILE (JSON Lines with question, gold paragraphs and answers).",
    )
    parser.add_argument("file", help="gold questions (JSON Lines)")
    add_engine_options(parser)
    add_k_option(parser)
    parser.add_argument(
        "--mode", choices=MODES, default="hybrid", help="retrieval to measure (default hybrid)"
    )
    parser.add_argument(
        "--without",
        default="",
        metavar="PARTS",
        help=f"switch parts off to measure what each is worth (comma-separated: {', '.join(FEATURES)})",
    )
    parser.add_argument("--json", action="store_true", help="print the metrics as one JSON object")
    parser.add_argument("--misses", action="store_true", help="also list the questions each metric missed")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    try:
        features = Features.without(args.without)
    except ValueError as error:
        raise UsageError(str(error)) from error
    questions = load_questions(Path(args.file))
    engine = open_engine(args)
    report = evaluate(engine, questions, k=args.k, mode=args.mode, features=features)
    metrics = report.metrics()
    if args.json:
        print(
            json.dumps(
                {"file": args.file, "mode": args.mode, "k": args.k, "without": args.without, **metrics}
            )
        )
    else:
        for name, value in metrics.items():
            shown = "n/a" if value is None else (f"{value:.3f}" if isinstance(value, float) else str(value))
            print(f"{name:<18} {shown}")
    if args.misses:
        for outcome in report.outcomes:
            q = outcome.question
            wrong_abstain = outcome.abstained == q.answerable
            if outcome.rank != 1 or wrong_abstain or (q.answers and not outcome.highlight_hit):
                print(
                    f"  {q.id}: rank={outcome.rank} highlight={outcome.highlight_hit} "
                    f"abstained={outcome.abstained} :: {q.question}"
                )
    return EXIT_OK
