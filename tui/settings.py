"""What the chat remembers between runs besides the transcript: the theme chosen in the palette.

Kept as a small JSON file in the data folder beside the transcripts; a missing or unreadable
file, or a theme this Textual no longer has, means the default theme, never an error.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Container
from pathlib import Path

from textual.app import App
from textual.theme import Theme

from qa.files import write_atomic
from qa.paths import data_dir


def settings_path() -> Path:
    return data_dir() / "chat-settings.json"


def load_theme(known: Container[str]) -> str | None:
    """The theme saved last, if it is still one of `known`."""
    try:
        theme = json.loads(settings_path().read_text(encoding="utf-8")).get("theme")
    except (OSError, ValueError, AttributeError):
        return None
    return theme if isinstance(theme, str) and theme in known else None


def save_theme(theme: str) -> None:
    """Remember `theme`; failing to is not worth interrupting the chat for."""
    with contextlib.suppress(OSError):
        write_atomic(settings_path(), json.dumps({"theme": theme}) + "\n")


def keep_theme(app: App[None]) -> None:
    """Start `app` in the theme saved last, and save every theme chosen from now on."""
    theme = load_theme(app.available_themes)
    if theme is not None:
        app.theme = theme

    def chosen(theme: Theme) -> None:
        save_theme(theme.name)

    app.theme_changed_signal.subscribe(app, chosen)
