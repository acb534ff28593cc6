"""Properties that must hold for any input: paragraph splitting, highlight offsets, the batch reader."""

import json
import math

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from qa.cli.batchfile import read_items
from qa.ingest.corpus import decode
from qa.ingest.paragraphs import split_paragraphs

FAST = settings(max_examples=150, deadline=None)

# Lines as articles have them, plus the awkward: blanks, white space of every kind, control
# characters, other scripts, emoji, and line ends of every OS.
_piece = st.one_of(
    st.sampled_from(
        ["Word", "the harbour", "  ", "\t", "\u00a0", "\u2028", "\x0c", "é ‘quote’", "🎉", "—", ""]
    ),
    st.text(max_size=12),
)
_line_end = st.sampled_from(["\n", "\r\n", "\r", "\n\n", "\n \n", "\r\n\r\n"])


@st.composite
def article_bytes(draw: st.DrawFn) -> bytes:
    parts = draw(st.lists(st.tuples(_piece, _line_end), max_size=25))
    text = "".join(piece + end for piece, end in parts)
    bom = draw(st.booleans())
    return (b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8", "surrogatepass")


@FAST
@given(article_bytes())
def test_paragraphs_cover_every_line_once_and_map_back_to_the_file(data):
    warned: list[str] = []
    text = decode(data, "doc.txt", warned.append)
    paragraphs = split_paragraphs("doc.txt", text)
    lines = text.split("\n")
    assert [p.index for p in paragraphs] == list(range(len(paragraphs)))
    covered: list[int] = []
    previous_end = -1
    for p in paragraphs:
        assert p.text and p.text == p.text.strip()
        assert text[p.start : p.start + len(p.text)] == p.text  # offsets refer to the decoded file
        assert p.start > previous_end  # in order, never overlapping
        previous_end = p.start + len(p.text)
        assert p.line == text.count("\n", 0, p.start) + 1  # the line an editor opens at
        assert lines[p.line - 1].strip() == p.text.split("\n")[0].strip()
        covered.extend(range(p.line, p.line + p.text.count("\n") + 1))
    non_blank = [number for number, line in enumerate(lines, start=1) if line.strip()]
    assert sorted(covered) == sorted(set(covered))  # no line in two paragraphs
    assert set(non_blank) <= set(covered)  # nothing with text is lost


_question_words = st.sampled_from(
    "What did Sullivan say about the cluster munitions aid package worth Ukraine Russia Macron "
    "who when how much many Defence Secretary Wallace Labour GDP $800 million".split()
)
_question = st.one_of(
    st.lists(_question_words, min_size=1, max_size=8).map(" ".join).map(lambda q: q + "?"),
    st.text(min_size=1, max_size=40),
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(questions=st.lists(_question, min_size=1, max_size=4))
def test_highlights_are_inside_the_citation_and_the_citation_is_in_the_file(default_engine, questions):
    results = default_engine.ask_many(questions, k=3)
    assert len(results) == len(questions)
    for result in results:
        if isinstance(result, Exception):
            assert str(result)  # an empty question: a message, not a crash
            continue
        for citation in result.citations:
            spans = list(citation.highlights)
            for start, end in spans:
                assert 0 <= start < end <= len(citation.text)
            assert spans == sorted(spans)
            paragraph = default_engine.document(citation.doc)[citation.paragraph]
            assert (paragraph.text, paragraph.line) == (citation.text, citation.line)
            source = (default_engine.corpus / citation.doc).read_bytes()
            text = decode(source, citation.doc, lambda _: None)
            assert text[paragraph.start : paragraph.start + len(citation.text)] == citation.text


_json_value = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3),
    max_leaves=6,
)
_record = st.fixed_dictionaries(
    {},
    optional={"id": _json_value, "question": st.one_of(st.text(max_size=30), _json_value), "x": _json_value},
)
_batch_line = st.one_of(
    st.text(max_size=40),
    _record.map(json.dumps),
    st.text(max_size=20).map(lambda t: "{" + t),
    st.just('{"question": ' + "[" * 3000 + "]" * 3000 + "}"),
)


@FAST
@given(st.lists(_batch_line, max_size=20))
def test_the_batch_reader_gives_one_usable_item_per_non_blank_line(lines):
    raw_lines = [line.replace("\n", " ").replace("\r", " ") + "\n" for line in lines]
    items = list(read_items(raw_lines))
    expected = [n for n, line in enumerate(raw_lines, start=1) if line.strip().lstrip("\ufeff")]
    assert [item.line for item in items] == expected  # in order, nothing dropped, nothing invented
    for item in items:
        assert (item.question is None) != (item.error is None)
        if item.error is not None:
            assert item.error.startswith(f"line {item.line}:")
        # Whatever came in, the row written for it is strict JSON that UTF-8 can carry.
        row = {"id": item.id, "question": item.question, "error": item.error}
        encoded = json.dumps(row, ensure_ascii=False, allow_nan=False).encode("utf-8")
        assert json.loads(encoded) == row
        assert not isinstance(item.id, float) or math.isfinite(item.id)


@FAST
@given(
    identifier=st.one_of(
        st.integers(), st.text(max_size=10), st.floats(allow_nan=False, allow_infinity=False)
    ),
    question=st.text(min_size=1, max_size=40).filter(lambda q: q.strip()),
)
def test_a_well_formed_json_line_round_trips(identifier, question):
    line = json.dumps({"id": identifier, "question": question})
    (item,) = read_items([line])
    assert (item.line, item.id, item.question, item.error) == (1, identifier, question, None)
