"""The questionnaire in a real browser: paths, links, history, fallbacks, privacy, CSP, accessibility."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from decision_tree.citations import resolve
from decision_tree.engine import Result
from decision_tree.web import Texts

pytestmark = [pytest.mark.browser, pytest.mark.site]

READY = 60_000  # ms; the calculator takes ~5 s here, more on a busy machine


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    """A desktop-sized page recording its requests and any script errors."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    tab.requests = []
    tab.errors = []
    tab.on("request", lambda request: tab.requests.append((request.url, request.post_data)))
    tab.on("pageerror", lambda error: tab.errors.append(str(error)))
    yield tab
    context.close()


def _ready(page: Any) -> None:
    page.wait_for_selector("[data-calculator='ready']", timeout=READY)


def _wait_for(page: Any, selector: str) -> None:
    page.wait_for_selector(selector, timeout=15_000)


VERDICT = {True: "ic-verdict-report", False: "ic-verdict-none", None: "ic-verdict-unknown"}


def _shown(page: Any) -> dict[str, Any]:
    """What the page shows, as ids and numbers: verdict, and per report recipient, limit, due time, citation."""
    rows = page.eval_on_selector_all(
        ".ic-result table.ic-table tbody tr",
        """rows => rows.map(r => ({
            to: r.dataset.to,
            within: r.dataset.within ? Number(r.dataset.within) : null,
            due: r.querySelector('time') ? r.querySelector('time').getAttribute('datetime') : null,
            basis: r.querySelector('td:last-child a.ic-cite').getAttribute('href').split('#')[1]}))""",
    )
    verdict = page.eval_on_selector(".ic-headline", "el => [...el.classList].find(c => c.startsWith('ic-verdict-'))")
    return {"verdict": verdict, "reports": rows}


def _same(page: Any, expected: Result) -> None:
    reports = [
        {"to": r["to"], "within": r["within_minutes"], "due": r["due_at"], "basis": resolve(r["basis"]).anchor}
        for r in expected["reports"]
    ]
    assert {"verdict": VERDICT[expected["must_report"]], "reports": reports} == _shown(page)


def test_first_question_is_answerable_before_the_calculator_starts(page: Any, site_url: str) -> None:
    """The first question is in the page as delivered; its answers are links, usable at once."""
    page.goto(site_url + "check/", wait_until="domcontentloaded")
    assert page.locator("a.ic-option").count() == 3
    assert page.get_attribute("[data-incident-check]", "data-calculator") is None  # not started yet
    page.locator("a.ic-option", has_text="是").first.click()
    assert "involves_cii=yes" == urlsplit(page.url).fragment
    _ready(page)
    _wait_for(page, "[data-question='central_state_organ']")


def test_cii_major_path_matches_the_engine(page: Any, site_url: str, artifacts: Path, assess_page: Any) -> None:
    """CII + 重大, found just now: 1-hour reports to the protection department and police (and the
    4-hour one that may apply under a reading), as assess() says; the four refining questions
    then change the result in place."""
    page.goto(site_url + "check/")
    _ready(page)
    for label, next_question in [("是", "central_state_organ"), ("否", "level"), ("重大", "t")]:
        page.locator("#ic-question a.ic-option", has_text=re.compile(f"^{label}$")).first.click()
        _wait_for(page, f"[data-question='{next_question}']")
    page.locator("#ic-question a.ic-option", has_text="刚刚发现").click()
    _wait_for(page, "#ic-result")
    expected = assess_page(page)
    assert ["protection_department", "public_security", "provincial_cac"] == [r["to"] for r in expected["reports"]]
    _same(page, expected)
    for question, no in (
        ("sectors", "以上都不是"),
        ("suspected_crime", "否"),
        ("ransomware", "否"),
        ("state_secret", "否"),
    ):
        page.locator(f".ic-refine-q[data-question='{question}'] a.ic-option", has_text=re.compile(f"^{no}$")).click()
        _wait_for(page, f".ic-refine-q[data-question='{question}'] .ic-chosen")
    assert "sectors=none&suspected_crime=no&ransomware=no&state_secret=no" in page.url
    _same(page, assess_page(page))
    # Focus stays on the refining question just answered (issue 19), not back at the result's top.
    assert "state_secret" == page.evaluate("document.activeElement.closest('.ic-refine-q')?.dataset.question")
    assert re.match(r"还剩 \d+分\d\d秒", page.inner_text(".ic-countdown >> nth=0"))
    page.screenshot(path=str(artifacts / "check-cii-result-desktop.png"), full_page=True)
    assert [] == page.errors


