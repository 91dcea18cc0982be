"""The incident file walked with the keyboard alone, in another time zone, as a newcomer would:
focus lands where the reader is after each action, errors are announced beside their field,
and every clock time says it is Beijing time."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from typing import Any

import pytest

from decision_tree.web.texts import Texts

pytestmark = [pytest.mark.browser, pytest.mark.site]

READY = 60_000  # ms; the calculator takes ~5 s here, more on a busy machine
WAIT = 15_000
BEIJING = dt.timezone(dt.timedelta(hours=8))
ANSWERS = "involves_cii=no&central_state_organ=no&level=relatively_major&sector_rules=no&suspected_crime=no&ransomware=no&state_secret=no"
ACTIVE = (
    "() => { const e = document.activeElement; return e && e !== document.body ? e.outerHTML.slice(0, 120) : 'body'; }"
)


def _found(minutes: int) -> str:
    return (dt.datetime.now(BEIJING) - dt.timedelta(minutes=minutes)).strftime("%Y-%m-%dT%H:%M")


@pytest.fixture(params=[("America/New_York", 320, 640, "light"), ("Europe/Berlin", 1280, 800, "dark")], ids=str)
def page(request: Any, browser: Any) -> Iterator[Any]:
    """A page in a time zone far from Beijing, at a phone's or a desktop's width, light or dark."""
    zone, width, height, scheme = request.param
    context = browser.new_context(viewport={"width": width, "height": height}, timezone_id=zone, color_scheme=scheme)
    tab = context.new_page()
    tab.errors = []
    tab.on("pageerror", lambda error: tab.errors.append(str(error)))
    tab.on("dialog", lambda dialog: dialog.accept())
    yield tab
    context.close()


def _tab_to(page: Any, selector: str, back: bool = False, limit: int = 300) -> int:
    """Press Tab (or Shift+Tab) until ``selector`` has the focus; how many presses it took."""
    for presses in range(limit):
        if page.evaluate("(s) => document.activeElement && document.activeElement.matches(s)", selector):
            return presses
        page.keyboard.press("Shift+Tab" if back else "Tab")
    raise AssertionError(f"{selector} not reached with the keyboard in {limit} presses")


def _active(page: Any, selector: str) -> bool:
    return bool(page.evaluate("(s) => document.activeElement && document.activeElement.matches(s)", selector))


def _start(page: Any, site_url: str, path: str = "check/") -> None:
    page.goto(f"{site_url}{path}#{ANSWERS}&t={_found(90)}")
    page.wait_for_selector("[data-calculator='ready']", timeout=READY)
    page.wait_for_selector(".if-offer [data-if-action='new']", timeout=WAIT)
    _tab_to(page, ".if-offer [data-if-action='new']")
    page.keyboard.press("Enter")
    page.wait_for_selector(".if-view #if-file-title", timeout=WAIT)
    page.wait_for_function("document.activeElement && document.activeElement.id === 'if-file-title'", timeout=WAIT)


def test_a_refused_entry_is_told_beside_its_field_then_the_entry_is_announced(page: Any, site_url: str) -> None:
    """Keyboard only: a report without a channel is refused under the channel field (in view, in the
    form's words, focus on the field); with a channel it is added, said in the status line, and the
    focus goes to the duties it changed."""
    t = Texts("zh")
    _start(page, site_url)
    _tab_to(page, "details.if-form:has(form[data-type='report_sent']) > summary")
    page.keyboard.press("Enter")
    form = "form[data-type='report_sent']"
    _tab_to(page, f"{form} button[type='submit']")
    page.keyboard.press("Enter")
    error = page.locator(f"{form} .if-form-error")
    error.wait_for(state="visible", timeout=WAIT)
    placed = page.evaluate(
        "(f) => { const slot = document.querySelector(f + ' .if-form-error');"
        " return slot.previousElementSibling.contains(document.querySelector(f + ' [name=channel]')); }",
        form,
    )
    box = error.bounding_box()
    in_view = box is not None and 0 <= box["y"] and box["y"] + box["height"] <= page.viewport_size["height"]
    assert (True, True, True, True) == (
        _active(page, f"{form} select[name='channel']"),
        placed,
        in_view,
        error.inner_text().startswith(t("incident.field.channel") + "："),
    )
    assert (
        "true",
        error.get_attribute("id"),
    ) == (
        page.get_attribute(f"{form} select[name='channel']", "aria-invalid"),
        page.get_attribute(f"{form} select[name='channel']", "aria-describedby"),
    )
    page.keyboard.press("ArrowDown")  # the first channel
    _tab_to(page, f"{form} button[type='submit']")
    page.keyboard.press("Enter")
    page.wait_for_function("document.querySelectorAll('.if-log li[data-seq]').length === 2", timeout=WAIT)
    page.wait_for_function("document.activeElement && document.activeElement.id === 'if-timeline-title'", timeout=WAIT)
    assert (t("incident.js.added"), "polite") == (
        page.inner_text(".if-status"),
        page.get_attribute(".if-status", "aria-live"),
    )
    assert [] == page.errors


def test_leaving_a_file_by_keyboard_lands_on_its_row(page: Any, site_url: str) -> None:
    """ "Back to the list" with the keyboard puts the focus on the file's own row, not on the page's body."""
    _start(page, site_url)
    file_id = page.get_attribute(".if-view", "data-id")
    _tab_to(page, "[data-if-action='close']", back=True)
    page.keyboard.press("Enter")
    page.wait_for_selector(".if-view", state="detached", timeout=WAIT)
    assert page.evaluate(ACTIVE).startswith(f'<a href="?file={file_id}" data-if-action="open"')
    page.keyboard.press("Enter")  # and opens it again
    page.wait_for_function("document.activeElement && document.activeElement.id === 'if-file-title'", timeout=WAIT)
    assert [] == page.errors


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_clock_time_of_the_file_says_beijing_time(page: Any, site_url: str, lang: str) -> None:
    """Far from Beijing, the file's due and done times, its entries and its list row say Beijing time;
    each report document has a heading in words, never its key."""
    t = Texts(lang)
    _start(page, site_url, "check/" if lang == "zh" else "en/check/")
    headers = page.eval_on_selector_all(".if-table thead th", "cells => cells.map(c => c.innerText.trim())")
    documents = page.eval_on_selector_all(".if-doc h4", "heads => heads.map(h => h.innerText.trim())")
    log_title = page.inner_text("#if-log-title")
    expected_title = re.escape(t("incident.events.title", count=1))
    assert (True, True, True) == (
        t("incident.col.due") in headers,
        t("incident.col.done") in headers,
        re.fullmatch(expected_title, log_title) is not None,
    )
    assert [t("incident.doc.first_report")] == documents[:1]
    _tab_to(page, "[data-if-action='close']", back=True)
    page.keyboard.press("Enter")
    page.wait_for_selector(".if-row .if-row-created", timeout=WAIT)
    created = page.inner_text(".if-row .if-row-created")
    pattern = re.escape(t("incident.row.created", time="TIME")).replace("TIME", r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}")
    assert re.fullmatch(pattern, created), created
    assert [] == page.errors


def test_a_failure_of_the_calculator_itself_is_told_in_the_pages_words(page: Any, site_url: str) -> None:
    """Should the worker itself fail (its answer a bare string, perhaps Python's words), the form
    shows the page's own message, focused, never the worker's text or nothing."""
    _start(page, site_url)
    page.evaluate(
        "() => { document.querySelector('[data-incident-check]').calculator.ask ="
        " async () => JSON.stringify({ error: 'PythonError: Traceback (most recent call last)' }); }"
    )
    form = "form[data-type='note']"
    _tab_to(page, f"details.if-form:has({form}) > summary")
    page.keyboard.press("Enter")
    _tab_to(page, f"{form} [name='text']")
    page.keyboard.type("x")
    _tab_to(page, f"{form} button[type='submit']")
    page.keyboard.press("Enter")
    error = page.locator(f"{form} .if-form-error")
    error.wait_for(state="visible", timeout=WAIT)
    assert (Texts("zh")("incident.js.failed"), True) == (error.inner_text(), _active(page, f"{form} .if-form-error"))
