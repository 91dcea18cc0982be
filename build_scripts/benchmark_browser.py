"""Time the questionnaire in headless Chromium against a stock bare Pyodide page: ``make benchmark``.

Build-time room. May import: the standard library, playwright, ``build_scripts.chromium`` and
``build_scripts.widget``.

Serves the built ``site/`` on 127.0.0.1 and, beside it, a **stock** bare page: the npm package's
Pyodide files exactly as shipped (``python_stdlib.zip`` as source, its own lock file), started in a
Web Worker, running one line — the reference; and a **floor** page: the same, but with the site's
own Pyodide files and byte-compiled standard library — what any page of ours must wait for before
our package can even load. Three pages side by side in one browser, each measured
on fresh contexts (no cache), under several conditions (CDP network emulation applies to the
worker's downloads too; CDP CPU throttling does **not** slow a worker, where Pyodide runs — it
only shows what the main thread does). The server answers like nginx with ``gzip_static`` when a
condition says so (a built ``.gz`` sibling, ``Content-Encoding: gzip``; the stock files, which have
none, gzipped alike), and counts the bytes it sends. Prints medians of:

- navigation → first question answerable (DOM ready: the answers are links in the HTML);
- navigation → a deep link's useful answer (verdict, recipient, deadline duration: ``#ic-result``,
  the pre-rendered static one or the live one, whichever comes first);
- navigation → the live result with clock times (stock page: Pyodide ran ``1 + 1``);
- answer → updated result, once warm;
- the longest main-thread task until the live result (Long Tasks API);
- bytes sent by the server for the deep link until the live result.

Not a test: numbers vary with the machine. The README quotes the latest run::

    python -m build_scripts.benchmark_browser                 # every condition, 5 runs each
    python -m build_scripts.benchmark_browser --runs 3 --conditions fast,intranet
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import json
import statistics
import sys
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from build_scripts.chromium import CHROMIUM, CHROMIUM_ARGS
from build_scripts.widget import pyodide_version

REPO = Path(__file__).resolve().parent.parent
SITE = REPO / "site"
STOCK = REPO / "node_modules" / "pyodide"
DEEP_LINK = (
    "involves_cii=yes&central_state_organ=no&level=major&sectors=none&suspected_crime=no"
    "&ransomware=yes&state_secret=no&t=2025-11-03T23:40"
)
WAIT_MS = 300_000  # the slow link needs minutes for the full start
# Record, from the very start of each page, long tasks, and when a result (any), the live result
# (clock times, not a static preview) or the stock page's "done" appears.
PROBE = """
window.__longest = 0;
try {
  new PerformanceObserver(list => {
    for (const entry of list.getEntries()) {
      if (!window.__liveAt) window.__longest = Math.max(window.__longest, entry.duration);
    }
  }).observe({type: 'longtask', buffered: true});
} catch (e) {}
new MutationObserver(() => {
  const result = document.getElementById('ic-result');
  if (!result) return;
  if (!window.__resultAt) window.__resultAt = performance.now();
  const view = result.closest('.ic-view');
  if (!window.__liveAt && view && !view.dataset.preview && result.querySelector('time.ic-due')) {
    window.__liveAt = performance.now();
  }
}).observe(document, {subtree: true, childList: true, attributes: true});
"""


@dataclass(frozen=True)
class Condition:
    """One way of loading: network emulation (bytes/s, ms), CPU slow-down, server compression."""

    name: str
    throughput: float | None = None
    latency_ms: float = 0
    cpu_rate: float = 1
    gzip: bool = True


CONDITIONS = {
    "fast": Condition("full speed, gzip_static"),
    "fast-plain": Condition("full speed, uncompressed", gzip=False),
    "intranet": Condition("20 Mbit/s, 20 ms, gzip_static", throughput=20e6 / 8, latency_ms=20),
    "intranet-plain": Condition("20 Mbit/s, 20 ms, uncompressed", throughput=20e6 / 8, latency_ms=20, gzip=False),
    "mobile": Condition("1.6 Mbit/s, 150 ms, gzip_static", throughput=1.6e6 / 8, latency_ms=150),
    "cpu4": Condition("4× CPU throttling (main thread only), gzip_static", cpu_rate=4),
}
PAGES = {
    "__bench__/stock.html": "stock bare Pyodide (npm files as shipped, one runPython)",
    "__bench__/floor.html": "floor: the site's Pyodide files and compiled library, one runPython",
    "embed/": "embed page",
    "check/": "themed check page",
}


def bare_files(site: Path) -> dict[str, tuple[str, bytes]]:
    """The stock and floor pages and their worker: Pyodide started, one line of Python run.

    Stock: the npm package's own folder, source library and lock file. Floor: the site's Pyodide
    folder with its byte-compiled library (``stdLibURL``) and a lock file of no packages, as the
    questionnaire's worker starts it.
    """
    [stdlib] = sorted((site / "pyodide" / pyodide_version()).glob("python_stdlib.*.zip"))
    [lock] = sorted(site.glob("assets/check/*/pyodide-lock.json"))
    info = json.loads(lock.read_text(encoding="utf-8"))["info"]
    floor = f"/pyodide/{pyodide_version()}/"
    pages = {"stock": ("/__stock__/", "", None), "floor": (floor, floor + stdlib.name, {"info": info, "packages": {}})}
    files: dict[str, tuple[str, bytes]] = {}
    for name, (folder, library, contents) in pages.items():
        page = f"""<!doctype html><meta charset="utf-8"><title>{name} bare Pyodide</title>
