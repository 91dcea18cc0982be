"""A question of the tree, and the refining questions beside the result (one click each).

Package room. May import: the standard library, ``decision_tree.web.helper``,
``decision_tree.web.texts``, ``decision_tree.web.view``, and the other ``decision_tree`` modules
except ``web`` and ``__main__``.
"""

from __future__ import annotations

from decision_tree.rules import Question, load_rules, matches
from decision_tree.web.helper import grading_helper
from decision_tree.web.texts import escape
from decision_tree.web.view import View, answer_label, cites, link, state_link


def question_section(v: View, question: Question, step: int, total: int) -> str:
    options = "".join(
        "<li>"
        + state_link(v, {**v.state.path, question.id: option}, answer_label(question.id, option, v.t.lang), "ic-option")
        + "</li>"
        for option in question.options
    )
    helper = grading_helper(v) if question.id == "level" and v.mode == "live" else ""
    if question.id == "level":
        table = link(v.place.root + "guide/#guide-compare", v.t("level.table"))
        helper += f'<p class="ic-hint">{v.t.html("level.hint", table=table)}</p>'
    return (
        f'<section class="ic-question" id="ic-question" tabindex="-1" aria-labelledby="ic-question-title"'
        f' data-question="{escape(question.id)}">'
        f'<p class="ic-step">{escape(v.t("question.step", step=step, total=total))}</p>'
        f'<h2 class="ic-title" id="ic-question-title">{escape(v.t.pick(question.text))}</h2>'
        f'<p class="ic-help">{escape(v.t.pick(question.help))}</p>'
        f'<ul class="ic-options">{options}</ul>'
        f"{helper}"
        f'<p class="ic-basis">{escape(v.t("basis"))}{cites(v, question.basis)}</p>'
        "</section>"
    )


def refine_section(v: View) -> str:
    """The refining questions beside the result: one click each. Live, all of them (an answer can
    be changed); static, the next unanswered one, so every link leads to a pre-rendered page."""
    state = v.state
    asked = [q for q in load_rules().questions if q.refine and matches(q.ask_if, state.path)]
    if v.mode != "live":
        asked = [q for q in asked if q.id not in state.path][:1]
    if not asked:
        return ""
    rows = []
    for question in asked:
        chosen = state.path.get(question.id)
        options = "".join(
            "<li>"
            + (
                f'<span class="ic-chosen" aria-current="true">{escape(answer_label(question.id, option, v.t.lang))}'
                "</span>"
                if question.id in state.path and chosen == option and type(chosen) is type(option)
                else state_link(
                    v, {**state.path, question.id: option}, answer_label(question.id, option, v.t.lang), "ic-option"
                )
            )
            + "</li>"
            for option in question.options
        )
        rows.append(
            f'<div class="ic-refine-q" data-question="{escape(question.id)}">'
            f'<p class="ic-refine-text">{escape(v.t.pick(question.text))}<span class="ic-refine-help">'
            f"{escape(v.t.pick(question.help))}（{cites(v, question.basis)}）</span></p>"
            f'<ul class="ic-options ic-options-inline">{options}</ul></div>'
        )
    return (
        '<section class="ic-section ic-refine" aria-labelledby="ic-refine-title">'
        f'<h3 id="ic-refine-title">{escape(v.t("refine.title" if v.mode == "live" else "refine.title_static"))}</h3>'
        f"{''.join(rows)}</section>"
    )
