"""The table of reports (to whom, what kind, by when, through which channel, under which paragraph)
and the authorities' escalations.

Package room. May import: the standard library, ``decision_tree.web.texts``,
``decision_tree.web.view``, and the other ``decision_tree`` modules except ``web`` and
``__main__``.
"""

from __future__ import annotations

from decision_tree.engine import Result
from decision_tree.web.texts import escape
from decision_tree.web.view import View, beijing_time, cite, condition_note, duration_text, link


def _due(v: View, entry: Result) -> str:
    promptness = f'<span class="ic-within">{escape(v.t.pick(entry["promptness"]))}</span>'
    if entry["due_at"] and v.mode == "live":
        return (
            f'<time class="ic-due" datetime="{escape(entry["due_at"])}">'
            f"{escape(beijing_time(v, entry['due_at']))}</time>"
            f'<span class="ic-countdown" data-due="{escape(entry["due_at"])}" aria-live="off"></span>{promptness}'
        )
    if entry["within_minutes"] is None:
        return promptness
    pending = f'<span class="ic-pending">{escape(v.t("time.pending"))}</span>' if v.mode == "live" else ""
    return escape(v.t("duration.after", duration=duration_text(v, entry["within_minutes"]))) + pending + promptness


def _report_channel(v: View, report: Result) -> str:
    """The channel for one recipient: 12387 only for the cyberspace administration (第九条)."""
    channel = report["channel"]
    if channel["kind"] == "12387":
        return f"{link('#ic-channels-title', v.t('channel.12387'))}（{cite(v, channel['basis'])}）"
    return f"{escape(v.t.pick(channel['text']))}（{cite(v, channel['basis'])}）"


def reports_table(v: View, result: Result) -> str:
    if not result["reports"]:
        return ""
    label = {name: escape(v.t(f"reports.{name}")) for name in ("kind", "when", "channel", "basis")}
    rows = "".join(
        f'<tr data-to="{escape(r["to"])}" data-within="{r["within_minutes"] or ""}">'
        f'<th scope="row">{escape(v.t.pick(r["to_label"]))}{condition_note(v, r)}</th>'
        f'<td class="ic-kind" data-label="{label["kind"]}">{escape(v.t("kind." + r["kind"]))}</td>'
        f'<td class="ic-when" data-label="{label["when"]}">{_due(v, r)}</td>'
        f'<td class="ic-channel" data-label="{label["channel"]}" data-channel="{escape(r["channel"]["kind"])}">'
        f"{_report_channel(v, r)}</td>"
        f'<td class="ic-kind" data-label="{label["basis"]}">{cite(v, r["basis"])}</td>'
        "</tr>"
        for r in result["reports"]
    )
    clock = f'<p class="ic-hint">{escape(v.t("reports.static"))}</p>' if v.mode != "live" else ""
    short = ' class="ic-kind"'
    head = "".join(
        f'<th scope="col"{short if name in ("kind", "basis") else ""}>{escape(v.t(f"reports.{name}"))}</th>'
        for name in ("to", "kind", "when", "channel", "basis")
    )
    return (
        '<section class="ic-section" aria-labelledby="ic-reports-title">'
        f'<h3 id="ic-reports-title">{escape(v.t("reports.title"))}</h3>'
        f"{clock}"
        f'<div class="ic-table-wrap"><table class="ic-table"><thead><tr>{head}</tr></thead>'
        f"<tbody>{rows}</tbody></table></div></section>"
    )


def escalations_section(v: View, result: Result) -> str:
    if not result["escalations"]:
        return ""
    items = "".join(
        f"<li>{escape(v.t.pick(e['by_label']))} → {escape(v.t('sep.list').join(v.t.pick(x) for x in e['to_labels']))}"
        f"{v.t('sep.colon')}"
        f"{escape(duration_text(v, e['within_minutes']) if e['within_minutes'] else v.t.pick(e['timing']))}"
        f"{condition_note(v, e)}（{cite(v, e['basis'])}）</li>"
        for e in result["escalations"]
    )
    return (
        '<section class="ic-section" aria-labelledby="ic-escalations-title">'
        f'<h3 id="ic-escalations-title">{escape(v.t("escalations.title"))}</h3>'
        f'<p class="ic-hint">{v.t.html("escalations.hint", reading=cite(v, "interpretations/authorities-escalation"))}'
        "</p>"
        f"<ul>{items}</ul></section>"
    )
