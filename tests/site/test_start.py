"""Starting the calculator quickly: the byte-compiled standard library, the lock file, the early answer."""

from __future__ import annotations

import gzip
import hashlib
import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import brotli  # type: ignore[import-untyped]
import pytest

from build_scripts.compile_stdlib import MANIFEST, compile_to, shipped_stdlib
from decision_tree.web import parse_fragment


@pytest.mark.site
def test_two_compilations_of_the_standard_library_are_byte_identical(tmp_path: Path) -> None:
    """Compiling python_stdlib.zip inside Pyodide twice, afresh, gives the same two archives (the
    main one and the rest) as shipped, byte for byte."""
    first, second = compile_to(tmp_path / "first"), compile_to(tmp_path / "second")
    shipped = shipped_stdlib().digests()
    assert [shipped, shipped] == [first.digests(), second.digests()]
    assert first.main.read_bytes() != first.rest.read_bytes()


@pytest.mark.site
def test_the_site_ships_the_compiled_library_and_a_lock_file_of_our_wheel_only(built_site: Path) -> None:
    """pyodide/<version>/ holds the three runtime files and the compiled library's two archives;
    the lock lists our wheel and where the archives are."""
    manifest = json.loads(MANIFEST.read_text(encoding="utf-8"))
    archives = {"stdlib": shipped_stdlib().main.read_bytes(), "stdlib_rest": shipped_stdlib().rest.read_bytes()}
    stems = {"stdlib": "python_stdlib", "stdlib_rest": "python_stdlib_rest"}
    names = {key: f"{stems[key]}.{hashlib.sha256(data).hexdigest()[:12]}.zip" for key, data in archives.items()}
    folder = built_site / "pyodide" / manifest["version"]
    assert sorted([*manifest["files"], *names.values()]) == sorted(
        p.name for p in folder.iterdir() if p.suffix not in {".gz", ".br"}
    )
    assert archives == {key: (folder / name).read_bytes() for key, name in names.items()}
    [lock_path] = built_site.glob("assets/check/*/pyodide-lock.json")
    lock = json.loads(lock_path.read_text(encoding="utf-8"))
    [wheel] = lock_path.parent.glob("*.whl")
    expected = {
        "packages": [wheel.name.split("-")[0].replace("_", "-")],
        "sha256": hashlib.sha256(wheel.read_bytes()).hexdigest(),
        "stdlib": (folder / names["stdlib"]).resolve(),
        "stdlib_rest": (folder / names["stdlib_rest"]).resolve(),
        "folder": hashlib.sha256(lock_path.read_bytes()).hexdigest()[:12],
    }
    actual = {
        "packages": list(lock["packages"]),
        "sha256": next(iter(lock["packages"].values()))["sha256"],
        "stdlib": (lock_path.parent / lock["stdlib"]).resolve(),
        "stdlib_rest": (lock_path.parent / lock["stdlib_rest"]).resolve(),
        "folder": lock_path.parent.name,
    }
    assert expected == actual


@pytest.mark.site
def test_compressed_siblings_hold_their_files_and_cover_the_large_ones(built_site: Path) -> None:
    """Every .gz/.br sibling decompresses to its file; Pyodide's wasm and scripts and the search index have both."""
    siblings = sorted([*built_site.rglob("*.gz"), *built_site.rglob("*.br")])
    wrong = [
        p.relative_to(built_site).as_posix()
        for p in siblings
        if (gzip.decompress if p.suffix == ".gz" else brotli.decompress)(p.read_bytes())
        != p.with_suffix("").read_bytes()
    ]
    version = json.loads(MANIFEST.read_text(encoding="utf-8"))["version"]
    large = [f"pyodide/{version}/{name}" for name in ("pyodide.asm.wasm", "pyodide.asm.mjs", "pyodide.mjs")]
    large += ["search/search_index.json", "assets/check/check.js", "check/index.html"]
    covered = {p.relative_to(built_site).as_posix() for p in siblings}
    missing = [f"{name}.{kind}" for name in large for kind in ("gz", "br") if f"{name}.{kind}" not in covered]
    assert ([], []) == (wrong, missing)


# ---- in the browser ----

READY = 60_000  # ms; the calculator takes a few seconds here, more on a busy machine
DEEP = (
    "involves_cii=no&central_state_organ=no&level=major&sectors=none&suspected_crime=no"
    "&ransomware=no&state_secret=no&t=2025-11-03T23:40"
)


def _expected(fragment: str) -> dict[str, Any]:
    """Verdict class and, per report row, recipient, minutes and due time, as the engine gives them."""
    state = parse_fragment(fragment)
    run = subprocess.run(
        [sys.executable, "-m", "decision_tree", "assess"],
        input=json.dumps(state.engine_input()),
        capture_output=True,
        text=True,
        check=True,
    )
    result = json.loads(run.stdout)
    verdict = {True: "ic-verdict-report", False: "ic-verdict-none", None: "ic-verdict-unknown"}
    rows = [{"to": r["to"], "within": r["within_minutes"], "due": r["due_at"]} for r in result["reports"]]
    return {"verdict": verdict[result["must_report"]], "rows": rows}


