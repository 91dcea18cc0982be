"""The grading helper: numbers, kinds of site and judgements → the level; what would settle an
unknown level.

Package room. May import: the standard library, ``decision_tree.web.state``,
``decision_tree.web.texts``, ``decision_tree.web.view``, and the other ``decision_tree`` modules
except ``web`` and ``__main__``.
"""

from __future__ import annotations

from dataclasses import replace

from decision_tree.answers import qualitative_keys
from decision_tree.citations import resolve
from decision_tree.engine import Result
from decision_tree.grading import thresholds_of
from decision_tree.load import load_law
from decision_tree.model import Level
from decision_tree.rules import load_rules
from decision_tree.web.entry import IMPACTS, SITE_KIND_TOPICS
from decision_tree.web.state import FACT_PREFIX, number_text
from decision_tree.web.texts import escape
from decision_tree.web.view import View, cite, cites, level_label, link, passage, state_link


def _fact_field(v: View, name: str) -> str:
    fact = load_law().guide.fact(name)
    state = v.state
    value = state.raw_fields.get(name) or (number_text(state.facts[name]) if name in state.facts else "")
    error = state.field_errors.get(name)
    described = f' aria-invalid="true" aria-describedby="ic-err-{escape(name)}"' if error else ""
    message = (
        f'<span class="ic-field-error" id="ic-err-{escape(name)}">{escape(v.t.message(error))}</span>' if error else ""
    )
    return (
        f'<label class="ic-field{" ic-field-invalid" if error else ""}"><span>{escape(v.t.pick(fact.label))}</span>'
        f'<input type="text" inputmode="decimal" autocomplete="off" id="ic-f-{escape(name)}"'
        f' name="{FACT_PREFIX}{escape(name)}" value="{escape(value)}"{described}>{message}</label>'
    )


def _kind_field(v: View, kind: str) -> str:
    chosen = v.state.portal_site_kind if kind == "psk" else v.state.defaced_site_kind
    error = v.state.field_errors.get(kind)
    choices = f'<option value="">{escape(v.t("helper.choose"))}</option>' + "".join(
        f'<option value="{escape(k.id)}"{" selected" if k.id == chosen else ""}>{escape(v.t.pick(k.label))}</option>'
        for k in load_rules().site_kinds_for(SITE_KIND_TOPICS[kind])
    )
    described = f' aria-invalid="true" aria-describedby="ic-err-{kind}"' if error else ""
    message = f'<span class="ic-field-error" id="ic-err-{kind}">{escape(v.t.message(error))}</span>' if error else ""
    return (
        f'<label class="ic-field{" ic-field-invalid" if error else ""}"><span>{escape(v.t(f"helper.{kind}"))}</span>'
        f'<select name="{kind}" id="ic-f-{kind}"{described}>{choices}</select>{message}</label>'
    )


def grading_helper(v: View) -> str:
    """Numbers and judgements → the level, in the browser (submitted by the page's script).

    It asks first which kinds of impact there are — one folded group each, opened with a click —
    so only their fields show, each kind of site beside its numbers. A field that cannot be used
    gets its message beside it and the form stays open, with what was typed.
    """
    law = load_law()
    state = v.state
    # The form sends every number, kind of site and judgement it shows: the base carries none of
    # them, or a second submission would repeat them (and a repeated key is dropped).
    base = replace(
        state, facts={}, raw_fields={}, judgements=[], portal_site_kind=None, defaced_site_kind=None
    ).fragment({**state.path, "level": "unknown"})
    groups = []
    for impact, names, kind in IMPACTS:
        typed = any(n in state.facts or n in state.raw_fields for n in names)
        if impact == "cii" and state.path.get("involves_cii") is False and not typed:
            continue  # CII = 否: the outage indicators do not apply
        used = typed or kind in state.field_errors
        fields = (_kind_field(v, kind) if kind else "") + "".join(_fact_field(v, n) for n in names)
        groups.append(
            f'<details class="ic-impact" data-impact="{impact}"{" open" if used else ""}>'
            f"<summary>{escape(v.t('impact.' + impact))}</summary>"
            f'<div class="ic-impact-fields">{fields}</div></details>'
        )
    boxes = []
    for level in (Level.ESPECIALLY_MAJOR, Level.MAJOR, Level.RELATIVELY_MAJOR):
        items = []
        for key in qualitative_keys(law):
            if not key.startswith(f"guide/{level.number}/"):
                continue
            citation = resolve(key)
            checked = " checked" if key in state.judgements else ""
            text = passage(v, key)
            if key.endswith("/indicator/6/4"):
                # site-scopes: only for the sites and platforms that level's item 6 lists.
                sites = law.guide.level(level.number).indicators[int(key.split("/")[3]) - 1].sites
                if sites is not None:
                    text = v.t.html("helper.scoped", sites=escape(v.t.pick(sites)), text=text)
            items.append(
                f'<label class="ic-check"><input type="checkbox" name="j" value="{escape(key)}"{checked}>'
                f"<span>{text}（{link(citation.url(v.place.root), citation.label(v.t.lang))}）</span></label>"
            )
        legend = v.t.pick(load_rules().term(level.value))
        boxes.append(f"<fieldset><legend>{escape(legend)}</legend>{''.join(items)}</fieldset>")
    judged = bool(state.judgements)
    errors = ""
    if state.field_errors:
        errors = (
            '<div class="ic-problems ic-grade-errors" id="ic-grade-errors" role="alert" tabindex="-1">'
            f"<p>{escape(v.t('helper.errors', count=len(state.field_errors)))}</p></div>"
        )
    unofficial = f'<p class="ic-unofficial">{escape(v.t("unofficial.quote"))}</p>' if v.en else ""
    return (
        f'<details class="ic-grade"{" open" if state.field_errors or state.facts or judged else ""}>'
        f"<summary>{escape(v.t('helper.summary'))}</summary>"
        f'<form class="ic-grade-form" data-fragment="{escape(base)}" novalidate>{errors}'
        f'<p class="ic-hint">{escape(v.t("helper.hint"))}</p>'
        f'<div class="ic-impacts">{"".join(groups)}</div>'
        f'<details class="ic-impact"{" open" if judged else ""}><summary>{escape(v.t("helper.judgements"))}</summary>'
        f'<div class="ic-impact-fields">{unofficial}{"".join(boxes)}</div></details>'
        f'<button type="submit" class="ic-button">{escape(v.t("helper.submit"))}</button>'
        "</form></details>"
    )


