"""The questionnaire (事件报告自查) for the browser and for build time: URL-fragment state in, HTML out.

Package room. May import: the standard library and the other ``decision_tree`` modules except
``__main__``.

One room per concern, so that a change has one obvious place:

- :mod:`~decision_tree.web.state` — the state and the fragment written;
  :mod:`~decision_tree.web.fragment` — a fragment read into a state, never raising;
  :mod:`~decision_tree.web.entry` — input checked where it is entered (the grading helper's
  fields, numbers as people type them, the time of discovery);
- :mod:`~decision_tree.web.page` — a fragment → the markup of the question or the result, assembled
  from one room per part of the page (``view``, ``questions``, ``clock``, ``helper``,
  ``answer_list``, ``headline``, ``deadlines``, ``channels``, ``contents``, ``follow_ups``,
  ``record``);
- :mod:`~decision_tree.web.texts` — every word, per language, from ``data/ui.toml``;
- :mod:`~decision_tree.web.calendar` — the deadlines as an ``.ics`` file;
- :mod:`~decision_tree.web.boundary` — :func:`respond`, the str-in/str-out browser boundary;
- :mod:`~decision_tree.web.incident` — an incident file → its markup (issue 20), assembled from
  one room per part (``incident_parts``, ``incident_list``, ``incident_timeline``,
  ``incident_forms``, ``incident_entries``), and
  :mod:`~decision_tree.web.incident_boundary` — :func:`respond_incident`, its boundary.

The same functions run at build time (static pages, no clock) and in Pyodide (live, with the
clock); the page's JavaScript only moves strings.
"""

from decision_tree.web.boundary import respond, tree_data
from decision_tree.web.calendar import ics
from decision_tree.web.entry import read_number
from decision_tree.web.fragment import fragment_for, parse_fragment
from decision_tree.web.page import Rendered, render
from decision_tree.web.state import MAX_FRAGMENT, MULTI_KEYS, Place, State, state_key
from decision_tree.web.texts import LANGUAGES, Texts, escape
from decision_tree.web.view import answer_label, summary_title

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
