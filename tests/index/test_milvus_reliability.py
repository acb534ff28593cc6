"""The Milvus backend under change and failure, with real milvus-lite: updates, a killed build,
two writers, damaged or foreign collections, a server that is not there."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from qa.answering.filters import parse
from qa.cli.main import main
from qa.config import Settings
from qa.doctor import Doctor
from qa.engine import Engine
from qa.errors import IndexStoreError
from qa.errors import IndexUnavailable as Busy
from qa.index import milvus_schema
from qa.index.embedding import resolve_model
from qa.index.milvus_client import close, connect, hold, target

ARTICLES = {
    "metro.md": "---\ntitle: Aid\nsource: Metro\ndate: 2024-09-14\n---\n\nThe aid package is worth $800 million, "
    "the Pentagon said.\n\nMr Sullivan said: 'Ukraine will use these munitions to defend its own land.'\n",
    "bbc.md": "---\ntitle: Talks\nsource: BBC News\ndate: 2024-10-02\n---\n\nRishi Sunak met Joe Biden in London "
    "for talks on the war.\n\nThe Prime Minister said the UK discourages the use of cluster bombs.\n",
    "notes.txt": "Cluster munitions scatter smaller bombs over a wide area.\n\nMany countries have banned them.\n",
}


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "corpus"
    folder.mkdir()
    for name, body in ARTICLES.items():
        (folder / name).write_text(body, encoding="utf-8")
    return folder


def cited(answer):
    return [(c.doc, c.paragraph) for c in answer.citations]


def generations(db: Path) -> set[str]:
    wait_until_free(db)
    where = target(str(db))
    client = connect(where)
    try:
        return {
            m.group("generation") for n in client.list_collections() if (m := milvus_schema.OWN.fullmatch(n))
        }
    finally:
        close(client, where)


def qa(*argv: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "qa", *argv], capture_output=True, text=True)


def wait_until_free(db: Path) -> None:
    """qa's lock on the file is free (a killed process's goes with it)."""
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            handle = hold(target(str(db)))
        except Busy:
            time.sleep(0.2)
            continue
        assert handle is not None
        handle.close()
        return
    pytest.fail(f"{db} is still held")


def test_date_and_source_filters_match_the_folder_index(corpus, tmp_path):
    folder = Engine(corpus, index_dir=tmp_path / "index")
    folder.index()
    milvus = Engine(corpus, milvus=str(tmp_path / "news.db"))
    milvus.index()
    try:
        for filters in ("source:metro", "since:2024-10", "until:2024-09-30", "source:bbc since:2024-01"):
            given = parse(filters.split()[0])
            for token in filters.split()[1:]:
                given = given + parse(token)
            ours, theirs = (
                milvus.ask("What was said about cluster bombs?", k=3, filters=given),
                folder.ask("What was said about cluster bombs?", k=3, filters=given),
            )
            assert cited(ours) == cited(theirs) and ours.citations
            wanted = "metro.md" if "metro" in filters or "until" in filters else "bbc.md"
            assert {c.doc for c in ours.citations} == {wanted}
    finally:
        milvus.close()


def test_an_update_embeds_only_what_changed_and_keeps_one_generation(corpus, tmp_path):
    db = tmp_path / "news.db"
    engine = Engine(corpus, milvus=str(db))
    try:
        engine.index()
        (corpus / "notes.txt").write_text("Cluster munitions were first used in the Second World War.\n")
        (corpus / "new.txt").write_text("Poland's Prime Minister Donald Tusk said aid must go on.\n")
        summary = engine.index()
        assert summary.plan.changed == ("notes.txt",) and summary.plan.added == ("new.txt",)
        assert summary.embedded == 2  # one paragraph each; the other files' vectors were read back
        answer = engine.ask("When were cluster munitions first used?", k=1)
        assert answer.citations[0].doc == "notes.txt" and "Second World War" in answer.citations[0].text
        assert "Tusk" in engine.ask("What did Donald Tusk say?", k=1).citations[0].text
    finally:
        engine.close()
    assert len(generations(db)) == 1


KILLER = """
import os, signal, sys
from qa.index import milvus_rows
def killed(*args, **kwargs):
    os.kill(os.getpid(), signal.SIGKILL)  # after the new generation's rows, before it is made live
