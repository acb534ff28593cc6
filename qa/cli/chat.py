"""`qa chat`: the Textual app. The only place the engine's package reaches the UI,
imported here lazily so no other verb pays for (or depends on) Textual."""

from __future__ import annotations

import argparse
import sys

from qa.cli.common import add_engine_options, add_k_option, engine_from
from qa.errors import EXIT_OK, UsageError


def add_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = commands.add_parser(
        "chat",
        help="open the chat app (the default)",
        description="Ask questions in a terminal chat; answers cite and highlight their sources. "
        "Articles added, changed or deleted while it is open are re-indexed in the background.",
    )
    add_engine_options(parser)
    add_k_option(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    if not (sys.stdin.isatty() and sys.stdout.isatty()):  # a pipe or cron: Textual would hang there
        raise UsageError(
            'the chat needs a terminal; for one answer use qa ask "QUESTION", for many qa batch FILE'
        )
    engine = engine_from(args)
    from tui.app import make_app  # Textual loads only for the chat

    make_app(engine, k=args.k, watch_corpus=True).run()  # re-indexes as articles change
    return EXIT_OK
