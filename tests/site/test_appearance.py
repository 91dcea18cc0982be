"""Appearance in a real browser: both colour schemes, contrast, phone widths, the embed's clipboard.

Colour schemes are emulated with Playwright's ``color_scheme``: the plain pages (embed, static,
decision table) follow ``prefers-color-scheme`` themselves; Material's pages follow it on a first
visit (no ``__palette`` stored), which each test checks before it looks at colours.

Widths are measured in a desktop-style context (``is_mobile`` off): an emulated phone widens its
layout viewport to the content, so ``scrollWidth - innerWidth`` would stay 0 on a page that is in
fact wider than the screen.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.site]

READY = 60_000  # ms; the calculator takes ~5 s here, more on a busy machine
SCHEMES = ("light", "dark")
WIDTHS = (320, 390)
AA = 4.5  # WCAG 2.1 1.4.3, normal text

REST = "&sectors=none&suspected_crime=no&ransomware=no&state_secret=no"
RESULTS = {  # one state per kind of result
    "must-report-cii": "involves_cii=yes&central_state_organ=no&level=major" + REST,
    "general-no-report": "involves_cii=no&central_state_organ=no&level=general&state_secret=no",
    "unknown-level": "involves_cii=no&central_state_organ=no&level=unknown" + REST,
    "central-organ-unsure-cii": "involves_cii=unknown&central_state_organ=yes&level=major" + REST,
    "below-thresholds": "involves_cii=no&central_state_organ=no&level=unknown"
    "&f.personal_info_leaked_people=80000&f.direct_economic_loss_yuan=1000000",
}
MIDWAY = "involves_cii=no&central_state_organ=no"  # the level question, with its grading helper

# The text colour over the composited background of an element, as a WCAG contrast ratio.
CONTRAST = """
(element) => {
  const parse = (value) => {
    const m = value.match(/rgba?\\(([^)]+)\\)/);
    if (!m) return null;
    const p = m[1].split(/[\\s,\\/]+/).filter(Boolean).map(Number);
    return [p[0], p[1], p[2], p.length > 3 ? p[3] : 1];
  };
  const over = (top, bottom) => [0, 1, 2].map((i) => top[i] * top[3] + bottom[i] * (1 - top[3])).concat([1]);
  const layers = [];
  for (let e = element; e; e = e.parentElement) {
    const c = parse(getComputedStyle(e).backgroundColor);
    if (c && c[3] > 0) { layers.push(c); if (c[3] >= 1) break; }
  }
  let background = [255, 255, 255, 1];
  for (const layer of layers.reverse()) background = over(layer, background);
  const text = over(parse(getComputedStyle(element).color), background);
  const lum = (c) => {
    const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
    return 0.2126 * f(c[0]) + 0.7152 * f(c[1]) + 0.0722 * f(c[2]);
  };
  const [a, b] = [lum(text), lum(background)].sort((x, y) => y - x);
  return Math.round(((a + 0.05) / (b + 0.05)) * 100) / 100;
}
"""

# What must be legible: the deadline, the countdown, every visible button of the questionnaire.
MEASURED = "time.ic-due, .ic-countdown, .ic-app button, .ic-page button"


def _recent() -> str:
    """A time of discovery ten minutes ago in Beijing time, so that every countdown is running."""
    beijing = dt.timezone(dt.timedelta(hours=8))
    return (dt.datetime.now(beijing) - dt.timedelta(minutes=10)).strftime("%Y-%m-%dT%H:%M")


@pytest.fixture
def open_page(browser: Any) -> Iterator[Any]:
    """``open_page(scheme, width)``: a fresh page in that colour scheme and viewport width."""
    contexts: list[Any] = []

    def make(scheme: str, width: int = 1280) -> Any:
        context = browser.new_context(viewport={"width": width, "height": 800}, color_scheme=scheme)
        contexts.append(context)
        tab = context.new_page()
        tab.errors = []
        tab.on("pageerror", lambda error: tab.errors.append(str(error)))
        return tab

    yield make
    for context in contexts:
        context.close()


@pytest.fixture(scope="module")
def scheme_page(browser: Any) -> Iterator[Any]:
    """``scheme_page(scheme)``: one desktop page per colour scheme, kept for the module's states."""
    pages: dict[str, Any] = {}

    def get(scheme: str) -> Any:
        if scheme not in pages:
            context = browser.new_context(viewport={"width": 1280, "height": 800}, color_scheme=scheme)
            tab = context.new_page()
            tab.on("pageerror", lambda error: tab.errors.append(str(error)))
            pages[scheme] = tab
        pages[scheme].errors = []
        return pages[scheme]

    yield get
    for tab in pages.values():
        tab.context.close()