milvus_rows.blob_entities = killed
from qa.cli.main import main
from qa.config import Settings
from qa.doctor import Doctor
main(sys.argv[1:])
"""


def test_a_killed_build_leaves_the_old_generation_live(corpus, tmp_path):
    db = tmp_path / "news.db"
    first = Engine(corpus, milvus=str(db))
    first.index()
    first.close()
    wait_until_free(db)
    (corpus / "notes.txt").write_text("An entirely new text about tanks.\n")
    run = subprocess.run(
        [
            sys.executable,
            "-c",
            textwrap.dedent(KILLER),
            "index",
            "--corpus",
            str(corpus),
            "--milvus",
            str(db),
        ],
        capture_output=True,
        text=True,
    )
    assert run.returncode == -9
    wait_until_free(db)
    assert len(generations(db)) == 2  # the killed build's collections are there, not live
    engine = Engine(corpus, milvus=str(db))
    try:
        assert engine.open(update=False).state == "stale"
        assert engine.document("notes.txt")[0].text.startswith("Cluster munitions scatter")  # the old one
        engine.index()
        assert engine.document("notes.txt")[0].text.startswith("An entirely new text")
    finally:
        engine.close()
    assert len(generations(db)) == 1  # the next build dropped what the killed one left


def test_a_second_process_on_the_same_file_gets_one_line(corpus, tmp_path):
    db = tmp_path / "news.db"
    engine = Engine(corpus, milvus=str(db))
    try:
        engine.index()
        second = qa("index", "--corpus", str(corpus), "--milvus", str(db))
    finally:
        engine.close()
    assert second.returncode == 1
    assert second.stderr.strip().splitlines() == [
        f"qa: error: {db} is open in another process (milvus-lite serves one process per .db file); "
        "wait for it to finish, or use a Milvus server"
    ]


def test_a_damaged_generation_is_reported_and_rebuilt(corpus, tmp_path):
    db = tmp_path / "news.db"
    engine = Engine(corpus, milvus=str(db))
    engine.index()
    live = engine.backend.live()  # type: ignore[attr-defined]
    engine.backend.client().drop_collection(milvus_schema.windows_of(live))  # type: ignore[attr-defined]
    engine.close()
    broken = Engine(corpus, milvus=str(db))
    try:
        with pytest.raises(
            IndexStoreError, match=r"is damaged \(.*windows is missing\): run `qa index --rebuild --milvus"
        ):
            broken.open(update=False)
        assert broken.index(rebuild=True).plan.added
        assert broken.ask("What scatters smaller bombs?", k=1).citations[0].doc == "notes.txt"
    finally:
        broken.close()


def test_a_foreign_collection_named_like_ours_is_refused(corpus, tmp_path):
    db = tmp_path / "other.db"
    where = target(str(db))
    client = connect(where)
    schema = client.create_schema(auto_id=True)
    from pymilvus import DataType

    schema.add_field("id", DataType.INT64, is_primary=True)
    schema.add_field("embedding", DataType.FLOAT_VECTOR, dim=4)
    client.create_collection(milvus_schema.META, schema=schema)
    close(client, where)
    wait_until_free(db)
    run = qa("index", "--corpus", str(corpus), "--milvus", str(db))
    assert run.returncode == 2
    assert run.stderr.strip().splitlines() == [
        f"qa: error: {db} holds a collection qa_meta that qa did not make; give --milvus another database"
    ]


@pytest.mark.parametrize(
    ("uri", "code", "message"),
    [
        ("http://127.0.0.1:9", 1, "no Milvus server answers at http://127.0.0.1:9"),
        ("milvus-somewhere", 2, "is not a Milvus address; give a path ending in .db"),
        ("ftp://host:19530", 2, "is not a Milvus address"),
    ],
)
def test_a_milvus_that_cannot_be_used_is_one_line(capsys, corpus, uri, code, message):
    assert main(["ask", "What scatters bombs?", "--corpus", str(corpus), "--milvus", uri]) == code
    err = capsys.readouterr().err
    assert message in err and len(err.strip().splitlines()) == 1 and "Traceback" not in err


def test_a_file_that_is_not_a_milvus_database_is_one_line(capsys, corpus, tmp_path):
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"not a database\n")
    assert main(["ask", "What scatters bombs?", "--corpus", str(corpus), "--milvus", str(junk)]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "is not a milvus-lite database qa can open" in err[0]


def test_qa_milvus_in_the_environment_is_the_flag(monkeypatch, capsys, corpus, tmp_path):
    monkeypatch.setenv("QA_MILVUS", str(tmp_path / "env.db"))
    assert main(["ask", "What scatters smaller bombs?", "-k", "1", "--corpus", str(corpus)]) == 0
    assert "notes.txt ¶ 1" in capsys.readouterr().out
    assert not (tmp_path / "index").exists() and (tmp_path / "env.db").exists()
    assert os.environ["QA_MILVUS"].endswith("env.db")


def test_doctor_checks_the_connection_schema_and_model(corpus, tmp_path):
    db = tmp_path / "news.db"
    engine = Engine(corpus, milvus=str(db))
    engine.index()
    live = engine.backend.live()  # type: ignore[attr-defined]
    engine.close()
    doctor = Doctor(Settings(corpus, None, 5, None, milvus=str(db)))
    doctor.corpus()
    doctor.model = resolve_model(None)  # the fingerprint is checked; no re-embedding (doctor.query unset)
    healthy = doctor.index()
    assert healthy.state == "ok" and str(db) in healthy.detail
    client = doctor.engine.backend.client()  # type: ignore[union-attr]
    client.upsert(milvus_schema.META, [{"key": f"{live}/schema/000000", "value": '"0"'}])
    doctor.engine.close()  # type: ignore[union-attr]
    stale = Doctor(Settings(corpus, None, 5, None, milvus=str(db)), f" --milvus {db}")
    stale.corpus()
    failed = stale.index()
    assert failed.state == "FAIL" and "written by another qa version" in failed.detail
    assert failed.fix == f"qa index --rebuild --milvus {db}"
    stale.engine.close()  # type: ignore[union-attr]
    absent = Doctor(Settings(corpus, None, 5, None, milvus="http://127.0.0.1:9"))
    absent.corpus()
    assert absent.index().detail.startswith("no Milvus server answers at http://127.0.0.1:9")
