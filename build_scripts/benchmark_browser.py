"""Time the questionnaire in headless Chromium against a stock bare Pyodide page: ``make benchmark``.

Build-time room. May import: the standard library, playwright, ``build_scripts.chromium``,
``build_scripts.benchmark_server`` (the server), ``build_scripts.benchmark_runs`` (the
measurements) and ``build_scripts.pyodide_files``.

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
import statistics
import sys
from pathlib import Path

from build_scripts.benchmark_runs import CONDITIONS, DEEP_LINK, PAGES, Condition, measure
from build_scripts.benchmark_server import STOCK, Server
from build_scripts.chromium import CHROMIUM, CHROMIUM_ARGS
from build_scripts.pyodide_files import pyodide_version

SITE = Path(__file__).resolve().parent.parent / "site"


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
