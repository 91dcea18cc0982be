"""The English edition's administrators' pages, in English: the intranet page with its own server
settings and offline control, and its own self-check (issue 18)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from html import escape
from pathlib import Path
from typing import Any

import pytest

from build_scripts import hosting

pytestmark = pytest.mark.site

# Chinese an English page may show, in its text or its labels (title, aria-label, placeholder,
# alt): the law's quoted titles (《…》), text marked lang="zh…" (the language switch's 中文), and
# the "unofficial translation" banner's own Chinese label.
BANNER = "Unofficial translation · 非官方译文"
CHINESE_TEXT = """() => {
    const found = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const text = node.data.replace(/《[^》]*》/g, "");
        if (!/[\\u3400-\\u9fff]/.test(text)) continue;
        const element = node.parentElement;
        const marked = element.closest("[lang]");
        if (marked && marked.lang.startsWith("zh")) continue;
        if (element.closest(".admonition-title") && element.closest(".admonition-title").textContent.trim() === BANNER) continue;
        if (["SCRIPT", "STYLE", "NOSCRIPT"].includes(element.tagName)) continue;
        found.push(text.trim().slice(0, 80));
    }
    for (const element of document.querySelectorAll("[title], [aria-label], [placeholder], [alt]")) {
        const marked = element.closest("[lang]");
        if (marked && marked.lang.startsWith("zh")) continue;
        for (const name of ["title", "aria-label", "placeholder", "alt"]) {
            const value = (element.getAttribute(name) || "").replace(/《[^》]*》/g, "");
            if (/[\u3400-\u9fff]/.test(value)) found.push(`${name}="${value.slice(0, 80)}"`);
        }
    }
    return found;
}""".replace("BANNER", repr(BANNER))


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    """A fresh page (service workers allowed, for the offline control)."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, service_workers="allow")
    yield context.new_page()
    context.close()


def test_the_english_intranet_page_and_its_offline_control_are_english(page: Any, site_url: str) -> None:
    """/en/intranet/: no Chinese outside quoted titles, the offline control ready to turn on, in English."""
    page.goto(site_url + "en/intranet/", wait_until="networkidle")
    page.wait_for_selector("[data-offline='off'] [data-offline-enable]", state="visible", timeout=15_000)
    status = page.inner_text(".offline-status")
    snippet = page.inner_text("[data-snippet]")
    assert [] == page.evaluate(CHINESE_TEXT)
    assert status.startswith("Off. Turned on, this browser keeps every page of this site (both editions)")
    assert f'<script src="{site_url}embed.js" defer></script>' in snippet


def test_the_english_self_check_runs_in_english(page: Any, site_url: str) -> None:
    """/en/selfcheck/ checks the site's server (Pyodide at the root), every line in English."""
    page.goto(site_url + "en/selfcheck/")
    page.wait_for_selector("#selfcheck-results[data-done='true']", timeout=30_000)
    lines = page.locator("#selfcheck-results li").all_inner_texts()
    wasm = [line for line in lines if "pyodide.asm.wasm is sent as" in line]
    assert [] == page.evaluate(CHINESE_TEXT)
    assert len(lines) >= 10 and all(re.match(r"(✓ OK|✗ Must be fixed|△ Recommended): ", line) for line in lines)
    assert ["✓ OK: pyodide.asm.wasm is sent as “application/wasm”"] == wasm


def test_the_english_settings_are_the_same_blocks_with_english_comments(built_site: Path) -> None:
    """en/intranet/ prints the five settings, each equal to its file in en/hosting/, under the site's one policy."""
    html = (built_site / "en" / "intranet" / "index.html").read_text(encoding="utf-8")
    blocks = dict(re.findall(r'data-server-config="([a-z-]+)"><code[^>]*>(.*?)</code></pre>', html, re.S))
    files = {n: (built_site / "en" / "hosting" / f).read_text(encoding="utf-8") for n, f in hosting.FILES.items()}
    site_policy = (built_site / "hosting" / "csp-policy.txt").read_text(encoding="utf-8").strip()
    embed_policy = (built_site / "hosting" / "csp-policy-embed.txt").read_text(encoding="utf-8").strip()
    assert sorted(hosting.FILES) == sorted(blocks)
    assert hosting.settings(site_policy, embed_policy, "en") == files
    assert {n: escape(t, quote=False) for n, t in files.items()} == blocks
    assert [] == [n for n, text in files.items() if re.search(r"[\u3400-\u9fff]", text)]
    assert 'href="../selfcheck/"' in html and "../../selfcheck/" not in html


@pytest.mark.parametrize("path", ["en/intranet/", "en/selfcheck/", "en/offline/"])
def test_the_english_admin_pages_have_no_accessibility_violations(
    page: Any, site_url: str, axe: Any, path: str
) -> None:
    """axe-core (WCAG 2.1 A/AA) on the English intranet, self-check and offline pages."""
    page.goto(site_url + path, wait_until="networkidle")
    assert [] == axe(page)
