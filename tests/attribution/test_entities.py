"""Typed entity spans: read from spaCy's entities on texts written here, stored as one table, kept
for unchanged files and shifted with their rows on an update."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from qa.attribution import pipeline
from qa.attribution.entities import TYPES, Entity, at, entities_of, from_array, to_array
from qa.engine import Engine
from qa.index import store


def _typed(text: str) -> list[tuple[str, str]]:
    [doc] = list(pipeline.parse([text]))
    return [(text[e.start : e.end], e.type) for e in entities_of(doc)]


def test_the_types_a_question_asks_for_are_read_from_the_parse():
    found = _typed(
        "Acme Holdings paid $17m for the site in Leeds on 3 March, the firm's chief Jane Moss said."
    )
    assert ("Acme Holdings", "organisation") in found
    assert ("$17m", "money") in found
    assert ("Leeds", "place") in found
    assert ("3 March", "date") in found
    assert ("Jane Moss", "person") in found


def test_a_name_keeps_its_title_and_loses_edge_punctuation_and_possessives():
    found = dict(_typed("The plan was drawn up by (Lord Harwood), and Mr Okafor's team backed it."))
    assert "Lord Harwood" in found or "Harwood" in found
    assert all(not name.endswith(("'s", ")", ",")) and not name.startswith("(") for name in found)


def test_the_table_round_trips_and_is_looked_up_by_row():
    paragraphs = [(Entity(0, 4, "person"),), (), (Entity(2, 5, "money"), Entity(9, 12, "date"))]
    table = to_array(paragraphs, first_row=10)
    assert table.dtype == np.int32 and table.shape == (3, 4)
    assert from_array(table, 3, 10) == tuple(tuple(p) for p in paragraphs)
    assert at(table, 12) == paragraphs[2] and at(table, 11) == () and at(table, 99) == ()
    assert at(to_array([]), 0) == ()
    assert set(TYPES) >= {e.type for p in paragraphs for e in p}


def test_an_update_keeps_the_entities_of_unchanged_files_in_their_new_rows(tmp_path: Path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "b.txt").write_text("Talks\n\nBerlin hosted the talks on Friday.\n", encoding="utf-8")
    Engine(corpus, index_dir=tmp_path / "index").index()
    (corpus / "a.txt").write_text("Deal\n\nThe deal is worth $5bn to Oslo.\n", encoding="utf-8")
    Engine(corpus, index_dir=tmp_path / "index").index()  # a.txt comes first: b.txt's rows move down
    snapshot = store.load(tmp_path / "index")
    assert snapshot is not None
    typed = {
        (snapshot.paragraphs[row].text[e.start : e.end], e.type)
        for row in range(len(snapshot.paragraphs))
        for e in at(snapshot.entities, row)
    }
    assert {("Berlin", "place"), ("Friday", "date"), ("$5bn", "money"), ("Oslo", "place")} <= typed
