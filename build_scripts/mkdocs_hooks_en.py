"""MkDocs hooks of the English edition (``mkdocs.en.yml``): cite links with English labels.

Build-time room. May import: the standard library, mkdocs, ``decision_tree``, ``build_scripts.widget``,
``build_scripts.pyodide_files``, ``build_scripts.precompress``,
``build_scripts.admin``, ``build_scripts.hosting``, ``build_scripts.offline``,
``build_scripts.search_parts`` and ``build_scripts.mkdocs_hooks`` (the Chinese edition's hooks, for
:func:`cite_links`, :func:`header_words`, :func:`name_search_worker` and :func:`question_documents`).

Like :mod:`build_scripts.mkdocs_hooks`, a ``<!-- cite measures/4/2 -->`` comment becomes a link
and an unknown key stops the build; here the link text is the English label ("Article 4,
paragraph 2"). Pyodide, the worker and the wheel are written by the Chinese build only (the
English edition lives at ``en/`` inside the Chinese site and uses them there); this build writes
the English questionnaire's static pages (:func:`build_scripts.widget.write_english`).

After the build, :func:`add_durations` gives each section of the English search index a hidden
``durations`` field (declared under ``plugins.search.fields`` in mkdocs.en.yml): each duration of
the section as one word ("within 1 hour" → 1hour, "half an hour" → 30minute), which the site's
search worker (``overrides/assets/javascripts/workers/search-durations.js``) searches for a
duration typed as words ("1 hour", "one hour", "half an hour"): Material's search would append
``*`` to each word, and "1*" finds every number starting with 1; and each question
of the questionnaire becomes a section of the index (:func:`question_documents`), so that
"ransomware" finds the check's ransomware question.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.pages import Page

from build_scripts import admin, hosting, offline, precompress, pyodide_files, search_parts, widget
from build_scripts.mkdocs_hooks import cite_links, header_words, name_search_worker, question_documents


def on_config(config: MkDocsConfig, **_: object) -> MkDocsConfig:
    """MkDocs event: the header's words, in English."""
    return header_words(config, "en")


def on_page_markdown(markdown: str, page: Page, **_: object) -> str:
    """MkDocs event: rewrite cite comments before the Markdown is converted."""
    return cite_links(markdown, page.file.src_uri, "en")


FIELD = "durations"
_NUMBER_WORDS = (
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
)
# As the search worker (overrides/assets/javascripts/workers/search-durations.js) reads a query.
_DURATION = re.compile(
    rf"(?<![\w.])(?:(\d{{1,3}}|{'|'.join(_NUMBER_WORDS)})[\s-]*(hours?|minutes?|days?)|half an? hour)(?!\w)",
    re.IGNORECASE,
)


def durations(text: str) -> str:
    """The durations in ``text``, each as one word of number and unit: "within 1 hour and 2 hours"
    → "1hour 2hour"; "one hour" → "1hour"; "half an hour" → "30minute"."""
    words = []
    for match in _DURATION.finditer(text):
        number, unit = match.groups()
        if number is None:
            words.append("30minute")
            continue
        count = int(number) if number.isdigit() else _NUMBER_WORDS.index(number.lower())
        words.append(f"{count}{unit.lower().removesuffix('s')}")
    return " ".join(dict.fromkeys(words))


def add_durations(index_path: Path) -> None:
    """Add the ``durations`` field to every section of the search index at ``index_path``."""
    index = json.loads(index_path.read_text(encoding="utf-8"))
    for doc in index["docs"]:
        words = durations(doc.get("title", "") + " " + doc.get("text", ""))
        if words:
            doc[FIELD] = words
    index_path.write_text(json.dumps(index, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")


def on_post_build(config: MkDocsConfig, **_: object) -> None:
    """MkDocs event: give the English search index its durations; write the English
    questionnaire's static pages, self-check and offline pages (the Chinese build, one level up,
    wrote Pyodide and the wheel), the server settings in English into this edition's intranet
    page and ``hosting/`` (the site's policy), and the site's ``sw.js`` again, with this edition."""
    name_search_worker(Path(config.site_dir))
    index_path = Path(config.site_dir) / "search" / "search_index.json"
    if index_path.exists():
        search_parts.add_documents(index_path, question_documents("en"))
        search_parts.split_index(index_path)
        add_durations(index_path)
    site_en = Path(config.site_dir)
    try:
        widget.write_english(site_en)
        admin.write(site_en, "en")
        hosting.write(site_en, "en")
    except (pyodide_files.BuildError, hosting.HostingError) as error:
        raise PluginError(str(error)) from None
    site = site_en.parent
    if (site / "sw.js").exists():  # the Chinese build's worker: list this edition too
        precompress.compress_file(offline.write(site))
