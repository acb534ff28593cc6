"""`qa people`: everyone the corpus quotes (people, organisations, unnamed roles), most-quoted first."""

from __future__ import annotations

import argparse
import json
from collections.abc import Sequence
from typing import TYPE_CHECKING

from qa.answering.people import Person
from qa.attribution.record import KINDS
from qa.cli.common import add_engine_options, open_engine
from qa.errors import EXIT_OK
from qa.language.text import visible

if TYPE_CHECKING:
    from rich.table import Table


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
    parser.add_argument(
        "--json",
        action="store_true",
        help="JSON Lines, one person a line, with aliases and every quote paragraph highlighted",
    )
    parser.set_defaults(run=run)


def table(people: Sequence[Person]) -> Table:
    """Names and roles come from the articles: plain `Text`, never markup."""
    from rich.table import Table
    from rich.text import Text

    grid = Table(box=None, pad_edge=False, header_style="bold")
    grid.add_column("name", style="bold")
    grid.add_column("kind")
    grid.add_column("role")
    grid.add_column("direct", justify="right")
    grid.add_column("indirect", justify="right")
    grid.add_column("articles", justify="right")
    for person in people:
        role = Text(visible(person.role)) if person.role else Text("–", style="dim")
        counts = (str(person.direct), str(person.indirect), str(len(person.articles)))
        grid.add_row(Text(visible(person.name)), person.kind, role, *counts)
    return grid


def run(args: argparse.Namespace) -> int:
    people = [p for p in open_engine(args).people() if args.kind in {"all", p.kind}]
    if args.json:
        for person in people:
            print(json.dumps(person.to_json(), ensure_ascii=False))
        return EXIT_OK
    from rich.console import Console

    console = Console(highlight=False)
    if not people:
        console.print("The articles quote no one by name.")
        return EXIT_OK
    console.print(table(people))
    return EXIT_OK
