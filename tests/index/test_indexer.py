import threading

import numpy as np
import pytest

from qa.engine import Engine
from qa.errors import Cancelled, CorpusError, IndexStoreError, OtherCorpus
from qa.index import dense, store
from qa.index.embedding import index_encoder, resolve_model
from qa.index.passages import OVERLAP, IndexProgress, batches, cut


def _load(index_dir):
    snapshot = store.load(index_dir)
    assert snapshot is not None
    return snapshot


def test_incremental_update_reembeds_only_the_changed_file(corpus_copy, tmp_path):
    engine = Engine(corpus_copy, index_dir=tmp_path / "idx")
    first = engine.index()
    assert first.plan.added and first.embedded == first.paragraphs
    before = _load(engine.index_dir)

    changed = corpus_copy / "000_4b14a1a8b9ae274f.txt"
    changed.write_text(
        changed.read_text(encoding="utf-8") + "A brand new closing paragraph.\n", encoding="utf-8"
    )
    (corpus_copy / "003_76f546fea674f369.txt").unlink()
    (corpus_copy / "sub").mkdir()
    (corpus_copy / "sub" / "new.md").write_text("# Title\n\nA new article about tea.\n", encoding="utf-8")

    second = engine.index()
    assert second.plan.changed == ("000_4b14a1a8b9ae274f.txt",)
    assert second.plan.removed == ("003_76f546fea674f369.txt",)
    assert second.plan.added == ("sub/new.md",)
    assert second.plan.unchanged == ("004_000a7fc3f8c0d5df.txt",)
    after = _load(engine.index_dir)
    new_000 = after.manifest.files["000_4b14a1a8b9ae274f.txt"].paragraphs
    assert second.embedded == new_000 + 2  # the changed file and the new one, nothing else
    # vectors of the untouched file were carried over, not recomputed differently
    old, new = (
        before.manifest.files["004_000a7fc3f8c0d5df.txt"],
        after.manifest.files["004_000a7fc3f8c0d5df.txt"],
    )
    assert np.array_equal(
        before.vectors[old.first_window : old.first_window + old.windows],
        after.vectors[new.first_window : new.first_window + new.windows],
    )
    assert {p.doc for p in after.paragraphs} == {
        "000_4b14a1a8b9ae274f.txt",
        "004_000a7fc3f8c0d5df.txt",
        "sub/new.md",
    }
    assert engine.index().plan.up_to_date


def test_every_paragraph_row_matches_its_window_owner(default_index):
    snapshot = _load(default_index)
    assert snapshot is not None
    rows = np.unique(snapshot.window_paragraph)
    assert list(rows) == list(range(len(snapshot.paragraphs)))
    assert np.all(np.diff(snapshot.window_paragraph) >= 0)


def test_failed_build_keeps_the_previous_index(corpus_copy, tmp_path, monkeypatch):
    engine = Engine(corpus_copy, index_dir=tmp_path / "idx")
    engine.index()
    live = store.current_generation(engine.index_dir)
    (corpus_copy / "extra.txt").write_text("An extra article.\n", encoding="utf-8")

    def crash(*_args):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(dense, "save", crash)
    with pytest.raises(IndexStoreError, match="no space left writing the index"):
        engine.index()
    assert store.current_generation(engine.index_dir) == live
    assert "extra.txt" not in _load(engine.index_dir).manifest.files
    assert not [p for p in engine.index_dir.iterdir() if p.name.endswith(".partial")]
    monkeypatch.undo()
    assert "extra.txt" in (engine.index().plan.added)


def test_cancelled_build_keeps_the_previous_index(corpus_copy, tmp_path):
    engine = Engine(corpus_copy, index_dir=tmp_path / "idx")
    engine.index()
    live = store.current_generation(engine.index_dir)
    (corpus_copy / "extra.txt").write_text("An extra article.\n", encoding="utf-8")
    cancel = threading.Event()
    cancel.set()
    with pytest.raises(Cancelled):
        engine.index(cancel=cancel)
    assert store.current_generation(engine.index_dir) == live


def test_missing_and_empty_corpus(tmp_path):
    with pytest.raises(CorpusError, match="not found"):
        Engine(tmp_path / "nope")
    (tmp_path / "empty").mkdir()
    (tmp_path / "empty" / "notes.pdf").write_bytes(b"%PDF")
    with pytest.raises(CorpusError, match=r"no \.txt or \.md articles"):
        Engine(tmp_path / "empty", index_dir=tmp_path / "idx").index()


