"""What the incident file's rooms share: one language of a value, a Beijing time, a citation's
link or label, a button, a file's title.

Package room. May import: the standard library, ``decision_tree.answers``,
``decision_tree.citations``, ``decision_tree.model`` and ``decision_tree.web.texts``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from decision_tree.answers import BEIJING
from decision_tree.citations import CitationError, resolve
from decision_tree.model import Text
from decision_tree.web.texts import Texts, escape


def pick(t: Texts, value: object) -> str:
    """One language of a ``{"zh", "en"}`` value (or the value itself as text)."""
    if isinstance(value, Mapping):
        return t.pick(value)
    if isinstance(value, Text):
        return t.pick(value)
    return "" if value is None else str(value)


def time(value: object) -> str:
    """An ISO time as Beijing wall time: ``2025-11-03 10:05``."""
    if not isinstance(value, str):
        return ""
    try:
        moment = dt.datetime.fromisoformat(value)
    except ValueError:
        return value
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=BEIJING)
    return f"{moment.astimezone(BEIJING):%Y-%m-%d %H:%M}"


def cite(t: Texts, key: object, root: str) -> str:
    """A citation key as a link to its paragraph (the key itself, escaped, if it does not resolve)."""
    if not isinstance(key, str):
        return ""
    try:
        citation = resolve(key)
    except CitationError:
        return escape(key)
    return f'<a class="ic-cite" href="{escape(citation.url(root))}">{escape(citation.label(t.lang))}</a>'


def cite_label(t: Texts, key: object) -> str:
    """A citation key's label in the reader's language (the key itself if it does not resolve)."""
    if not isinstance(key, str):
        return ""
    try:
        return resolve(key).label(t.lang)
    except CitationError:
        return key


def button(text: str, action: str, **data: str) -> str:
    """A button the file script acts on (``data-if-action``), with its ``data-*`` values."""
    extra = "".join(f' data-{name}="{escape(value)}"' for name, value in data.items())
    return f'<button type="button" class="ic-button" data-if-action="{action}"{extra}>{escape(text)}</button>'


def title(file: Mapping[str, Any], state: Mapping[str, Any], t: Texts) -> str:
    """A file's title: when the incident was discovered, and its level."""
    return t("incident.file_title", time=time(state.get("discovered_at")), level=pick(t, state.get("level_label")))
