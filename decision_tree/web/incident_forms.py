"""The forms that add an entry to an incident file (a report sent, a supplement, a new
development, a police report, handling ended, the summary, a note), each pre-filled from the file,
and the link that reassesses the incident with its latest answers.

Package room. May import: the standard library, ``decision_tree.incident_format``,
``decision_tree.answers``, ``decision_tree.citations``, ``decision_tree.rules``,
``decision_tree.web.fragment``, ``decision_tree.web.incident_parts`` and ``decision_tree.web.texts``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from decision_tree import incident_format
from decision_tree.answers import BEIJING
from decision_tree.citations import resolve
from decision_tree.rules import RECIPIENTS, load_rules
from decision_tree.web.fragment import fragment_for
from decision_tree.web.incident_parts import cite_label, pick
from decision_tree.web.texts import Texts, escape

# The event forms, in the order a file usually grows; per form the fields it shows.
FORMS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("report_sent", ("at", "to", "channel", "items", "not_determinable", "reference")),
    ("supplement_sent", ("at", "to", "channel", "items", "reference")),
    ("development_reported", ("at", "to", "channel", "reference", "text")),
    ("police_reported", ("at", "duty", "channel", "reference", "text")),
    ("handling_ended", ("at",)),
    ("summary_sent", ("at", "to", "channel", "reference")),
    ("note", ("at", "text")),
)


def _recipients(state: Mapping[str, Any]) -> list[str]:
    """The recipients a form offers: those of the file's duties, then the Measures' others."""
    named = [d["to"] for d in state.get("duties") or [] if isinstance(d.get("to"), str)]
    reports = [r["to"] for r in state["result"]["reports"]]
    return list(dict.fromkeys([*reports, *named, *RECIPIENTS]))


def _defaults(file: Mapping[str, Any], state: Mapping[str, Any]) -> dict[str, dict[str, Any]]:
    """Each form pre-filled from the file (as incident tools pre-fill a later report from the
    earlier one): the first report's recipient and channel, and a supplement's missing items."""
    sent = [e for e in file["events"] if e.get("type") == "report_sent"]
    first: Mapping[str, Any] = sent[0] if sent else {}
    to, channel = first.get("to"), first.get("channel")
    missing: list[int] = []
    for duty in state.get("duties") or []:
        if duty.get("kind") == "supplement" and duty.get("state") in ("open", "overdue"):
            missing = list(duty.get("items_missing") or [])
            to = duty.get("to") or to
            break
    common: dict[str, Any] = {"to": to, "channel": channel}
    return {
        "report_sent": {"items": [1, 2]},
        "supplement_sent": {**common, "items": missing or [3, 4, 5, 6, 7, 8]},
        "development_reported": common,
        "summary_sent": common,
    }


def _field(t: Texts, kind: str, name: str, state: Mapping[str, Any], now: str, default: Mapping[str, Any]) -> str:
    ident = f"if-{kind}-{name}"
    optional = (
        escape(t("incident.field.optional")) if name in ("reference",) or (name == "text" and kind != "note") else ""
    )
    label = f'<label for="{ident}">{escape(t(f"incident.field.{name}"))}{optional}</label>'
    if name == "at":
        moment = dt.datetime.fromisoformat(now).astimezone(BEIJING)
        return (
            f'<p class="if-field">{label}<input id="{ident}" name="at" type="datetime-local" required'
            f' value="{moment:%Y-%m-%dT%H:%M}"></p>'
        )
    if name == "to":
        rules = load_rules()
        options = "".join(
            f'<option value="{escape(to)}"{" selected" if to == default.get("to") else ""}>'
            f"{escape(t.pick(rules.term(to)) if to in rules.terms else to)}</option>"
            for to in _recipients(state)
        )
        return f'<p class="if-field">{label}<select id="{ident}" name="to">{options}</select></p>'
    if name == "duty":
        # Which duty this report fulfils: the Measures' crime report (any police report), or one of
        # the other regimes' rows (the 24-hour police clocks …), which only an event naming it completes.
        others = [d for d in state.get("duties") or [] if str(d.get("id", "")).startswith("other.")]
        options = f'<option value="">{escape(t("incident.duty.crime_report"))}</option>' + "".join(
            f'<option value="{escape(str(d["id"]))}">'
            f"{escape(cite_label(t, d.get('basis')) or pick(t, d.get('label')))}</option>"
            for d in others
        )
        return f'<p class="if-field">{label}<select id="{ident}" name="duty">{options}</select></p>'
    if name == "channel":
        channels = state["result"]["channels"]
        chosen = default.get("channel")
        options = f'<option value="">{escape(t("incident.channel.choose"))}</option>' + "".join(
            f'<option value="{escape(c["id"])}"{" selected" if c["id"] == chosen else ""}>'
            f"{escape(t.pick(c['label']))}</option>"
            for c in channels
        )
        typed = chosen if isinstance(chosen, str) and chosen not in {c["id"] for c in channels} else ""
        other = f"{ident}-other"
        return (
            f'<p class="if-field">{label}<select id="{ident}" name="channel">{options}</select></p>'
            f'<p class="if-field"><label for="{other}">{escape(t("incident.field.channel_other"))}</label>'
            f'<input id="{other}" name="channel_other" type="text" maxlength="200" value="{escape(typed)}"></p>'
        )
    if name == "items":
        texts = {i["item"]: i["text"] for i in state["result"]["contents"]["items"]}
        ticked = list(default.get("items") or [])
        boxes = "".join(
            f'<li><label><input type="checkbox" name="items" value="{n}"{" checked" if n in ticked else ""}> '
            f"{escape(resolve(f'measures/7/1/{n}').label(t.lang))}"
            f' <span class="if-item-text" lang="zh">{escape(texts.get(n, ""))}</span></label></li>'
            for n in incident_format.ITEMS
        )
        return (
            f'<fieldset class="if-field if-items"><legend>{escape(t("incident.field.items"))}</legend>'
            f'<ul id="{ident}">{boxes}</ul></fieldset>'
        )
    if name == "not_determinable":
        return (
            f'<p class="if-field if-check"><label><input type="checkbox" id="{ident}" name="not_determinable"'
            f' value="true"> {escape(t("incident.field.not_determinable"))}</label></p>'
        )
    size = 'rows="4" maxlength="4000"' if name == "text" else 'rows="2" maxlength="500"'
    required = " required" if name == "text" and kind == "note" else ""
    return f'<p class="if-field">{label}<textarea id="{ident}" name="{name}" {size}{required}></textarea></p>'


def forms(t: Texts, file: Mapping[str, Any], state: Mapping[str, Any], now: str) -> str:
    """The section "add an entry": one folded form per event type, then the link to reassess."""
    answers: Mapping[str, Any] = {}
    for event in file["events"]:
        if event.get("type") in ("opened", "facts_changed") and isinstance(event.get("answers"), Mapping):
            answers = event["answers"]
    blocks = []
    defaults = _defaults(file, state)
    for kind, fields in FORMS:
        inputs = "".join(_field(t, kind, name, state, now, defaults.get(kind, {})) for name in fields)
        blocks.append(
            f'<details class="if-form"><summary>{escape(t(f"incident.event.{kind}"))}</summary>'
            f'<form class="if-event" data-type="{kind}" novalidate><input type="hidden" name="type" value="{kind}">'
            f"{inputs}"
            f'<p class="if-form-error" id="if-error-{kind}" role="alert" hidden></p>'
            f'<p><button type="submit" class="ic-button">{escape(t("incident.submit"))}</button></p></form></details>'
        )
    fragment = fragment_for(dict(answers))
    reassess = (
        f'<p><a href="#{escape(fragment)}" class="if-reassess">{escape(t("incident.reassess"))}</a>'
        f'<br><span class="ic-hint">{escape(t("incident.reassess_hint"))}</span></p>'
    )
    return (
        '<section class="ic-section if-add" aria-labelledby="if-add-title">'
        f'<h3 id="if-add-title">{escape(t("incident.add.title"))}</h3>'
        f'<p class="ic-hint">{escape(t("incident.add.lead"))}</p>{"".join(blocks)}{reassess}</section>'
    )
