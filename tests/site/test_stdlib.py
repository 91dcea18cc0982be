"""What the site ships byte-compiled: the standard library the site imports, the rest on demand,
and our wheel."""

from __future__ import annotations

import base64
import hashlib
import json
import pickle
import re
import shutil
import subprocess
import tomllib
import zipfile
from pathlib import Path
from typing import Any

import pytest

from build_scripts import offline
from build_scripts.compile_stdlib import (
    SOURCE,
    WHEEL_CACHE,
    browser_wheel,
    imported_modules,
    recorded_modules,
    shipped_stdlib,
)
from build_scripts.tooling import REPO, fresh_wheel, node


@pytest.mark.site
def test_the_compiled_stdlib_modules_are_the_ones_the_site_imports() -> None:
    """Start-up with our wheel and representative answers imports exactly the recorded modules.

    If this fails after a change to the package, record the list and the digest afresh:
    ``python -m build_scripts.compile_stdlib --record``.
    """
    assert recorded_modules() == imported_modules()


@pytest.mark.site
def test_the_main_archive_holds_the_recorded_modules_compiled_and_the_rest_archive_everything_else() -> None:
    """The main archive: each recorded module as .pyc without its source, the finder as
    sitecustomize, nothing else. The rest: every other module of Pyodide's archive (bar the few
    nothing in a browser can use), as its own source bytes or as .pyc, never both, never in both."""
    stdlib = shipped_stdlib()
    with zipfile.ZipFile(SOURCE) as source, zipfile.ZipFile(stdlib.main) as main, zipfile.ZipFile(stdlib.rest) as rest:
        original = {name: source.read(name) for name in source.namelist() if not name.endswith("/")}
        main_files = [name for name in main.namelist() if not name.endswith("/")]
        rest_files = [name for name in rest.namelist() if not name.endswith("/")]
        in_rest = {name.removesuffix("c") for name in rest_files}
        changed = [name for name in rest_files if not name.endswith(".pyc") and rest.read(name) != original[name]]
        doubled = [name for name in rest_files if name.endswith(".pyc") and name.removesuffix("c") in rest_files]
    modules = recorded_modules()
    rest_modules = [name for name in original if name.endswith(".py") and name not in modules]
    assert (sorted([*(name + "c" for name in modules), "sitecustomize.pyc"]), [], [], set()) == (
        sorted(main_files),
        changed,
        doubled,
        set(modules) & in_rest,
    )
    dropped = sorted(set(original) - in_rest - set(modules))
    assert [] == [name for name in rest_modules if name not in in_rest and name not in dropped]
    assert 10 < len(dropped) < 40 and len(rest_modules) > 350, (len(dropped), len(rest_modules))


ON_DEMAND = """
import json
import sys

finder = next(finder for finder in sys.meta_path if type(finder).__name__ == "RestFinder")
seen = {"at start": finder.fetched}
try:
    import cn_incident_no_such_module
except ModuleNotFoundError:
    seen["a module nowhere"] = "ModuleNotFoundError"
seen["after it"] = finder.fetched
import xml.dom.minidom
seen["xml.dom.minidom"] = xml.dom.minidom.parseString("<a><b>x</b></a>").getElementsByTagName("b")[0].firstChild.data
import email.message
message = email.message.EmailMessage()
message["Subject"] = "on demand"
seen["email.message"] = message["Subject"]
seen["encodings.cp1252"] = "€".encode("cp1252").hex()  # a package split between the archives
seen["from"] = xml.dom.minidom.__spec__.origin.rpartition("/xml/")[0]
seen["in the end"] = finder.fetched
json.dumps(seen)
"""


@pytest.mark.site
def test_a_module_outside_the_main_archive_imports_in_pyodide_from_the_rest_fetched_once(tmp_path: Path) -> None:
    """In Pyodide with the shipped archives: start fetches nothing, a module found nowhere fails
    without a fetch, and xml.dom.minidom, email.message and a codec (its package in the main
    archive) import from the rest, which is fetched once, on the first of them."""
    stdlib = shipped_stdlib()
    code = tmp_path / "on_demand.py"
    code.write_text(ON_DEMAND, encoding="utf-8")
    runner = [node(), str(REPO / "tests" / "pyodide" / "python.mjs"), "--stdlib", str(stdlib.main)]
    command = [*runner, "--stdlib-rest", str(stdlib.rest), "--code", str(code)]
    run = subprocess.run(command, cwd=REPO, capture_output=True, text=True, timeout=300, check=False)
    assert 0 == run.returncode, run.stderr[-2000:]
    output: dict[str, Any] = json.loads(run.stdout)
    seen = json.loads(output["value"])
    expected = {
        "at start": 0,
        "a module nowhere": "ModuleNotFoundError",
        "after it": 0,
        "xml.dom.minidom": "x",
        "email.message": "on demand",
        "encodings.cp1252": "80",
        "from": "/lib/python_stdlib_rest.zip",
        "in the end": 1,
    }
    assert (expected, [stdlib.rest.resolve().as_uri()]) == (seen, output["requests"])


