"""`qa ask --continue`: the command line's conversation, kept as the chat keeps its own.

Every `qa ask` is saved as a `Turn` of a transcript (`qa.transcript`), under its own name
beside the chat's (`<corpus key>.ask.json` in the data dir): a plain `qa ask` starts a new
topic, `--continue` adds a turn to the last one. The follow-up context is the chat's
`Conversation`, rebuilt by reading the topic's turns again in order, so a question is read
the same way on the command line as in the chat.
"""

from __future__ import annotations

from pathlib import Path

from qa.answering.answer import Answer
from qa.answering.conversation import Conversation
from qa.answering.filters import split
from qa.paths import corpus_key, data_dir
from qa.transcript import Transcript, TranscriptFile, Turn, now

KEPT_TURNS = 50  # older turns are dropped: only the last topic is ever read again


def ask_file(corpus: Path) -> TranscriptFile:
    return TranscriptFile(corpus, data_dir() / "transcripts" / f"{corpus_key(corpus)}.ask.json")


def last_topic(transcript: Transcript) -> int | None:
    return transcript.turns[-1].topic if transcript.turns else None


def conversation_of(transcript: Transcript) -> Conversation:
    """The conversation after the last topic's turns, as the chat held it when they were asked."""
    topic = last_topic(transcript)
    conversation = Conversation()
    for turn in transcript.turns:
        if turn.topic != topic:
            continue
        text, _ = split(turn.question)  # filters typed with a question held for that turn only
        conversation = conversation.after(conversation.read(text), turn.answer)
    return conversation


def remembered(transcript: Transcript, answer: Answer, *, continued: bool) -> Transcript:
    """The transcript with `answer` added: to the last topic when continued, else as a new one."""
    topic = last_topic(transcript)
    if topic is None:
        topic = 0
    elif not continued:
        topic += 1
    turns = (*transcript.turns, Turn(answer.question, answer, now(), topic))
    return Transcript(transcript.corpus, turns[-KEPT_TURNS:])
