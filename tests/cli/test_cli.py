import json

import pytest

from qa.cli.main import main
from tests.conftest import DEFAULT_CORPUS

FIELDS = ["id", "question", "resolved_question", "answer", "verdict", "abstained", "confidence", "citations"]
CITATION_FIELDS = [
    "n", "doc", "paragraph", "line", "text", "score", "highlights", "answer_span", "also", "speaker", "form",
    "supports",
]  # fmt: skip


def _run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def _rows(out):
    return [json.loads(line) for line in out.splitlines()]


def test_batch_contract_field_by_field(capsys, default_index, tmp_path):
    questions = tmp_path / "q.txt"
    questions.write_text(
        "What did Sullivan say?\n"
        '{"id": "aid", "question": "How much is the aid package worth?", "note": "ignored"}\n'
        "{broken json\n"
        "What did Macron say about cluster bombs?\n",
        encoding="utf-8",
    )
    code, out, err = _run(
        capsys,
        "batch",
        str(questions),
        "--corpus",
        str(DEFAULT_CORPUS),
        "--index",
        str(default_index),
        "-k",
        "3",
    )
    rows = _rows(out)
    assert code == 1 and "1 question(s) could not be answered" in err
    assert [row["id"] for row in rows] == [1, "aid", 3, 4]
    good = [rows[0], rows[1], rows[3]]
    for row in good:
        assert list(row) == FIELDS
        assert isinstance(row["answer"], str) and row["answer"]
        assert isinstance(row["abstained"], bool)
        assert 0.0 <= row["confidence"] <= 1.0
        assert len(row["citations"]) == 3
        for n, citation in enumerate(row["citations"], start=1):
            assert list(citation) == CITATION_FIELDS
            assert citation["n"] == n
            lines = (DEFAULT_CORPUS / citation["doc"]).read_text(encoding="utf-8").splitlines()
            assert lines[citation["line"] - 1].strip() == citation["text"]
            assert citation["paragraph"] == citation["line"] - 1  # one paragraph a line in these files
            for start, end in citation["highlights"]:
                assert 0 <= start < end <= len(citation["text"])
            if citation["answer_span"] is not None:
                start, end = citation["answer_span"]
                assert any(s <= start < end <= e for s, e in citation["highlights"])
            for copy in citation["also"]:
                assert list(copy) == ["doc", "paragraph", "line"]
    assert rows[1]["question"] == "How much is the aid package worth?"
    aid = rows[1]["citations"][0]
    assert aid["text"][slice(*aid["answer_span"])] == "$800 million"
    assert "$800 million" in rows[1]["answer"] and not rows[1]["abstained"]
    assert rows[3]["abstained"] and rows[3]["answer"].startswith("The corpus doesn't say.")
    assert set(rows[2]) == {"id", "question", "error"} and "not valid JSON" in rows[2]["error"]


def test_batch_from_stdin_to_output_file(capsys, default_index, tmp_path, monkeypatch):
    import io

    monkeypatch.setattr("sys.stdin", io.StringIO("Who is the UK Defence Secretary?\n"))
    out_file = tmp_path / "answers.jsonl"
    code, out, _ = _run(
        capsys,
        "batch",
        "-",
        "--corpus",
        str(DEFAULT_CORPUS),
        "--index",
        str(default_index),
        "-o",
        str(out_file),
    )
    assert code == 0 and out == ""
    rows = _rows(out_file.read_text(encoding="utf-8"))
    assert len(rows) == 1 and rows[0]["id"] == 1
    assert not (tmp_path / "answers.jsonl.partial").exists()


def test_ask_json(capsys, default_index):
    code, out, _ = _run(
        capsys,
        "ask",
        "How much is the aid package worth?",
        "--json",
        "--corpus",
        str(DEFAULT_CORPUS),
        "--index",
        str(default_index),
    )
    assert code == 0
    row = json.loads(out)
    assert row["citations"][0]["doc"] == "003_76f546fea674f369.txt"


def test_ask_human_output_names_the_source(capsys, default_index):
    code, out, _ = _run(
        capsys,
        "ask",
        "How much is the aid package worth?",
        "--corpus",
        str(DEFAULT_CORPUS),
        "--index",
        str(default_index),
    )
    assert code == 0
    assert "$800 million" in out
    assert "003_76f546fea674f369.txt ¶ 2 · line 2" in out  # paragraphs counted from 1 for people


@pytest.mark.parametrize(
    ("argv", "code", "message"),
    [
        (["ask", "hi", "--corpus", "/nonexistent/folder"], 1, "corpus folder not found: /nonexistent/folder"),
        (["ask", "   ", "--corpus", "{corpus}", "--index", "{index}"], 1, "empty question"),
        (
            ["batch", "/nonexistent/q.txt", "--corpus", "{corpus}", "--index", "{index}"],
            2,
            "cannot read /nonexistent/q.txt",
        ),
        (["ask", "hi", "-k", "0"], 2, "must be between 1 and 100"),
        (["ask", "hi", "-k", "many"], 2, "not a whole number"),
        (["frobnicate"], 2, "invalid choice"),
        (
            ["ask", "hi", "--corpus", "{corpus}", "--index", "{index}", "--model", "/no/model"],
            1,
            "model folder not found",
        ),
    ],
)
def test_bad_input_gives_one_line_and_exit_code(capsys, default_index, argv, code, message):
    argv = [a.format(corpus=DEFAULT_CORPUS, index=default_index) for a in argv]
    result: object
    try:
        result = main(argv)
    except SystemExit as exit:  # argparse exits for usage errors
        result = exit.code
    out, err = capsys.readouterr()
    assert result == code
    assert message in err
    assert "Traceback" not in err and out == ""
    if code == 1:
        assert len(err.strip().splitlines()) == 1


def test_empty_corpus_folder(capsys, tmp_path):
    (tmp_path / "empty").mkdir()
    code, out, err = _run(
        capsys, "index", "--corpus", str(tmp_path / "empty"), "--index", str(tmp_path / "idx")
    )
    assert code == 1 and "no .txt or .md articles" in err and out == ""


def test_index_reports_up_to_date(capsys, default_index):
    code, out, _ = _run(capsys, "index", "--corpus", str(DEFAULT_CORPUS), "--index", str(default_index))
    assert code == 0 and out.startswith("index up to date: 3 files, 3 articles, 99 paragraphs")
