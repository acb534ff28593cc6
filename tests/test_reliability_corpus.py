"""Hostile corpora: the index covers what could be read, one warning line per skipped file,
or the command stops with one clear error. Never a traceback, never a hang."""

import os
import time

import pytest

from qa.cli.main import main
from qa.engine import Engine
from qa.ingest.corpus import MAX_FILE_BYTES

GOOD = "good.txt"
GOOD_TEXT = "The harbour bridge reopened on Tuesday after repairs costing £4 million.\n"


def _index(capsys, corpus, index_dir):
    code = main(["index", "--corpus", str(corpus), "--index", str(index_dir)])
    out, err = capsys.readouterr()
    assert "Traceback" not in err
    return code, out, err


def _warnings(err):
    return [line for line in err.splitlines() if line.startswith("qa: warning:")]


def _unreadable(path):
    """A file whose read fails with an OSError, also when the tests run as root (chmod 000 does not stop root)."""
    if os.geteuid() == 0:
        path.symlink_to("/proc/self/mem")  # opens, then every read at offset 0 fails with EIO
    else:
        path.write_text("secret\n")
        path.chmod(0)


def test_every_kind_of_bad_file_is_one_warning_and_the_rest_is_indexed(capsys, tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / GOOD).write_text(GOOD_TEXT, encoding="utf-8")
    (corpus / "latin1.txt").write_bytes("Le caf\xe9 na\xefve ferme \xe0 midi.\n".encode("cp1252"))
    (corpus / "binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4)
    with (corpus / "huge.txt").open("wb") as huge:  # 50 MB of text: over the limit, never read
        huge.write(b"All work and no play makes a dull article.\n" * (50 * 1024 * 1024 // 44 + 1))
    os.mkfifo(corpus / "pipe.txt")  # reading a FIFO would block the build forever
    (corpus / "dangling.md").symlink_to(tmp_path / "nowhere.md")
    _unreadable(corpus / "unreadable.txt")
    (corpus / "folder.txt").mkdir()  # a folder with an article's name is walked, not read
    (corpus / "folder.txt" / "inner.md").write_text("An inner note about the ferry timetable.\n")
    (corpus / "loop").mkdir()
    (corpus / "loop" / "back").symlink_to(corpus)  # a symlink loop
    (corpus / "empty.txt").write_bytes(b"")
    (corpus / "picture.jpg").write_bytes(b"\xff\xd8\xff")  # not an article suffix: silently ignored
    escaping = corpus / "\x1b[2J\x1b]0;pwned\x07.txt"  # its name must not drive the terminal
    escaping.write_bytes(b"\x00binary")
    not_utf8 = corpus / os.fsdecode(b"caf\xe9.txt")  # a file name that is not UTF-8
    not_utf8.write_bytes(b"A perfectly good article with a Latin-1 file name.\n")

    index_dir = tmp_path / "idx"
    code, out, err = _index(capsys, corpus, index_dir)
    assert code == 0, err
    warned = _warnings(err)
    expected = {
        "binary.txt": "binary file",
        "huge.txt": f"over the {MAX_FILE_BYTES // (1024 * 1024)} MB limit",
        "pipe.txt": "not a regular file",
        "dangling.md": "No such file or directory",
        # as root, a link to /proc/self/mem: a link out of the corpus, skipped before it is read
        "unreadable.txt": "a link to outside the corpus" if os.geteuid() == 0 else "Permission denied",
        "loop/back": "symlink loop",
        "latin1.txt": "read as Windows-1252",
        "␛[2J␛]0;pwned␇.txt": "binary file",
        "caf?.txt": "its name is not valid UTF-8",
    }
    assert len(warned) == len(expected), warned
    assert "\x1b" not in err and "\x07" not in err
    for name, reason in expected.items():
        (line,) = [w for w in warned if f" {name}:" in w]
        assert reason in line
    assert out.startswith("indexed 4 files, 4 articles")
    engine = Engine(corpus, index_dir=index_dir)
    assert engine.documents == ["empty.txt", "folder.txt/inner.md", GOOD, "latin1.txt"]
    (latin,) = engine.document("latin1.txt")
    assert latin.text == "Le café naïve ferme à midi."
    answer = engine.ask("When did the harbour bridge reopen?", k=1)
    assert answer.citations[0].doc == GOOD and "Tuesday" in answer.citations[0].text

    # The same corpus again: the index is fresh, and each skipped file is still one line, not two.
    code, out, err = _index(capsys, corpus, index_dir)
    assert code == 0 and out.startswith("index up to date")
    again = _warnings(err)
    assert len(again) == len(set(again)) == len(expected) - 1  # latin1.txt is indexed, not re-read


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda root: None, "corpus folder not found"),
        (lambda root: root.mkdir(), "no .txt or .md articles"),
        (lambda root: root.write_text("a file, not a folder"), "corpus is not a folder"),
        (
            lambda root: (root.mkdir(), (root / "a.txt").write_bytes(b"\x00\x01binary")),
            "no readable articles",
        ),
        (
            lambda root: (
                root.mkdir(),
                (root / "a.txt").write_text(""),
                (root / "b.md").write_text("  \n\n\t\n"),
            ),
            "no text in the articles",
        ),
    ],
    ids=["missing", "empty", "a-file", "only-binary", "only-blank"],
)
def test_a_corpus_with_nothing_to_index_stops_with_one_clear_line(capsys, tmp_path, make, message):
    root = tmp_path / "corpus"
    make(root)
    code, out, err = _index(capsys, root, tmp_path / "idx")
    assert code == 1 and out == ""
    (line,) = err.strip().splitlines()[-1:]
    assert line.startswith("qa: error:") and message in line
    assert [e for e in err.splitlines() if e.startswith("qa: error:")] == [line]


