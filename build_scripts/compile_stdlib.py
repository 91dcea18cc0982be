"""Byte-compiled by Pyodide itself for the site: the part of the standard library it imports, and our wheel.

Build-time room. May import: the standard library and ``build_scripts.tooling``.

Pyodide ships ``python_stdlib.zip`` as ``.py`` source, so every page load compiles what it
imports; loading compiled modules instead makes ``loadPyodide()`` about 2.5 times as fast. Only
Pyodide's own CPython can write the bytecode it reads, so ``compile_stdlib.mjs`` does the work
under Node with the pinned Pyodide from node_modules.

Only the modules the site imports are compiled (at optimisation level 2: no docstrings or
asserts); every other module stays source, which is smaller than bytecode and still imports,
compiled on the fly. Compiling all 600 modules made the archive 3.54 MB against the source
archive's 2.55 MB; this way it is about the source archive's size.

Which modules those are is recorded in ``pyodide-files.json`` (``compiled.modules``: entries of
the archive, such as ``json/__init__.py``), beside the compiled archive's SHA-256, and the build
compiles exactly that list. It is found by running the site's start-up in Pyodide: our wheel
loaded as the page's worker loads it, and a set of representative answers rendered
(``compile_stdlib.mjs imports``). The list is committed rather than found at every build so that
the archive depends only on Pyodide's source archive, the script and the list — not on the
wheel, which changes with every edit of the package while the standard-library modules it
imports hardly ever do. A test finds the list afresh and compares: when the package starts to
import another module, the site still works (that module is compiled at start-up) and the test
says to record the list again. The result is deterministic (see the script), so it is cached in
``.cache/compiled-stdlib/`` under a key made of the source archive, the script and the list::

    python -m build_scripts.compile_stdlib           # compile (or reuse the cache) and print the digest
    python -m build_scripts.compile_stdlib --twice   # compile twice afresh and compare the bytes
    python -m build_scripts.compile_stdlib --record  # find the imported modules afresh, record them
                                                     # and the new digest in pyodide-files.json

Our own wheel is compiled the same way for the browser (:func:`browser_wheel`,
``compile_stdlib.mjs wheel``): every module as bytecode without its source, the RECORD rewritten,
37 KB larger than the source wheel and about 0.1 s quicker to import in Pyodide. The site ships
it and ``tests/package`` runs inside Pyodide against it; the source wheel in dist/ is the one for
CPython (the command line, ``make test-wheel``). It is cached in ``.cache/compiled-wheel/`` under
a key made of the source wheel and the script.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

from build_scripts.tooling import NODE_MODULES, REPO, Failure, ensure_node_modules, fresh_wheel, node

SCRIPT = Path(__file__).resolve().parent / "compile_stdlib.mjs"
MANIFEST = Path(__file__).resolve().parent / "pyodide-files.json"
SOURCE = NODE_MODULES / "pyodide" / "python_stdlib.zip"
CACHE = REPO / ".cache" / "compiled-stdlib"
WHEEL_CACHE = REPO / ".cache" / "compiled-wheel"
TIMEOUT_SECONDS = 300  # ~10 s here; a failed Pyodide load hangs instead of failing


def _run(*arguments: str) -> str:
    """Run ``compile_stdlib.mjs`` with ``arguments``; its standard output."""
    ensure_node_modules()
    command = [node(), str(SCRIPT), *arguments]
    try:
        result = subprocess.run(command, cwd=REPO, capture_output=True, text=True, timeout=TIMEOUT_SECONDS, check=False)
    except subprocess.TimeoutExpired as error:
        raise Failure(f"compile_stdlib.mjs did not finish within {TIMEOUT_SECONDS} s") from error
    if result.returncode != 0:
        raise Failure(f"compile_stdlib.mjs exited with {result.returncode}: {result.stderr.strip()[-2000:]}")
    return result.stdout


def recorded_modules() -> list[str]:
    """The archive entries to compile, as recorded in ``pyodide-files.json``."""
    return list(json.loads(MANIFEST.read_text(encoding="utf-8"))["compiled"]["modules"])


def imported_modules(wheel: Path | None = None) -> list[str]:
    """The archive entries the site's start-up and representative answers import, found afresh in
    Pyodide with ``wheel`` (by default our wheel in dist/, built if it is out of date)."""
    output = _run("imports", str(SOURCE), str(wheel or fresh_wheel()))
    return sorted(json.loads(output))


def compile_to(target: Path, modules: list[str] | None = None) -> None:
    """Compile ``modules`` (by default the recorded ones) of the pinned Pyodide's
    ``python_stdlib.zip`` into ``target`` (always afresh)."""
    with tempfile.TemporaryDirectory() as folder:
        listed = Path(folder, "modules.json")
        listed.write_text(json.dumps(recorded_modules() if modules is None else modules), encoding="utf-8")
        _run("compile", str(SOURCE), str(target), str(listed))
    if not target.exists():
        raise Failure(f"compile_stdlib.mjs wrote no {target}")


def cache_key() -> str:
    """What the compiled archive is made from: the source archive, the script and the module list."""
    digest = hashlib.sha256()
    for data in (SOURCE.read_bytes(), SCRIPT.read_bytes(), json.dumps(recorded_modules()).encode()):
        digest.update(hashlib.sha256(data).digest())
    return digest.hexdigest()[:24]


def _cached(path: Path, make: Callable[[Path], object]) -> Path:
    """``path``, made by ``make(partial)`` first if it is not there (an interrupted run leaves
    only the partial file, never a broken ``path``)."""
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_suffix(".partial")
        make(partial)
        partial.replace(path)
    return path


def compiled_stdlib() -> Path:
    """The compiled archive, from the cache when its inputs have not changed."""
    ensure_node_modules()
    return _cached(CACHE / f"python_stdlib-{cache_key()}.zip", compile_to)


def record() -> str:
    """Find the imported modules afresh, compile them and record both in ``pyodide-files.json``."""
    manifest = json.loads(MANIFEST.read_text(encoding="utf-8"))
    manifest["compiled"]["modules"] = imported_modules()
    MANIFEST.write_text(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    digest = hashlib.sha256(compiled_stdlib().read_bytes()).hexdigest()
    manifest["compiled"]["python_stdlib.zip"] = digest
    MANIFEST.write_text(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return digest


def browser_wheel() -> Path:
    """Our wheel byte-compiled for the browser (same file name), from the cache when the source
    wheel in dist/ (built if it is out of date) and the script have not changed."""
    ensure_node_modules()
    wheel = fresh_wheel()
    digest = hashlib.sha256()
    for data in (wheel.read_bytes(), SCRIPT.read_bytes()):
        digest.update(hashlib.sha256(data).digest())
    return _cached(WHEEL_CACHE / digest.hexdigest()[:24] / wheel.name, lambda out: _run("wheel", str(wheel), str(out)))


def shipped_stdlib() -> Path:
    """The compiled archive, checked against the digest committed in ``pyodide-files.json``."""
    path = compiled_stdlib()
    expected = json.loads(MANIFEST.read_text(encoding="utf-8"))["compiled"]["python_stdlib.zip"]
    actual = hashlib.sha256(path.read_bytes()).hexdigest()
    if actual != expected:
        raise Failure(
            f"the compiled standard library ({actual}) differs from {MANIFEST.name} ({expected}): "
            "if compile_stdlib.mjs or Pyodide changed on purpose, record the new digest "
            "(python -m build_scripts.compile_stdlib --record)"
        )
    return path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    what = parser.add_mutually_exclusive_group()
    what.add_argument("--twice", action="store_true", help="compile twice afresh and compare the bytes")
    what.add_argument("--record", action="store_true", help="record the imported modules and the digest afresh")
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
        if args.record:
            print(f"{record()}  {len(recorded_modules())} modules compiled  recorded in {MANIFEST.name}")
            return 0
        path = compiled_stdlib()
        print(f"{hashlib.sha256(path.read_bytes()).hexdigest()}  {path.stat().st_size} bytes  {path}")
        return 0
    except Failure as failure:
        print(f"compile_stdlib: {failure}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
