"""The incident file in a real browser: from a result to the summary, storage, tabs, import, bad input."""

from __future__ import annotations

import datetime as dt
import json
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import pytest

from decision_tree import incident, incident_format
from decision_tree.web.texts import Texts

pytestmark = [pytest.mark.browser, pytest.mark.site]

READY = 60_000  # ms; the calculator takes ~5 s here, more on a busy machine
WAIT = 15_000
BEIJING = dt.timezone(dt.timedelta(hours=8))
# 其他单位, 较大: one 4-hour report to the provincial cyberspace administration.
ANSWERS = "involves_cii=no&central_state_organ=no&level=relatively_major&sector_rules=no&suspected_crime=no&ransomware=no&state_secret=no"


def _ago(minutes: int) -> str:
    """Beijing wall time ``minutes`` ago, as a datetime-local value (and a fragment's ``t``)."""
    return (dt.datetime.now(BEIJING) - dt.timedelta(minutes=minutes)).strftime("%Y-%m-%dT%H:%M")


@pytest.fixture
def context(browser: Any) -> Iterator[Any]:
    """A fresh desktop-sized browser context (its own storage)."""
    made = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    yield made
    made.close()


def _tab(context: Any) -> Any:
    tab = context.new_page()
    tab.errors = []
    tab.on("pageerror", lambda error: tab.errors.append(str(error)))
    tab.on("dialog", lambda dialog: dialog.accept())
    return tab


@pytest.fixture
def page(context: Any) -> Any:
    """A page recording script errors, accepting confirmations."""
    return _tab(context)


def _open_file(page: Any, site_url: str, found_minutes_ago: int = 120, path: str = "check/") -> str:
    """Open a result found ``found_minutes_ago`` and open a file from it; returns the file's id."""
    page.goto(f"{site_url}{path}#{ANSWERS}&t={_ago(found_minutes_ago)}")
    page.wait_for_selector("[data-calculator='ready']", timeout=READY)
    page.click(".if-offer [data-if-action='new']", timeout=WAIT)
    page.wait_for_selector(".if-view #if-file-title", timeout=WAIT)
    return str(page.get_attribute(".if-view", "data-id"))


def _stored(page: Any, file_id: str) -> dict[str, Any]:
    text = page.evaluate("(id) => localStorage.getItem('incident-guide:file:' + id)", file_id)
    stored: dict[str, Any] = json.loads(text)
    return stored


def _entries(page: Any) -> int:
    return int(page.locator(".if-log li[data-seq]").count())


def _add(page: Any, kind: str, **fields: Any) -> None:
    """Fill and submit the form of ``kind`` (``items``: list of item numbers to tick)."""
    form = page.locator(f"form.if-event[data-type='{kind}']")
    if not form.is_visible():
        page.locator(f"details.if-form:has(form[data-type='{kind}']) > summary").click()
    for name, value in fields.items():
        if name == "items":
            for box in form.locator("input[name='items']").all():
                box.set_checked(int(box.get_attribute("value")) in value)
        elif name == "not_determinable":
            form.locator("[name='not_determinable']").set_checked(value)
        elif name in ("to", "channel"):
            form.locator(f"select[name='{name}']").select_option(value)
        else:
            form.locator(f"[name='{name}']").fill(value)
    form.locator("button[type='submit']").click()


def _states(page: Any) -> dict[str, str]:
    return dict(
        page.eval_on_selector_all(".if-table tbody tr", "rows => rows.map(r => [r.dataset.duty, r.dataset.state])")
    )


def _wait_entries(page: Any, count: int) -> None:
    page.wait_for_function(f"document.querySelectorAll('.if-log li[data-seq]').length === {count}", timeout=WAIT)


