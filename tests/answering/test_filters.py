"""Filters typed with a question or given with --filter: parsed strictly, applied before ranking."""

import datetime as dt
import json
from pathlib import Path

import numpy as np
import pytest

from qa.answering.conversation import Conversation
from qa.answering.filters import Filters, allowed_rows, doc_matches, parse, source_matches, split
from qa.answering.question import analyse
from qa.cli.main import main
from qa.engine import Engine
from qa.errors import QuestionError
from qa.index import dense
from qa.ingest.metadata import DocumentMeta

PAGE = """<html><head><title>Aid | Metro</title>
<meta property="og:title" content="US sends cluster munitions">
<meta property="og:site_name" content="Metro">
<meta property="article:published_time" content="2024-09-14T08:30:00Z">
<link rel="canonical" href="https://metro.co.uk/news/aid"></head>
<body><article><h1>US sends cluster munitions</h1>
<p>The United States will send cluster munitions to Ukraine in a military aid package worth $800 million.</p>
<p>Jake Sullivan said: "Ukraine would not be using these munitions in some foreign land."</p>
<p>Critics say unexploded bomblets kill civilians for years after a war ends.</p>
</article></body></html>
"""
RECORDS = [
    {
        "title": "Storm cuts power",
        "source": "BBC News",
        "date": "2024-10-02",
        "url": "https://www.bbc.co.uk/news/storm",
        "text": "A storm cut power to 40,000 homes in Cornwall on Tuesday.\n\n"
        'John Kirby said: "Power will be back for everyone by Friday."',
    },
    {
        "title": "Aid arrives",
        "source": "Metro",
        "date": "2024-10-05",
        "text": "The first deliveries of the aid package reached Ukraine this week.\n\n"
        'Jake Sullivan said: "The aid arrived faster than anyone expected."',
    },
    {
        "title": "Harvest outlook",
        "source": "Reuters",
        "date": "Spring 2024",
        "text": "Farmers expect a poor wheat harvest after weeks of rain.",
    },
]
HARVEST = """---
title: Harvest fears
date: 2024-08-20
source: The Guardian
---

Wheat farmers fear the worst harvest in a decade after a wet summer.
"""


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory) -> Engine:
    root = tmp_path_factory.mktemp("filtered")
    corpus = root / "corpus"
    (corpus / "notes").mkdir(parents=True)
    (corpus / "metro.html").write_text(PAGE, encoding="utf-8")
    (corpus / "wire.jsonl").write_text("".join(json.dumps(r) + "\n" for r in RECORDS), encoding="utf-8")
    (corpus / "notes" / "harvest.md").write_text(HARVEST, encoding="utf-8")
    (corpus / "plain.txt").write_text("Apples and wheat are harvested in September.\n", encoding="utf-8")
    built = Engine(corpus, index_dir=root / "index")
    built.open()
    return built


def _docs(engine: Engine, question: str, k: int = 5) -> set[str]:
    return {c.doc for c in engine.ask(question, k=k).citations}


@pytest.mark.parametrize(
    ("token", "expected"),
    [
        ("source:metro", Filters(sources=("metro",))),
        ('source:"BBC News"', Filters(sources=("BBC News",))),
        ("SOURCE:Metro", Filters(sources=("Metro",))),
        ("since:2024", Filters(since=dt.date(2024, 1, 1))),
        ("since:2024-09", Filters(since=dt.date(2024, 9, 1))),
        ("until:2024-02", Filters(until=dt.date(2024, 2, 29))),  # the end of the month it names
        ("until:2024", Filters(until=dt.date(2024, 12, 31))),
        ("until:2024-10-01", Filters(until=dt.date(2024, 10, 1))),
        ("speaker:Sullivan", Filters(speakers=("Sullivan",))),
        ("speaker:'Jake Sullivan'", Filters(speakers=("Jake Sullivan",))),
        ("doc:004*", Filters(docs=("004*",))),
        ("doc:a?.txt", Filters(docs=("a?.txt",))),
    ],
)
def test_parse_one_filter(token, expected):
    assert parse(token) == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("since:2024-13", "since:2024-13 is not a date; use YYYY, YYYY-MM or YYYY-MM-DD"),
        ("until:yesterday", "until:yesterday is not a date"),
        ("since:2024-02-30", "since:2024-02-30 is not a date"),
        ("since:0000", "since:0000 is not a date"),  # year 0 raised a bare ValueError that killed a batch
        ("until:0000-01", "until:0000-01 is not a date"),
        ('source:""', "filter source: has no value; for example source:reuters"),
        ("since:2024 since:2023", "since: is given twice"),
        ("since:2024-11 until:2024-10", "since:2024-11-01 is after until:2024-10-31; nothing can match"),
    ],
)
def test_malformed_filters_are_question_errors(text, message):
    with pytest.raises(QuestionError, match=message.replace("(", r"\(")):
        split(f"What happened? {text}")