def test_paragraph_that_fits_exactly_stays_whole_and_one_more_token_splits_evenly():
    encoder = index_encoder(resolve_model(None))
    tokenizer = encoder.tokenizer()
    fit = encoder.max_tokens - 2  # room for [CLS] and [SEP]
    words = " ".join(f"w{i}" for i in range(400))
    offsets = tokenizer.encode(words, add_special_tokens=False).offsets
    whole = words[: offsets[fit - 1][1]]
    assert cut(whole, offsets[:fit], encoder.max_tokens) == [(whole, fit)]
    longer = words[: offsets[fit][1]]
    pieces = cut(longer, offsets[: fit + 1], encoder.max_tokens)
    assert len(pieces) == 2
    first, second = (count for _, count in pieces)
    assert abs(first - second) <= 1 and first + second == fit + 1 + OVERLAP
    assert pieces[0][0].startswith("w0 ") and longer.endswith(pieces[1][0])


def test_batches_group_similar_lengths_and_alternate_short_and_long():
    tokens = [5, 90, 12, 40, 7, 200, 33, 18, 64]
    turns = batches(tokens, 2)
    assert sorted(row for batch in turns for row in batch) == list(range(len(tokens)))
    lengths = [[tokens[row] for row in batch] for batch in turns]
    assert lengths == [[5, 7], [200], [12, 18], [64, 90], [33, 40]]


def test_progress_is_reported_after_every_batch(corpus_copy, tmp_path):
    reports: list[IndexProgress] = []
    summary = Engine(corpus_copy, index_dir=tmp_path / "idx").index(progress=reports.append)
    assert [r.done for r in reports] == sorted({r.done for r in reports})
    assert reports[-1].done == reports[-1].total == summary.embedded
    assert len(reports) == -(-summary.embedded // 32)


def test_a_skipped_file_leaves_the_index_fresh_until_it_changes(tmp_path):
    from qa.engine import Engine

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text("Anna Field said the bridge would reopen in May.\n", encoding="utf-8")
    (corpus / "b.txt").write_bytes(b"\x00\x01binary\x00")
    warnings: list[str] = []
    engine = Engine(corpus, index_dir=tmp_path / "index", warn=warnings.append)
    engine.open()
    assert any("b.txt" in w for w in warnings)
    again: list[str] = []
    later = Engine(corpus, index_dir=tmp_path / "index", warn=again.append)
    assert later.status().state == "fresh"  # no build, no re-read, no repeated warning on each question
    later.ask("When will the bridge reopen?")
    assert again == []
    (corpus / "b.txt").write_text("Now it is text about the bridge.\n", encoding="utf-8")
    assert later.status().state == "stale"


def test_an_index_of_another_corpus_is_not_replaced_unasked(tmp_path):
    news, other = tmp_path / "news", tmp_path / "other"
    news.mkdir()
    other.mkdir()
    (news / "a.txt").write_text("Anna Field said the bridge would reopen in May.\n", encoding="utf-8")
    (other / "b.txt").write_text("The harbour wall was finished in June.\n", encoding="utf-8")
    Engine(news, index_dir=tmp_path / "index").open()
    live = store.current_generation(tmp_path / "index")
    wrong = Engine(other, index_dir=tmp_path / "index")
    with pytest.raises(OtherCorpus, match=f"holds the index of {news}.*pass --corpus {news}"):
        wrong.open()
    with pytest.raises(OtherCorpus):
        wrong.plan(rebuild=False)
    assert store.current_generation(tmp_path / "index") == live
    assert wrong.index(rebuild=True).plan.added == ("b.txt",)  # asked: replaced


def test_a_moved_corpus_keeps_its_index(tmp_path):
    news = tmp_path / "news"
    news.mkdir()
    (news / "a.txt").write_text("Anna Field said the bridge would reopen in May.\n", encoding="utf-8")
    Engine(news, index_dir=tmp_path / "index").open()
    moved = news.rename(tmp_path / "moved")
    (moved / "c.txt").write_text("The ferry sails at noon.\n", encoding="utf-8")
    summary = Engine(moved, index_dir=tmp_path / "index").index()
    assert summary.plan.added == ("c.txt",) and summary.plan.unchanged == ("a.txt",)
