"""The whole site under the strict Content-Security-Policy the build prints: no violation on any page."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from build_scripts import hosting

READY = 60_000  # ms; the calculator takes ~5 s here, more on a busy machine
PATH = ("involves_cii=no&central_state_organ=no&level=major&sectors=none&suspected_crime=no"
        "&ransomware=no&state_secret=no&t=2025-11-03T23:40")  # fmt: skip


@pytest.fixture(scope="module")
def site_policy(built_site: Path) -> str:
    """The policy the build wrote for the whole site."""
    return (built_site / "hosting" / "csp-policy.txt").read_text(encoding="utf-8").strip()


@pytest.fixture(scope="module")
def csp_url(built_site: Path, site_policy: str, serve: Any) -> Iterator[str]:
    """The built site served with that policy on every response."""
    with serve(built_site, {"Content-Security-Policy": site_policy}) as url:
        yield url


@pytest.fixture
def page(watched_page: Any) -> Any:
    """A page recording policy violations and script errors (``watched_page`` of conftest)."""
    return watched_page


def test_policy_is_the_strict_one_with_a_hash_per_inline_script(built_site: Path, site_policy: str) -> None:
    """The printed policy is the issue's strict policy, and lists the hash of every inline script of every page."""
    hashes = re.findall(r"'sha256-[A-Za-z0-9+/=]+'", site_policy)
    assert hosting.policy(hashes) == site_policy
    found = {
        hosting.script_hash(source)
        for page in built_site.rglob("*.html")
        for source in hosting.inline_scripts(page.read_text(encoding="utf-8"))
    }
    assert len(found) >= 3  # Material's scope, palette and tab scripts
    assert set() == found - set(hashes)


def test_no_page_has_inline_style_or_event_handlers(built_site: Path) -> None:
    """No HTML file under the site has a style attribute, a style element or an on… handler (style-src 'self')."""
    pattern = re.compile(r"""<style\b|\sstyle=|\son[a-z]+=["']""", re.IGNORECASE)
    offenders = [
        f"{page.relative_to(built_site)}: {match.group(0).strip()}"
        for page in sorted(built_site.rglob("*.html"))
        for match in pattern.finditer(page.read_text(encoding="utf-8"))
    ]
    assert [] == offenders[:10]


def _pages(site: Path) -> list[str]:
    """Every page except the ~1,100 static questionnaire pages, of which three (one template) are visited."""
    pages = sorted(
        p.relative_to(site).as_posix() for p in site.rglob("*.html") if "/check/s/" not in "/" + p.as_posix()
    )
    static = sorted(p.relative_to(site).as_posix() for p in (site / "check" / "s").glob("*.html"))
    return [*pages, static[0], "check/s/start.html", "check/s/table.html"]


@pytest.mark.browser
@pytest.mark.site
def test_every_page_loads_without_a_violation(page: Any, csp_url: str, built_site: Path) -> None:
    """Every themed page, the plain pages and the 404 page, fully loaded, report no CSP violation."""
    pages = [p for p in _pages(built_site) if (built_site / p).exists()]
    assert {"index.html", "measures/index.html", "intranet/index.html", "embed/index.html"} <= set(pages)
    seen = {}
    for path in pages:
        page.goto(csp_url + path.removesuffix("index.html"), wait_until="networkidle")
        seen[path] = page.violations()
    assert {} == {path: problems for path, problems in seen.items() if problems}


@pytest.mark.browser
@pytest.mark.site
def test_palette_toggle_works_under_the_policy(page: Any, csp_url: str) -> None:
    """The dark-mode toggle switches the colour scheme, and the choice survives a reload."""
    page.goto(csp_url + "measures/", wait_until="networkidle")
    before = page.get_attribute("body", "data-md-color-scheme")
    page.locator("form[data-md-component=palette] label:visible").first.click()
    after = page.get_attribute("body", "data-md-color-scheme")
    page.reload(wait_until="networkidle")
    assert ("default", "slate", "slate") == (before, after, page.get_attribute("body", "data-md-color-scheme"))
    assert [] == page.violations()


@pytest.mark.browser
@pytest.mark.site
def test_search_works_under_the_policy(page: Any, csp_url: str, search: Any) -> None:
    """Search starts (its worker and index load) and lists the passage for 勒索软件."""
    page.goto(csp_url + "measures/", wait_until="networkidle")
    hrefs = search(page, "勒索软件")
    assert any(h.endswith("#measures-7") for h in hrefs), hrefs
    assert [] == page.violations()


@pytest.mark.browser
@pytest.mark.site
def test_calculator_works_under_the_policy(page: Any, csp_url: str) -> None:
    """On the themed questionnaire page the calculator starts in its worker and shows a result."""
    page.goto(csp_url + "check/#" + PATH)
    page.wait_for_selector("[data-calculator='ready']", timeout=READY)
    page.wait_for_selector("#ic-result", timeout=15_000)
    assert "ic-verdict-report" in page.get_attribute(".ic-headline", "class")
    assert [] == page.violations()
