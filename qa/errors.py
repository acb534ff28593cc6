"""One error hierarchy for the engine; the command line maps each to an exit code.

Exit codes (documented in the README):
  0  success
  1  a failure the user can act on (corpus, index, model, a batch with bad lines)
  2  usage errors (bad arguments, unreadable input file, an index of another corpus, a bad qa.toml or QA_* value)
  3  declined: the corpus does not hold the answer (only with --fail-on-decline)
  130 interrupted (Ctrl-C); nothing already written is lost
"""

from __future__ import annotations

EXIT_OK = 0
EXIT_FAILURE = 1
EXIT_USAGE = 2
EXIT_DECLINED = 3  # only with --fail-on-decline: the corpus did not hold the answer
EXIT_INTERRUPTED = 130


class QAError(Exception):
    """A failure with a message fit to show a person as one line."""

    exit_code = EXIT_FAILURE


class UsageError(QAError):
    """The call itself is wrong: a missing file argument, a bad option value."""

    exit_code = EXIT_USAGE


class ConfigError(UsageError):
    """A qa.toml or QA_* environment variable holds a value qa cannot use; the message names it."""


class CorpusError(QAError):
    """The corpus folder is missing, empty, or holds nothing readable."""


class IndexStoreError(QAError):
    """The index on disk is unusable: corrupt, another format, another model."""


class OtherCorpus(UsageError):
    """The index folder holds the index of another corpus: qa will not replace it unasked."""


class IndexUnavailable(QAError):
    """The index cannot be reached (a Milvus server that does not answer, a milvus-lite file another
    process holds, a file that is no milvus-lite database); unlike a damaged index, no rebuild mends it."""


class ModelError(QAError):
    """The embedding model cannot be loaded from the given local path."""


class FrozenError(QAError):
    """`qa batch --frozen` refused: the index is stale, or differs from the run it must repeat."""


class QuestionError(QAError):
    """One question is unusable (empty, too long); a batch reports it and goes on."""


class Cancelled(QAError):
    """An operation stopped because its cancel event was set."""

    exit_code = EXIT_INTERRUPTED