<script type="module">
const worker = new Worker("bare-worker.js", {{type: "module"}});
worker.onmessage = () => {{ window.__liveAt = window.__resultAt = performance.now(); }};
const url = (path) => path && new URL(path, location.href).href;
worker.postMessage({{folder: url("{folder}"), library: url("{library}"), lock: {json.dumps(contents)}}});
</script>"""
        files[f"/__bench__/{name}.html"] = ("text/html; charset=utf-8", page.encode())
    worker = """self.onmessage = async (event) => {
  const { folder, library, lock } = event.data;
  const { loadPyodide } = await import(folder + "pyodide.mjs");
  const options = lock ? { indexURL: folder, stdLibURL: library, lockFileContents: lock } : { indexURL: folder };
  const pyodide = await loadPyodide(options);
  pyodide.runPython("1 + 1");
  self.postMessage("done");
};"""
    files["/__bench__/bare-worker.js"] = ("text/javascript", worker.encode())
    return files


class Server:
    """The site on a free port of 127.0.0.1, the stock Pyodide under /__stock__/, bytes counted."""

    def __init__(self, site: Path) -> None:
        self.sent = 0
        self.gzip = True
        self.packed: dict[Path, bytes] = {}
        extra = bare_files(site)
        owner = self

        class Handler(http.server.SimpleHTTPRequestHandler):
            def translate_path(self, path: str) -> str:
                if path.startswith("/__stock__/"):
                    return str(STOCK / path.split("?")[0].removeprefix("/__stock__/"))
                return super().translate_path(path)

            def do_GET(self) -> None:
                path = self.path.split("?")[0]
                if path in extra:
                    kind, body = extra[path]
                    self._send(kind, body, None)
                    return
                local = Path(self.translate_path(path))
                if local.is_dir():
                    local = local / "index.html"
                sibling = local.with_name(local.name + ".gz")
                if owner.gzip and "gzip" in self.headers.get("Accept-Encoding", "") and local.is_file():
                    if sibling.is_file():
                        self._send(self.guess_type(str(local)), sibling.read_bytes(), "gzip")
                        return
                    if path.startswith("/__stock__/") and local.suffix in {".mjs", ".wasm", ".json"}:
                        # The stock files have no siblings: compress them as gzip_static would send them.
                        if local not in owner.packed:
                            owner.packed[local] = gzip.compress(local.read_bytes(), compresslevel=9, mtime=0)
                        self._send(self.guess_type(str(local)), owner.packed[local], "gzip")
                        return
                super().do_GET()

            def _send(self, kind: str, body: bytes, encoding: str | None) -> None:
                owner.sent += len(body)
                self.send_response(200)
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(body)))
                if encoding:
                    self.send_header("Content-Encoding", encoding)
                    self.send_header("Vary", "Accept-Encoding")
                self.end_headers()
                self.wfile.write(body)

            def end_headers(self) -> None:
                self.send_header("Cache-Control", "no-store")
                super().end_headers()

            def copyfile(self, source: Any, outputfile: Any) -> None:
                data = source.read()
                owner.sent += len(data)
                outputfile.write(data)

            def log_message(self, format: str, *args: Any) -> None:
                """Quiet."""

        class Quiet(http.server.ThreadingHTTPServer):
            def handle_error(self, request: Any, client_address: Any) -> None:
                """A browser dropping a download it no longer needs is normal here."""

        self.httpd = Quiet(("127.0.0.1", 0), functools.partial(Handler, directory=str(site)))
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/"


def _context(browser: Any, condition: Condition) -> tuple[Any, Any]:
    context = browser.new_context()
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    if condition.throughput:
        cdp.send("Network.enable")
        cdp.send(
            "Network.emulateNetworkConditions",
            {
                "offline": False,
                "latency": condition.latency_ms,
                "downloadThroughput": condition.throughput,
                "uploadThroughput": condition.throughput,
            },
        )
    if condition.cpu_rate != 1:
        cdp.send("Emulation.setCPUThrottlingRate", {"rate": condition.cpu_rate})
    page.add_init_script(PROBE)
    return context, page


def measure(browser: Any, server: Server, path: str, condition: Condition) -> dict[str, float]:
    """One cold run of every measurement on the page at ``path`` (fresh contexts, no cache)."""
    out: dict[str, float] = {}
    server.gzip = condition.gzip
    stock = path.startswith("__bench__")  # the stock or floor page

    if not stock:
        context, page = _context(browser, condition)
        page.goto(server.url + path, wait_until="domcontentloaded", timeout=WAIT_MS)
        page.wait_for_selector("a.ic-option", timeout=WAIT_MS)
        timing = page.evaluate("performance.getEntriesByType('navigation')[0].toJSON()")
        out["first_question_ms"] = timing["domContentLoadedEventEnd"]
        context.close()

    context, page = _context(browser, condition)
    server.sent = 0
    page.goto(server.url + path + ("" if stock else "#" + DEEP_LINK), timeout=WAIT_MS)
    page.wait_for_function("window.__resultAt", timeout=WAIT_MS)
    page.wait_for_function("window.__liveAt", timeout=WAIT_MS)
    out["answer_ms"] = page.evaluate("window.__resultAt")
    out["live_ms"] = page.evaluate("window.__liveAt")
    out["bytes"] = float(server.sent)
    if not stock:
        out["longest_task_ms"] = page.evaluate("window.__longest")
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
    return out


def report(condition: Condition, results: dict[str, list[dict[str, float]]], runs: int) -> None:
    """Print one condition's medians, the three pages side by side, next to the targets."""
    medians = {path: {key: statistics.median(r[key] for r in rs) for key in rs[0]} for path, rs in results.items()}
    stock = medians["__bench__/stock.html"]
    print(f"\n{condition.name} — headless Chromium, median of {runs} cold runs")
    print(f"  {'':44}{'stock':>10}{'floor':>10}{'embed':>10}{'themed':>10}   target")

    def row(label: str, key: str, unit: str, target: str, scale: float = 1) -> None:
        cells = []
        for path in PAGES:
            value = medians[path].get(key)
            cells.append(f"{value / scale:10.0f}" if value is not None else f"{'—':>10}")
        print(f"  {label + ' (' + unit + ')':44}{''.join(cells)}   {target}")

    row("navigation → first question answerable", "first_question_ms", "ms", "≤ 100 ms")
    row("navigation → deep link's useful answer", "answer_ms", "ms", "≤ 100 ms")
    row("navigation → live result with clock times", "live_ms", "ms", "≤ 0.5 × stock")
    ratios = [f"{medians[p]['live_ms'] / stock['live_ms']:10.2f}" for p in PAGES]
    print(f"  {'… live result / stock page':44}{''.join(ratios)}   ≤ 0.50")
    row("answer → updated result, warm", "warm_answer_ms", "ms", "≤ 50 ms")
    row("longest main-thread task until live", "longest_task_ms", "ms", "≤ 50 (embed) / 200 (themed)")
    row("bytes sent until live", "bytes", "KB", "", scale=1024)
    extra = [f"{(medians[p]['bytes'] - stock['bytes']) / 1024:10.0f}" for p in PAGES]
    print(f"  {'… beyond the stock page (KB)':44}{''.join(extra)}   ≤ 100 (embed)")


