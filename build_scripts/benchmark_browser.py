"""Time the questionnaire in headless Chromium against a stock bare Pyodide page: ``make benchmark``.

Build-time room. May import: the standard library, playwright, ``build_scripts.chromium``,
``build_scripts.hosting`` and ``build_scripts.widget``.

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
- bytes sent by the server for the deep link until the live result;
- the same deep link again, as a returning reader opens it: in a new tab of the same browser
  profile, the HTTP cache warm (the server answers with the Cache-Control the printed server
  settings give: a year for files whose path changes with their content, revalidation for the
  rest, 304 when unchanged); and with the offline copy (the service worker, opted in on
  嵌入到内网 first), as a reader who took the site offline has it.

Each condition ends with the issue's targets, the measured value beside each and whether it is
met: bytes sent until live on the embed page ≤ 5.0 MB (gzip); the live result ≤ 0.5 × the stock
page's at full speed and ≤ 0.65 × on 20 Mbit/s 20 ms; the deep link's useful answer ≤ 100 ms on
the embed and the themed page.

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
import re
import statistics
import sys
import threading
from dataclasses import dataclass
from email.utils import formatdate, parsedate_to_datetime
from pathlib import Path
from typing import Any

from build_scripts.chromium import CHROMIUM, CHROMIUM_ARGS
from build_scripts.hosting import Hosting
from build_scripts.widget import pyodide_version

REPO = Path(__file__).resolve().parent.parent
SITE = REPO / "site"
STOCK = REPO / "node_modules" / "pyodide"
DEEP_LINK = (
    "involves_cii=yes&central_state_organ=no&level=major&sectors=none&suspected_crime=no"
    "&ransomware=yes&state_secret=no&t=2025-11-03T23:40"
)
WAIT_MS = 300_000  # the slow link needs minutes for the full start
HOSTING = Hosting()
# What the server settings say (build_scripts/hosting.py): a year for files whose path changes
# with their content, revalidation for the rest. The stock files get a year too, as a CDN sends
# a versioned Pyodide folder.
IMMUTABLE = re.compile(HOSTING.immutable_regex + "|^/__stock__/")
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
                        self._send(self.guess_type(str(local)), sibling.read_bytes(), "gzip", local)
                        return
                    if path.startswith("/__stock__/") and local.suffix in {".mjs", ".wasm", ".json"}:
                        # The stock files have no siblings: compress them as gzip_static would send them.
                        if local not in owner.packed:
                            owner.packed[local] = gzip.compress(local.read_bytes(), compresslevel=9, mtime=0)
                        self._send(self.guess_type(str(local)), owner.packed[local], "gzip", local)
                        return
                super().do_GET()  # answers If-Modified-Since with 304 itself

            def _send(self, kind: str, body: bytes, encoding: str | None, local: Path | None = None) -> None:
                if local is not None and self._unchanged(local):
                    self.send_response(304)
                    self.end_headers()
                    return
                owner.sent += len(body)
                self.send_response(200)
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(body)))
                if local is not None:
                    self.send_header("Last-Modified", formatdate(local.stat().st_mtime, usegmt=True))
                if encoding:
                    self.send_header("Content-Encoding", encoding)
                    self.send_header("Vary", "Accept-Encoding")
                self.end_headers()
                self.wfile.write(body)

            def _unchanged(self, local: Path) -> bool:
                """Whether the request's If-Modified-Since is at or after the file's time."""
                since = self.headers.get("If-Modified-Since")
                try:
                    return since is not None and parsedate_to_datetime(since).timestamp() >= int(local.stat().st_mtime)
                except (TypeError, ValueError):
                    return False

            def end_headers(self) -> None:
                path = self.path.split("?")[0]
                cache = HOSTING.long_cache if IMMUTABLE.search(path) else HOSTING.short_cache
                self.send_header("Cache-Control", cache)
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


def _context(browser: Any, condition: Condition, workers: str = "block") -> tuple[Any, Any]:
    context = browser.new_context(service_workers=workers)
    context.add_init_script(PROBE)
    return context, _page(context, condition)


def _page(context: Any, condition: Condition) -> Any:
    """A new tab of ``context`` under ``condition`` (its network emulation, its CPU rate)."""
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
    return page


def _deep_link(page: Any, server: Server, path: str, stock: bool) -> dict[str, float]:
    """Open the deep link (the stock and floor pages: the page) in ``page``; its timings and bytes."""
    server.sent = 0
    page.goto(server.url + path + ("" if stock else "#" + DEEP_LINK), timeout=WAIT_MS)
    page.wait_for_function("window.__resultAt", timeout=WAIT_MS)
    page.wait_for_function("window.__liveAt", timeout=WAIT_MS)
    return {
        "answer_ms": page.evaluate("window.__resultAt"),
        "live_ms": page.evaluate("window.__liveAt"),
        "bytes": server.sent,
    }


def repeat_visits(browser: Any, server: Server, path: str, condition: Condition) -> dict[str, float]:
    """The deep link opened again by a returning reader: with the HTTP cache warm from a first
    visit, and with the offline copy (the service worker, opted in on the 嵌入到内网 page)."""
    out: dict[str, float] = {}
    stock = path.startswith("__bench__")
    context, page = _context(browser, condition)
    _deep_link(page, server, path, stock)  # the first visit fills the HTTP cache
    page.close()
    out |= {f"http_{key}": value for key, value in _deep_link(_page(context, condition), server, path, stock).items()}
    context.close()

    context, page = _context(browser, condition, workers="allow")
    page.goto(server.url + "intranet/", wait_until="domcontentloaded", timeout=WAIT_MS)
    page.locator("[data-offline-enable]").click()
    page.wait_for_selector("[data-offline='ready']", timeout=WAIT_MS)
    page.close()
    out |= {f"sw_{key}": value for key, value in _deep_link(_page(context, condition), server, path, stock).items()}
    context.close()
    return out


def measure(browser: Any, server: Server, path: str, condition: Condition, repeat: bool = True) -> dict[str, float]:
    """One cold run of every measurement on the page at ``path`` (fresh contexts, no cache), and
    (``repeat``) the repeat visits."""
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
    out |= _deep_link(page, server, path, stock)
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
    if repeat:
        out |= repeat_visits(browser, server, path, condition)
    return out


# The targets (18): the live result against the stock page's, per condition.
LIVE_TARGETS = {"fast": 0.5, "intranet": 0.65}
BYTES_TARGET = 5.0e6  # bytes sent until live on the embed page, gzip conditions (5.0 MB)
ANSWER_TARGET_MS = 100.0  # the deep link's useful answer, embed and themed pages


def targets(key: str, condition: Condition, medians: dict[str, dict[str, float]]) -> list[tuple[str, str, bool]]:
    """The issue's targets that apply under ``condition`` (``key`` in CONDITIONS): what each asks,
    the measured value and whether it is met."""
    stock = medians["__bench__/stock.html"]["live_ms"]
    out = []
    if condition.gzip:
        sent = medians["embed/"]["bytes"]
        stock_sent = medians["__bench__/stock.html"]["bytes"]
        out.append(
            (
                "bytes sent until live, embed page ≤ 5.0 MB (gzip)",
                f"{sent / 1e6:.2f} MB (stock {stock_sent / 1e6:.2f} MB)",
                sent <= BYTES_TARGET,
            )
        )
    if key in LIVE_TARGETS:
        limit = LIVE_TARGETS[key]
        ratios = {page: medians[page]["live_ms"] / stock for page in ("embed/", "check/")}
        out.append(
            (
                f"live result ≤ {limit:.2f} × stock",
                f"embed {ratios['embed/']:.2f}, themed {ratios['check/']:.2f} (stock {stock:.0f} ms)",
                all(ratio <= limit for ratio in ratios.values()),
            )
        )
    answers = {page: medians[page]["answer_ms"] for page in ("embed/", "check/")}
    out.append(
        (
            f"deep link's useful answer ≤ {ANSWER_TARGET_MS:.0f} ms",
            f"embed {answers['embed/']:.0f} ms, themed {answers['check/']:.0f} ms",
            all(value <= ANSWER_TARGET_MS for value in answers.values()),
        )
    )
    return out


def report(name: str, condition: Condition, results: dict[str, list[dict[str, float]]], runs: int) -> None:
    """Print one condition's medians, the pages side by side, next to the targets."""
    medians = {path: {key: statistics.median(r[key] for r in rs) for key in rs[0]} for path, rs in results.items()}
    stock = medians["__bench__/stock.html"]
    print(f"\n{condition.name} — headless Chromium, median of {runs} runs")
    print(f"  {'':48}{'stock':>10}{'floor':>10}{'embed':>10}{'themed':>10}   target")

    def row(label: str, key: str, unit: str, target: str, scale: float = 1) -> None:
        cells = []
        for path in PAGES:
            value = medians[path].get(key)
            cells.append(f"{value / scale:10.0f}" if value is not None else f"{'—':>10}")
        print(f"  {label + ' (' + unit + ')':48}{''.join(cells)}   {target}")

    def ratio(label: str, key: str, target: str) -> None:
        cells = [f"{medians[p][key] / stock[key]:10.2f}" for p in PAGES]
        print(f"  {label:48}{''.join(cells)}   {target}")

    print("  cold (a first visit: nothing cached)")
    row("navigation → first question answerable", "first_question_ms", "ms", "≤ 100 ms")
    row("navigation → deep link's useful answer", "answer_ms", "ms", "≤ 100 ms")
    row("navigation → live result with clock times", "live_ms", "ms", "")
    ratio("… live result / stock page", "live_ms", f"≤ {LIVE_TARGETS.get(name, 0.5):.2f}")
    row("answer → updated result, warm", "warm_answer_ms", "ms", "≤ 50 ms")
    row("longest main-thread task until live", "longest_task_ms", "ms", "≤ 50 (embed) / 200 (themed)")
    row("bytes sent until live", "bytes", "KB", "≤ 4883 KB = 5.0 MB (embed, gzip)", scale=1024)
    extra = [f"{(medians[p]['bytes'] - stock['bytes']) / 1024:10.0f}" for p in PAGES]
    print(f"  {'… beyond the stock page (KB)':48}{''.join(extra)}")
    for prefix, title in (
        ("http_", "repeat visit, HTTP cache warm (a new tab after a first visit)"),
        ("sw_", "repeat visit, offline copy (service worker opted in on the intranet page)"),
    ):
        if f"{prefix}live_ms" not in stock:
            continue
        print(f"  {title}")
        row("navigation → deep link's useful answer", f"{prefix}answer_ms", "ms", "")
        row("navigation → live result with clock times", f"{prefix}live_ms", "ms", "")
        ratio("… live result / stock page, same visit", f"{prefix}live_ms", "")
        row("bytes sent until live", f"{prefix}bytes", "KB", "", scale=1024)
    print("  targets (issue 18), beside stock Pyodide:")
    for label, value, met in targets(name, condition, medians):
        print(f"    {'met    ' if met else 'NOT MET'}  {label}: {value}")


def main(argv: list[str] | None = None) -> int:
    """Print the medians of a few cold runs under each condition."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--runs", type=int, default=5, help="cold runs per page and condition (default 5)")
    parser.add_argument("--conditions", default=",".join(CONDITIONS), help=f"comma-separated: {','.join(CONDITIONS)}")
    parser.add_argument("--site", type=Path, default=SITE, help="the built site (default: site/)")
    parser.add_argument("--cold-only", action="store_true", help="skip the repeat visits (HTTP cache, offline copy)")
    args = parser.parse_args(argv)
    chosen = {name: CONDITIONS[name] for name in args.conditions.split(",")}
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
            for key, condition in chosen.items():
                results: dict[str, list[dict[str, float]]] = {path: [] for path in PAGES}
                for _ in range(args.runs):  # the pages in turn, so that machine load hits all alike
                    for path in PAGES:
                        results[path].append(measure(browser, server, path, condition, repeat=not args.cold_only))
                report(key, condition, results, args.runs)
                sys.stdout.flush()
            browser.close()
    finally:
        server.httpd.shutdown()
    return 0


if __name__ == "__main__":
    sys.exit(main())
