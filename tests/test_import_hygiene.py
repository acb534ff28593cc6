"""The engine stays headless and the query path never loads torch or spaCy (attribution is read
from the index; spaCy runs only when an index is built or re-annotated)."""

import json
import subprocess
import sys

from tests.conftest import DEFAULT_CORPUS

HEAVY = ("textual", "torch", "sentence_transformers", "bm25s", "scipy", "trafilatura", "spacy", "thinc")
BACKENDS = ("pymilvus", "milvus_lite", "ray")  # imported only with --milvus / --ray


def _loaded_after(code: str, watched: tuple[str, ...] = HEAVY) -> list[str]:
    probe = code + f"\nimport sys, json; print(json.dumps([m for m in {watched!r} if m in sys.modules]))"
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    loaded: list[str] = json.loads(result.stdout.strip().splitlines()[-1])
    return loaded


def test_import_qa_loads_no_ui_and_no_torch():
    assert _loaded_after("import qa, qa.engine, qa.cli.main, qa.evaluate, qa.transcript") == []


def test_help_loads_no_ui():
    code = "from qa.cli.main import main\ntry:\n    main(['--help'])\nexcept SystemExit:\n    pass"
    assert _loaded_after(code) == []


def test_batch_query_path_loads_neither_textual_nor_torch(default_index, tmp_path):
    questions = tmp_path / "q.txt"
    questions.write_text("What did Sullivan say?\n", encoding="utf-8")
    code = (
        "from qa.cli.main import main\n"
        f"main(['batch', {str(questions)!r}, '--corpus', {str(DEFAULT_CORPUS)!r}, '--index', {str(default_index)!r}])"
    )
    assert _loaded_after(code) == []


def test_ask_query_path_loads_neither_torch_nor_spacy(default_index):
    code = (
        "from qa.cli.main import main\n"
        f"main(['ask', 'What did Sullivan say?', '--corpus', {str(DEFAULT_CORPUS)!r}, '--index', {str(default_index)!r}])"
    )
    assert _loaded_after(code) == []


def test_ask_on_the_index_folder_loads_neither_milvus_nor_ray(default_index):
    code = (
        "from qa.cli.main import main\n"
        f"main(['ask', 'What did Sullivan say?', '--corpus', {str(DEFAULT_CORPUS)!r}, '--index', {str(default_index)!r}])"
    )
    assert _loaded_after(code, BACKENDS) == []


def test_a_build_once_the_model_is_exported_loads_no_torch(default_index, corpus_copy, tmp_path):
    code = (
        "from qa.cli.main import main\n"
        f"main(['index', '--corpus', {str(corpus_copy)!r}, '--index', {str(tmp_path / 'index')!r}])"
    )
    assert _loaded_after(code, ("torch", "sentence_transformers", "transformers")) == []
    assert (tmp_path / "index" / "CURRENT").exists()
