"""Candidates on an index of four short articles written here: fusion, filters, a speaker first, copies.

The index is built once for the module with the real model and real FAISS; the rows are
(in index order, documents sorted by name):

     0 aid.txt ¶0      the aid package worth $800 million
     1 aid.txt ¶1      John Kirby said: "These munitions will help Ukraine defend its own territory."
     2 aid.txt ¶2      critics on bomblets
     3 aid.txt ¶3      Kirby added: "We did not take this decision lightly at all."
     4 harvest.txt ¶0  a poor wheat harvest
     5 harvest.txt ¶1  the storm paragraph, word for word as storm.txt ¶0
     6 harvest.txt ¶2  bread prices
     7 storm.txt ¶0    A storm cut power to 40,000 homes in Cornwall on Tuesday.
     8 storm.txt ¶1    engineers near Truro
     9 storm.txt ¶2    the Met Office's warning
    10 storm.txt ¶3    storm.txt ¶1 again (a repeat: flagged, demoted)
    11 wire.txt ¶0     the same Kirby quote, framed in the wire's own words
    12 wire.txt ¶1     the Pentagon on the first shipment
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np
import pytest

from qa.answering import fusion
from qa.answering.candidates import Candidates, choose, collapse, gather, speaker_quotes
from qa.answering.question import analyse
from qa.answering.quoted import NO_QUOTES, Attributions, SpeakerQuotes
from qa.answering.request import Context, Features, Request
from qa.answering.sentences import SentenceVectors
from qa.attribution.annotations import REPEAT
from qa.index import dense
from qa.index.embedding import Encoder, load_query_encoder, resolve_model
from tests.conftest import indexed

ARTICLES = {
    "storm.txt": "A storm cut power to 40,000 homes in Cornwall on Tuesday.\n\n"
    "Engineers worked through the night to repair fallen lines near Truro.\n\n"
    "The Met Office warned that more wind and rain would follow on Thursday.\n\n"
    "Engineers worked through the night to repair fallen lines near Truro.\n",
    "aid.txt": "The United States will send cluster munitions to Ukraine in an aid package worth $800 million.\n\n"
    'John Kirby said: "These munitions will help Ukraine defend its own territory."\n\n'
    "Critics say unexploded bomblets kill civilians for years after a war ends.\n\n"
    'Kirby added: "We did not take this decision lightly at all."\n',
    "wire.txt": 'Speaking at the White House, Kirby insisted: "These munitions will help Ukraine defend its own'
    ' territory."\n\n'
    "The Pentagon said the first shipment would arrive within weeks.\n",
    "harvest.txt": "Farmers expect a poor wheat harvest after weeks of heavy rain.\n\n"
    "A storm cut power to 40,000 homes in Cornwall on Tuesday.\n\n"
    "Prices for bread are likely to rise before the winter.\n",
}
ROWS = [
    ("aid.txt", 0),
    ("aid.txt", 1),
    ("aid.txt", 2),
    ("aid.txt", 3),
    ("harvest.txt", 0),
    ("harvest.txt", 1),
    ("harvest.txt", 2),
    ("storm.txt", 0),
    ("storm.txt", 1),
    ("storm.txt", 2),
    ("storm.txt", 3),
    ("wire.txt", 0),
    ("wire.txt", 1),
]


@dataclass(frozen=True)
class Built:
    context: Context
    encoder: Encoder


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory, session_cache: Path) -> Iterator[Built]:
    snapshot = indexed(ARTICLES, tmp_path_factory.mktemp("candidates"), session_cache)
    mp = pytest.MonkeyPatch()
    mp.setenv("QA_CACHE_DIR", str(session_cache))  # the ONNX export is shared by the session
    encoder = load_query_encoder(resolve_model(None))
    mp.undo()
    yield Built(Context(snapshot, Attributions(), SentenceVectors(encoder)), encoder)


def _request(built: Built, question: str, k: int = 3, **given: object) -> Request:
    """The request as the engine makes it: the question read, embedded and its neighbours found."""
    query = analyse(question)
    snapshot = built.context.snapshot
    vector = built.encoder.encode([query.text])[0]
    ranked = dense.search_paragraphs(snapshot.dense, snapshot.window_paragraph, vector[None, :], 50)[0]
    return replace(Request(query, vector, ranked, k), **given)  # type: ignore[arg-type]


def _cosines(built: Built, vector: np.ndarray) -> np.ndarray:
    """Each row's best-window cosine to the question, by numpy."""
    snapshot = built.context.snapshot
    windows = np.asarray(snapshot.vectors, dtype=np.float32) @ np.asarray(vector, dtype=np.float32)
    return np.array(
        [windows[snapshot.window_paragraph == row].max() for row in range(len(snapshot.paragraphs))]
    )


