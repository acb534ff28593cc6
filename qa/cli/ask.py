"""`qa ask`: one question, answered with cited, highlighted passages.

Each answer is remembered (see `qa.cli.followup`), so `--continue` can ask a follow-up.
"""

from __future__ import annotations

import argparse
import sys

from qa.answering.conversation import Conversation
from qa.answering.question import analyse
from qa.cli.common import add_engine_options, add_k_option, open_engine
from qa.cli.console import json_line, warn
from qa.cli.filtering import add_filter_option, filters_from
from qa.cli.followup import ask_file, conversation_of, remembered
from qa.cli.render import print_answer
from qa.errors import EXIT_DECLINED, EXIT_OK


def add_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = commands.add_parser(
        "ask",
        help="answer one question",
        description="Answer one question from the corpus, citing the passages it comes from.",
    )
    parser.add_argument(
        "question",
        help="the question, in plain language; may hold filters such as source:metro since:2024-09",
    )
    add_engine_options(parser)
    add_k_option(parser)
    add_filter_option(parser)
    parser.add_argument(
        "-c",
        "--continue",
        dest="follow_up",
        action="store_true",
        help='a follow-up to the last qa ask on this corpus ("what about the mayor?", "did she mention the budget?")',
    )
    parser.add_argument("--json", action="store_true", help="print the answer as one JSON object")
    parser.add_argument(
        "--fail-on-decline",
        action="store_true",
        help="exit 3 when the corpus does not hold the answer (for scripts)",
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    filters = filters_from(args)
    analyse(args.question, filters)  # an empty question or a malformed filter fails before any index opens
    engine = open_engine(args)
    saved = ask_file(engine.corpus)
    transcript = saved.load(warn)
    # A new topic has no one for "he" to mean: read as a turn anyway, so it asks who is meant.
    conversation = conversation_of(transcript) if args.follow_up else Conversation()
    answer, _ = engine.follow_up(conversation, args.question, k=args.k, filters=filters)
    saved.save(remembered(transcript, answer, continued=args.follow_up))
    if args.json:
        sys.stdout.write(json_line(answer.to_json(None), sys.stdout))
    else:
        print_answer(answer)
    return EXIT_DECLINED if args.fail_on_decline and answer.abstained else EXIT_OK
