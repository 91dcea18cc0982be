"""The standard library the site ships: compiled where the site imports it, source elsewhere."""

from __future__ import annotations

import zipfile

import pytest

from build_scripts.compile_stdlib import SOURCE, imported_modules, recorded_modules, shipped_stdlib


@pytest.mark.site
def test_the_compiled_stdlib_modules_are_the_ones_the_site_imports() -> None:
    """Start-up with our wheel and representative answers imports exactly the recorded modules.

    If this fails after a change to the package, record the list and the digest afresh:
    ``python -m build_scripts.compile_stdlib --record``.
    """
    assert recorded_modules() == imported_modules()


@pytest.mark.site
def test_the_shipped_stdlib_has_the_recorded_modules_compiled_and_the_rest_as_source() -> None:
    """Recorded modules are .pyc without their source; every other entry kept is the source's own bytes."""
    with zipfile.ZipFile(SOURCE) as source, zipfile.ZipFile(shipped_stdlib()) as shipped:
        original = {name: source.read(name) for name in source.namelist()}
        names = shipped.namelist()
        compiled = sorted(name.removesuffix("c") for name in names if name.endswith(".pyc"))
        changed = [name for name in names if not name.endswith(".pyc") and shipped.read(name) != original.get(name)]
        doubled = [name for name in compiled if name in names]
    assert (recorded_modules(), [], []) == (compiled, changed, doubled)
