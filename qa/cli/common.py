"""Options every verb shares, and building the engine from them."""

from __future__ import annotations

import argparse
from pathlib import Path

from qa import config
from qa.cli.console import counted, index_progress, stage, warn_once
from qa.config import DEFAULT_K, MAX_K
from qa.engine import Engine
from qa.ingest.corpus import ARTICLE_SUFFIXES


def positive_k(value: str) -> int:
    try:
        k = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {value!r}") from None
    if not 1 <= k <= MAX_K:
        raise argparse.ArgumentTypeError(f"must be between 1 and {MAX_K}")
    return k


def add_engine_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--corpus",
        type=Path,
        default=None,
        help=f"folder of articles, searched recursively for {', '.join(sorted(ARTICLE_SUFFIXES))} files "
        "(default: $QA_CORPUS, qa.toml, else ./corpus)",
    )
    parser.add_argument(
        "--index",
        type=Path,
        default=None,
        help="index folder (default: $QA_INDEX, qa.toml, else per corpus in the user cache dir)",
    )
    parser.add_argument(
        "--model",
        type=Path,
        default=None,
        help="local sentence-transformers model folder (default: $QA_MODEL, qa.toml, else the bundled "
        "all-MiniLM-L6-v2)",
    )
    parser.add_argument(
        "--milvus",
        metavar="URI",
        default=None,
        help="keep the index in Milvus instead of the index folder: a .db file (milvus-lite) or "
        "http(s)://host:port (a server) (default: $QA_MILVUS, qa.toml, else the index folder)",
    )


def add_k_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "-k",
        type=positive_k,
        default=None,
        help=f"passages to cite (default: $QA_K, qa.toml, else {DEFAULT_K})",
    )


def with_settings(args: argparse.Namespace) -> argparse.Namespace:
    """`args` with the engine options not given on the command line filled in from `qa.config`.

    The resolved `config.Settings` rides along as `args.settings`; verbs without engine
    options are returned as they are (and no qa.toml is read for them)."""
    if not hasattr(args, "corpus"):
        return args
    flags = {"corpus": args.corpus, "index": args.index, "model": args.model, "k": getattr(args, "k", None)}
    flags["milvus"] = args.milvus
    settings = config.resolve(flags)
    filled: dict[str, object] = {
        "corpus": settings.corpus,
        "index": settings.index_dir,
        "model": settings.model,
        "milvus": settings.milvus,
    }
    if hasattr(args, "k"):
        filled["k"] = settings.k
    return argparse.Namespace(**{**vars(args), **filled, "settings": settings})


def engine_from(args: argparse.Namespace) -> Engine:
    if not hasattr(args, "settings"):
        args = with_settings(args)
    return Engine(args.corpus, index_dir=args.index, model=args.model, warn=warn_once(), milvus=args.milvus)


def announce_build(engine: Engine, *, rebuild: bool = False) -> bool:
    """Say on stderr that a build starts, before the model loads (the slow, silent part); True if one does."""
    state = "rebuild" if rebuild else engine.status().state
    if state == "fresh":
        return False
    doing = {"missing": "building", "stale": "updating", "rebuild": "rebuilding"}[state]
    stage(f"{doing} the index of {engine.corpus} in {engine.location}: reading articles, loading the model")
    return True


def open_engine(args: argparse.Namespace) -> Engine:
    """The engine, with its index built or brought up to date and loaded; a build says so on stderr,
    step by step, so a minute of work is never a minute of silence."""
    engine = engine_from(args)
    building = announce_build(engine)
    with index_progress() as progress:
        after = engine.open(progress=progress)
    if building:
        stage(f"index ready: {counted(after.documents, 'article')}, {counted(after.paragraphs, 'paragraph')}")
    return engine
