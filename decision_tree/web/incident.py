"""The incident file in the browser (事件档案, issue 20): a file's state in, HTML out.

Package room. May import: the standard library, ``decision_tree.incident``,
``decision_tree.citations``, ``decision_tree.answers``, ``decision_tree.model``, ``decision_tree.rules``,
``decision_tree.web.fragment``, ``decision_tree.web.calendar`` and ``decision_tree.web.texts``.

What the check pages show of a file — the section with the list of files (built into the page),
the action a live result offers, the file itself (its duties as a timeline with states and
countdowns, the forms that add an entry, the entries, the drafts of each stage, the final hash)
and its row in the list — and the calendar of its dated duties. Every duty, state, clock and
document comes from :mod:`decision_tree.incident`; every word from ``ui.toml`` (or, for what
the file's own rooms write, their ``{"zh", "en"}`` values) in the reader's language. Everything
shown is escaped. The page's script (``docs/assets/check/incident.js``) only stores strings and
puts this markup in place.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from typing import Any

from decision_tree import incident
from decision_tree.answers import BEIJING
from decision_tree.citations import CitationError, resolve
from decision_tree.model import Text
from decision_tree.rules import RECIPIENTS, load_rules
from decision_tree.web.calendar import duties_ics
from decision_tree.web.fragment import fragment_for
from decision_tree.web.texts import Texts, escape, table

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
DOCUMENTS = ("first_report", "supplement", "summary")
SCHEMA = "schema/incident.schema.json"  # from the site root (build_scripts.widget.copy_schema)


def script_texts() -> str:
    """The file script's words (``incident.js.*`` of ui.toml) in both languages, as JSON."""
    words = {key: text for key, text in table().items() if key.startswith("incident.js.")}
    return json.dumps(
        {lang: {key: text.get(lang) for key, text in words.items()} for lang in ("zh", "en")},
        ensure_ascii=False,
        separators=(",", ":"),
    )


def _pick(t: Texts, value: object) -> str:
    """One language of a ``{"zh", "en"}`` value (or the value itself as text)."""
    if isinstance(value, Mapping):
        return t.pick(value)
    if isinstance(value, Text):
        return t.pick(value)
    return "" if value is None else str(value)


def _time(value: object) -> str:
    """An ISO time as Beijing wall time: ``2025-11-03 10:05``."""
    if not isinstance(value, str):
        return ""
    try:
        moment = dt.datetime.fromisoformat(value)
    except ValueError:
        return value
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=BEIJING)
    return f"{moment.astimezone(BEIJING):%Y-%m-%d %H:%M}"


def _cite(t: Texts, key: object, root: str) -> str:
    if not isinstance(key, str):
        return ""
    try:
        citation = resolve(key)
    except CitationError:
        return escape(key)
    return f'<a class="ic-cite" href="{escape(citation.url(root))}">{escape(citation.label(t.lang))}</a>'


def _cite_label(t: Texts, key: object) -> str:
    """A citation key's label in the reader's language (the key itself if it does not resolve)."""
    if not isinstance(key, str):
        return ""
    try:
        return resolve(key).label(t.lang)
    except CitationError:
        return key


def _button(text: str, action: str, **data: str) -> str:
    extra = "".join(f' data-{name}="{escape(value)}"' for name, value in data.items())
    return f'<button type="button" class="ic-button" data-if-action="{action}"{extra}>{escape(text)}</button>'


# ── The section of the check pages (build time) ─────────────────────────────────────────────


def section(lang: str = "zh", root: str = "../", schema: str = SCHEMA) -> str:
    """The check page's file section: what it is, privacy, the list, import, the open file's place.

    ``root`` leads from the page to its edition's root (citations); ``schema`` to the published
    JSON Schema of the file format.
    """
    t = Texts(lang)
    return (
        f'<section class="if" data-incident-files data-lang="{t.lang}" data-root="{escape(root)}"'
        f" data-texts='{escape(script_texts(), quote=True)}' aria-labelledby=\"if-title\">"
        f'<h2 id="if-title">{escape(t("incident.title"))}</h2>'
        f"<p>{escape(t('incident.lead'))}</p>"
        f'<p class="if-privacy">{escape(t("incident.privacy"))}</p>'
        f'<p class="if-privacy">{escape(t("incident.shared"))}</p>'
        '<p class="if-status" role="status" aria-live="polite"></p>'
        '<div class="if-file" hidden></div>'
        '<div class="if-files">'
        f'<h3 id="if-list-title">{escape(t("incident.list_title"))}</h3>'
        f'<p class="if-empty">{escape(t("incident.empty"))}</p>'
        '<ul class="if-list" aria-labelledby="if-list-title"></ul>'
        f'<p class="if-import"><label>{escape(t("incident.import"))} '
        '<input type="file" class="if-import-input" accept=".json,application/json"></label></p>'
        '<p class="if-import-error" role="alert" hidden></p>'
        f'<p class="ic-hint"><a href="{escape(schema)}" type="application/schema+json">'
        f"{escape(t('incident.schema'))}</a></p>"
        "</div>"
        f'<noscript><p class="ic-hint">{escape(t("incident.no_js"))}</p></noscript>'
        "</section>"
    )


