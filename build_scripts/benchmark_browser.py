"""Time the questionnaire in headless Chromium against a bare Pyodide page: ``make benchmark``.

Build-time room. May import: the standard library, playwright, ``build_scripts.chromium`` and
``build_scripts.widget``.

Serves the built ``site/`` on 127.0.0.1 and, beside it, a bare page that only starts the same
Pyodide in a Web Worker and runs one line (the floor). In the same browser, each measured on
fresh pages (no cache), it prints medians of:

- navigation → the first question answerable (DOM ready, links in place);
- navigation → a deep-linked result shown, and the bare page's navigation → Pyodide done;
- answer → updated result, once warm;
- the longest main-thread task during start-up (Long Tasks API);
- bytes transferred, the questionnaire page minus the bare page.

Not a test: numbers vary with the machine. The README quotes the latest run.
"""

from __future__ import annotations

import functools
import http.server
import statistics
import sys
import threading
from pathlib import Path
from typing import Any

from build_scripts.chromium import CHROMIUM, CHROMIUM_ARGS
from build_scripts.widget import pyodide_version

SITE = Path(__file__).resolve().parent.parent / "site"
RUNS = 5
DEEP_LINK = (
    "involves_cii=yes&central_state_organ=no&level=major&sector_rules=no&suspected_crime=no"
    "&ransomware=yes&state_secret=no&t=2025-11-03T23:40"
)
# Record, from the very start of each page, long tasks and when a result or "done" appears.
PROBE = """
window.__longest = 0;
try {
  new PerformanceObserver(list => {
    for (const entry of list.getEntries()) window.__longest = Math.max(window.__longest, entry.duration);
  }).observe({type: 'longtask', buffered: true});
} catch (e) {}
new MutationObserver(() => {
  if (!window.__resultAt && document.getElementById('ic-result')) window.__resultAt = performance.now();
}).observe(document, {subtree: true, childList: true});
"""


def bare_files(version: str) -> dict[str, tuple[str, bytes]]:
    """The bare page and its worker: Pyodide from the same folder, one line of Python."""
    page = f"""<!doctype html><meta charset="utf-8"><title>bare Pyodide</title>
<script type="module">
const worker = new Worker("bare-worker.js", {{type: "module"}});
worker.onmessage = () => {{ window.__doneAt = performance.now(); }};
worker.postMessage(new URL("/pyodide/{version}/", location.href).href);
</script>"""
    worker = """self.onmessage = async (event) => {
  const { loadPyodide } = await import(event.data + "pyodide.mjs");
  const pyodide = await loadPyodide({ indexURL: event.data });
  pyodide.runPython("1 + 1");
  self.postMessage("done");
};"""
    return {
        "/__bench__/bare.html": ("text/html; charset=utf-8", page.encode()),
        "/__bench__/bare-worker.js": ("text/javascript", worker.encode()),
    }


def serve(site: Path, extra: dict[str, tuple[str, bytes]]) -> tuple[http.server.ThreadingHTTPServer, str]:
    """Serve ``site`` plus the bare page on a free port of 127.0.0.1."""

    class Handler(http.server.SimpleHTTPRequestHandler):
        def do_GET(self) -> None:
            if self.path in extra:
                kind, body = extra[self.path]
                self.send_response(200)
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
            else:
                super().do_GET()

        def log_message(self, format: str, *args: Any) -> None:
            """Quiet."""

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Handler, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


def _transferred(page: Any) -> list[int]:
    sizes: list[int] = []

    def record(response: Any) -> None:
        try:
            size = response.request.sizes()
            sizes.append(size["responseBodySize"] + size["responseHeadersSize"])
        except Exception:  # a response the page abandoned has no sizes; not worth failing for
            sizes.append(0)

    page.on("response", record)
    return sizes


