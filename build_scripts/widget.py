"""Write the questionnaire's build-time files into the built site (called by the mkdocs hook).

Build-time room. May import: the standard library, ``decision_tree``,
``build_scripts.plain_pages``, ``build_scripts.decision_table`` and ``build_scripts.pyodide_files``.

Into ``site/``:

- ``check/s/<state>.html`` — every state of the question tree as a plain page (no script), from
  :func:`decision_tree.web.render` in static mode: the path for browsers without JavaScript or
  WebAssembly, and the fallback when the calculator cannot start; ``check/s/table.html`` — the
  decision table of every path, linking to its outcome page (:mod:`build_scripts.decision_table`).
- ``embed/index.html`` — the questionnaire alone on a plain page with no inline script or style,
  so that it works under a strict Content-Security-Policy (the page the embedding uses).
- ``pyodide/<version>/`` and ``assets/check/<hash>/`` — Pyodide's files, the compiled standard
  library, our wheel and its lock file (:mod:`build_scripts.pyodide_files`).
- ``schema/incident.schema.json`` — the incident file's JSON Schema, as the package ships it
  (:func:`copy_schema`), for the pages and the README to link.

The ``.gz`` and ``.br`` siblings are written last, by :mod:`build_scripts.precompress`.
"""

from __future__ import annotations

import json
import shutil
from html import escape
from pathlib import Path

from build_scripts.decision_table import decision_tables
from build_scripts.plain_pages import WHEEL_PLACEHOLDER, app_markup, shell, titles
from build_scripts.pyodide_files import BuildError, copy_pyodide, copy_wheel
from decision_tree import incident
from decision_tree.tree import next_question
from decision_tree.web import Place, State, Texts, render, state_key
from decision_tree.web.incident_list import embed_note

# In embed.js: the questionnaire's name in each language, written in from ui.toml at build time.
EMBED_TITLES_PLACEHOLDER = """JSON.parse('{"zh": "", "en": ""}')"""


def states() -> list[dict[str, object]]:
    """Every state of the tree — each prefix of each path — in depth-first order."""
    out: list[dict[str, object]] = []

    def walk(path: dict[str, object]) -> None:
        out.append(path)
        question = next_question(path)
        if question is not None:
            for option in question.values():
                walk({**path, question.id: option})

    walk({})
    return out


def static_note(lang: str = "zh", tables: str = "table.html") -> str:
    """The note above every static page (markup)."""
    t = Texts(lang)
    return t.html("page.static_note", tables=f'<a href="{escape(tables)}">{escape(t("page.tables_link"))}</a>')


def static_pages(lang: str = "zh") -> dict[str, str]:
    """``{"check/s/<state>.html": html, …}`` plus the decision tables, in ``lang``. The English ones
    go under the English edition (``en/check/s/``): links lead to its pages, styles to the site's."""
    t = Texts(lang)
    assets = "../../../" if t.lang == "en" else "../../"
    place = Place(root="../../", states="")
    pages = {}
    note = static_note(lang)
    for path in states():
        fragment = State(path=dict(path)).fragment()
        markup = render(fragment, mode="static", place=place, lang=lang).html
        app, lead = f'<div class="ic-app ic-static">{markup}</div>', f'<p class="ic-hint ic-static-note">{note}</p>'
        # A result page opens at its answer (on a phone, the verdict, a recipient and its deadline
        # on the first screen, issue 19): the note about the static version follows it.
        body = app + lead if 'id="ic-result"' in markup else lead + app
        pages[f"check/s/{state_key(path)}.html"] = shell(
            t("page.static_title"), body, "../../", lang=lang, assets=assets
        )
    for name, body in decision_tables(lang).items():
        pages[f"check/s/{name}"] = shell(t("table.title"), body, "../../", lang=lang, assets=assets)
    return pages


def embed_page(wheel: str) -> str:
    """The questionnaire alone, on a page with no inline script or style (strict CSP works).

    One page for both languages: ``lang=en`` in its fragment (``data-lang="en"`` on the embedding)
    renders English, and its static pages are then the English edition's.
    """
    t = Texts("zh")
    note = t.html(
        "page.no_js",
        static=f'<a href="../check/s/start.html">{escape(t("page.static_link"))}</a>',
        tables=f'<a href="../check/s/table.html">{escape(t("page.tables_link"))}</a>',
    )
    body = app_markup("../", "../check/s/", "../" + wheel, note, states_en="../en/check/s/") + embed_note()
    return shell(t("page.check_title"), body, "../", script=True, both=True)


def copy_schema(site: Path) -> Path:
    """Copy the incident file's JSON Schema to ``site/schema/incident.schema.json``; return its path."""
    target = site / "schema" / "incident.schema.json"
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(Path(incident.__file__).parent / "data" / "incident.schema.json", target)
    return target


def write(site: Path) -> None:
    """Write everything this module builds into the built site ``site``."""
    copy_schema(site)
    _, stdlib = copy_pyodide(site)
    wheel = copy_wheel(site, stdlib)
    pages = {
        **static_pages(),
        "embed/index.html": embed_page(wheel),
    }
    for relative, html in pages.items():
        target = site / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(html, encoding="utf-8")
    page = site / "check" / "index.html"
    if page.exists():
        page.write_text(page.read_text(encoding="utf-8").replace(WHEEL_PLACEHOLDER, "../" + wheel), encoding="utf-8")
    loader = site / "embed.js"
    if loader.exists():
        text = loader.read_text(encoding="utf-8")
        if EMBED_TITLES_PLACEHOLDER not in text:
            raise BuildError(f"embed.js lacks {EMBED_TITLES_PLACEHOLDER}, where the questionnaire's names go")
        loader.write_text(text.replace(EMBED_TITLES_PLACEHOLDER, json.dumps(titles())), encoding="utf-8")


def write_english(site_en: Path) -> None:
    """Write the English questionnaire's files into the English edition ``site_en`` (``site/en``),
    built after the Chinese site: its static pages and tables, and the wheel's address in its
    check page (the wheel, Pyodide and the worker are the Chinese build's, one level up)."""
    for relative, html in static_pages("en").items():
        target = site_en / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(html, encoding="utf-8")
    site = site_en.parent
    wheels = sorted((site / "assets" / "check").glob("*/*.whl"))
    if len(wheels) != 1:
        raise BuildError(f"expected one wheel under {site}/assets/check/ (build the Chinese site first): {wheels}")
    wheel = wheels[0].relative_to(site).as_posix()
    page = site_en / "check" / "index.html"
    if page.exists():
        page.write_text(page.read_text(encoding="utf-8").replace(WHEEL_PLACEHOLDER, "../../" + wheel), encoding="utf-8")