def _show(page: Any, url: str, selector: str) -> None:
    """Open ``url``, wait for the calculator (where there is one) and for ``selector``; unfold
    every folded part (grading helper, time form, notes) so that what it holds is checked too.

    A page already showing the calculator at the same address moves by its fragment alone (the
    calculator re-renders on ``hashchange``), which spares a start of Pyodide per state."""
    live = "/s/" not in url and urlsplit(url).path.rstrip("/").endswith(("check", "embed"))
    same = page.url.split("#")[0] == url.split("#")[0] and page.locator("[data-calculator='ready']").count()
    if live and same:
        page.evaluate("() => document.querySelector('.ic-view').replaceChildren()")
        page.evaluate("(fragment) => { location.hash = fragment; }", urlsplit(url).fragment)
    else:
        page.goto(url)
    if live:
        page.wait_for_selector("[data-calculator='ready']", timeout=READY)
    page.wait_for_selector(selector, timeout=15_000)
    page.evaluate("() => { for (const d of document.querySelectorAll('.ic-app details')) d.open = true; }")


def _scheme(page: Any) -> str:
    """The scheme the page shows: Material's palette attribute, or the plain page's preference."""
    material = page.evaluate("document.body.getAttribute('data-md-color-scheme')")
    if material is not None:
        return {"default": "light", "slate": "dark"}[material]
    return "dark" if page.evaluate("matchMedia('(prefers-color-scheme: dark)').matches") else "light"


def _contrasts(page: Any) -> list[tuple[str, float]]:
    """(what, ratio) for every visible deadline, countdown and button."""
    out = []
    for element in page.locator(MEASURED).all():
        if not element.is_visible():
            continue
        what = element.evaluate("e => e.tagName === 'BUTTON' ? 'button ' + e.innerText.trim() : e.className")
        out.append((what, float(element.evaluate(CONTRAST))))
    return out


STATES = {
    "check-empty": ("check/", "[data-question='involves_cii']"),
    "check-midway": ("check/#" + MIDWAY, "[data-question='level']"),
    "check-time-question": ("check/#" + RESULTS["must-report-cii"], ".ic-question"),
    **{f"check-{kind}": ("check/#" + fragment + "&t={t}", "#ic-result") for kind, fragment in RESULTS.items()},
    "embed-result": ("embed/#" + RESULTS["must-report-cii"] + "&t={t}", "#ic-result"),
    "static-state": ("check/s/n-n-rm-sn-n-n-n.html", "#ic-result"),
    "decision-table": ("check/s/table.html", "h1"),  # and the first table it lists, if it splits them
}


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("state", list(STATES))
def test_both_schemes_are_accessible_and_legible(
    scheme_page: Any, site_url: str, scheme: str, state: str, axe: Any
) -> None:
    """axe-core (WCAG 2.1 A/AA) finds nothing, and deadline, countdown and buttons reach 4.5:1."""
    path, selector = STATES[state]
    page = scheme_page(scheme)
    _show(page, site_url + path.format(t=_recent()), selector)
    if state == "decision-table" and page.locator("a[href^='table-']").count():
        page.locator("a[href^='table-']").first.click()
        page.wait_for_selector("table.ic-decision-table", timeout=15_000)
    assert scheme == _scheme(page)
    measured = _contrasts(page)
    low = [(what, ratio) for what, ratio in measured if ratio < AA]
    assert ([], []) == (axe(page), low)
    assert [] == page.errors