def _shown(page: Any, due: str) -> dict[str, Any]:
    """The same, read from the page; ``due`` is the selector of the due time in a row."""
    rows = page.eval_on_selector_all(
        ".ic-result table.ic-table tbody tr",
        f"""rows => rows.map(r => ({{
            to: r.dataset.to,
            within: r.dataset.within ? Number(r.dataset.within) : null,
            due: r.querySelector({due!r}) ? r.querySelector({due!r}).getAttribute('datetime') : null}}))""",
    )
    verdict = page.eval_on_selector(".ic-headline", "el => [...el.classList].find(c => c.startsWith('ic-verdict-'))")
    return {"verdict": verdict, "rows": rows}


@pytest.fixture
def context(browser: Any) -> Iterator[Any]:
    """A fresh browser context (no cache) whose pages' script errors are collected."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.errors = []
    context.on("page", lambda page: page.on("pageerror", lambda error: context.errors.append(str(error))))
    yield context
    context.close()


@pytest.mark.browser
@pytest.mark.parametrize("path", ["check/", "embed/"])
def test_a_deep_link_answers_before_the_calculator_is_ready_and_live_after(
    context: Any, site_url: str, path: str
) -> None:
    """With Pyodide's wasm held back, the link's static answer (with clock times) shows; then the live one."""
    held: list[Any] = []
    released: list[bool] = []
    # The page's early request for the wasm (early.js) and the worker's are held alike until released.
    context.route("**/pyodide.asm.wasm", lambda route: route.continue_() if released else held.append(route))
    page = context.new_page()
    page.goto(site_url + path + "#" + DEEP)
    page.wait_for_selector(".ic-view[data-preview='static'] #ic-result", timeout=10_000)
    expected = _expected(DEEP)
    before = {
        "calculator": page.get_attribute("[data-incident-check]", "data-calculator"),
        "shown": _shown(page, "time.ic-preview-due"),
        "marked": page.locator(".ic-preview-note").count(),
        "enable_js": "启用 JavaScript" in page.inner_text(".ic-view"),
    }
    assert {"calculator": None, "shown": expected, "marked": 1, "enable_js": False} == before
    page.wait_for_timeout(300)  # the request for the wasm file is in flight and held
    assert 1 <= len(held)
    released.append(True)
    for route in held:
        route.continue_()
    page.wait_for_selector("[data-calculator='ready']", timeout=READY)
    page.wait_for_selector(".ic-view:not([data-preview]) #ic-result time.ic-due", timeout=15_000)
    assert (expected, 0, []) == (_shown(page, "time.ic-due"), page.locator(".ic-preview-note").count(), context.errors)


# When the page is marked (html.ic-opening: the question view hidden) and when the mark goes: with
# the answer in the view already, or without it.
OPENING = """
window.__opening = [];
new MutationObserver((records) => {
  for (const record of records) {
    if (record.target !== document.documentElement) continue;
    const had = (record.oldValue || '').split(' ').includes('ic-opening');
    const has = document.documentElement.classList.contains('ic-opening');
    if (had === has) continue;
    window.__opening.push(has ? 'hidden' : document.querySelector('.ic-view #ic-result') ? 'shown with the answer' : 'shown');
  }
}).observe(document, {subtree: true, attributes: true, attributeFilter: ['class'], attributeOldValue: true});
"""


@pytest.mark.browser
@pytest.mark.parametrize("path", ["check/", "embed/"])
def test_a_deep_link_asks_once_for_its_static_answer_and_hides_the_first_question_until_it_is_in(
    context: Any, site_url: str, path: str
) -> None:
    """early.js asks for the link's static page before check.js runs, check.js uses that response,
    and the question view the answer replaces stays hidden until the answer is in; a link without a
    state never hides it."""
    context.route("**/pyodide.asm.wasm", lambda route: None)  # held: the calculator never starts
    context.add_init_script(OPENING)
    asked: list[str] = []
    context.on("request", lambda request: asked.append(request.url) if "/check/s/" in request.url else None)
    page = context.new_page()
    page.goto(site_url + path + "#" + DEEP)
    page.wait_for_selector(".ic-view[data-preview='static'] #ic-result", state="visible", timeout=10_000)
    deep = {"opening": page.evaluate("window.__opening"), "asked": [url.removeprefix(site_url) for url in asked]}
    page = context.new_page()
    page.goto(site_url + path + "#check")  # an in-page anchor, no state
    page.wait_for_selector(".ic-view #ic-question", state="visible", timeout=10_000)
    plain = page.evaluate("window.__opening")
    assert (
        {"opening": ["hidden", "shown with the answer"], "asked": ["check/s/n-n-ma-sn-n-n-n.html"]},
        [],
        [],
    ) == (deep, plain, context.errors)


@pytest.mark.browser
@pytest.mark.parametrize("path", ["check/", "embed/"])
@pytest.mark.parametrize("failure", ["404", "aborted", "held"])
def test_a_deep_link_whose_static_answer_cannot_be_had_still_shows_the_questionnaire(
    context: Any, site_url: str, path: str, failure: str
) -> None:
    """The static page answers 404, fails, or never answers (and the calculator cannot start): the
    question view is shown again — at once on a failure, after early.js's 3 s when held — never a
    blank page."""
    context.route("**/pyodide.asm.wasm", lambda route: None)
    handlers = {
        "404": lambda route: route.fulfill(status=404, body="missing"),
        "aborted": lambda route: route.abort(),
        "held": lambda route: None,
    }
    context.route("**/check/s/*.html", handlers[failure])
    page = context.new_page()
    page.goto(site_url + path + "#" + DEEP)
    page.wait_for_selector(".ic-view #ic-question", state="visible", timeout={"held": 6_000}.get(failure, 2_500))
    seen = (
        page.evaluate("document.documentElement.classList.contains('ic-opening')"),
        page.locator(".ic-view[data-preview]").count(),
        page.locator(".ic-view a.ic-option").count() > 0,
    )
    assert (False, 0, True) == seen


def _lock_with_wrong_hash(route: Any) -> None:
    response = route.fetch()
    lock = response.json()
    for package in lock["packages"].values():
        package["sha256"] = "0" * 64
    route.fulfill(response=response, body=json.dumps(lock))


@pytest.mark.browser
@pytest.mark.parametrize(
    ("pattern", "handler", "reason"),
    [
        ("**/pyodide-lock.json", _lock_with_wrong_hash, "完整性校验"),
        ("**/pyodide.asm.wasm", lambda route: route.fulfill(status=404, body="missing"), "HTTP 404"),
        (
            "**/pyodide.asm.wasm",
            lambda route: route.fulfill(status=200, body=b"\0asm", content_type="application/octet-stream"),
            "应为 application/wasm",
        ),
    ],
    ids=["wrong-integrity-hash", "404", "wrong-type"],
)
def test_a_failed_file_falls_back_at_once_keeping_the_link(
    context: Any, site_url: str, pattern: str, handler: Any, reason: str
) -> None:
    """A wrong hash, a 404 or a wrong type: the static answer stays, the link keeps its time, the reason is said."""
    context.route(pattern, handler)
    page = context.new_page()
    page.goto(site_url + "check/#" + DEEP)
    page.wait_for_selector("[data-calculator='static']", timeout=20_000)
    page.wait_for_selector("#ic-result")
    status = page.inner_text(".ic-status")
    seen = {
        "reason": reason in status,
        "enable_js": "JavaScript" in status + page.inner_text(".ic-view"),
        "fragment": unquote(urlsplit(page.url).fragment),
        "shown": _shown(page, "time.ic-preview-due"),
    }
    assert {"reason": True, "enable_js": False, "fragment": DEEP, "shown": _expected(DEEP)} == seen


@pytest.mark.browser
def test_repeated_keys_are_refused_by_the_static_path_as_by_the_calculator(context: Any, site_url: str) -> None:
    """level given twice: the static answer ignores it, says so, and asks for the level again."""
    context.route("**/pyodide.asm.wasm", lambda route: route.fulfill(status=404, body="missing"))
    page = context.new_page()
    page.goto(site_url + "check/#involves_cii=no&central_state_organ=no&level=major&level=general")
    page.wait_for_selector("[data-calculator='static']", timeout=20_000)
    page.wait_for_selector(".ic-problems")
    seen = (
        page.get_attribute("[data-question]", "data-question"),
        "“level”出现了2次" in page.inner_text(".ic-problems"),
    )
    assert ("level", True) == seen


@pytest.mark.browser
@pytest.mark.parametrize(("path", "term"), [("check/", "勒索"), ("en/check/", "ransomware")])
def test_the_themed_page_runs_the_theme_after_the_first_question(
    context: Any, site_url: str, search: Any, path: str, term: str
) -> None:
    """The theme's scripts are fetched but not run while the page parses; after it is shown, search works."""
    page = context.new_page()
    page.add_init_script(
        """document.addEventListener('DOMContentLoaded', () => {
             window.__themeAtReady = typeof window.document$;
             window.__questionAtReady = document.querySelectorAll('a.ic-option').length;
           }, {once: true});"""
    )
    page.goto(site_url + path)
    page.wait_for_function("typeof window.document$ === 'object'", timeout=15_000)
    at_ready = page.evaluate("[window.__themeAtReady, window.__questionAtReady > 0]")
    hits = search(page, term)
    scripts = page.eval_on_selector_all("script[src]", "els => els.map(e => e.getAttribute('src'))")
    assert (["undefined", True], True, True) == (
        at_ready,
        bool(hits) and all(href.startswith(site_url) for href in hits),
        any("bundle" in src for src in scripts),  # run later, by assets/theme-after.js
    ), (at_ready, hits, scripts)
    assert [] == context.errors
