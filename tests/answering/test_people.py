"""Everyone the default corpus quotes, against (person, quote paragraph) pairs counted by hand."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from qa.answering import people
from qa.answering.people import Person, best_role, quotes_answer
from qa.attribution.annotations import annotate
from qa.attribution.quotes import quote_spans
from qa.engine import Engine
from qa.ingest.paragraphs import Paragraph, split_paragraphs
from tests.conftest import DEFAULT_CORPUS

FIXTURE = Path(__file__).parent / "fixtures" / "people_default_corpus.json"
NOT_NAMES = {"he", "she", "they", "mr", "sir", "lord", "prime minister", "president", "white house"}


def _documents(texts: dict[str, str]) -> dict[str, list[Paragraph]]:
    return {doc: split_paragraphs(doc, text) for doc, text in texts.items()}


def _people_of(texts: dict[str, str], kind: str = "person") -> tuple[Person, ...]:
    """The speakers of one kind (people, by default) the texts quote."""
    documents = _documents(texts)
    quotes = {doc: annotate(paragraphs).quotes for doc, paragraphs in documents.items()}
    return tuple(p for p in people.of(quotes, documents) if p.kind == kind)


@pytest.fixture(scope="module")
def listed() -> tuple[Person, ...]:
    return _people_of({path.name: path.read_text(encoding="utf-8") for path in DEFAULT_CORPUS.glob("*.txt")})


def _by_name(found: tuple[Person, ...]) -> dict[str, Person]:
    return {person.name: person for person in found}


def test_every_hand_counted_pair_is_found_and_nothing_else(listed):
    expected = {(p["person"], p["doc"], p["paragraph"]) for p in json.loads(FIXTURE.read_text())["pairs"]}
    found = {
        (person.name, q.doc, q.paragraph) for person in listed for q in person.quotes if q.form != "indirect"
    }
    hits = found & expected
    assert (len(hits) / len(expected), len(hits) / len(found)) == (1.0, 1.0), (
        sorted(expected - found),
        sorted(found - expected),
    )


def test_paragraphs_with_quote_marks_but_no_named_speaker_are_not_listed(listed):
    fixture = json.loads(FIXTURE.read_text())
    cited = {(q.doc, q.paragraph) for person in listed for q in person.quotes}
    assert not cited & {(n["doc"], n["paragraph"]) for n in fixture["not_people"]}
    names = {person.name.lower() for person in listed}
    assert not names & NOT_NAMES
    assert all(person.name[0].isupper() for person in listed)  # "the Prime Minister" is a role, not a name
    assert "Foreign Office" not in _by_name(listed)


def test_short_forms_are_merged_into_one_person_with_their_aliases(listed):
    named = _by_name(listed)
    assert "Mr Sullivan" in named["Jake Sullivan"].aliases
    assert {"Sir Keir", "Starmer"} <= set(named["Keir Starmer"].aliases)
    assert "Putin" in named["Vladimir Putin"].aliases and "Putin" not in named
    assert [q.paragraph for q in named["Vladimir Putin"].quotes if q.form != "indirect"] == [10, 32]
    assert all(person.name not in person.aliases for person in listed)


def test_continuation_paragraphs_belong_to_the_speaker(listed):
    sharpe = _by_name(listed)["Tom Sharpe"]
    assert [q.paragraph for q in sharpe.quotes] == [56, 57, 58, 59]
    assert [q.line for q in sharpe.quotes] == [57, 58, 59, 60]
    assert sharpe.quotes[1].text == "'Zelensky is a man of remarkable patience and fortitude."


def test_roles_are_the_most_specific_the_articles_give(listed):
    roles = {person.name: person.role for person in listed}
    assert roles["Tom Sharpe"] == "Former Navy commander"
    assert roles["Jake Sullivan"] == "President Biden’s national security advisor"
    assert (
        roles["Lord Ricketts"] == "UK's first national security adviser"
    )  # "Lord Ricketts, who served as …"
    assert (
        roles["Donald Tusk"] == "Poland's Prime Minister"
    )  # not the phrase swept up before "prime minister"
    assert roles["Keir Starmer"] == "Britain's Prime Minister"


def test_most_quoted_first_then_by_name(listed):
    keys = [(-len(person.quotes), person.name) for person in listed]  # all people: one kind
    assert keys == sorted(keys)
    assert listed[0].name == "Keir Starmer" and len(listed[0].quotes) == 7


def test_highlights_are_the_quoted_words(listed):
    for person in listed:
        for quote in person.quotes:
            if quote.form == "direct":
                assert set(quote.highlights) <= set(quote_spans(quote.text))
            assert all(0 <= a < b <= len(quote.text) for a, b in quote.highlights)


def test_one_person_across_articles():
    found = _people_of(
        {
            "a.txt": "Jake Sullivan said: “One thing.”\n",
            "b.txt": "The talks went on.\nMr Sullivan said: “Another thing.”\n",
            "c.txt": "Sullivan said: “A third thing.”\n",
        }
    )
    (sullivan,) = found
    assert sullivan.name == "Jake Sullivan" and sullivan.articles == ("a.txt", "b.txt", "c.txt")
    assert set(sullivan.aliases) == {"Mr Sullivan", "Sullivan"}
    assert [(q.doc, q.paragraph, q.line) for q in sullivan.quotes] == [
        ("a.txt", 0, 1),
        ("b.txt", 1, 2),
        ("c.txt", 0, 1),
    ]


def test_a_short_form_fitting_two_full_names_or_none_is_no_one():
    found = _people_of(
        {
            "a.txt": "Anna Smith said: “First.”\n",
            "b.txt": "John Smith said: “Second.”\n",
            "c.txt": "Smith said: “Whose?”\nMoscow said: “Nobody in particular.”\n",
        }
    )
    assert [person.name for person in found] == ["Anna Smith", "John Smith"]


def test_institutions_are_not_people_but_speakers_of_their_own_kind():
    texts = {
        "a.txt": "Downing Street said: “No comment.”\nThe White House said: “Later.”\n"
        "Asked again, the White House said nothing.\nRachel Reeves said: “Yes.”\n",
    }
    assert [person.name for person in _people_of(texts)] == ["Rachel Reeves"]
    assert {p.name for p in _people_of(texts, "organisation")} == {"Downing Street", "White House"}


def test_best_role_is_the_role_given_most_often_then_the_most_specific():
    assert best_role(["Prime Minister", "Britain's Prime Minister"]) == "Britain's Prime Minister"
    assert best_role(["chief executive", "chief executive", "head of the firm's board"]) == "chief executive"
    assert (
        best_role(["country's prime minister"] * 2 + ["Poland's Prime Minister"]) == "Poland's Prime Minister"
    )
    assert best_role(["", ""]) is None


def test_quotes_answer_cites_every_quote_paragraph_in_order(listed):
    sharpe = _by_name(listed)["Tom Sharpe"]
    answer = quotes_answer(sharpe)
    assert not answer.abstained and [c.n for c in answer.citations] == [1, 2, 3, 4]
    assert [(c.doc, c.paragraph, c.highlights) for c in answer.citations] == [
        (q.doc, q.paragraph, q.highlights) for q in sharpe.quotes
    ]


def test_engine_lists_the_same_people_from_its_index(default_engine: Engine, listed):
    assert tuple(p for p in default_engine.people() if p.kind == "person") == listed
    assert default_engine.people() is default_engine.people()  # worked out once per loaded index


def test_quotes_carry_their_article_metadata(tmp_path):
    import json

    from qa.engine import Engine

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    record = {
        "title": "Bridge to reopen",
        "source": "Springfield Herald",
        "date": "2024-09-14",
        "url": "https://herald.example/bridge",
        "body": "The mayor spoke on Friday.\n\nMayor Anna Field said: ‘The bridge will reopen in May.’",
    }
    (corpus / "wire.jsonl").write_text(json.dumps(record) + "\n", encoding="utf-8")
    engine = Engine(corpus, index_dir=tmp_path / "index")
    engine.open()
    [field] = [p for p in engine.people() if p.name == "Anna Field"]
    quote = field.quotes[0].to_json()
    assert quote["doc"] == "wire.jsonl#0" and quote["source"] == "Springfield Herald"
    assert quote["title"] == "Bridge to reopen" and quote["date"] == "2024-09-14"
