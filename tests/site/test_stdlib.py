"""What the site ships byte-compiled: the standard library where the site imports it (source
elsewhere), and our wheel."""

from __future__ import annotations

import base64
import hashlib
import pickle
import shutil
import tomllib
import zipfile
from pathlib import Path

import pytest

from build_scripts.compile_stdlib import (
    SOURCE,
    WHEEL_CACHE,
    browser_wheel,
    imported_modules,
    recorded_modules,
    shipped_stdlib,
)
from build_scripts.tooling import fresh_wheel


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


@pytest.mark.site
def test_the_browser_wheel_is_our_wheel_compiled_deterministically_with_a_true_record(tmp_path: Path) -> None:
    """Every module of the source wheel as .pyc without its source, every data file as the pickle
    of what tomllib parses it into, the other files unchanged, a RECORD that lists what the wheel
    holds, and the same bytes when compiled again afresh."""
    first = tmp_path / "first.whl"
    shutil.copyfile(browser_wheel(), first)
    shutil.rmtree(WHEEL_CACHE)
    again = browser_wheel()
    with zipfile.ZipFile(fresh_wheel()) as source, zipfile.ZipFile(again) as compiled:
        record_name = next(name for name in compiled.namelist() if name.endswith(".dist-info/RECORD"))
        names = [name for name in source.namelist() if not name.endswith("/")]
        data = [name for name in names if name.startswith("decision_tree/data/") and name.endswith(".toml")]
        renamed = {name: name + "c" for name in names if name.endswith(".py")}
        renamed |= {name: name + ".pickle" for name in data}
        kept = [name for name in names if name not in renamed and not name.endswith("RECORD")]
        unchanged = [name for name in kept if source.read(name) == compiled.read(name)]
        parsed = [
            name
            for name in data
            if pickle.loads(compiled.read(name + ".pickle")) == tomllib.loads(source.read(name).decode("utf-8"))
        ]
        rows = [line.split(",") for line in compiled.read(record_name).decode().splitlines()]
        listed = {name: (digest, size) for name, digest, size in rows}

        def entry(name: str) -> tuple[str, str]:
            data = compiled.read(name)
            digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
            return (f"sha256={digest}", str(len(data)))

        truth = {name: entry(name) for name in compiled.namelist() if name != record_name}
        assert (sorted(renamed.get(name, name) for name in names), kept, data, {**truth, record_name: ("", "")}) == (
            sorted(compiled.namelist()),
            unchanged,
            parsed,
            listed,
        )
        assert len(data) > 5 and len(kept) > 3
    assert first.read_bytes() == again.read_bytes()
