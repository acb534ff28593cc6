"""The chat transcript: saved per corpus, atomically, survives restarts; a corrupt file is set aside."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest

from qa.answering.answer import Answer, Citation
from qa.paths import corpus_key
from qa.transcript import (
    Transcript,
    TranscriptFile,
    Turn,
    answer_markdown,
    export_markdown,
    to_markdown,
    transcript_path,
)

SULLIVAN = "Mr Sullivan said: ‘Ukraine would not be using these munitions in some foreign land."


def make_answer(*, abstained: bool = False, text: str = SULLIVAN) -> Answer:
    citation = Citation(1, "003_76f546fea674f369.txt", 6, 7, text, 0.0323, ((19, 83),))
    body = "The corpus doesn't say. Nothing comes close." if abstained else f"{text[19:83]} [1]"
    return Answer("What did Sullivan say?", body, abstained, 0.67, (citation,))


def make_transcript(corpus: Path, turns: int = 2) -> Transcript:
    transcript = Transcript(corpus=str(corpus.resolve()))
    for number in range(turns):
        transcript = transcript.add(Turn(f"question {number}", make_answer(), "2025-01-01T00:00:00+00:00"))
    return transcript


def test_path_is_per_corpus_under_the_data_dir(tmp_path: Path) -> None:
    corpus = tmp_path / "news"
    path = transcript_path(corpus)
    assert path == Path(os.environ["QA_DATA_DIR"]) / "transcripts" / f"{corpus_key(corpus)}.json"
    assert transcript_path(tmp_path / "other") != path


def test_save_then_load_round_trips(tmp_path: Path) -> None:
    store = TranscriptFile(tmp_path)
    transcript = make_transcript(tmp_path)
    store.save(transcript)
    loaded = TranscriptFile(tmp_path).load(warn=pytest.fail)
    assert loaded.corpus == transcript.corpus
    assert [t.question for t in loaded.turns] == ["question 0", "question 1"]
    assert [t.answer.to_json(None) for t in loaded.turns] == [
        t.answer.to_json(None) for t in transcript.turns
    ]
    assert loaded.turns[0].answer.citations[0].highlights == ((19, 83),)
    assert loaded.last_answer is not None and loaded.last_answer.text == transcript.turns[-1].answer.text


def test_missing_file_is_an_empty_transcript(tmp_path: Path) -> None:
    loaded = TranscriptFile(tmp_path).load(warn=pytest.fail)
    assert loaded.turns == () and loaded.last_answer is None


def test_save_leaves_no_temporary_files_and_valid_json(tmp_path: Path) -> None:
    store = TranscriptFile(tmp_path)
    for turns in range(3):
        store.save(make_transcript(tmp_path, turns))
    assert [p.name for p in store.path.parent.iterdir()] == [store.path.name]
    data = json.loads(store.path.read_text(encoding="utf-8"))
    assert data["format"] == "qa-transcript" and len(data["turns"]) == 2


def test_a_crash_during_save_keeps_the_previous_transcript(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = TranscriptFile(tmp_path)
    store.save(make_transcript(tmp_path, 1))

    def crash(*_: object) -> None:
        raise OSError("disk vanished")

    with monkeypatch.context() as patch, pytest.raises(OSError):
        patch.setattr(os, "replace", crash)
        store.save(make_transcript(tmp_path, 2))
    assert len(TranscriptFile(tmp_path).load(warn=pytest.fail).turns) == 1
    assert [p.name for p in store.path.parent.iterdir()] == [store.path.name]


def _saved_turn(n: str) -> str:
    answer = make_answer().to_json(None)
    del answer["id"]
    answer["citations"][0]["n"] = n  # spliced in raw: 1e400 is valid JSON but no finite number
    turn = json.dumps({"question": "q", "asked_at": "2025-01-01T00:00:00+00:00", "answer": answer})
    return turn.replace('"n": "NUMBER"', '"n": 1e400')


@pytest.mark.parametrize(
    "content",
    [
        "{not json",
        '{"format": "qa-transcript", "version": 99}',
        '{"turns": 3}',
        '{"format": "qa-transcript", "version": 1, "corpus": "c", "turns": [' + _saved_turn("NUMBER") + "]}",
        '{"format": "qa-transcript", "version": 1, "corpus": "c", "turns": ' + "[" * 5000 + "]" * 5000 + "}",
    ],
    ids=["not-json", "other-version", "no-format", "1e400", "nested-5000"],
)
def test_a_corrupt_file_is_moved_aside_with_a_warning(tmp_path: Path, content: str) -> None:
    store = TranscriptFile(tmp_path)
    store.path.parent.mkdir(parents=True)
    store.path.write_text(content, encoding="utf-8")
    warnings: list[str] = []
    loaded = store.load(warn=warnings.append)
    assert loaded.turns == ()
    assert len(warnings) == 1 and "moved it to" in warnings[0]
    aside = [p for p in store.path.parent.iterdir() if ".corrupt-" in p.name]
    assert len(aside) == 1 and aside[0].read_text(encoding="utf-8") == content
    assert not store.path.exists()


def test_cleared_keeps_the_corpus() -> None:
    transcript = make_transcript(Path("/tmp/x"))
    assert transcript.cleared().turns == () and transcript.cleared().corpus == transcript.corpus


def test_answer_markdown_lists_citations_with_location() -> None:
    text = answer_markdown(make_answer())
    assert text.startswith("Ukraine would not be using these munitions in some foreign land. [1]")
    assert "Sources:" in text
    assert "\n\n- [1] 003_76f546fea674f369.txt · ¶ 7 · line 7: “Mr Sullivan said:" in text
    assert "*Confidence 67%*" in text


def test_export_marks_topics_and_reads_as_only_when_rewritten(tmp_path: Path) -> None:
    rewritten = replace(make_answer(), resolved_question="What did Jake Sullivan say?")
    transcript = Transcript(str(tmp_path))
    for topic, answer in ((0, make_answer()), (0, rewritten), (1, make_answer())):
        transcript = transcript.add(Turn(answer.question, answer, "2025-01-01T00:00:00+00:00", topic))
    written = to_markdown(transcript)
    assert written.count("Read as:") == 1 and "*Read as: What did Jake Sullivan say?*" in written
    assert written.count("---\n\n*New topic") == 1


def test_abstention_markdown_says_the_passages_are_not_an_answer() -> None:
    text = answer_markdown(make_answer(abstained=True))
    assert text.startswith("The corpus doesn't say.")
    assert "Closest passages (not an answer):" in text


def test_markdown_export_shows_terminal_escapes_inert(tmp_path: Path) -> None:
    hostile = "\x1b[31mRed\x1b[0m [bold]text[/bold] \x1b]8;;http://x\x07link\x1b]8;;\x07 \x07bell"
    transcript = Transcript(str(tmp_path)).add(
        Turn("Q?", make_answer(text=hostile), "2025-01-01T00:00:00+00:00")
    )
    path = export_markdown(transcript, tmp_path)
    assert path.parent == tmp_path and path.suffix == ".md"
    written = path.read_text(encoding="utf-8")
    assert written == to_markdown(transcript)
    assert "\x1b" not in written and "\x07" not in written
    assert "␛[31mRed␛[0m [bold]text[/bold]" in written and "␇bell" in written
    assert "## Q?" in written and "*Asked 2025-01-01T00:00:00+00:00*" in written


def test_export_never_overwrites(tmp_path: Path) -> None:
    transcript = make_transcript(tmp_path)
    paths = {export_markdown(transcript, tmp_path) for _ in range(3)}
    assert len(paths) == 3


def test_transcript_module_imports_no_ui() -> None:
    code = "import sys, qa.transcript; print(sorted(m for m in ('textual', 'rich') if m in sys.modules))"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"


def _turn(question: str, second: int) -> Turn:
    return Turn(question, make_answer(), f"2025-01-01T00:00:{second:02d}+00:00")


def test_two_chats_on_one_corpus_keep_each_others_turns(tmp_path: Path) -> None:
    """The last save used to win: the other chat's turns vanished from the file, silently."""
    first, second = TranscriptFile(tmp_path), TranscriptFile(tmp_path)
    mine = first.load(warn=pytest.fail)
    theirs = second.load(warn=pytest.fail)
    mine = mine.add(_turn("first chat, one", 1))
    first.save(mine)
    theirs = theirs.add(_turn("second chat, one", 2))
    second.save(theirs)
    first.save(mine.add(_turn("first chat, two", 3)))
    saved = TranscriptFile(tmp_path).load(warn=pytest.fail)
    assert [t.question for t in saved.turns] == ["first chat, one", "second chat, one", "first chat, two"]
    second.save(theirs.cleared())  # clearing drops this chat's turns, never the other's
    saved = TranscriptFile(tmp_path).load(warn=pytest.fail)
    assert [t.question for t in saved.turns] == ["first chat, one", "first chat, two"]
