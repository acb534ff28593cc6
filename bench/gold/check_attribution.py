"""Check the BBC speaker-attribution gold against the articles it points into.

Loads bench/gold/bbc_attribution.jsonl (one pair a line) and bench/gold/bbc_attribution_articles.json
(the annotated articles and the rules), re-splits every article the way qa.paragraphs does (blank-line
blocks, empty blocks dropped, each stripped, 0-based, paragraph 0 = headline) and checks that each
pair's document exists, its paragraph is in range, its cue is 3-8 words copied from that paragraph,
its split follows the sha1 rule, its document is listed, and no (doc, paragraph, speaker) repeats.
Prints counts; exits 1 listing the problems.

    python3 bench/gold/check_attribution.py [--bbc ../shared/bench/bbc_news/corpus]

Standard library only: the BBC texts stay in ../shared and are never copied here.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import sys
from collections import Counter
from pathlib import Path
from typing import Any

GOLD = Path(__file__).resolve().parent
ROOT = GOLD.parent.parent
DEFAULT_BBC = ROOT.parent / "shared" / "bench" / "bbc_news" / "corpus"
PAIRS = GOLD / "bbc_attribution.jsonl"
ARTICLES = GOLD / "bbc_attribution_articles.json"

BLANK_LINE = re.compile(r"\n[ \t\f\v]*\n")
KINDS = frozenset({"person", "organisation", "role", "unknown"})
FORMS = frozenset({"direct", "indirect", "both"})
SECTIONS = ("business", "entertainment", "politics", "sport", "tech")
PAIR_FIELDS: dict[str, type] = {
    "doc": str,
    "paragraph": int,
    "speaker": str,
    "kind": str,
    "roles": list,
    "aliases": list,
    "form": str,
    "cue": str,
    "split": str,
}
ARTICLE_FIELDS: dict[str, type] = {"doc": str, "section": str, "split": str, "paragraphs": int, "why": str}
MIN_CUE_WORDS = 3
MAX_CUE_WORDS = 8


def split_paragraphs(text: str) -> list[str]:
    """Blank-line blocks, stripped, empty ones dropped: the project's paragraph numbering."""
    return [block.strip() for block in BLANK_LINE.split(text) if block.strip()]


def expected_split(doc: str) -> str:
    """Held-out when the first hex digit of sha1(doc id) is 0-4, so held-aside articles are chosen blindly."""
    return "heldout" if hashlib.sha1(doc.encode("utf-8")).hexdigest()[0] in "01234" else "dev"


