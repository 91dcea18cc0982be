"""The questionnaire's container and the plain pages' frame: the markup shared by the themed check
page, the embed page, the static pages and the self-check.

Build-time room. May import: the standard library, ``decision_tree`` and
``build_scripts.pyodide_files``.

:func:`app_markup` is the questionnaire's container (the first question pre-rendered, the data
attributes the page's script reads); :func:`shell` is a plain page (no theme, no inline script or
style, so that it works under a strict Content-Security-Policy).
"""

from __future__ import annotations

import json
from html import escape

from build_scripts.pyodide_files import pyodide_version
from decision_tree.web import Place, Texts, render, tree_data
from decision_tree.web.texts import script_words

WHEEL_PLACEHOLDER = "__DECISION_TREE_WHEEL__"


def titles() -> dict[str, str]:
    """The questionnaire's name in each language (the embed page's title, the iframe's name)."""
    return {lang: Texts(lang)("page.check_title") for lang in ("zh", "en")}


def app_attributes(
    root: str, states: str, wheel: str, *, assets: str | None = None, lang: str = "zh", states_en: str = ""
) -> str:
    """The data attributes the page's script reads (all paths relative to the page).

    ``root`` leads to the edition's root (citations), ``assets`` to the site's root (Pyodide, the
    worker; the English edition shares the Chinese one's), ``states_en`` — on the embed page,
    which serves both languages — to the English static pages.
    """
    assets = root if assets is None else assets
    english = (
        f' data-states-en="{escape(states_en)}" data-root-en="{escape(root)}en/"'
        f" data-title='{escape(json.dumps(titles(), ensure_ascii=False), quote=True)}'"
        if states_en
        else ""
    )
    return (
        f'data-incident-check data-root="{escape(root)}" data-states="{escape(states)}" data-lang="{lang}"{english}'
        f' data-pyodide="{escape(assets)}pyodide/{escape(pyodide_version())}/"'
        f' data-wheel="{escape(wheel)}" data-worker="{escape(assets)}assets/check/worker.js"'
        f" data-tree='{escape(tree_data(), quote=True)}'"
        f" data-texts='{escape(script_words('js.'), quote=True)}'"
    )


def app_markup(
    root: str,
    states: str,
    wheel: str,
    static_note: str,
    *,
    assets: str | None = None,
    lang: str = "zh",
    states_en: str = "",
) -> str:
    """The questionnaire's container: status line, the first question (pre-rendered), no-JS note."""
    first = render("", mode="static", place=Place(root=root, states=states), lang=lang).html
    attributes = app_attributes(root, states, wheel, assets=assets, lang=lang, states_en=states_en)
    return (
        f'<div class="ic-app" {attributes}>'
        '<p class="ic-status" role="status" aria-live="polite"></p>'
        f'<div class="ic-view">{first}</div>'
        f'<noscript><p class="ic-hint">{static_note}</p></noscript>'
        "</div>"
    )


def _chrome(title: str, root: str, lang: str) -> tuple[str, str]:
    """A plain page's header and footer in one language."""
    t = Texts(lang)
    # The site's own navigation, so that a static page reads as a page of this site.
    places = [("check/", "page.check_title"), ("measures/", "page.measures"), ("guide/", "page.guide")]
    places.append(("interpretations/", "page.readings"))
    nav = " · ".join(f'<a href="{root}{path}">{escape(t(key))}</a>' for path, key in places)
    header = (
        f'<a class="ic-page-site" href="{root}">{escape(t("page.site"))}</a>'
        f'<span class="ic-page-title"> · {escape(title)}</span>'
        f'<nav class="ic-page-nav" aria-label="{escape(t("page.nav"))}">{nav}</nav>'
    )
    footer = (
        f"{escape(t('page.footer'))}"
        f'<a href="{root}interpretations/">{escape(t("page.readings"))}</a> · '
        f'<a href="{root}sources/">{escape(t("page.sources"))}</a>'
    )
    return header, footer


def shell(
    title: str,
    body: str,
    root: str,
    *,
    script: bool = False,
    lang: str = "zh",
    assets: str | None = None,
    both: bool = False,
) -> str:
    """A plain page (no theme): the static questionnaire pages, the embed page, the self-check.

    ``both``: the header and footer in Chinese and in English (the embed page serves both
    languages: the page's script shows the one of the link's language, ``data-ic-lang``).
    """
    t = Texts(lang)
    assets = root if assets is None else assets
    header, footer = _chrome(title, root, lang)
    if both:
        en_header, en_footer = _chrome(titles()["en"], "../en/", "en")
        header = f'<span data-ic-lang="zh">{header}</span><span data-ic-lang="en" lang="en" hidden>{en_header}</span>'
        footer = f'<span data-ic-lang="zh">{footer}</span><span data-ic-lang="en" lang="en" hidden>{en_footer}</span>'

    # At the end of the body and async: it runs as soon as it arrives, the whole page being there.
    script_tag = (
        f'<script type="module" async src="{assets}assets/check/check.js"></script>'
        f'<script type="module" async src="{assets}assets/check/incident.js"></script>'
        if script
        else ""
    )
    # In the head: a deep link's static answer is asked for before the page has parsed (early.js).
    early = f'<script type="module" async blocking="render" src="{assets}assets/check/early.js"></script>'
    return (
        "<!doctype html>\n"
        f'<html lang="{"en" if t.lang == "en" else "zh-Hans"}"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        '<meta name="referrer" content="no-referrer">'
        f"{early if script else ''}"
        f'<link rel="icon" href="{assets}assets/check/icon.svg" type="image/svg+xml">'
        f"<title>{escape(title)}</title>"
        f'<link rel="stylesheet" href="{assets}assets/check/check.css"></head>'
        f'<body class="ic-page"><header class="ic-page-header">{header}</header>'
        f'<main class="ic-page-main">{body}</main>'
        f'<footer class="ic-page-footer">{footer}</footer>'
        f"{script_tag}</body></html>\n"
    )
