"""The README's console examples, run for real on the default corpus and written back into README.md.

Each example sits between `<!-- example NAME -->` and `<!-- /example -->` in the README; this
script runs its command (piped, as a script would see it: unwrapped lines, no colour) and
replaces the block with the command and what it printed. `tests/test_readme.py` runs the same
commands and fails when the README differs, so the examples cannot drift from the program.

    .venv/bin/python bench/readme_examples.py [--index DIR] [--check]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shlex
import subprocess
import sys
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
BLOCK = re.compile(r"(<!-- example (?P<name>[\w-]+) -->\n)(?P<body>.*?)(<!-- /example -->)", re.S)


@dataclass(frozen=True)
class Example:
    """One command as the README shows it; `stdin` is fed to it, `head` keeps its first lines,
    `pretty` re-indents its JSON line."""

    name: str
    argv: tuple[str, ...]
    stdin: str | None = None
    head: int | None = None
    pretty: bool = False
    milvus: bool = False  # against the same index copied into milvus-lite (`--milvus news.db`)


EXAMPLES = (
    Example("ask", ("ask", "What did Sullivan say?", "-k", "3")),
    Example("continue", ("ask", "--continue", "what about Tom Sharpe?", "-k", "2")),
    Example("decline", ("ask", "What did Macron say about cluster bombs?", "-k", "2")),
    Example("milvus", ("ask", "--milvus", "news.db", "What did Sullivan say?", "-k", "2"), milvus=True),
    Example("search", ("search", "cluster munitions", "-k", "3")),
    Example("list", ("list",)),
    Example("show", ("show", "003_76f546fea674f369.txt"), head=28),
    Example("people", ("people",), head=8),
    Example(
        "batch",
        ("batch", "-", "-k", "1"),
        stdin='{"id": "aid", "question": "How much is the aid package worth?"}\n',
        pretty=True,
    ),
)


def run(example: Example, index: Path, env: Mapping[str, str], db: Path) -> str:
    """What the command prints on stdout, piped; the index and corpus flags are not shown (a Milvus
    example names its own index)."""
    argv = [str(db) if example.milvus and word == db.name else word for word in example.argv]
    place = [] if example.milvus else ["--index", str(index)]
    command = [sys.executable, "-m", "qa", *argv, "--corpus", "corpus", *place]
    done = subprocess.run(
        command, cwd=ROOT, env=dict(env), input=example.stdin, capture_output=True, text=True, timeout=120
    )
    if done.returncode != 0:
        raise RuntimeError(f"{shlex.join(example.argv)} exited {done.returncode}: {done.stderr.strip()}")
    out = done.stdout
    if example.pretty:
        out = json.dumps(json.loads(out), ensure_ascii=False, indent=1) + "\n"
    if example.head is not None:
        out = "".join(out.splitlines(keepends=True)[: example.head])
    return out


def block(example: Example, output: str) -> str:
    if example.pretty:
        return f"```json\n{output}```\n"
    shown = shlex.join(("qa", *example.argv))
    if example.head is not None:
        shown += f" | head -{example.head}"
    return f"```console\n$ {shown}\n{output}```\n"


def in_milvus(index: Path, db: Path, env: Mapping[str, str]) -> None:
    """The folder index's live generation written into a milvus-lite file as it is (nothing re-embedded)."""
    code = (
        "import sys; from pathlib import Path; from qa.index import store; "
        "from qa.index.milvus_client import target; from qa.index.milvus_store import MilvusIndex; "
        "w = MilvusIndex(target(sys.argv[2])); w.write(store.load(Path(sys.argv[1]), verify=True)); w.close()"
    )
    subprocess.run([sys.executable, "-c", code, str(index), str(db)], env=dict(env), check=True, timeout=300)


def outputs(index: Path, env: Mapping[str, str]) -> dict[str, str]:
    """Every example's block, run in order in one fresh data dir (so `--continue` follows `ask`)."""
    with tempfile.TemporaryDirectory() as data:
        env = {**env, "QA_DATA_DIR": data, "PYTHONPATH": str(ROOT)}
        db = Path(data) / "news.db"
        found = {}
        for example in EXAMPLES:
            if example.milvus and not db.exists():
                run(Example("build", ("index",)), index, env, db)  # the folder index, if not built yet
                in_milvus(index, db, env)
            found[example.name] = block(example, run(example, index, env, db))
        return found


def rewrite(readme: str, blocks: Mapping[str, str]) -> str:
    """The README with each marked block replaced; a block the README lacks, or one it names
    that no example makes, is an error."""
    named = [match.group("name") for match in BLOCK.finditer(readme)]
    if sorted(named) != sorted(blocks):
        raise ValueError(f"README examples {sorted(named)} differ from the script's {sorted(blocks)}")
    return BLOCK.sub(lambda m: m.group(1) + blocks[m.group("name")] + m.group(4), readme)


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--index", type=Path, help="an index of the default corpus (default: build one)")
    parser.add_argument("--check", action="store_true", help="only say whether README.md is up to date")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        index = args.index or Path(scratch) / "index"
        text = README.read_text(encoding="utf-8")
        new = rewrite(text, outputs(index, os.environ))
    if args.check:
        print("README.md examples up to date" if new == text else "README.md examples differ")
        return 0 if new == text else 1
    README.write_text(new, encoding="utf-8")
    print(f"rewrote {len(EXAMPLES)} examples in {README}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
