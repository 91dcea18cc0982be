"""Shared fixtures: the data, the verified sources, a built site, a local server, a browser.

Browser tests need Debian's Chromium at /usr/bin/chromium (never a downloaded browser). When it
is missing they skip, and the run ends with a loud banner saying so; under CI (``CI`` set) a
missing browser is an error instead, because CI always installs one.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import json
import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any, ClassVar
from urllib.parse import urlsplit

import pytest

from build_scripts.chromium import CHROMIUM, CHROMIUM_ARGS
from decision_tree.load import load_law
from decision_tree.model import Law

ROOT = Path(__file__).resolve().parent.parent.parent
SHARED_SOURCES = ROOT.parent / "shared" / "sources"

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
    """The whole site, built with ``mkdocs build --strict``: Chinese into it, English into ``en/``."""
    site = tmp_path_factory.mktemp("site")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    for config, target in (("mkdocs.yml", site), ("mkdocs.en.yml", site / "en")):  # zh first: it empties site
        result = subprocess.run(
            [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "-f", config, "--site-dir", str(target)],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        assert result.returncode == 0, f"mkdocs build --strict -f {config} failed:\n{result.stderr}"
    return site


STRICT_CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; worker-src 'self'; connect-src 'self'"


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    extra_headers: ClassVar[dict[str, str]] = {}

    def end_headers(self) -> None:
        """Add the server's extra headers (a Content-Security-Policy, say) to every response."""
        for name, value in self.extra_headers.items():
            self.send_header(name, value)
        super().end_headers()

    def log_message(self, format: str, *args: Any) -> None:
        """Keep test output clean."""


class _Server(http.server.ThreadingHTTPServer):
    def handle_error(self, request: Any, client_address: Any) -> None:
        """A browser closing a page mid-download is normal here, not an error to print."""


@contextlib.contextmanager
def _serve(directory: Path, headers: dict[str, str] | None = None) -> Iterator[str]:
    """Serve ``directory`` on 127.0.0.1 (a free port) with extra headers; yields the base URL."""
    handler_class = type("Handler", (_QuietHandler,), {"extra_headers": headers or {}})
    handler = functools.partial(handler_class, directory=str(directory))
    server = _Server(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="session")
def site_url(built_site: Path) -> Iterator[str]:
    """The built site served on 127.0.0.1 (a free port), as ``http://127.0.0.1:PORT/``."""
    with _serve(built_site) as url:
        yield url


@pytest.fixture(scope="session")
def strict_site_url(built_site: Path) -> Iterator[str]:
    """The built site served with the strict Content-Security-Policy intranet hosts use."""
    with _serve(built_site, {"Content-Security-Policy": STRICT_CSP}) as url:
        yield url


def command_line(fragment: str) -> dict[str, Any]:
    """What `python -m decision_tree assess` prints for the answers in a URL fragment — the
    browser tests compare the page with the command line itself."""
    from decision_tree.web import parse_fragment

    run = subprocess.run(
        [sys.executable, "-m", "decision_tree", "assess"],
        input=json.dumps(parse_fragment(fragment).engine_input()),
        capture_output=True,
        text=True,
        check=True,
    )
    result: dict[str, Any] = json.loads(run.stdout)
    return result


@pytest.fixture(scope="session")
def assess_page() -> Any:
    """``assess_page(page)``: the command line's result for the answers in the page's address."""
    from urllib.parse import unquote, urlsplit

    return lambda page: command_line(unquote(urlsplit(page.url).fragment))


AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
AXE_RUN = """async () => (await axe.run(document, {runOnly: {type: 'tag',
    values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}}))
  .violations.map(v => `${v.id}: ${v.nodes.length} × ${v.nodes[0].target.join(' ')}`)"""


# The page as a reader sees it once it has settled: on the questionnaire page the theme's scripts
# run late (assets/theme-after.js) and fade parts of the header in or out as they start, which
# axe would otherwise catch half-way (a colour between two colours).
SETTLED = """() => (!document.querySelector('link[data-theme-script]') || typeof window.document$ === 'object')
  && document.getAnimations().every(animation => animation.playState !== 'running')"""


def axe_violations(page: Any) -> list[str]:
    """axe-core's WCAG 2.1 A/AA violations on the open page, settled (axe comes from npm, never a network)."""
    if not AXE.exists():
        pytest.fail(f"{AXE} is missing: run npm ci --ignore-scripts (make test does)")
    page.wait_for_function(SETTLED, timeout=20_000)
    if not page.evaluate("typeof axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE))
    return list(page.evaluate(AXE_RUN))


@pytest.fixture(scope="session")
def axe() -> Any:
    """``axe(page)``: axe-core's WCAG 2.1 A/AA violations on the open page."""
    return axe_violations


RECORD_VIOLATIONS = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", (event) => window.__violations.push(
  `${event.violatedDirective} blocked ${event.blockedURI || "inline"} in ${event.sourceFile}:${event.lineNumber}`));