def measure(browser: Any, base: str, path: str) -> dict[str, float]:
    """One cold run of every measurement on the page at ``path``, each on a fresh context (no cache)."""
    out: dict[str, float] = {}

    context = browser.new_context()
    page = context.new_page()
    page.add_init_script(PROBE)
    sizes = _transferred(page)
    page.goto(base + path, wait_until="domcontentloaded")
    page.wait_for_selector("a.ic-option")
    timing = page.evaluate("performance.getEntriesByType('navigation')[0].toJSON()")
    out["first_question_ms"] = timing["domContentLoadedEventEnd"]
    page.wait_for_selector("[data-calculator='ready']", timeout=120_000)
    out["longest_task_ms"] = page.evaluate("window.__longest")
    out["check_bytes"] = float(sum(sizes))
    # Warm: answer → updated result (change the level through the fragment, as a link does).
    page.evaluate(f"location.hash = {DEEP_LINK!r}")
    page.wait_for_selector("#ic-result")
    out["warm_answer_ms"] = page.evaluate(
        """() => new Promise(resolve => {
            const view = document.querySelector('.ic-view');
            const start = performance.now();
            new MutationObserver((_, observer) => { observer.disconnect(); resolve(performance.now() - start); })
              .observe(view, {childList: true});
            location.hash = location.hash.replace('level=major', 'level=relatively_major');
        })"""
    )
    context.close()

    context = browser.new_context()
    page = context.new_page()
    page.add_init_script(PROBE)
    page.goto(base + path + "#" + DEEP_LINK)
    page.wait_for_function("window.__resultAt", timeout=120_000)
    out["deep_link_ms"] = page.evaluate("window.__resultAt")
    context.close()

    context = browser.new_context()
    page = context.new_page()
    sizes = _transferred(page)
    page.goto(base + "__bench__/bare.html")
    page.wait_for_function("window.__doneAt", timeout=120_000)
    out["bare_ms"] = page.evaluate("window.__doneAt")
    page.wait_for_timeout(200)
    out["bare_bytes"] = float(sum(sizes))
    context.close()
    # The ratio within one run: both pages measured back to back, under the same machine load.
    out["ratio"] = out["deep_link_ms"] / out["bare_ms"]
    return out


def main() -> int:
    """Print the medians of a few cold runs."""
    if not (SITE / "check" / "index.html").exists():
        print("benchmark_browser: build the site first (make site)", file=sys.stderr)
        return 2
    from playwright.sync_api import sync_playwright

    server, base = serve(SITE, bare_files(pyodide_version()))
    pages = {"embed/": "embed page (plain, as intranets embed it)", "check/": "themed page (site navigation, search)"}
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            results = {path: [measure(browser, base, path) for _ in range(RUNS)] for path in pages}
            browser.close()
    finally:
        server.shutdown()
    for path, runs in results.items():
        report(pages[path], runs)
    return 0


def report(name: str, runs: list[dict[str, float]]) -> None:
    """Print one page's medians next to the targets."""
    median = {key: statistics.median(run[key] for run in runs) for key in runs[0]}
    extra_kb = (median["check_bytes"] - median["bare_bytes"]) / 1024
    print(f"Questionnaire, {name} — headless Chromium, median of {RUNS} cold runs")
    print(f"  navigation → first question answerable:  {median['first_question_ms']:8.0f} ms   (target ≤ 100)")
    print(f"  navigation → deep-linked result:          {median['deep_link_ms']:8.0f} ms")
    print(f"  bare page: navigation → Pyodide ran 1+1:  {median['bare_ms']:8.0f} ms")
    ratio = median["ratio"]
    print(f"  deep-linked result / bare page, per run:  {ratio:8.2f}      (target ≤ 1.10)")
    print(f"  answer → updated result, warm:            {median['warm_answer_ms']:8.1f} ms   (target ≤ 50)")
    print(f"  longest main-thread task at start-up:     {median['longest_task_ms']:8.0f} ms   (target ≤ 200)")
    print(f"  bytes beyond the bare Pyodide page:       {extra_kb:8.0f} KB   (target ≤ 100)")


if __name__ == "__main__":
    sys.exit(main())
