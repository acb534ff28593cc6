"""Time from launching `qa chat` to its first paint and to "Ready", as a person sees it.

Runs the real app in a detached tmux session and polls the screen every 20 ms.
Cold = a fresh cache and no index (the build is included in "ready"); warm = the
same again with the index built. Needs tmux.

    .venv/bin/python bench/chat_startup.py [--runs 3]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
QA = str(Path(sys.executable).with_name("qa"))


def screen(session: str) -> str:
    result = subprocess.run(["tmux", "capture-pane", "-p", "-t", session], capture_output=True, text=True)
    return result.stdout


def launch(env: dict[str, str], index: Path, timeout: float = 120.0) -> tuple[float, float]:
    session = f"qa-bench-{os.getpid()}"
    command = f"{QA} chat --corpus {ROOT / 'corpus'} --index {index}"
    started = time.perf_counter()
    subprocess.run(
        ["tmux", "new", "-d", "-s", session, "-x", "140", "-y", "45", command], env=env, check=True
    )
    painted = ready = 0.0
    try:
        while time.perf_counter() - started < timeout:
            shown = screen(session)
            now = time.perf_counter() - started
            if not painted and "qa ·" in shown:
                painted = now
            if "Ready —" in shown:
                ready = now
                break
            time.sleep(0.02)
    finally:
        subprocess.run(["tmux", "kill-session", "-t", session], capture_output=True)
    return painted, ready


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    cold_paint, cold_ready, warm_paint, warm_ready = [], [], [], []
    for _ in range(args.runs):
        work = Path(tempfile.mkdtemp(prefix="qa-chat-"))
        env = {**os.environ, "QA_CACHE_DIR": str(work / "cache"), "QA_DATA_DIR": str(work / "data")}
        paint, ready = launch(env, work / "idx")
        cold_paint.append(paint)
        cold_ready.append(ready)
        paint, ready = launch(env, work / "idx")
        warm_paint.append(paint)
        warm_ready.append(ready)
        shutil.rmtree(work, ignore_errors=True)
    print(
        f"qa chat, median of {args.runs} (bytecode cache {'off' if os.environ.get('PYTHONDONTWRITEBYTECODE') else 'on'})"
    )
    print(
        f"  cold (no index): first paint {statistics.median(cold_paint):.2f} s, ready {statistics.median(cold_ready):.2f} s"
    )
    print(
        f"  warm (index built): first paint {statistics.median(warm_paint):.2f} s, ready {statistics.median(warm_ready):.2f} s"
    )


if __name__ == "__main__":
    main()
