"""`qa search`: the passages a question finds, best first, with their scores and no answer.

The passages are those `qa ask` would cite (the same retrieval, filters and highlighting:
one way to rank), ordered by score rather than as the answer quotes them.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from typing import Any

from qa.answering.answer import Citation
from qa.answering.location import paragraph_number
from qa.answering.question import analyse
from qa.cli.common import add_engine_options, add_k_option, open_engine
from qa.cli.console import print_rich
from qa.cli.filtering import add_filter_option, filters_from
from qa.cli.render import citation_text, location
from qa.cli.tables import Rows, add_format_option, print_rows
from qa.errors import EXIT_OK


def add_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = commands.add_parser(
        "search",
        help="list the passages that match, best first (no answer)",
        description="Rank the corpus's passages for a question and print them with their scores and "
        "where they are, the matching words highlighted; no answer is composed.",
    )
    parser.add_argument("question", help="what to look for; may hold filters such as source:metro")
    add_engine_options(parser)
    add_k_option(parser)
    add_filter_option(parser)
    add_format_option(parser, "each passage has its 0-based paragraph, highlights and article metadata")
    parser.set_defaults(run=run)


def ranked(citations: Sequence[Citation]) -> list[Citation]:
    return sorted(citations, key=lambda c: (-c.score, c.doc, c.paragraph))


def rows(citations: Sequence[Citation]) -> Rows:
    def record(rank: int, c: Citation) -> dict[str, Any]:
        row = c.to_json()
        row.pop("n", None)
        return {"rank": rank, **row}

    return Rows(
        columns=("rank", "score", "doc", "¶", "line", "text"),
        cells=tuple(
            (str(n), f"{c.score:.2f}", c.doc, str(paragraph_number(c.paragraph)), str(c.line), c.text)
            for n, c in enumerate(citations, start=1)
        ),
        records=tuple(record(n, c) for n, c in enumerate(citations, start=1)),
        right=frozenset({"rank", "score", "¶", "line"}),
    )


def readable(citations: Sequence[Citation]) -> Any:
    from rich.console import Group
    from rich.padding import Padding
    from rich.text import Text

    parts: list[Text | Padding] = []
    for n, c in enumerate(citations, start=1):
        parts.append(
            Text.assemble((f"{n}. ", "bold cyan"), (f"{c.score:.2f}  ", "dim"), (location(c), "cyan"))
        )
        parts.append(Padding(citation_text(c), (0, 0, 1, 4), expand=False))
    return Group(*parts) if parts else Text("No passage matches.")


def run(args: argparse.Namespace) -> int:
    filters = filters_from(args)
    analyse(args.question, filters)  # an empty question or a malformed filter fails before any index opens
    answer = open_engine(args).ask(args.question, k=args.k, filters=filters)
    found = ranked(answer.citations)
    if args.format == "table":
        print_rich(readable(found))
    else:
        print_rows(rows(found), args.format)
    return EXIT_OK
