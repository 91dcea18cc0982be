"""The benchmark's measurements: one cold run of a page in headless Chromium, and the repeat visits.

Build-time room. May import: the standard library, playwright (passed in: the browser) and
``build_scripts.benchmark_server``.

The conditions (CDP network emulation, which applies to the worker's downloads too; CDP CPU
throttling, which does **not** slow a worker, where Pyodide runs), the pages measured and the
probe each page runs from its start. Used by :mod:`build_scripts.benchmark_browser`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from build_scripts.benchmark_server import Server

DEEP_LINK = (
    "involves_cii=yes&central_state_organ=no&level=major&sectors=none&suspected_crime=no"
    "&ransomware=yes&state_secret=no&t=2025-11-03T23:40"
)
WAIT_MS = 300_000  # the slow link needs minutes for the full start
# Record, from the very start of each page, long tasks, and when a result (any), the live result
# (clock times, not a static preview) or the stock page's "done" appears. Each mark is also told on
# the console, so that waiting for it needs no script of Playwright's in the page: its helper script
# (330 KB, evaluated on the page's main thread at the first wait_for_function) took 40–90 ms there,
# just when a deep link's answer was due.
PROBE = """
window.__longest = 0;
for (const name of ['__resultAt', '__liveAt']) {
  let value;
  Object.defineProperty(window, name, {
    configurable: true,
    get: () => value,
    set: (now) => { value = now; console.debug(name); },
  });
}
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
    marks: set[str] = set()
    page.on("console", lambda message: marks.add(message.text))
    page.goto(server.url + path + ("" if stock else "#" + DEEP_LINK), timeout=WAIT_MS)
    waited = 0
    while "__liveAt" not in marks:  # the answer comes first
        if waited > WAIT_MS:
            raise TimeoutError(f"{path}: no live result after {WAIT_MS} ms")
        page.wait_for_timeout(50)  # a timer of Playwright's own: nothing runs in the page
        waited += 50
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
