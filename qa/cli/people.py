"""`qa people`: everyone the corpus quotes (people, organisations, unnamed roles), most-quoted first."""

from __future__ import annotations

import argparse
from collections.abc import Sequence

from qa.answering.people import Person
from qa.attribution.record import KINDS
from qa.cli.common import add_engine_options, open_engine
from qa.cli.tables import Rows, add_format_option, print_rows
from qa.errors import EXIT_OK


def add_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = commands.add_parser(
        "people",
        help="list everyone the articles quote",
        description="List every speaker the corpus quotes or reports (people, organisations, unnamed "
        "roles), with their kind, the role the articles give them, how many paragraphs give their "
        "words directly (quoted) and indirectly (reported), and in how many articles, most-quoted first.",
    )
    add_engine_options(parser)
    parser.add_argument(
        "--kind",
        choices=(*KINDS, "all"),
        default="all",
        help="only speakers of this kind (default: all; 'role' is an unnamed one, such as 'analysts')",
    )
    add_format_option(parser, "each speaker has kind, aliases, roles and every paragraph, highlighted")
    parser.add_argument("--json", action="store_true", help="the same as --format jsonl")
    parser.set_defaults(run=run)


def rows(people: Sequence[Person]) -> Rows:
    return Rows(
        columns=("name", "kind", "role", "direct", "indirect", "articles"),
        cells=tuple(
            (
                person.name,
                person.kind,
                person.role or "",
                str(person.direct),
                str(person.indirect),
                str(len(person.articles)),
            )
            for person in people
        ),
        records=tuple(person.to_json() for person in people),
        right=frozenset({"direct", "indirect", "articles"}),
    )


def run(args: argparse.Namespace) -> int:
    people = [p for p in open_engine(args).people() if args.kind in {"all", p.kind}]
    form = "jsonl" if args.json else args.format
    if not people and form == "table":
        print("The articles quote no one.")
        return EXIT_OK
    print_rows(rows(people), form)
    return EXIT_OK
