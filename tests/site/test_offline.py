"""Offline after the first visit: opt in, lose the server and the network, and still read, search and ask."""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

import pytest

from build_scripts import offline

pytestmark = [pytest.mark.browser, pytest.mark.site]

READY = 60_000  # ms
PATH = ("involves_cii=no&central_state_organ=no&level=major&sectors=none&suspected_crime=no"
        "&ransomware=no&state_secret=no&t=2025-11-03T23:40")  # fmt: skip


def _constants(site: Path) -> tuple[str, list[str]]:
    text = (site / "sw.js").read_text(encoding="utf-8")
    version = re.search(r'^const VERSION = "([0-9a-f]{12})";$', text, re.M)
    files = re.search(r"^const FILES = (\[.*\]);$", text, re.M)
    assert version is not None and files is not None
    return version.group(1), json.loads(files.group(1))


def test_the_worker_keeps_the_pages_the_search_and_the_calculator(built_site: Path) -> None:
    """sw.js lists the text pages, the search index, the calculator's files and Pyodide, and nothing skipped."""
    version, files = _constants(built_site)
    wheel = next(built_site.glob("assets/check/*/*.whl")).relative_to(built_site).as_posix()
    siblings = (".gz", ".br")  # compressed copies written after sw.js (build_scripts/mkdocs_hooks_compress.py)
    pyodide = sorted(
        p.relative_to(built_site).as_posix() for p in built_site.glob("pyodide/*/*") if p.suffix not in siblings
    )
    must = {
        "./",
        "measures/",
        "guide/",
        "qa/",
        "check/",
        "intranet/",
        "offline/",
        "search/search_index.json",
        "assets/check/worker.js",
        "assets/texts.zh.json",
        "assets/texts.en.json",
        wheel,
        *pyodide,
        # the English edition, whole
        "en/",
        "en/measures/",
        "en/guide/",
        "en/check/",
        "en/intranet/",
        "en/selfcheck/",
        "en/offline/",
        "en/search/search_index.json",
    }
    skipped = ("check/s/", "hosting/", "en/check/s/", "en/hosting/")
    assert set() == must - set(files)
    assert [] == [f for f in files if f.startswith(skipped) or f.endswith((".map", *siblings))]
    assert offline.version(built_site, files) == version


def test_every_page_a_kept_page_links_to_is_kept(built_site: Path) -> None:
    """The citations, the language switch and every other link from a kept page to a page of the site lead to a kept page."""
    _, files = _constants(built_site)
    pages = {f for f in files if f.endswith("/")}
    missing = set()
    for page in sorted(pages):
        base = urljoin("http://site/", page)
        html = (
            (built_site / page / "index.html").read_text(encoding="utf-8")
            if page != "./"
            else (built_site / "index.html").read_text(encoding="utf-8")
        )
        for href in re.findall(r'href="([^"#]*)(?:#[^"]*)?"', html):
            target = urljoin(base, href)
            if target.startswith("http://site/") and target.endswith("/"):
                relative = target.removeprefix("http://site/") or "./"
                if (built_site / relative / "index.html").exists() and relative not in pages:
                    missing.add(f"{page} → {relative}")
    assert len(pages) >= 25
    assert set() == missing


@pytest.fixture
def site_copy(built_site: Path, tmp_path: Path) -> Path:
    """A copy of the built site that a test may change."""
    copy = tmp_path / "site"
    shutil.copytree(built_site, copy)
    return copy


@pytest.fixture
def context(browser: Any) -> Iterator[Any]:
    """A fresh browser profile (service workers allowed)."""
    created = browser.new_context(viewport={"width": 1280, "height": 900}, service_workers="allow")
    yield created
    created.close()


def _opt_in(page: Any, url: str) -> None:
    page.goto(url + "intranet/", wait_until="networkidle")
    page.locator("[data-offline-enable]").click()
    page.wait_for_selector("[data-offline='ready']", timeout=120_000)