def embed_note(check: str = "../check/", check_en: str = "../en/check/") -> str:
    """On the embedded widget (both languages): files are kept on the full site; its script points
    the link at the result shown and keeps the sentence of the widget's language."""
    sentences = "".join(
        f'<span lang="{lang}"{" hidden" if lang == "en" else ""}>{escape(Texts(lang)("incident.offer.embedded"))}'
        f'<a href="{escape(page)}" target="_blank" rel="noopener">'
        f"{escape(Texts(lang)('incident.offer.embedded_link'))}</a></span>"
        for lang, page in (("zh", check), ("en", check_en))
    )
    return (
        f'<p class="ic-hint if-embed" data-incident-files data-mode="link" data-check="{escape(check)}"'
        f' data-check-en="{escape(check_en)}">{sentences}</p>'
    )


# ── What a live result offers ───────────────────────────────────────────────────────────────


def title(file: Mapping[str, Any], state: Mapping[str, Any], t: Texts) -> str:
    """A file's title: when the incident was discovered, and its level."""
    return t("incident.file_title", time=_time(state.get("discovered_at")), level=_pick(t, state.get("level_label")))


def offer(record: Mapping[str, Any], open_file: Mapping[str, Any] | None, now: str, lang: str = "zh") -> str:
    """The action under a live result: open a file from it, or record it as new facts in the open file."""
    t = Texts(lang)
    raw = record.get("input")
    if not isinstance(raw, Mapping) or not raw.get("discovered_at"):
        return f'<div class="if-offer"><p class="ic-hint">{escape(t("incident.error.no_time"))}</p></div>'
    buttons = _button(t("incident.offer.new"), "new")
    if open_file is not None:
        state = incident.status(open_file, now)
        buttons += " " + _button(t("incident.offer.facts", title=title(open_file, state, t)), "facts")
    return f'<div class="if-offer"><p>{buttons}</p><p class="ic-hint">{escape(t("incident.offer.hint"))}</p></div>'


# ── The open file ───────────────────────────────────────────────────────────────────────────


def _due(t: Texts, duty: Mapping[str, Any]) -> str:
    due = duty.get("due_at")
    parts = []
    if isinstance(due, str):
        parts.append(f'<time class="if-due" datetime="{escape(due)}">{escape(_time(due))}</time>')
        if duty.get("state") in ("open", "overdue"):
            parts.append(
                f'<span class="if-countdown" data-due="{escape(due)}" data-state="{escape(str(duty["state"]))}"></span>'
            )
    if duty.get("timing"):
        parts.append(f'<span class="if-timing">{escape(_pick(t, duty["timing"]))}</span>')
    clock = duty.get("clock")
    if isinstance(clock, Mapping) and clock.get("reading"):
        parts.append(f'<span class="if-clock">{escape(_pick(t, clock.get("label")))}</span>')
    if duty.get("channel_label"):
        parts.append(f'<span class="if-clock">{escape(_pick(t, duty["channel_label"]))}</span>')
    return " ".join(parts) or escape(t("incident.not_done"))


