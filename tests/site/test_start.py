"""Starting the calculator quickly: the byte-compiled standard library, the lock file, the early answer."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from build_scripts.compile_stdlib import compile_to, shipped_stdlib


@pytest.mark.site
def test_two_compilations_of_the_standard_library_are_byte_identical(tmp_path: Path) -> None:
    """Compiling python_stdlib.zip inside Pyodide twice, afresh, gives the same bytes as shipped."""
    first, second = tmp_path / "first.zip", tmp_path / "second.zip"
    compile_to(first)
    compile_to(second)
    shipped = hashlib.sha256(shipped_stdlib().read_bytes()).hexdigest()
    assert [shipped, shipped] == [hashlib.sha256(p.read_bytes()).hexdigest() for p in (first, second)]
