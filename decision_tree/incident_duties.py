"""The duties of an incident file: from its events and the latest assessment, each duty's row
with its due time, what completed it, and its state.

Package room. May import: the standard library and ``decision_tree.answers``,
``decision_tree.documents``, ``decision_tree.incident_format``, ``decision_tree.rules`` and
``decision_tree.wording``.

Every report comes from :func:`decision_tree.engine.assess` of the latest answers (passed in as
the result); here only which event completed which duty, and when, is read: the first report's
items (第七条), the supplement (第七条第二款), new developments (第七条第三款), the summary
(第八条) and each other regime's duty, with the readings where the text leaves a choice.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from decision_tree import documents as docs
from decision_tree.answers import BEIJING
from decision_tree.incident_format import ITEMS, WORDS, Event, Result, discovery, iso, moment, show_time
from decision_tree.rules import load_rules
from decision_tree.wording import both

STATES = ("open", "done", "late", "overdue")


def _state(due: dt.datetime | None, done: dt.datetime | None, now: dt.datetime) -> str:
    if done is not None:
        return "late" if due is not None and done > due else "done"
    return "overdue" if due is not None and now > due else "open"


def _row(
    row_id: str,
    kind: str,
    label: dict[str, str],
    basis: str,
    now: dt.datetime,
    *,
    to: str | None = None,
    due: dt.datetime | None = None,
    done: dt.datetime | None = None,
    timing: Mapping[str, str] | None = None,
    to_label: Mapping[str, str] | None = None,
    **extra: object,
) -> dict[str, Any]:
    state = _state(due, done, now)
    rules = load_rules()
    term = rules.term(to) if to and to in rules.terms else None
    return {
        "id": row_id,
        "kind": kind,
        "to": to,
        "to_label": dict(to_label) if to_label else {"zh": term.zh, "en": term.en or term.zh} if term else None,
        "label": label,
        "basis": basis,
        "due_at": iso(due) if due else None,
        "timing": dict(timing) if timing else None,
        "done_at": iso(done) if done else None,
        "state": state,
        "state_label": both(WORDS, f"state.{state}"),
        **extra,
    }


def _to_label(to: str | None) -> object:
    rules = load_rules()
    return rules.term(to) if to and to in rules.terms else (to or "")


def _when(event: Event) -> dt.datetime:
    return moment(f"events[{event.get('seq')}].at", event.get("at"))


def _first(events: list[Event], kinds: tuple[str, ...], to: str | None = None) -> Event | None:
    """The earliest (by stated time) event of ``kinds`` to ``to`` (any recipient if None)."""
    found = [e for e in events if e.get("type") in kinds and (to is None or e.get("to") == to)]
    return min(found, key=_when) if found else None


def _assessments(events: list[Event]) -> list[Event]:
    """The events that recorded an assessment (opened, then each facts_changed), in order."""
    return [e for e in events if e.get("type") in ("opened", "facts_changed") and isinstance(e.get("assessment"), dict)]


def _recorded_reports(event: Event) -> list[Mapping[str, Any]]:
    reports = event.get("assessment", {}).get("reports", [])
    return [r for r in reports if isinstance(r, Mapping)] if isinstance(reports, list) else []


def _measures_recipients(events: list[Event], result: Result) -> list[str]:
    """The recipients of a report under 第四条第二款至第四款 (kind ``incident_report``) now or in any
    recorded assessment, in order: those owed the first report, its supplement and the summary."""
    now = [r["to"] for r in result["reports"] if r["kind"] == "incident_report"]
    before = [
        r.get("to") for e in _assessments(events) for r in _recorded_reports(e) if r.get("kind") == "incident_report"
    ]
    return [to for to in dict.fromkeys([*now, *before]) if isinstance(to, str)]


def _strength(event: Event, kind: str, to: str) -> int:
    """How an assessment owed a report of ``kind`` to ``to``: 2 for certain, 1 as one that may apply, 0 not."""
    found = [r for r in _recorded_reports(event) if r.get("kind") == kind and r.get("to") == to]
    return max((1 if r.get("conditional") else 2 for r in found), default=0)


def _applies_from(events: list[Event], kind: str, to: str) -> Event | None:
    """The facts_changed event from which the report of ``kind`` to ``to`` is owed as the latest
    assessment owes it (certainly, or as one that may apply); None if the opened assessment already
    owed it so. This is the clock question of reading regrade-clock: a level found or raised later
    (一般 or not yet graded, then 较大), or a recipient added by new facts (CII found later)."""
    assessed = _assessments(events)
    wanted = _strength(assessed[-1], kind, to) if assessed else 0
    for event in assessed:
        if wanted and _strength(event, kind, to) >= wanted:
            return None if event.get("type") == "opened" else event
    return None


@dataclass(frozen=True)
class _Coverage:
    """What the reports and supplements to one recipient carried (第七条第一款、第二款)."""

    first: Event | None  # the report that completed the first report (all items, or 1-2 deferred)
    deferred: bool  # it completed it under 第七条第二款 (items 3-8 left to follow)
    missing_then: tuple[int, ...]  # the items left to follow when it did
    complete: Event | None  # the event by which every item was sent
    missing: tuple[int, ...]  # the items not yet sent
    sent: tuple[int, ...]  # seq of every report or supplement to the recipient


def _coverage(events: list[Event], to: str) -> _Coverage:
    """第七条: a report "应当包括" the eight items; only where the cause, impact or trend could not be
    determined in the time set (recorded as ``not_determinable``) may items 1 and 2 go first and
    the rest follow. Reports and supplements to one recipient add up, in the order of their times."""
    sent = sorted(
        (e for e in events if e.get("type") in ("report_sent", "supplement_sent") and e.get("to") == to), key=_when
    )
    covered: set[int] = set()
    condition = False
    first: Event | None = None
    deferred = False
    missing_then: tuple[int, ...] = ()
    complete: Event | None = None
    for event in sent:
        covered |= {i for i in event.get("items", []) if i in ITEMS}
        condition = condition or (event.get("type") == "report_sent" and event.get("not_determinable") is True)
        if first is None and (covered >= set(ITEMS) or (condition and covered >= set(load_rules().first_report_items))):
            first, deferred = event, not covered >= set(ITEMS)
            missing_then = tuple(i for i in ITEMS if i not in covered)
        if complete is None and covered >= set(ITEMS):
            complete = event
    missing = tuple(i for i in ITEMS if i not in covered)
    return _Coverage(first, deferred, missing_then, complete, missing, tuple(e["seq"] for e in sent))


def _clock(
    events: list[Event], kind: str, to: str, minutes: int | None, sent: Event | None, now: dt.datetime
) -> dict[str, Any]:
    """Where a timed report's clock runs from: the discovery; and, where new facts recorded after
    the file was opened made the report owed (a higher level, or a new recipient such as the CII
    bodies), the other reading of regrade-clock with its due time and state."""
    discovered = discovery(events)
    clock: dict[str, Any] = {"from": "discovery", "label": both(WORDS, "clock.discovery", at=show_time(discovered))}
    cause = _applies_from(events, kind, to)
    if cause is None or not minutes:
        return clock
    raised = _when(cause)
    other = raised + dt.timedelta(minutes=minutes)
    before = next((e for e in reversed(_assessments(events)) if e["seq"] < cause["seq"]), events[0]).get(
        "assessment", {}
    )
    level_raised = before.get("must_report") is not True and cause.get("assessment", {}).get("must_report") is True
    return {
        "from": "discovery",
        "label": both(
            WORDS,
            "clock.raised" if level_raised else "clock.added",
            raised_at=show_time(raised),
            other_due=show_time(other),
        ),
        "reading": "interpretations/regrade-clock",
        "raised_at": iso(raised),
        "raised_by": cause["seq"],
        "due_at_other_reading": iso(other),
        "state_other_reading": _state(other, _when(sent) if sent else None, now),
    }


def duty_rows(events: list[Event], result: Result, now: dt.datetime) -> list[dict[str, Any]]:
    """Every duty's row at ``now``: the reports of ``result``, the supplements, new developments,
    the summaries and the other regimes' duties."""
    rows: list[dict[str, Any]] = []
    by_duty = {e["duty"]: e for e in sorted(events, key=_when, reverse=True) if isinstance(e.get("duty"), str)}
    for report in result["reports"]:
        to, kind = report["to"], report["kind"]
        due = dt.datetime.fromisoformat(report["due_at"]) if report["due_at"] else None
        row_kind = {"incident_report": "first_report", "sector_report": "sector_report"}.get(kind, "crime_report")
        row_id = f"report.{report['rule']}.{to}"
        extra: dict[str, object] = {
            "within_minutes": report["within_minutes"],
            "conditional": report["conditional"],
            "conditions": report["conditions"],
            "promptness": report["promptness"],
            "rule": report["rule"],
            "interpretation": report["interpretation"],
        }
        sent: Event | None
        if row_kind == "first_report":
            coverage = _coverage(events, to)
            sent = coverage.first
            if sent is None and coverage.sent:
                # Sent, but without every item and without 第七条第二款's condition recorded.
                extra["items_missing"] = list(coverage.missing)
                extra["gap"] = {
                    "basis": "measures/7/1",
                    "label": both(WORDS, "gap.items", items=docs.item_list(coverage.missing)),
                    "sent_by": list(coverage.sent),
                }
        elif row_kind == "crime_report":
            # A crime report: any police report made, or an event naming this row.
            sent = by_duty.get(row_id) or _first(events, ("police_reported",))
        else:
            sent = by_duty.get(row_id) or _first(events, ("report_sent",), to)
        extra["done_by"] = sent["seq"] if sent else None
        if due is not None:
            extra["clock"] = _clock(events, kind, to, report["within_minutes"], sent, now)
        row = _row(
            row_id,
            row_kind,
            both(WORDS, f"duty.{row_kind}", to=_to_label(to)),
            report["basis"],
            now,
            to=to,
            due=due,
            done=_when(sent) if sent else None,
            timing=None if due else report["promptness"],
        )
        rows.append(row | extra)
    rows += _supplements(events, result, now)
    follow_ups = {f["id"]: f for f in result["follow_ups"]}
    ended_event = max((e for e in events if e.get("type") == "handling_ended"), key=lambda e: e["seq"], default=None)
    ended = _when(ended_event) if ended_event else None
    if "new_developments" in follow_ups:
        # 第七条第三款 sets no end to this duty: it stays open (never "done"), listing each report.
        reported = [e for e in events if e.get("type") == "development_reported"]
        last = max(reported, key=_when) if reported else None
        row = _row(
            "developments",
            "developments",
            both(WORDS, "duty.developments"),
            follow_ups["new_developments"]["basis"],
            now,
            timing=both(WORDS, "timing.developments"),
            reported=[{"seq": e["seq"], "at": e["at"], "to": e.get("to")} for e in reported],
        )
        row["done_at"] = last["at"] if last else None
        rows.append(row)
    if "summary_report" in follow_ups:
        rows += _summaries(events, result, follow_ups["summary_report"], ended, now)
    rows += [_other(duty, by_duty, now) for duty in result["other_duties"]]
    return rows