def _timeline(t: Texts, state: Mapping[str, Any], root: str) -> str:
    duties = state.get("duties") or []
    head = "".join(
        f'<th scope="col">{escape(t(f"incident.col.{c}"))}</th>' for c in ("duty", "due", "done", "state", "basis")
    )
    rows = []
    for duty in duties:
        basis = _cite(t, duty.get("basis"), root)
        for key in (duty.get("interpretation"), (duty.get("clock") or {}).get("reading")):
            if isinstance(key, str) and key.startswith("interpretations/"):
                basis += t("sep.list") + _cite(t, key, root)
        state_id = str(duty.get("state"))
        done = _time(duty.get("done_at")) or t("incident.not_done")
        rows.append(
            f'<tr data-duty="{escape(str(duty.get("id")))}" data-state="{escape(state_id)}">'
            f'<th scope="row">{escape(_pick(t, duty.get("label")))}</th>'
            f'<td data-label="{escape(t("incident.col.due"))}">{_due(t, duty)}</td>'
            f'<td class="if-done" data-label="{escape(t("incident.col.done"))}">{escape(done)}</td>'
            f'<td data-label="{escape(t("incident.col.state"))}">'
            f'<span class="if-state if-state-{escape(state_id)}">{escape(t(f"incident.state.{state_id}"))}</span></td>'
            f'<td data-label="{escape(t("incident.col.basis"))}">{basis}</td></tr>'
        )
    body = (
        f'<div class="ic-table-wrap"><table class="ic-table if-table"><thead><tr>{head}</tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table></div>"
        if rows
        else f"<p>{escape(t('incident.no_duties'))}</p>"
    )
    return (
        '<section class="ic-section if-timeline" aria-labelledby="if-timeline-title">'
        f'<h3 id="if-timeline-title" tabindex="-1">{escape(t("incident.timeline.title"))}</h3>{body}</section>'
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
            f"{escape(_cite_label(t, d.get('basis')) or _pick(t, d.get('label')))}</option>"
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
            for n in incident.ITEMS
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


def _forms(t: Texts, file: Mapping[str, Any], state: Mapping[str, Any], now: str) -> str:
    answers: Mapping[str, Any] = {}
    for event in file["events"]:
        if event.get("type") in ("opened", "facts_changed") and isinstance(event.get("answers"), Mapping):
            answers = event["answers"]
    forms = []
    defaults = _defaults(file, state)
    for kind, fields in FORMS:
        inputs = "".join(_field(t, kind, name, state, now, defaults.get(kind, {})) for name in fields)
        forms.append(
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
        f'<p class="ic-hint">{escape(t("incident.add.lead"))}</p>{"".join(forms)}{reassess}</section>'
    )


def _entry(t: Texts, event: Mapping[str, Any], channels: Mapping[str, Any]) -> str:
    kind = str(event.get("type"))
    label = (
        t(f"incident.event.{'created' if kind == 'opened' else kind}")
        if f"incident.event.{kind}" in table() or kind == "opened"
        else kind
    )
    times = t("incident.event.times", at=_time(event.get("at")), recorded=_time(event.get("recorded_at")))
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
                resolve(f"measures/7/1/{n}").label(t.lang) for n in event["items"] if n in incident.ITEMS
            )
        )
    for key in ("reference", "text"):
        if isinstance(event.get(key), str) and event[key]:
            details.append(event[key])
    assessment = event.get("assessment")
    if isinstance(assessment, Mapping) and assessment.get("level_label"):
        details.append(_pick(t, assessment.get("level_label")))
    text = "".join(f"<li>{escape(d)}</li>" for d in details)
    return (
        f'<li data-seq="{escape(str(event.get("seq")))}" data-type="{escape(kind)}"><strong>{escape(label)}</strong> '
        f'<span class="if-times">{escape(times)}</span>{f"<ul>{text}</ul>" if text else ""}</li>'
    )


def _log(t: Texts, file: Mapping[str, Any], state: Mapping[str, Any]) -> str:
    channels = {c["id"]: c for c in state["result"]["channels"]}
    events = file["events"]
    entries = "".join(_entry(t, event, channels) for event in events)
    return (
        '<section class="ic-section if-log" aria-labelledby="if-log-title">'
        f'<h3 id="if-log-title">{escape(t("incident.events.title", count=len(events)))}</h3>'
        f"<ol>{entries}</ol></section>"
    )


def _documents(t: Texts, documents: Mapping[str, Any]) -> str:
    parts = []
    for key, document in documents.items():
        if not isinstance(document, Mapping):
            continue
        heading = _pick(t, document.get("title")) or (
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
                f"<p>{_button(t('incident.copy'), 'copy', target=ident)} "
                '<span class="if-copied" role="status"></span></p></div>'
            )
        parts.append(f'<section class="if-doc"><h4>{escape(heading)}</h4>{"".join(copies)}</section>')
    return (
        '<section class="ic-section if-docs" aria-labelledby="if-docs-title">'
        f'<h3 id="if-docs-title">{escape(t("incident.docs.title"))}</h3>'
        f'<p class="ic-hint">{escape(t("incident.docs.lead"))}</p>{"".join(parts)}</section>'
    )


