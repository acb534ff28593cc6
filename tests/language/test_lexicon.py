"""The lexicon is data: consistent forms, no words of any one corpus."""

import ast
import re
from pathlib import Path

from qa.language import lexicon

QA = Path(__file__).resolve().parents[2] / "qa"


def test_every_speech_verb_has_its_forms():
    for verb in lexicon.SPEECH_VERBS:
        assert verb.lemma and verb.present.endswith("s") and verb.past, verb
        assert verb.present.startswith(verb.lemma[:3]) or verb.lemma in {"say"}, verb
    lemmas = [v.lemma for v in lexicon.SPEECH_VERBS]
    assert len(lemmas) == len(set(lemmas))
    assert {"say", "tell", "add", "announce", "warn", "insist", "claim", "post", "write", "tweet"} <= set(
        lemmas
    )


def test_pronouns_carry_gender_number_and_case():
    assert lexicon.PRONOUNS["she"].gender == "f" and not lexicon.PRONOUNS["she"].plural
    assert lexicon.PRONOUNS["they"].plural and lexicon.PRONOUNS["their"].cases == {"possessive"}
    assert {"he", "she", "they"} == lexicon.SUBJECT_PRONOUNS
    assert "it" in lexicon.STANDING_PRONOUNS and "it" not in lexicon.PERSONAL_PRONOUNS
    assert {"his", "her", "hers", "their"} == lexicon.POSSESSIVE_PRONOUNS


def test_titles_imply_gender_where_english_does():
    assert lexicon.TITLE_GENDER["mrs"] == "f" and lexicon.TITLE_GENDER["sir"] == "m"
    assert lexicon.TITLE_GENDER["dr"] == ""
    assert lexicon.GIVEN_NAME_TITLES <= lexicon.TITLES and lexicon.COURTESY_TITLES <= lexicon.TITLES


def _lexicon_words() -> set[str]:
    found: set[str] = set()
    for value in vars(lexicon).values():
        if isinstance(value, (frozenset, set, tuple, list)):
            found |= {w for item in value if isinstance(item, str) for w in item.split()}
            found |= {
                f
                for item in value
                if isinstance(item, lexicon.SpeechVerb)
                for f in (item.lemma, item.present, item.past)
            }
        elif isinstance(value, dict):
            found |= {w for k in value for w in str(k).split()}
    return found


# Function words may shape a grammar pattern anywhere; the lexicon's content words may not be listed again.
LEXICON = _lexicon_words() - lexicon.STOPWORDS


def _words_of(node: ast.AST) -> list[str]:
    """The bare words of a literal collection, a `"...".split()` list or a regex alternation."""
    if isinstance(node, (ast.Set, ast.Tuple, ast.List)):
        items = [e.value for e in node.elts if isinstance(e, ast.Constant) and isinstance(e.value, str)]
        return items if len(items) == len(node.elts) else []
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "split":
        target = node.func.value
        return (
            target.value.split() if isinstance(target, ast.Constant) and isinstance(target.value, str) else []
        )
    if isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value.count("|") >= 4:
        return [w for w in re.split(r"[|()?:\\\s]+", node.value) if re.fullmatch(r"[a-z’']+", w)]
    return []


def _duplicated_lists(path: Path) -> list[int]:
    """Lines where five or more words, most of them the lexicon's, are written out again."""
    lines = []
    for node in ast.walk(ast.parse(path.read_text())):
        words = _words_of(node)
        if len(words) >= 5 and sum(w in LEXICON for w in words) >= 0.6 * len(words):
            lines.append(getattr(node, "lineno", 0))
    return lines


def test_english_word_lists_live_only_in_the_lexicon():
    offenders = {
        str(path.relative_to(QA)): lines
        for path in sorted(QA.rglob("*.py"))
        if path.name != "lexicon.py" and (lines := _duplicated_lists(path))
    }
    assert offenders == {}