def _rows(candidates: Candidates) -> list[int]:
    return [hit.row for hit in candidates.fused]


def test_the_index_holds_the_rows_this_module_expects(built):
    snapshot = built.context.snapshot
    assert [(p.doc, p.index) for p in snapshot.paragraphs] == ROWS
    assert [int(row) for row in np.flatnonzero(snapshot.flags)] == [10]
    assert int(snapshot.flags[10]) & REPEAT


def test_gather_fuses_every_row_with_its_dense_and_bm25_scores(built):
    request = _request(built, "What did Kirby say?")
    candidates = gather(built.context, request)
    snapshot = built.context.snapshot
    cosines = _cosines(built, request.vector)
    bm25 = snapshot.lexical.scores(request.query.terms)
    assert sorted(_rows(candidates)) == list(range(13))  # a small corpus: every row is a candidate
    assert candidates.dense_of.keys() == set(range(13))
    assert candidates.allowed is None
    assert candidates.news == {}  # no article here opens with a headline
    for hit in candidates.fused:
        assert hit.dense == candidates.dense_of[hit.row]
        assert hit.dense == pytest.approx(cosines[hit.row], abs=1e-5)
        assert hit.lexical == pytest.approx(float(bm25[hit.row]))
        hybrid = fusion.model().score(fusion.features(cosines[hit.row], bm25[hit.row] / bm25.max(), None))
        assert hit.score == pytest.approx(hybrid * (0.5 if hit.row == 10 else 1.0), abs=1e-5)
    assert _rows(candidates)[:3] == [3, 1, 11]  # the three paragraphs naming Kirby
    assert {hit.row for hit in candidates.fused if hit.lexical > 0} == {1, 3, 11}


def test_gather_gives_rows_bm25_found_alone_their_exact_dense_score(built):
    request = _request(built, "How much is the aid package worth?")
    only_row_9 = replace(request, dense_ranked=[(9, 0.25)])  # as if dense had found the Met Office alone
    candidates = gather(built.context, only_row_9)
    cosines = _cosines(built, request.vector)
    # one dense neighbour, so BM25's one best row joins it, scored by the paragraph's best window
    assert candidates.dense_of == {9: 0.25, 0: pytest.approx(cosines[0], abs=1e-5)}
    assert _rows(candidates) == [0, 9]
    assert [hit.dense for hit in candidates.fused] == [candidates.dense_of[0], 0.25]


def test_bm25s_best_row_among_tied_ones_is_the_earlier(built):
    request = _request(built, "When did the storm hit Cornwall?")
    candidates = gather(built.context, replace(request, dense_ranked=[(9, 0.25)]))
    assert candidates.dense_of.keys() == {9, 5}  # rows 5 and 7 say the same: the earlier is kept


def test_a_doc_filter_keeps_other_documents_rows_out(built):
    request = _request(built, "When did the storm hit Cornwall? doc:harvest.txt")
    candidates = gather(built.context, request)
    cosines = _cosines(built, request.vector)
    assert candidates.allowed is not None
    assert [int(row) for row in np.flatnonzero(candidates.allowed)] == [4, 5, 6]
    assert _rows(candidates) == [5, 6, 4]  # storm.txt ¶0 says the same as ¶5 but is not allowed
    assert candidates.dense_of == pytest.approx({row: cosines[row] for row in (4, 5, 6)}, abs=1e-5)


def test_without_the_filter_the_other_copy_is_a_candidate(built):
    candidates = gather(built.context, _request(built, "When did the storm hit Cornwall?"))
    assert _rows(candidates)[:2] == [5, 7]
    assert candidates.fused[0].score == candidates.fused[1].score


