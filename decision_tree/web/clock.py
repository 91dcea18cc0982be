"""The time of discovery: the time question, its field, and the line under the verdict that changes
it.

Package room. May import: the standard library, ``decision_tree.web.state``,
``decision_tree.web.texts``, ``decision_tree.web.view``, and the other ``decision_tree`` modules
except ``web`` and ``__main__``.
"""

from __future__ import annotations

import datetime as dt

from decision_tree.answers import BEIJING
from decision_tree.engine import Result
from decision_tree.web.state import state_key
from decision_tree.web.texts import escape
from decision_tree.web.view import View, cites, clock_html, link, strong

TIME_OPTIONS = (0, 15, 30, 60)  # "found N minutes ago", one click each


EARLIER = (15, 30, 60, 180)  # quick corrections of the time: N minutes earlier


def time_input(v: View, label: str, button: str) -> str:
    """A form for the exact time of discovery (Beijing time), to the minute."""
    latest = dt.datetime.fromisoformat(v.now).astimezone(BEIJING) if v.now else None
    # Prefilled with the time now in Beijing (today's date at least is right): the reader changes
    # the hour and minute rather than typing a whole date.
    value = f' value="{latest:%Y-%m-%dT%H:%M}"' if latest else ""
    if v.state.discovered:
        try:
            given = dt.datetime.fromisoformat(v.state.discovered)
        except ValueError:
            given = None
        if given is not None:  # a time without an offset is Beijing time, not the machine's zone
            given = (given if given.tzinfo else given.replace(tzinfo=BEIJING)).astimezone(BEIJING)
            value = f' value="{given:%Y-%m-%dT%H:%M}"'
    maximum = f' max="{latest:%Y-%m-%dT%H:%M}"' if latest else ""
    return (
        '<form class="ic-time-form" aria-labelledby="ic-time-label">'
        f'<label class="ic-field"><span id="ic-time-label">{escape(label)}</span>'
        f'<input type="datetime-local" name="t" step="60" required min="2000-01-01T00:00"{maximum}{value}></label>'
        f'<button type="submit" class="ic-button">{escape(button)}</button></form>'
    )


def _ago_input(v: View) -> str:
    """ "Found N minutes (or hours) ago", for any N: the page's script writes it as t=-Nm, which the
    live clock makes a time (the link then keeps that time, absolute)."""
    units = "".join(f'<option value="{unit}">{escape(v.t(f"time.ago_unit.{unit}"))}</option>' for unit in ("m", "h"))
    return (
        '<form class="ic-ago-form" aria-labelledby="ic-ago-label">'
        f'<span class="ic-field"><span id="ic-ago-label">{escape(v.t("time.ago_label"))}</span>'
        '<span class="ic-ago-fields">'
        f'<input type="number" name="ago" min="1" max="9999" step="1" inputmode="numeric" required'
        f' aria-labelledby="ic-ago-label">'
        f'<select name="unit" aria-label="{escape(v.t("time.ago_unit"))}">{units}</select></span></span>'
        f'<button type="submit" class="ic-button">{escape(v.t("time.confirm"))}</button></form>'
    )


def time_question(v: View, step: int, total: int) -> str:
    """When was the incident discovered or learned of? One click for the common answers."""
    href = f"{v.place.states}{state_key(v.state.path)}.html"
    base = v.state.fragment(discovered=None)
    options = "".join(
        f"<li>{link(href, v.t(f'time.ago.{minutes}'), f'{base}&t=-{minutes}m', 'ic-option')}</li>"
        for minutes in TIME_OPTIONS
    )
    unsure = link(href, v.t("time.unsure"), f"{base}&t=unsure", "ic-option")
    return (
        '<section class="ic-question" id="ic-question" tabindex="-1" aria-labelledby="ic-question-title"'
        ' data-question="t">'
        f'<p class="ic-step">{escape(v.t("question.step", step=step, total=total))}</p>'
        f'<h2 class="ic-title" id="ic-question-title">{escape(v.t("time.question"))}</h2>'
        f'<p class="ic-help">{escape(v.t("time.help"))}</p>'
        f'<ul class="ic-options">{options}<li>{unsure}</li></ul>'
        f"{_ago_input(v)}"
        f"{time_input(v, v.t('time.earlier'), v.t('time.confirm'))}"
        f'<p class="ic-basis">{escape(v.t("basis"))}'
        f"{cites(v, ['measures/4/1', 'interpretations/clock-start', 'interpretations/hours-run-continuously'])}</p>"
        "</section>"
    )


def time_line(v: View, result: Result) -> str:
    """The time of discovery under the verdict: the deadlines count from it; change it in place."""
    if not result["discovered_at"]:
        return (
            f'<div class="ic-time-pending" id="ic-time"><p>'
            f"{v.t.html('time.pending_box', title=strong(v.t('time.pending_title')))}</p>"
            f"{time_input(v, v.t('time.label'), v.t('time.show'))}</div>"
        )
    when = dt.datetime.fromisoformat(result["discovered_at"]).astimezone(BEIJING)
    quick = []
    for minutes in EARLIER:
        earlier = (when - dt.timedelta(minutes=minutes)).strftime("%Y-%m-%dT%H:%M")
        fragment = v.state.fragment(discovered=earlier)
        quick.append(f"<li>{link('#' + fragment, v.t(f'time.earlier.{minutes}'), fragment)}</li>")
    shown = f"<strong>{clock_html(v, result['discovered_at'])}</strong>"
    return (
        f'<div class="ic-time" id="ic-time"><p>{v.t.html("time.line", time=shown)}</p>'
        f'<details class="ic-time-change"><summary>{escape(v.t("time.change"))}</summary>'
        f"{time_input(v, v.t('time.label'), v.t('time.update'))}"
        f'<ul class="ic-quick" aria-label="{escape(v.t("time.quick"))}">{"".join(quick)}</ul></details></div>'
    )
