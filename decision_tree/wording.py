"""Words in both languages from a data file's ``[text.<id>]`` tables, for the package's own rooms.

Package room. May import: the standard library, ``decision_tree.load`` and ``decision_tree.model``.

One loader for every word file: the words the engine itself writes (the report documents,
the incident file's messages in ``incident.toml``) and, through :mod:`decision_tree.web.texts`,
the questionnaire's ``ui.toml``. Each entry has exactly ``zh`` and ``en`` (English is
unofficial) with the same ``{name}`` placeholders, checked on load, so no user-facing word is
written in Python.
"""

from __future__ import annotations

import functools
import string
from collections.abc import Mapping

from decision_tree.load import DataError, read_toml
from decision_tree.model import Text

LANGUAGES = ("zh", "en")


def _fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


@functools.cache
def table(file: str) -> dict[str, Text]:
    """Every ``[text.<id>]`` entry of ``file``, checked: both languages, the same placeholders."""
    raw = read_toml(file)
    problems = []
    out: dict[str, Text] = {}
    for key, entry in raw.get("text", {}).items():
        if not isinstance(entry, Mapping) or set(entry) != {"zh", "en"}:
            problems.append(f"{file}: text.{key}: expected exactly zh and en")
            continue
        if _fields(entry["zh"]) != _fields(entry["en"]):
            problems.append(f"{file}: text.{key}: zh and en use different placeholders")
        out[key] = Text(zh=entry["zh"], en=entry["en"])
    if problems:
        raise DataError("\n".join(problems))
    return out


def say(file: str, text_id: str, lang: str, /, **values: object) -> str:
    """The entry ``text_id`` of ``file`` in ``lang`` (``zh`` or ``en``), with ``values`` filled in.

    A value that is a :class:`~decision_tree.model.Text` or a ``{"zh", "en"}`` mapping is
    written in the same language.
    """
    template = table(file)[text_id].get(lang)
    if not values:
        return template
    return template.format(**{k: pick(v, lang) for k, v in values.items()})


def both(file: str, text_id: str, /, **values: object) -> dict[str, str]:
    """The entry in both languages: ``{"zh": …, "en": …}``."""
    return {lang: say(file, text_id, lang, **values) for lang in LANGUAGES}


def pick(value: object, lang: str) -> object:
    """One language of a bilingual value; any other value as it is."""
    if isinstance(value, Text):
        return value.get(lang)
    if isinstance(value, Mapping) and "zh" in value:
        return value.get(lang) or value["zh"]
    return value
