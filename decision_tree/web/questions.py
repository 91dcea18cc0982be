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


def _toggled(chosen: tuple[str, ...], option: str) -> tuple[str, ...]:
    """The answer after choosing ``option``: "none" and "unknown" stand alone; a regulator is added
    to (or, chosen again, removed from) the regulators already chosen."""
    if option in ("none", "unknown"):
        return (option,)
    named = tuple(key for key in chosen if key not in ("none", "unknown"))
    return tuple(key for key in named if key != option) if option in named else (*named, option)


def _multi(v: View, question: Question) -> str:
    """Several answers at once (sectors). Live: every option toggles (a chosen one is marked and,
    clicked again, removed). Static: only the answers a pre-rendered page exists for."""
    state = v.state
    raw = state.path.get(question.id, ())
    chosen: tuple[str, ...] = tuple(str(key) for key in raw) if isinstance(raw, tuple) else ()
    options = question.options if v.mode == "live" else tuple(o[0] for o in question.values() if isinstance(o, tuple))
    items = []
    for option in map(str, options):
        label = answer_label(question.id, option, v.t.lang)
        after = _toggled(chosen, option)
        path = {k: x for k, x in state.path.items() if k != question.id}
        if after:
            path[question.id] = after
        pressed = "true" if option in chosen else "false"
        items.append(
            f'<li class="ic-toggle" data-pressed="{pressed}">'
            + (f'<span class="ic-chosen" aria-current="true">{escape(label)}</span> ' if option in chosen else "")
            + state_link(v, path, v.t("option.remove", label=label) if option in chosen else label, "ic-option")
            + "</li>"
        )
    return (
        f'<div class="ic-refine-q" data-question="{escape(question.id)}">'
        f'<p class="ic-refine-text">{escape(v.t.pick(question.text))}<span class="ic-refine-help">'
        f"{escape(v.t.pick(question.help))}（{cites(v, question.basis)}）</span></p>"
        f'<ul class="ic-options ic-options-inline">{"".join(items)}</ul></div>'
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
        if question.kind == "multi":
            rows.append(_multi(v, question))
            continue
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