def test_demotion_halves_a_repeated_paragraph(built):
    question = "Who repaired the lines near Truro?"
    demoted = gather(built.context, _request(built, question))
    kept = gather(built.context, _request(built, question, features=Features(demotion=False)))
    score = {hit.row: hit.score for hit in kept.fused}
    assert score[8] == score[10]  # the same words, the same scores
    assert _rows(kept)[:2] == [8, 10]
    halved = {hit.row: hit.score for hit in demoted.fused}
    assert halved.pop(10) == pytest.approx(score.pop(10) / 2)  # 0.43 against 0.86
    assert halved == score  # and nothing else changed


def test_speaker_quotes_are_the_speakers_paragraphs_in_article_order(built):
    request = _request(built, "What did Kirby say?")
    quotes = speaker_quotes(built.context, request, gather(built.context, request))
    assert quotes == SpeakerQuotes((1, 3, 11), frozenset({1, 3, 11}), {"aid.txt": {1, 3}, "wire.txt": {0}})


def test_speaker_quotes_on_the_asked_topic_come_first(built):
    request = _request(built, "What did Kirby say about the decision?")
    candidates = gather(built.context, request)
    far = [hit for hit in candidates.fused if hit.row in {1, 11}]  # ranked well below ¶3, the decision's
    near = [hit for hit in candidates.fused if hit.row not in {1, 11}]
    quotes = speaker_quotes(built.context, request, replace(candidates, fused=[*near, *far]))
    assert quotes.rows == (3, 1, 11) and quotes.answer_rows == frozenset({3})


def test_speaker_quotes_with_attribution_off_are_none(built):
    request = _request(built, "What did Kirby say?", features=Features(attribution=False))
    assert speaker_quotes(built.context, request, gather(built.context, request)) is NO_QUOTES


def test_choose_puts_the_speakers_quote_rows_first(built):
    request = _request(built, "What did Kirby say?")
    candidates = gather(built.context, request)
    chosen = choose(built.context, request, candidates, speaker_quotes(built.context, request, candidates))
    assert chosen.speaker_rows == [1, 3, 11]
    # ¶1 before ¶3 (article order, though BM25 and dense rank ¶3 first); wire.txt carries ¶1's quote
    assert chosen.passages == [(1, [11]), (3, []), (12, [])]


def test_choose_without_a_speaker_follows_the_fused_ranking(built):
    request = _request(built, "What did Kirby say?")
    candidates = gather(built.context, request)
    chosen = choose(built.context, request, candidates, NO_QUOTES)
    assert (chosen.speaker_rows, chosen.passages) == ([], [(3, []), (1, [11]), (12, [])])


def test_choose_leaves_out_what_was_shown_already(built):
    request = _request(built, "What did Kirby say?", exclude=frozenset({("aid.txt", 1)}))
    candidates = gather(built.context, request)
    chosen = choose(built.context, request, candidates, speaker_quotes(built.context, request, candidates))
    assert chosen.speaker_rows == [3, 11]
    assert chosen.passages == [(3, []), (11, []), (12, [])]  # with ¶1 gone, the wire's copy stands alone


def test_choose_leaves_out_shown_rows_of_the_ranking_too(built):
    request = _request(built, "Who repaired the lines near Truro?", exclude=frozenset({("storm.txt", 1)}))
    candidates = gather(built.context, request)
    chosen = choose(built.context, request, candidates, NO_QUOTES)
    assert chosen.passages == [(10, []), (12, []), (5, [7])]


def test_choose_cites_every_speaker_row_even_past_k(built):
    request = _request(built, "What did Kirby say?", k=1)
    candidates = gather(built.context, request)
    chosen = choose(built.context, request, candidates, speaker_quotes(built.context, request, candidates))
    assert chosen.passages == [(1, [11]), (3, []), (12, [])]  # limit max(k, 3 speaker rows)


def test_collapse_merges_paragraphs_that_say_the_same_and_lists_the_copy(built):
    assert collapse(built.context, [5, 9, 7, 8, 10], 3) == [(5, [7]), (9, []), (8, [10])]


def test_collapse_merges_the_same_quote_framed_in_other_words(built):
    assert collapse(built.context, [11, 3, 1], 3) == [(11, [1]), (3, [])]


def test_collapse_stops_at_the_limit_but_still_lists_copies_it_reads(built):
    assert collapse(built.context, [7, 9, 5, 8], 1) == [(7, [5])]  # reads 3 x limit rows: 7, 9, 5
    assert collapse(built.context, [7, 9, 8, 5], 1) == [(7, [])]  # ¶5 is past them
