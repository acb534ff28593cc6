"""Hostile questions: each gets an answer or one clear error of its own, and a batch never
stops early: it writes a line for every question it read, then exits 1 if any failed."""

import io
import json

import pytest

from qa.answering.question import MAX_QUESTION_CHARS
from qa.cli.main import main
from tests.conftest import DEFAULT_CORPUS

ERROR_FIELDS = {"id", "question", "error"}


def _engine_args(default_index):
    return ["--corpus", str(DEFAULT_CORPUS), "--index", str(default_index)]


def _strict_rows(out):
    """Every output line must be strict JSON (no NaN or Infinity), one object per line."""

    def refuse(constant):
        raise AssertionError(f"{constant} in the output")

    return [json.loads(line, parse_constant=refuse) for line in out.splitlines()]


@pytest.mark.parametrize(
    ("question", "code", "expect"),
    [
        ("", 1, "empty question"),
        (" \t \u00a0 \u2028 ", 1, "empty question"),
        ("\x00\x01\x1b\x7f", 1, "empty question"),  # nothing left once control characters go
        ("w" * 100_000, 1, f"question is 100,000 characters long; the limit is {MAX_QUESTION_CHARS:,}"),
        ("\x1b[31mHow much is the \x07aid package\x1b[0m worth?", 0, "$800 million"),
        ("How much is the aid pack\u200bage worth?", 0, "$800 million"),  # zero-width space inside a word
        ("Что сказал Салливан? 🎉", 0, "The corpus doesn't say."),
        ("ما هي قيمة حزمة المساعدات؟", 0, "confidence"),
        ("援助方案价值多少？", 0, "confidence"),
        ("🎉🔥💣", 0, "confidence"),
    ],
    ids=[
        "empty",
        "white-space",
        "only-controls",
        "100k-chars",
        "ansi-escapes",
        "zero-width",
        "cyrillic+emoji",
        "arabic",
        "chinese",
        "emoji-only",
    ],
)
def test_ask_answers_or_gives_one_clear_line(capsys, default_index, question, code, expect):
    result = main(["ask", question, "-k", "2", *_engine_args(default_index)])
    out, err = capsys.readouterr()
    assert result == code, err
    assert "Traceback" not in err and "\x1b" not in out
    if code:
        assert out == "" and err.strip().splitlines() == [f"qa: error: {expect}"]
    else:
        assert expect in out


def _batch_lines():
    """(input line, what its output row must show), good questions between the bad ones."""
    return [
        ("What did Sullivan say?", "Sullivan"),
        ("", None),  # blank: skipped, no row
        ("   \t", None),
        ('{"id": "empty", "question": ""}', "empty question"),
        ('{"id": "spaces", "question": "   "}', "empty question"),
        ('{"id": "long", "question": "' + "x" * 100_000 + '"}', "characters long"),
        ("{broken json", "not valid JSON"),
        ('{"question": 5}', 'no "question" string'),
        ('{"id": NaN, "question": "What did Sullivan say?"}', "NaN is not JSON"),
        ('{"question": ' + "[" * 50_000 + "]" * 50_000 + "}", "nested too deeply"),
        ('{"id": 1e400, "question": "How much is the aid package worth?"}', "$800 million"),
        ('{"id": "surrogate", "question": "aid \\ud800 package worth?"}', "answer"),
        ('{"id": "ctl", "question": "\\u0000\\u001b[2JHow much is the aid package worth?"}', "$800 million"),
        ("\x1b[31mWho is the UK Defence Secretary?\x07", "answer"),
        ("Что сказал Салливан? 🎉", "The corpus doesn't say."),
        ("[1, 2]", "answer"),
        ("How much is the aid package worth?", "$800 million"),
    ]


def test_a_hostile_batch_answers_every_line_in_order_then_exits_1(capsys, default_index, tmp_path):
    lines = _batch_lines()
    questions = tmp_path / "q.jsonl"
    questions.write_text("\n".join(line for line, _ in lines) + "\n", encoding="utf-8")
    out_file = tmp_path / "answers.jsonl"
    code = main(["batch", str(questions), "-k", "2", "-o", str(out_file), *_engine_args(default_index)])
    out, err = capsys.readouterr()
    expected = [(number, expect) for number, (_, expect) in enumerate(lines, start=1) if expect is not None]
    rows = _strict_rows(out_file.read_text(encoding="utf-8"))
    assert out == "" and code == 1
    errors = [row for row in rows if "error" in row]
    assert (
        err.strip().splitlines()[-1]
        == f'qa: {len(errors)} question(s) could not be answered; see their "error" fields'
    )
    assert len(rows) == len(expected)  # one row per question read: the batch never stopped early
    for row, (number, expect) in zip(rows, expected, strict=True):
        shown = json.dumps(row, ensure_ascii=False)
        if "error" in row:
            assert set(row) == ERROR_FIELDS and row["error"].startswith(f"line {number}:")
            assert expect in row["error"], (number, row["error"])
        else:
            assert expect == "answer" or expect in row["answer"], (number, shown[:300])
    ids = [row["id"] for row in rows]
    assert ids[:4] == [1, "empty", "spaces", "long"] and 11 in ids and "surrogate" in ids
    surrogate = next(row for row in rows if row["id"] == "surrogate")
    assert surrogate["question"] == "aid \ufffd package worth?"


def test_stdin_that_is_not_utf8_is_one_odd_question_not_a_crash(capsys, default_index, monkeypatch):
    raw = b"How much is the aid package worth?\n\xff\xfe\xfa broken bytes?\nWhat did Sullivan say?\n"
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(raw), encoding="utf-8"))
    code = main(["batch", "-", "-k", "1", *_engine_args(default_index)])
    out, err = capsys.readouterr()
    rows = _strict_rows(out)
    assert code == 0, err
    assert [row["id"] for row in rows] == [1, 2, 3]
    assert rows[1]["question"] == "\ufffd\ufffd\ufffd broken bytes?"
    assert "$800 million" in rows[0]["answer"] and "Sullivan" in rows[2]["answer"]
