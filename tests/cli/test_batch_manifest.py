"""Reproducible batches: OUT.manifest.json beside OUT, byte-identical reruns, and --frozen refusals."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import pytest

from qa.cli.main import main
from tests.conftest import DEFAULT_CORPUS

QUESTIONS = (
    "What did Sullivan say?\n"
    '{"id": "aid", "question": "How much is the aid package worth?"}\n'
    '{"id": "t1", "conversation": "c", "question": "Who is Jake Sullivan?"}\n'
    '{"id": "t2", "conversation": "c", "question": "What did he say about Ukraine?"}\n'
    "{broken json\n"
    "What did Macron say about cluster bombs?\n"
)


@pytest.fixture
def questions(tmp_path: Path) -> Path:
    path = tmp_path / "q.txt"
    path.write_text(QUESTIONS, encoding="utf-8")
    return path


def _batch(capsys, questions: Path, out: Path, corpus: Path, index: Path, *extra: str) -> tuple[int, str]:
    code = main(
        ["batch", str(questions), "-o", str(out), "--corpus", str(corpus), "--index", str(index), *extra]
    )
    return code, capsys.readouterr().err


def _manifest(out: Path) -> dict[str, object]:
    data: dict[str, object] = json.loads((out.parent / (out.name + ".manifest.json")).read_text())
    return data


def test_rerun_is_byte_identical_and_manifest_records_the_run(capsys, questions, tmp_path, default_index):
    first, second = tmp_path / "a" / "out.jsonl", tmp_path / "b" / "out.jsonl"
    first.parent.mkdir()
    second.parent.mkdir()
    assert _batch(capsys, questions, first, DEFAULT_CORPUS, default_index, "-k", "3")[0] == 1  # one bad line
    assert _batch(capsys, questions, second, DEFAULT_CORPUS, default_index, "-k", "3")[0] == 1
    assert first.read_bytes() == second.read_bytes()
    manifest_name = "out.jsonl.manifest.json"
    assert (first.parent / manifest_name).read_bytes() == (second.parent / manifest_name).read_bytes()
    manifest = _manifest(first)
    assert manifest["output"] == {
        "name": "out.jsonl",
        "sha256": hashlib.sha256(first.read_bytes()).hexdigest(),
        "rows": 6,
        "errors": 1,
    }
    assert manifest["input"] == {
        "name": str(questions),
        "sha256": hashlib.sha256(questions.read_bytes()).hexdigest(),
    }
    assert manifest["options"] == {"k": 3, "mode": "hybrid", "filters": []}
    assert manifest["model_name"] == "all-MiniLM-L6-v2" and manifest["files"] == 3
    assert sorted(p.name for p in first.parent.iterdir()) == ["out.jsonl", manifest_name]  # no .partial left


def test_a_rebuilt_index_of_the_same_corpus_gives_the_same_fingerprint_and_output(
    capsys, questions, tmp_path, default_index
):
    rebuilt = tmp_path / "rebuilt"
    assert main(["index", "--corpus", str(DEFAULT_CORPUS), "--index", str(rebuilt), "--rebuild"]) == 0
    first, second = tmp_path / "first.jsonl", tmp_path / "second.jsonl"
    _batch(capsys, questions, first, DEFAULT_CORPUS, default_index)
    _batch(capsys, questions, second, DEFAULT_CORPUS, rebuilt)
    assert _manifest(first)["index_fingerprint"] == _manifest(second)["index_fingerprint"]
    assert first.read_bytes() == second.read_bytes()


@pytest.fixture
def own_index(tmp_path: Path, default_index: Path) -> Path:
    target = tmp_path / "idx"
    shutil.copytree(default_index, target)
    return target


def test_frozen_refuses_a_stale_index_and_does_not_reindex(
    capsys, questions, tmp_path, corpus_copy, own_index
):
    out = tmp_path / "out.jsonl"
    assert _batch(capsys, questions, out, corpus_copy, own_index, "--frozen")[0] == 1  # the bad line only
    before = out.read_bytes(), (own_index / "CURRENT").read_text()
    (corpus_copy / "late.txt").write_text("A late article about the weather.\n", encoding="utf-8")
    code, err = _batch(capsys, questions, out, corpus_copy, own_index, "--frozen")
    assert code == 1
    assert err.splitlines() == [
        "qa: error: the index is out of date with the corpus (1 added, 0 changed, 0 removed: late.txt); "
        "--frozen never re-indexes: run `qa index` (`--rebuild` when an edit kept the size and time), "
        "or drop --frozen"
    ]
    assert (out.read_bytes(), (own_index / "CURRENT").read_text()) == before


def test_frozen_refuses_an_index_that_changed_since_out_was_made(
    capsys, questions, tmp_path, corpus_copy, own_index
):
    out = tmp_path / "out.jsonl"
    _batch(capsys, questions, out, corpus_copy, own_index)
    recorded = _manifest(out)
    (corpus_copy / "late.txt").write_text("A late article about the weather.\n", encoding="utf-8")
    assert main(["index", "--corpus", str(corpus_copy), "--index", str(own_index)]) == 0
    capsys.readouterr()
    code, err = _batch(capsys, questions, out, corpus_copy, own_index, "--frozen")
    assert code == 1 and len(err.splitlines()) == 1
    assert "the index changed since out.jsonl was made" in err and "3 -> 4 files" in err
    assert _manifest(out) == recorded  # nothing was rewritten
    code, _ = _batch(
        capsys, questions, out, corpus_copy, own_index
    )  # without --frozen: accepted and recorded
    assert code == 1 and _manifest(out)["files"] == 4


def test_frozen_never_builds_a_missing_index(capsys, questions, tmp_path, corpus_copy):
    code, err = _batch(capsys, questions, tmp_path / "out.jsonl", corpus_copy, tmp_path / "none", "--frozen")
    assert code == 1 and "--frozen never builds one: run `qa index` first" in err
    assert not (tmp_path / "none").exists() and not (tmp_path / "out.jsonl").exists()
