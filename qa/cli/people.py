"""`qa people`: everyone the corpus quotes, with their role, most-quoted first."""

from __future__ import annotations

import argparse
import json
from collections.abc import Sequence
from typing import TYPE_CHECKING

from qa.answering.people import Person
from qa.cli.common import add_engine_options, open_engine
from qa.errors import EXIT_OK
from qa.language.text import visible

if TYPE_CHECKING:
    from rich.table import Table


def add_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = commands.add_parser(
        "people",
        help="list everyone the articles quote",
        description="List every person the corpus quotes, with the role the articles give them, "
        "how many quote paragraphs and articles they have, most-quoted first.",
    )
    add_engine_options(parser)
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
    grid.add_column("role")
    grid.add_column("quotes", justify="right")
    grid.add_column("articles", justify="right")
    for person in people:
        role = Text(visible(person.role)) if person.role else Text("–", style="dim")
        grid.add_row(Text(visible(person.name)), role, str(len(person.quotes)), str(len(person.articles)))
    return grid


def run(args: argparse.Namespace) -> int:
    people = open_engine(args).people()
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
