"""The documented servers, for real: Debian's nginx and Apache with the settings exactly as 嵌入到内网 prints them.

Each server runs as an unprivileged process (as ``nobody`` when the tests run as root) on a
loopback port, serves the unpacked bundle under /tools/guide/, and is checked in Chromium (the
self-check page, a questionnaire path, no CSP violation) and by its headers (types, the policy,
caching, compression). The only change made to the printed text is the one the page asks for:
the example folder /srv/incident-guide/ becomes the folder the bundle was unpacked into.
"""

from __future__ import annotations

import contextlib
import gzip
import html
import os
import re
import shutil
import socket
import subprocess
import tempfile
import time
import urllib.request
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from build_scripts import bundle, hosting

pytestmark = [pytest.mark.browser, pytest.mark.site]

NGINX = Path("/usr/sbin/nginx")
APACHE = Path("/usr/sbin/apache2")
READY = 60_000  # ms
PATH = ("involves_cii=no&central_state_organ=no&level=major&sectors=none&suspected_crime=no"
        "&ransomware=no&state_secret=no&t=2025-11-03T23:40")  # fmt: skip
# The modules a fresh Debian install of apache2 enables (a2enmod adds to these).
DEBIAN_APACHE_MODULES = [
    "mpm_event", "access_compat", "alias", "auth_basic", "authn_core", "authn_file", "authz_core", "authz_host",
    "authz_user", "autoindex", "deflate", "dir", "env", "filter", "mime", "negotiation", "reqtimeout", "setenvif",
    "status",
]  # fmt: skip
LONG = "public, max-age=31536000, immutable"


def printed(site: Path) -> dict[str, str]:
    """The server settings as the built 嵌入到内网 page prints them, by name."""
    page = (site / "intranet" / "index.html").read_text(encoding="utf-8")
    blocks = re.findall(
        r'<pre class="server-config" data-server-config="([a-z-]+)"><code[^>]*>(.*?)</code></pre>', page, re.S
    )
    return {name: html.unescape(text) for name, text in blocks}


def test_the_page_prints_every_setting_and_the_same_as_the_files(built_site: Path) -> None:
    """The page prints nginx (two parts), Apache (modules, site) and IIS, each equal to its file under hosting/."""
    shown = printed(built_site)
    files = {name: (built_site / "hosting" / f).read_text(encoding="utf-8") for name, f in hosting.FILES.items()}
    page = (built_site / "intranet" / "index.html").read_text(encoding="utf-8")
    linked = sorted(set(re.findall(r'href="\.\./hosting/([^"]+)"', page)))
    assert files == shown
    assert [] == [name for name in linked if not (built_site / "hosting" / name).is_file()]
    assert len(linked) >= 6


def test_path_and_folder_are_stated_once(built_site: Path) -> None:
    """The sub-path and the folder appear once in each server's part that names them."""
    shown = printed(built_site)
    counts = {
        "nginx-server": (shown["nginx-server"].count("location /tools/guide/"), shown["nginx-server"].count("alias /")),
        "apache-site": (shown["apache-site"].count("/tools/guide"), shown["apache-site"].count("/srv/incident-guide")),
    }
    assert {"nginx-server": (1, 1), "apache-site": (1, 1)} == counts


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _unprivileged() -> list[str]:
    """The command prefix that drops root (tests may run as root in containers); empty otherwise."""
    return ["setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups", "--"] if os.geteuid() == 0 else []


@pytest.fixture(scope="module")
def unpacked(built_site: Path) -> Iterator[Path]:
    """The bundle made by build_scripts/bundle.py, unpacked into a folder every user can read."""
    work = Path(tempfile.mkdtemp(prefix="incident-guide-servers-"))
    archive = bundle.bundle(site=built_site, out_dir=work / "dist")
    target = work / "incident-guide"
    with zipfile.ZipFile(archive) as opened:
        opened.extractall(target)
    for path in [work, *work.rglob("*")]:
        path.chmod(0o755 if path.is_dir() else 0o644)
    yield target
    shutil.rmtree(work, ignore_errors=True)


def _writable_work_dir() -> Path:
    work = Path(tempfile.mkdtemp(prefix="incident-guide-server-run-"))
    work.chmod(0o777)
    return work


@dataclass
class Server:
    """A running server: its base URL (…/tools/guide/), the printed policies, the unpacked folder."""

    url: str
    policy: str
    embed_policy: str
    folder: Path


def _wait(port: int, process: subprocess.Popen[bytes], log: Path) -> None:
    for _ in range(100):
        if process.poll() is not None:
            raise AssertionError(f"server exited with {process.returncode}:\n{log.read_text(errors='replace')}")
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=0.2):
            return
        time.sleep(0.1)
    raise AssertionError("server did not start")


