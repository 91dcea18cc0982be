"""The list of answers given so far, each with a link to change it.

Package room. May import: the standard library, ``decision_tree.web.helper``,
``decision_tree.web.state``, ``decision_tree.web.texts``, ``decision_tree.web.view``, and the other
``decision_tree`` modules except ``web`` and ``__main__``.
"""

from __future__ import annotations

from dataclasses import replace

from decision_tree.web.helper import graded_label
from decision_tree.web.state import encode
from decision_tree.web.texts import escape
from decision_tree.web.view import View, answer_label, link, state_link, summary_title


def answer_list(v: View, collapsed: bool = False) -> str:
    state = v.state
    if not state.path:
        return ""
    rows = []
    for key, value in state.path.items():
        shown = escape(answer_label(key, value, v.t.lang))
        if key == "level" and value == "unknown" and (state.facts or state.judgements):
            shown = graded_label(v)
        change = {k: x for k, x in state.path.items() if k != key and k not in state.preset_answers}
        chooser = replace(state, ask=[*state.ask, key]) if key in state.preset_answers else state
        preset = (
            f'<span class="ic-preset">{escape(v.t("summary.preset"))}</span>' if key in state.preset_answers else ""
        )
        rows.append(
            f'<li><span class="ic-summary-q">{escape(summary_title(key, v.t.lang))}</span>'
            f'<span class="ic-summary-a">{shown}</span>{preset}'
            f" {state_link(v, change, v.t('summary.change'), 'ic-change', chooser)}</li>"
        )
    restart = "&".join(f"{encode(k)}={encode(x)}" for k, x in state.carried(ask=[]))
    start = link(f"{v.place.states}start.html", v.t("summary.restart"), restart, "ic-restart")
    body = f'<ol>{"".join(rows)}</ol><p class="ic-restart-line">{start}</p>'
    if collapsed:
        return (
            f'<details class="ic-summary"><summary class="ic-summary-title" id="ic-summary-title">'
            f"{escape(v.t('summary.folded', count=len(rows)))}</summary>{body}</details>"
        )
    return (
        '<section class="ic-summary" aria-labelledby="ic-summary-title">'
        f'<h2 class="ic-summary-title" id="ic-summary-title">{escape(v.t("summary.title"))}</h2>{body}</section>'
    )
