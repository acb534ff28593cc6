"""Measuring answers against a question set with gold paragraphs and answers.

Three gold formats are read: ours (`gold: [{"doc", "paragraph"}]`, `kind`), the BBC set in
bench/gold (`gold: [[doc, paragraph], ...]`, `type`, `split`) and the XQuAD export in
../shared/bench (`doc` + `gold: [paragraph, ...]`). Every number
comes from the same `Engine.ask_many` the command line uses.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from qa.answering.answer import Answer, Citation
from qa.answering.highlight import EXACT_KINDS
from qa.answering.question import analyse
from qa.answering.request import ALL_FEATURES, Features
from qa.engine import Engine
from qa.errors import QuestionError, UsageError


@dataclass(frozen=True, slots=True)
class GoldQuestion:
    id: str
    question: str
    kind: str
    gold: frozenset[tuple[str, int]]
    answers: tuple[str, ...]
    split: str = ""  # "dev" (tuned on) or "heldout", where the set says

    @property
    def answerable(self) -> bool:
        return bool(self.gold)


@dataclass(frozen=True, slots=True)
class Outcome:
    question: GoldQuestion
    rank: int | None
    cited_gold: int
    highlight_hit: bool
    answer_hit: bool
    abstained: bool
    span_f1: float | None = None  # a how much / how many / when / where / who question: its exact span
    span_exact: bool = False
    confidence: float = 0.0  # the probability shown that the corpus answers it


@dataclass(frozen=True, slots=True)
class Report:
    outcomes: tuple[Outcome, ...]
    k: int
    mode: str

    def _answerable(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.question.answerable]

    def metrics(self) -> dict[str, float | int | None]:
        answerable = self._answerable()
        with_answers = [o for o in answerable if o.question.answers]
        quotes = [o for o in answerable if o.question.kind == "quote"]
        spans = [o for o in with_answers if o.span_f1 is not None]
        unanswerable = [o for o in self.outcomes if not o.question.answerable]
        abstained = [o for o in self.outcomes if o.abstained]

        def share(part: Iterable[float], whole: Sequence[object]) -> float | None:
            return round(sum(part) / len(whole), 4) if whole else None

        return {
            "questions": len(self.outcomes),
            "recall@1": share((o.rank == 1 for o in answerable), answerable),
            "recall@5": share((o.rank is not None and o.rank <= 5 for o in answerable), answerable),
            "mrr": share((1 / o.rank if o.rank else 0.0 for o in answerable), answerable),
            "highlight_hit": share((o.highlight_hit for o in with_answers), with_answers),
            "answer_hit": share((o.answer_hit for o in with_answers), with_answers),
            "span_f1": share((o.span_f1 or 0.0 for o in spans), spans),
            "span_exact": share((o.span_exact for o in spans), spans),
            "span_questions": len(spans),
            "quote_coverage": share(
                (o.cited_gold / len(o.question.gold) for o in quotes),
                quotes,
            ),
            "abstain_precision": share((not o.question.answerable for o in abstained), abstained),
            "abstain_recall": share((o.abstained for o in unanswerable), unanswerable),
            "false_abstentions": sum(o.abstained for o in answerable),
            "calibration_error": calibration_error(
                [o.confidence for o in self.outcomes], [o.question.answerable for o in self.outcomes]
            ),
        }


CALIBRATION_BINS = 10


def calibration_error(confidence: Sequence[float], answerable: Sequence[bool]) -> float | None:
    """Expected calibration error of the confidence shown: over ten equal bins of it, the gap
    between the mean confidence and the share of questions the corpus answers, weighted by size."""
    if not confidence:
        return None
    gap = 0.0
    for low in range(CALIBRATION_BINS):
        inside = [
            (c, a)
            for c, a in zip(confidence, answerable, strict=True)
            if low <= c * CALIBRATION_BINS < low + 1 or (low == CALIBRATION_BINS - 1 and c == 1.0)
        ]
        if inside:
            mean = sum(c for c, _ in inside) / len(inside)
            gap += len(inside) * abs(mean - sum(a for _, a in inside) / len(inside))
    return round(gap / len(confidence), 4)


def load_questions(path: Path) -> list[GoldQuestion]:
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as error:
        raise UsageError(f"cannot read {path}: {error.strerror}") from error
    questions: list[GoldQuestion] = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            questions.append(parse(json.loads(line), number))
        except (ValueError, KeyError, TypeError) as error:
            raise UsageError(f"{path}:{number}: not a gold question ({error})") from error
    return questions


def parse(record: dict[str, Any], number: int) -> GoldQuestion:
    raw_gold = record.get("gold", [])
    if raw_gold and isinstance(raw_gold[0], dict):
        gold = frozenset((str(g["doc"]), int(g["paragraph"])) for g in raw_gold)
    elif raw_gold and isinstance(raw_gold[0], list):
        gold = frozenset((str(doc), int(p)) for doc, p in raw_gold)
    else:
        gold = frozenset((str(record["doc"]), int(p)) for p in raw_gold)
    kind = str(record.get("kind") or record.get("type") or ("fact" if gold else "unanswerable"))
    answers = tuple(str(a) for a in record.get("answers", []))
    split = str(record.get("split", ""))
    return GoldQuestion(str(record.get("id", number)), str(record["question"]), kind, gold, answers, split)


# Gold types (bench/gold) whose answer is one short span: each is scored for its exact answer.
SPAN_KINDS = frozenset({*EXACT_KINDS, "which"})


def _normal(text: str) -> str:
    return " ".join(text.lower().replace("’", "'").split())


def _places(citation: Citation) -> set[tuple[str, int]]:
    """The passage and every copy of it the citation lists: citing one cites them all."""
    return {(citation.doc, citation.paragraph)} | {(a.doc, a.paragraph) for a in citation.also}


def judge(question: GoldQuestion, answer: Answer) -> Outcome:
    ranks = [c.n for c in answer.citations if _places(c) & question.gold]
    wanted = [_normal(a) for a in question.answers]
    highlighted = [
        _normal(c.text[s:e])
        for c in answer.citations
        if (c.doc, c.paragraph) in question.gold
        for s, e in c.highlights
    ]
    first_gold = [c for c in answer.citations if _places(c) & question.gold][:1]
    first_spans = [_normal(c.text[s:e]) for c in first_gold for s, e in c.highlights]
    span_f1: float | None = None
    span_exact = False
    if wanted and (question.kind in SPAN_KINDS or analyse(question.question).kind in EXACT_KINDS):
        exact = [_normal(c.text[slice(*c.answer_span)]) for c in _answering(answer) if c.answer_span][:1]
        span_f1 = max((token_f1(exact[0], w) for w in wanted), default=0.0) if exact else 0.0
        span_exact = bool(exact) and any(_bare(exact[0]) == _bare(w) for w in wanted)
    return Outcome(
        question,
        min(ranks) if ranks else None,
        len(set().union(*(_places(c) for c in answer.citations)) & question.gold),
        any(w in span for w in wanted for span in first_spans) if highlighted else False,
        any(w in _normal(answer.text) for w in wanted),
        answer.abstained,
        span_f1,
        span_exact,
        answer.confidence,
    )


def _answering(answer: Answer) -> list[Citation]:
    """The citations the answer is made of, in order: the first one's exact span is its exact answer."""
    return [c for c in answer.citations if c.supports and not answer.abstained]