def test_a_file_from_a_result(page: Any, site_url: str, artifacts: Path) -> None:
    """One action under a live result opens a file: its address, its stored copy and an open 4-hour report."""
    file_id = _open_file(page, site_url)
    stored = _stored(page, file_id)
    states = _states(page)
    assert ("cn-incident-file", incident_format.SCHEMA_VERSION, [0]) == (
        stored["format"],
        stored["schema_version"],
        [e["seq"] for e in stored["events"]],
    )
    assert f"?file={file_id}" in page.url
    assert "open" == states["report.other_operator.provincial_cac"]
    assert re.search(r"\d", page.inner_text(".if-countdown >> nth=0"))
    assert stored["head"] == page.inner_text(".if-hash")
    assert [] == page.errors


def test_two_reports_a_handling_end_and_the_summary_survive_a_reload(page: Any, site_url: str, artifacts: Path) -> None:
    """Report (items 1–2), supplement (3–8), handling end, summary: all done, kept after a reload."""
    file_id = _open_file(page, site_url)
    _add(
        page,
        "report_sent",
        at=_ago(100),
        to="provincial_cac",
        channel="hotline",
        items=[1, 2],
        not_determinable=True,
        reference="受理编号 A-1",
    )
    _wait_entries(page, 2)
    assert "open" == _states(page)["supplement.provincial_cac"]
    _add(page, "supplement_sent", at=_ago(60), to="provincial_cac", channel="hotline", items=[3, 4, 5, 6, 7, 8])
    _wait_entries(page, 3)
    _add(page, "handling_ended", at=_ago(30))
    _wait_entries(page, 4)
    assert "open" == _states(page)["summary.provincial_cac"]
    _add(page, "summary_sent", at=_ago(5), to="provincial_cac", channel="hotline", reference="回执 B-2")
    _wait_entries(page, 5)
    page.screenshot(path=str(artifacts / "incident-timeline-desktop.png"), full_page=True)
    page.evaluate("() => { for (const bar of document.querySelectorAll('.md-header, .md-tabs')) bar.hidden = true; }")
    page.locator(".if-timeline").screenshot(path=str(artifacts / "incident-timeline.png"))  # readme/timeline.png
    page.evaluate("() => { for (const bar of document.querySelectorAll('.md-header, .md-tabs')) bar.hidden = false; }")
    before = _states(page)
    page.reload()
    page.wait_for_selector(".if-view #if-file-title", timeout=WAIT)
    assert 5 == _entries(page)  # the stored view, at once
    page.wait_for_selector("[data-calculator='ready']", timeout=READY)
    page.wait_for_function("document.querySelector('.if-status').dataset.kind === 'ready'", timeout=WAIT)
    expected = {
        "report.other_operator.provincial_cac": "done",
        "supplement.provincial_cac": "done",
        "summary.provincial_cac": "done",
    }
    assert (expected, expected) == (
        {k: before[k] for k in expected},
        {k: v for k, v in _states(page).items() if k in expected},
    )
    assert (True, 5) == (incident.verify(_stored(page, file_id)).ok, len(_stored(page, file_id)["events"]))
    assert [] == page.errors


def test_the_timeline_shows_late_and_overdue(page: Any, site_url: str) -> None:
    """Found 6 hours ago: the 4-hour report is overdue; sent an hour ago, it is done late."""
    _open_file(page, site_url, found_minutes_ago=360)
    assert "overdue" == _states(page)["report.other_operator.provincial_cac"]
    _add(page, "report_sent", at=_ago(60), to="provincial_cac", channel="website", items=[1, 2, 3, 4, 5, 6, 7, 8])
    _wait_entries(page, 2)
    assert "late" == _states(page)["report.other_operator.provincial_cac"]


