"""Attribution is versioned: a change of rules re-annotates an existing index, embedding nothing."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from qa.attribution import annotations as rules
from qa.engine import Engine
from qa.index import store

ARTICLE = "Mayor Anna Field opened the bridge.\n\n“It will carry ten thousand cars a day,” she said.\n"


def _indexed(tmp_path: Path) -> Path:
    """A one-article corpus, indexed in tmp_path/index; the corpus folder."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "bridge.txt").write_text(ARTICLE, encoding="utf-8")
    Engine(corpus, index_dir=tmp_path / "index").index()
    return corpus


def test_a_new_attribution_version_reannotates_without_embedding(tmp_path, monkeypatch: pytest.MonkeyPatch):
    corpus = _indexed(tmp_path)
    before = store.load(tmp_path / "index")
    assert before is not None and before.manifest.attribution == rules.ATTRIBUTION_VERSION

    monkeypatch.setattr(rules, "ATTRIBUTION_VERSION", "next-rules")
    later = Engine(corpus, index_dir=tmp_path / "index")
    assert later.status().state == "stale"  # the rules changed, the corpus did not
    summary = later.index()
    after = store.load(tmp_path / "index")
    assert summary.embedded == 0 and after is not None
    assert after.manifest.attribution == "next-rules"
    assert np.array_equal(after.vectors, before.vectors)
    [record] = after.quotes["bridge.txt"]
    assert record.person == "Anna Field" and record.form == "direct"
    assert later.status().state == "fresh"


def test_an_index_written_before_versions_counts_as_stale(tmp_path):
    corpus = _indexed(tmp_path)
    snapshot = store.load(tmp_path / "index")
    assert snapshot is not None
    old = replace(snapshot, manifest=replace(snapshot.manifest, attribution=""))
    store.write(tmp_path / "index", old)
    assert Engine(corpus, index_dir=tmp_path / "index").status().state == "stale"
