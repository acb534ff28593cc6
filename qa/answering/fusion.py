"""How a candidate passage is scored: a learned weighing of its own and its article's evidence.

A weighted sum of cosine and BM25 serves encyclopaedia paragraphs well, where every
paragraph of an article shares its subject. News is written otherwise: the headline and
the lead name the story, and the paragraph holding the figure asked for often repeats
few of the question's words. So a passage of an article that opens with a headline is
weighed on more: the share of the question's term weight it holds, the best BM25 of its
article's other paragraphs (the headline among them) and whether it holds an entity of
the type the question asks for. The weights are logistic regression fitted by
`bench/train_fusion.py` on dev splits only; they ship as plain JSON, scored here with a
dot product (no scikit-learn on the question path).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from qa.answering import typed
from qa.answering.highlight import coverage
from qa.answering.logistic import Logistic, shipped
from qa.answering.question import Query
from qa.attribution import entities
from qa.index import store
from qa.language.text import sentence_spans

MODEL_FILE = "fusion.json"
DENSE_WEIGHT = 0.6  # of the plain weighted sum, chosen on XQuAD and our dev set (0.4-0.7 measured)
HEADLINE_WORDS = 15  # a first paragraph this short, not ending as a sentence does, is a headline


@dataclass(frozen=True, slots=True)
class News:
    """The extra evidence of a passage whose article opens with a headline."""

    coverage: float  # share of the question's term weight the passage holds (0..1)
    article: float  # best BM25 among the article's other paragraphs, over the best candidate's
    untyped: bool  # the question asks for a sum, date, person... and the passage holds none
    sentence: float = 0.0  # the best share of that weight in one sentence holding an answer of the type


def is_headline(text: str) -> bool:
    """A short first line that does not end with a full stop: "Ask Jeeves tips online ad revival"."""
    return len(text.split()) <= HEADLINE_WORDS and not text.rstrip().endswith(".")


def headlined(snapshot: store.Snapshot, doc: str) -> range:
    """The rows of the article when it opens with a headline, else none."""
    entry = snapshot.documents.get(doc)
    if entry is None or entry.paragraphs < 2:
        return range(0)
    rows = range(entry.first_paragraph, entry.first_paragraph + entry.paragraphs)
    return rows if is_headline(snapshot.paragraphs[rows.start].text) else range(0)


def article_rows(snapshot: store.Snapshot, rows: Sequence[int]) -> list[int]:
    """Every row of the headlined articles the given rows belong to (their BM25 is evidence)."""
    docs = dict.fromkeys(snapshot.paragraphs[row].doc for row in rows)
    return [row for doc in docs for row in headlined(snapshot, doc)]


def news(
    snapshot: store.Snapshot, query: Query, rows: Sequence[int], lexical_of: Mapping[int, float]
) -> dict[int, News]:
    """The news evidence of each candidate row in a headlined article; `lexical_of` covers their articles."""
    top = max(lexical_of.values(), default=0.0) or 1.0
    idf = snapshot.vocabulary.idf
    found: dict[int, News] = {}
    for row in rows:
        paragraph = snapshot.paragraphs[row]
        article = headlined(snapshot, paragraph.doc)
        if not article:
            continue
        best_other = max((lexical_of.get(other, 0.0) for other in article if other != row), default=0.0)
        untyped, sentence = _typed_evidence(snapshot, query, row, idf)
        found[row] = News(coverage(query, paragraph.text, idf), best_other / top, untyped, sentence)
    return found


def _typed_evidence(
    snapshot: store.Snapshot, query: Query, row: int, idf: Callable[[str], float]
) -> tuple[bool, float]:
    """Whether the question asks for a type of entity and the paragraph holds none it does not name
    itself, and how much of the question one sentence that could answer it holds: a typed
    question's answer and its words share a sentence in the paragraph that answers ("she is
    seeking $25m in the suit"). One scan of the paragraph's candidates serves both."""
    text = snapshot.paragraphs[row].text
    spans = sentence_spans(text)
    if query.expects:
        held = typed.candidates(query, text, entities.at(snapshot.entities, row), (0, len(text)))
        if not held:
            return True, 0.0
        spans = [(a, b) for a, b in spans if any(a <= e.start < b for e in held)]
    return False, max((coverage(query, text[a:b], idf) for a, b in spans), default=0.0)


def features(dense: float, lexical: float, extra: News | None) -> dict[str, float]:
    """The model's inputs, by name: `lexical` is BM25 over the best candidate's; news ones 0 elsewhere."""
    values = {"hybrid": DENSE_WEIGHT * dense + (1 - DENSE_WEIGHT) * lexical}
    if extra is not None:
        values |= {
            "news_dense": dense,
            "news_lexical": lexical,
            "news_coverage": extra.coverage,
            "news_article": extra.article,
            "news_untyped": float(extra.untyped),
            "news_sentence": extra.sentence,
        }
    return values


def model() -> Logistic:
    """The shipped weights (qa/answering/fusion.json), read once."""
    return shipped(MODEL_FILE)
