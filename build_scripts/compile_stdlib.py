"""Byte-compiled by Pyodide itself for the site: the standard library it imports, the rest on demand, and our wheel.

Build-time room. May import: the standard library and ``build_scripts.tooling``.

Pyodide ships ``python_stdlib.zip`` (2.55 MB, 614 entries) as ``.py`` source, so every page load
downloads all of it and compiles what it imports. The site ships it split in two instead
(``compile_stdlib.mjs compile``):

- the **main archive**, ``python_stdlib.zip``: only the modules the site imports, byte-compiled
  (level 2: no docstrings or asserts; loading compiled modules makes ``loadPyodide()`` about 2.5
  times as fast; only Pyodide's own CPython can write the bytecode it reads, so the script runs
  under Node with the pinned Pyodide from node_modules), and the import finder
  (``stdlib_ondemand.py``) as ``sitecustomize``;
- the **rest**, ``python_stdlib_rest.zip``: every other module, each as source or bytecode,
  whichever is the smaller compressed. The finder fetches it only when a module outside the main
  archive is imported, so no import fails because of the split; the site's own paths never do.

Which modules the main archive holds is recorded in ``pyodide-files.json``
(``compiled.modules``: entries of the archive, such as ``json/__init__.py``), beside the two
archives' SHA-256, and the build compiles exactly that list. It is found by running, in Pyodide
with our byte-compiled wheel loaded as the page's worker loads it, Pyodide's start, an import of
every module of our package (but its command line), every golden path with a time (the record
and the calendar file) and some without, in both languages, the grading helper and bad input
(``compile_stdlib.mjs imports``), and a whole incident file. The list is
committed rather than found at every build so that the archives depend only on Pyodide's source
archive, the scripts and the list — not on the wheel, which changes with every edit of the
package while the standard-library modules it imports hardly ever do. A test finds the list
afresh and compares: when the package starts to import another module, the site still works
(the finder fetches the rest) and the test says to record the list again. The result is
deterministic (see the script), so it is cached in ``.cache/compiled-stdlib/`` under a key made
of the source archive, the scripts and the list::

    python -m build_scripts.compile_stdlib           # compile (or reuse the cache); print digests and sizes
    python -m build_scripts.compile_stdlib --twice   # compile twice afresh and compare the bytes
    python -m build_scripts.compile_stdlib --record  # find the imported modules afresh, record them
                                                     # and the new digests in pyodide-files.json

Our own wheel is compiled the same way for the browser (:func:`browser_wheel`,
``compile_stdlib.mjs wheel``): every module as bytecode without its source, the RECORD rewritten,
37 KB larger than the source wheel and about 0.1 s quicker to import in Pyodide. The site ships
it and ``tests/package`` runs inside Pyodide against it; the source wheel in dist/ is the one for
CPython (the command line, ``make test-wheel``). It is cached in ``.cache/compiled-wheel/`` under
a key made of the source wheel and the script.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from build_scripts.tooling import NODE_MODULES, REPO, Failure, ensure_node_modules, fresh_wheel, node

SCRIPT = Path(__file__).resolve().parent / "compile_stdlib.mjs"
FINDER = Path(__file__).resolve().parent / "stdlib_ondemand.py"
MANIFEST = Path(__file__).resolve().parent / "pyodide-files.json"
SOURCE = NODE_MODULES / "pyodide" / "python_stdlib.zip"
CACHE = REPO / ".cache" / "compiled-stdlib"
WHEEL_CACHE = REPO / ".cache" / "compiled-wheel"
TIMEOUT_SECONDS = 300  # ~10 s here (the record: about a minute); a failed Pyodide load hangs instead of failing
MAIN_NAME, REST_NAME = "python_stdlib.zip", "python_stdlib_rest.zip"  # as pyodide-files.json names them


@dataclass(frozen=True)
class Stdlib:
    """The standard library as the site ships it: the main archive and the rest, fetched on demand."""

    main: Path
    rest: Path

    def digests(self) -> dict[str, str]:
        """The SHA-256 of each archive, by the name ``pyodide-files.json`` records it under."""
        return {name: hashlib.sha256(path.read_bytes()).hexdigest() for name, path in self.named().items()}

    def named(self) -> dict[str, Path]:
        """Each archive by the name ``pyodide-files.json`` records it under."""
        return {MAIN_NAME: self.main, REST_NAME: self.rest}


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
    """The archive entries the site imports, found afresh in Pyodide with ``wheel`` (by default our
    wheel byte-compiled as the site ships it, built if it is out of date): Pyodide's start, every
    module of our package, every golden path with the record and calendar file, the grading helper."""
    output = _run("imports", str(SOURCE), str(wheel or browser_wheel()))
    return sorted(json.loads(output))


def compile_to(target: Path, modules: list[str] | None = None) -> Stdlib:
    """Compile ``modules`` (by default the recorded ones) of the pinned Pyodide's
    ``python_stdlib.zip`` into the main archive, the rest into the second one, both in the folder
    ``target`` (always afresh)."""
    target.mkdir(parents=True, exist_ok=True)
    made = Stdlib(main=target / MAIN_NAME, rest=target / REST_NAME)
    listed = target / "modules.json"
    listed.write_text(json.dumps(recorded_modules() if modules is None else modules), encoding="utf-8")
    _run("compile", str(SOURCE), str(made.main), str(made.rest), str(listed), str(FINDER))
    listed.unlink()
    for path in (made.main, made.rest):
        if not path.exists():
            raise Failure(f"compile_stdlib.mjs wrote no {path}")
    return made


def cache_key() -> str:
    """What the archives are made from: the source archive, the scripts, the finder and the module list."""
    digest = hashlib.sha256()
    for data in (
        SOURCE.read_bytes(),
        SCRIPT.read_bytes(),
        FINDER.read_bytes(),
        json.dumps(recorded_modules()).encode(),
    ):
        digest.update(hashlib.sha256(data).digest())
    return digest.hexdigest()[:24]


def _cached(path: Path, make: Callable[[Path], object]) -> Path:
    """``path`` (a file or a folder), made by ``make(partial)`` first if it is not there (an
    interrupted run leaves only the partial one, never a broken ``path``)."""
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_name(path.name + ".partial")
        shutil.rmtree(partial, ignore_errors=True)
        make(partial)
        partial.replace(path)
    return path


def compiled_stdlib() -> Stdlib:
    """The two archives, from the cache when their inputs have not changed."""
    ensure_node_modules()
    folder = _cached(CACHE / cache_key(), compile_to)
    return Stdlib(main=folder / MAIN_NAME, rest=folder / REST_NAME)


def record() -> dict[str, str]:
    """Find the imported modules afresh, compile them and record both in ``pyodide-files.json``."""
    manifest = json.loads(MANIFEST.read_text(encoding="utf-8"))
    manifest["compiled"]["modules"] = imported_modules()
    MANIFEST.write_text(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    digests = compiled_stdlib().digests()
    manifest["compiled"] = {**digests, "modules": manifest["compiled"]["modules"]}
    MANIFEST.write_text(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return digests


def browser_wheel() -> Path:
    """Our wheel byte-compiled for the browser (same file name), from the cache when the source
    wheel in dist/ (built if it is out of date) and the script have not changed."""
    ensure_node_modules()
    wheel = fresh_wheel()
    digest = hashlib.sha256()
    for data in (wheel.read_bytes(), SCRIPT.read_bytes()):
        digest.update(hashlib.sha256(data).digest())
    return _cached(WHEEL_CACHE / digest.hexdigest()[:24] / wheel.name, lambda out: _run("wheel", str(wheel), str(out)))


def shipped_stdlib() -> Stdlib:
    """The two archives, checked against the digests committed in ``pyodide-files.json``."""
    made = compiled_stdlib()
    expected = json.loads(MANIFEST.read_text(encoding="utf-8"))["compiled"]
    for name, actual in made.digests().items():
        if actual != expected.get(name):
            raise Failure(
                f"the compiled standard library's {name} ({actual}) differs from {MANIFEST.name} "
                f"({expected.get(name)}): if compile_stdlib.mjs, stdlib_ondemand.py or Pyodide changed on "
                "purpose, record the new digests (python -m build_scripts.compile_stdlib --record)"
            )
    return made


def sizes(path: Path) -> tuple[int, int]:
    """An archive's bytes as it is (its entries deflated) and gzipped as a server sends it (level 9)."""
    data = path.read_bytes()
    return len(data), len(gzip.compress(data, compresslevel=9, mtime=0))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    what = parser.add_mutually_exclusive_group()
    what.add_argument("--twice", action="store_true", help="compile twice afresh and compare the bytes")
    what.add_argument("--record", action="store_true", help="record the imported modules and the digests afresh")
    args = parser.parse_args(argv)
    try:
        if args.twice:
            with tempfile.TemporaryDirectory() as folder:
                first, second = compile_to(Path(folder, "1")).digests(), compile_to(Path(folder, "2")).digests()
            for name in first:
                print(f"{name}\n  first  {first[name]}\n  second {second[name]}")
            return 0 if first == second else 1
        if args.record:
            digests = record()
            print(f"{len(recorded_modules())} modules in the main archive; recorded in {MANIFEST.name}:")
            for name, digest in digests.items():
                print(f"  {digest}  {name}")
            return 0
        for name, path in compiled_stdlib().named().items():
            deflated, gzipped = sizes(path)
            print(
                f"{hashlib.sha256(path.read_bytes()).hexdigest()}  {name}: {deflated} bytes, {gzipped} gzipped  {path}"
            )
        return 0
    except Failure as failure:
        print(f"compile_stdlib: {failure}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