def test_other_operator_graded_from_a_million_people(page: Any, site_url: str, assess_page: Any) -> None:
    """Grading helper: 1,000,000 people's personal information → 较大 (annex 三.5), 4-hour report."""
    page.goto(site_url + "check/#involves_cii=no&central_state_organ=no")
    _ready(page)
    _wait_for(page, "[data-question='level']")
    page.locator(".ic-grade > summary").click()
    page.locator("details[data-impact='leak'] > summary").click()
    page.fill("input[name='f.personal_info_leaked_people']", "1000000")
    page.locator(".ic-grade-form button[type=submit]").click()
    _wait_for(page, "[data-question='t']")
    assert "可判别为较大" in page.inner_text(".ic-summary")
    page.locator("#ic-question a.ic-option", has_text="约30分钟前").click()
    _wait_for(page, "#ic-result")
    expected = assess_page(page)
    assert ("relatively_major", ["guide/3/indicator/5"]) == (expected["level"], expected["level_basis"])
    _same(page, expected)
    assert "附件 三、较大网络安全事件 通常情况下第5项" in page.inner_text(".ic-headline")


def test_general_result(page: Any, site_url: str, artifacts: Path, assess_page: Any) -> None:
    """一般: no report under these Measures; the other duties are listed."""
    page.goto(site_url + "check/#involves_cii=no&central_state_organ=no&level=general")
    _ready(page)
    _wait_for(page, "#ic-result")
    _same(page, assess_page(page))
    assert "个人信息保护法" in page.inner_text(".ic-result")
    page.screenshot(path=str(artifacts / "check-general-desktop.png"), full_page=True)


def test_unknown_level_result(page: Any, site_url: str, assess_page: Any) -> None:
    """Unknown level: undetermined, conditional 4-hour report, and the facts that would settle it."""
    page.goto(site_url + "check/#involves_cii=no&central_state_organ=no&level=unknown&sectors=none"
              "&suspected_crime=no&ransomware=no&state_secret=no&t=unsure")  # fmt: skip
    _ready(page)
    _wait_for(page, "#ic-result")
    _same(page, assess_page(page))
    assert "如属较大以上" in page.inner_text(".ic-table")
    assert "哪些事实可以确定级别" in page.inner_text(".ic-result")
    # No time given: durations, and no clock time shown as if it were the deadline.
    assert 0 == page.locator("time.ic-due").count() and "截止时刻待确认" in page.inner_text(".ic-headline")


def test_deep_link_back_forward_and_changing_an_answer(page: Any, site_url: str) -> None:
    """A full link shows the result; back and forward move through states; an earlier answer changes."""
    full = ("involves_cii=no&central_state_organ=no&level=major&sectors=none&suspected_crime=no"
            "&ransomware=no&state_secret=no&t=2025-11-03T23:40")  # fmt: skip
    page.goto(site_url + "check/#" + full)
    _ready(page)
    _wait_for(page, "#ic-result")
    assert "2025-11-04T03:40:00+08:00" == page.get_attribute("time.ic-due", "datetime")
    assert page.locator(".ic-escalations-title, #ic-escalations-title").count() == 1
    # Change the level from 重大 to 较大: the other answers stay, the escalation goes.
    page.locator("details.ic-summary > summary").click()  # under a result, the answers are folded
    page.locator(".ic-summary li", has_text="事件级别").locator("a.ic-change").click()
    _wait_for(page, "[data-question='level']")
    page.locator("a.ic-option", has_text=re.compile("^较大$")).click()
    _wait_for(page, "#ic-result")
    assert "level=relatively_major" in page.url and "t=2025-11-03T23:40" in page.url
    assert page.locator("#ic-escalations-title").count() == 0
    page.go_back()
    _wait_for(page, "[data-question='level']")
    page.go_back()
    _wait_for(page, "#ic-escalations-title")
    page.go_forward()
    _wait_for(page, "[data-question='level']")


