"""Whole-process cost of a cold `qa ask` with the index built: wall time and peak memory.

Runs each command N times with /usr/bin/time and prints medians, once with the
ONNX query encoder (the normal path) and once forcing the sentence-transformers
fallback (what a torch-based query path costs), paired in one run. Run it both with
and without PYTHONDONTWRITEBYTECODE to see the bytecode-cache effect.

    .venv/bin/python bench/cold_start.py [--runs 5] [--corpus corpus]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
QA = str(Path(sys.executable).with_name("qa"))


def measure(command: list[str], env: dict[str, str], runs: int) -> tuple[float, float]:
    walls, peaks = [], []
    for _ in range(runs):
        result = subprocess.run(
            ["/usr/bin/time", "-f", "%e %M", *command], env=env, capture_output=True, text=True, check=True
        )
        wall, peak_kb = result.stderr.strip().splitlines()[-1].split()
        walls.append(float(wall))
        peaks.append(int(peak_kb) / 1024)
    return statistics.median(walls), statistics.median(peaks)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--corpus", type=Path, default=ROOT / "corpus")
    parser.add_argument("--question", default="What did Sullivan say?")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="qa-cold-"))
    env = {**os.environ, "QA_CACHE_DIR": str(work / "cache")}
    ask = [QA, "ask", args.question, "--corpus", str(args.corpus), "--index", str(work / "idx")]
    subprocess.run(
        [QA, "index", "--corpus", str(args.corpus), "--index", str(work / "idx")],
        env=env,
        check=True,
        capture_output=True,
    )
    bytecode = "off" if os.environ.get("PYTHONDONTWRITEBYTECODE") else "on"
    onnx = measure(ask, env, args.runs)
    # Force the sentence-transformers fallback: with a file where the export folder goes, the
    # export is neither found nor made again.
    shutil.move(work / "cache" / "onnx", work / "onnx-aside")
    (work / "cache" / "onnx").write_text("not a folder")
    fallback = measure(ask, env, args.runs)
    print(f"cold `qa ask`, median of {args.runs}, bytecode cache {bytecode}")
    print(f"  onnx query path          {onnx[0]:.2f} s  {onnx[1]:.0f} MiB peak")
    print(f"  sentence-transformers    {fallback[0]:.2f} s  {fallback[1]:.0f} MiB peak")
    print(
        f"  ratio                    {fallback[0] / onnx[0]:.1f}x faster, {fallback[1] / onnx[1]:.1f}x less memory"
    )
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