def test_export_then_import_in_a_fresh_browser(browser: Any, page: Any, site_url: str, tmp_path: Path) -> None:
    """The exported file opens in another browser with the same entries and hash; the CLI's verify accepts it."""
    file_id = _open_file(page, site_url)
    _add(page, "note", at=_ago(10), text="值班员张三接报")
    _wait_entries(page, 2)
    with page.expect_download() as download:
        page.click("[data-if-action='export']")
    exported = Path(download.value.path()).read_text(encoding="utf-8")
    target = tmp_path / f"{file_id}.incident.json"
    target.write_text(exported, encoding="utf-8")
    fresh = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        other = _tab(fresh)
        other.goto(site_url + "check/")
        other.wait_for_selector("[data-calculator='ready']", timeout=READY)
        other.set_input_files(".if-import-input", str(target))
        other.wait_for_selector(".if-view #if-file-title", timeout=WAIT)
        assert (json.loads(exported), 2) == (_stored(other, file_id), _entries(other))
        assert [] == other.errors
    finally:
        fresh.close()
    verified = subprocess.run(
        [sys.executable, "-m", "decision_tree", "incident", "verify", str(target)], capture_output=True, check=False
    )
    assert 0 == verified.returncode


def test_importing_an_older_export_merges_and_keeps_the_newer_entry(page: Any, site_url: str, tmp_path: Path) -> None:
    """Importing an older export of a stored file merges the two: the entry added after the export
    survives, the chain still verifies, and the page says in its language that nothing was added."""
    file_id = _open_file(page, site_url)
    _add(page, "note", at=_ago(20), text="导出前的记录")
    _wait_entries(page, 2)
    with page.expect_download() as download:
        page.click("[data-if-action='export']")
    older = tmp_path / "older.incident.json"
    older.write_text(Path(download.value.path()).read_text(encoding="utf-8"), encoding="utf-8")
    _add(page, "note", at=_ago(10), text="导出后的记录")
    _wait_entries(page, 3)
    newer = _stored(page, file_id)
    page.set_input_files(".if-import-input", str(older))
    said = Texts("zh")("incident.merged_none")
    page.wait_for_function(  # the stored file replaced, or the merge told
        """([key, newer, said]) => localStorage.getItem(key) !== newer
           || document.querySelector('.if-status').textContent === said""",
        arg=[f"incident-guide:file:{file_id}", json.dumps(newer, ensure_ascii=False) + "\n", said],
        timeout=WAIT,
    )
    stored = _stored(page, file_id)
    shown = (_entries(page), page.inner_text(".if-status"), page.errors)
    assert (newer, True, (3, said, [])) == (stored, incident.verify(stored).ok, shown)


def test_importing_a_copy_with_other_entries_adds_them_in_english(page: Any, site_url: str, tmp_path: Path) -> None:
    """A copy of a stored file that holds an entry this browser lacks (written in another browser)
    and lacks one it holds: both entries are kept, re-chained, and the English page says one was added."""
    file_id = _open_file(page, site_url, path="en/check/")
    with page.expect_download() as download:
        page.click("[data-if-action='export']")
    exported = json.loads(Path(download.value.path()).read_text(encoding="utf-8"))
    now = dt.datetime.now(BEIJING).isoformat(timespec="seconds")
    other = incident.add_event(exported, {"type": "note", "at": _ago(15), "text": "from the other browser"}, now)
    copy = tmp_path / "other.incident.json"
    copy.write_text(json.dumps(other, ensure_ascii=False), encoding="utf-8")
    _add(page, "note", at=_ago(10), text="from this browser")
    _wait_entries(page, 2)
    page.set_input_files(".if-import-input", str(copy))
    said = Texts("en")("incident.merged", count=1)
    page.wait_for_function(
        "(text) => document.querySelector('.if-status').textContent === text", arg=said, timeout=WAIT
    )
    stored = _stored(page, file_id)
    texts = sorted(str(e.get("text")) for e in stored["events"] if e["type"] == "note")
    assert (["from the other browser", "from this browser"], True, 3) == (
        texts,
        incident.verify(stored).ok,
        _entries(page),
    )