def test_articles_with_no_searchable_words_are_indexed(tmp_path):
    """Emoji and punctuation only: no BM25 term at all, which bm25s cannot index by itself."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "party.txt").write_text("🎉🎉🎉\n!!!\n", encoding="utf-8")
    engine = Engine(corpus, index_dir=tmp_path / "idx")
    engine.index()
    answer = engine.ask("🎉?", k=2)
    assert {c.text for c in answer.citations} == {"🎉🎉🎉", "!!!"}


def test_a_file_deleted_or_changed_between_discovery_and_reading(tmp_path):
    """The warning for the first file (read first: ids are sorted) deletes and rewrites the later
    ones, so they change after they were listed and before they are read."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a_latin.txt").write_bytes("Caf\xe9 owners met the mayor.\n".encode("cp1252"))
    (corpus / "b_deleted.txt").write_text("This article is deleted while the index is built.\n")
    (corpus / "c_changed.txt").write_text("The first version of the lighthouse story.\n")
    messages: list[str] = []

    def warn(message):
        messages.append(message)
        if "a_latin.txt" in message and (corpus / "b_deleted.txt").exists():
            (corpus / "b_deleted.txt").unlink()
            (corpus / "c_changed.txt").write_text("The second version: the lighthouse keeper retired.\n")

    engine = Engine(corpus, index_dir=tmp_path / "idx", warn=warn)
    engine.index()
    assert any(m == "skipped b_deleted.txt: No such file or directory" for m in messages), messages
    assert engine.documents == ["a_latin.txt", "c_changed.txt"]
    (changed,) = engine.document("c_changed.txt")
    assert changed.text == (corpus / "c_changed.txt").read_text().strip()
    # The manifest kept the stamp it listed, not the new file's: the next run re-hashes, finds the
    # content it already has, and embeds nothing.
    summary = Engine(corpus, index_dir=tmp_path / "idx").index()
    assert summary.embedded == 0 and summary.plan.unchanged == ("a_latin.txt", "c_changed.txt")


def test_a_file_deleted_while_embedding_leaves_the_index_at_the_next_run(corpus_copy, tmp_path):
    victim = corpus_copy / "004_000a7fc3f8c0d5df.txt"
    calls = []

    def progress(_):
        calls.append(1)
        if victim.exists():
            victim.unlink()

    engine = Engine(corpus_copy, index_dir=tmp_path / "idx")
    engine.index(progress=progress)
    assert calls and victim.name in engine.documents  # read before it went: covered as it was
    summary = engine.index()
    assert summary.plan.removed == (victim.name,) and summary.embedded == 0
    assert victim.name not in engine.documents
    answer = engine.ask("What did Sullivan say?", k=3)
    for citation in answer.citations:
        lines = (corpus_copy / citation.doc).read_text(encoding="utf-8").splitlines()
        assert lines[citation.line - 1].strip() == citation.text


def test_a_thousand_tiny_files(tmp_path):
    """The soak bench (bench/soak.py) does 10,000; 1,000 keeps the suite quick."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for i in range(1000):
        (corpus / f"n{i:04d}.txt").write_text(f"Note {i}: parcel {i * 7} left depot {i % 13}.\n")
    started = time.monotonic()
    engine = Engine(corpus, index_dir=tmp_path / "idx")
    summary = engine.index()
    assert summary.paragraphs == 1000 and len(engine.documents) == 1000
    assert time.monotonic() - started < 120
    answer = engine.ask("Which depot did parcel 4669 leave?", k=1)
    assert answer.citations[0].doc == "n0667.txt"
