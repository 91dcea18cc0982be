"""The questionnaire (事件报告自查) for the browser and for build time: URL-fragment state in, HTML out.

Package room. May import: the standard library and the other ``decision_tree`` modules except
``__main__``.

One room per concern, so that a change has one obvious place:

- :mod:`~decision_tree.web.state` — the fragment read and written, and the checks made where
  input is entered (the grading helper's fields, the time of discovery);
- :mod:`~decision_tree.web.markup` — a state → the markup of the question or the result;
- :mod:`~decision_tree.web.texts` — every word, per language, from ``data/ui.toml``;
- :mod:`~decision_tree.web.calendar` — the deadlines as an ``.ics`` file;
- :mod:`~decision_tree.web.boundary` — :func:`respond`, the str-in/str-out browser boundary.

The same functions run at build time (static pages, no clock) and in Pyodide (live, with the
clock); the page's JavaScript only moves strings.
"""

from decision_tree.web.boundary import respond, tree_data
from decision_tree.web.calendar import ics
from decision_tree.web.markup import Rendered, answer_label, render, summary_title
from decision_tree.web.state import (
    MAX_FRAGMENT,
    MULTI_KEYS,
    Place,
    State,
    fragment_for,
    parse_fragment,
    read_number,
    state_key,
)
from decision_tree.web.texts import LANGUAGES, Texts, escape

__all__ = [
    "LANGUAGES",
    "MAX_FRAGMENT",
    "MULTI_KEYS",
    "Place",
    "Rendered",
    "State",
    "Texts",
    "answer_label",
    "escape",
    "fragment_for",
    "ics",
    "parse_fragment",
    "read_number",
    "render",
    "respond",
    "state_key",
    "summary_title",
    "tree_data",
]