def main(argv: list[str] | None = None) -> int:
    """Print the medians of a few cold runs under each condition."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--runs", type=int, default=5, help="cold runs per page and condition (default 5)")
    parser.add_argument("--conditions", default=",".join(CONDITIONS), help=f"comma-separated: {','.join(CONDITIONS)}")
    parser.add_argument("--site", type=Path, default=SITE, help="the built site (default: site/)")
    args = parser.parse_args(argv)
    chosen = [CONDITIONS[name] for name in args.conditions.split(",")]
    if not (args.site / "check" / "index.html").exists():
        print("benchmark_browser: build the site first (make site)", file=sys.stderr)
        return 2
    if not (STOCK / "pyodide.mjs").exists():
        print("benchmark_browser: node_modules has no pyodide (npm ci --ignore-scripts)", file=sys.stderr)
        return 2
    from playwright.sync_api import sync_playwright

    print(f"Pyodide {pyodide_version()}; deep link: #{DEEP_LINK}")
    server = Server(args.site)
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            for condition in chosen:
                results: dict[str, list[dict[str, float]]] = {path: [] for path in PAGES}
                for _ in range(args.runs):  # the pages in turn, so that machine load hits all alike
                    for path in PAGES:
                        results[path].append(measure(browser, server, path, condition))
                report(condition, results, args.runs)
                sys.stdout.flush()
            browser.close()
    finally:
        server.httpd.shutdown()
    return 0


if __name__ == "__main__":
    sys.exit(main())
