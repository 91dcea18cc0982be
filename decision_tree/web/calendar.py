"""The deadlines as an iCalendar file (RFC 5545), one event and a 15-minute alarm per report.

Package room. May import: the standard library, ``decision_tree.citations``,
``decision_tree.engine``, ``decision_tree.wording`` and ``decision_tree.web.texts``.

:func:`ics` writes the result's reports; :func:`duties_ics` the dated duties of an incident
file's status (:func:`decision_tree.incident.status`) that are not done yet.
"""

from __future__ import annotations

import datetime as dt

from decision_tree.citations import resolve
from decision_tree.engine import Result
from decision_tree.web.texts import Texts
from decision_tree.wording import say

BEIJING = dt.timezone(dt.timedelta(hours=8), "UTC+08:00")  # as decision_tree.answers.BEIJING


def _ics_text(text: str) -> str:
    return text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def _fold(line: str) -> list[str]:
    """Fold a content line at 75 octets (RFC 5545 3.1), never inside a UTF-8 character."""
    out: list[str] = []
    current = ""
    for char in line:
        limit = 75 if not out else 74
        if len((current + char).encode("utf-8")) > limit:
            out.append(current)
            current = char
        else:
            current += char
    out.append(current)
    return [out[0], *(" " + part for part in out[1:])]


def reader_time(t: Texts, moment: dt.datetime, now: str | None) -> str:
    """``moment`` on the reader's clock, to put beside its Beijing time: in the zone of ``now`` (the
    page sends its present moment with the browser's own UTC offset), named as the page names it
    (GMT+1, GMT-3:30, GMT); "" where that offset is Beijing's, or there is no ``now``, or it is
    written in UTC with a Z (a moment that names no reader's zone; the page writes +00:00)."""
    offset = dt.datetime.fromisoformat(now).utcoffset() if now and not now.upper().endswith("Z") else None
    if offset is None or offset == BEIJING.utcoffset(None):
        return ""
    local = moment.astimezone(dt.timezone(offset))
    minutes = round(offset.total_seconds() / 60)
    hours, rest = divmod(abs(minutes), 60)
    zone = "GMT" + (f"{'+' if minutes > 0 else '-'}{hours}" + (f":{rest:02d}" if rest else "") if minutes else "")
    month, day = (f"{local.month:02d}", f"{local.day:02d}") if t.lang == "en" else (str(local.month), str(local.day))
    return t("time.local", zone=zone, month=month, day=day, time=f"{local:%H:%M}")


