"""Shared fixtures: the data, the verified sources, a built site, a local server, a browser.

Browser tests need Debian's Chromium at /usr/bin/chromium (never a downloaded browser). When it
is missing they skip, and the run ends with a loud banner saying so; under CI (``CI`` set) a
missing browser is an error instead, because CI always installs one.
"""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from decision_tree.load import load_law
from decision_tree.model import Law

ROOT = Path(__file__).resolve().parent.parent.parent
SHARED_SOURCES = ROOT.parent / "shared" / "sources"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

_skipped_browser: list[str] = []


@pytest.fixture(scope="session")
def law() -> Law:
    """The package's own data, loaded and checked."""
    return load_law()


@pytest.fixture(scope="session")
def shared_sources() -> Path:
    """The verified official texts beside the repository; tests needing them skip without."""
    if not (SHARED_SOURCES / "measures.zh.md").exists():
        pytest.skip(f"{SHARED_SOURCES} is absent: only the committed SHA-256 digests are checked")
    return SHARED_SOURCES


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The whole site, generated from the data and built with ``mkdocs build --strict``."""
    site = tmp_path_factory.mktemp("site")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "--site-dir", str(site)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, f"mkdocs build --strict failed:\n{result.stderr}"
    return site


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        """Keep test output clean."""


@pytest.fixture(scope="session")
def site_url(built_site: Path) -> Iterator[str]:
    """The built site served on 127.0.0.1 (a free port), as ``http://127.0.0.1:PORT/``."""
    handler = functools.partial(_QuietHandler, directory=str(built_site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """Headless Debian Chromium driven by Playwright, with the flags this machine needs."""
    if not CHROMIUM.exists():
        message = f"NO BROWSER: {CHROMIUM} is missing — install Debian's chromium (see README)"
        if os.environ.get("CI"):
            pytest.fail(message + "; CI must run the browser tests")
        _skipped_browser.append(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="session")
def artifacts() -> Path:
    """Where browser tests leave screenshots for people to look at (git-ignored)."""
    path = ROOT / "test-artifacts"
    shutil.rmtree(path, ignore_errors=True)
    path.mkdir()
    return path


def pytest_terminal_summary(terminalreporter: Any) -> None:
    """Say it loudly when browser tests could not run."""
    if _skipped_browser:
        terminalreporter.section("BROWSER TESTS SKIPPED", sep="!", red=True, bold=True)
        terminalreporter.line(_skipped_browser[0], red=True, bold=True)