@contextlib.contextmanager
def _run(command: list[str], port: int, log: Path) -> Iterator[None]:
    with log.open("wb") as output:
        process = subprocess.Popen([*_unprivileged(), *command], stdout=output, stderr=subprocess.STDOUT)
    try:
        _wait(port, process, log)
        yield
    finally:
        process.terminate()
        process.wait(timeout=10)


def _nginx_config(work: Path, port: int, http_part: str, server_part: str) -> str:
    """Debian's nginx.conf reduced to what matters, with the page's two parts where the page says."""
    temp = "\n".join(
        f"    {kind}_temp_path {work}/{kind};" for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    return f"""daemon off;
worker_processes 1;
pid {work}/nginx.pid;
error_log {work}/error.log warn;
events {{
    worker_connections 64;
}}
http {{
    sendfile on;
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log off;
{temp}
{http_part}
    server {{
        listen 127.0.0.1:{port};
        server_name localhost;
{server_part}
    }}
}}
"""


def _apache_config(work: Path, port: int, modules: list[str], site_part: str) -> str:
    """Debian's apache2.conf reduced to what matters (its defaults kept), the modules, the page's part in a vhost."""
    load = "\n".join(
        f"Include /etc/apache2/mods-available/{name}.{kind}"
        for name in modules
        for kind in ("load", "conf")
        if Path(f"/etc/apache2/mods-available/{name}.{kind}").exists()
    )
    (work / "empty").mkdir(exist_ok=True)
    return f"""ServerRoot /etc/apache2
DefaultRuntimeDir {work}
PidFile {work}/apache2.pid
Mutex file:{work} default
ErrorLog {work}/error.log
LogLevel warn
ServerName localhost
Listen 127.0.0.1:{port}
{load}
<Directory />
    Options FollowSymLinks
    AllowOverride None
    Require all denied
</Directory>
AccessFileName .htaccess
<FilesMatch "^\\.ht">
    Require all denied
</FilesMatch>
<VirtualHost 127.0.0.1:{port}>
    DocumentRoot {work}/empty
{site_part}
</VirtualHost>
"""


def _with_folder(text: str, folder: Path, trailing_slash: bool) -> str:
    example = hosting.HOSTING.folder if trailing_slash else hosting.HOSTING.folder.rstrip("/")
    assert 1 == text.count(example)
    return text.replace(example, f"{folder}/" if trailing_slash else str(folder))


def _require(binary: Path) -> None:
    if not binary.exists():
        message = f"{binary} is missing — install Debian's nginx and apache2 (.ci/run does)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)


@pytest.fixture(scope="module", params=["nginx", "apache"])
def server(request: Any, built_site: Path, unpacked: Path) -> Iterator[Server]:
    """nginx or Apache, configured exactly as printed, serving the unpacked bundle under /tools/guide/."""
    shown = printed(built_site)
    policies = [
        (built_site / "hosting" / f).read_text(encoding="utf-8").strip()
        for f in ("csp-policy.txt", "csp-policy-embed.txt")
    ]
    work = _writable_work_dir()
    port = _free_port()
    if request.param == "nginx":
        _require(NGINX)
        config = _nginx_config(work, port, shown["nginx-http"], _with_folder(shown["nginx-server"], unpacked, True))
        (work / "nginx.conf").write_text(config, encoding="utf-8")
        command = [str(NGINX), "-e", str(work / "startup.log"), "-p", str(work), "-c", str(work / "nginx.conf")]
        test = subprocess.run([*_unprivileged(), *command, "-t"], capture_output=True, text=True, check=False)
        assert (0, []) == (test.returncode, re.findall(r"\[(?:warn|emerg|alert)\].*", test.stderr)), test.stderr
    else:
        _require(APACHE)
        enable = re.search(r"a2enmod ([a-z_ ]+?) &&", shown["apache-modules"])
        assert enable is not None, shown["apache-modules"]
        modules = DEBIAN_APACHE_MODULES + [m for m in enable.group(1).split() if m not in DEBIAN_APACHE_MODULES]
        config = _apache_config(work, port, modules, _with_folder(shown["apache-site"], unpacked, False))
        (work / "apache2.conf").write_text(config, encoding="utf-8")
        command = [str(APACHE), "-f", str(work / "apache2.conf"), "-DFOREGROUND"]
        test = subprocess.run(
            [*_unprivileged(), str(APACHE), "-f", str(work / "apache2.conf"), "-t"],
            capture_output=True,
            text=True,
            check=False,
        )
        assert 0 == test.returncode, test.stderr
    try:
        with _run(command, port, work / "server.log"):
            yield Server(f"http://127.0.0.1:{port}/tools/guide/", policies[0], policies[1], unpacked)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _get(url: str) -> tuple[dict[str, str], bytes]:
    request = urllib.request.Request(url, headers={"Accept-Encoding": "gzip"})
    with urllib.request.urlopen(request, timeout=30) as response:
        return {k.lower(): v for k, v in response.headers.items()}, response.read()


def _pyodide(server: Server) -> str:
    return "pyodide/" + next((server.folder / "pyodide").iterdir()).name + "/"


def _wheel(server: Server) -> str:
    return next(server.folder.glob("assets/check/*/*.whl")).relative_to(server.folder).as_posix()


def test_types(server: Server) -> None:
    """.wasm is application/wasm, .mjs JavaScript, pages text/html, the service worker JavaScript."""
    pyodide = _pyodide(server)
    types = {
        name: _get(server.url + path)[0]["content-type"].split(";")[0]
        for name, path in [
            ("wasm", pyodide + "pyodide.asm.wasm"),
            ("mjs", pyodide + "pyodide.mjs"),
            ("page", "measures/"),
        ]
    }
    assert {"wasm": "application/wasm", "mjs": "text/javascript", "page": "text/html"} == types
    service_worker = _get(server.url + "sw.js")[0]["content-type"].split(";")[0]
    assert service_worker in ("text/javascript", "application/javascript")


def test_policies(server: Server) -> None:
    """Pages carry the printed policy exactly; the embed page carries the embed policy."""
    found = [_get(server.url + path)[0].get("content-security-policy") for path in ("", "measures/", "embed/")]
    assert [server.policy, server.policy, server.embed_policy] == found


def test_caching(server: Server) -> None:
    """Pyodide's versioned folder, the hashed wheel folder and Material's hashed bundle are cached long; pages, other scripts and sw.js revalidated."""
    bundle_js = next(server.folder.glob("assets/javascripts/bundle.*.min.js")).relative_to(server.folder).as_posix()
    paths = [_pyodide(server) + "pyodide.mjs", _wheel(server), bundle_js, "measures/", "assets/check/check.js", "sw.js"]
    found = [_get(server.url + path)[0].get("cache-control") for path in paths]
    assert [LONG, LONG, LONG, "no-cache", "no-cache", "no-cache"] == found


def test_compression(server: Server) -> None:
    """The WebAssembly and the large scripts arrive gzip-compressed; a built .gz sibling is what is sent."""
    pyodide = _pyodide(server)
    for name in ("pyodide.asm.wasm", "pyodide.asm.mjs"):
        headers, body = _get(server.url + pyodide + name)
        original = (server.folder / pyodide / name).read_bytes()
        assert ("gzip", original) == (headers.get("content-encoding"), gzip.decompress(body))
        sibling = server.folder / pyodide / f"{name}.gz"
        if sibling.exists() and "nginx" in headers.get("server", ""):
            assert sibling.read_bytes() == body  # gzip_static sent the build's file, not a fresh compression


@pytest.fixture
def page(watched_page: Any) -> Any:
    """A page recording policy violations and script errors (``watched_page`` of conftest)."""
    return watched_page


@pytest.mark.parametrize("edition", ["", "en/"])
def test_self_check_passes(page: Any, server: Server, edition: str) -> None:
    """Every check of the self-check page (either edition's) passes, the recommended ones (caching, compression) included."""
    page.goto(server.url + edition + "selfcheck/")
    page.wait_for_selector("#selfcheck-results[data-done]", timeout=60_000)
    items = page.eval_on_selector_all("#selfcheck-results li", "items => items.map(i => [i.dataset.ok, i.textContent])")
    assert len(items) >= 14
    assert [] == [text for ok, text in items if ok != "true"]
    assert [] == page.violations()


def test_questionnaire_reaches_its_result(page: Any, server: Server) -> None:
    """A deep-linked path on the themed questionnaire page starts the calculator and shows its result."""
    page.goto(server.url + "check/#" + PATH)
    page.wait_for_selector("[data-calculator='ready']", timeout=READY)
    page.wait_for_selector("#ic-result", timeout=15_000)
    assert "ic-verdict-report" in page.get_attribute(".ic-headline", "class")
    assert [] == page.violations()


def test_themed_pages_work_under_the_served_policy(page: Any, server: Server, search: Any) -> None:
    """The home page, the Measures and this page load without a violation, and search lists 勒索软件's article."""
    for path in ("", "measures/", "intranet/"):
        page.goto(server.url + path, wait_until="networkidle")
    hrefs = search(page, "勒索软件")
    assert any(h.endswith("#measures-7") for h in hrefs), hrefs
    assert [] == page.violations()