def ics(result: Result, now: str | None, lang: str = "zh") -> str:
    """An iCalendar file with one event, and a 15-minute alarm, per report deadline. Each event's
    time is absolute (UTC); its description gives the Beijing clock time, and the reader's own
    beside it where ``now`` carries an offset other than Beijing's (:func:`reader_time`)."""
    t = Texts(lang)
    stamp = dt.datetime.fromisoformat(now).astimezone(dt.UTC) if now else dt.datetime(2025, 11, 1, tzinfo=dt.UTC)
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//incident-reporting-guide//decision_tree//" + t.lang.upper(),
        "CALSCALE:GREGORIAN",
    ]
    for n, report in enumerate(r for r in result["reports"] if r["due_at"]):
        due = dt.datetime.fromisoformat(report["due_at"]).astimezone(dt.UTC)
        citation = resolve(report["basis"]).label(t.lang)
        to = t.pick(report["to_label"])
        local = due.astimezone(BEIJING)
        clock = t("time.clock", year=local.year, month=local.month, day=local.day, time=f"{local:%H:%M}")
        summary = t("ics.summary", to=to, citation=citation)
        lines += [
            "BEGIN:VEVENT",
            f"UID:{due:%Y%m%dT%H%M%SZ}-{n}-{report['to']}@incident-reporting-guide",
            f"DTSTAMP:{stamp:%Y%m%dT%H%M%SZ}",
            f"DTSTART:{due:%Y%m%dT%H%M%SZ}",
            f"DTEND:{due:%Y%m%dT%H%M%SZ}",
            "SUMMARY:" + _ics_text((t("ics.conditional") if report["conditional"] else "") + summary),
            "DESCRIPTION:"
            + _ics_text(
                t(
                    "ics.description",
                    due=t("time.zoned", clock=clock) + reader_time(t, due, now),
                    promptness=t.pick(report["promptness"]),
                    citation=citation,
                )
            ),
            "BEGIN:VALARM",
            "ACTION:DISPLAY",
            "TRIGGER:-PT15M",
            "DESCRIPTION:" + _ics_text(t("ics.alarm", to=to)),
            "END:VALARM",
            "END:VEVENT",
        ]
    # The other duties with an hour limit (the 24-hour police clocks), each from its own start.
    for n, row in enumerate(r for r in result.get("other_duties", []) if r["due_at"]):
        due = dt.datetime.fromisoformat(row["due_at"]).astimezone(dt.UTC)
        to = t.pick(row["to"])
        citation = t.pick(row["citation"])
        lines += [
            "BEGIN:VEVENT",
            f"UID:{due:%Y%m%dT%H%M%SZ}-duty-{n}-{row['id']}@incident-reporting-guide",
            f"DTSTAMP:{stamp:%Y%m%dT%H%M%SZ}",
            f"DTSTART:{due:%Y%m%dT%H%M%SZ}",
            f"DTEND:{due:%Y%m%dT%H%M%SZ}",
            "SUMMARY:"
            + _ics_text(
                (t("ics.conditional") if row["conditional"] else "") + t("ics.duty_summary", to=to, citation=citation)
            ),
            "DESCRIPTION:" + _ics_text(t.pick(row["text"])),
            "BEGIN:VALARM",
            "ACTION:DISPLAY",
            "TRIGGER:-PT15M",
            "DESCRIPTION:" + _ics_text(t("ics.duty_alarm", to=to)),
            "END:VALARM",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "\r\n".join(folded for line in lines for folded in _fold(line)) + "\r\n"


def duties_ics(state: Result, lang: str = "zh") -> str:
    """An iCalendar file with one event per dated duty of an incident file not yet done.

    Alarms: 15 minutes before a due time in hours, one day before a last day (the summary).
    """
    t = Texts(lang)
    stamp = dt.datetime.fromisoformat(state["now"]).astimezone(dt.UTC)
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//incident-reporting-guide//decision_tree incident//" + t.lang.upper(),
        "CALSCALE:GREGORIAN",
    ]
    for duty in state["duties"]:
        if not duty["due_at"] or duty["state"] in ("done", "late"):
            continue
        due = dt.datetime.fromisoformat(duty["due_at"]).astimezone(dt.UTC)
        citation = resolve(duty["basis"]).label(t.lang)
        summary = say("incident.toml", "ics.duty", lang, label=t.pick(duty["label"]), citation=citation)
        if duty.get("conditional"):  # a duty that only may apply (the crime question unanswered …)
            summary = t("ics.conditional") + summary
        lines += [
            "BEGIN:VEVENT",
            f"UID:{state['id']}-{duty['id']}@incident-reporting-guide",
            f"DTSTAMP:{stamp:%Y%m%dT%H%M%SZ}",
            f"DTSTART:{due:%Y%m%dT%H%M%SZ}",
            f"DTEND:{due:%Y%m%dT%H%M%SZ}",
            "SUMMARY:" + _ics_text(summary),
            "DESCRIPTION:" + _ics_text(t.pick(duty["timing"]) if duty.get("timing") else summary),
            "BEGIN:VALARM",
            "ACTION:DISPLAY",
            "TRIGGER:" + ("-P1D" if duty.get("due_on") else "-PT15M"),
            "DESCRIPTION:" + _ics_text(summary),
            "END:VALARM",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "\r\n".join(folded for line in lines for folded in _fold(line)) + "\r\n"
