"""The rest of the standard library, on demand: an import finder shipped as ``sitecustomize``.

Runtime room, not a build step: ``compile_stdlib.mjs`` compiles this file into the site's main
standard-library archive as ``sitecustomize``, which CPython's ``site`` imports while Pyodide
starts. May import: ``sys``, ``os`` and ``importlib.machinery`` (frozen into Pyodide's CPython),
``typing`` (which Pyodide's start imports anyway) and Pyodide's ``js`` (on a miss).

The main archive holds only the modules the site imports; every other module of Pyodide's
standard library is in a second archive, fetched only when a module outside the main one is
imported. This module appends :class:`RestFinder` to ``sys.meta_path`` — after every other
finder, so it is asked only about a module nothing else found — when the environment variable
``STDLIB_REST_URL`` names the second archive (the page's worker sets it from the site's lock
file; the tests under Node point it at a file). On the first miss of a module the second archive
holds (its names are written into :data:`REST_MODULES` at build time; a module it does not hold,
such as the ``sitecustomize`` or ``_typeshed`` that code tries to import, is left to fail at
once, without a download), the finder fetches the archive with one synchronous
``XMLHttpRequest`` (allowed in a worker; same origin, so ``connect-src 'self'`` allows it, and
the service worker serves it offline), writes it beside the main archive, puts it on
``sys.path`` right after the main one and answers the import from it. A package split between
the archives (``encodings`` in the main one, ``encodings.cp1252`` in the other) gets the second
archive's folder appended to its ``__path__``. So no import fails because the library is split.
"""

from __future__ import annotations

import os
import sys
from importlib.machinery import ModuleSpec, PathFinder
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence
    from types import ModuleType

ENVIRONMENT = "STDLIB_REST_URL"
ARCHIVE_NAME = "python_stdlib_rest.zip"  # written beside the main archive: /lib/python_stdlib_rest.zip
# The dotted names of every module and package in the second archive: filled in at build time
# (compile_stdlib.mjs replaces this line, which must stay exactly as it is).
REST_MODULES: frozenset[str] = frozenset()


def fetch_with_xhr(url: str) -> bytes:
    """The bytes at ``url``, fetched synchronously (a Web Worker allows it; a page would not)."""
    from js import XMLHttpRequest  # type: ignore[import-not-found]  # Pyodide's bridge to JavaScript

    request = XMLHttpRequest.new()
    request.open("GET", url, False)
    request.responseType = "arraybuffer"
    request.send()
    if request.status != 200:
        raise ImportError(f"the rest of the standard library ({url}) could not be fetched: HTTP {request.status}")
    data: bytes = request.response.to_bytes()
    return data


class RestFinder:
    """Finds the modules of the second archive, fetching it on the first one asked for."""

    def __init__(
        self, url: str, main: str, names: frozenset[str], fetch: Callable[[str], bytes] = fetch_with_xhr
    ) -> None:
        self.url = url
        self.main = main  # the main archive as sys.path names it: /lib/python314.zip
        self.rest = os.path.join(os.path.dirname(main), ARCHIVE_NAME)  # noqa: PTH118, PTH120  # no pathlib yet
        self.names = names
        self.fetch = fetch
        self.fetched = 0  # how many times the archive was fetched: once at most

    def mount(self) -> None:
        """Fetch the second archive (once), write it beside the main one, put it on ``sys.path``."""
        if self.rest in sys.path:
            return
        data = self.fetch(self.url)
        self.fetched += 1
        with open(self.rest, "wb") as archive:  # noqa: PTH123  # no pathlib yet
            archive.write(data)
        place = sys.path.index(self.main) + 1 if self.main in sys.path else len(sys.path)
        sys.path.insert(place, self.rest)

    def find_spec(
        self, name: str, path: Sequence[str] | None = None, target: ModuleType | None = None
    ) -> ModuleSpec | None:
        """The spec of ``name`` from the second archive, or None if it does not hold ``name``."""
        if name not in self.names:
            return None
        self.mount()
        if path is None:
            return PathFinder.find_spec(name, None, target)
        inside = self.main + os.sep
        extra = [self.rest + entry.removeprefix(self.main) for entry in path if entry.startswith(inside)]
        parent = sys.modules.get(name.rpartition(".")[0])
        search = getattr(parent, "__path__", None)
        if isinstance(search, list):  # later imports from the package find them directly
            search.extend(entry for entry in extra if entry not in search)
        return PathFinder.find_spec(name, [*path, *(entry for entry in extra if entry not in path)], target)

    def invalidate_caches(self) -> None:
        """Nothing is cached here (``importlib.invalidate_caches`` calls this)."""


def install(environ: dict[str, str] | None = None) -> RestFinder | None:
    """Append the finder to ``sys.meta_path`` when ``STDLIB_REST_URL`` is set; the finder or None."""
    url = (os.environ if environ is None else environ).get(ENVIRONMENT)
    if not url or not REST_MODULES or any(isinstance(finder, RestFinder) for finder in sys.meta_path):
        return None
    main = os.path.dirname(__file__)  # noqa: PTH120  # /lib/python314.zip, where this module was loaded from
    finder = RestFinder(url, main, REST_MODULES)
    sys.meta_path.append(finder)
    return finder


if __name__ == "sitecustomize":
    install()
