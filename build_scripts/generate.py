"""Generate the site's Markdown pages from the data: ``python -m build_scripts.generate [--check]``.

Build-time room. May import: the standard library, jinja2, markupsafe, ``decision_tree``,
``build_scripts.views`` and ``build_scripts.views_en``.

One generator for both editions, driven by :data:`PAGES`: a table of pages × languages, each cell
naming the template and the view (:mod:`build_scripts.views` for Chinese,
:mod:`build_scripts.views_en` for the English specifics). The Chinese edition's pages go to
``docs/``, the English edition's to ``docs-en/`` beside it (:data:`EDITIONS`). To add a page: a
row in :data:`PAGES` (a template and a view per language it exists in), and the page in each
edition's ``nav`` (``mkdocs.yml``, ``mkdocs.en.yml``).

Every generated file starts with a "generated — do not edit" line. ``--check`` renders into
memory and exits with status 1, naming each stale file, when the committed pages differ from
what the data produces (a test runs it).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from build_scripts import views, views_en
from decision_tree.load import load_law
from decision_tree.model import Law

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
TEMPLATES = Path(__file__).resolve().parent / "templates"

GENERATED = "<!-- generated — do not edit: `make generate` writes this file from decision_tree/data -->"

View = Callable[[Law], dict[str, Any]]


@dataclass(frozen=True)
class Cell:
    """One page in one language: the template it is rendered from and the view that feeds it."""

    template: str
    view: View


@dataclass(frozen=True)
class Page:
    """One row of the table: a page's file name and its cell in each language it exists in."""

    name: str
    zh: Cell | None = None  # None: the Chinese page is hand-written (docs/intranet.md)
    en: Cell | None = None

    def cell(self, lang: str) -> Cell | None:
        """This page's cell in ``lang``."""
        cell: Cell | None = getattr(self, lang)
        return cell


# The pages × languages. Order is the order the files are written in (and reported).
PAGES = (
    Page("index.md", Cell("index.md.j2", views.index_view), Cell("index.en.md.j2", views_en.index_view)),
    Page("measures.md", Cell("measures.md.j2", views.measures_view), Cell("measures.en.md.j2", views_en.measures_view)),
    Page("guide.md", Cell("guide.md.j2", views.guide_view), Cell("guide.en.md.j2", views_en.guide_view)),
    Page("qa.md", Cell("qa.md.j2", views.qa_view), Cell("qa.en.md.j2", views_en.qa_view)),
    Page("sources.md", Cell("sources.md.j2", views.sources_view), Cell("sources.en.md.j2", views_en.sources_view)),
    Page(
        "interpretations.md",
        Cell("interpretations.md.j2", views.interpretations_view),
        Cell("interpretations.en.md.j2", views_en.interpretations_view),
    ),
    Page("check.md", Cell("check.md.j2", views.check_view), Cell("check.en.md.j2", views_en.check_view)),
    Page("glossary.md", Cell("glossary.md.j2", views.glossary_view), Cell("glossary.md.j2", views_en.glossary_view)),
    Page("examples.md", Cell("examples.md.j2", views.examples_view), Cell("examples.en.md.j2", views_en.examples_view)),
    Page("intranet.md", en=Cell("intranet.en.md.j2", views_en.plain_view)),
    Page(
        "other-duties.md",
        Cell("other-duties.md.j2", views.other_duties_view),
        Cell("other-duties.md.j2", views_en.other_duties_view),
    ),
)
# Each language's folder of pages, beside docs/: "" is docs/ itself.
EDITIONS = {"zh": "", "en": "-en"}


def pages_of(lang: str) -> dict[str, Cell]:
    """The generated pages of one edition: ``{"measures.md": Cell(...), …}``."""
    return {page.name: cell for page in PAGES if (cell := page.cell(lang)) is not None}


def edition_docs(docs: Path, lang: str) -> Path:
    """Where the pages of ``lang`` go: ``docs/`` for Chinese, ``docs-en/`` beside it for English."""
    return docs.with_name(docs.name + EDITIONS[lang])


def environment() -> jinja2.Environment:
    """Templates escape HTML and fail on any undefined name."""
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        undefined=jinja2.StrictUndefined,
        autoescape=True,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def render_all(law: Law | None = None, lang: str = "zh") -> dict[str, str]:
    """Every generated page of one edition: ``{"measures.md": "<!-- generated … -->\\n# …", …}``."""
    law = law or load_law()
    env = environment()
    return {
        name: env.get_template(cell.template).render(generated=Markup(GENERATED), **cell.view(law))
        for name, cell in pages_of(lang).items()
    }


def stale(docs: Path = DOCS) -> list[str]:
    """Generated pages whose committed text differs from what the data produces now.

    The pages of the other editions (in the sibling folders, ``<docs>-en``) are named with their folder.
    """
    law = load_law()
    names = []
    for lang in EDITIONS:
        folder = edition_docs(docs, lang)
        for name, text in render_all(law, lang).items():
            if not (folder / name).exists() or (folder / name).read_text(encoding="utf-8") != text:
                names.append(name if folder == docs else f"{folder.name}/{name}")
    return names


def write(docs: Path = DOCS) -> dict[str, int]:
    """Write every edition's pages (``docs/``, ``docs-en/`` beside it); returns the count per language."""
    law = load_law()
    counts = {}
    for lang in EDITIONS:
        folder = edition_docs(docs, lang)
        folder.mkdir(parents=True, exist_ok=True)
        pages = render_all(law, lang)
        for name, text in pages.items():
            (folder / name).write_text(text, encoding="utf-8")
        counts[lang] = len(pages)
    return counts


def main(argv: list[str] | None = None) -> int:
    """Write the pages into ``docs/`` (and ``docs-en/``), or with ``--check`` report the stale ones."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--check", action="store_true", help="fail if a committed page is stale")
    parser.add_argument("--docs", type=Path, default=DOCS, help="where the pages go (default: docs/)")
    args = parser.parse_args(argv)
    if args.check:
        names = stale(args.docs)
        for name in names:
            print(f"stale: {name if '/' in name else 'docs/' + name} — run `make generate` and commit", file=sys.stderr)
        return 1 if names else 0
    counts = write(args.docs)
    print(f"generated {counts['zh']} pages in {args.docs}, {counts['en']} beside it in -en")
    return 0


if __name__ == "__main__":
    sys.exit(main())