def test_start_again_is_one_click(page: Any, site_url: str) -> None:
    """重新开始 returns to the first question with no answers in the address."""
    page.goto(site_url + "check/#involves_cii=no&central_state_organ=no&level=general")
    _ready(page)
    _wait_for(page, "#ic-result")
    page.locator("details.ic-summary > summary").click()
    page.locator("a.ic-restart").click()
    _wait_for(page, "[data-question='involves_cii']")
    assert "" == urlsplit(page.url).fragment


def _static_walk(page: Any) -> None:
    for label in ["否", "否", "较大", "以上都不是", "否", "否", "否"]:
        # The result comes after 较大; the four refining questions follow beside it, one at a time.
        page.locator("a.ic-option", has_text=re.compile(f"^{label}$")).first.click()
        page.wait_for_load_state()
    assert "本页" not in page.url
    assert "/check/s/n-n-rm-sn-n-n-n.html" in page.url
    assert "ic-verdict-report" in page.get_attribute(".ic-headline", "class")
    row = page.locator("tbody tr").first
    assert ("provincial_cac", "240") == (row.get_attribute("data-to"), row.get_attribute("data-within"))
    assert 0 == page.locator("tbody tr time").count()  # static: a duration, no clock time


def test_without_webassembly_the_static_path_leads_to_the_answer(browser: Any, site_url: str) -> None:
    """No WebAssembly (an old browser, or a policy that removes it): the page says the calculator
    cannot start, and the static pages lead to the answer."""
    page = browser.new_page()
    page.add_init_script("delete globalThis.WebAssembly")
    page.goto(site_url + "check/")
    page.wait_for_selector("[data-calculator='static']", timeout=10_000)
    assert "failed" == page.get_attribute(".ic-status", "data-kind")
    _static_walk(page)
    page.close()


def test_a_missing_pyodide_file_falls_back_visibly(browser: Any, site_url: str) -> None:
    """pyodide.asm.wasm answering 404: the page says so and continues on the static path."""
    context = browser.new_context()
    context.route("**/pyodide.asm.wasm", lambda route: route.fulfill(status=404, body="missing"))
    page = context.new_page()
    page.goto(site_url + "check/")
    page.wait_for_selector("[data-calculator='static']", timeout=READY)
    assert "failed" == page.get_attribute(".ic-status", "data-kind")
    _static_walk(page)
    context.close()


def test_a_request_the_calculator_fails_on_is_answered_in_the_pages_words(browser: Any, site_url: str) -> None:
    """Should the calculator ever raise on a request (a defect), the page says so in its own words from
    ui.toml, never Python's (the worker is served with its answer made to raise: the real catch runs)."""
    context = browser.new_context()

    def raising(route: Any) -> None:
        script = route.fetch().text()
        marker = "function answer(request) {"
        assert marker in script
        raise_ = 'if (String(request.fragment).includes("level=major")) throw new Error("Traceback (most recent call last): boom");'
        route.fulfill(body=script.replace(marker, marker + raise_), content_type="text/javascript")

    context.route("**/assets/check/worker.js", raising)
    page = context.new_page()
    page.goto(site_url + "check/")
    _ready(page)
    page.evaluate("location.hash = 'level=major'")
    page.wait_for_selector(".ic-status[data-kind='failed']", timeout=15_000)
    status = page.inner_text(".ic-status")
    expected = Texts("zh")("js.error", error=Texts("zh")("js.internal"))
    assert (expected, False) == (status.strip(), "Traceback" in status or "boom" in status)
    context.close()


