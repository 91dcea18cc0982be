"""Pyodide's files, our wheel and its lock file, written into the built site (called by :mod:`build_scripts.widget`).

Build-time room. May import: the standard library, ``build_scripts.tooling`` and
``build_scripts.compile_stdlib``.

- ``pyodide/<version>/`` — only the Pyodide files the calculator needs, copied from
  node_modules and checked against ``pyodide-files.json`` (committed SHA-256 per file), and the
  standard library byte-compiled inside Pyodide (:mod:`build_scripts.compile_stdlib`) as
  ``python_stdlib.<hash>.zip`` (the modules the site imports) and ``python_stdlib_rest.<hash>.zip``
  (the rest, fetched only if another module is imported), their names changing with their content.
- ``assets/check/<hash>/`` — our wheel, byte-compiled (:func:`build_scripts.compile_stdlib.browser_wheel`),
  and a minimal ``pyodide-lock.json`` listing only it, with
  its SHA-256 (Pyodide loads it by name from this folder, and the browser checks its integrity),
  plus ``stdlib`` and ``stdlib_rest``: the standard library's two archives' URLs relative to this
  folder (the worker reads and removes them). The folder is named by the lock file's digest, so
  no browser keeps a stale copy.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

from build_scripts.compile_stdlib import browser_wheel, shipped_stdlib
from build_scripts.tooling import NODE_MODULES, Failure, ensure_node_modules

MANIFEST = Path(__file__).resolve().parent / "pyodide-files.json"


class BuildError(RuntimeError):
    """A build input is missing or not what was committed; the message says which and why."""


def pyodide_version() -> str:
    """The Pyodide version the site serves (from the committed manifest)."""
    return str(json.loads(MANIFEST.read_text(encoding="utf-8"))["version"])


def copy_pyodide(site: Path) -> tuple[Path, dict[str, str]]:
    """Copy the manifest's Pyodide files into ``site/pyodide/<version>/``, checking each digest, and
    write the compiled standard library beside them (the main archive and the rest); returns the
    folder and the archives' names there (``stdlib``, ``stdlib_rest``)."""
    ensure_node_modules()
    manifest = json.loads(MANIFEST.read_text(encoding="utf-8"))
    source = NODE_MODULES / "pyodide"
    installed = json.loads((source / "package.json").read_text(encoding="utf-8"))["version"]
    if installed != manifest["version"]:
        raise BuildError(f"node_modules has pyodide {installed}, the manifest expects {manifest['version']}")
    target = site / "pyodide" / str(manifest["version"])
    target.mkdir(parents=True, exist_ok=True)
    for name, digest in {**manifest["files"], **manifest["sources"]}.items():
        data = (source / name).read_bytes()
        if hashlib.sha256(data).hexdigest() != digest:
            raise BuildError(f"pyodide/{name} differs from {MANIFEST.name}: reinstall with npm ci --ignore-scripts")
        if name in manifest["files"]:
            (target / name).write_bytes(data)
    try:
        stdlib = shipped_stdlib()
    except Failure as failure:
        raise BuildError(str(failure)) from None
    names = {}
    for key, path in (("stdlib", stdlib.main), ("stdlib_rest", stdlib.rest)):
        data = path.read_bytes()
        names[key] = f"{path.stem}.{hashlib.sha256(data).hexdigest()[:12]}.zip"
        (target / names[key]).write_bytes(data)
    return target, names


def lock_file(wheel: Path, stdlib: dict[str, str]) -> bytes:
    """A pyodide-lock.json listing only our wheel (and, for the worker, where the standard
    library's two archives are: ``stdlib`` and ``stdlib_rest``)."""
    pyodide_lock = json.loads((NODE_MODULES / "pyodide" / "pyodide-lock.json").read_text(encoding="utf-8"))
    name, version = wheel.name.split("-")[:2]
    lock: dict[str, object] = {
        "info": pyodide_lock["info"],
        "packages": {
            name.replace("_", "-"): {
                "name": name.replace("_", "-"),
                "version": version,
                "file_name": wheel.name,
                "install_dir": "site",
                "package_type": "package",
                "sha256": hashlib.sha256(wheel.read_bytes()).hexdigest(),
                "imports": ["decision_tree"],  # the import package; the wheel is named by the distribution
                "depends": [],
            }
        },
    }
    lock |= {key: f"../../../pyodide/{pyodide_version()}/{archive}" for key, archive in stdlib.items()}
    return (json.dumps(lock, indent=1, sort_keys=True) + "\n").encode()


def copy_wheel(site: Path, stdlib: dict[str, str]) -> str:
    """Write our wheel and its lock file into a folder named by the lock's digest; returns the
    wheel's path relative to the site root (the lock file is beside it)."""
    wheel = browser_wheel()
    lock = lock_file(wheel, stdlib)
    folder = f"assets/check/{hashlib.sha256(lock).hexdigest()[:12]}"
    (site / folder).mkdir(parents=True, exist_ok=True)
    shutil.copyfile(wheel, site / folder / wheel.name)
    (site / folder / "pyodide-lock.json").write_bytes(lock)
    return f"{folder}/{wheel.name}"
