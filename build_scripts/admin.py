"""The administrators' plain pages, in each edition's language (called by the mkdocs hooks).

Build-time room. May import: the standard library, ``decision_tree``, ``build_scripts.plain_pages``
(the plain page's frame) and ``build_scripts.pyodide_files`` (Pyodide's version).

Into each edition (``site/``, ``site/en/``):

- ``selfcheck/index.html`` — the server self-check (``docs/assets/check/selfcheck.js`` runs it);
- ``offline/index.html`` — the page an offline copy shows for a page it did not keep
  (``build_scripts/offline_sw.js`` redirects there);

and into the site's root, once: ``assets/texts.<lang>.json`` — the words of the administrators'
scripts (``site.*`` of ui.toml: selfcheck.js, offline.js), which hold no words of their own.
"""

from __future__ import annotations

import json
from html import escape
from pathlib import Path

from build_scripts import plain_pages, pyodide_files
from decision_tree.web import Texts
from decision_tree.web.texts import LANGUAGES, table


def selfcheck_page(lang: str = "zh") -> str:
    """A page that checks, in the administrator's browser, how this server serves the calculator.

    The English edition's (``en/selfcheck/``) checks the same server: its ``data-root`` is the
    site's root, one level further up.
    """
    t = Texts(lang)
    root = "../" if lang == "zh" else "../../"
    lead = t.html(
        "site.selfcheck.lead",
        wasm="<code>.wasm</code>",
        mjs="<code>.mjs</code>",
        settings=f'<a href="../intranet/#server">{escape(t("site.selfcheck.settings"))}</a>',
    )
    body = (
        f"<h1>{escape(t('site.selfcheck.title'))}</h1><p>{lead}</p>"
        f'<ul id="selfcheck-results" class="selfcheck" data-root="{root}" '
        f'data-pyodide="pyodide/{escape(pyodide_files.pyodide_version())}/"></ul>'
        f"<noscript><p>{escape(t('site.selfcheck.noscript'))}</p></noscript>"
    )
    return plain_pages.shell(t("site.selfcheck.title"), body, "../", script=False, lang=lang, assets=root).replace(
        "</head>", f'<script type="module" src="{root}assets/check/selfcheck.js"></script></head>'
    )


OFFLINE_LINKS = (("home", ""), ("check", "check/"), ("measures", "measures/"), ("guide", "guide/"), ("qa", "qa/"))


def offline_page(lang: str = "zh") -> str:
    """The page a browser that kept this site offline shows for a page it did not keep
    (``offline/``, ``en/offline/``; build_scripts/offline_sw.js redirects there)."""
    t = Texts(lang)
    links = "".join(
        f'<li><a href="../{target}">{escape(t(f"site.offline_page.{name}"))}</a></li>' for name, target in OFFLINE_LINKS
    )
    body = (
        f'<h1 id="offline">{escape(t("site.offline_page.title"))}</h1>'
        f"<p>{escape(t('site.offline_page.lead'))}</p><ul>{links}</ul>"
        f"<p>{escape(t('site.offline_page.retry'))}</p>"
    )
    return plain_pages.shell(
        t("site.offline_page.title"), body, "../", lang=lang, assets="../" if lang == "zh" else "../../"
    )


def admin_texts(lang: str) -> str:
    """The words of the administrators' pages' scripts in ``lang`` (the ``site.*`` entries of
    ui.toml), as the JSON they read: ``assets/texts.<lang>.json``."""
    t = Texts(lang)
    words = {key: t(key) for key in table() if key.startswith("site.")}
    return json.dumps(words, ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n"


def write(site: Path, lang: str = "zh") -> None:
    """Write the edition ``lang``'s administrators' pages into ``site`` (its folder); the Chinese
    edition, at the site's root, also writes every language's words for the scripts."""
    pages = {"selfcheck/index.html": selfcheck_page(lang), "offline/index.html": offline_page(lang)}
    if lang == "zh":
        pages |= {f"assets/texts.{code}.json": admin_texts(code) for code in LANGUAGES}
    for relative, text in pages.items():
        target = site / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