def _bare(text: str) -> list[str]:
    """SQuAD's answer normalisation: lower case, no punctuation, no articles."""
    words = re.sub(r"[^\w\s]", " ", text.lower()).split()
    return [w for w in words if w not in {"a", "an", "the"}]


def token_f1(predicted: str, gold: str) -> float:
    """SQuAD token F1 between a predicted span and a gold answer."""
    ours, theirs = Counter(_bare(predicted)), Counter(_bare(gold))
    common = sum((ours & theirs).values())
    if common == 0:
        return 0.0
    precision, recall = common / sum(ours.values()), common / sum(theirs.values())
    return 2 * precision * recall / (precision + recall)


def evaluate(
    engine: Engine,
    questions: Sequence[GoldQuestion],
    k: int = 5,
    mode: str = "hybrid",
    features: Features = ALL_FEATURES,
) -> Report:
    outcomes: list[Outcome] = []
    for begin in range(0, len(questions), 64):
        chunk = questions[begin : begin + 64]
        for question, result in zip(
            chunk,
            engine.ask_many([q.question for q in chunk], k=k, mode=mode, features=features),
            strict=True,
        ):
            if isinstance(result, QuestionError):
                raise UsageError(f"question {question.id}: {result}")
            outcomes.append(judge(question, result))
    return Report(tuple(outcomes), k, mode)
