"""The import finder that fetches the rest of the standard library on demand
(build_scripts/stdlib_ondemand.py), here in CPython with two small archives standing for the
main one and the rest; tests/site/test_stdlib.py runs it in Pyodide with the real ones."""

from __future__ import annotations

import sys
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from build_scripts.stdlib_ondemand import ARCHIVE_NAME, RestFinder

MAIN = {"odpkg/__init__.py": "WHERE = 'main'\n", "odmain.py": "WHERE = 'main'\n"}
REST = {"odpkg/sub.py": "WHERE = 'rest'\n", "odtop/__init__.py": "", "odtop/leaf.py": "WHERE = 'rest'\n"}


def _zip(path: Path, entries: dict[str, str]) -> bytes:
    with zipfile.ZipFile(path, "w") as archive:
        for name, text in entries.items():
            archive.writestr(name, text)
    return path.read_bytes()


@pytest.fixture
def finder(tmp_path: Path) -> Iterator[tuple[RestFinder, list[str]]]:
    """A main archive on sys.path and a finder whose fetch hands out the rest archive's bytes and
    notes each address; sys.path, sys.meta_path and the modules are put back afterwards."""
    main = tmp_path / "lib" / "python314.zip"
    main.parent.mkdir()
    _zip(main, MAIN)
    rest_bytes = _zip(tmp_path / "rest-source.zip", REST)
    fetched: list[str] = []

    def fetch(url: str) -> bytes:
        fetched.append(url)
        return rest_bytes

    names = frozenset({"odpkg.sub", "odtop", "odtop.leaf"})
    made = RestFinder("https://example.invalid/rest.zip", str(main), names, fetch=fetch)
    saved = (list(sys.path), list(sys.meta_path))
    sys.path.insert(0, str(main))
    sys.meta_path.append(made)
    try:
        yield made, fetched
    finally:
        sys.path[:], sys.meta_path[:] = saved
        for name in [name for name in sys.modules if name.split(".")[0] in ("odpkg", "odtop", "odmain")]:
            del sys.modules[name]
        sys.path_importer_cache.clear()


def test_a_module_outside_both_archives_fails_at_once_without_a_fetch(finder: tuple[RestFinder, list[str]]) -> None:
    """Importing what the rest does not hold (sitecustomize, an optional accelerator) raises
    ModuleNotFoundError as before and downloads nothing; the main archive's modules import as usual."""
    made, fetched = finder
    import odmain  # type: ignore[import-not-found]

    with pytest.raises(ModuleNotFoundError):
        import odnothing  # type: ignore[import-not-found]  # noqa: F401
    assert ("main", [], 0) == (odmain.WHERE, fetched, made.fetched)


def test_the_first_miss_fetches_the_rest_once_and_later_imports_find_it_directly(
    finder: tuple[RestFinder, list[str]], tmp_path: Path
) -> None:
    """A package of the rest, its submodule, and a submodule of a package in the main archive all
    import; the archive is fetched once, written beside the main one and put on sys.path after it."""
    made, fetched = finder
    import odpkg.sub  # type: ignore[import-not-found]
    import odtop.leaf  # type: ignore[import-not-found]

    rest = tmp_path / "lib" / ARCHIVE_NAME
    main = str(tmp_path / "lib" / "python314.zip")
    assert (
        ["rest", "rest", "main"],
        ["https://example.invalid/rest.zip"],
        str(rest),
        sys.path.index(main) + 1,
        [main + "/odpkg", str(rest) + "/odpkg"],
    ) == (
        [odpkg.sub.WHERE, odtop.leaf.WHERE, odpkg.WHERE],
        fetched,
        str(odtop.__file__).rpartition("/odtop")[0],
        sys.path.index(str(rest)),
        list(odpkg.__path__),
    )
    assert 1 == made.fetched