@pytest.mark.site
def test_the_browser_wheel_is_our_wheel_compiled_deterministically_with_a_true_record(tmp_path: Path) -> None:
    """Every module of the source wheel as .pyc without its source, every data file as the pickle
    of what tomllib parses it into, the other files unchanged, a RECORD that lists what the wheel
    holds, and the same bytes when compiled again afresh."""
    first = tmp_path / "first.whl"
    shutil.copyfile(browser_wheel(), first)
    shutil.rmtree(WHEEL_CACHE)
    again = browser_wheel()
    with zipfile.ZipFile(fresh_wheel()) as source, zipfile.ZipFile(again) as compiled:
        record_name = next(name for name in compiled.namelist() if name.endswith(".dist-info/RECORD"))
        names = [name for name in source.namelist() if not name.endswith("/")]
        data = [name for name in names if name.startswith("decision_tree/data/") and name.endswith(".toml")]
        renamed = {name: name + "c" for name in names if name.endswith(".py")}
        renamed |= {name: name + ".pickle" for name in data}
        kept = [name for name in names if name not in renamed and not name.endswith("RECORD")]
        unchanged = [name for name in kept if source.read(name) == compiled.read(name)]
        parsed = [
            name
            for name in data
            if pickle.loads(compiled.read(name + ".pickle")) == tomllib.loads(source.read(name).decode("utf-8"))
        ]
        rows = [line.split(",") for line in compiled.read(record_name).decode().splitlines()]
        listed = {name: (digest, size) for name, digest, size in rows}

        def entry(name: str) -> tuple[str, str]:
            data = compiled.read(name)
            digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
            return (f"sha256={digest}", str(len(data)))

        truth = {name: entry(name) for name in compiled.namelist() if name != record_name}
        assert (sorted(renamed.get(name, name) for name in names), kept, data, {**truth, record_name: ("", "")}) == (
            sorted(compiled.namelist()),
            unchanged,
            parsed,
            listed,
        )
        assert len(data) > 5 and len(kept) > 3
    assert first.read_bytes() == again.read_bytes()


# ---- in the browser ----

READY = 90_000  # ms; the calculator takes a few seconds here, more on a busy machine
REST = "python_stdlib_rest."
STRICT = {
    "Content-Security-Policy": "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; "
    "worker-src 'self'; connect-src 'self'"
}
LINKS = [
    "involves_cii=no&central_state_organ=no&level=major&sectors=none&suspected_crime=no"
    "&ransomware=no&state_secret=no&t=2025-11-03T23:40",
    "involves_cii=no&central_state_organ=no&level=unknown&f.personal_info_leaked_people=120万",
    "involves_cii=yes&central_state_organ=no&level=especially_major&sectors=pboc&sectors=csrc&suspected_crime=yes"
    "&ransomware=yes&state_secret=no&t=2025-11-03T23:40&lang=en",
]


