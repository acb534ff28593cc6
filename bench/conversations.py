"""Follow-up questions: are they read as the right standalone question, and answered as well?

Each conversation in bench/conversations.jsonl (over the default corpus and XQuAD) is
asked turn by turn through `Engine.follow_up`, as the chat and `qa batch` do. For every
turn: was it rewritten to the expected person or topic ("expect" found in the
rewrite; a turn that stands on its own must be left alone), and do its citations and
answer hit the gold as well as the same question asked standalone?

    .venv/bin/python bench/conversations.py [--json]
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from qa.answering.conversation import Conversation
from qa.engine import Engine
from qa.evaluate import judge, parse

ROOT = Path(__file__).resolve().parent.parent
CORPORA = {"news": ROOT / "corpus", "xquad": ROOT.parent / "shared" / "bench" / "xquad_en" / "corpus"}


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--file", type=Path, default=ROOT / "bench" / "conversations.jsonl")
    parser.add_argument("--json", action="store_true", help="one JSON object per turn")
    args = parser.parse_args()
    rows = [json.loads(line) for line in args.file.read_text(encoding="utf-8").splitlines() if line.strip()]
    engines = {name: Engine(path) for name, path in CORPORA.items() if any(r["set"] == name for r in rows)}
    conversations: dict[str, Conversation] = {}
    totals = {"turns": 0, "follow_ups": 0, "rewritten_right": 0, "alone_left_alone": 0, "standalone_turns": 0}
    hits = {"follow_up": [0, 0, 0], "standalone": [0, 0, 0]}  # recall@5 hits, answer hits, answerable
    for row in rows:
        engine = engines[row["set"]]
        gold = parse({**row, "kind": "fact" if row["gold"] else "unanswerable"}, 0)
        answer, conversations[row["conversation"]] = engine.follow_up(
            conversations.get(row["conversation"], Conversation()), row["question"]
        )
        alone = engine.ask(row["standalone"])
        resolved = answer.resolved_question or row["question"]
        first_turn = not row["expect"]
        stands_alone = row["expect"].rstrip("?") == row["question"].rstrip("?")
        right = resolved == row["question"] if stands_alone else row["expect"].lower() in resolved.lower()
        totals["turns"] += 1
        if not first_turn:
            if stands_alone:
                totals["standalone_turns"] += 1
                totals["alone_left_alone"] += right
            else:
                totals["follow_ups"] += 1
                totals["rewritten_right"] += right
            for label, given in (("follow_up", answer), ("standalone", alone)):
                outcome = judge(gold, given)
                if gold.answerable:
                    hits[label][0] += outcome.rank is not None and outcome.rank <= 5
                    hits[label][1] += outcome.answer_hit if gold.answers else outcome.rank is not None
                    hits[label][2] += 1
        if args.json:
            print(
                json.dumps(
                    {
                        "conversation": row["conversation"],
                        "question": row["question"],
                        "resolved": resolved,
                        "right": right,
                    }
                )
            )
    print(
        f"turns {totals['turns']}; follow-ups rewritten to the right person or topic "
        f"{totals['rewritten_right']}/{totals['follow_ups']}; new questions left alone "
        f"{totals['alone_left_alone']}/{totals['standalone_turns']}"
    )
    for label, (recall, answered, n) in hits.items():
        print(
            f"{label:<10} (turns 2-3, {n} answerable): recall@5 {recall / n:.3f}, answer or gold cited {answered / n:.3f}"
        )


if __name__ == "__main__":
    main()
