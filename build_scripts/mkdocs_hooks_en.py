"""MkDocs hooks of the English edition (``mkdocs.en.yml``): cite links with English labels.

Build-time room. May import: the standard library, mkdocs, ``decision_tree``, ``build_scripts.widget``,
``build_scripts.pyodide_files``, ``build_scripts.precompress``,
``build_scripts.admin``, ``build_scripts.hosting``, ``build_scripts.offline``,
``build_scripts.search_parts`` and ``build_scripts.mkdocs_hooks`` (the Chinese edition's hooks, for
:func:`cite_links` and :func:`question_documents`).

Like :mod:`build_scripts.mkdocs_hooks`, a ``<!-- cite measures/4/2 -->`` comment becomes a link
and an unknown key stops the build; here the link text is the English label ("Article 4,
paragraph 2"). Pyodide, the worker and the wheel are written by the Chinese build only (the
English edition lives at ``en/`` inside the Chinese site and uses them there); this build writes
the English questionnaire's static pages (:func:`build_scripts.widget.write_english`).

After the build, :func:`spell_numbers` gives each section of the English search index a hidden
``spelled`` field (declared under ``plugins.search.fields`` in mkdocs.en.yml): the translation
writes time limits in digits ("within 1 hour"), readers type words ("one hour"); and each question
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
from build_scripts.mkdocs_hooks import cite_links, question_documents


def on_page_markdown(markdown: str, page: Page, **_: object) -> str:
    """MkDocs event: rewrite cite comments before the Markdown is converted."""
    return cite_links(markdown, page.file.src_uri, "en")


FIELD = "spelled"
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
_DURATION = re.compile(r"\b(\d{1,2}) (hours?|minutes?|days?)\b")


def spelled(text: str) -> str:
    """The durations in ``text`` written in words: "within 1 hour and 2 hours" → "one hour two hours"."""
    words = []
    for number, unit in _DURATION.findall(text):
        if int(number) < len(_NUMBER_WORDS):
            words.append(f"{_NUMBER_WORDS[int(number)]} {unit}")
    if "half an hour" in text or "30 minutes" in text:
        words.append("half an hour thirty minutes")
    return " ".join(words)


def spell_numbers(index_path: Path) -> None:
    """Add the ``spelled`` field to every section of the search index at ``index_path``."""
    index = json.loads(index_path.read_text(encoding="utf-8"))
    for doc in index["docs"]:
        words = spelled(doc.get("text", ""))
        if words:
            doc[FIELD] = words
    index_path.write_text(json.dumps(index, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")


def on_post_build(config: MkDocsConfig, **_: object) -> None:
    """MkDocs event: spell out the durations in the English search index; write the English
    questionnaire's static pages, self-check and offline pages (the Chinese build, one level up,
    wrote Pyodide and the wheel), the server settings in English into this edition's intranet
    page and ``hosting/`` (the site's policy), and the site's ``sw.js`` again, with this edition."""
    index_path = Path(config.site_dir) / "search" / "search_index.json"
    if index_path.exists():
        search_parts.add_documents(index_path, question_documents("en"))
        search_parts.split_index(index_path)
        spell_numbers(index_path)
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