def _proof(t: Texts, file: Mapping[str, Any], state: Mapping[str, Any]) -> str:
    verification = state.get("verification") or {}
    line = (
        t("incident.proof.intact", count=len(file["events"]))
        if state.get("verified")
        else _pick(t, verification.get("reason"))
    )
    file_id = str(file.get("id"))
    return (
        '<section class="ic-section if-proof" aria-labelledby="if-proof-title">'
        f'<h3 id="if-proof-title">{escape(t("incident.proof.title"))}</h3>'
        f'<p>{escape(t("incident.proof.hash"))}<code class="if-hash">{escape(str(file.get("head")))}</code></p>'
        f'<p class="if-verified" data-verified="{"true" if state.get("verified") else "false"}">{escape(line)}</p>'
        f'<p class="ic-hint">{escape(t("incident.proof.what"))}</p>'
        f'<p class="if-actions">{_button(t("incident.export"), "export", id=file_id)} '
        f"{_button(t('incident.ics'), 'ics', id=file_id)} {_button(t('incident.print'), 'print')}</p></section>"
    )


def shown(file: Mapping[str, Any], now: str, lang: str = "zh", root: str = "../") -> dict[str, str]:
    """What the page keeps of a file at ``now``: ``html`` (the open file), ``row`` (its line in the
    list) and ``ics`` (its dated duties not yet done); the duties are worked out once."""
    t = Texts(lang)
    state = incident.status(file, now)
    documents = incident.documents(file, now)
    return {
        "html": _view(file, state, documents, now, t, root),
        "row": _row(file, state, t),
        "ics": duties_ics(state, t.lang),
    }


def _view(
    file: Mapping[str, Any], state: Mapping[str, Any], documents: Mapping[str, Any], now: str, t: Texts, root: str
) -> str:
    """The open file: its title and assessment, the timeline, the forms, the entries, the drafts, the hash."""
    first = file["events"][0].get("assessment") or {}
    banner = f'<p class="ic-unofficial-banner">{t.html("unofficial.banner")}</p>' if t.lang == "en" else ""
    changed = (
        f'<p class="ic-problems" role="alert">{escape(_pick(t, state["rules_changed"]))}</p>'
        if state.get("rules_changed")
        else ""
    )
    assessment = t(
        "incident.assessment",
        level=_pick(t, state.get("level_label")),
        rules=str(state.get("rules_version")),
        fingerprint=str(first.get("text_fingerprint") or first.get("fingerprint") or "")[:16],
    )
    return (
        f'<article class="if-view" lang="{t.lang}" data-id="{escape(str(file.get("id")))}"'
        f' data-head="{escape(str(file.get("head")))}" aria-labelledby="if-file-title">{banner}'
        f'<p class="if-back">{_button(t("incident.close"), "close")}</p>'
        f'<h2 id="if-file-title" tabindex="-1">{escape(title(file, state, t))}</h2>'
        f"<p>{escape(t('incident.discovered', time=_time(state.get('discovered_at'))))}<br>{escape(assessment)}</p>"
        f"{changed}{_timeline(t, state, root)}{_forms(t, file, state, now)}{_log(t, file, state)}"
        f"{_documents(t, documents)}{_proof(t, file, state)}</article>"
    )


def _row(file: Mapping[str, Any], state: Mapping[str, Any], t: Texts) -> str:
    """The file's line in the list of files: its title (opens it), counts of duties by state, delete."""
    counts = state.get("counts") or {}
    file_id = str(file.get("id"))
    name = title(file, state, t)
    by_state = {s: counts.get(s, 0) for s in incident.STATES}
    return (
        f'<a href="?file={escape(file_id)}" data-if-action="open" data-id="{escape(file_id)}">{escape(name)}</a> '
        f'<span class="if-row-counts">{escape(t("incident.row.counts", **by_state))}</span> '
        f'<span class="if-row-created">{escape(t("incident.row.created", time=_time(file.get("created_at"))))}</span> '
        f"{_button(t('incident.delete'), 'delete', id=file_id, title=name)}"
    )
