"""The benchmark's server: the built site on 127.0.0.1, beside the stock and floor bare pages.

Build-time room. May import: the standard library, ``build_scripts.hosting`` and
``build_scripts.pyodide_files``.

Serves the built ``site/`` and, beside it, a **stock** bare page (the npm package's Pyodide files
exactly as shipped, under ``/__stock__/``) and a **floor** page (the site's own Pyodide files and
compiled library), each starting Pyodide in a Web Worker and running one line. Answers like nginx
with ``gzip_static`` when asked (a built ``.gz`` sibling, ``Content-Encoding: gzip``; the stock
files gzipped alike), with the Cache-Control the printed server settings give, and counts the
bytes it sends. Used by :mod:`build_scripts.benchmark_browser`.
"""

from __future__ import annotations

import functools
import gzip
import http.server
import json
import re
import threading
from email.utils import formatdate, parsedate_to_datetime
from pathlib import Path
from typing import Any

from build_scripts.hosting import Hosting
from build_scripts.pyodide_files import pyodide_version

REPO = Path(__file__).resolve().parent.parent
STOCK = REPO / "node_modules" / "pyodide"
HOSTING = Hosting()
# What the server settings say (build_scripts/hosting.py): a year for files whose path changes
# with their content, revalidation for the rest. The stock files get a year too, as a CDN sends
# a versioned Pyodide folder.
IMMUTABLE = re.compile(HOSTING.immutable_regex + "|^/__stock__/")


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
