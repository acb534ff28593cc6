"""`qa list`, `qa show`, `qa search`, `qa ask --continue`, `--format` and `--fail-on-decline`,
on the default corpus with the real model and index."""

from __future__ import annotations

import json

import pytest

from qa.cli.main import main
from tests.conftest import DEFAULT_CORPUS

SHOWN = "003_76f546fea674f369.txt"


def _run(capsys, default_index, *argv):
    code = main([*argv, "--corpus", str(DEFAULT_CORPUS), "--index", str(default_index)])
    out, err = capsys.readouterr()
    return code, out, err


def test_list_every_article_with_its_paragraph_count(capsys, default_index):
    code, out, _ = _run(capsys, default_index, "list", "--format", "jsonl")
    rows = [json.loads(line) for line in out.splitlines()]
    assert code == 0
    assert [row["doc"] for row in rows] == sorted(p.name for p in DEFAULT_CORPUS.glob("*.txt"))
    for row in rows:
        text = (DEFAULT_CORPUS / row["doc"]).read_text(encoding="utf-8")
        assert row["paragraphs"] == sum(1 for line in text.splitlines() if line.strip())


@pytest.mark.parametrize("form", ["table", "tsv", "md", "json"])
def test_list_formats_hold_the_same_articles(capsys, default_index, form):
    code, out, _ = _run(capsys, default_index, "list", "--format", form)
    assert code == 0 and out.count(".txt") == 3 and "19" in out
    if form == "tsv":
        assert out.splitlines()[0] == "doc\ttitle\tsource\tdate\tparagraphs"
    if form == "md":
        assert out.splitlines()[1] == "|---|---|---|---|---:|"
    if form == "json":
        assert len(json.loads(out)) == 3


def test_show_numbers_paragraphs_from_1_and_names_who_is_quoted(capsys, default_index):
    code, out, _ = _run(capsys, default_index, "show", SHOWN)
    lines = out.splitlines()
    assert code == 0 and lines[0] == SHOWN
    assert "¶ 1 · line 1" in lines
    assert "¶ 7 · line 7  quoted: Jake Sullivan" in lines
    code, out, _ = _run(capsys, default_index, "show", SHOWN, "--format", "json")
    shown = json.loads(out)
    seventh = shown["paragraphs"][6]
    assert seventh["paragraph"] == 6 and seventh["line"] == 7  # JSON keeps the 0-based index
    assert [q["name"] for q in seventh["quoted"]] == ["Jake Sullivan"]
    start, end = seventh["quoted"][0]["highlights"][0]
    assert seventh["text"][start:end].startswith("Ukraine would not be using")


def test_show_an_unknown_document_suggests_one(capsys, default_index):
    code, _, err = _run(capsys, default_index, "show", "003_76f546fea674f369.tx")
    assert code == 1 and f"did you mean {SHOWN}?" in err


def test_search_ranks_passages_and_composes_no_answer(capsys, default_index):
    code, out, _ = _run(capsys, default_index, "search", "cluster munitions", "-k", "3", "--format", "jsonl")
    rows = [json.loads(line) for line in out.splitlines()]
    assert code == 0 and [row["rank"] for row in rows] == [1, 2, 3]
    assert [row["score"] for row in rows] == sorted((row["score"] for row in rows), reverse=True)
    assert "answer" not in rows[0] and "cluster munitions" in rows[0]["text"].lower()
    code, out, _ = _run(capsys, default_index, "search", "cluster munitions", "-k", "3")
    assert out.startswith("1. ") and "The corpus" not in out


def test_ask_continue_reads_a_follow_up_as_the_chat_does(capsys, default_index):
    code, _, _ = _run(capsys, default_index, "ask", "What did Sullivan say?", "--json")
    assert code == 0
    code, out, _ = _run(capsys, default_index, "ask", "--continue", "what about Tom Sharpe?", "--json")
    answer = json.loads(out)
    assert code == 0 and answer["question"] == "what about Tom Sharpe?"
    assert answer["resolved_question"] == "What did Tom Sharpe say?"
    assert answer["answer"].startswith("Tom Sharpe said:")
    code, out, _ = _run(capsys, default_index, "ask", "-c", "did he mention Putin?")
    assert out.splitlines()[:2] == [
        "Reading this as: Did Tom Sharpe mention Putin?",
        "Yes: 1 of Tom Sharpe’s 4 quotes mentions Putin. Tom Sharpe said: We must speak the only language "
        "Putin understands and that is strength. [1]",
    ]


def test_ask_without_continue_starts_a_new_topic(capsys, default_index):
    _run(capsys, default_index, "ask", "What did Sullivan say?")
    code, out, _ = _run(capsys, default_index, "ask", "what about Tom Sharpe?", "--json")
    assert code == 0 and json.loads(out)["resolved_question"] == "what about Tom Sharpe?"


def test_fail_on_decline_exits_3_only_when_declined(capsys, default_index):
    code, out, _ = _run(capsys, default_index, "ask", "What did Macron say?", "--fail-on-decline")
    assert code == 3 and out.startswith("The corpus doesn't say.")
    code, _, _ = _run(capsys, default_index, "ask", "What did Sullivan say?", "--fail-on-decline")
    assert code == 0
    code, _, _ = _run(capsys, default_index, "ask", "What did Macron say?")
    assert code == 0


def test_people_formats(capsys, default_index):
    code, out, _ = _run(capsys, default_index, "people", "--format", "tsv")
    lines = out.splitlines()
    assert code == 0 and lines[0] == "name\tkind\trole\tdirect\tindirect\tarticles"
    assert lines[1] == "Keir Starmer\tperson\tBritain's Prime Minister\t7\t2\t1"


def test_ask_dims_the_passages_the_answer_does_not_cite(capsys, default_index):
    code, out, _ = _run(capsys, default_index, "ask", "Who said the munitions should not be delivered?")
    heads = [line for line in out.splitlines() if line.startswith("[")]
    assert code == 0 and not heads[0].endswith("not cited")
    assert heads[1:] and all(line.endswith("not cited") for line in heads[1:])
