"""`qa show DOC`: one article as the index holds it, with paragraph numbers and who is quoted or reported where.

Who is quoted comes from the attribution the index stores, read through `Engine.people`
(the same people `qa people` lists), so the two never disagree.
"""

from __future__ import annotations

import argparse
import difflib
import json
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from qa.answering.highlight import Span
from qa.answering.location import paragraph_number, place
from qa.cli.common import add_engine_options, open_engine
from qa.cli.console import print_rich
from qa.cli.tables import FORMATS, Rows, print_rows
from qa.engine import Engine
from qa.errors import EXIT_OK, QAError
from qa.ingest.paragraphs import Paragraph
from qa.language.text import visible


@dataclass(frozen=True)
class Quoted:
    """A speaker in one paragraph, their words there as [start, end) offsets, and how they are given."""

    name: str
    highlights: tuple[Span, ...]
    kind: str = "person"
    form: str = "direct"  # quoted (direct), reported (indirect) or both


def add_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = commands.add_parser(
        "show",
        help="print one article with its paragraph numbers and who is quoted",
        description="Print one indexed article, paragraph by paragraph (¶ and line counted from 1), "
        "with the people quoted in each and their words highlighted.",
    )
    parser.add_argument("doc", help="the document id as `qa list` prints it (FILE or FILE#N), or its path")
    add_engine_options(parser)
    parser.add_argument(
        "--format",
        choices=FORMATS,
        default="table",
        help="table (default, for reading), tsv, md, json (one object) or jsonl (one paragraph a line); "
        "JSON keeps the 0-based paragraph index of the batch output",
    )
    parser.set_defaults(run=run)


def find(engine: Engine, asked: str) -> str:
    """The document id `asked` names: the id itself, or a path to its file inside the corpus."""
    docs = engine.documents
    if asked in docs:
        return asked
    try:
        relative = Path(asked).resolve().relative_to(engine.corpus).as_posix()
    except ValueError:
        relative = asked
    if relative in docs:
        return relative
    near = difflib.get_close_matches(asked, docs, n=1)
    hint = f"; did you mean {near[0]}?" if near else "; `qa list` shows them"
    raise QAError(f"no document {asked!r} in the index{hint}")


def quoted_in(engine: Engine, doc: str) -> dict[int, list[Quoted]]:
    """Paragraph index → the people quoted there, most-quoted people first."""
    found: dict[int, list[Quoted]] = defaultdict(list)
    for person in engine.people():
        for quote in person.quotes:
            if quote.doc == doc:
                found[quote.paragraph].append(Quoted(person.name, quote.highlights, person.kind, quote.form))
    return found


def record(paragraph: Paragraph, quoted: list[Quoted]) -> dict[str, Any]:
    return {
        "paragraph": paragraph.index,
        "line": paragraph.line,
        "text": paragraph.text,
        "quoted": [
            {"name": q.name, "kind": q.kind, "form": q.form, "highlights": [list(s) for s in q.highlights]}
            for q in quoted
        ],
    }


def rows(paragraphs: tuple[Paragraph, ...], quoted: dict[int, list[Quoted]]) -> Rows:
    return Rows(
        columns=("¶", "line", "quoted", "text"),
        cells=tuple(
            (
                str(paragraph_number(p.index)),
                str(p.line),
                ", ".join(q.name for q in quoted.get(p.index, [])),
                p.text,
            )
            for p in paragraphs
        ),
        records=tuple(record(p, quoted.get(p.index, [])) for p in paragraphs),
        right=frozenset({"¶", "line"}),
    )


def _said(here: list[Quoted]) -> list[tuple[str, list[str]]]:
    """ "quoted: A, B" for words in quote marks, "reported: C" for words only reported."""
    quoted = [q.name for q in here if q.form != "indirect"]
    reported = [q.name for q in here if q.form == "indirect"]
    return [(label, names) for label, names in (("quoted", quoted), ("reported", reported)) if names]


def readable(
    engine: Engine, doc: str, paragraphs: tuple[Paragraph, ...], quoted: dict[int, list[Quoted]]
) -> Any:
    """The article for reading: its heading, then each paragraph under its place, quoted words highlighted."""
    from rich.console import Group
    from rich.padding import Padding
    from rich.text import Text

    from qa.cli.render import HIGHLIGHT

    summary = engine.meta(doc).summary()
    parts: list[Text | Padding] = [Text(visible(doc), style="bold")]
    if summary:
        parts.append(Text(visible(summary), style="dim"))
    parts.append(Text())
    for paragraph in paragraphs:
        here = quoted.get(paragraph.index, [])
        head = Text(place(paragraph.index, paragraph.line), style="cyan")
        for label, names in _said(here):
            head.append(f"  {label}: " + ", ".join(visible(name) for name in names), style="dim")
        text = Text(visible(paragraph.text))
        for q in here:
            for start, end in q.highlights:
                text.stylize(HIGHLIGHT, start, end)
        parts += [head, Padding(text, (0, 0, 1, 4), expand=False)]
    return Group(*parts)


def run(args: argparse.Namespace) -> int:
    engine = open_engine(args)
    doc = find(engine, args.doc)
    paragraphs = engine.document(doc)
    quoted = quoted_in(engine, doc)
    if args.format == "json":
        whole = {"doc": doc, **engine.meta(doc).fields(), "paragraphs": [*rows(paragraphs, quoted).records]}
        print(json.dumps(whole, ensure_ascii=False, indent=1))
    elif args.format == "table":
        print_rich(readable(engine, doc, paragraphs, quoted))
    else:
        print_rows(rows(paragraphs, quoted), args.format)
    return EXIT_OK