def _bilingual(value: object) -> dict[str, str] | None:
    """A ``{"zh", "en"}`` value as such, a plain string in both languages, anything else None."""
    if isinstance(value, Mapping) and isinstance(value.get("zh"), str):
        return {"zh": value["zh"], "en": str(value.get("en") or value["zh"])}
    return {"zh": value, "en": value} if isinstance(value, str) and value else None


def _other(duty: Mapping[str, Any], by_duty: Mapping[str, Event], now: dt.datetime) -> Result:
    """A duty under another regime, as the result lists it (read generically: its id, basis and,
    where given, recipient, due time or timing word, title, clock start and conditions). Done only
    by an event that names it as ``duty`` (a ``police_reported``, or a ``report_sent`` to its
    recipient or to ``other``): the tool never guesses which duty a report fulfils."""
    row_id = f"other.{duty['id']}"
    to = duty.get("to") if isinstance(duty.get("to"), str) else None
    done_event = by_duty.get(row_id)
    due_at = duty.get("due_at")
    title = duty.get("title") or duty.get("label") or duty.get("text") or duty["id"]
    return _row(
        row_id,
        "other",
        both(WORDS, "duty.other", text=title),
        duty["basis"],
        now,
        to=to,
        to_label=_bilingual(duty.get("to")) if to is None else None,
        due=dt.datetime.fromisoformat(due_at) if isinstance(due_at, str) else None,
        done=_when(done_event) if done_event else None,
        timing=_bilingual(duty.get("timing")),
        within_minutes=duty.get("within_minutes"),
        conditional=bool(duty.get("conditional")),
        conditions=duty.get("conditions", []),
        clock_label=_bilingual(duty.get("clock_starts_label")),
        interpretation=duty.get("interpretation"),
        done_by=done_event["seq"] if done_event else None,
    )


