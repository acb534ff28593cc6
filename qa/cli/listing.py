"""`qa list`: the articles in the index, with what each says of itself and its paragraph count."""

from __future__ import annotations

import argparse

from qa.cli.common import add_engine_options, open_engine
from qa.cli.tables import Rows, add_format_option, print_rows
from qa.engine import Engine
from qa.errors import EXIT_OK


def add_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = commands.add_parser(
        "list",
        help="list the indexed articles",
        description="List every article in the index (a dump's records as FILE#N), in index order, "
        "with its title, outlet, date and paragraph count.",
    )
    add_engine_options(parser)
    add_format_option(parser, "each article also has its file, author and URL when known")
    parser.set_defaults(run=run)


def rows(engine: Engine) -> Rows:
    docs = engine.documents
    metas = [engine.meta(doc) for doc in docs]
    counts = [len(engine.document(doc)) for doc in docs]
    return Rows(
        columns=("doc", "title", "source", "date", "paragraphs"),
        cells=tuple(
            (doc, meta.title or "", meta.source or "", meta.date or "", str(count))
            for doc, meta, count in zip(docs, metas, counts, strict=True)
        ),
        records=tuple(
            {"doc": doc, **meta.fields(), "paragraphs": count}
            for doc, meta, count in zip(docs, metas, counts, strict=True)
        ),
        right=frozenset({"paragraphs"}),
    )


def run(args: argparse.Namespace) -> int:
    print_rows(rows(open_engine(args)), args.format)
    return EXIT_OK