@pytest.mark.parametrize("scheme", SCHEMES)
def test_every_themed_page_is_accessible_in_both_schemes(
    open_page: Any, site_url: str, built_site: Path, scheme: str, axe: Any
) -> None:
    """axe-core (WCAG 2.1 A/AA) finds nothing on the text pages (both editions) in either scheme."""
    page = open_page(scheme)
    paths = [p for p in _pages(built_site) if not p.startswith(("check/", "embed/"))]
    found = {}
    for path in paths:
        page.goto(site_url + path, wait_until="networkidle")
        assert scheme == _scheme(page), path
        violations = axe(page)
        if violations:
            found[path] = violations
    assert (True, {}) == (len(paths) >= 8, found)


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize(
    ("state", "kinds", "buttons"),
    [
        # 更新截止时刻, 复制草稿, 下载记录, 下载日历, 打印 — and a deadline and a countdown per duty
        ("check-must-report-cii", {"ic-due", "ic-countdown", "button"}, 5),
        ("check-midway", {"button"}, 1),  # the grading helper's 研判级别并继续
    ],
)
def test_the_contrast_check_measures_what_matters(
    open_page: Any, site_url: str, scheme: str, state: str, kinds: set[str], buttons: int
) -> None:
    """The contrast check is not vacuous: deadlines, countdowns and buttons with text are measured."""
    path, selector = STATES[state]
    page = open_page(scheme)
    _show(page, site_url + path.format(t=_recent()), selector)
    measured = [what for what, _ in _contrasts(page)]
    found = {"button" if what.startswith("button") else what.split()[0] for what in measured}
    labelled = [what for what in measured if what.startswith("button ") and what.strip() != "button"]
    assert (kinds, True) == (kinds & found, len(labelled) >= buttons)


