"""`qa ask`: one question, answered with cited, highlighted passages."""

from __future__ import annotations

import argparse
import json

from qa.cli.common import add_engine_options, add_k_option, open_engine
from qa.cli.render import print_answer
from qa.errors import EXIT_OK


def add_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = commands.add_parser(
        "ask",
        help="answer one question",
        description="Answer one question from the corpus, citing the passages it comes from.",
    )
    parser.add_argument("question", help="the question, in plain language")
    add_engine_options(parser)
    add_k_option(parser)
    parser.add_argument("--json", action="store_true", help="print the answer as one JSON object")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    engine = open_engine(args)
    answer = engine.ask(args.question, k=args.k)
    if args.json:
        print(json.dumps(answer.to_json(None), ensure_ascii=False))
    else:
        print_answer(answer)
    return EXIT_OK
