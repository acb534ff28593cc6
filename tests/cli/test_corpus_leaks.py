"""What a corpus must not leak or double: links out of it, an index folder inside it, names that
would print lines of their own. One hostile corpus, indexed once, with its index inside it."""

import json
import shutil

import pytest

from qa.cli.main import main
from qa.engine import Engine
from tests.conftest import DEFAULT_CORPUS

ARTICLE = "003_76f546fea674f369.txt"
FAKE = "a\nadded\tfake.txt"  # would print an "added<TAB>fake.txt" line of its own
ESCAPE = "\x1b[2Jred.txt"


@pytest.fixture(scope="module")
def hostile(tmp_path_factory, session_cache):
    root = tmp_path_factory.mktemp("hostile")
    corpus = root / "corpus"
    corpus.mkdir()
    shutil.copy(DEFAULT_CORPUS / ARTICLE, corpus / ARTICLE)
    secret = root / "shadow"
    secret.write_text("root:$6$secrethash:19000:0:99999:7:::\n")
    (corpus / "shadow.txt").symlink_to(secret)  # a link out of the corpus
    outside = root / "elsewhere"
    outside.mkdir()
    (outside / "notes.txt").write_text("The outside folder holds private notes about salaries.\n")
    (corpus / "linked").symlink_to(outside)  # a folder link out of the corpus
    (corpus / "inside.txt").symlink_to(corpus / ARTICLE)  # a link within it is fine
    (corpus / FAKE).write_text("Fog closed the harbour on Monday, the port authority said.\n")
    (corpus / ESCAPE).write_text("The council approved a new cycle lane on Friday.\n")
    mp = pytest.MonkeyPatch()
    mp.setenv("QA_CACHE_DIR", str(session_cache))
    index = corpus / "idx"  # the index inside the corpus: never read as articles
    engine = Engine(corpus, index_dir=index)
    engine.index()
    mp.undo()
    return corpus, index


def _args(hostile):
    corpus, index = hostile
    return ["--corpus", str(corpus), "--index", str(index)]


def test_links_out_of_the_corpus_are_skipped_with_a_warning(capsys, hostile):
    code = main(["ask", "root secret hash", "--json", "--filter", "doc:shadow.txt", *_args(hostile)])
    out, err = capsys.readouterr()
    assert code == 0, err
    assert "secrethash" not in out and json.loads(out)["citations"] == []
    assert "shadow.txt: a link to outside the corpus" in err and "linked: a link to outside" in err
    main(["ask", "salaries private notes", "--json", *_args(hostile)])
    cited = json.loads(capsys.readouterr().out)["citations"]
    assert cited and not [c for c in cited if "salaries" in c["text"] or c["doc"].startswith("linked/")]


def test_the_index_folder_inside_the_corpus_is_never_read(capsys, hostile):
    corpus, index = hostile
    engine = Engine(corpus, index_dir=index)
    assert engine.status().state == "fresh"  # asking again does not re-index the index
    engine.open()
    assert not [doc for doc in engine.documents if doc.startswith("idx/")]
    assert sorted(engine.documents) == sorted([ARTICLE, "inside.txt", FAKE, ESCAPE])


def test_names_with_control_characters_print_as_one_line_each(capsys, hostile, tmp_path):
    code = main(["index", "--dry-run", "--rebuild", *_args(hostile)])
    out, err = capsys.readouterr()
    assert code == 0, err
    lines = out.splitlines()
    assert len(lines) == 4 and all(line.startswith("added\t") for line in lines)
    assert "added\ta␤added␉fake.txt" in lines and "added\t␛[2Jred.txt" in lines
    assert "\x1b" not in out + err
    main(["ask", "Who closed the harbour in fog?", "-k", "4", *_args(hostile)])
    out, _ = capsys.readouterr()
    assert "a␤added␉fake.txt ¶ 1 · line 1" in out and "\nadded\t" not in out and "\x1b" not in out
