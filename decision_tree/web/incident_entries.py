"""What an incident file holds and gives: its entries in order, the drafts of each stage's
document (Chinese to submit, an English working copy), and the hash that closes the chain with the
file's actions (export, calendar, print).

Package room. May import: the standard library, ``decision_tree.incident_format``,
``decision_tree.citations``, ``decision_tree.rules``, ``decision_tree.web.incident_parts`` and
``decision_tree.web.texts``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from decision_tree import incident_format
from decision_tree.citations import resolve
from decision_tree.rules import load_rules
from decision_tree.web.incident_parts import button, pick, time
from decision_tree.web.texts import Texts, escape, table


def _entry(t: Texts, event: Mapping[str, Any], channels: Mapping[str, Any]) -> str:
    kind = str(event.get("type"))
    label = (
        t(f"incident.event.{'created' if kind == 'opened' else kind}")
        if f"incident.event.{kind}" in table() or kind == "opened"
        else kind
    )
    times = t("incident.event.times", at=time(event.get("at")), recorded=time(event.get("recorded_at")))
    details = []
    rules = load_rules()
    if isinstance(event.get("to"), str):
        to = event["to"]
        details.append(t.pick(rules.term(to)) if to in rules.terms else to)
    if isinstance(event.get("channel"), str):
        channel = channels.get(event["channel"])
        details.append(t.pick(channel["label"]) if channel else event["channel"])
    if isinstance(event.get("items"), list):
        details.append(
            t("sep.list").join(
                resolve(f"measures/7/1/{n}").label(t.lang) for n in event["items"] if n in incident_format.ITEMS
            )
        )
    for key in ("reference", "text"):
        if isinstance(event.get(key), str) and event[key]:
            details.append(event[key])
    assessment = event.get("assessment")
    if isinstance(assessment, Mapping) and assessment.get("level_label"):
        details.append(pick(t, assessment.get("level_label")))
    text = "".join(f"<li>{escape(d)}</li>" for d in details)
    return (
        f'<li data-seq="{escape(str(event.get("seq")))}" data-type="{escape(kind)}"><strong>{escape(label)}</strong> '
        f'<span class="if-times">{escape(times)}</span>{f"<ul>{text}</ul>" if text else ""}</li>'
    )


def log(t: Texts, file: Mapping[str, Any], state: Mapping[str, Any]) -> str:
    """The section of the file's entries, in the order they were written down."""
    channels = {c["id"]: c for c in state["result"]["channels"]}
    events = file["events"]
    entries = "".join(_entry(t, event, channels) for event in events)
    return (
        '<section class="ic-section if-log" aria-labelledby="if-log-title">'
        f'<h3 id="if-log-title">{escape(t("incident.events.title", count=len(events)))}</h3>'
        f"<ol>{entries}</ol></section>"
    )


def documents(t: Texts, documents: Mapping[str, Any]) -> str:
    """The section of the drafts: per stage, each language's copy, read-only, with a copy button."""
    parts = []
    for key, document in documents.items():
        if not isinstance(document, Mapping):
            continue
        heading = pick(t, document.get("title")) or (
            t(f"incident.doc.{key}") if f"incident.doc.{key}" in table() else key
        )
        copies = []
        for lang in ("zh", "en"):
            text = document.get(lang)
            if not isinstance(text, str):
                continue
            ident = f"if-doc-{key}-{lang}"
            copies.append(
                f'<div class="if-copy" lang="{lang}"><label for="{ident}">{escape(t(f"incident.doc.{lang}"))}</label>'
                f'<textarea id="{ident}" class="if-draft" rows="12" readonly>{escape(text)}</textarea>'
                f'<pre class="if-draft-print" aria-hidden="true">{escape(text)}</pre>'
                f"<p>{button(t('incident.copy'), 'copy', target=ident)} "
                '<span class="if-copied" role="status"></span></p></div>'
            )
        parts.append(f'<section class="if-doc"><h4>{escape(heading)}</h4>{"".join(copies)}</section>')
    return (
        '<section class="ic-section if-docs" aria-labelledby="if-docs-title">'
        f'<h3 id="if-docs-title">{escape(t("incident.docs.title"))}</h3>'
        f'<p class="ic-hint">{escape(t("incident.docs.lead"))}</p>{"".join(parts)}</section>'
    )


def proof(t: Texts, file: Mapping[str, Any], state: Mapping[str, Any]) -> str:
    """The section of the final hash, whether the chain verifies, and the file's actions."""
    verification = state.get("verification") or {}
    line = (
        t("incident.proof.intact", count=len(file["events"]))
        if state.get("verified")
        else pick(t, verification.get("reason"))
    )
    file_id = str(file.get("id"))
    return (
        '<section class="ic-section if-proof" aria-labelledby="if-proof-title">'
        f'<h3 id="if-proof-title">{escape(t("incident.proof.title"))}</h3>'
        f'<p>{escape(t("incident.proof.hash"))}<code class="if-hash">{escape(str(file.get("head")))}</code></p>'
        f'<p class="if-verified" data-verified="{"true" if state.get("verified") else "false"}">{escape(line)}</p>'
        f'<p class="ic-hint">{escape(t("incident.proof.what"))}</p>'
        f'<p class="if-actions">{button(t("incident.export"), "export", id=file_id)} '
        f"{button(t('incident.ics'), 'ics', id=file_id)} {button(t('incident.print'), 'print')}</p></section>"
    )
