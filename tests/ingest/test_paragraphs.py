from hypothesis import given
from hypothesis import strategies as st

from qa.ingest.paragraphs import split_paragraphs


def test_one_paragraph_per_line_without_blank_lines():
    text = "First line.\nSecond line.\n\nignored? no\n"
    # a blank line exists, so blocks are used
    assert [p.text for p in split_paragraphs("d", text)] == ["First line.\nSecond line.", "ignored? no"]


def test_lines_mode_keeps_line_numbers_and_offsets():
    text = "Alpha.\nBeta gamma.\n  Delta.  \n"
    paragraphs = split_paragraphs("doc.txt", text)
    assert [(p.index, p.line, p.text) for p in paragraphs] == [
        (0, 1, "Alpha."),
        (1, 2, "Beta gamma."),
        (2, 3, "Delta."),
    ]
    for p in paragraphs:
        assert text[p.start : p.start + len(p.text)] == p.text


def test_blocks_mode_starts_at_first_line_of_block():
    text = "\n\nTitle\n\nPara one\ncontinues here.\n\n\nPara two.\n"
    paragraphs = split_paragraphs("doc.md", text)
    assert [(p.line, p.text) for p in paragraphs] == [
        (3, "Title"),
        (5, "Para one\ncontinues here."),
        (9, "Para two."),
    ]


def test_default_corpus_file_has_one_paragraph_per_line(corpus_copy):
    path = corpus_copy / "003_76f546fea674f369.txt"
    text = path.read_text(encoding="utf-8")
    paragraphs = split_paragraphs(path.name, text)
    lines = text.splitlines()
    assert len(paragraphs) == len([line for line in lines if line.strip()])
    for p in paragraphs:
        assert lines[p.line - 1].strip() == p.text


@given(st.lists(st.sampled_from(["word", "Other words.", "", "  ", "x\ty", "é ‘quote’"]), max_size=30))
def test_paragraph_offsets_always_map_back_to_the_text(parts):
    text = "\n".join(parts)
    paragraphs = split_paragraphs("d", text)
    assert [p.index for p in paragraphs] == list(range(len(paragraphs)))
    for p in paragraphs:
        assert p.text and p.text == p.text.strip()
        assert text[p.start : p.start + len(p.text)] == p.text
        assert text.split("\n")[p.line - 1].strip() == p.text.split("\n")[0].strip()
