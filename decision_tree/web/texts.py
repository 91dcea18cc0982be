"""The questionnaire's words in each language, from ``decision_tree/data/ui.toml``.

Package room. May import: the standard library, ``decision_tree.model`` and ``decision_tree.wording``.

Every label, question, message, result line and record line the questionnaire shows lives in
``ui.toml`` as ``[text.<id>]`` with ``zh`` and ``en`` (English is unofficial), so no user-facing
string is written in Python or JavaScript. Placeholders are ``{name}``; both languages of an
entry must use the same ones (checked on load by :func:`decision_tree.wording.table`, which reads
the package's other word files the same way). :class:`Message` carries a message and its
values, so that it is written in the reader's language only when the page is rendered.
"""

from __future__ import annotations

import json
from collections.abc import Mapping

from decision_tree import wording
from decision_tree.model import Text

LANGUAGES = wording.LANGUAGES


def escape(text: str, quote: bool = True) -> str:
    """HTML-escape ``text`` (``&``, ``<``, ``>`` and, for attributes, both quotes).

    (``html.escape`` is not used: importing :mod:`html` costs more in Pyodide than this package.)
    """
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return text.replace('"', "&quot;").replace("'", "&#x27;") if quote else text


def table() -> dict[str, Text]:
    """Every entry of ``ui.toml``, checked: both languages present, the same placeholders."""
    return wording.table("ui.toml")


def script_words(prefix: str) -> str:
    """A page script's words (the entries of ui.toml whose id starts with ``prefix``) in both
    languages, as the JSON its ``data-texts`` attribute carries."""
    words = {key: text for key, text in table().items() if key.startswith(prefix)}
    return json.dumps(
        {lang: {key: text.get(lang) for key, text in words.items()} for lang in ("zh", "en")},
        ensure_ascii=False,
        separators=(",", ":"),
    )


class Texts:
    """The words of one language: ``T("verdict.report")``, ``T.html("next.due", due=markup)``."""

    def __init__(self, lang: str | None = "zh") -> None:
        self.lang = lang if lang in LANGUAGES else "zh"

    def __call__(self, text_id: str, /, **values: object) -> str:
        """Plain text (to be escaped where it is shown)."""
        template = table()[text_id].get(self.lang)
        return template.format(**values) if values else template

    def html(self, text_id: str, /, **parts: str) -> str:
        """Markup: the entry escaped, then each ``{name}`` replaced by ``parts[name]`` as given
        (callers pass escaped text or markup they built)."""
        template = escape(table()[text_id].get(self.lang), quote=False)
        return template.format(**parts) if parts else template

    def pick(self, text: Text | Mapping[str, str]) -> str:
        """One language of a ``{"zh", "en"}`` value from the engine or the data."""
        if isinstance(text, Text):
            return text.get(self.lang)
        return str(text.get(self.lang) or text["zh"])

    def message(self, message: str) -> str:
        """A :class:`Message` in this language (any other string as it is)."""
        if isinstance(message, Message):
            return self(message.message_id, **message.values)
        return message


class Message(str):
    """A message to show, remembered by its key and values; as a string it is the Chinese."""

    message_id: str
    values: dict[str, object]

    def __new__(cls, message_id: str, /, **values: object) -> Message:
        """The message ``message_id`` of ``ui.toml`` with ``values``."""
        self = super().__new__(cls, Texts("zh")(message_id, **values))
        self.message_id = message_id
        self.values = values
        return self
