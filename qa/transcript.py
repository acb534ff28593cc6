"""A chat session's questions and answers, kept per corpus so a crash or a restart loses nothing.

The transcript is plain data: frozen dataclasses holding the engine's own `Answer`
objects, stored as JSON under `data_dir()/transcripts/<corpus_key>.json`. Every save
writes a temporary file, fsyncs it and renames it over the old one, so the file on
disk is always either the previous or the new transcript, never half of one. A file
that cannot be read is moved aside with a warning instead of stopping the chat. Two
chats on one corpus share the file: each save merges by turn, keeping the turns the
other chat saved (clearing drops only one's own).
Nothing here imports a UI library: the chat, the command line and tests share it.
"""

from __future__ import annotations

import json
import math
import os
import threading
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from qa.answering.answer import Answer, Citation, Source
from qa.answering.decline import Evidence
from qa.answering.location import place
from qa.attribution.record import Speaker
from qa.files import locked_folder, write_atomic
from qa.ingest.metadata import DocumentMeta
from qa.language.text import visible, visible_name
from qa.paths import corpus_key, data_dir

FORMAT = "qa-transcript"
VERSION = 1


@dataclass(frozen=True)
class Turn:
    """One question and the answer the engine gave, with when it was asked (UTC, ISO 8601)."""

    question: str
    answer: Answer
    asked_at: str
    topic: int = 0  # turns with the same topic are one conversation (follow-ups read together)


@dataclass(frozen=True)
class Transcript:
    corpus: str
    turns: tuple[Turn, ...] = field(default=())

    def add(self, turn: Turn) -> Transcript:
        return replace(self, turns=(*self.turns, turn))

    def cleared(self) -> Transcript:
        return replace(self, turns=())

    @property
    def last_answer(self) -> Answer | None:
        return self.turns[-1].answer if self.turns else None


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def transcript_path(corpus: Path) -> Path:
    return data_dir() / "transcripts" / f"{corpus_key(corpus)}.json"


def answer_from_json(data: dict[str, Any]) -> Answer:
    """The inverse of `Answer.to_json` (the retrieval evidence is not kept)."""
    citations = tuple(
        Citation(
            n=int(c["n"]),
            doc=str(c["doc"]),
            paragraph=int(c["paragraph"]),
            line=int(c["line"]),
            text=str(c["text"]),
            score=float(c["score"]),
            highlights=tuple((int(s), int(e)) for s, e in c["highlights"]),
            answer_span=(int(c["answer_span"][0]), int(c["answer_span"][1]))
            if c.get("answer_span")
            else None,
            also=tuple(Source(str(a["doc"]), int(a["paragraph"]), int(a["line"])) for a in c.get("also", ())),
            meta=DocumentMeta.from_json(c),
            speaker=Speaker.from_json(c["speaker"]) if c.get("speaker") else None,
            form=str(c.get("form") or ""),
            supports=bool(c.get("supports", True)),
        )
        for c in data["citations"]
    )
    resolved = data.get("resolved_question")
    return Answer(
        question=str(data["question"]),
        resolved_question=str(resolved) if resolved and resolved != data["question"] else None,
        text=str(data["answer"]),
        abstained=bool(data["abstained"]),
        confidence=float(data["confidence"]),
        citations=citations,
        evidence=Evidence(0.0, 0.0, filters=tuple(map(str, data.get("filters", ())))),  # for "what else?"
        verdict=str(data["verdict"]) if data.get("verdict") else None,
        unclear=str(data["unclear"]) if data.get("unclear") else None,
    )


def to_json(transcript: Transcript) -> dict[str, Any]:
    turns = []
    for turn in transcript.turns:
        answer = turn.answer.to_json(None)
        del answer["id"]
        turns.append(
            {"question": turn.question, "asked_at": turn.asked_at, "topic": turn.topic, "answer": answer}
        )
    return {"format": FORMAT, "version": VERSION, "corpus": transcript.corpus, "turns": turns}


def _finite(raw: str) -> float:
    """1e400 is valid JSON but no number the chat can show or save again."""
    value = float(raw)
    if not math.isfinite(value):
        raise ValueError(f"{raw[:20]} is not a finite number")
    return value


def _reject_constant(name: str) -> float:
    raise ValueError(f"{name} is not JSON")


def parse(raw: str) -> Transcript:
    """A saved transcript from its text; ValueError for anything that is not one, whatever is wrong."""
    try:
        return from_json(json.loads(raw, parse_float=_finite, parse_constant=_reject_constant))
    except (ValueError, KeyError, TypeError, OverflowError) as error:
        raise ValueError(str(error) or type(error).__name__) from error
    except RecursionError as error:
        raise ValueError("nested too deeply") from error


def _key(turn: Turn) -> tuple[str, str, str]:
    return (turn.asked_at, turn.question, turn.answer.text)


def from_json(data: Any) -> Transcript:
    """Parse a saved transcript; raises ValueError (or KeyError/TypeError) on anything malformed."""
    if not isinstance(data, dict) or data.get("format") != FORMAT or data.get("version") != VERSION:
        raise ValueError("not a qa transcript of a known version")
    turns = tuple(
        Turn(
            question=str(t["question"]),
            answer=answer_from_json(t["answer"]),
            asked_at=str(t["asked_at"]),
            topic=int(t.get("topic", 0)),
        )
        for t in data["turns"]
    )
    return Transcript(corpus=str(data["corpus"]), turns=turns)


