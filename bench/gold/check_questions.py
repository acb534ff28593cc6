"""Check the BBC question set (bench/gold/bbc_questions.jsonl) against the article corpus.

The corpus is read from ``../shared/bench/bbc_news/corpus`` relative to the repo root (``--bbc`` overrides it)
and split into paragraphs exactly as the project does: on blank lines, empty blocks dropped, each stripped,
0-based, so paragraph 0 is the headline.

Errors (exit 1): duplicate ids, unknown types, gold docs or paragraphs that do not exist, answers that are
not a substring of any gold paragraph, answerable not matching a non-empty gold, a split that breaks the
sha1 rule. Warnings (look at each by hand): an unanswerable question whose capitalised words and numbers
all occur together in one corpus paragraph, answers longer than 8 words, quote cues shorter than 3 words.
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

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_BBC = ROOT.parent / "shared" / "bench" / "bbc_news" / "corpus"
DEFAULT_QUESTIONS = Path(__file__).resolve().with_name("bbc_questions.jsonl")

TYPES = {"who", "when", "where", "how_many", "how_much", "which", "quote", "yesno_quote"}
SPLITS = {"dev", "heldout"}
FIELDS = ("id", "question", "type", "answerable", "gold", "answers", "near_miss", "split", "note")
BLANK_LINE = re.compile(r"\n[ \t\f\v]*\n")
# Capitalised words that carry no content when they open or pepper a question.
IGNORED_CAPS = frozenset(
    "What Who Whom When Where Which How Did Does Do Is Was Were Are In On At By For From To After Before During "
    "The A An Of And".split()
)
WORD = re.compile(r"[A-Za-z0-9][\w'’.&-]*")


def split_paragraphs(text: str) -> list[str]:
    return [block.strip() for block in BLANK_LINE.split(text) if block.strip()]


def load_corpus(root: Path) -> dict[str, list[str]]:
    corpus: dict[str, list[str]] = {}
    for path in sorted(root.rglob("*.txt")):
        corpus[path.relative_to(root).as_posix()] = split_paragraphs(path.read_text(encoding="utf-8"))
    return corpus


def expected_split(key: str) -> str:
    return "heldout" if hashlib.sha1(key.encode("utf-8")).hexdigest()[0] in "01234" else "dev"


def key_terms(question: str) -> list[str]:
    """The question's capitalised words and numbers, possessives and trailing punctuation removed."""
    terms: list[str] = []
    for raw in WORD.findall(question):
        word = re.sub(r"['’]s$", "", raw).rstrip(".-'’")
        if not word:
            continue
        if any(ch.isdigit() for ch in word) or (word[0].isupper() and word not in IGNORED_CAPS):
            terms.append(word)
    return terms


def term_in(term: str, text: str) -> bool:
    return re.search(r"(?<![\w])" + re.escape(term) + r"(?![\w])", text) is not None


def section_of(record: dict[str, Any]) -> str:
    gold = record.get("gold") or []
    doc = gold[0][0] if gold else record.get("source_doc")
    return str(doc).split("/", 1)[0] if doc else "(out of corpus)"


