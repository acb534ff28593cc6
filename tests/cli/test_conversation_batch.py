"""Conversations through `qa batch`: interleaved turns, each read against its own conversation."""

import json

from qa.cli.main import main
from tests.conftest import DEFAULT_CORPUS


def test_interleaved_conversations_and_a_standalone_line(capsys, default_index, tmp_path):
    lines = [
        {"id": 1, "conversation": "a", "question": "What did Sullivan say?"},
        {"id": 2, "conversation": "b", "question": "Who is the Shadow Chancellor?"},
        {"id": 3, "conversation": "a", "question": "what about Tom Sharpe?"},
        {"id": 4, "question": "did he mention Putin?"},  # no conversation: stands alone
        {"id": 5, "conversation": "b", "question": "what did she say?"},
        {"id": 6, "conversation": "a", "question": "did he mention Putin?"},
        {
            "id": 7,
            "conversation": 8,
            "question": "What did he say?",
        },  # a new conversation: no one for "he" to be
    ]
    batch = tmp_path / "questions.jsonl"
    batch.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    code = main(
        ["batch", str(batch), "--corpus", str(DEFAULT_CORPUS), "--index", str(default_index), "-k", "2"]
    )
    captured = capsys.readouterr()
    rows = [json.loads(line) for line in captured.out.splitlines()]
    assert code == 0
    assert [row["id"] for row in rows] == [1, 2, 3, 4, 5, 6, 7]
    assert "qa: 7 line(s) in" in captured.err and "questions/s" in captured.err  # the rate, on stderr
    resolved = {row["id"]: row["resolved_question"] for row in rows}
    assert resolved == {
        1: "What did Sullivan say?",
        2: "Who is the Shadow Chancellor?",
        3: "What did Tom Sharpe say?",
        4: "did he mention Putin?",
        5: "What did Rachel Reeves say?",
        6: "Did Tom Sharpe mention Putin?",
        7: "What did he say?",
    }
    assert rows[5]["verdict"] == "yes" and rows[5]["answer"].startswith("Yes: ")
    assert rows[6]["unclear"] == "he" and rows[6]["citations"] == []  # asked who is meant, nothing guessed
    assert rows[3]["unclear"] == "he" and rows[3]["citations"] == []  # alone, it is a first turn: asked too
    assert "unclear" not in rows[0] and rows[0]["citations"]
    assert all(row["question"] == line["question"] for row, line in zip(rows, lines, strict=True))


def test_a_conversation_id_that_is_not_a_string_is_a_line_error(capsys, default_index, tmp_path):
    batch = tmp_path / "questions.jsonl"
    batch.write_text('{"question": "What did Sullivan say?", "conversation": [1]}\nWhat did Sullivan say?\n')
    code = main(["batch", str(batch), "--corpus", str(DEFAULT_CORPUS), "--index", str(default_index)])
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert code == 1 and '"conversation" must be a string' in rows[0]["error"]
    assert rows[1]["resolved_question"] == "What did Sullivan say?"
