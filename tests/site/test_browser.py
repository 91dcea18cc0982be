"""The site in a real browser: no request leaves 127.0.0.1, Chinese search works, pages print cleanly."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.site]

LOCAL_SCHEMES = ("data", "blob", "about")


@pytest.fixture
def page(recording_page: Any) -> Any:
    """A fresh desktop-sized page that records every request it makes (conftest's ``recording_page``)."""
    return recording_page


def _off_host(urls: list[str]) -> list[str]:
    return [u for u in urls if urlsplit(u).scheme not in LOCAL_SCHEMES and urlsplit(u).hostname != "127.0.0.1"]


def test_no_page_makes_a_request_off_127_0_0_1(page: Any, site_url: str, built_site: Path) -> None:
    """Every page of the site, fully loaded, asks only 127.0.0.1 for anything."""
    paths = sorted(p.relative_to(built_site).parent.as_posix() for p in built_site.rglob("index.html"))
    assert {".", "measures", "guide", "qa", "sources"} <= set(paths)
    for path in paths:
        page.goto(site_url + ("" if path == "." else path + "/"), wait_until="networkidle")
    assert len(page.requests) > len(paths)
    assert [] == _off_host(page.requests)


def _search(page: Any, site_url: str, term: str) -> list[str]:
    page.goto(site_url, wait_until="networkidle")
    box = page.locator("input.md-search__input")
    box.click()
    box.fill(term)
    box.dispatch_event("keyup")  # Material's search listens to keyup, which fill() does not send
    page.wait_for_selector("a.md-search-result__link", timeout=15_000)
    hrefs: list[str] = page.eval_on_selector_all("a.md-search-result__link", "els => els.map(e => e.href)")
    return [urlsplit(h).path.replace(urlsplit(site_url).path, "/", 1) + "#" + urlsplit(h).fragment for h in hrefs]


@pytest.mark.parametrize(
    ("term", "expected"),
    [
        ("关键信息基础设施", "/measures/#measures-4"),  # 第四条第二款: CII operators report within 1 hour
        ("个人信息", "/guide/#guide-3-indicators"),  # 三、较大 通常情况下 5: 100万人以上
        ("勒索软件", "/measures/#measures-7"),  # 第七条第一款第（二）项: ransom amount, method, date
    ],
)
def test_chinese_search_finds_the_right_passage(page: Any, site_url: str, term: str, expected: str) -> None:
    """Searching a legal term in Chinese lists the article or annex section that contains it."""
    results = _search(page, site_url, term)
    assert expected in results, f"{term}: {results}"
    assert [] == _off_host(page.requests)


def test_a_permalink_lands_on_its_paragraph(page: Any, site_url: str, artifacts: Path) -> None:
    """Opening #measures-4-2 shows that paragraph, highlighted as the link's target."""
    page.goto(site_url + "measures/#measures-4-2", wait_until="networkidle")
    target = page.locator("#measures-4-2")
    assert target.evaluate("el => el.matches(':target')")
    assert target.is_visible()
    box = target.bounding_box()
    assert box is not None and 0 <= box["y"] < 900
    assert "第二款" == page.locator("#measures-4-2 a.law-ref").inner_text()
    page.screenshot(path=str(artifacts / "measures-desktop.png"))


def test_print_layout_hides_navigation_and_search(page: Any, site_url: str) -> None:
    """Printed, a text page shows the text without header, tabs, sidebars or search."""
    page.goto(site_url + "measures/", wait_until="networkidle")
    page.emulate_media(media="print")
    hidden = page.evaluate(
        """() => ['.md-header', '.md-tabs', '.md-sidebar--primary', '.md-sidebar--secondary', '.md-search', '.md-footer']
            .map(s => document.querySelector(s))
            .filter(Boolean)
            .every(el => getComputedStyle(el).display === 'none')"""
    )
    assert hidden
    assert page.locator("#measures-4-2").is_visible()


@pytest.mark.parametrize("path", ["", "measures/", "guide/", "qa/", "sources/"])
def test_pages_fit_a_phone_screen(browser: Any, site_url: str, artifacts: Path, path: str) -> None:
    """At 390 px wide no page scrolls sideways (wide tables scroll inside themselves)."""
    context = browser.new_context(viewport={"width": 390, "height": 844}, device_scale_factor=2, is_mobile=True)
    page = context.new_page()
    page.goto(site_url + path, wait_until="networkidle")
    overflow = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
    page.screenshot(path=str(artifacts / f"phone-{path.strip('/') or 'home'}.png"))
    context.close()
    assert overflow <= 0


def test_desktop_screenshots(page: Any, site_url: str, artifacts: Path) -> None:
    """Home, text and annex render with Chinese glyphs (screenshots kept for review)."""
    for path, name in [("", "home"), ("guide/#guide-compare", "guide-compare"), ("guide/", "guide")]:
        page.goto(site_url + path, wait_until="networkidle")
        page.screenshot(path=str(artifacts / f"{name}-desktop.png"))
    assert page.locator("h1").first.inner_text().startswith("网络安全事件分级指南")
