"""`qa people` on the default corpus: the table for people, JSON Lines for machines."""

from __future__ import annotations

import json

import pytest

from qa.cli.main import main
from tests.conftest import DEFAULT_CORPUS

PERSON_FIELDS = ["name", "kind", "aliases", "role", "roles", "direct", "indirect", "quotes"]
QUOTE_FIELDS = ["doc", "paragraph", "line", "text", "highlights", "form"]
OPENERS = "“\"‘'"
CLOSERS = "”\"’'"


def _run(capsys: pytest.CaptureFixture[str], default_index: object, *extra: str) -> tuple[int, str, str]:
    code = main(["people", "--corpus", str(DEFAULT_CORPUS), "--index", str(default_index), *extra])
    out, err = capsys.readouterr()
    return code, out, err


def test_table_most_quoted_first(capsys, default_index):
    code, out, err = _run(capsys, default_index)
    assert code == 0 and err == ""
    lines = out.splitlines()
    assert lines[0].split() == ["name", "kind", "role", "direct", "indirect", "articles"]
    first = lines[1].split()  # a narrow pipe may wrap the role onto the next line
    assert first[:4] == ["Keir", "Starmer", "person", "Britain's"] and first[-3:] == ["7", "2", "1"]
    sharpe = next(line for line in lines if line.startswith("Tom Sharpe")).split()
    assert sharpe[:4] == ["Tom", "Sharpe", "person", "Former"] and sharpe[-3:] == ["4", "0", "1"]
    assert "Mr Sullivan" not in out  # one row a person, under the full name
    house = next(line for line in lines if line.startswith("White House"))
    assert house.split()[2] == "organisation"  # an institution is a speaker of its own kind
    assert sum(1 for line in lines if line.startswith("Jake Sullivan")) == 1


def test_kind_keeps_one_kind_of_speaker(capsys, default_index):
    code, out, _ = _run(capsys, default_index, "--kind", "person", "--json")
    assert code == 0 and {json.loads(line)["kind"] for line in out.splitlines()} == {"person"}


def test_json_lines_one_person_a_line(capsys, default_index):
    code, out, _ = _run(capsys, default_index, "--json")
    rows = [json.loads(line) for line in out.splitlines() if json.loads(line)["kind"] == "person"]
    assert code == 0 and len(rows) == 16
    by_name = {row["name"]: row for row in rows}
    assert len(by_name) == len(rows)
    for row in rows:
        assert list(row) == PERSON_FIELDS
        assert isinstance(row["aliases"], list) and (row["role"] is None or isinstance(row["role"], str))
        for quote in row["quotes"]:
            assert list(quote) == QUOTE_FIELDS
            if quote["form"] != "direct":
                continue  # reported words: a clause of the sentence, no quote marks around it
            lines = (DEFAULT_CORPUS / quote["doc"]).read_text(encoding="utf-8").splitlines()
            assert (
                lines[quote["line"] - 1].strip() == quote["text"] and quote["paragraph"] == quote["line"] - 1
            )
            text = quote["text"]
            assert quote["highlights"]
            for start, end in quote["highlights"]:
                assert 0 < start < end <= len(text)
                assert text[start - 1] in OPENERS  # exactly the quoted words: right after the opening mark
                assert end == len(text) or text[end] in CLOSERS or text[end:].strip() == ""
    assert "Mr Sullivan" in by_name["Jake Sullivan"]["aliases"]
    assert [q["paragraph"] for q in by_name["Tom Sharpe"]["quotes"]] == [56, 57, 58, 59]
    last = by_name["Tom Sharpe"]["quotes"][-1]
    start, end = last["highlights"][0]
    assert (
        last["text"][start:end] == "We must speak the only language Putin understands and that is strength."
    )


def test_missing_corpus_is_one_line_and_exit_1(capsys, tmp_path):
    code = main(["people", "--corpus", str(tmp_path / "nowhere"), "--index", str(tmp_path / "idx")])
    out, err = capsys.readouterr()
    assert code == 1 and out == "" and len(err.strip().splitlines()) == 1
