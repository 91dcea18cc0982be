"""An incident file's duties as a timeline: each duty's due time and countdown, when it was done,
its state and its basis.

Package room. May import: the standard library, ``decision_tree.documents``,
``decision_tree.web.incident_parts`` and ``decision_tree.web.texts``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from decision_tree.documents import item_list
from decision_tree.web.incident_parts import cite, pick, time
from decision_tree.web.texts import Texts, escape


def _due(t: Texts, duty: Mapping[str, Any]) -> str:
    due = duty.get("due_at")
    parts = []
    if isinstance(due, str):
        parts.append(f'<time class="if-due" datetime="{escape(due)}">{escape(time(due))}</time>')
        if duty.get("state") in ("open", "overdue"):
            parts.append(
                f'<span class="if-countdown" data-due="{escape(due)}" data-state="{escape(str(duty["state"]))}"></span>'
            )
    if duty.get("timing"):
        parts.append(f'<span class="if-timing">{escape(pick(t, duty["timing"]))}</span>')
    clock = duty.get("clock")
    if isinstance(clock, Mapping) and clock.get("reading"):
        parts.append(f'<span class="if-clock">{escape(pick(t, clock.get("label")))}</span>')
    if duty.get("channel_label"):
        parts.append(f'<span class="if-clock">{escape(pick(t, duty["channel_label"]))}</span>')
    return " ".join(parts) or escape(t("incident.not_done"))


def _gap(t: Texts, duty: Mapping[str, Any], root: str) -> str:
    """Why a first report that was sent is still open: the items it lacked, and how 第七条第二款
    lets items 1 and 2 go first (the form's statement that the user did not tick)."""
    gap = duty.get("gap")
    missing = duty.get("items_missing")
    if not isinstance(gap, Mapping) or not isinstance(missing, list):
        return ""
    numbers = [n for n in missing if isinstance(n, int)]
    return (
        f'<p class="if-gap" data-items="{" ".join(map(str, numbers))}">'
        + t.html(
            "incident.gap",
            items=escape(item_list(numbers, t.lang)),
            rule=cite(t, "measures/7/1", root),
            first=cite(t, "measures/7/2", root),
        )
        + "</p>"
    )


def timeline(t: Texts, state: Mapping[str, Any], root: str) -> str:
    """The section with the table of the file's duties (or the sentence that there are none)."""
    duties = state.get("duties") or []
    head = "".join(
        f'<th scope="col">{escape(t(f"incident.col.{c}"))}</th>' for c in ("duty", "due", "done", "state", "basis")
    )
    rows = []
    for duty in duties:
        basis = cite(t, duty.get("basis"), root)
        for key in (duty.get("interpretation"), (duty.get("clock") or {}).get("reading")):
            if isinstance(key, str) and key.startswith("interpretations/"):
                basis += t("sep.list") + cite(t, key, root)
        state_id = str(duty.get("state"))
        done = time(duty.get("done_at")) or t("incident.not_done")
        rows.append(
            f'<tr data-duty="{escape(str(duty.get("id")))}" data-state="{escape(state_id)}">'
            f'<th scope="row">{escape(pick(t, duty.get("label")))}</th>'
            f'<td data-label="{escape(t("incident.col.due"))}">{_due(t, duty)}</td>'
            f'<td class="if-done" data-label="{escape(t("incident.col.done"))}">{escape(done)}</td>'
            f'<td data-label="{escape(t("incident.col.state"))}">'
            f'<span class="if-state if-state-{escape(state_id)}">{escape(t(f"incident.state.{state_id}"))}</span>'
            f"{_gap(t, duty, root)}</td>"
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
