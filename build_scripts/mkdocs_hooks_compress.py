"""MkDocs hook, last of all: ``.gz`` and ``.br`` siblings of the finished site's files.

Build-time room. May import: the standard library, mkdocs and ``build_scripts.precompress``.

Both editions list it (``mkdocs.base.yml`` and ``mkdocs.en.yml``). It runs after every other
post-build step (the questionnaire's files, the search index's parts, the server settings, the
service worker), so that no sibling is older than its file; :func:`build_scripts.precompress.compress`
says which files get one.
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority

from build_scripts import precompress


@event_priority(-100)  # after every other hook's on_post_build (theirs run at -50 or later)
def on_post_build(config: MkDocsConfig, **_: object) -> None:
    """MkDocs event: compress the finished files."""
    precompress.compress(Path(config.site_dir))