def check(records: list[dict[str, Any]], corpus: dict[str, list[str]]) -> tuple[list[str], list[str]]:
    errors: list[str] = []
    warnings: list[str] = []
    seen: set[str] = set()
    for line_no, rec in enumerate(records, start=1):
        qid = str(rec.get("id", f"<line {line_no}>"))
        where = f"{qid}:"
        for field in FIELDS:
            if field not in rec:
                errors.append(f"{where} missing field {field!r}")
        if qid in seen:
            errors.append(f"{where} duplicate id")
        seen.add(qid)
        qtype = rec.get("type")
        if qtype not in TYPES:
            errors.append(f"{where} unknown type {qtype!r}")
        if rec.get("split") not in SPLITS:
            errors.append(f"{where} unknown split {rec.get('split')!r}")
        gold = rec.get("gold") or []
        answers = [str(a) for a in rec.get("answers") or []]
        answerable = bool(rec.get("answerable"))
        if answerable != bool(gold):
            errors.append(f"{where} answerable={answerable} but gold has {len(gold)} entries")
        if answerable and not answers:
            errors.append(f"{where} answerable but no answers")
        if not answerable and answers:
            errors.append(f"{where} unanswerable but has answers")
        if rec.get("near_miss") and answerable:
            errors.append(f"{where} near_miss set on an answerable question")
        paragraphs: list[str] = []
        for item in gold:
            if not (isinstance(item, list) and len(item) == 2 and isinstance(item[1], int)):
                errors.append(f"{where} malformed gold entry {item!r}")
                continue
            doc, index = str(item[0]), item[1]
            if doc not in corpus:
                errors.append(f"{where} gold doc {doc} not in corpus")
            elif not 0 <= index < len(corpus[doc]):
                errors.append(f"{where} {doc} has no paragraph {index} (has {len(corpus[doc])})")
            else:
                paragraphs.append(corpus[doc][index])
        if len({(str(g[0]), g[1]) for g in gold if isinstance(g, list) and len(g) == 2}) != len(gold):
            errors.append(f"{where} duplicate gold entries")
        if qtype == "yesno_quote":
            if answerable and answers not in (["yes"], ["no"]):
                errors.append(f"{where} yesno_quote answers must be ['yes'] or ['no'], got {answers}")
        else:
            for answer in answers:
                if paragraphs and not any(answer in p for p in paragraphs):
                    errors.append(f"{where} answer {answer!r} is in no gold paragraph")
                if len(answer.split()) > 8:
                    warnings.append(f"{where} answer {answer!r} is longer than 8 words")
            if qtype == "quote" and answers and max(len(a.split()) for a in answers) < 3:
                warnings.append(f"{where} quote cue {answers} is shorter than 3 words")
        source = rec.get("source_doc")
        if source is not None and str(source) not in corpus:
            errors.append(f"{where} source_doc {source} not in corpus")
        if gold:
            split_key = str(gold[0][0])
        elif source is not None:
            split_key = str(source)
        else:
            split_key = qid
        want = expected_split(split_key)
        if rec.get("split") != want:
            errors.append(f"{where} split {rec.get('split')!r} but sha1({split_key}) gives {want!r}")
        if not answerable:
            terms = key_terms(str(rec.get("question", "")))
            if not terms:
                warnings.append(f"{where} unanswerable question has no capitalised words or numbers to check")
                continue
            hits = [
                f"{doc} ¶{i}"
                for doc, paras in corpus.items()
                for i, text in enumerate(paras)
                if all(term_in(t, text) for t in terms)
            ]
            if hits:
                shown = ", ".join(hits[:3]) + (f" (+{len(hits) - 3} more)" if len(hits) > 3 else "")
                warnings.append(f"{where} unanswerable, but all of {terms} co-occur in {shown}")
    return errors, warnings


def print_counts(records: list[dict[str, Any]]) -> None:
    def show(title: str, counter: Counter[str]) -> None:
        print(f"{title}: " + ", ".join(f"{k} {v}" for k, v in sorted(counter.items())))

    print(f"questions: {len(records)}")
    show("type", Counter(str(r.get("type")) for r in records))
    show("type (answerable)", Counter(str(r.get("type")) for r in records if r.get("answerable")))
    show("split", Counter(str(r.get("split")) for r in records))
    show("answerable", Counter(str(bool(r.get("answerable"))).lower() for r in records))
    show("near_miss", Counter(str(bool(r.get("near_miss"))).lower() for r in records))
    show("section", Counter(section_of(r) for r in records))
    show("yesno answers", Counter(str(r["answers"][0]) for r in records if r.get("type") == "yesno_quote"))
    docs = {str(g[0]) for r in records for g in r.get("gold") or []}
    docs |= {str(r["source_doc"]) for r in records if r.get("source_doc")}
    firsts = {str(r["gold"][0][0]) if r.get("gold") else str(r.get("source_doc")) for r in records}
    firsts.discard("None")
    print(f"articles: {len(docs)} in gold or source_doc, {len(firsts)} as a question's first doc")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument(
        "--bbc", type=Path, default=DEFAULT_BBC, help="BBC corpus folder (default: %(default)s)"
    )
    parser.add_argument(
        "--questions", type=Path, default=DEFAULT_QUESTIONS, help="question file (JSON Lines)"
    )
    args = parser.parse_args(argv)
    if not args.bbc.is_dir():
        print(f"error: corpus folder {args.bbc} not found", file=sys.stderr)
        return 1
    corpus = load_corpus(args.bbc)
    records: list[dict[str, Any]] = []
    with args.questions.open(encoding="utf-8") as fh:
        for line_no, line in enumerate(fh, start=1):
            if line.strip():
                try:
                    records.append(json.loads(line))
                except json.JSONDecodeError as exc:
                    print(f"error: line {line_no}: {exc}", file=sys.stderr)
                    return 1
    errors, warnings = check(records, corpus)
    print(f"corpus: {len(corpus)} articles, {sum(len(p) for p in corpus.values())} paragraphs")
    print_counts(records)
    for warning in warnings:
        print(f"warning: {warning}")
    for error in errors:
        print(f"error: {error}")
    print(f"{len(errors)} errors, {len(warnings)} warnings")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
