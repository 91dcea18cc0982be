"""Embedding on an intranet page: the loader, presets, messages, the bundle, accessibility."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from build_scripts.bundle import bundle

pytestmark = [pytest.mark.browser, pytest.mark.site]

READY = 60_000


@pytest.fixture
def page(embedding_page: Any) -> Any:
    """The page of a runbook page embedding the guide (conftest's ``embedding_page``)."""
    return embedding_page


def _frame(page: Any) -> Any:
    frame = page.frame_locator("iframe[title='事件报告自查']")
    frame.locator("[data-calculator='ready']").wait_for(timeout=READY)
    return frame


def _click(frame: Any, label: str) -> None:
    frame.locator("a.ic-option", has_text=re.compile(f"^{re.escape(label)}$")).first.click()


def test_widget_on_another_origin_resizes_answers_and_tells_the_host(page: Any, host: Any, artifacts: Path) -> None:
    """On a runbook page of another origin, under its own CSP, the widget works end to end."""
    url, make = host
    page.goto(url + make('data-contact="安全值班室 分机 8001"'))
    frame = _frame(page)
    first_height = page.evaluate("document.querySelector('iframe').getBoundingClientRect().height")
    for label in ["否", "否", "较大", "刚刚发现"]:
        _click(frame, label)
        page.wait_for_timeout(300)
    frame.locator("#ic-result").wait_for(timeout=15_000)
    page.wait_for_selector("body[data-events]", timeout=10_000)
    events = page.evaluate("window.__events")
    assert [{"level": "relatively_major", "must_report": True}] == [
        {k: e[k] for k in ("level", "must_report")} for e in events
    ]
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:00\+08:00", events[0]["earliest_due"])
    assert page.evaluate("document.querySelector('iframe').getBoundingClientRect().height") > first_height
    assert "安全值班室 分机 8001" in frame.locator(".ic-contact").inner_text()
    page.screenshot(path=str(artifacts / "embed-in-runbook-page.png"))
    off = [
        u for u in page.requests if urlsplit(u).scheme not in ("data", "blob") and urlsplit(u).hostname != "127.0.0.1"
    ]
    assert [] == off


def test_a_cii_preset_skips_the_question_and_leads_to_one_hour(page: Any, host: Any) -> None:
    """data-cii="yes": the CII question is pre-answered (shown as a preset) and the result is 1 hour."""
    url, make = host
    page.goto(url + make('data-cii="yes" data-central-organ="no"'))
    frame = _frame(page)
    frame.locator("[data-question='level']").wait_for(timeout=15_000)
    assert 2 == frame.locator(".ic-preset").count()
    for label in ["重大", "约15分钟前"]:
        _click(frame, label)
        page.wait_for_timeout(300)
    frame.locator("#ic-result").wait_for(timeout=15_000)
    table = frame.locator(".ic-table").inner_text()
    assert "保护工作部门" in table and "公安机关" in table
    assert "第一时间报告，最迟不得超过1小时" in table


def test_a_malformed_preset_is_named_and_the_questionnaire_still_works(page: Any, host: Any) -> None:
    """data-cii="maybe": a specific message, and the CII question is asked as usual."""
    url, make = host
    page.goto(url + make('data-cii="maybe"'))
    frame = _frame(page)
    frame.locator("[data-question='involves_cii']").wait_for(timeout=15_000)
    assert 'data-cii="maybe" 无效' in frame.locator(".ic-problems").inner_text()
    _click(frame, "是")
    frame.locator("[data-question='central_state_organ']").wait_for(timeout=15_000)


def test_forged_messages_are_ignored(page: Any, host: Any) -> None:
    """Messages from any origin but the guide's, or not from its iframe, change nothing."""
    url, make = host
    page.goto(url + make(""))
    _frame(page)
    page.wait_for_timeout(500)
    before = page.evaluate("document.querySelector('iframe').style.height")
    page.evaluate(
        """() => {
            window.postMessage({type: 'incident-guide:height', height: 5}, '*');
            window.postMessage({type: 'incident-guide:result', level: 'general', must_report: false}, '*');
        }"""
    )
    page.wait_for_timeout(500)
    assert before == page.evaluate("document.querySelector('iframe').style.height")
    assert [] == page.evaluate("window.__events")


def test_the_bundle_works_under_a_sub_path(page: Any, built_site: Path, tmp_path: Path, serve: Any) -> None:
    """make bundle's zip, unpacked under /tools/guide/ of a plain server, works end to end."""
    archive = bundle(built_site, tmp_path / "dist")
    assert re.fullmatch(r"incident-reporting-guide-\d{4}-\d\d-\d\d\.zip", archive.name)
    root = tmp_path / "www"
    with zipfile.ZipFile(archive) as zipped:
        zipped.extractall(root / "tools" / "guide")
    with serve(root) as url:
        page.goto(url + "tools/guide/check/#involves_cii=yes&central_state_organ=no&level=major&sectors=none"
                  "&suspected_crime=no&ransomware=no&state_secret=no&t=2025-11-03T23:40")  # fmt: skip
        page.wait_for_selector("[data-calculator='ready']", timeout=READY)
        page.wait_for_selector("#ic-result", timeout=15_000)
        assert "2025-11-04T00:40:00+08:00" == page.get_attribute("time.ic-due", "datetime")
        page.goto(url + "tools/guide/measures/#measures-4-2")
        assert page.locator("#measures-4-2").is_visible()
    assert all("/tools/guide/" in u or u.startswith(("data:", "blob:")) for u in page.requests if "127.0.0.1" in u)


def test_the_intranet_page_example_has_no_accessibility_violations(page: Any, site_url: str, axe: Any) -> None:
    """axe-core (WCAG 2.1 A/AA) on the 嵌入到内网 page with its live example."""
    page.goto(site_url + "intranet/")
    _frame(page)
    assert [] == axe(page)


def test_the_self_check_page_reports_a_good_server(page: Any, site_url: str) -> None:
    """On a server with the required settings every required check of the self-check page passes."""
    page.goto(site_url + "selfcheck/")
    page.wait_for_selector("#selfcheck-results[data-done]", timeout=20_000)
    # Caching and compression are recommendations (Python's test server has neither): test_servers.py.
    results = page.eval_on_selector_all(
        "#selfcheck-results li[data-kind=required]", "items => items.map(i => i.dataset.ok)"
    )
    assert len(results) >= 7 and all(ok == "true" for ok in results)