def test_a_file_from_the_command_line_imports(page: Any, site_url: str, tmp_path: Path) -> None:
    """A file made by `incident new` and `incident add` opens in the browser with its entries."""
    cli = [sys.executable, "-m", "decision_tree", "incident"]
    answers = {
        "involves_cii": False,
        "central_state_organ": False,
        "level": "relatively_major",
        "discovered_at": _ago(90),
    }
    made = subprocess.run([*cli, "new"], input=json.dumps(answers), capture_output=True, text=True, check=True).stdout
    target = tmp_path / "cli.json"
    target.write_text(made, encoding="utf-8")
    event: dict[str, object] = {"type": "report_sent", "at": _ago(60), "to": "provincial_cac", "channel": "hotline"}
    event["items"] = [1, 2]
    event["not_determinable"] = True  # 第七条第二款: items 1-2 first
    subprocess.run([*cli, "add", str(target), "--in-place"], input=json.dumps(event), text=True, check=True)
    page.goto(site_url + "check/")
    page.wait_for_selector("[data-calculator='ready']", timeout=READY)
    page.set_input_files(".if-import-input", str(target))
    page.wait_for_selector(".if-view #if-file-title", timeout=WAIT)
    file = json.loads(target.read_text(encoding="utf-8"))
    assert (file, 2, "done") == (
        _stored(page, file["id"]),
        _entries(page),
        _states(page)["report.other_operator.provincial_cac"],
    )


def _import(page: Any, path: Path) -> str:
    page.eval_on_selector(".if-import-error", "slot => { slot.hidden = true; }")  # not the last file's message
    page.set_input_files(".if-import-input", str(path))
    page.wait_for_selector(".if-import-error:not([hidden])", timeout=WAIT)
    return str(page.inner_text(".if-import-error"))


def test_import_refuses_a_tampered_foreign_newer_or_broken_file(page: Any, site_url: str, tmp_path: Path) -> None:
    """A changed entry is named; a foreign file, a newer schema and text that is not JSON are refused; nothing is kept."""
    file_id = _open_file(page, site_url)
    _add(page, "report_sent", at=_ago(100), to="provincial_cac", channel="hotline", items=[1, 2], reference="A-1")
    _wait_entries(page, 2)
    _add(page, "note", at=_ago(50), text="第二条记录")
    _wait_entries(page, 3)
    good = _stored(page, file_id)
    page.click("[data-if-action='close']")
    page.evaluate("(id) => localStorage.removeItem('incident-guide:file:' + id)", file_id)
    tampered = json.loads(json.dumps(good))
    tampered["events"][1]["reference"] = "A-2"  # the entry after it no longer matches
    cases = {
        "tampered": json.dumps(tampered, ensure_ascii=False),
        "foreign": json.dumps({"hello": "world"}),
        "newer": json.dumps({**good, "schema_version": incident_format.SCHEMA_VERSION + 1}, ensure_ascii=False),
        "not-json": "%PDF-1.4",
    }
    messages = {}
    for name, text in cases.items():
        path = tmp_path / f"{name}.json"
        path.write_text(text, encoding="utf-8")
        messages[name] = _import(page, path)
    expected = incident.verify(tampered)
    assert (False, 2) == (expected.ok, expected.index)
    assert expected.reason["zh"] == messages["tampered"]
    assert all(messages.values()) and len(set(messages.values())) == 4
    assert None is page.evaluate("(id) => localStorage.getItem('incident-guide:file:' + id)", file_id)