def test_no_request_leaves_127_0_0_1_or_carries_an_answer(page: Any, site_url: str) -> None:
    """Walking to a result, every request goes to 127.0.0.1, none has a body, none names an answer."""
    page.goto(site_url + "check/")
    _ready(page)
    for label in ["尚不确定", "否", "重大", "约15分钟前"]:
        page.locator("#ic-question a.ic-option", has_text=re.compile(f"^{label}$")).first.click()
        page.wait_for_timeout(300)
    _wait_for(page, "#ic-result")
    for question, label in (
        ("sectors", "中国人民银行（银行业金融机构、支付机构等）"),
        ("suspected_crime", "否"),
        ("ransomware", "是"),
    ):
        page.locator(f".ic-refine-q[data-question='{question}'] a.ic-option", has_text=re.compile(f"^{label}$")).click()
        _wait_for(page, f".ic-refine-q[data-question='{question}'] .ic-chosen")
    assert len(page.requests) > 5
    for url, body in page.requests:
        parts = urlsplit(url)
        assert parts.hostname == "127.0.0.1" or parts.scheme in ("data", "blob"), url
        assert body is None, url
        assert not re.search(r"involves_cii|central_state_organ|level=|unknown|major|/s/", parts.path + parts.query), (
            url
        )


def test_embed_page_works_under_a_strict_content_security_policy(browser: Any, strict_site_url: str) -> None:
    """Served with the intranet CSP, the embed page starts the calculator and shows a result."""
    context = browser.new_context()
    page = context.new_page()
    violations: list[str] = []
    page.on("console", lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None)
    page.goto(strict_site_url + "embed/#involves_cii=yes&central_state_organ=no&level=relatively_major"
              "&sectors=none&suspected_crime=no&ransomware=no&state_secret=no&t=unsure")  # fmt: skip
    _ready(page)
    _wait_for(page, "#ic-result")
    assert "ic-verdict-report" in page.get_attribute(".ic-headline", "class")
    assert [] == violations
    context.close()


@pytest.mark.parametrize(
    ("path", "selector"),
    [
        ("check/", "[data-question='involves_cii']"),
        ("check/#involves_cii=no&central_state_organ=no", "[data-question='level']"),
        ("check/#involves_cii=yes&central_state_organ=no&level=major", "[data-question='t']"),
        (
            "check/#involves_cii=yes&central_state_organ=no&level=major&sectors=none&suspected_crime=no"
            "&ransomware=yes&state_secret=no&t=2025-11-03T23:40",
            "#ic-result",
        ),
        ("check/#involves_cii=no&central_state_organ=no&level=general", "#ic-result"),
        (
            "embed/#involves_cii=unknown&central_state_organ=no&level=unknown&sectors=none&suspected_crime=no"
            "&ransomware=no&state_secret=no&t=unsure",
            "#ic-result",
        ),
        ("check/s/n-n-rm-sn-n-n-n.html", "#ic-result"),
    ],
)
def test_no_accessibility_violations(page: Any, site_url: str, path: str, selector: str, axe: Any) -> None:
    """axe-core (WCAG 2.1 A/AA) finds nothing on the questionnaire in each state."""
    page.goto(site_url + path)
    if "/s/" not in path:
        _ready(page)
    _wait_for(page, selector)
    page.locator(".ic-grade summary").first.click() if page.locator(".ic-grade summary").count() else None
    assert [] == axe(page)