class TranscriptFile:
    """The transcript of one corpus on disk; `save` may be called from any thread."""

    def __init__(self, corpus: Path, path: Path | None = None) -> None:
        self.corpus = corpus.resolve()
        self.path = path if path is not None else transcript_path(corpus)
        self._lock = threading.Lock()
        self._known: set[tuple[str, str, str]] = set()  # turns this chat loaded or saved

    def load(self, warn: Callable[[str], None]) -> Transcript:
        """The saved transcript, or an empty one; an unreadable file is moved aside, not lost."""
        empty = Transcript(corpus=str(self.corpus))
        try:
            raw = self.path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return empty
        except OSError as error:
            warn(f"could not read the saved chat {self.path}: {error.strerror or error}")
            return empty
        try:
            loaded = parse(raw)
        except ValueError as error:
            aside = self.path.with_name(f"{self.path.stem}.corrupt-{datetime.now(UTC):%Y%m%dT%H%M%S}.json")
            try:
                os.replace(self.path, aside)
            except OSError:
                warn(f"the saved chat {self.path} is unreadable ({error}); starting a new one")
                return empty
            warn(f"the saved chat was unreadable ({error}); moved it to {aside} and started a new one")
            return empty
        self._known |= {_key(turn) for turn in loaded.turns}
        return loaded

    def save(self, transcript: Transcript) -> None:
        """Write atomically (temp file, fsync, rename over), merged with the turns another chat saved.

        The folder is locked from reading the file to renaming the new one over it, so two
        chats saving at once each see the other's turns."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self._lock, locked_folder(self.path.parent):
            turns = (*self._others(), *transcript.turns)
            merged = replace(transcript, turns=tuple(sorted(turns, key=lambda turn: turn.asked_at)))
            write_atomic(self.path, json.dumps(to_json(merged), ensure_ascii=False, indent=1) + "\n")
            self._known |= {_key(turn) for turn in transcript.turns}

    def _others(self) -> tuple[Turn, ...]:
        """The turns on disk that this chat never saw: another chat on the same corpus saved them."""
        try:
            on_disk = parse(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return ()  # nothing there, or unreadable: `load` moves such a file aside
        return tuple(turn for turn in on_disk.turns if _key(turn) not in self._known)


def plain(text: str) -> str:
    """Corpus or typed text with control characters made visible, never passed to a terminal."""
    return visible(text)


def answer_markdown(answer: Answer) -> str:
    """One answer with its sources, as Markdown: what "copy the last answer" puts on the clipboard.

    Each source is a list item of its own, so every viewer shows them apart; paragraphs are
    numbered from 1, as the chat shows them (¶ 1 is a file's first paragraph)."""
    lines = [plain(answer.text), ""]
    if not answer.abstained:
        lines += [f"*Confidence {answer.confidence:.0%}*", ""]
    if answer.citations:
        heading = "Closest passages (not an answer):" if answer.abstained else "Sources:"
        lines += [heading, ""]
        for c in answer.citations:
            quote = " ".join(plain(c.text).split())
            lines.append(f"- [{c.n}] {visible_name(c.doc)} · {place(c.paragraph, c.line)}: “{quote}”")
    return "\n".join(lines).rstrip() + "\n"


NEW_TOPIC_MARKDOWN = "*New topic: the questions below are not follow-ups of those above.*"


def to_markdown(transcript: Transcript) -> str:
    title = Path(transcript.corpus).name or transcript.corpus
    parts = [f"# qa chat: {plain(title)}", "", f"Corpus: `{plain(transcript.corpus)}`", ""]
    for previous, turn in zip((None, *transcript.turns), transcript.turns, strict=False):
        if previous is not None and previous.topic != turn.topic:
            parts += ["---", "", NEW_TOPIC_MARKDOWN, ""]
        parts += [f"## {plain(turn.question)}", "", f"*Asked {turn.asked_at}*", ""]
        if turn.answer.resolved_question not in (None, turn.question, turn.answer.question):
            parts += [f"*Read as: {plain(turn.answer.resolved_question)}*", ""]
        parts.append(answer_markdown(turn.answer))
    if not transcript.turns:
        parts.append("*No questions asked yet.*\n")
    return "\n".join(parts)


def export_markdown(transcript: Transcript, folder: Path) -> Path:
    """Write the transcript as Markdown into `folder` under a new, timestamped name."""
    stem = "".join(ch if ch.isalnum() or ch in "-_" else "_" for ch in Path(transcript.corpus).name)[:40]
    path = folder / f"qa-chat-{stem or 'corpus'}-{datetime.now(UTC):%Y%m%d-%H%M%S}.md"
    counter = 1
    while path.exists():
        counter += 1
        path = path.with_name(f"{path.stem.rsplit('~', 1)[0]}~{counter}.md")
    write_atomic(path, to_markdown(transcript))
    return path
