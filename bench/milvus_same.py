"""Same answers from the folder index and milvus-lite: every dev and XQuAD question, ids compared.

    .venv/bin/python bench/milvus_same.py [--sets dev,xquad]

Each corpus is built both ways through `Engine.index` (embedded twice, as a user would);
every question's (doc, paragraph) citations and its abstention must agree. Prints one
line per set and the questions that differ; exits 1 if any does.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

from qa.engine import Engine

ROOT = Path(__file__).resolve().parent.parent
XQUAD = ROOT.parent / "shared" / "bench" / "xquad_en"
SETS = {
    "dev": (ROOT / "corpus", ROOT / "bench" / "devset.jsonl"),
    "xquad": (XQUAD / "corpus", XQUAD / "questions.jsonl"),
}


def cited(answer: object) -> tuple[bool, list[tuple[str, int]]]:
    return answer.abstained, [(c.doc, c.paragraph) for c in answer.citations]  # type: ignore[attr-defined]


def compare(name: str, corpus: Path, questions: list[str], work: Path) -> int:
    folder = Engine(corpus, index_dir=work / f"{name}-index")
    milvus = Engine(corpus, milvus=str(work / f"{name}.db"))
    started = time.monotonic()
    folder.index()
    milvus.index()
    built = time.monotonic() - started
    ours, theirs = milvus.ask_many(questions), folder.ask_many(questions)
    differ = [q for q, a, b in zip(questions, ours, theirs, strict=True) if cited(a) != cited(b)]
    milvus.close()
    print(
        f"{name}: {len(questions) - len(differ)} of {len(questions)} questions cite the same (doc, paragraph)s "
        f"and abstain alike ({built:.0f} s to build both)"
    )
    for question in differ[:20]:
        print(f"  differs: {question}")
    return len(differ)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sets", default="dev,xquad")
    args = parser.parse_args()
    differ = 0
    with tempfile.TemporaryDirectory() as scratch:
        for name in args.sets.split(","):
            corpus, path = SETS[name]
            questions = [
                json.loads(line)["question"] for line in path.read_text(encoding="utf-8").splitlines()
            ]
            differ += compare(name, corpus, questions, Path(scratch))
    sys.exit(1 if differ else 0)


if __name__ == "__main__":
    main()