def test_keyboard_alone_reaches_a_result(page: Any, site_url: str) -> None:
    """Tab to an answer and press Enter, question after question; focus follows each new question."""
    page.goto(site_url + "embed/")
    _ready(page)
    for _ in range(7):
        page.locator("#ic-question a.ic-option").last.focus()
        page.keyboard.press("Enter")
        page.wait_for_function(
            "() => document.activeElement && ['ic-question', 'ic-result'].includes(document.activeElement.id)"
        )
        if page.locator("#ic-result").count():
            break
    assert page.evaluate("document.activeElement.id") == "ic-result"


def test_result_fits_a_phone_and_prints_as_a_record(browser: Any, site_url: str, artifacts: Path) -> None:
    """At 390 px the result does not scroll sideways; printed, it shows the record without controls."""
    context = browser.new_context(viewport={"width": 390, "height": 844}, device_scale_factor=2, is_mobile=True)
    page = context.new_page()
    page.goto(site_url + "check/")
    page.screenshot(path=str(artifacts / "check-first-question-phone.png"))
    page.goto(site_url + "check/#involves_cii=yes&central_state_organ=no&level=major&sectors=none"
              "&suspected_crime=no&ransomware=no&state_secret=no&t=2025-11-03T23:40")  # fmt: skip
    _ready(page)
    _wait_for(page, "#ic-result")
    assert page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth") <= 0
    page.screenshot(path=str(artifacts / "check-cii-result-phone.png"), full_page=True)
    page.emulate_media(media="print")
    assert not page.locator(".ic-change").first.is_visible()
    assert page.locator(".ic-record").is_visible()
    assert "规则版本" in page.inner_text(".ic-record")
    page.screenshot(path=str(artifacts / "check-printed-record.png"), full_page=True)
    record = page.evaluate("() => document.querySelector('.ic-record').innerText")
    assert "2025年11月3日 23:40" in record
    context.close()


def test_downloads_are_made_in_the_browser(page: Any, site_url: str) -> None:
    """The JSON record and the calendar file come from the page itself, not from a request."""
    page.goto(site_url + "check/#involves_cii=yes&central_state_organ=no&level=major&sectors=none"
              "&suspected_crime=no&ransomware=no&state_secret=no&t=2025-11-03T23:40")  # fmt: skip
    _ready(page)
    _wait_for(page, "#ic-result")
    with page.expect_download() as download:
        page.click("[data-download='json']")
    record = json.loads(Path(download.value.path()).read_text(encoding="utf-8"))
    assert "2025-11-04T00:40:00+08:00" == record["result"]["reports"][0]["due_at"]
    with page.expect_download() as calendar:
        page.click("[data-download='ics']")
    assert "DTSTART:20251103T164000Z" in Path(calendar.value.path()).read_text(encoding="utf-8")


def test_no_time_no_clock_and_a_time_is_easy_to_correct(page: Any, site_url: str) -> None:
    """Without a time the time of discovery is asked before any clock time; '早30分钟' then moves
    every deadline 30 minutes earlier."""
    page.goto(site_url + "check/#involves_cii=no&central_state_organ=no&level=major&sectors=none"
              "&suspected_crime=no&ransomware=no&state_secret=no")  # fmt: skip
    _ready(page)
    _wait_for(page, "[data-question='t']")
    assert 0 == page.locator("time.ic-due, .ic-countdown").count()
    page.locator("#ic-question a.ic-option", has_text="约1小时前").click()
    _wait_for(page, "#ic-result")
    before = page.get_attribute("time.ic-due", "datetime")
    page.locator(".ic-time-change > summary").click()
    page.locator(".ic-quick a", has_text="早30分钟").click()
    page.wait_for_function(f"() => document.querySelector('time.ic-due').getAttribute('datetime') !== '{before}'")
    after = page.get_attribute("time.ic-due", "datetime")
    import datetime as dt

    assert dt.timedelta(minutes=30) == dt.datetime.fromisoformat(before) - dt.datetime.fromisoformat(after)