@pytest.mark.browser
def test_the_site_never_fetches_the_rest_of_the_standard_library(browser: Any, built_site: Path, serve: Any) -> None:
    """Under the strict policy, the embed page starts the calculator and answers a deadline, the
    grading helper and an English result, and clicks on: the rest archive is never requested
    (every module they import is in the main archive), while the main one is."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    requests: list[str] = []
    context.on("request", lambda request: requests.append(request.url))
    page = context.new_page()
    with serve(built_site, STRICT) as url:
        for link in LINKS:
            page.goto(url + "embed/#" + link)
            page.wait_for_selector("[data-calculator='ready']", timeout=READY)
            page.wait_for_selector(
                ".ic-view:not([data-preview]) .ic-headline, .ic-view:not([data-preview]) .ic-question", timeout=15_000
            )
        page.goto(url + "embed/")
        page.wait_for_selector("[data-calculator='ready']", timeout=READY)
        page.locator("a.ic-option").first.click()
        page.wait_for_selector("[data-question='central_state_organ']", timeout=15_000)
    context.close()
    names = [request.rsplit("/", 1)[-1] for request in requests]
    assert (True, []) == (
        any(name.startswith("python_stdlib.") for name in names),
        [name for name in names if name.startswith(REST)],
    )


def _wheel_importing(module: str, real: Path, target: Path) -> None:
    """A wheel like ``real`` (its metadata) whose decision_tree.web only imports ``module`` and
    answers every request with an empty page (and the incident file's entry with nothing)."""
    with zipfile.ZipFile(real) as source, zipfile.ZipFile(target, "w") as made:
        for name in source.namelist():
            if ".dist-info/" in name:
                made.writestr(name, source.read(name))
        made.writestr("decision_tree/__init__.py", "")
        made.writestr(
            "decision_tree/web/__init__.py",
            f"import json\nimport {module}\n\n\ndef respond(request):\n"
            f"    return json.dumps({{'html': '<p id=\"on-demand\">{module}</p>'}})\n",
        )
        # The worker also takes the incident file's entry when it starts.
        made.writestr("decision_tree/web/incident_boundary.py", "def respond_incident(request):\n    return '{}'\n")


def _site_with_a_wheel_importing(module: str, built_site: Path, tmp_path: Path) -> tuple[Path, str]:
    """A copy of the built site whose embed page loads, from assets/check/on-demand/, a wheel
    whose code imports ``module``; the copy and the real wheel's file name."""
    site = tmp_path / "site"
    shutil.copytree(built_site, site)
    [real_lock] = site.glob("assets/check/*/pyodide-lock.json")
    [real_wheel] = real_lock.parent.glob("*.whl")
    folder = site / "assets" / "check" / "on-demand"
    folder.mkdir()
    _wheel_importing(module, real_wheel, folder / real_wheel.name)
    lock = json.loads(real_lock.read_text(encoding="utf-8"))
    [package] = lock["packages"].values()
    package["sha256"] = hashlib.sha256((folder / real_wheel.name).read_bytes()).hexdigest()
    (folder / "pyodide-lock.json").write_text(json.dumps(lock), encoding="utf-8")
    embed = site / "embed" / "index.html"
    html = embed.read_text(encoding="utf-8")
    embed.write_text(html.replace(f"/{real_lock.parent.name}/", "/on-demand/"), encoding="utf-8")
    return site, real_wheel.name


@pytest.mark.browser
def test_the_page_worker_fetches_the_rest_when_a_module_outside_the_main_archive_is_imported(
    browser: Any, built_site: Path, serve: Any, tmp_path: Path
) -> None:
    """The site's own page, worker and archives under the strict policy, with a wheel whose code
    imports xml.dom.minidom (not in the main archive): the calculator starts, and the rest
    archive was fetched once, by the worker's finder."""
    site, wheel = _site_with_a_wheel_importing("xml.dom.minidom", built_site, tmp_path)
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    requests: list[str] = []
    context.on("request", lambda request: requests.append(request.url))
    page = context.new_page()
    with serve(site, STRICT) as url:
        page.goto(url + "embed/")
        page.wait_for_selector("[data-calculator='ready'], [data-calculator='static']", timeout=READY)
        state = page.get_attribute("[data-incident-check]", "data-calculator")
        status = page.inner_text(".ic-status")
    context.close()
    names = [request.rsplit("/", 1)[-1] for request in requests]
    assert ("ready", 1, 1) == (
        state,
        sum(name.startswith(REST) for name in names),
        sum(request.endswith("/on-demand/" + wheel) for request in requests),
    ), status


@pytest.mark.browser
def test_the_offline_copy_holds_the_rest_and_serves_it_to_the_worker_without_a_server(
    browser: Any, built_site: Path, serve: Any, tmp_path: Path
) -> None:
    """Opted in to offline use (the service worker keeps both archives), then with the server
    stopped and the browser offline, the worker's finder still gets the rest for a module outside
    the main archive (its synchronous request answered by the service worker): the calculator starts."""
    site, _ = _site_with_a_wheel_importing("email.message", built_site, tmp_path)
    offline.write(site)  # the service worker keeps the test's wheel too
    listed = re.search(r"^const FILES = (\[.*\]);$", (site / "sw.js").read_text(encoding="utf-8"), re.M)
    files = json.loads(listed[1]) if listed else []
    context = browser.new_context(viewport={"width": 1280, "height": 900}, service_workers="allow")
    page = context.new_page()
    with serve(site) as url:
        page.goto(url + "intranet/", wait_until="networkidle")
        page.locator("[data-offline-enable]").click()
        page.wait_for_selector("[data-offline='ready']", timeout=120_000)
    context.set_offline(True)
    page.goto(url + "embed/")
    page.wait_for_selector("[data-calculator='ready'], [data-calculator='static']", timeout=READY)
    state = page.get_attribute("[data-incident-check]", "data-calculator")
    status = page.inner_text(".ic-status")
    context.close()
    kept = sorted(name.rsplit("/", 1)[-1].split(".")[0] for name in files if name.endswith(".zip"))
    assert (["python_stdlib", "python_stdlib_rest"], "ready") == (kept, state), status
