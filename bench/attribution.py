"""Who-said-what against the BBC gold: precision and recall of `qa people` pairs, by split and kind.

A pair is (article, paragraph, speaker). The gold (bench/gold/bbc_attribution.jsonl) lists every
paragraph of 57 BBC articles where someone's words are given, directly or reported; this script
copies those articles into a scratch corpus, indexes them with the Engine (the same path as
`qa index`), and compares every pair `qa people` lists with the gold. A predicted speaker matches
a gold one when a form of one (name or alias, without titles) equals a form of the other, or, for
people, when the surnames agree. Tune on `dev`; `heldout` is reported beside it, never tuned on.

    .venv/bin/python bench/attribution.py [--bbc ../shared/bench/bbc_news/corpus] [--misses 20]
"""

from __future__ import annotations

import argparse
import json
import shutil
import tempfile
import time
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from qa.answering.people import Person
from qa.engine import Engine
from qa.language.lexicon import TITLES

ROOT = Path(__file__).resolve().parent.parent
GOLD = ROOT / "bench" / "gold" / "bbc_attribution.jsonl"
ARTICLES = ROOT / "bench" / "gold" / "bbc_attribution_articles.json"
DEFAULT_BBC = ROOT.parent / "shared" / "bench" / "bbc_news" / "corpus"


@dataclass(frozen=True)
class Pair:
    doc: str
    paragraph: int
    speaker: str
    kind: str
    forms: frozenset[str]


def forms(names: Iterable[str]) -> frozenset[str]:
    """Lower-case forms without titles or articles: "Mr Dein" -> "dein"."""
    found = set()
    for name in names:
        tokens = [t.strip(".,'’").lower() for t in name.replace("’s", "").replace("'s", "").split()]
        tokens = [t for t in tokens if t and t not in TITLES and t not in {"a", "an", "the"}]
        if tokens:
            found.add(" ".join(tokens))
    return frozenset(found)


def same_speaker(gold: Pair, found: Pair) -> bool:
    if gold.forms & found.forms:
        return True
    if gold.kind == "person" and found.kind in {"person", ""}:
        surnames = {f.split()[-1] for f in gold.forms} & {f.split()[-1] for f in found.forms}
        return bool(surnames)
    return any(g in f or f in g for g in gold.forms for f in found.forms if min(len(g), len(f)) >= 4)


def gold_pairs() -> list[tuple[Pair, str]]:
    pairs = []
    for line in GOLD.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        names = [row["speaker"], *row["aliases"]]
        pair = Pair(row["doc"], row["paragraph"], row["speaker"], row["kind"], forms(names))
        pairs.append((pair, row["split"]))
    return pairs


def pairs_of(speakers: Iterable[Person]) -> list[Pair]:
    """Every (article, paragraph, speaker) pair `qa people` lists (an older qa has no kinds: people)."""
    found = []
    for person in speakers:
        kind = str(getattr(person, "kind", "person"))
        names = forms([person.name, *person.aliases])
        found.extend(Pair(q.doc, q.paragraph, person.name, kind, names) for q in person.quotes)
    return found


def predicted_pairs(bbc: Path, docs: Sequence[str]) -> tuple[list[Pair], float]:
    """Index the gold's articles in a scratch folder and read every pair `qa people` gives."""
    with tempfile.TemporaryDirectory() as scratch:
        corpus = Path(scratch) / "corpus"
        for doc in docs:
            (corpus / doc).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(bbc / doc, corpus / doc)
        engine = Engine(corpus, index_dir=Path(scratch) / "index")
        started = time.monotonic()
        engine.index()
        return pairs_of(engine.people()), time.monotonic() - started


def annotated_pairs(bbc: Path, docs: Sequence[str]) -> tuple[list[Pair], float]:
    """The same pairs without an index: annotate, then merge people as `qa people` does (no embedding)."""
    from qa.answering import people
    from qa.attribution.annotations import annotate_all
    from qa.ingest.paragraphs import split_paragraphs

    started = time.monotonic()
    documents = {doc: split_paragraphs(doc, (bbc / doc).read_text(encoding="utf-8")) for doc in docs}
    notes = annotate_all(list(documents.values()))
    quotes = {doc: note.quotes for doc, note in zip(documents, notes, strict=True)}
    return pairs_of(people.of(quotes, documents)), time.monotonic() - started


def score(gold: Sequence[Pair], found: Sequence[Pair]) -> tuple[float, float, int, int]:
    by_place: dict[tuple[str, int], list[Pair]] = defaultdict(list)
    for pair in gold:
        by_place[(pair.doc, pair.paragraph)].append(pair)
    right = sum(any(same_speaker(g, f) for g in by_place[(f.doc, f.paragraph)]) for f in found)
    found_at: dict[tuple[str, int], list[Pair]] = defaultdict(list)
    for pair in found:
        found_at[(pair.doc, pair.paragraph)].append(pair)
    recalled = sum(any(same_speaker(g, f) for f in found_at[(g.doc, g.paragraph)]) for g in gold)
    precision = right / len(found) if found else 0.0
    recall = recalled / len(gold) if gold else 0.0
    return precision, recall, len(found), len(gold)


def report(gold: list[tuple[Pair, str]], found: list[Pair], misses: int) -> None:
    split_of = {pair.doc: split for pair, split in gold}
    articles = json.loads(ARTICLES.read_text(encoding="utf-8"))["articles"]
    split_of.update({a["doc"]: a["split"] for a in articles})
    print(f"{'set':8} {'kind':13} {'precision':>9} {'recall':>7} {'found':>6} {'gold':>5}")
    for split in ("dev", "heldout"):
        mine = [f for f in found if split_of.get(f.doc) == split]
        for kind in ("person", "all"):
            wanted = [g for g, s in gold if s == split and (kind == "all" or g.kind == kind)]
            chosen = [f for f in mine if kind == "all" or f.kind in {kind, ""}]
            p, r, n, m = score(wanted, chosen)
            print(f"{split:8} {kind:13} {p:9.3f} {r:7.3f} {n:6} {m:5}")
    if misses:
        dev_gold = [g for g, s in gold if s == "dev"]
        at: dict[tuple[str, int], list[Pair]] = defaultdict(list)
        for pair in dev_gold:
            at[(pair.doc, pair.paragraph)].append(pair)
        dev_found = [f for f in found if split_of.get(f.doc) == "dev"]
        wrong = [f for f in dev_found if not any(same_speaker(g, f) for g in at[(f.doc, f.paragraph)])]
        for pair in wrong[:misses]:
            expected = ", ".join(g.speaker for g in at[(pair.doc, pair.paragraph)]) or "no one"
            print(f"  dev extra {pair.doc}#{pair.paragraph}: {pair.speaker} ({pair.kind}); gold: {expected}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bbc", type=Path, default=DEFAULT_BBC)
    parser.add_argument("--misses", type=int, default=0, help="list this many dev pairs that look wrong")
    parser.add_argument("--no-index", action="store_true", help="annotate only (same pairs, no embedding)")
    args = parser.parse_args()
    gold = gold_pairs()
    articles = json.loads(ARTICLES.read_text(encoding="utf-8"))["articles"]
    docs = sorted({a["doc"] for a in articles})
    found, seconds = (annotated_pairs if args.no_index else predicted_pairs)(args.bbc, docs)
    print(f"{len(docs)} articles {'annotated' if args.no_index else 'indexed'} in {seconds:.1f} s")
    report(gold, found, args.misses)


if __name__ == "__main__":
    main()