@pytest.mark.parametrize("token", ["author:someone", "source", "nonsense"])
def test_flag_values_that_are_not_filters(token):
    with pytest.raises(QuestionError):
        parse(token)


@pytest.mark.parametrize(
    "question",
    [
        "What happened at 10:30?",
        "Note: what did the minister say?",
        "Who was the speaker: Sullivan or Kirby?",
        "What is on https://example.com/source:x?",
        "Was the resource:heavy claim true?",
    ],
)
def test_words_that_only_look_like_filters_stay_in_the_question(question):
    assert split(question) == (question, Filters())


def test_filters_come_out_of_the_question_and_combine():
    text, found = split(
        'What did he say? source:metro since:2024-09 speaker:"Jake Sullivan" doc:wire* source:bbc.'
    )
    assert text == "What did he say?"
    assert found == Filters(("metro", "bbc"), ("Jake Sullivan",), ("wire*",), dt.date(2024, 9, 1))
    assert found.tokens() == (
        "source:metro",
        "source:bbc",
        "since:2024-09-01",
        'speaker:"Jake Sullivan"',
        "doc:wire*",
    )
    query = analyse("What did Sullivan say? since:2024-09", parse("source:metro"))
    assert query.text == "What did Sullivan say?" and query.speaker == "Sullivan"
    assert query.filters == Filters(sources=("metro",), since=dt.date(2024, 9, 1))
    with pytest.raises(QuestionError, match=r"only filters \(source:metro\) and no question"):
        analyse("source:metro")


def test_source_and_doc_matching():
    metro = DocumentMeta(source="Metro", url="https://metro.co.uk/news/aid")
    assert source_matches("metro", metro) and source_matches("METRO", metro)
    assert source_matches("metro.co.uk", DocumentMeta(url="https://metro.co.uk/x"))  # the URL host counts
    assert not source_matches("met", metro)  # whole words, not pieces
    assert source_matches("met*", metro)
    assert not source_matches("metro", DocumentMeta())
    assert doc_matches("wire.jsonl", "wire.jsonl#2") and doc_matches("wire.jsonl", "wire.jsonl")
    assert not doc_matches("wire.json", "wire.jsonl#2")
    assert doc_matches("004*", "004_000a7fc3f8c0d5df.txt") and not doc_matches("004*", "a/004.txt")
    assert doc_matches("*#1", "wire.jsonl#1")


def test_each_filter_alone(engine):
    question = "What happened?"
    assert _docs(engine, f"{question} source:metro") == {"metro.html", "wire.jsonl#1"}
    assert _docs(engine, f"{question} source:bbc.co.uk") == {"wire.jsonl#0"}
    assert _docs(engine, f"{question} since:2024-10") == {"wire.jsonl#0", "wire.jsonl#1"}  # not "Spring 2024"
    assert _docs(engine, f"{question} until:2024-09-14") == {"metro.html", "notes/harvest.md"}
    assert _docs(engine, f"{question} doc:wire.jsonl") == {"wire.jsonl#0", "wire.jsonl#1", "wire.jsonl#2"}
    assert _docs(engine, f"{question} doc:notes/*") == {"notes/harvest.md"}
    answer = engine.ask("What was said? speaker:Sullivan", k=5)
    assert {(c.doc, c.paragraph) for c in answer.citations} == {("metro.html", 2), ("wire.jsonl#1", 1)}


def test_filters_combined(engine):
    assert _docs(engine, "What happened? source:metro since:2024-10") == {"wire.jsonl#1"}
    assert _docs(engine, "What happened? source:metro source:guardian until:2024-09-30") == {
        "metro.html",
        "notes/harvest.md",
    }
    combined = engine.ask("What was said? speaker:Sullivan", k=5, filters=parse("until:2024-09-30"))
    assert [(c.doc, c.paragraph) for c in combined.citations] == [("metro.html", 2)]


def test_filtering_happens_before_ranking(engine):
    """The storm paragraphs outrank everything for this question; filtered, k=1 still gets a passage."""
    question = "How many homes lost power in the storm?"
    assert engine.ask(question, k=1).citations[0].doc == "wire.jsonl#0"
    (only,) = engine.ask(f"{question} source:guardian", k=1).citations
    assert only.doc == "notes/harvest.md" and only.to_json()["source"] == "The Guardian"