def _overflow(page: Any) -> int:
    return int(page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth"))


def _pages(built_site: Path) -> list[str]:
    """Every page of the site (home, text pages, check, embed, self-check), plus the decision table."""
    found = sorted(p.relative_to(built_site).parent.as_posix() for p in built_site.rglob("index.html"))
    paths = ["" if p == "." else p + "/" for p in found if not p.startswith(("pyodide", "assets", "search"))]
    tables = sorted(p.name for p in (built_site / "check" / "s").glob("table*.html"))
    return [*paths, *(f"check/s/{name}" for name in tables), "check/s/n-n-rm-sn-n-n-n.html"]


@pytest.mark.parametrize("width", WIDTHS)
def test_no_page_scrolls_sideways_on_a_phone(open_page: Any, site_url: str, built_site: Path, width: int) -> None:
    """At 320 and 390 px no page of the site is wider than the screen."""
    page = open_page("light", width)
    paths = _pages(built_site)
    assert {"", "measures/", "guide/", "qa/", "check/", "embed/"} <= set(paths)
    wide = {}
    for path in paths:
        page.goto(site_url + path, wait_until="networkidle")
        if _overflow(page) > 0:
            wide[path] = _overflow(page) + width
    assert {} == wide


@pytest.mark.parametrize("width", WIDTHS)
def test_the_home_pages_table_shows_every_column_on_a_phone(open_page: Any, site_url: str, width: int) -> None:
    """At 320 and 390 px the first-hour table fits its box: its 条文 column is not scrolled out of sight."""
    page = open_page("light", width)
    page.goto(site_url, wait_until="networkidle")
    boxes = page.eval_on_selector_all(
        ".first-hour .md-typeset__table", "boxes => boxes.map(b => b.scrollWidth - b.clientWidth)"
    )
    assert [0] == boxes


@pytest.mark.parametrize("width", WIDTHS)
def test_no_result_scrolls_sideways_on_a_phone(open_page: Any, site_url: str, width: int) -> None:
    """At 320 and 390 px every kind of result, with the grading helper or not, fits the screen."""
    page = open_page("light", width)
    wide = {}
    for kind, fragment in {**RESULTS, "midway": MIDWAY}.items():
        selector = "[data-question='level']" if kind == "midway" else "#ic-result"
        _show(page, site_url + "check/#" + fragment + "&t=" + _recent(), selector)
        if _overflow(page) > 0:
            wide[kind] = _overflow(page) + width
    assert {} == wide


def test_the_draft_is_on_screen_once_and_printed_once(open_page: Any, site_url: str) -> None:
    """On screen only the text box shows the draft; in print only the full copy does."""
    page = open_page("light", 390)
    _show(page, site_url + "check/#" + RESULTS["must-report-cii"] + "&t=" + _recent(), "#ic-result")
    assert (True, False) == (
        page.locator("textarea.ic-draft").is_visible(),
        page.locator(".ic-draft-print").is_visible(),
    )
    page.emulate_media(media="print")
    assert (False, True) == (
        page.locator("textarea.ic-draft").is_visible(),
        page.locator(".ic-draft-print").is_visible(),
    )


def test_the_printed_record_has_nothing_to_change(open_page: Any, site_url: str) -> None:
    """Printed, no control or "可更改" remains, and times carry the Beijing offset, in the JSON too."""
    page = open_page("dark", 1280)
    _show(page, site_url + "check/#" + RESULTS["must-report-cii"] + "&t=2025-11-03T23:40", "#ic-result")
    with page.expect_download() as download:
        page.click("[data-download='json']")
    record = json.loads(Path(download.value.path()).read_text(encoding="utf-8"))
    assert "+08:00" == record["generated_at"][-6:]
    page.emulate_media(media="print")
    printed = page.locator(".ic-app").inner_text()
    controls = page.locator(
        "#ic-result :is(button, input, select, textarea, a.ic-option, a.ic-change, details:has(form) > summary)"
    )
    assert (False, []) == (
        "可更改" in printed,
        [c.evaluate("e => e.outerHTML")[:80] for c in controls.all() if c.is_visible()],
    )
    assert "北京时间，UTC+8" in page.locator(".ic-record").inner_text()
    colour = page.eval_on_selector(".ic-record", "e => getComputedStyle(e).color")
    assert "rgb(0, 0, 0)" == colour  # printed black on white, even from a dark screen


def test_the_embedded_widget_may_copy_the_draft(browser: Any, site_url: str, serve: Any, tmp_path: Path) -> None:
    """Inside the sandboxed iframe on a runbook page of another origin, 复制草稿 copies."""
    (tmp_path / "index.html").write_text(
        '<!doctype html><html lang="zh-Hans"><head><meta charset="utf-8"><title>应急预案</title></head>'
        f'<body><div data-incident-guide></div><script src="{site_url}embed.js" defer></script></body></html>',
        encoding="utf-8",
    )
    context = browser.new_context(viewport={"width": 1100, "height": 900})
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    page = context.new_page()
    with serve(tmp_path) as host:
        page.goto(host)
        page.wait_for_selector("iframe")
        assert "clipboard-write" == page.get_attribute("iframe", "allow")
        frame = page.frame_locator("iframe")
        frame.locator("[data-calculator='ready']").wait_for(timeout=READY)
        page.frames[1].goto(site_url + "embed/#" + RESULTS["must-report-cii"] + "&t=" + _recent())
        frame.locator("[data-calculator='ready']").wait_for(timeout=READY)
        frame.locator("#ic-result").wait_for(timeout=15_000)
        frame.locator("[data-copy]").first.click()
        frame.locator(".ic-copied").first.filter(has_text=re.compile(".")).wait_for(timeout=5_000)
        assert "已复制" == frame.locator(".ic-copied").first.inner_text().strip()
    context.close()


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("width", [390, 1280])
def test_result_screenshots(open_page: Any, site_url: str, artifacts: Path, scheme: str, width: int) -> None:
    """A CII result in each scheme at phone and desktop width, kept for people to look at."""
    page = open_page(scheme, width)
    _show(page, site_url + "check/#" + RESULTS["must-report-cii"] + "&t=" + _recent(), "#ic-result")
    page.locator("#ic-result").scroll_into_view_if_needed()
    page.screenshot(path=str(artifacts / f"appearance-result-{scheme}-{width}.png"), full_page=True)
    embed = open_page(scheme, width)
    _show(embed, site_url + "embed/#" + RESULTS["central-organ-unsure-cii"] + "&t=" + _recent(), "#ic-result")
    embed.screenshot(path=str(artifacts / f"appearance-embed-{scheme}-{width}.png"), full_page=True)
    assert (scheme, scheme) == (_scheme(page), _scheme(embed))
