"""MkDocs hooks of the English edition (``mkdocs.en.yml``): cite links with English labels.

Build-time room. May import: the standard library, mkdocs and ``decision_tree``.

Like :mod:`build_scripts.mkdocs_hooks`, a ``<!-- cite measures/4/2 -->`` comment becomes a link
and an unknown key stops the build; here the link text is the English label ("Article 4,
paragraph 2"). The questionnaire's files are written by the Chinese build only: the English
edition lives at ``en/`` inside the Chinese site and links to them there.
"""

from __future__ import annotations

import posixpath
import re

from mkdocs.exceptions import PluginError
from mkdocs.structure.pages import Page

from decision_tree.citations import CitationError, resolve

CITE = re.compile(r"<!--\s*cite\s+(\S+?)\s*-->")


def cite_links(markdown: str, page_path: str) -> str:
    """Replace every cite comment in ``markdown`` (a page at ``page_path`` under docs-en/)."""
    base = posixpath.dirname(page_path)

    def link(match: re.Match[str]) -> str:
        try:
            citation = resolve(match.group(1))
        except CitationError as error:
            raise PluginError(f"{page_path}: {error}") from None
        target = posixpath.relpath(citation.doc_link().split("#")[0], base or ".")
        return f"[{citation.label_en}]({target}#{citation.anchor}){{ .cite }}"

    return CITE.sub(link, markdown)


def on_page_markdown(markdown: str, page: Page, **_: object) -> str:
    """MkDocs event: rewrite cite comments before the Markdown is converted."""
    return cite_links(markdown, page.file.src_uri)
