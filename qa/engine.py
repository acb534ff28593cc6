"""The one facade the command line, the chat, `qa eval` and the benchmarks call.

An Engine is bound to a corpus folder and its index folder. It builds or refreshes
the index on demand, loads it once, and answers questions against the loaded
generation; a rebuild swaps in a new generation without disturbing a question
already being answered.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from functools import partial
from pathlib import Path

from qa.answering import people, respond, retrieve
from qa.answering.answer import Answer
from qa.answering.cited import CitedFiles
from qa.answering.conversation import Conversation, turn
from qa.answering.filters import NO_FILTERS, Filters
from qa.answering.people import Person
from qa.answering.question import Query, analyse
from qa.answering.quoted import Attributions
from qa.answering.request import ALL_FEATURES, Context, Features, Request
from qa.answering.sentences import SentenceVectors
from qa.config import DEFAULT_K, MAX_K
from qa.errors import QAError, QuestionError
from qa.index import folder, freshness, store
from qa.index.backend import open_backend
from qa.index.changes import IndexPlan
from qa.index.embedding import Encoder, ModelRef, load_query_encoder, resolve_model
from qa.index.freshness import IndexStatus as IndexStatus  # the facade's name for it
from qa.index.indexer import IndexSummary, build
from qa.index.manifest import DocumentEntry, Manifest
from qa.index.passages import READING as READING  # the step a client shows as reading who said what
from qa.index.passages import Progress
from qa.index.ray_embed import RayTarget
from qa.ingest.corpus import Warn, check_corpus_root
from qa.ingest.metadata import DocumentMeta
from qa.ingest.paragraphs import Paragraph
from qa.paths import default_index_dir


class Engine:
    def __init__(
        self,
        corpus: Path,
        *,
        index_dir: Path | None = None,
        model: Path | None = None,
        warn: Warn | None = None,
        milvus: str | None = None,
    ) -> None:
        self.corpus = check_corpus_root(corpus)
        self.index_dir = index_dir if index_dir is not None else default_index_dir(self.corpus)
        if milvus is None:
            folder.check(self.index_dir, self.corpus)
            folder.refuse_foreign(self.index_dir)
        self.backend = open_backend(self.index_dir, milvus)
        self._model_path = model
        self._model: ModelRef | None = None
        self._warn = warn or (lambda _: None)
        self._snapshot: store.Snapshot | None = None
        self._encoder: Encoder | None = None
        self._sentence_vectors: SentenceVectors | None = None
        self._attributions = Attributions()
        self._people: tuple[store.Snapshot, tuple[Person, ...]] | None = None
        self._lock = threading.Lock()
        self._files = CitedFiles(self.corpus, self._warn)

    @property
    def model(self) -> ModelRef:
        """The model asked for, else the one the index was built with, else the bundled one."""
        if self._model is None:
            path = self._model_path
            if path is None:
                try:
                    manifest = self.backend.read_manifest()
                except QAError:
                    manifest = None
                if manifest is not None and Path(manifest.model_path).is_dir():
                    path = Path(manifest.model_path)
            self._model = resolve_model(path)
        return self._model

    def status(self) -> IndexStatus:
        return freshness.status(self.backend, self.corpus, self.model, self._warn)

    def plan(self, *, rebuild: bool = False, verify: bool = False) -> IndexPlan:
        """What `index` would do, writing nothing and loading no model (`qa index --dry-run`)."""
        return freshness.plan(
            self.backend, self.corpus, self.model, self._warn, rebuild=rebuild, verify=verify
        )

    def index(
        self,
        *,
        rebuild: bool = False,
        progress: Progress | None = None,
        cancel: threading.Event | None = None,
        ray: RayTarget | None = None,
    ) -> IndexSummary:
        """Bring the index up to date (embedding only what changed, with Ray if asked) and load it."""
        summary = build(
            self.corpus,
            self.backend,
            self.model,
            rebuild=rebuild,
            progress=progress,
            cancel=cancel,
            warn=self._warn,
            ray=ray,
        )
        self._snapshot = self.backend.load()
        return summary

    def open(
        self,
        *,
        progress: Progress | None = None,
        cancel: threading.Event | None = None,
        update: bool = True,
    ) -> IndexStatus:
        """Make the engine ready to answer: build or update the index if needed, load the encoder.

        With `update` False (`qa batch --frozen`) nothing is written: the index is used as it is.
        An index that cannot be written (a read-only folder) is used as it is too, with a warning."""
        status = self.status()
        if (
            status.state != "fresh"
            and (update or status.state == "missing")
            and self._update(status, progress, cancel)
        ):
            manifest = self._loaded().manifest  # just built: no need to walk the corpus again
            status = IndexStatus("fresh", len(manifest.files), manifest.paragraphs)
        if self._snapshot is None:
            self._snapshot = self.backend.load()
        self._query_encoder()
        return status

    def _update(self, status: IndexStatus, progress: Progress | None, cancel: threading.Event | None) -> bool:
        """Build or update (True); a stale index in a folder qa cannot write is answered from as it is."""
        try:
            self.index(progress=progress, cancel=cancel)
        except OSError as error:
            if status.state == "missing" or error.errno not in folder.READ_ONLY:
                raise
            self._warn(folder.stale_read_only(self.index_dir, error))
            return False
        return True

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

    def close(self) -> None:
        """Release the backend's connection (a milvus-lite child process stops with its last client)."""
        self.backend.close()

    @property
    def location(self) -> str:
        """Where the index lives, for messages: its folder, or its Milvus URI."""
        return self.backend.location

    @property
    def manifest(self) -> Manifest:
        """The loaded index's manifest: what it holds, from which model (`qa batch` records it)."""
        return self._loaded().manifest

    @property
    def documents(self) -> list[str]:
        """Every article's id, in index order (a dump's records as `FILE#N`, in file order)."""
        return list(self._loaded().documents)

    def document(self, doc: str) -> tuple[Paragraph, ...]:
        """All paragraphs of one document, for a reader view around a citation (and `qa show`)."""
        snapshot = self._loaded()  # one generation for the entry and its rows, even mid-swap
        _entry(snapshot, doc)
        return snapshot.article(doc)

    def meta(self, doc: str) -> DocumentMeta:
        """What the article says of itself (title, outlet, author, date, URL), for `qa list` and `qa show`."""
        return _entry(self._loaded(), doc).meta

    def people(self) -> tuple[Person, ...]:
        """Everyone the corpus quotes, most-quoted first (see `qa.answering.people`); worked out once per index."""
        snapshot = self._loaded()
        if self._people is None or self._people[0] is not snapshot:
            documents = {doc: self.document(doc) for doc in snapshot.documents}
            metas = {doc: entry.meta for doc, entry in snapshot.documents.items()}
            self._people = (snapshot, people.of(snapshot.quotes, documents, metas))
        return self._people[1]

    def ask(
        self,
        question: str,
        k: int = DEFAULT_K,
        mode: str = "hybrid",
        features: Features = ALL_FEATURES,
        exclude: frozenset[tuple[str, int]] = frozenset(),
        filters: Filters = NO_FILTERS,
    ) -> Answer:
        result = self.ask_many([question], k, mode, features, exclude, filters)[0]
        if isinstance(result, QuestionError):
            raise result
        return result

    def follow_up(
        self, conversation: Conversation, question: str, k: int = DEFAULT_K, filters: Filters = NO_FILTERS
    ) -> tuple[Answer, Conversation]:
        """Answer `question` as a turn of `conversation` (`qa.answering.conversation.turn`): the answer,
        saying how the question was read, and the conversation after it."""
        return turn(partial(self.ask, k=k), conversation, question, filters)

    def ask_many(
        self,
        questions: Sequence[str],
        k: int = DEFAULT_K,
        mode: str = "hybrid",
        features: Features = ALL_FEATURES,
        exclude: frozenset[tuple[str, int]] = frozenset(),
        filters: Filters = NO_FILTERS,
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
                queries.append(analyse(question, filters))
            except QuestionError as error:
                queries.append(error)
        valid = [q for q in queries if isinstance(q, Query)]
        if not valid:
            return [q for q in queries if isinstance(q, QuestionError)]
        depth = max(50, 4 * k)
        context = Context(snapshot, self._attributions, self._sentences(encoder))
        vectors = encoder.encode([q.text for q in valid], batch_size=64)
        dense_ranked = snapshot.search.dense(vectors, depth)
        results: list[Answer | QuestionError] = []
        position = 0
        for query in queries:
            if isinstance(query, QuestionError):
                results.append(query)
                continue
            request = Request(query, vectors[position], dense_ranked[position], k, mode, features)
            answer_with = partial(respond.answer_excluding, context, request)
            results.append(self._files.answer(snapshot, answer_with, exclude))
            position += 1
        return results


def _entry(snapshot: store.Snapshot, doc: str) -> DocumentEntry:
    if (entry := snapshot.documents.get(doc)) is None:
        raise QAError(f"no document {doc!r} in the index")
    return entry
