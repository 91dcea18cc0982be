"""Starting the calculator quickly: the byte-compiled standard library, the lock file, the early answer."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from build_scripts.compile_stdlib import MANIFEST, compile_to, shipped_stdlib


@pytest.mark.site
def test_two_compilations_of_the_standard_library_are_byte_identical(tmp_path: Path) -> None:
    """Compiling python_stdlib.zip inside Pyodide twice, afresh, gives the same bytes as shipped."""
    first, second = tmp_path / "first.zip", tmp_path / "second.zip"
    compile_to(first)
    compile_to(second)
    shipped = hashlib.sha256(shipped_stdlib().read_bytes()).hexdigest()
    assert [shipped, shipped] == [hashlib.sha256(p.read_bytes()).hexdigest() for p in (first, second)]


@pytest.mark.site
def test_the_site_ships_the_compiled_library_and_a_lock_file_of_our_wheel_only(built_site: Path) -> None:
    """pyodide/<version>/ holds the three runtime files and the compiled library; the lock lists our wheel."""
    manifest = json.loads(MANIFEST.read_text(encoding="utf-8"))
    stdlib = shipped_stdlib().read_bytes()
    stdlib_name = f"python_stdlib.{hashlib.sha256(stdlib).hexdigest()[:12]}.zip"
    folder = built_site / "pyodide" / manifest["version"]
    assert sorted([*manifest["files"], stdlib_name]) == sorted(p.name for p in folder.iterdir() if p.suffix != ".gz")
    assert stdlib == (folder / stdlib_name).read_bytes()
    [lock_path] = built_site.glob("assets/check/*/pyodide-lock.json")
    lock = json.loads(lock_path.read_text(encoding="utf-8"))
    [wheel] = lock_path.parent.glob("*.whl")
    expected = {
        "packages": ["cn-cyber-incident-reporting"],
        "sha256": hashlib.sha256(wheel.read_bytes()).hexdigest(),
        "stdlib": (folder / stdlib_name).resolve(),
        "folder": hashlib.sha256(lock_path.read_bytes()).hexdigest()[:12],
    }
    actual = {
        "packages": list(lock["packages"]),
        "sha256": lock["packages"]["cn-cyber-incident-reporting"]["sha256"],
        "stdlib": (lock_path.parent / lock["stdlib"]).resolve(),
        "folder": lock_path.parent.name,
    }
    assert expected == actual