def test_bad_entries_are_refused_at_the_field_and_change_nothing(page: Any, site_url: str) -> None:
    """Before discovery, in the future, an unknown recipient or item: a message at the form, the file unchanged."""
    file_id = _open_file(page, site_url, found_minutes_ago=120)
    head = _stored(page, file_id)["head"]
    found = dt.datetime.fromisoformat(_stored(page, file_id)["events"][0]["at"])
    early = (found - dt.timedelta(minutes=30)).astimezone(BEIJING).strftime("%Y-%m-%dT%H:%M")
    future = (dt.datetime.now(BEIJING) + dt.timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")
    form = "form.if-event[data-type='report_sent']"
    messages = {}
    for name, fields, trick in [
        ("before discovery", {"at": early}, None),
        ("future", {"at": future}, None),
        ("unknown recipient", {"at": _ago(10)}, "f => f.to.add(new Option('x', 'ministry_of_magic', true, true))"),
        ("unknown item", {"at": _ago(10), "to": "provincial_cac"}, "f => { f.items[0].value = '9'; }"),
    ]:
        if trick:
            if not page.locator(form).is_visible():
                page.locator(f"details.if-form:has({form}) > summary").click()
            page.eval_on_selector(form, trick)
        _add(page, "report_sent", channel="hotline", **fields)
        page.wait_for_selector(f"{form} .if-form-error:not([hidden])", timeout=WAIT)
        messages[name] = page.inner_text(f"{form} .if-form-error")
        page.eval_on_selector(f"{form} .if-form-error", "e => { e.hidden = true; e.textContent = ''; }")
    discovered = found.astimezone(BEIJING).strftime("%Y-%m-%d %H:%M")
    assert discovered in messages["before discovery"]
    assert (4, head, 1) == (len(set(messages.values())), _stored(page, file_id)["head"], _entries(page))
    assert "ministry_of_magic" in messages["unknown recipient"] and "9" in messages["unknown item"]


def test_the_english_page_refuses_in_english(page: Any, site_url: str) -> None:
    """On the English check page the file and its messages are in English."""
    _open_file(page, site_url, path="en/check/")
    _add(page, "note", at=(dt.datetime.now(BEIJING) + dt.timedelta(days=1)).strftime("%Y-%m-%dT%H:%M"), text="x")
    page.wait_for_selector("form[data-type='note'] .if-form-error:not([hidden])", timeout=WAIT)
    message = page.inner_text("form[data-type='note'] .if-form-error")
    assert ("en", None) == (page.get_attribute(".if-view", "lang"), re.search(r"[\u4e00-\u9fff]{4}", message))


def test_two_tabs_see_each_others_entries_and_lose_none(context: Any, page: Any, site_url: str) -> None:
    """Two tabs on one file: each shows the other's entry, and the file keeps both."""
    file_id = _open_file(page, site_url)
    second = _tab(context)
    second.goto(f"{site_url}check/?file={file_id}")
    second.wait_for_selector("[data-calculator='ready']", timeout=READY)
    second.wait_for_selector(".if-view #if-file-title", timeout=WAIT)
    _add(page, "note", at=_ago(20), text="第一个标签页")
    _wait_entries(second, 2)
    _add(second, "note", at=_ago(10), text="第二个标签页")
    _wait_entries(page, 3)
    texts = [e.get("text") for e in _stored(page, file_id)["events"]]
    assert [None, "第一个标签页", "第二个标签页"] == texts
    assert True is incident.verify(_stored(second, file_id)).ok


def test_without_storage_the_file_works_while_the_page_is_open(browser: Any, site_url: str) -> None:
    """Storage refused (private mode, full disk): a message says so; entries and export still work."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    context.add_init_script(
        "Storage.prototype.setItem = function () { throw new DOMException('full', 'QuotaExceededError'); };"
    )
    try:
        page = _tab(context)
        file_id = _open_file(page, site_url)
        _add(page, "note", at=_ago(10), text="仍可记录")
        _wait_entries(page, 2)
        kind = page.get_attribute(".if-status", "data-kind")
        with page.expect_download() as download:
            page.click("[data-if-action='export']")
        exported = json.loads(Path(download.value.path()).read_text(encoding="utf-8"))
        assert ("failed", 2, file_id) == (kind, len(exported["events"]), exported["id"])
        assert None is page.evaluate("(id) => localStorage.getItem('incident-guide:file:' + id)", file_id)
        assert [] == page.errors
    finally:
        context.close()


def test_a_stored_file_shows_before_the_calculator(context: Any, page: Any, site_url: str) -> None:
    """Reopened while the calculator cannot start, the file's stored timeline is shown and can be exported."""
    file_id = _open_file(page, site_url)
    blocked = _tab(context)
    blocked.route(re.compile(r".*\.whl$"), lambda route: route.abort())
    blocked.goto(f"{site_url}check/?file={file_id}", wait_until="domcontentloaded")
    blocked.wait_for_selector(".if-view #if-file-title", timeout=WAIT)
    states = _states(blocked)
    blocked.wait_for_selector("[data-calculator='static']", timeout=READY)
    with blocked.expect_download() as download:
        blocked.click("[data-if-action='export']")
    assert ("open", file_id) == (
        states["report.other_operator.provincial_cac"],
        json.loads(Path(download.value.path()).read_text(encoding="utf-8"))["id"],
    )


def test_delete_after_confirmation(page: Any, site_url: str) -> None:
    """A file is listed; deleting it (confirmed) removes it from the list and from storage."""
    file_id = _open_file(page, site_url)
    page.click("[data-if-action='close']")
    listed = page.locator(f".if-row[data-id='{file_id}']").count()
    page.click(f".if-row[data-id='{file_id}'] [data-if-action='delete']")
    page.wait_for_selector(f".if-row[data-id='{file_id}']", state="detached", timeout=WAIT)
    assert (1, None) == (listed, page.evaluate("(id) => localStorage.getItem('incident-guide:file:' + id)", file_id))


def test_the_schema_is_published_and_linked(page: Any, site_url: str) -> None:
    """Both check pages link the file format's JSON Schema, the package's own, served from the site."""
    schema = json.loads((Path(incident.__file__).parent / "data" / "incident.schema.json").read_text(encoding="utf-8"))
    served = []
    for path in ("check/", "en/check/"):
        page.goto(site_url + path, wait_until="domcontentloaded")
        href = page.eval_on_selector(".if a[type='application/schema+json']", "a => a.href")
        response = page.request.get(href)
        served.append((response.status, response.json()))
    assert [(200, schema), (200, schema)] == served


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", [320, 1280])
def test_the_file_is_accessible_and_fits_a_phone(
    browser: Any, site_url: str, artifacts: Path, axe: Any, scheme: str, width: int
) -> None:
    """An open file with entries: axe-core finds nothing in either scheme, and nothing scrolls sideways at 320 px."""
    context = browser.new_context(viewport={"width": width, "height": 900}, color_scheme=scheme)
    try:
        page = _tab(context)
        _open_file(page, site_url)
        _add(page, "report_sent", at=_ago(100), to="provincial_cac", channel="hotline", items=[1, 2], reference="A-1")
        _wait_entries(page, 2)
        for summary in page.locator("details.if-form > summary").all():
            summary.click()
        overflow = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
        page.screenshot(path=str(artifacts / f"incident-{scheme}-{width}.png"), full_page=True)
        assert ([], 0) == (axe(page), overflow)
    finally:
        context.close()


def test_new_facts_from_the_questionnaire_reassess_the_file(page: Any, site_url: str) -> None:
    """The file's re-assess link opens its answers; changed to 重大, the result records them as new facts."""
    _open_file(page, site_url)
    page.click("a.if-reassess")
    page.wait_for_selector("#ic-result", timeout=WAIT)
    page.evaluate(
        "() => { location.hash = location.hash.replace('level=rm', 'level=major').replace('level=relatively_major', 'level=major'); }"
    )
    page.wait_for_selector(".if-offer [data-if-action='facts']", timeout=WAIT)
    page.click(".if-offer [data-if-action='facts']")
    _wait_entries(page, 2)
    kinds = page.eval_on_selector_all(".if-log li[data-seq]", "items => items.map(i => i.dataset.type)")
    assert ["opened", "facts_changed"] == kinds


def test_the_embedded_widget_links_to_the_full_site(page: Any, site_url: str) -> None:
    """The widget keeps no file: its link opens the same answers on the full site's check page."""
    page.goto(f"{site_url}embed/#{ANSWERS}&t=2025-11-03T10:00")
    page.wait_for_selector("[data-calculator='ready']", timeout=READY)
    page.wait_for_selector("#ic-result", timeout=WAIT)
    href = page.get_attribute(".if-embed span[lang='zh'] a", "href")
    own = unquote(f"{site_url}check/{page.evaluate('location.hash')}")
    assert own == unquote(str(href))  # the link's answers, as the widget reads them