def test_nothing_matching_is_said_plainly(engine):
    answer = engine.ask("What happened? source:nowhere since:2024-01")
    assert answer.abstained and answer.citations == ()
    assert answer.text == "The corpus doesn't say. No article matches source:nowhere since:2024-01-01."
    assert answer.to_json(1)["filters"] == ["source:nowhere", "since:2024-01-01"]
    outside = engine.ask("What did Sullivan say? source:bbc")
    assert outside.abstained and "No article matching source:bbc mentions Sullivan." in outside.text


def test_allowed_rows_mask_and_filtered_dense_search_agree(engine):
    snapshot = engine._loaded()
    allowed = allowed_rows(snapshot, parse("source:metro"))
    rows = {snapshot.paragraphs[r].doc for r in np.flatnonzero(allowed)}
    assert rows == {"metro.html", "wire.jsonl#1"}
    query = np.asarray(snapshot.vectors[0], dtype=np.float32)
    args = (snapshot.dense, snapshot.vectors, snapshot.window_paragraph, query, allowed, 10)
    exact = dense.search_within(*args)
    through_faiss = dense.search_within(*args, exact_up_to=0)
    assert [row for row, _ in exact] == [row for row, _ in through_faiss]
    assert np.allclose([s for _, s in exact], [s for _, s in through_faiss], atol=1e-5)
    assert all(allowed[row] for row, _ in exact) and len(exact) == int(allowed.sum())


def test_a_follow_up_keeps_its_words_for_the_conversation_and_its_filters_for_the_turn(engine):
    answer, after = engine.follow_up(Conversation(), "How many homes lost power? source:bbc")
    assert answer.question == "How many homes lost power? source:bbc"
    assert answer.resolved_question == answer.question  # filters came off, nothing was rewritten
    assert {c.doc for c in answer.citations} == {"wire.jsonl#0"}
    with pytest.raises(QuestionError, match="until:soon is not a date"):
        engine.follow_up(after, "And then? until:soon")


def _cli(capsys, engine: Engine, *argv: str) -> tuple[int, str, str]:
    code = main([*argv, "--corpus", str(engine.corpus), "--index", str(engine.index_dir)])
    out, err = capsys.readouterr()
    return code, out, err


def test_ask_with_a_malformed_filter_fails_in_one_line(capsys, engine):
    code, out, err = _cli(capsys, engine, "ask", "What happened? since:2024-13")
    assert (code, out) == (1, "")  # found before the index is opened: no model loads for it
    assert (
        err
        == "qa: error: since:2024-13 is not a date; use YYYY, YYYY-MM or YYYY-MM-DD (for example 2024-09)\n"
    )
    with pytest.raises(SystemExit) as usage:
        _cli(capsys, engine, "ask", "What happened?", "--filter", "until:yesterday")
    out, err = capsys.readouterr()
    assert usage.value.code == 2 and out == ""
    assert err.splitlines()[-1] == (
        "qa ask: error: argument --filter: until:yesterday is not a date; use YYYY, YYYY-MM or YYYY-MM-DD "
        "(for example 2024-10-01)"
    )


def test_ask_filter_flags_and_metadata_in_the_output(capsys, engine):
    code, out, _ = _cli(capsys, engine, "ask", "What happened?", "--filter", "source:metro", "--json")
    row = json.loads(out)
    assert code == 0 and row["filters"] == ["source:metro"]
    assert {c["source"] for c in row["citations"]} == {"Metro"}
    code, out, _ = _cli(
        capsys, engine, "ask", "How much is the aid package worth?", "--filter", "doc:metro.html"
    )
    shown = " ".join(out.split())  # the terminal width wraps the line
    assert (
        code == 0
        and "US sends cluster munitions · Metro · 2024-09-14 · https://metro.co.uk/news/aid" in shown
    )


def test_batch_filters_per_line_and_for_all(capsys, engine, tmp_path: Path):
    questions = tmp_path / "q.txt"
    questions.write_text("What happened? since:2024-10\nWhat happened? until:yesterday\nWhat happened?\n")
    code, out, err = _cli(capsys, engine, "batch", str(questions), "--filter", "source:metro")
    rows = [json.loads(line) for line in out.splitlines()]
    assert code == 1 and "1 question(s) could not be answered" in err
    assert rows[1] == {
        "id": 2,
        "question": "What happened? until:yesterday",
        "error": "line 2: until:yesterday is not a date; use YYYY, YYYY-MM or YYYY-MM-DD (for example 2024-10-01)",
    }
    assert rows[0]["filters"] == ["source:metro", "since:2024-10-01"]
    assert {c["doc"] for c in rows[0]["citations"]} == {"wire.jsonl#1"}
    assert {c["doc"] for c in rows[2]["citations"]} == {"metro.html", "wire.jsonl#1"}
