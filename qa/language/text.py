"""The one tokenizer shared by BM25, question analysis and highlighting.

Terms are lower-cased Snowball stems, so "surrendered" in a question finds
"surrender" in a passage in both the lexical index and the highlighter. Each token
keeps its character span, which is what lets a highlight point back into the text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from qa.language.lexicon import ABBREVIATIONS, STOPWORDS

# Numbers keep their inner separators ("2.5", "800,000"); words keep inner apostrophes.
_NUMBER = r"\d+(?:[.,:]\d+)*"
NUMBER = re.compile(_NUMBER)  # a number as a token: "2022", "1,152", "1.35"
_TOKEN = re.compile(rf"{_NUMBER}|[^\W\d_]+(?:['’][^\W\d_]+)*|\w+")
YEAR = re.compile(r"\b(?:1[89]|20)\d\d\b")  # a year as news writes one: "1998", "2005"
# An age as news writes one: "the 45-year-old", "87 years old", "aged 45", "at the age of 87",
# or a bare number set off after a name: "Luke Tomlinson, 27, a friend".
AGE = re.compile(
    r"\b\d{1,3}(?:-year-old|\s+years?\s+old)\b|\b(?:aged|age\s+of)\s+\d{1,3}\b|(?<=, )\d{1,3}(?=,)|(?<=\()\d{1,3}(?=\))"
)
# A match's score as sport news writes one: "4-0", "27-22", a tennis match's sets "7-5 6-0";
# with a hyphen or, as typeset text has it, an en dash ("23–16").
SCORE = re.compile(r"(?<![\d.,–-])\d{1,3}[–-]\d{1,3}(?:,?\s+\d{1,2}[–-]\d{1,2})*(?![\d–-])")
_SENTENCE_END = re.compile(r"(?<=[.!?…])[\"'”’)\]]*\s+(?=[\"'“‘(\[]?[A-Z0-9])")
_ABBREVIATION = re.compile(rf"(?:\b(?:{'|'.join(ABBREVIATIONS)})|\b[A-Z])\.$")
# How far back an abbreviation can start from a sentence end: searching only that far keeps
# splitting linear (searching from 0 made a 1 MB paragraph take minutes). `\b` still sees the
# character before the window.
_ABBREVIATION_REACH = max(map(len, ABBREVIATIONS)) + 1


@dataclass(frozen=True, slots=True)
class Token:
    term: str
    start: int
    end: int
    surface: str


@lru_cache(maxsize=1)
def _stemmer() -> object:
    import Stemmer  # PyStemmer: C Snowball, imports in under a millisecond

    return Stemmer.Stemmer("english")


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    return str(_stemmer().stemWord(word))  # type: ignore[attr-defined]


def normalise(word: str) -> str:
    return word.lower().replace("’", "'")


def _term(surface: str, keep_stopwords: bool = False) -> str | None:
    """A word's index term (lower-cased, possessive dropped, stemmed); None for a stopword."""
    word = normalise(surface)
    if not keep_stopwords and word in STOPWORDS:
        return None
    return stem(word[:-2] if word.endswith("'s") else word)


def tokens(text: str, *, keep_stopwords: bool = False) -> list[Token]:
    """Tokens with spans; stopwords dropped unless asked for."""
    out: list[Token] = []
    for match in _TOKEN.finditer(text):
        term = _term(match.group(), keep_stopwords)
        if term is not None:
            out.append(Token(term, match.start(), match.end(), match.group()))
    return out


def term_set(text: str) -> set[str]:
    """The distinct terms of `tokens(text)`, without building tokens: what coverage asks of ~100 passages."""
    return {term for surface in _TOKEN.findall(text) if (term := _term(surface)) is not None}


def terms(text: str) -> list[str]:
    """The index terms of a text, in order (what BM25 sees)."""
    return [token.term for token in tokens(text)]


def unpossessive(word: str) -> str:
    """The word without a trailing possessive: "Russia's" -> "Russia"."""
    return word.removesuffix("’s").removesuffix("'s")


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Sentence boundaries as character spans, trimmed of surrounding white space."""
    spans: list[tuple[int, int]] = []
    start = 0
    for match in _SENTENCE_END.finditer(text):
        if _ABBREVIATION.search(text, max(0, match.start() - _ABBREVIATION_REACH), match.start()):
            continue
        end = match.start() + len(match.group().rstrip())
        spans.append((start, end))
        start = match.end()
    if start < len(text):
        spans.append((start, len(text.rstrip())))
    return [(s, e) for s, e in spans if e > s]


def visible(text: str) -> str:
    """Control characters (terminal escapes among them) as their Unicode pictures, one for one.

    Offsets into the text stay valid, and an article can never drive the terminal.
    """
    return text.translate(_CONTROL_PICTURES)


def visible_name(name: str) -> str:
    """A file name (or a one-line message quoting one) as a person reads it: every control character,
    newline and tab too, as its picture; C1 controls and bidirectional overrides as escapes.

    A name holding "\\nadded\\tfake.txt" would otherwise print a line for a file that does not exist."""
    return name.translate(_NAME_PICTURES)


_CONTROL_PICTURES = {code: 0x2400 + code for code in range(0x20) if code not in (0x0A, 0x09)} | {0x7F: 0x2421}
_NAME_PICTURES: dict[int, int | str] = {
    **_CONTROL_PICTURES,
    0x0A: 0x2424,
    0x09: 0x2409,
    **{code: f"\\x{code:02x}" for code in range(0x80, 0xA0)},
    **{code: f"\\u{code:04x}" for code in (*range(0x202A, 0x202F), *range(0x2066, 0x206A))},
}
