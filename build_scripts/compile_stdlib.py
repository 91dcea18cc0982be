"""Pyodide's standard library byte-compiled by Pyodide itself, for the site (``stdLibURL``).

Build-time room. May import: the standard library and ``build_scripts.package_tests``.

Pyodide ships ``python_stdlib.zip`` as ``.py`` source, so every page load compiles what it
imports; loading a compiled archive instead roughly halves ``loadPyodide()``. Only Pyodide's own
CPython can write the bytecode it reads, so ``compile_stdlib.mjs`` does the work under Node with
the pinned Pyodide from node_modules. The result is deterministic (see the script), so it is
cached in ``.cache/compiled-stdlib/`` under a key made of the input archive and the script, and
its SHA-256 is committed in ``pyodide-files.json`` beside the other Pyodide files::

    python -m build_scripts.compile_stdlib          # compile (or reuse the cache) and print the digest
    python -m build_scripts.compile_stdlib --twice  # compile twice afresh and compare the bytes
"""

from __future__ import annotations

import argparse
import hashlib
import json
import subprocess
import sys
import tempfile
from pathlib import Path

from build_scripts.package_tests import NODE_MODULES, REPO, Failure, ensure_node_modules, node

SCRIPT = Path(__file__).resolve().parent / "compile_stdlib.mjs"
MANIFEST = Path(__file__).resolve().parent / "pyodide-files.json"
SOURCE = NODE_MODULES / "pyodide" / "python_stdlib.zip"
CACHE = REPO / ".cache" / "compiled-stdlib"
TIMEOUT_SECONDS = 300  # ~10 s here; a failed Pyodide load hangs instead of failing


def compile_to(target: Path) -> None:
    """Compile the pinned Pyodide's ``python_stdlib.zip`` into ``target`` (always afresh)."""
    ensure_node_modules()
    command = [node(), str(SCRIPT), str(SOURCE), str(target)]
    try:
        result = subprocess.run(command, cwd=REPO, capture_output=True, text=True, timeout=TIMEOUT_SECONDS, check=False)
    except subprocess.TimeoutExpired as error:
        raise Failure(f"compile_stdlib.mjs did not finish within {TIMEOUT_SECONDS} s") from error
    if result.returncode != 0 or not target.exists():
        raise Failure(f"compile_stdlib.mjs exited with {result.returncode}: {result.stderr.strip()[-2000:]}")


def cache_key() -> str:
    """What the compiled archive is made from: the source archive and the compiling script."""
    digest = hashlib.sha256()
    for path in (SOURCE, SCRIPT):
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()[:24]


def compiled_stdlib() -> Path:
    """The compiled archive, from the cache when its inputs have not changed."""
    ensure_node_modules()
    cached = CACHE / f"python_stdlib-{cache_key()}.zip"
    if not cached.exists():
        CACHE.mkdir(parents=True, exist_ok=True)
        partial = cached.with_suffix(".partial")
        compile_to(partial)
        partial.replace(cached)
    return cached


def shipped_stdlib() -> Path:
    """The compiled archive, checked against the digest committed in ``pyodide-files.json``."""
    path = compiled_stdlib()
    expected = json.loads(MANIFEST.read_text(encoding="utf-8"))["compiled"]["python_stdlib.zip"]
    actual = hashlib.sha256(path.read_bytes()).hexdigest()
    if actual != expected:
        raise Failure(
            f"the compiled standard library ({actual}) differs from {MANIFEST.name} ({expected}): "
            "if compile_stdlib.mjs or Pyodide changed on purpose, record the new digest"
        )
    return path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--twice", action="store_true", help="compile twice afresh and compare the bytes")
    args = parser.parse_args(argv)
    try:
        if args.twice:
            with tempfile.TemporaryDirectory() as folder:
                first, second = Path(folder, "1.zip"), Path(folder, "2.zip")
                compile_to(first)
                compile_to(second)
                digests = [hashlib.sha256(path.read_bytes()).hexdigest() for path in (first, second)]
            print(f"first  {digests[0]}\nsecond {digests[1]}")
            return 0 if digests[0] == digests[1] else 1
        path = compiled_stdlib()
        print(f"{hashlib.sha256(path.read_bytes()).hexdigest()}  {path.stat().st_size} bytes  {path}")
        return 0
    except Failure as failure:
        print(f"compile_stdlib: {failure}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
