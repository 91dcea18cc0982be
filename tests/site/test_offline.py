"""Offline after the first visit: opt in, lose the server and the network, and still read, search and ask."""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

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
        "search/search_index.json",
        "assets/check/worker.js",
        wheel,
        *pyodide,
    }
    assert set() == must - set(files)
    assert [] == [f for f in files if f.startswith(("check/s/", "hosting/", "en/")) or f.endswith((".map", *siblings))]
    assert offline.version(built_site, files) == version


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
