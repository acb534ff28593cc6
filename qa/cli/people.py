"""`qa people`: everyone the corpus quotes, with their role, most-quoted first."""

from __future__ import annotations

import argparse
from collections.abc import Sequence

from qa.answering.people import Person
from qa.cli.common import add_engine_options, open_engine
from qa.cli.tables import Rows, add_format_option, print_rows
from qa.errors import EXIT_OK


def add_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = commands.add_parser(
        "people",
        help="list everyone the articles quote",
        description="List every person the corpus quotes, with the role the articles give them, "
        "how many quote paragraphs and articles they have, most-quoted first.",
    )
    add_engine_options(parser)
    add_format_option(parser, "each person has aliases and every quote paragraph, highlighted")
    parser.add_argument("--json", action="store_true", help="the same as --format jsonl")
    parser.set_defaults(run=run)


def rows(people: Sequence[Person]) -> Rows:
    return Rows(
        columns=("name", "role", "quotes", "articles"),
        cells=tuple(
            (person.name, person.role or "", str(len(person.quotes)), str(len(person.articles)))
            for person in people
        ),
        records=tuple(person.to_json() for person in people),
        right=frozenset({"quotes", "articles"}),
    )


def run(args: argparse.Namespace) -> int:
    people = open_engine(args).people()
    form = "jsonl" if args.json else args.format
    if not people and form == "table":
        print("The articles quote no one by name.")
        return EXIT_OK
    print_rows(rows(people), form)
    return EXIT_OK
