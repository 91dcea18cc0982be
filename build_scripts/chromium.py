"""Debian's Chromium and the flags it needs on these machines, for tests and benchmarks alike.

Build-time room. May import: the standard library.

Never a downloaded browser: Playwright drives ``/usr/bin/chromium`` (Debian's package). Without
the background-networking flags Chromium tries to reach Google's hosts at every start.
"""

from __future__ import annotations

from pathlib import Path

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
