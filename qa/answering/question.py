"""What a question asks for, read without a language model.

The terms go to BM25 and the highlighter; the names (capitalised words the corpus
must contain for an answer to exist) feed abstention; the kind picks the span a
highlight should narrow to, and the entity types that answer it are read in
qa.answering.expects.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from dataclasses import dataclass

from qa.answering.expects import ROLE_NOUNS, expected
from qa.answering.filters import NO_FILTERS, Filters, split
from qa.answering.sources import asked_source
from qa.errors import QuestionError
from qa.language.lexicon import (
    ANSWER_NOUNS,
    AUDIENCE_VERBS,
    MENTION_AUXILIARIES,
    MENTION_PHRASES,
    OPINION_VERBS,
    QUESTION_WORDS,
    SETTING_PREPOSITIONS,
    SPEECH_VERBS,
    STANDING_PRONOUNS,
    STOPWORDS,
    TOPIC_MARKERS,
)
from qa.language.text import NUMBER, tokens, unpossessive

MAX_QUESTION_CHARS = 2000

# "What did X <verb>?" asks for X's words: every form of the verbs that do.
_SAY = "|".join(
    [form for verb in SPEECH_VERBS if verb.asks_words for form in (verb.lemma, verb.present, verb.past)]
    + [form for verb in OPINION_VERBS for form in (verb.lemma, verb.present)]
)
_TIME_NOUNS = [noun for noun, types in ANSWER_NOUNS.items() if types[0] in {"date", "time"}]
_KINDS = (
    ("quote", re.compile(rf"\b(?:what|how)\b.*\b(?:{_SAY})\b", re.I)),
    ("who", re.compile(r"^\s*(?:(?:to|from|with|by|for|against|of)\s+)?(?:who|whom|whose)\b", re.I)),
    ("how_much", re.compile(r"\bhow\s+(?:much|big|large|expensive)\b|\bworth\b|\bcost\b", re.I)),
    ("how_many", re.compile(r"\bhow\s+many\b|\bnumber of\b|\bpercent(?:age)?\b", re.I)),
    ("when", re.compile(rf"^\s*(?:when|what\s+(?:{'|'.join(_TIME_NOUNS)}))\b", re.I)),
    ("where", re.compile(r"^\s*where\b", re.I)),
)


# "According to Rightmove, what was ...?": who reports it, not what is asked.
_SOURCE_LEAD = re.compile(r"^\s*according\s+to\s+[^,?]+,\s*", re.I)
_FIGURE_OPENING = re.compile(r"^\s*how\s+(?:much|many)\b", re.I)


def _kind(text: str) -> str:
    """The first kind whose pattern the question meets; "How many ... did X say ...?" asks for a figure,
    and so does "By what score did Egypt beat Belgium in the friendly mentioned ...?"."""
    words = _FIGURE_OPENING.match(text) is None and _verb_asks_words(text)
    kinds = [(name, pattern) for name, pattern in _KINDS if words or name != "quote"]
    return next((name for name, pattern in kinds if pattern.search(text)), "other")


# After "did"/"does" the verb of speech that asks for words is bare ("What did X say?"); a past
# form there belongs to a clause of its own ("the friendly mentioned in Mido's apology").
_SAY_PAST = frozenset(
    verb.past for verb in (*SPEECH_VERBS, *OPINION_VERBS) if verb.asks_words and verb.past != verb.lemma
)
_SAY_FORM = re.compile(rf"\b(?:{_SAY})\b", re.I)
_DO = re.compile(r"\b(?:did|does|do)\b", re.I)
_HAVE_OR_BE = re.compile(r"\b(?:has|have|had|is|was|were|are|been)\b", re.I)


_WHO_IS = re.compile(r"^\s*who\s+(?:is|was|are|were)\s+(?P<rest>.+)$", re.I)


def asked_role(query: Query) -> str | None:
    """The role of "Who is Marat Safin's coach?" or "Who is the chief executive of Ryanair?": its
    first run of role words ("coach", "chief executive"), or None when it asks for no one by role."""
    asking = _WHO_IS.match(query.text)
    if asking is None:
        return None
    words = [t.surface.lower() for t in tokens(asking.group("rest"))]
    first = next((i for i, word in enumerate(words) if word in ROLE_NOUNS), None)
    if first is None:
        return None
    run = itertools.takewhile(lambda word: word in ROLE_NOUNS, words[first:])
    return " ".join(run)


def _verb_asks_words(text: str) -> bool:
    for found in _SAY_FORM.finditer(text):
        before = text[: found.start()]
        if found.group().lower() not in _SAY_PAST or not _DO.search(before) or _HAVE_OR_BE.search(before):
            return True
    return False


_QUOTED_PERSON = re.compile(
    r"^\s*(?:what|how)\s+(?:did|does|do|has|have|had|is|was)\s+(?P<who>.+?)\s+"
    rf"(?P<verb>{_SAY})\b(?P<rest>.*)$",
    re.IGNORECASE,
)


# "Did X mention Y?", "Has X said anything about Y?": a yes or no about X's words.
_MENTION = re.compile(
    rf"^\s*(?:{'|'.join(MENTION_AUXILIARIES)})\s+(?P<who>.+?)\s+(?:ever\s+)?"
    rf"(?:{'|'.join(sorted(MENTION_PHRASES, key=len, reverse=True))})\s+(?P<what>.+?)\s*[?.!]*\s*$",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class Query:
    text: str
    kind: str
    terms: tuple[str, ...]
    names: tuple[tuple[str, str], ...]  # (as typed, index term)
    speaker: str | None = None  # "what did X say (about Y)?": X as typed
    topic: tuple[str, ...] = ()  # and Y's terms
    focus: tuple[str, str] | None = None  # what "how many" counts: ("civilians", "civilian")
    filters: Filters = NO_FILTERS  # `source:metro since:2024-09 ...`, typed or given (qa.answering.filters)
    asked: str = ""  # the question as typed (cleaned), filters included; `text` is without them
    expects: tuple[str, ...] = ()  # the entity types an answer is (qa.attribution.entities), best first
    mention: str | None = None  # "did X mention Y?": Y as typed; the answer is a yes or a no
    figures: tuple[str, ...] = ()  # the years and numbers it names ("2022"): an answer's passage holds them
    topic_name: str | None = None  # "what did X say about Y?" with Y a name ("Putin"): Y as typed
    age: bool = False  # "How old is X?": the date or count asked for is written as an age
    source: str | None = None  # whose figure it asks for: "according to Demos" (qa.answering.sources)
    local: bool = False  # "Which city ...?": the place asked for is inside a country, never a country


# A colour code or window title pasted with the question (CSI and OSC sequences), dropped whole.
_TERMINAL_ESCAPE = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?")


def clean(question: str) -> str:
    """Drop terminal escapes, control and format characters (zero-width) and fold white space.

    Format characters vanish without a space, so "Sulli\u200bvan" is still one word."""
    kept = "".join(
        ("" if unicodedata.category(c) == "Cf" else " ")
        if unicodedata.category(c) in {"Cc", "Cf", "Zl", "Zp"} and c not in "\u200d"
        else c
        for c in _TERMINAL_ESCAPE.sub(" ", question)
    )
    return " ".join(kept.split())


def analyse(question: str, filters: Filters = NO_FILTERS) -> Query:
    """Read a question; `key:value` filters in it join `filters` (a malformed one is a QuestionError)."""
    whole = clean(question)
    if not whole:
        raise QuestionError("empty question")
    if len(whole) > MAX_QUESTION_CHARS:
        raise QuestionError(
            f"question is {len(whole):,} characters long; the limit is {MAX_QUESTION_CHARS:,}"
        )
    text, typed = split(whole)
    filters = filters + typed
    if not text:
        raise QuestionError(f"only filters ({typed}) and no question")
    polar = _MENTION.match(text)
    asking = _SOURCE_LEAD.sub("", text)  # "According to X, what ...?" asks what follows
    wanted = expected(asking, text, "quote" if polar else _kind(asking))
    kind, expects = wanted.kind, wanted.types
    content = [t for t in tokens(text) if t.surface.lower() not in QUESTION_WORDS]
    # Of "did X mention Y?" only X must be in the corpus: a Y it never names is a plain "No".
    named = [t for t in content if polar is None or t.start < polar.end("who")]
    names = tuple((t.surface, t.term) for t in named if _looks_like_name(t.surface, first=t.start == 0))
    asked = _QUOTED_PERSON.match(text) if kind == "quote" and polar is None else None
    who = polar or asked
    speaker = who.group("who").strip() if who else None
    if (
        kind == "quote"
        and len(filters.speakers) == 1
        and (speaker is None or speaker.lower() in STANDING_PRONOUNS)
    ):
        speaker = filters.speakers[0]  # "What did he say? speaker:Sharpe": the filter names him
    about = polar.group("what") if polar else _topic(asked) if asked else ""
    about_words = tokens(about)
    topic = tuple(t.term for t in about_words if t.surface.lower() not in QUESTION_WORDS)
    standing = speaker is None or speaker.lower() in STANDING_PRONOUNS  # "did he mention Y?": who is he?
    mention = about if polar and not standing and topic else None
    focused = _FOCUS.search(text)
    focus_tokens = tokens(focused.group("what")) if focused else []
    focus = (focus_tokens[0].surface, focus_tokens[0].term) if focus_tokens else None
    terms = tuple(t.term for t in content)
    figures = tuple(dict.fromkeys(t.term for t in named if NUMBER.fullmatch(t.term)))
    names_only = bool(about_words) and all(_looks_like_name(t.surface, first=False) for t in about_words)
    topic_name = about.strip(" ?.!") if asked and names_only else None
    return Query(
        text,
        kind,
        terms,
        names,
        speaker,
        topic,
        focus,
        filters,
        whole,
        expects=expects,
        mention=mention,
        figures=figures,
        topic_name=topic_name,
        age=wanted.age,
        source=asked_source(text) if kind != "quote" and expects else None,
        local=wanted.local,
    )


_FOCUS = re.compile(
    r"^\s*how\s+many\s+(?P<what>[a-z][\w-]*)(?=\s+(?:have|has|had|are|is|were|was|did|do|does|will)\b)", re.I
)


_ABOUT = re.compile(rf"\b(?:{'|'.join(TOPIC_MARKERS)})\b", re.I)
_SETTING = re.compile(rf"^\s*(?:{'|'.join(SETTING_PREPOSITIONS)})\b", re.I)


def _topic(asked: re.Match[str]) -> str:
    """What "what did X say ..." is about, without its audience or medium.

    "tell reporters", "post on X", "tell the UN Security Council" name who heard it,
    not what it was about; "about Y" marks the topic when there is one.
    """
    rest = asked.group("rest")
    about = _ABOUT.search(rest)
    if about is not None:
        return rest[about.end() :]
    if asked.group("verb").lower() in AUDIENCE_VERBS or _SETTING.match(rest):
        return ""
    return rest


def _looks_like_name(word: str, first: bool) -> bool:
    """Capitalised or an acronym: what a reader types for people, places and organisations.

    The question's first word is capitalised anyway, so there only an acronym counts.
    """
    base = unpossessive(word)  # "(V&)A's" is one letter: no name to look for
    if len(base) < 2 or base.lower() in STOPWORDS:
        return False
    acronym = word.rstrip("'’s").isupper()
    return acronym or (word[:1].isupper() and not first)
