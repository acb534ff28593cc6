"""Defaults for every verb: corpus, index folder, k and model, from flags, env, or qa.toml.

Each setting is taken from the first place that has it:

    1. the command-line flag (--corpus, --index, -k, --model, --milvus)
    2. the environment: QA_CORPUS, QA_INDEX, QA_K, QA_MODEL, QA_MILVUS
    3. ./qa.toml (the current folder)
    4. qa.toml in the user config dir (QA_CONFIG_DIR overrides it)
    5. the built-in default (./corpus, an index per corpus in the cache dir, k 5, the bundled model)

A path in a qa.toml is relative to the folder that file is in, so a project's qa.toml
works from anywhere; a path in the environment or a flag is relative to the current
folder, as a shell user expects. A bad file or value is a ConfigError (exit 2) naming
where it came from, so a typo is never silently ignored.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from qa.errors import ConfigError
from qa.paths import config_dir

FILE_NAME = "qa.toml"
KEYS = ("corpus", "index", "k", "model", "milvus")
ENV = {"corpus": "QA_CORPUS", "index": "QA_INDEX", "k": "QA_K", "model": "QA_MODEL", "milvus": "QA_MILVUS"}
DEFAULT_CORPUS = Path("corpus")
DEFAULT_K = 5  # passages cited per answer
MAX_K = 100  # more would bury the answer and slow every question


@dataclass(frozen=True)
class Settings:
    """The resolved defaults, and where each came from (for `qa doctor` and error messages)."""

    corpus: Path
    index_dir: Path | None
    k: int
    model: Path | None
    origins: Mapping[str, str] = field(default_factory=dict)
    milvus: str | None = None  # a milvus-lite .db path or a server's http(s) URI; None: the index folder

    def origin(self, key: str) -> str:
        return self.origins.get(key, "default")


@dataclass(frozen=True)
class _Layer:
    """The values one place supplies, with the folder relative paths are taken from."""

    name: str
    values: Mapping[str, Any]
    base: Path


def check_k(value: object, where: str) -> int:
    """A k between 1 and MAX_K; accepts an int or (from the environment) its decimal text."""
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise ConfigError(f"{where}: k must be a whole number, not {value!r}")
    try:
        k = int(value)
    except ValueError:
        raise ConfigError(f"{where}: k must be a whole number, not {value!r}") from None
    if not 1 <= k <= MAX_K:
        raise ConfigError(f"{where}: k must be between 1 and {MAX_K}, not {k}")
    return k


def _path(value: object, base: Path, where: str) -> Path:
    if not isinstance(value, str) or not value.strip():
        raise ConfigError(f"{where}: must be a folder path (a non-empty string), not {value!r}")
    path = Path(value).expanduser()
    return path if path.is_absolute() else base / path


def _milvus(value: object, base: Path, where: str) -> str:
    """A server address as given; a milvus-lite file relative to the place that named it."""
    if not isinstance(value, str) or not value.strip():
        raise ConfigError(f"{where}: must be a .db path or an http(s):// address, not {value!r}")
    return value if "://" in value else str(_path(value, base, where))


def read_file(path: Path) -> dict[str, Any] | None:
    """The settings in one qa.toml, None when there is no such file."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as error:
        raise ConfigError(f"cannot read {path}: {error.strerror}") from error
    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise ConfigError(f"{path} is not valid TOML: {error}") from error
    unknown = sorted(set(data) - set(KEYS))
    if unknown:
        raise ConfigError(f"{path}: unknown key {unknown[0]!r} (known: {', '.join(KEYS)})")
    return data


def _layers(environ: Mapping[str, str], cwd: Path) -> list[_Layer]:
    env = {key: environ[name] for key, name in ENV.items() if environ.get(name)}
    layers = [_Layer("environment", env, cwd)]
    for folder in (cwd, config_dir()):
        path = folder / FILE_NAME
        data = read_file(path)
        if data is not None:
            layers.append(_Layer(str(path), data, path.parent))
    return layers


def _one_index_place(given: dict[str, Any], origins: dict[str, str], nearest_first: list[str]) -> None:
    """An index lives in a folder or in Milvus: the nearer layer's choice wins; one layer may not give both."""
    if "index" not in given or "milvus" not in given:
        return
    if origins["index"] == origins["milvus"]:
        named = (
            "--index and --milvus"
            if origins["index"] == "command line"
            else f"{origins['index']}: index and milvus"
        )
        raise ConfigError(f"{named} both given: an index lives in a folder or in Milvus, name one")
    farther = max(("index", "milvus"), key=lambda key: nearest_first.index(origins[key]))
    del given[farther], origins[farther]


def resolve(
    flags: Mapping[str, Any],
    environ: Mapping[str, str] | None = None,
    cwd: Path | None = None,
) -> Settings:
    """Settings from `flags` (None = not given), then the environment, then the qa.toml files."""
    environ = os.environ if environ is None else environ
    cwd = Path.cwd() if cwd is None else cwd
    given: dict[str, Any] = {}
    origins: dict[str, str] = {}
    for key in KEYS:
        if flags.get(key) is not None:
            given[key] = flags[key]
            origins[key] = "command line"
    layers = _layers(environ, cwd)
    for layer in layers:
        for key in KEYS:
            if key in given or key not in layer.values:
                continue
            value = layer.values[key]
            where = ENV[key] if layer.name == "environment" else f"{layer.name}: {key}"
            if key == "k":
                given[key] = check_k(value, where)
            elif key == "milvus":
                given[key] = _milvus(value, layer.base, where)
            else:
                given[key] = _path(value, layer.base, where)
            origins[key] = layer.name
    _one_index_place(given, origins, ["command line", *(layer.name for layer in layers)])
    return Settings(
        corpus=given.get("corpus", DEFAULT_CORPUS),
        index_dir=given.get("index"),
        k=given.get("k", DEFAULT_K),
        model=given.get("model"),
        origins=origins,
        milvus=given.get("milvus"),
    )
