"""Options every verb shares, and building the engine from them."""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from qa.cli.console import index_progress, warn_once
from qa.engine import DEFAULT_K, MAX_K, Engine


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
        help="folder of .txt/.md articles (default: $QA_CORPUS, else ./corpus)",
    )
    parser.add_argument(
        "--index", type=Path, default=None, help="index folder (default: per corpus, in the user cache dir)"
    )
    parser.add_argument(
        "--model",
        type=Path,
        default=None,
        help="local sentence-transformers model folder (default: the bundled all-MiniLM-L6-v2)",
    )


def add_k_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "-k", type=positive_k, default=DEFAULT_K, help=f"passages to cite (default {DEFAULT_K})"
    )


def engine_from(args: argparse.Namespace) -> Engine:
    corpus = args.corpus or Path(os.environ.get("QA_CORPUS") or "corpus")
    return Engine(corpus, index_dir=args.index, model=args.model, warn=warn_once())


def open_engine(args: argparse.Namespace) -> Engine:
    """The engine, with its index built or brought up to date (progress on stderr) and loaded."""
    engine = engine_from(args)
    with index_progress() as progress:
        engine.open(progress=progress)
    return engine
