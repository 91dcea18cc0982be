"""Hosting: the site's Content-Security-Policy and the server settings, written from one set of data.

Build-time room. May import: the standard library.

Material's themed pages carry a few small inline scripts (the ``__md_scope`` one differs with the
page's depth). After the build, :func:`write` hashes every inline script of every HTML file under
the built site (and the ``__md_scope`` script at every depth up to :data:`MAX_DEPTH`, so that an
edition built later into a sub-folder is covered too), makes the strict policy from those hashes,
and from that policy and :data:`HOSTING` writes

- ``hosting/csp-policy.txt`` and ``hosting/csp-policy-embed.txt`` — the exact policies;
- ``hosting/nginx-http.conf``, ``hosting/nginx-server.conf``, ``hosting/apache-modules.sh``,
  ``hosting/apache-site.conf``, ``hosting/iis-web.config.xml`` — the server settings;
- the same settings into the 嵌入到内网 page, in place of its ``<!-- server-config NAME -->``
  markers, so that the page prints exactly what the tests serve.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import re
import tomllib
from dataclasses import dataclass
from html import escape
from pathlib import Path

MAX_DEPTH = 4
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)([^>]*)>(.*?)</script>", re.DOTALL | re.IGNORECASE)
SCRIPT_TYPE = re.compile(r"""\btype=["']?([^"'\s>]+)""", re.IGNORECASE)
SCOPE = re.compile(r'__md_scope=new URL\("([^"]*)",location\)')
MARKER = re.compile(r"<!--\s*server-config\s+([a-z-]+)\s*-->")
JS_TYPES = {"", "text/javascript", "application/javascript", "module"}
COMMENTS = Path(__file__).resolve().with_name("hosting.toml")  # the settings' comments, zh and en


class HostingError(RuntimeError):
    """The built site does not fit the policy; the message says which file and why."""


@dataclass(frozen=True)
class Hosting:
    """Everything the server settings say, stated once."""

    path: str = "/tools/guide/"  # the example sub-path, as on the page
    folder: str = "/srv/incident-guide/"  # the example folder the bundle is unpacked into
    long_cache: str = "public, max-age=31536000, immutable"
    short_cache: str = "no-cache"
    # Files whose path changes with their content: Pyodide's versioned folder, our wheel's hashed
    # folder, Material's hashed bundles.
    immutable_regex: str = r"/pyodide/[^/]+/|/assets/check/[0-9a-f]{12}/|\.[0-9a-f]{8}\.min\.(js|css)$"
    embed_regex: str = r"/embed/"
    # Hosts allowed to frame the questionnaire page embed/ (narrow to your intranet's hosts).
    embed_ancestors: str = "*"
    compress_types: tuple[str, ...] = (
        "text/css",
        "text/javascript",
        "application/javascript",
        "application/json",
        "application/wasm",
        "image/svg+xml",
    )


HOSTING = Hosting()


@functools.cache
def _comments() -> dict[str, dict[str, str]]:
    with COMMENTS.open("rb") as file:
        comments: dict[str, dict[str, str]] = tomllib.load(file)["comment"]
    return comments


def _comment(name: str, lang: str, prefix: str = "# ") -> str:
    """The comment ``name`` of hosting.toml in ``lang``, each line behind ``prefix``."""
    text = _comments()[name][lang].replace("{http}", "{}")
    return "\n".join(prefix + line for line in text.splitlines())


def script_hash(source: str) -> str:
    """The CSP source expression for an inline script's text: ``'sha256-…'``."""
    digest = hashlib.sha256(source.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


def inline_scripts(html: str) -> list[str]:
    """The text of every inline script a browser would run (JSON data blocks are not run)."""
    found = []
    for match in INLINE_SCRIPT.finditer(html):
        kind = SCRIPT_TYPE.search(match.group(1))
        if (kind.group(1).lower() if kind else "") in JS_TYPES:
            found.append(match.group(2))
    return found


def scope_variants(source: str) -> list[str]:
    """Material's ``__md_scope`` script as it reads on pages of every depth up to MAX_DEPTH."""
    if not SCOPE.search(source):
        return []
    bases = [".", *("/".join([".."] * depth) for depth in range(1, MAX_DEPTH + 1))]
    return [SCOPE.sub(f'__md_scope=new URL("{base}",location)', source) for base in bases]


def script_hashes(site: Path) -> list[str]:
    """Sorted hashes of every inline script in every HTML file under ``site``, at every depth."""
    hashes = set()
    for page in sorted(site.rglob("*.html")):
        for source in inline_scripts(page.read_text(encoding="utf-8")):
            hashes.add(script_hash(source))
            hashes.update(script_hash(variant) for variant in scope_variants(source))
    return sorted(hashes)


def policy(hashes: list[str], frame_ancestors: str = "'self'") -> str:
    """The strict Content-Security-Policy for the whole site, allowing exactly these inline scripts."""
    return "; ".join(
        [
            "default-src 'self'",
            " ".join(["script-src 'self' 'wasm-unsafe-eval'", *hashes]),
            "worker-src 'self'",
            "connect-src 'self'",
            "img-src 'self' data:",
            "style-src 'self'",
            "base-uri 'none'",
            "object-src 'none'",
            f"frame-ancestors {frame_ancestors}",
        ]
    )


def nginx_http(site_policy: str, embed_policy: str, hosting: Hosting = HOSTING, lang: str = "zh") -> str:
    """nginx, the part for ``http {}``: the .mjs type and the two maps the location reads."""
    return f"""{_comment("nginx_http", lang)}
types {{
    text/javascript mjs;
}}
{_comment("nginx_csp", lang)}
map $uri $incident_guide_csp {{
    default "{site_policy}";
    "~{hosting.embed_regex}" "{embed_policy}";
}}
{_comment("nginx_cache", lang)}
map $uri $incident_guide_cache {{
    default "{hosting.short_cache}";
    "~{hosting.immutable_regex}" "{hosting.long_cache}";
}}
"""


def nginx_server(hosting: Hosting = HOSTING, lang: str = "zh") -> str:
    """nginx, the part for ``server {}``: the location that serves the unpacked bundle."""
    return f"""{_comment("nginx_server", lang)}
location {hosting.path} {{
    alias {hosting.folder};
    add_header Content-Security-Policy $incident_guide_csp always;
    add_header Cache-Control $incident_guide_cache always;
    add_header X-Content-Type-Options nosniff always;
    gzip on;
    gzip_static on;
    gzip_vary on;
    gzip_types {" ".join(hosting.compress_types)};
}}
"""


def apache_modules() -> str:
    """Apache on Debian/Ubuntu: the modules to enable (mod_headers is off by default)."""
    return "sudo a2enmod headers deflate mime alias && sudo systemctl restart apache2\n"


def apache_site(site_policy: str, embed_policy: str, hosting: Hosting = HOSTING, lang: str = "zh") -> str:
    """Apache: the part for the site's ``<VirtualHost>`` (not .htaccess)."""
    path, folder = hosting.path.rstrip("/"), hosting.folder.rstrip("/")
    return f"""{_comment("apache_site", lang)}
Define INCIDENT_GUIDE_PATH {path}
Define INCIDENT_GUIDE_DIR {folder}
Alias "${{INCIDENT_GUIDE_PATH}}/" "${{INCIDENT_GUIDE_DIR}}/"
<Directory "${{INCIDENT_GUIDE_DIR}}">
    Require all granted
    AllowOverride None
    AddType application/wasm .wasm
    AddType text/javascript .mjs
    Header always set X-Content-Type-Options nosniff
    Header always set Content-Security-Policy "{site_policy}"
    Header always set Cache-Control "{hosting.short_cache}"
    <If "%{{REQUEST_URI}} =~ m#{hosting.embed_regex}#">
        Header always set Content-Security-Policy "{embed_policy}"
    </If>
    <If "%{{REQUEST_URI}} =~ m#{hosting.immutable_regex}#">
        Header always set Cache-Control "{hosting.long_cache}"
    </If>
    AddOutputFilterByType DEFLATE text/html {" ".join(hosting.compress_types)}
</Directory>
"""


def iis_web_config(site_policy: str, embed_policy: str, hosting: Hosting = HOSTING, lang: str = "zh") -> str:
    """IIS: a web.config for the unpacked folder (generated from the same data; untested)."""
    return f"""<?xml version="1.0" encoding="utf-8"?>
<!-- {_comment("iis", lang, prefix="")} -->
<configuration>
  <system.webServer>
    <staticContent>
      <remove fileExtension=".wasm" />
      <mimeMap fileExtension=".wasm" mimeType="application/wasm" />
      <remove fileExtension=".mjs" />
      <mimeMap fileExtension=".mjs" mimeType="text/javascript" />
      <clientCache cacheControlMode="DisableCache" />
    </staticContent>
    <urlCompression doStaticCompression="true" />
    <httpProtocol>
      <customHeaders>
        <add name="X-Content-Type-Options" value="nosniff" />
        <add name="Content-Security-Policy" value="{escape(site_policy)}" />
      </customHeaders>
    </httpProtocol>
  </system.webServer>
  <location path="embed">
    <system.webServer>
      <httpProtocol>
        <customHeaders>
          <remove name="Content-Security-Policy" />
          <add name="Content-Security-Policy" value="{escape(embed_policy)}" />
        </customHeaders>
      </httpProtocol>
    </system.webServer>
  </location>
  <location path="pyodide">
    <system.webServer>
      <staticContent>
        <clientCache cacheControlMode="UseMaxAge" cacheControlMaxAge="365.00:00:00"
                     cacheControlCustom="public, immutable" />
      </staticContent>
    </system.webServer>
  </location>
</configuration>
"""


def settings(site_policy: str, embed_policy: str, lang: str = "zh") -> dict[str, str]:
    """Every printed setting by its marker name, its comments in ``lang``."""
    return {
        "nginx-http": nginx_http(site_policy, embed_policy, lang=lang),
        "nginx-server": nginx_server(lang=lang),
        "apache-modules": apache_modules(),
        "apache-site": apache_site(site_policy, embed_policy, lang=lang),
        "iis": iis_web_config(site_policy, embed_policy, lang=lang),
    }


FILES = {
    "nginx-http": "nginx-http.conf",
    "nginx-server": "nginx-server.conf",
    "apache-modules": "apache-modules.sh",
    "apache-site": "apache-site.conf",
    "iis": "iis-web.config.xml",
}
LANGUAGES = {"nginx-http": "nginx", "nginx-server": "nginx", "apache-modules": "sh", "apache-site": "apache"}


def _enclosing_policy(site: Path) -> Path | None:
    """The policy file of a site this one is built inside (an edition in a sub-folder), if any."""
    for parent in site.resolve().parents:
        candidate = parent / "hosting" / "csp-policy.txt"
        if candidate.exists():
            return candidate
    return None


def write(site: Path, lang: str = "zh") -> str:
    """Hash the site's inline scripts, write the policies and settings, fill the page's markers; returns the policy.

    An edition built inside the site (``site/en/``) prints the enclosing site's policy, which must
    already allow its inline scripts, and gets its own ``hosting/`` with comments in ``lang``.
    """
    hashes = script_hashes(site)
    outer = _enclosing_policy(site)
    if outer is not None:
        site_policy = outer.read_text(encoding="utf-8").strip()
        embed_policy = outer.with_name("csp-policy-embed.txt").read_text(encoding="utf-8").strip()
        missing = [h for h in hashes if h not in site_policy]
        if missing:
            raise HostingError(f"{outer} lacks {', '.join(missing)}: rebuild the enclosing site after this one")
    else:
        site_policy = policy(hashes)
        embed_policy = policy(hashes, HOSTING.embed_ancestors)
    texts = settings(site_policy, embed_policy, lang)
    folder = site / "hosting"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "csp-policy.txt").write_text(site_policy + "\n", encoding="utf-8")
    (folder / "csp-policy-embed.txt").write_text(embed_policy + "\n", encoding="utf-8")
    for name, filename in FILES.items():
        (folder / filename).write_text(texts[name], encoding="utf-8")
    for page in site.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        if MARKER.search(html):
            page.write_text(MARKER.sub(functools.partial(_block, texts=texts, page=page), html), encoding="utf-8")
    return site_policy


def _block(marker: re.Match[str], texts: dict[str, str], page: Path) -> str:
    """The printed setting for one marker, as a code block."""
    name = marker.group(1)
    if name not in texts:
        raise HostingError(f"{page}: unknown server-config marker {name!r}; known: {', '.join(texts)}")
    language = LANGUAGES.get(name, "xml")
    return (
        f'<pre class="server-config" data-server-config="{name}">'
        f'<code class="language-{language}">{escape(texts[name], quote=False)}</code></pre>'
    )