"""


@contextlib.contextmanager
def _recording(browser: Any, width: int, *, frames: bool) -> Iterator[Any]:
    """A page 900 px high recording the URL of every request it makes (``page.requests``); with
    ``frames``, every request of its context: its frames' and workers' too."""
    context = browser.new_context(viewport={"width": width, "height": 900})
    tab = context.new_page()
    tab.requests = []
    (context if frames else tab).on("request", lambda request: tab.requests.append(request.url))
    yield tab
    context.close()


@pytest.fixture
def recording_page(browser: Any) -> Iterator[Any]:
    """A desktop-sized page that records the URL of every request it makes (``page.requests``)."""
    with _recording(browser, 1280, frames=False) as tab:
        yield tab


@pytest.fixture
def watched_page(browser: Any) -> Iterator[Any]:
    """A desktop-sized page that records Content-Security-Policy violations (events and console
    messages) and script errors; ``page.violations()`` lists them."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.add_init_script(RECORD_VIOLATIONS)
    tab = context.new_page()
    problems: list[str] = []
    tab.on("console", lambda m: problems.append(m.text) if "Content Security Policy" in m.text else None)
    tab.on("pageerror", lambda error: problems.append(str(error)))
    tab.violations = lambda: list(tab.evaluate("window.__violations")) + problems
    yield tab
    context.close()


def search_links(page: Any, term: str) -> list[str]:
    """Type ``term`` into Material's search box on the open page; the result links' hrefs."""
    box = page.locator("input.md-search__input")
    box.click()
    box.fill(term)
    box.dispatch_event("keyup")  # Material's search listens to keyup, which fill() does not send
    page.wait_for_selector("a.md-search-result__link", timeout=15_000)
    hrefs: list[str] = page.eval_on_selector_all(
        "a.md-search-result__link", "els => els.map(e => e.getAttribute('href'))"
    )
    return hrefs


@pytest.fixture(scope="session")
def search() -> Any:
    """``search(page, term)``: the hrefs Material's search lists for ``term`` on the open page."""
    return search_links


def _report_rows(page: Any) -> list[tuple[str | None, str | None]]:
    rows = page.locator("tr[data-to]")
    out = []
    for i in range(rows.count()):
        due = rows.nth(i).locator("time.ic-due")
        out.append((rows.nth(i).get_attribute("data-to"), due.get_attribute("datetime") if due.count() else None))
    return out


@pytest.fixture(scope="session")
def report_rows() -> Any:
    """``report_rows(page)``: (recipient id, due time or None) of every report row on the page."""
    return _report_rows


@pytest.fixture(scope="session")
def serve() -> Any:
    """``serve(directory, headers)``: a context manager serving a folder on a free port of 127.0.0.1."""
    return _serve


# The host page of the embedding tests: it counts the widget's result events.
HOST_SCRIPT = """
window.__events = [];
document.addEventListener("incident-guide:result", (event) => {
  window.__events.push(event.detail);
  document.body.dataset.events = String(window.__events.length);
});
"""
# A runbook page as an intranet writes it, in its language: its title and heading around the widget.
HOST_PAGES = {
    "zh": ("zh-Hans", "应急预案", "<h1>网络安全事件应急预案</h1><p>值班电话：8001。</p>"),
    "en": ("en", "Runbook", "<h1>Incident runbook</h1>"),
}


@pytest.fixture
def embedding_page(browser: Any) -> Iterator[Any]:
    """A page for a runbook page embedding the guide (:func:`host`), recording every request it, or
    its frames and workers, makes (``page.requests``)."""
    with _recording(browser, 1100, frames=True) as tab:
        yield tab


@pytest.fixture
def host(tmp_path: Path, site_url: str) -> Iterator[Any]:
    """A runbook page on another origin (another port), with a strict CSP of its own, embedding the
    guide as the 嵌入到内网 page shows: yields (url, make); ``make(attributes, lang="zh")`` writes
    the page with those attributes on the embedding's element and returns its path."""
    guide = urlsplit(site_url)
    guide_origin = f"{guide.scheme}://{guide.netloc}"
    (tmp_path / "host.js").write_text(HOST_SCRIPT, encoding="utf-8")
    csp = f"default-src 'self'; script-src 'self' {guide_origin}; frame-src {guide_origin}"

    def make(attributes: str, lang: str = "zh") -> str:
        code, title, heading = HOST_PAGES[lang]
        (tmp_path / "index.html").write_text(
            f'<!doctype html><html lang="{code}"><head><meta charset="utf-8"><title>{title}</title>'
            f'<script src="host.js"></script></head><body><main>{heading}'
            f"<div data-incident-guide {attributes}></div>"
            f'<script src="{site_url}embed.js" defer></script></main></body></html>',
            encoding="utf-8",
        )
        return "index.html"

    with _serve(tmp_path, {"Content-Security-Policy": csp}) as url:
        yield url, make


@pytest.fixture(scope="session")
def playwright() -> Iterator[Any]:
    """Playwright, driving Debian's Chromium; skips loudly (fails under CI) when there is none."""
    if not CHROMIUM.exists():
        message = f"NO BROWSER: {CHROMIUM} is missing — install Debian's chromium (see README)"
        if os.environ.get("CI"):
            pytest.fail(message + "; CI must run the browser tests")
        _skipped_browser.append(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as instance:
        yield instance


@pytest.fixture(scope="session")
def browser(playwright: Any) -> Iterator[Any]:
    """Headless Debian Chromium with the flags this machine needs."""
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