def test_after_opting_in_the_site_works_without_server_or_network(
    context: Any, site_copy: Path, serve: Any, search: Any
) -> None:
    """Opted in on 嵌入到内网, then with the server stopped and the browser offline: a deep-linked result, the Measures, a search."""
    page = context.new_page()
    with serve(site_copy) as url:
        _opt_in(page, url)
        caches = page.evaluate("caches.keys()")
    context.set_offline(True)
    page.goto(url + "check/#" + PATH)
    page.wait_for_selector("[data-calculator='ready']", timeout=READY)
    page.wait_for_selector("#ic-result", timeout=15_000)
    verdict = page.get_attribute(".ic-headline", "class")
    page.goto(url + "measures/#measures-4")
    heading = page.inner_text("#measures-4")
    hrefs = search(page, "勒索软件")
    assert [f"incident-guide-{_constants(site_copy)[0]}"] == caches
    assert "ic-verdict-report" in verdict
    assert heading.startswith("第四条")
    assert any(h.endswith("#measures-7") for h in hrefs), hrefs


def test_pages_come_from_the_network_first_and_an_update_replaces_the_old_cache(
    context: Any, site_copy: Path, serve: Any
) -> None:
    """With the network back, an amended page shows at once; a new build's worker removes the old version's cache."""
    page = context.new_page()
    with serve(site_copy) as url:
        _opt_in(page, url)
        before = page.evaluate("caches.keys()")
        page_file = site_copy / "sources" / "index.html"
        page_file.write_text(
            page_file.read_text(encoding="utf-8").replace("</article>", "<p id='amended'>修订</p></article>", 1),
            encoding="utf-8",
        )
        page.goto(url + "sources/", wait_until="networkidle")
        amended = page.locator("#amended").count()
        offline.write(site_copy)  # as a rebuild would: a new VERSION
        page.goto(url + "intranet/", wait_until="networkidle")
        page.evaluate("navigator.serviceWorker.getRegistration().then(r => r.update())")
        after = page.evaluate(
            """async (old) => {
                for (let i = 0; i < 600; i++) {
                    const keys = await caches.keys();
                    if (keys.length === 1 && keys[0] !== old) return keys;
                    await new Promise((resolve) => setTimeout(resolve, 200));
                }
                return caches.keys();
            }""",
            before[0],
        )
    assert (1, [f"incident-guide-{_constants(site_copy)[0]}"]) == (amended, after)
    assert before != after


def test_opted_in_on_the_english_page_the_english_edition_works_offline_and_an_unkept_page_says_so(
    context: Any, site_copy: Path, serve: Any
) -> None:
    """Opted in on /en/intranet/, offline: /en/check/, /en/guide/, /en/intranet/ open; an unkept page shows the edition's offline page."""
    page = context.new_page()
    with serve(site_copy) as url:
        page.goto(url + "en/intranet/", wait_until="networkidle")
        page.locator("[data-offline-enable]").click()
        page.wait_for_selector("[data-offline='ready']", timeout=120_000)
        ready = page.inner_text(".offline-status")
    context.set_offline(True)
    headings = {}
    for path in ("en/check/", "en/guide/", "en/intranet/", "measures/"):
        page.goto(url + path)
        headings[path] = page.inner_text("h1")
    unkept = {}
    for path in ("en/check/s/start.html", "check/s/start.html", "hosting/nginx-http.conf"):
        page.goto(url + path)
        unkept[path] = (
            page.url.removeprefix(url),
            page.locator("html").get_attribute("lang"),
            page.locator("#offline").count(),
        )
    assert ready.startswith("On: this browser keeps this site")
    assert {
        "en/check/": "Incident-reporting check",
        "en/guide/": "Cybersecurity Incident Grading Guide",
        "en/intranet/": "Embedding on an intranet",
        "measures/": "国家网络安全事件报告管理办法",
    } == {path: heading.split("\n")[0].removesuffix("#") for path, heading in headings.items()}
    assert {
        "en/check/s/start.html": ("en/offline/", "en", 1),
        "check/s/start.html": ("offline/", "zh-Hans", 1),
        "hosting/nginx-http.conf": ("offline/", "zh-Hans", 1),
    } == unkept