def graded_label(v: View) -> str:
    grading = v.grading
    if grading is None:
        return escape(v.t("level.unknown"))
    if grading.level is None:
        return escape(v.t("level.graded_nothing"))
    return v.t.html(
        "level.graded",
        level=escape(v.t.pick(load_rules().term(grading.level.value))),
        basis=cites(v, grading.basis),
        reading=cite(v, "interpretations/indicators-usual-test"),
    )


def below_thresholds(v: View) -> str:
    """The numbers given against the 较大 thresholds, the 情形 still to judge, and one click to 一般."""
    state = v.state
    if v.grading is None or v.grading.level is not None:
        return ""
    law = load_law()
    rows = []
    for name, value in state.facts.items():
        limits = [
            link(resolve(key).url(v.place.root), t.quote, lang="zh")
            for key, _, t in thresholds_of(law, Level.RELATIVELY_MAJOR)
            if t.fact == name
        ]
        if limits:
            line = v.t.html(
                "below.number",
                fact=escape(v.t.pick(law.guide.fact(name).label)),
                value=f"<strong>{escape(number_text(value))}</strong>",
                limits=v.t("sep.list").join(limits),
            )
            rows.append(f"<li>{line}</li>")
    criteria = [key for key in qualitative_keys(law) if key.startswith("guide/3/")]
    judge = "".join(f"<li>{passage(v, key)}（{cite(v, key)}）</li>" for key in criteria)
    general = {**state.path, "level": "general"}
    return (
        '<section class="ic-below" aria-labelledby="ic-below-title">'
        f'<h3 id="ic-below-title">{escape(v.t("below.title"))}</h3>'
        f'<ul class="ic-below-numbers">{"".join(rows)}</ul>'
        f"<p>{v.t.html('below.judge', reading=cite(v, 'interpretations/graded-general-caveat'))}</p>"
        f'<ol class="ic-below-criteria">{judge}</ol>'
        f'<p class="ic-conclude">{state_link(v, general, v.t("below.general"), "ic-option")}'
        f"{escape(v.t('below.otherwise'))}</p></section>"
    )


def settle_section(v: View, result: Result) -> str:
    settle = result.get("settle")
    if not settle or result["level"] != "unknown":
        return ""
    facts = "".join(
        f"<li>{escape(v.t.pick(f['label']))}{v.t('sep.colon')}"
        + v.t("sep.clauses").join(
            f"{escape(level_label(v, t['level']))} {link(resolve(t['basis']).url(v.place.root), t['quote'], lang='zh')}"
            for t in f["thresholds"]
        )
        + "</li>"
        for f in settle["facts"]
    )
    guide = link(v.place.root + "guide/", v.t("settle.guide"))
    return (
        '<section class="ic-section" aria-labelledby="ic-settle-title">'
        f'<h3 id="ic-settle-title">{escape(v.t("settle.title"))}</h3>'
        f"<p>{v.t.html('settle.lead', guide=guide)}</p>"
        f'<details><summary>{escape(v.t("settle.thresholds"))}</summary><ul class="ic-settle">{facts}</ul></details>'
        "</section>"
    )
