"""The first hour, second pass (issue 19): a keyboard user, a reader abroad, a slow PC and an
intranet page — each defect reproduced in the browser as it was met."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

from decision_tree.web.texts import Texts

pytestmark = [pytest.mark.browser, pytest.mark.site]

READY = 60_000


@pytest.fixture
def page(embedding_page: Any) -> Any:
    """The page of a runbook page embedding the guide (conftest's ``embedding_page``)."""
    return embedding_page


def _frame_hash(page: Any) -> dict[str, list[str]]:
    frame = next(f for f in page.frames if "/embed/" in f.url)
    return parse_qs(urlsplit(frame.url).fragment)


ENGLISH_EMBED = 'data-lang="en" data-central-organ="no" data-contact="Security desk ext. 8001"'


def test_an_early_click_in_an_english_embed_keeps_its_settings(page: Any, host: Any) -> None:
    """Clicking while the calculator starts keeps language, presets, contact, events and resizing."""
    url, make = host
    # A slow link (network emulation also slows the worker's downloads): the click surely comes
    # while the calculator is still starting.
    cdp = page.context.new_cdp_session(page)
    cdp.send("Network.enable")
    slow = {"offline": False, "latency": 100, "downloadThroughput": 2_000_000 / 8, "uploadThroughput": 2_000_000 / 8}
    cdp.send("Network.emulateNetworkConditions", slow)
    page.goto(url + make(ENGLISH_EMBED, "en"))
    frame = page.frame_locator("iframe")
    first = frame.locator('[data-question="involves_cii"] a.ic-option:text-is("No")')
    first.wait_for(timeout=30_000)
    assert "ready" != frame.locator("[data-incident-check]").get_attribute("data-calculator")
    first.click()  # before the calculator is ready
    fast = {"offline": False, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1}
    cdp.send("Network.emulateNetworkConditions", fast)
    frame.locator("[data-calculator='ready']").wait_for(timeout=READY)
    frame.locator('[data-question="level"]').wait_for(timeout=15_000)
    settings = _frame_hash(page)
    assert (["en"], ["no"], ["Security desk ext. 8001"]) == (
        settings.get("lang"),
        settings.get("preset.central_state_organ"),
        settings.get("contact"),
    )
    assert "origin" in settings
    start_height = page.evaluate("document.querySelector('iframe').getBoundingClientRect().height")
    for label in ["relatively major 较大", "just now"]:
        pattern = re.compile(f"^{re.escape(label)}$", re.IGNORECASE)
        frame.locator("#ic-question a.ic-option", has_text=pattern).first.click()
        page.wait_for_timeout(300)
    frame.locator("#ic-result").wait_for(timeout=15_000)
    assert "You must report" in frame.locator(".ic-verdict").inner_text()
    assert "Security desk ext. 8001" in frame.locator(".ic-contact").inner_text()
    page.wait_for_selector("body[data-events]", timeout=10_000)
    assert "relatively_major" == page.evaluate("window.__events.at(-1).level")
    height = page.evaluate("document.querySelector('iframe').getBoundingClientRect().height")
    inner = frame.locator("html").evaluate("e => Math.ceil(e.getBoundingClientRect().height)")
    assert height > start_height and abs(height - inner) <= 2


def test_an_english_embed_is_english_around_the_questionnaire(page: Any, host: Any) -> None:
    """The English embed's iframe title, page language and footer are English."""
    url, make = host
    page.goto(url + make(ENGLISH_EMBED, "en"))
    frame = page.frame_locator("iframe")
    frame.locator("[data-calculator='ready']").wait_for(timeout=READY)
    assert "Incident-reporting check" == page.get_attribute("iframe", "title")
    assert "en" == frame.locator("html").get_attribute("lang")
    footer = frame.locator(".ic-page-footer").inner_text()
    assert "Unofficial translation" in footer and not re.search(r"[\u4e00-\u9fff]", footer)


def test_a_title_given_by_the_host_is_kept(page: Any, host: Any) -> None:
    """data-title names the iframe in either language."""
    url, make = host
    page.goto(url + make('data-lang="en" data-title="Reporting check"', "en"))
    page.wait_for_selector("iframe")
    assert "Reporting check" == page.get_attribute("iframe", "title")


@pytest.mark.parametrize(("theme", "scheme"), [("light", "light"), ("dark", "dark")])
def test_the_widget_follows_the_hosts_theme(browser: Any, host: Any, theme: str, scheme: str) -> None:
    """data-theme="light|dark" sets the widget's colours whatever the reader's own preference."""
    url, make = host
    other = "dark" if scheme == "light" else "light"
    context = browser.new_context(viewport={"width": 1100, "height": 900}, color_scheme=other)
    tab = context.new_page()
    tab.goto(url + make(f'data-theme="{theme}"'))
    frame = tab.frame_locator("iframe")
    frame.locator("[data-calculator='ready']").wait_for(timeout=READY)
    background = frame.locator("body").evaluate("e => getComputedStyle(e).backgroundColor")
    context.close()
    assert ("rgb(255, 255, 255)" if scheme == "light" else "rgb(20, 24, 29)") == background


def _calculator_page(browser: Any, site_url: str, address: str, **options: Any) -> Any:
    context = browser.new_context(**{"viewport": {"width": 1280, "height": 900}, **options})
    tab = context.new_page()
    tab.goto(site_url + address)
    tab.wait_for_selector("[data-calculator='ready']", timeout=READY)
    return tab


def test_the_skip_link_leaves_the_state_untouched(browser: Any, site_url: str) -> None:
    """Tab, then Enter on 跳转至 (href="#check"): no warning, same question, the address keeps the state."""
    tab = _calculator_page(browser, site_url, "check/#involves_cii=no")
    tab.wait_for_selector('.ic-view:not([data-preview]) [data-question="central_state_organ"]', timeout=15_000)
    step = tab.inner_text(".ic-step")
    tab.keyboard.press("Tab")
    assert "md-skip" in (tab.evaluate("document.activeElement.className") or "")
    tab.keyboard.press("Enter")
    tab.wait_for_timeout(1500)
    assert (0, step, "#involves_cii=no") == (
        tab.locator(".ic-problems").count(),
        tab.inner_text(".ic-step"),
        tab.evaluate("location.hash"),
    )
    tab.context.close()


@pytest.mark.parametrize("address", ["check/?h=1#check", "check/#ic-question-title", "check/#check"])
def test_an_in_page_anchor_is_no_answer(browser: Any, site_url: str, address: str) -> None:
    """A search result's or a permalink's anchor opens the first question with no warning box."""
    tab = _calculator_page(browser, site_url, address)
    tab.wait_for_timeout(1000)
    assert (0, "involves_cii") == (
        tab.locator(".ic-problems").count(),
        tab.get_attribute("#ic-question", "data-question"),
    )
    # A heading's permalink, clicked in a later state, changes nothing either.
    tab.locator('a.ic-option:text-is("否")').first.click()
    tab.wait_for_selector('[data-question="central_state_organ"]', timeout=15_000)
    tab.evaluate("document.querySelector('h1#check a.headerlink').click()")
    tab.wait_for_timeout(1000)
    assert (0, "central_state_organ") == (
        tab.locator(".ic-problems").count(),
        tab.get_attribute("#ic-question", "data-question"),
    )
    tab.context.close()


# Every verdict the page shows, in order, and whether the pre-rendered answer was on show.
RECORD_VERDICTS = """
window.__verdicts = [];
window.__previewed = false;
document.addEventListener("DOMContentLoaded", () => {
  const look = () => {
    if (document.querySelector(".ic-view[data-preview]")) window.__previewed = true;
    for (const verdict of document.querySelectorAll(".ic-verdict")) {
      if (window.__verdicts.at(-1) !== verdict.textContent) window.__verdicts.push(verdict.textContent);
    }
  };
  look();
  new MutationObserver(look).observe(document.body, {childList: true, subtree: true});
});
"""
FACTS_LINK = (
    "involves_cii=yes&central_state_organ=no&level=unknown&t=2026-12-06T10:00&f.cii_main_function_outage_minutes=50"
)


@pytest.mark.parametrize(
    "fragment",
    [FACTS_LINK, FACTS_LINK.replace("level=unknown", "level=relatively_major&graded=1")],
    ids=["facts-only", "graded"],
)
def test_a_deep_link_with_facts_never_shows_a_headline_the_live_result_contradicts(
    browser: Any, site_url: str, fragment: str
) -> None:
    """On a slow PC (6× CPU) and link (10 Mbit/s, 100 ms): every verdict shown is the live one."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.add_init_script(RECORD_VERDICTS)
    tab = context.new_page()
    cdp = context.new_cdp_session(tab)
    cdp.send("Network.enable")
    rate = 10_000_000 / 8
    conditions = {"offline": False, "latency": 100, "downloadThroughput": rate, "uploadThroughput": rate}
    cdp.send("Network.emulateNetworkConditions", conditions)
    cdp.send("Emulation.setCPUThrottlingRate", {"rate": 6})
    tab.goto(site_url + "check/#" + fragment)
    tab.wait_for_selector("[data-calculator='ready']", timeout=120_000)
    tab.wait_for_selector(".ic-view:not([data-preview]) .ic-verdict", timeout=30_000)
    final = tab.inner_text(".ic-verdict")
    seen, previewed = tab.evaluate("[window.__verdicts, window.__previewed]")
    context.close()
    assert (True, [final] * len(seen)) == (previewed, seen)


CLOCK_LINK = (
    "involves_cii=yes&central_state_organ=no&level=major&sector_rules=no&suspected_crime=no&ransomware=no"
    "&state_secret=no&t=2026-12-06T09:35"
)


@pytest.mark.parametrize(("zone", "local"), [("Europe/Berlin", "03:35"), ("Asia/Shanghai", None)])
def test_every_clock_time_says_beijing_and_a_reader_abroad_sees_their_own(
    browser: Any, site_url: str, zone: str, local: str | None
) -> None:
    """Headline, table, time line and record say 北京时间; in Berlin each clock shows the local time beside it."""
    tab = _calculator_page(browser, site_url, "check/#" + CLOCK_LINK, timezone_id=zone)
    tab.wait_for_selector(".ic-view:not([data-preview]) #ic-result", timeout=15_000)
    labelled = {
        part: "10:35（北京时间，UTC+8）" in tab.inner_text(selector)
        for part, selector in (("headline", ".ic-next-list"), ("table", ".ic-table"))
    }
    record = tab.inner_text(".ic-record")
    beside = tab.locator(".ic-next-list .ic-local")
    shown = beside.first.inner_text() if beside.count() else None
    tab.context.close()
    assert {"headline": True, "table": True} == labelled
    assert ("2026年12月6日 09:35（北京时间，UTC+8）" in record, "未写时区" in record) == (True, False)
    if local is None:
        assert shown is None
    else:
        assert shown is not None and f"12月6日 {local}" in shown and "GMT+1" in shown


@pytest.mark.parametrize(("zone", "local"), [("Europe/Berlin", True), ("Asia/Shanghai", False)])
def test_the_record_printed_and_the_calendar_file_give_a_reader_abroad_their_own_time(
    browser: Any, site_url: str, zone: str, local: bool
) -> None:
    """In Berlin the printed record shows the local time beside the time of discovery, and the
    .ics description beside each due time; in Shanghai neither; the events' times are the same."""
    tab = _calculator_page(browser, site_url, "check/#" + CLOCK_LINK, timezone_id=zone, accept_downloads=True)
    tab.wait_for_selector(".ic-view:not([data-preview]) #ic-result", timeout=15_000)
    with tab.expect_download() as download:
        tab.click('[data-download="ics"]')
    ics = Path(download.value.path()).read_bytes().decode("utf-8").replace("\r\n ", "").replace("\\,", ",")
    tab.emulate_media(media="print")
    record = tab.inner_text(".ic-record")
    tab.context.close()
    discovered = "发现或获知时间：2026年12月6日 09:35（北京时间，UTC+8）（您的时区 GMT+1：12月6日 02:35）"
    due = "截止：2026年12月6日 10:35（北京时间，UTC+8）（您的时区 GMT+1：12月6日 03:35）。"
    assert (local, local, local, local, "DTSTART:20261206T023500Z") == (
        discovered in record,
        due in ics,
        "您的时区" in record,
        "您的时区" in ics,
        next(line for line in ics.split("\r\n") if line.startswith("DTSTART:")),
    )


def test_focus_stays_on_the_answered_refining_question(browser: Any, site_url: str) -> None:
    """After a 补充情况 answer the result updates around the question, which keeps focus and its place."""
    tab = _calculator_page(
        browser, site_url, "check/#involves_cii=no&central_state_organ=no&level=relatively_major&t=2026-12-06T09:35"
    )
    tab.wait_for_selector(".ic-view:not([data-preview]) #ic-result", timeout=15_000)
    question = '.ic-refine-q[data-question="ransomware"]'
    option = tab.locator(f'{question} a.ic-option:text-is("是")')
    option.scroll_into_view_if_needed()
    before = tab.evaluate(f"document.querySelector('{question}').getBoundingClientRect().top")
    option.focus()
    tab.keyboard.press("Enter")
    tab.wait_for_selector(f'{question} [aria-current="true"]:text-is("是")', timeout=15_000)
    tab.wait_for_timeout(300)
    focused = tab.evaluate("document.activeElement.closest('.ic-refine-q')?.dataset.question ?? null")
    after = tab.evaluate(f"document.querySelector('{question}').getBoundingClientRect().top")
    tab.context.close()
    assert "ransomware" == focused
    assert abs(after - before) < 5


def test_the_record_lists_the_kind_of_site_chosen_in_the_helper(browser: Any, site_url: str) -> None:
    """A portal unreachable 120 minutes is 较大 only for a provincial government portal: the record says which."""
    tab = _calculator_page(
        browser,
        site_url,
        "check/#involves_cii=no&central_state_organ=no&level=unknown&t=2026-12-06T09:35"
        "&psk=provincial_government_or_central_news&f.portal_unreachable_minutes=120",
    )
    tab.wait_for_selector(".ic-view:not([data-preview]) #ic-result", timeout=15_000)
    record = tab.inner_text(".ic-record")
    tab.context.close()
    assert "不能访问的网站属于：省级以上党政机关门户网站、中央重点新闻网站" in record
    assert "门户网站、重点新闻网站因攻击、故障不能访问的时长（分钟）：120" in record


def test_forty_minutes_ago_can_be_entered_and_the_link_keeps_the_time(browser: Any, site_url: str) -> None:
    """The time question takes "40 分钟前"; the field is prefilled with today in Beijing; the link holds the clock time."""
    import datetime as dt

    beijing = dt.timezone(dt.timedelta(hours=8))
    tab = _calculator_page(browser, site_url, "check/#involves_cii=no&central_state_organ=no&level=unknown")
    tab.wait_for_selector('.ic-view:not([data-preview]) #ic-question[data-question="t"]', timeout=15_000)
    prefilled = tab.input_value('#ic-question input[name="t"]')
    tab.fill('#ic-question input[name="ago"]', "40")
    tab.select_option('#ic-question select[name="unit"]', "m")
    tab.click(".ic-ago-form button[type=submit]")
    tab.wait_for_selector("#ic-result", timeout=15_000)
    found = parse_qs(urlsplit(tab.url).fragment)["t"][0]
    tab.context.close()
    now = dt.datetime.now(beijing)
    assert now.strftime("%Y-%m-%d") == prefilled[:10]
    expected = (now - dt.timedelta(minutes=40)).replace(tzinfo=None)
    assert abs((dt.datetime.fromisoformat(found) - expected).total_seconds()) <= 120


ON_SCREEN = """(selector) => [...document.querySelectorAll(selector)].filter((el) => {
  const box = el.getBoundingClientRect();
  return box.height > 0 && box.top >= 0 && box.bottom <= window.innerHeight;
}).length"""


@pytest.mark.parametrize(("edition", "unofficial"), [("", 0), ("en/", 1)])
def test_a_forwarded_result_link_opens_with_its_answer_on_a_phones_first_screen(
    browser: Any, site_url: str, edition: str, unofficial: int
) -> None:
    """At 320 × 640 the verdict, a recipient and a deadline are on the first screen; in English one
    short unofficial-translation line there."""
    import datetime as dt

    # Found ten minutes ago: the countdown runs (an overdue one says more).
    found = (dt.datetime.now(dt.timezone(dt.timedelta(hours=8))) - dt.timedelta(minutes=10)).strftime("%Y-%m-%dT%H:%M")
    link = CLOCK_LINK.replace("2026-12-06T09:35", found)
    tab = _calculator_page(browser, site_url, f"{edition}check/#{link}", viewport={"width": 320, "height": 640})
    tab.wait_for_selector(".ic-view:not([data-preview]) #ic-result", timeout=15_000)
    tab.wait_for_timeout(500)
    shown = {
        name: tab.evaluate(ON_SCREEN, selector) > 0
        for name, selector in (
            ("verdict", ".ic-verdict"),
            ("recipient", ".ic-next-list li.ic-next strong"),
            ("deadline", ".ic-next-list .ic-countdown"),
        )
    }
    notices = tab.evaluate(ON_SCREEN, ".ic-unofficial-banner, .admonition")
    tab.context.close()
    assert ({"verdict": True, "recipient": True, "deadline": True}, unofficial) == (shown, notices)


@pytest.mark.parametrize("edition", ["", "en/"])
@pytest.mark.parametrize("state", ["y-n-ma", "y-n-ma-sn-n-n-n"])
def test_without_javascript_a_static_result_page_has_its_answer_on_a_phones_first_screen(
    browser: Any, site_url: str, edition: str, state: str
) -> None:
    """JavaScript off, 320 × 640: a pre-rendered result page (where the check's answer links lead
    without JavaScript) shows the verdict, a recipient and its deadline on the first screen."""
    context = browser.new_context(java_script_enabled=False, viewport={"width": 320, "height": 640})
    tab = context.new_page()
    tab.goto(f"{site_url}{edition}check/s/{state}.html")
    first = ".ic-next-list li.ic-next:first-child"
    shown = {
        name: tab.evaluate(ON_SCREEN, selector) > 0
        for name, selector in (
            ("verdict", ".ic-verdict"),
            ("recipient", f"{first} strong:nth-of-type(1)"),
            ("deadline", f"{first} strong:nth-of-type(2)"),
        )
    }
    context.close()
    assert {"verdict": True, "recipient": True, "deadline": True} == shown


def test_the_search_dialog_has_an_accessible_name(built_site: Path) -> None:
    """Material's role="dialog" search box is named (Lighthouse flagged it), in both editions."""
    names = [
        re.findall(
            r'<div class="md-search"[^>]*role="dialog"[^>]*aria-label="([^"]+)"', (built_site / page).read_text()
        )
        for page in ("index.html", "check/index.html", "en/index.html")
    ]
    assert [1, 1, 1] == [len(found) for found in names]


def test_the_english_home_page_no_longer_says_the_questionnaire_is_chinese(built_site: Path) -> None:
    """The English questionnaire exists: the home page says so, not "(in Chinese for now…)"."""
    assert "in Chinese for now" not in (built_site / "en" / "index.html").read_text(encoding="utf-8")


def test_a_static_result_page_names_itself_carries_the_sites_navigation_and_says_what_its_links_do(
    built_site: Path,
) -> None:
    """Without JavaScript: the record's link is the page's own, the site's navigation is there, and
    the 补充情况 heading does not promise updates in place."""
    html = (built_site / "check" / "s" / "y-n-ma.html").read_text(encoding="utf-8")
    assert re.search(r'<span data-page-url><a href="y-n-ma\.html">', html)
    assert '<nav class="ic-page-nav"' in html and 'href="../../check/"' in html
    assert ("补充情况（每个回答打开相应的结果页）" in html, "结果随即更新" in html) == (True, False)


def test_the_keyboard_reaches_the_first_answer_from_the_home_page_in_a_few_tabs(browser: Any, site_url: str) -> None:
    """Tab, and Enter on each page's skip link and on the check button: the first answer within 6 Tabs."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    tab.goto(site_url)
    tabs, skipped = 0, set()
    while tabs < 40:
        tab.keyboard.press("Tab")
        tabs += 1
        focused = tab.evaluate(
            "(() => { const e = document.activeElement; return [e.className || '', e.getAttribute('href') || ''] })()"
        )
        if "md-skip" in focused[0] and tab.url.split("#")[0] not in skipped:
            skipped.add(tab.url.split("#")[0])
            tab.keyboard.press("Enter")
        elif "md-button" in focused[0] and focused[1].endswith("check/#check"):
            tab.keyboard.press("Enter")
            tab.wait_for_selector("a.ic-option", timeout=15_000)
        elif "ic-option" in focused[0]:
            break
    context.close()
    assert tabs <= 6, f"{tabs} Tabs"


def _tabs_until(tab: Any, wanted: str, most: int = 40) -> int:
    """Press Tab until the focused element matches the CSS selector ``wanted``; how many Tabs (``most`` + 1 if never)."""
    for tabs in range(1, most + 1):
        tab.keyboard.press("Tab")
        if tab.evaluate("(wanted) => document.activeElement?.matches(wanted) ?? false", wanted):
            return tabs
    return most + 1


@pytest.mark.parametrize("edition", ["", "en/"])
def test_without_the_skip_link_the_check_is_the_second_tab_and_its_first_answer_a_few_more(
    browser: Any, site_url: str, edition: str
) -> None:
    """From the home page's load, the second Tab is a link to the check (the header and the tabs
    held some twenty stops before the start button); Enter opens the check at its title, and the
    first answer is at most three Tabs on."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    tab.goto(site_url + edition, wait_until="networkidle")
    to_link = _tabs_until(tab, 'a[href$="check/#check"]')
    name = tab.evaluate("document.activeElement.textContent.trim()")
    tab.keyboard.press("Enter")
    tab.wait_for_selector("a.ic-option", timeout=15_000)
    tab.wait_for_load_state("networkidle")
    to_answer = _tabs_until(tab, "a.ic-option")
    context.close()
    words = Texts("en" if edition else "zh")("header.start_check")
    assert (2, True, words) == (to_link, to_answer <= 3, name), (to_link, to_answer, name)


def test_the_kind_column_does_not_wrap_one_character_per_line_at_1280(browser: Any, site_url: str) -> None:
    """At 1280 px the deadline table's 类别 and 依据 cells keep their words on one line."""
    tab = _calculator_page(browser, site_url, "check/#" + CLOCK_LINK)
    tab.wait_for_selector(".ic-view:not([data-preview]) .ic-table", timeout=15_000)
    lines = tab.eval_on_selector_all(
        ".ic-table .ic-kind",
        "cells => cells.map(c => { const r = document.createRange(); r.selectNodeContents(c);"
        " return new Set([...r.getClientRects()].map(x => Math.round(x.top))).size; })",
    )
    tab.context.close()
    assert lines and [1] * len(lines) == lines
