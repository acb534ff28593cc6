"""Everything the command line prints as a table, in the five forms a reader or a script wants.

`table` is for people (Rich in a terminal, plain aligned lines when piped); `tsv` and `md`
are the same cells for a spreadsheet or a document; `json` (one array) and `jsonl` (one
object a line) carry each row's full record, which may hold more than the cells show.
Cells come from the articles: plain text with control characters made visible, never markup.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from qa.cli.console import print_rich
from qa.language.text import visible

FORMATS = ("table", "json", "jsonl", "md", "tsv")


@dataclass(frozen=True)
class Rows:
    """A table to print: its column names, each row's cells, and each row's record for JSON."""

    columns: tuple[str, ...]
    cells: tuple[tuple[str, ...], ...]
    records: tuple[dict[str, Any], ...]
    right: frozenset[str] = frozenset()  # columns of numbers, right-aligned in a table


def add_format_option(parser: argparse.ArgumentParser, json_help: str) -> None:
    parser.add_argument(
        "--format",
        choices=FORMATS,
        default="table",
        help=f"how to print: table (default), tsv, md, json (one array) or jsonl; in JSON {json_help}",
    )


def _flat(cell: str) -> str:
    """One line of visible text: a tab or newline inside a cell would break a tsv row."""
    return " ".join(visible(cell).split())


def tsv(rows: Rows) -> str:
    lines = ["\t".join(rows.columns), *("\t".join(_flat(c) for c in row) for row in rows.cells)]
    return "\n".join(lines)


def markdown(rows: Rows) -> str:
    def line(cells: Sequence[str]) -> str:
        return "| " + " | ".join(_flat(c).replace("|", "\\|") for c in cells) + " |"

    rule = "|" + "|".join("---:" if c in rows.right else "---" for c in rows.columns) + "|"
    return "\n".join([line(rows.columns), rule, *(line(row) for row in rows.cells)])


def print_rows(rows: Rows, form: str) -> None:
    if form == "json":
        print(json.dumps(list(rows.records), ensure_ascii=False, indent=1))
    elif form == "jsonl":
        for record in rows.records:
            print(json.dumps(record, ensure_ascii=False))
    elif form == "tsv":
        print(tsv(rows))
    elif form == "md":
        print(markdown(rows))
    else:
        print_rich(_rich(rows))


def _rich(rows: Rows) -> Any:
    from rich.table import Table
    from rich.text import Text

    grid = Table(box=None, pad_edge=False, header_style="bold")
    for n, column in enumerate(rows.columns):
        grid.add_column(column, justify="right" if column in rows.right else "left", style="bold" * (n == 0))
    for row in rows.cells:
        grid.add_row(*(Text(visible(c)) if c else Text("–", style="dim") for c in row))
    return grid
