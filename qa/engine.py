"""The one facade the command line, the chat, `qa eval` and the benchmarks call.

An Engine is bound to a corpus folder and its index folder. It builds or refreshes
the index on demand, loads it once, and answers questions against the loaded
generation; a rebuild swaps in a new generation without disturbing a question
already being answered.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from qa import dense, retrieve, store
from qa.answer import Answer, AnswerPart, Citation, Evidence, compose
from qa.boilerplate import is_boilerplate
from qa.corpus import Warn, check_corpus_root, discover
from qa.embedding import Encoder, ModelRef, load_query_encoder, resolve_model
from qa.errors import QAError, QuestionError
from qa.highlight import TYPED, best_sentence, coverage, highlights, score_sentences, typed_span
from qa.indexer import IndexSummary, Progress, build
from qa.lexical import top_rows
from qa.paragraphs import Paragraph
from qa.paths import default_index_dir
from qa.question import Query, analyse
from qa.quoted import Attributions
from qa.quotes import quote_spans
from qa.sentences import SentenceVectors

DEFAULT_K = 5
_WHO_SAID = re.compile(
    r"^\s*who\s+(?:said|says|told|warned|described|called|claimed|posted|wrote|added|insisted|urged)\b", re.I
)
TYPED_DEPTH = 3  # a "how much/how many/when" answer must show its figure or date in the top passages
MAX_K = 100


@dataclass(frozen=True)
class IndexStatus:
    """What `open` would have to do: nothing (fresh), update (stale) or build (missing)."""

    state: str
    documents: int
    paragraphs: int


def _ignore(_: str) -> None:
    return None


class Engine:
    def __init__(
        self,
        corpus: Path,
        *,
        index_dir: Path | None = None,
        model: Path | None = None,
        warn: Warn | None = None,
    ) -> None:
        self.corpus = check_corpus_root(corpus)
        self.index_dir = index_dir if index_dir is not None else default_index_dir(self.corpus)
        self._model_path = model
        self._model: ModelRef | None = None
        self._warn = warn or _ignore
        self._snapshot: store.Snapshot | None = None
        self._encoder: Encoder | None = None
        self._sentence_vectors: SentenceVectors | None = None
        self._attributions = Attributions()
        self._lock = threading.Lock()

    @property
    def model(self) -> ModelRef:
        """The model asked for, else the one the index was built with, else the bundled one."""
        if self._model is None:
            path = self._model_path
            if path is None:
                try:
                    manifest = store.read_manifest(self.index_dir)
                except QAError:
                    manifest = None
                if manifest is not None and Path(manifest.model_path).is_dir():
                    path = Path(manifest.model_path)
            self._model = resolve_model(path)
        return self._model

    def status(self) -> IndexStatus:
        manifest = store.read_manifest(self.index_dir)
        if manifest is None:
            return IndexStatus("missing", 0, 0)
        sources = discover(self.corpus, self._warn)
        same_files = {s.doc: (s.size, s.mtime_ns) for s in sources} == {
            doc: (e.size, e.mtime_ns) for doc, e in manifest.files.items()
        }
        fresh = same_files and manifest.model_fingerprint == self.model.fingerprint
        return IndexStatus("fresh" if fresh else "stale", len(manifest.files), manifest.paragraphs)

    def index(
        self,
        *,
        rebuild: bool = False,
        progress: Progress | None = None,
        cancel: threading.Event | None = None,
    ) -> IndexSummary:
        """Bring the index up to date (embedding only what changed) and load it."""
        summary = build(
            self.corpus,
            self.index_dir,
            self.model,
            rebuild=rebuild,
            progress=progress,
            cancel=cancel,
            warn=self._warn,
        )
        self._snapshot = store.load(self.index_dir)
        return summary

    def open(self, *, progress: Progress | None = None, cancel: threading.Event | None = None) -> IndexStatus:
        """Make the engine ready to answer: build or update the index if needed, load the encoder."""
        status = self.status()
        if status.state != "fresh":
            self.index(progress=progress, cancel=cancel)
        elif self._snapshot is None:
            self._snapshot = store.load(self.index_dir)
        self._query_encoder()
        if status.state == "fresh":
            return status
        manifest = self._loaded().manifest  # just built: no need to walk the corpus again
        return IndexStatus("fresh", len(manifest.files), manifest.paragraphs)

    def _query_encoder(self) -> Encoder:
        with self._lock:
            if self._encoder is None:
                self._encoder = load_query_encoder(self.model)
            return self._encoder

    def _sentences(self, encoder: Encoder) -> SentenceVectors:
        with self._lock:
            if self._sentence_vectors is None:
                self._sentence_vectors = SentenceVectors(encoder)
            return self._sentence_vectors

    def _loaded(self) -> store.Snapshot:
        if self._snapshot is None:
            self.open()
        assert self._snapshot is not None
        return self._snapshot

    @property
    def documents(self) -> list[str]:
        return sorted(self._loaded().manifest.files)

    def document(self, doc: str) -> tuple[Paragraph, ...]:
        """All paragraphs of one document, for a reader view around a citation."""
        snapshot = self._loaded()
        entry = snapshot.manifest.files.get(doc)
        if entry is None:
            raise QAError(f"no document {doc!r} in the index")
        return snapshot.paragraphs[entry.first_paragraph : entry.first_paragraph + entry.paragraphs]

    def ask(self, question: str, k: int = DEFAULT_K, mode: str = "hybrid") -> Answer:
        result = self.ask_many([question], k=k, mode=mode)[0]
        if isinstance(result, QuestionError):
            raise result
        return result

    def ask_many(
        self, questions: Sequence[str], k: int = DEFAULT_K, mode: str = "hybrid"
    ) -> list[Answer | QuestionError]:
        """Answer many questions, embedding them in batches; a bad question yields its error."""
        if not 1 <= k <= MAX_K:
            raise QAError(f"k must be between 1 and {MAX_K}")
        if mode not in retrieve.MODES:
            raise QAError(f"unknown retrieval mode {mode!r}; choose from {', '.join(retrieve.MODES)}")
        snapshot = self._loaded()
        encoder = self._query_encoder()
        queries: list[Query | QuestionError] = []
        for question in questions:
            try:
                queries.append(analyse(question))
            except QuestionError as error:
                queries.append(error)
        valid = [q for q in queries if isinstance(q, Query)]
        if not valid:
            return [q for q in queries if isinstance(q, QuestionError)]
        depth = max(50, 4 * k)
        vectors = encoder.encode([q.text for q in valid], batch_size=64)
        dense_ranked = dense.search_paragraphs(snapshot.dense, snapshot.window_paragraph, vectors, depth)
        results: list[Answer | QuestionError] = []
        position = 0
        for query in queries:
            if isinstance(query, QuestionError):
                results.append(query)
                continue
            results.append(
                self._answer(snapshot, encoder, query, vectors[position], dense_ranked[position], k, mode)
            )
            position += 1
        return results

    def _answer(
        self,
        snapshot: store.Snapshot,
        encoder: Encoder,
        query: Query,
        vector: np.ndarray,
        dense_ranked: list[tuple[int, float]],
        k: int,
        mode: str,
    ) -> Answer:
        depth = len(dense_ranked) or 50
        lexical_scores = snapshot.lexical.scores(query.terms)
        candidates = {row for row, _ in dense_ranked} | {row for row, _ in top_rows(lexical_scores, depth)}
        dense_of = dict(dense_ranked)
        missing = [row for row in candidates if row not in dense_of]
        dense_of.update(
            retrieve.paragraph_similarity(snapshot.vectors, snapshot.window_paragraph, missing, vector)
        )
        lexical_of = {row: float(lexical_scores[row]) for row in candidates}
        fused = retrieve.demote(
            retrieve.fuse(dense_of, lexical_of, mode),
            lambda row: is_boilerplate(snapshot.paragraphs[row].text),
        )
        speaker_rows = self._attributions.speaker_rows(snapshot, query, fused)
        taken = set(speaker_rows)
        chosen = (
            speaker_rows + [hit.row for hit in fused if hit.row not in taken][: max(0, k - len(speaker_rows))]
        )
        score_of = {hit.row: hit.score for hit in fused}
        idf = snapshot.lexical.idf
        paragraphs = [snapshot.paragraphs[row] for row in chosen]
        sentence_sims = self._sentences(encoder).similarities(vector, [p.text for p in paragraphs])
        citations: list[Citation] = []
        parts: list[AnswerPart] = []
        typed_found = query.kind not in TYPED
        for n, (row, paragraph, sims) in enumerate(
            zip(chosen, paragraphs, sentence_sims, strict=True), start=1
        ):
            scored = score_sentences(query, paragraph.text, idf, sims)
            spans = tuple(highlights(query, paragraph.text, scored))
            citations.append(
                Citation(
                    n,
                    paragraph.doc,
                    paragraph.index,
                    paragraph.line,
                    paragraph.text,
                    score_of.get(row, 0.0),
                    spans,
                )
            )
            best = best_sentence(scored)
            if best is not None and n <= TYPED_DEPTH and typed_span(query, paragraph.text, best.span):
                typed_found = True
            if spans and best is not None:
                piece = " … ".join(paragraph.text[s:e] for s, e in spans)
                parts.append(AnswerPart(n, piece, best.score))
        speaker = self._attributions.speaker_at(snapshot, speaker_rows[0]) if speaker_rows else None
        if speaker_rows:
            parts = parts[: len(speaker_rows)]
        else:
            parts.sort(key=lambda part: -part.strength)
            if query.kind == "who" and _WHO_SAID.search(query.text) and parts:
                said = snapshot.paragraphs[chosen[parts[0].n - 1]].text
                speaker = self._attributions.speaker_at(snapshot, chosen[parts[0].n - 1])
                if speaker:  # name the speaker, then their words: "Jake Sullivan said: Ukraine would ..."
                    words = " … ".join(said[a:b] for a, b in quote_spans(said))
                    parts = [AnswerPart(parts[0].n, words, parts[0].strength)]
        top = [dense_of.get(row, 0.0) for row in chosen]
        evidence = Evidence(
            top_dense=max(top, default=0.0),
            top_coverage=max((coverage(query, p.text, idf) for p in paragraphs), default=0.0),
            missing_names=tuple(
                name
                for name, term in query.names
                if not snapshot.lexical.knows(term) and not snapshot.lexical.resembles(term)
            ),
            kind=query.kind,
            unquoted=self._attributions.unquoted(snapshot, query, speaker_rows),
            untyped=not typed_found,
            speaker=speaker,
        )
        return compose(query.text, citations, parts, evidence)
