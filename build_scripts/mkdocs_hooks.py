"""MkDocs hooks: cite links in pages, and the questionnaire's build-time files after the build.

Build-time room. May import: the standard library, mkdocs, ``decision_tree``, ``build_scripts.admin``,
``build_scripts.hosting``, ``build_scripts.offline``, ``build_scripts.pyodide_files``,
``build_scripts.search_parts`` and ``build_scripts.widget``.

Every themed page's header gets its words from ui.toml (:func:`header_words`). A hand-written or
generated page cites the law with a comment naming a citation key; the hook
replaces it with a link whose text is the Chinese label (``第四条第二款``). An unknown or
malformed key stops the build, so a typo can never publish a dead citation.

After the build (late, once the search plugin has written its index),
:func:`build_scripts.widget.write` adds the static questionnaire pages, the embed page, Pyodide's
files and our wheel to the site, :func:`build_scripts.admin.write` the self-check and offline
pages; the search index gets a section per question of the questionnaire
(:func:`question_documents`) and per paragraph of the Measures, and
:func:`build_scripts.search_parts.add_parts` makes the parts of Chinese compounds and of numbered
words (1小时) searchable; and — last, once every page exists — :func:`build_scripts.hosting.write`
hashes the inline scripts of every page into the strict Content-Security-Policy and prints it, with
the server settings, on the 嵌入到内网 page; :func:`build_scripts.offline.write` then writes the
opt-in service worker ``sw.js``, whose version is a digest of every file it keeps.
"""

from __future__ import annotations

import posixpath
import re
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.pages import Page

from build_scripts import admin, hosting, offline, pyodide_files, search_parts, widget
from decision_tree.citations import CitationError, resolve
from decision_tree.tree import next_question
from decision_tree.web import State, escape
from decision_tree.web.texts import Texts

CITE = re.compile(r"<!--\s*cite\s+(\S+?)\s*-->")


def cite_links(markdown: str, page_path: str, lang: str = "zh") -> str:
    """Replace every cite comment in ``markdown`` (a page at ``page_path`` under the docs folder)
    by a link labelled in ``lang`` (``第四条第二款``, or the English edition's "Article 4, paragraph 2")."""
    base = posixpath.dirname(page_path)

    def link(match: re.Match[str]) -> str:
        try:
            citation = resolve(match.group(1))
        except CitationError as error:
            raise PluginError(f"{page_path}: {error}") from None
        target = posixpath.relpath(citation.doc_link().split("#")[0], base or ".")
        return f"[{citation.label(lang)}]({target}#{citation.anchor}){{ .cite }}"

    return CITE.sub(link, markdown)


def header_words(config: MkDocsConfig, lang: str) -> MkDocsConfig:
    """``config`` with the words of every page's header (``overrides/main.html``) in ``lang``, from
    ui.toml, under ``extra``: the link to the questionnaire after the skip link."""
    config.extra["start_check"] = Texts(lang)("header.start_check")
    return config


SEARCH_WORKER = "assets/javascripts/workers/search-durations.js"
MATERIAL_WORKER = "__MATERIAL_SEARCH_WORKER__"


def name_search_worker(site: Path) -> None:
    """Write the name of Material's search worker (``search.<hash>.min.js``, beside it) into the
    site's search worker (``overrides/assets/javascripts/workers/search-durations.js``), which
    imports it: the URL fragment the page names it by is lost when the offline cache serves it."""
    wrapper = site / SEARCH_WORKER
    found = sorted(wrapper.parent.glob("search.*.min.js"))
    if not wrapper.exists() or len(found) != 1:
        raise PluginError(f"{SEARCH_WORKER}: expected it and one search.*.min.js beside it, found {found}")
    text = wrapper.read_text(encoding="utf-8")
    wrapper.write_text(text.replace(f'"{MATERIAL_WORKER}"', f'"{found[0].name}"', 1), encoding="utf-8")


def on_config(config: MkDocsConfig, **_: object) -> MkDocsConfig:
    """MkDocs event: the header's words, in Chinese."""
    return header_words(config, "zh")


def on_page_markdown(markdown: str, page: Page, **_: object) -> str:
    """MkDocs event: rewrite cite comments before the Markdown is converted."""
    return cite_links(markdown, page.file.src_uri)


def question_documents(lang: str) -> list[dict[str, str]]:
    """A search section for each question of the questionnaire but the first (which the page
    itself shows): its text and help, in ``lang``, at the check page's link to the first state
    that asks it (the questions before it answered with their first options)."""
    docs: dict[str, dict[str, str]] = {}
    for path in widget.states():
        question = next_question(path)
        if question is None or not path or question.id in docs:
            continue
        docs[question.id] = {
            "location": f"check/#{State(path=dict(path)).fragment()}",
            "title": escape(question.text.get(lang)),
            "text": escape(question.help.get(lang)),
        }
    return list(docs.values())


@event_priority(-50)  # after the search plugin has written search/search_index.json
def on_post_build(config: MkDocsConfig, **_: object) -> None:
    """MkDocs event: the questionnaire's files, the parts of compounds, then the policy and server settings."""
    site = Path(config.site_dir)
    name_search_worker(site)
    try:
        widget.write(site)
    except pyodide_files.BuildError as error:
        raise PluginError(str(error)) from None
    admin.write(site)
    index = site / "search" / "search_index.json"
    if index.exists():
        search_parts.add_documents(index, question_documents("zh"))
        search_parts.split_index(index)
        search_parts.add_parts(index)
    try:
        hosting.write(site)
    except hosting.HostingError as error:
        raise PluginError(str(error)) from None
    offline.write(site)  # last: its version is a digest of every file it keeps
