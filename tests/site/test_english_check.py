"""The questionnaire in English: the English check page, the embed page with lang=en, the English
static pages and decision tables — the same behaviour as the Chinese ones, marked unofficial."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from decision_tree.tree import paths

ROOT = Path(__file__).resolve().parent.parent.parent
READY = 60_000
CJK = re.compile(r"[\u4e00-\u9fff]")


def test_the_page_scripts_write_no_chinese() -> None:
    """check.js and worker.js take every word from ui.toml (sent in data-texts), none from code."""
    for name in ("check.js", "worker.js"):
        code = [
            line.split("//")[0]
            for line in (ROOT / "docs" / "assets" / "check" / name).read_text(encoding="utf-8").splitlines()
            if not line.strip().startswith("//")
        ]
        assert [] == [line for line in code if CJK.search(line)], name


@pytest.mark.site
def test_english_static_pages_and_decision_tables(built_site: Path) -> None:
    """Every state has its English static page; nine English decision tables by kind of operator,
    which together list every path and name every recipient, the police and regulators included."""
    english = built_site / "en" / "check" / "s"
    chinese = built_site / "check" / "s"
    names = {p.name for p in chinese.glob("*.html")}
    assert names == {p.name for p in english.glob("*.html")}
    start = (english / "start.html").read_text(encoding="utf-8")
    assert '<html lang="en">' in start and "Unofficial translation." in start
    tables = sorted(english.glob("table-*.html"))
    assert 9 == len(tables)
    rows = sum(t.read_text(encoding="utf-8").count("<tr><td>") for t in tables)
    assert sum(1 for _ in paths()) == rows
    every = " ".join(t.read_text(encoding="utf-8") for t in tables)
    for recipient in (
        "public security organ",
        "competent sector regulator",
        "local provincial cyberspace administration",
    ):
        assert recipient in every, recipient
    zh = (chinese / "table-y-n.html").read_text(encoding="utf-8")
    assert "公安机关" in zh and "行业主管监管部门" in zh


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    """A desktop-sized page recording script errors."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    tab.errors = []
    tab.on("pageerror", lambda error: tab.errors.append(str(error)))
    yield tab
    context.close()


@pytest.mark.browser
@pytest.mark.site
def test_english_check_page_reaches_the_same_result_as_the_command_line(
    page: Any, site_url: str, assess_page: Any, report_rows: Any
) -> None:
    """On en/check/, clicking Yes, No, major, "About 30 minutes ago" gives the command line's
    reports, in English, marked unofficial, with citations into the English edition."""
    page.goto(site_url + "en/check/")
    assert "Does the incident involve critical information infrastructure" in page.inner_text("#ic-question")
    page.wait_for_selector("[data-calculator='ready']", timeout=READY)
    assert "The calculator is ready." == page.inner_text(".ic-status")
    for label in ("Yes", "No", "Major 重大", "About 30 minutes ago"):
        page.locator(f'#ic-question a.ic-option:text-is("{label}")').click()
        page.wait_for_timeout(300)
    page.wait_for_selector("#ic-result", timeout=15_000)
    expected = assess_page(page)
    assert [(r["to"], r["due_at"]) for r in expected["reports"]] == report_rows(page)
    assert "You must report" in page.inner_text(".ic-verdict")
    assert "Unofficial translation." in page.inner_text(".ic-view")
    href = page.locator("tr[data-to] td:last-child a.ic-cite").first.get_attribute("href")
    assert href and href.startswith("../measures/#measures-4-")  # the English edition's Measures
    assert re.search(r"\d+ min \d\d s left", page.inner_text(".ic-next-list"))
    assert [] == page.errors


@pytest.mark.browser
@pytest.mark.site
def test_english_static_path_without_webassembly(browser: Any, site_url: str) -> None:
    """No WebAssembly on the English page: the reason in English, and the English static pages lead on."""
    page = browser.new_page()
    page.add_init_script("delete globalThis.WebAssembly")
    page.goto(site_url + "en/check/")
    page.wait_for_selector("[data-calculator='static']", timeout=10_000)
    assert "does not support WebAssembly" in page.inner_text(".ic-status")
    for label in ("No", "No", "Relatively major 较大"):
        page.locator(f'a.ic-option:text-is("{label}")').first.click()
        page.wait_for_load_state()
    assert "/en/check/s/n-n-rm.html" in page.url
    assert "You must report" in page.inner_text(".ic-verdict")
    page.close()


@pytest.mark.browser
@pytest.mark.site
def test_embed_in_english_under_the_strict_policy(browser: Any, strict_site_url: str) -> None:
    """The embed page with lang=en (data-lang="en") renders English under the strict policy."""
    page = browser.new_page()
    violations: list[str] = []
    page.on("console", lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None)
    page.goto(strict_site_url + "embed/#involves_cii=no&central_state_organ=no&level=major&t=unsure&lang=en")
    page.wait_for_selector("[data-calculator='ready']", timeout=READY)
    page.wait_for_selector("#ic-result", timeout=15_000)
    assert "You must report" in page.inner_text(".ic-verdict")
    assert "due time to be confirmed" in page.inner_text(".ic-next-list")
    assert [] == violations
    page.close()


@pytest.mark.browser
@pytest.mark.site
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_english_result_has_no_accessibility_violations(browser: Any, site_url: str, scheme: str, axe: Any) -> None:
    """axe-core (WCAG 2.1 A/AA) finds nothing on an English result, in both colour schemes, and it
    fits a 320 px phone."""
    context = browser.new_context(viewport={"width": 320, "height": 800}, color_scheme=scheme)
    page = context.new_page()
    page.goto(site_url + "en/check/#involves_cii=unknown&central_state_organ=no&level=major&t=2025-11-03T23:40")
    page.wait_for_selector("[data-calculator='ready']", timeout=READY)
    page.wait_for_selector("#ic-result", timeout=15_000)
    assert [] == axe(page)
    assert page.evaluate("document.documentElement.scrollWidth - innerWidth") <= 0
    context.close()
