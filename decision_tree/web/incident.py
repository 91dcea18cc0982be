"""The incident file in the browser (事件档案, issue 20): a file's state in, HTML out.

Package room. May import: the standard library, ``decision_tree.incident``,
``decision_tree.web.calendar``, ``decision_tree.web.texts`` and the incident file's rooms of
``decision_tree.web`` (``incident_parts``, ``incident_list``, ``incident_timeline``,
``incident_forms``, ``incident_entries``).

What the check pages show of a file, one room per part: the section with the list of files and a
file's row in it (:mod:`~decision_tree.web.incident_list`), the action a live result offers (here),
the file itself, assembled here from its duties as a timeline with states and countdowns
(:mod:`~decision_tree.web.incident_timeline`), the forms that add an entry
(:mod:`~decision_tree.web.incident_forms`), the entries, the drafts of each stage and the final
hash (:mod:`~decision_tree.web.incident_entries`); and the calendar of its dated duties. What they
share is in :mod:`~decision_tree.web.incident_parts`. Every duty, state, clock and document comes
from :mod:`decision_tree.incident`; every word from ``ui.toml`` (or, for what the file's own
rooms write, their ``{"zh", "en"}`` values) in the reader's language. Everything shown is
escaped. The page's script (``docs/assets/check/incident.js``) only stores strings and puts this
markup in place.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from decision_tree import incident
from decision_tree.web.calendar import duties_ics
from decision_tree.web.incident_entries import documents, log, proof
from decision_tree.web.incident_forms import forms
from decision_tree.web.incident_list import row
from decision_tree.web.incident_parts import button, pick, time, title
from decision_tree.web.incident_timeline import timeline
from decision_tree.web.texts import Texts, escape


def offer(record: Mapping[str, Any], open_file: Mapping[str, Any] | None, now: str, lang: str = "zh") -> str:
    """The action under a live result: open a file from it, or record it as new facts in the open file."""
    t = Texts(lang)
    raw = record.get("input")
    if not isinstance(raw, Mapping) or not raw.get("discovered_at"):
        return f'<div class="if-offer"><p class="ic-hint">{escape(t("incident.error.no_time"))}</p></div>'
    buttons = button(t("incident.offer.new"), "new")
    if open_file is not None:
        state = incident.status(open_file, now)
        buttons += " " + button(t("incident.offer.facts", title=title(open_file, state, t)), "facts")
    return f'<div class="if-offer"><p>{buttons}</p><p class="ic-hint">{escape(t("incident.offer.hint"))}</p></div>'


def shown(file: Mapping[str, Any], now: str, lang: str = "zh", root: str = "../") -> dict[str, str]:
    """What the page keeps of a file at ``now``: ``html`` (the open file), ``row`` (its line in the
    list) and ``ics`` (its dated duties not yet done); the duties are worked out once."""
    t = Texts(lang)
    state = incident.status(file, now)
    drafts = incident.documents(file, now)
    return {
        "html": _view(file, state, drafts, now, t, root),
        "row": row(file, state, t),
        "ics": duties_ics(state, t.lang),
    }


def _view(
    file: Mapping[str, Any], state: Mapping[str, Any], drafts: Mapping[str, Any], now: str, t: Texts, root: str
) -> str:
    """The open file: its title and assessment, the timeline, the forms, the entries, the drafts, the hash."""
    first = file["events"][0].get("assessment") or {}
    banner = f'<p class="ic-unofficial-banner">{t.html("unofficial.banner")}</p>' if t.lang == "en" else ""
    changed = (
        f'<p class="ic-problems" role="alert">{escape(pick(t, state["rules_changed"]))}</p>'
        if state.get("rules_changed")
        else ""
    )
    assessment = t(
        "incident.assessment",
        level=pick(t, state.get("level_label")),
        rules=str(state.get("rules_version")),
        fingerprint=str(first.get("text_fingerprint") or first.get("fingerprint") or "")[:16],
    )
    return (
        f'<article class="if-view" lang="{t.lang}" data-id="{escape(str(file.get("id")))}"'
        f' data-head="{escape(str(file.get("head")))}" aria-labelledby="if-file-title">{banner}'
        f'<p class="if-back">{button(t("incident.close"), "close")}</p>'
        f'<h2 id="if-file-title" tabindex="-1">{escape(title(file, state, t))}</h2>'
        f"<p>{escape(t('incident.discovered', time=time(state.get('discovered_at'))))}<br>{escape(assessment)}</p>"
        f"{changed}{timeline(t, state, root)}{forms(t, file, state, now)}{log(t, file, state)}"
        f"{documents(t, drafts)}{proof(t, file, state)}</article>"
    )