class Corpus:
    """Paragraphs of the BBC articles, read once each."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self._cache: dict[str, list[str] | None] = {}

    def paragraphs(self, doc: str) -> list[str] | None:
        if doc not in self._cache:
            path = self.root / doc
            # read_text decodes with universal newlines, as the project's ingest does.
            self._cache[doc] = split_paragraphs(path.read_text(encoding="utf-8")) if path.is_file() else None
        return self._cache[doc]


def field_problems(where: str, record: Any, fields: dict[str, type]) -> list[str]:
    if not isinstance(record, dict):
        return [f"{where}: not a JSON object"]
    problems = []
    for name, kind in fields.items():
        value = record.get(name)
        # bool is an int in Python; a paragraph number must not be true/false.
        if not isinstance(value, kind) or isinstance(value, bool):
            problems.append(f"{where}: field {name!r} missing or not {kind.__name__}")
    for name in ("roles", "aliases"):
        value = record.get(name)
        if isinstance(value, list) and not all(isinstance(item, str) for item in value):
            problems.append(f"{where}: {name} must be a list of strings")
    return problems


def load_articles(path: Path, corpus: Corpus, problems: list[str]) -> dict[str, dict[str, Any]]:
    data = json.loads(path.read_text(encoding="utf-8"))
    if not isinstance(data, dict) or not isinstance(data.get("articles"), list):
        problems.append(f"{path.name}: expected an object with an 'articles' list")
        return {}
    if not isinstance(data.get("rules"), str) or not data["rules"].strip():
        problems.append(f"{path.name}: 'rules' must be a non-empty string")
    articles: dict[str, dict[str, Any]] = {}
    for number, article in enumerate(data["articles"]):
        where = f"{path.name} article {number}"
        found = field_problems(where, article, ARTICLE_FIELDS)
        if found:
            problems.extend(found)
            continue
        doc = article["doc"]
        if doc in articles:
            problems.append(f"{where}: {doc} listed twice")
        articles[doc] = article
        paragraphs = corpus.paragraphs(doc)
        if paragraphs is None:
            problems.append(f"{where}: {doc} not found under {corpus.root}")
            continue
        if article["section"] != doc.split("/", 1)[0]:
            problems.append(f"{where}: section {article['section']!r} does not match {doc}")
        if article["split"] != expected_split(doc):
            problems.append(f"{where}: split {article['split']!r}, sha1 rule says {expected_split(doc)!r}")
        if article["paragraphs"] != len(paragraphs):
            problems.append(f"{where}: says {article['paragraphs']} paragraphs, {doc} has {len(paragraphs)}")
    return articles


def check_pair(where: str, pair: dict[str, Any], corpus: Corpus, listed: dict[str, Any]) -> list[str]:
    doc = pair["doc"]
    problems = []
    if pair["kind"] not in KINDS:
        problems.append(f"{where}: kind {pair['kind']!r} not one of {sorted(KINDS)}")
    if pair["form"] not in FORMS:
        problems.append(f"{where}: form {pair['form']!r} not one of {sorted(FORMS)}")
    if not pair["speaker"].strip():
        problems.append(f"{where}: empty speaker")
    if pair["split"] != expected_split(doc):
        problems.append(f"{where}: split {pair['split']!r}, sha1 rule says {expected_split(doc)!r}")
    if doc not in listed:
        problems.append(f"{where}: {doc} is not listed in {ARTICLES.name}")
    paragraphs = corpus.paragraphs(doc)
    if paragraphs is None:
        return [*problems, f"{where}: {doc} not found under {corpus.root}"]
    index = pair["paragraph"]
    if not 0 <= index < len(paragraphs):
        return [*problems, f"{where}: paragraph {index} out of range (0-{len(paragraphs) - 1})"]
    text = paragraphs[index]
    cue = pair["cue"]
    if cue not in text:
        problems.append(f"{where}: cue {cue!r} is not in paragraph {index}")
    words = len(cue.split())
    # A paragraph shorter than the minimum (a stray one-word block) can only be cited whole.
    if not MIN_CUE_WORDS <= words <= MAX_CUE_WORDS and cue != text:
        problems.append(f"{where}: cue has {words} words, want {MIN_CUE_WORDS}-{MAX_CUE_WORDS}")
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--bbc", type=Path, default=DEFAULT_BBC, help="the BBC corpus folder")
    parser.add_argument("--pairs", type=Path, default=PAIRS)
    parser.add_argument("--articles", type=Path, default=ARTICLES)
    args = parser.parse_args(argv)
    if not args.bbc.is_dir():
        print(f"BBC corpus not found: {args.bbc} (pass --bbc PATH)", file=sys.stderr)
        return 1
    corpus = Corpus(args.bbc)
    problems: list[str] = []
    listed = load_articles(args.articles, corpus, problems)

    pairs: list[dict[str, Any]] = []
    seen: set[tuple[str, int, str]] = set()
    for number, line in enumerate(args.pairs.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        where = f"{args.pairs.name}:{number}"
        try:
            pair = json.loads(line)
        except json.JSONDecodeError as error:
            problems.append(f"{where}: bad JSON ({error})")
            continue
        found = field_problems(where, pair, PAIR_FIELDS)
        if found:
            problems.extend(found)
            continue
        key = (pair["doc"], pair["paragraph"], pair["speaker"])
        if key in seen:
            problems.append(f"{where}: duplicate (doc, paragraph, speaker) {key}")
        seen.add(key)
        problems.extend(check_pair(where, pair, corpus, listed))
        pairs.append(pair)

    with_pairs = {pair["doc"] for pair in pairs}
    print(f"pairs: {len(pairs)}")
    print(
        f"articles: {len(listed)} listed, {len(with_pairs)} with pairs, {len(set(listed) - with_pairs)} without speech"
    )
    print(f"paragraphs with speech: {len({(pair['doc'], pair['paragraph']) for pair in pairs})}")
    article_sections = Counter(article["section"] for article in listed.values())
    pair_sections = Counter(pair["doc"].split("/", 1)[0] for pair in pairs)
    for section in SECTIONS:
        print(f"  {section:<14} articles {article_sections[section]:>3}  pairs {pair_sections[section]:>4}")
    for label, counts in (
        ("split (pairs)", Counter(pair["split"] for pair in pairs)),
        ("split (articles)", Counter(article["split"] for article in listed.values())),
        ("form", Counter(pair["form"] for pair in pairs)),
        ("kind", Counter(pair["kind"] for pair in pairs)),
    ):
        print(f"{label}: " + ", ".join(f"{name} {count}" for name, count in sorted(counts.items())))

    if problems:
        print(f"\n{len(problems)} problem(s):", file=sys.stderr)
        for problem in problems:
            print(f"  {problem}", file=sys.stderr)
        return 1
    print("ok")
    return 0


if __name__ == "__main__":
    sys.exit(main())