def _supplements(events: list[Event], result: Result, now: dt.datetime) -> list[dict[str, Any]]:
    """第七条第二款: where a report went with items 1-2 first because the cause, impact or trend
    could not be determined in the time set (recorded), the items left to follow "及时补报"."""
    rows = []
    for to in _measures_recipients(events, result):
        coverage = _coverage(events, to)
        if not coverage.deferred or coverage.first is None:
            continue
        rows.append(
            _row(
                f"supplement.{to}",
                "supplement",
                both(WORDS, "duty.supplement", to=_to_label(to), items=docs.item_list(coverage.missing_then)),
                "measures/7/2",
                now,
                to=to,
                done=_when(coverage.complete) if coverage.complete else None,
                timing=both(WORDS, "timing.promptly"),
                items_missing=list(coverage.missing),
                deferred_by=coverage.first["seq"],
                done_by=coverage.complete["seq"] if coverage.complete else None,
            )
        )
    return rows


def _summaries(
    events: list[Event], result: Result, rule: Mapping[str, Any], ended: dt.datetime | None, now: dt.datetime
) -> list[dict[str, Any]]:
    """第八条: the summary within 30 days after handling ends, through the original channel, to each
    recipient of a report under 第四条第二款至第四款 (reading summary-recipients; not the sector
    regulator's report nor a crime report), carrying over whether that report only may apply."""
    rows = []
    days = int(rule.get("within_days") or 30)
    reports = {r["to"]: r for r in result["reports"] if r["kind"] == "incident_report"}
    recorded = {
        r.get("to"): r
        for e in reversed(_assessments(events))
        for r in _recorded_reports(e)
        if r.get("kind") == "incident_report"
    }
    for to in _measures_recipients(events, result):
        report = reports.get(to) or recorded.get(to) or {}
        first = _coverage(events, to).first or _first(events, ("report_sent",), to)
        sent = _first(events, ("summary_sent",), to)
        due_on = ended.date() + dt.timedelta(days=days) if ended else None
        # summary-30-days: the day handling ended is not counted; the last day ends at 24:00.
        due = dt.datetime.combine(due_on + dt.timedelta(days=1), dt.time(), BEIJING) if due_on else None
        channel = first.get("channel") if first else None
        row = _row(
            f"summary.{to}",
            "summary",
            both(WORDS, "duty.summary", to=_to_label(to)),
            rule["basis"],
            now,
            to=to,
            due=due,
            done=_when(sent) if sent else None,
            timing=both(WORDS, "timing.summary_due", due_on=due_on.isoformat())
            if due_on
            else both(WORDS, "timing.summary_waiting"),
            due_on=due_on.isoformat() if due_on else None,
            within_days=days,
            channel=channel,
            channel_label=both(WORDS, "channel.recorded", channel=docs.channel_name(channel))
            if channel
            else both(WORDS, "channel.none"),
            conditional=bool(report.get("conditional")),
            conditions=list(report.get("conditions") or []),
            interpretation="interpretations/summary-30-days",
            reading="interpretations/summary-recipients",
            done_by=sent["seq"] if sent else None,
        )
        if row["state"] in ("late", "overdue"):
            # The due day itself is a reading (the Civil Code's way of counting periods).
            row["state_reading"] = "interpretations/summary-30-days"
            row["state_note"] = both(WORDS, f"state.{row['state']}_reading")
        rows.append(row)
    return rows
