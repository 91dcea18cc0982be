"""The incident file's commands: make a file, add an entry, merge two copies, verify, and read its
duties and documents at a given time.

Package room. May import: the standard library and the other ``decision_tree`` modules except
``web`` and ``__main__``.

:func:`new_file`, :func:`add_event`, :func:`merge`, :func:`verify`, :func:`status` and
:func:`documents` take decoded JSON (the format is in :mod:`decision_tree.incident_format`) and
never mutate it; bad input raises :class:`IncidentError`, whose message names the field, the value
and what is allowed, in both languages (``incident.toml``). The duties come from
:func:`decision_tree.engine.assess` of the latest answers, read by
:mod:`decision_tree.incident_duties`: no legal logic lives anywhere else.
"""

from __future__ import annotations

import copy
import datetime as dt
import hashlib
from collections.abc import Mapping
from typing import Any

from decision_tree import documents as docs
from decision_tree.answers import InputError, parse
from decision_tree.engine import assess
from decision_tree.incident_duties import STATES, duty_rows
from decision_tree.incident_format import (
    CHANNEL_LIMIT,
    EVENT_FIELDS,
    EVENT_TYPES,
    FORMAT,
    GENESIS,
    REFERENCE_LIMIT,
    SCHEMA_VERSION,
    TEXT_LIMIT,
    WORDS,
    Event,
    File,
    Result,
    Verification,
    anchor,
    canonical,
    chain,
    check_items,
    check_text,
    digest,
    discovery,
    iso,
    moment,
    read,
    show_time,
)

# What the commands raise: their callers (the command line, the browser boundary) catch it from here.
from decision_tree.incident_format import IncidentError as IncidentError
from decision_tree.integrity import digests
from decision_tree.rules import RECIPIENTS
from decision_tree.wording import both

# ``to`` of a report under another regime (its recipient has no key): the event names the duty.
OTHER = "other"


def text_fingerprint() -> str:
    """SHA-256 (hex) over the digests of the official text the assessment was made against."""
    return hashlib.sha256(canonical(digests())).hexdigest()


def _answers(field: str, raw: object) -> tuple[Result, dict[str, Any]]:
    """Check the assess input and assess it; ``InputError`` becomes :class:`IncidentError`."""
    if not isinstance(raw, dict):
        raise IncidentError(field, raw, "input", what=both(WORDS, "error.what.answers"))
    try:
        answers = parse(raw)
    except InputError as error:
        name = f"{field}.{error.field}" if field != "input" else error.field
        raise IncidentError(name, error.value, "answers", problem=error.problem, allowed=error.allowed) from None
    return assess(answers), copy.deepcopy(raw)


def _assessment(result: Result) -> dict[str, Any]:
    """What the file records of an assessment: enough to show, on paper, what the tool said then."""
    return {
        "level": result["level"],
        "level_label": result["level_label"],
        "level_source": result["level_source"],
        "level_basis": result["level_basis"],
        "must_report": result["must_report"],
        "in_force": result["in_force"],
        "rules_version": result["rules_version"],
        "text_checked_on": result["text_checked_on"],
        "text_fingerprint": text_fingerprint(),
        "reports": [
            {k: r[k] for k in ("to", "kind", "within_minutes", "due_at", "basis", "conditional", "rule")}
            for r in result["reports"]
        ],
    }


def verify(file: object) -> Verification:
    """Whether ``file``'s chain is intact (raises :class:`IncidentError` if it is not a file of ours)."""
    checked, events = read(file)
    return chain(checked, events)


def new_file(raw: object, now: str, file_id: str | None = None) -> File:
    """A new file for the incident the assess input ``raw`` describes (``discovered_at`` required).

    ``file_id`` names the file (the browser passes a random one); by default it is the first 16
    hexadecimal digits of the hash of the opened event's content. The opened event's ``prev`` is
    the file's :func:`anchor` (its id and creation time), so neither can be edited unseen.
    """
    recorded = moment("now", now)
    if file_id is not None and (not isinstance(file_id, str) or not file_id.strip() or len(file_id) > 100):
        raise IncidentError("id", file_id, "file_field", allowed=both(WORDS, "allowed.id"))
    if not isinstance(raw, dict):
        raise IncidentError("input", raw, "input", what=both(WORDS, "error.what.answers"))
    if raw.get("discovered_at") is None:
        raise IncidentError("discovered_at", None, "discovered_required")
    result, answers = _answers("input", raw)
    discovered = moment("discovered_at", raw["discovered_at"])
    if discovered > recorded:
        raise IncidentError("discovered_at", raw["discovered_at"], "future", now=show_time(recorded))
    opened: Event = {
        "seq": 0,
        "type": "opened",
        "at": iso(discovered),
        "recorded_at": iso(recorded),
        "prev": GENESIS,
        "answers": answers,
        "assessment": _assessment(result),
    }
    name = file_id if file_id is not None else digest(opened)[:16]
    opened["prev"] = anchor(name, iso(recorded))
    head = digest(opened)
    return {
        "format": FORMAT,
        "schema_version": SCHEMA_VERSION,
        "id": name,
        "created_at": iso(recorded),
        "events": [opened],
        "head": head,
    }


def _recipients(result: Result) -> tuple[str, ...]:
    """Who an event may name as ``to``: the Measures' recipients and those of the other duties."""
    others = [d["to"] for d in result["other_duties"] if isinstance(d.get("to"), str)]
    return tuple(dict.fromkeys((*RECIPIENTS, *others)))


def _event(raw: object, discovered: dt.datetime, now: dt.datetime, file: File, answers: Mapping[str, Any]) -> Event:
    """Check one event as the user gives it and return it normalised (times in Beijing time)."""
    if not isinstance(raw, dict):
        raise IncidentError("event", raw, "input", what=both(WORDS, "error.what.event"))
    kind = raw.get("type")
    if not isinstance(kind, str) or kind not in EVENT_FIELDS:
        raise IncidentError("type", kind, "type", allowed=", ".join(EVENT_TYPES))
    required, optional = EVENT_FIELDS[kind]
    allowed = ("type", "at", *required, *optional)
    for key in raw:
        if key not in allowed:
            raise IncidentError(str(key), raw[key], "unknown_key", type=kind, allowed=", ".join(allowed))
    for key in ("at", *required):
        if key not in raw:
            raise IncidentError(key, None, "missing", type=kind, allowed=", ".join(("at", *required)))
    at = moment("at", raw["at"])
    if at < discovered:
        raise IncidentError("at", raw["at"], "before_discovery", discovered=show_time(discovered))
    if at > now:
        raise IncidentError("at", raw["at"], "future", now=show_time(now))
    event: Event = {"type": kind, "at": iso(at)}
    current = status(file, iso(now))
    if "to" in raw:
        recipients = _recipients(current["result"])
        if kind == "report_sent":
            recipients = (*recipients, OTHER)
        if raw["to"] not in recipients:
            raise IncidentError("to", raw["to"], "recipient", allowed=", ".join(recipients))
        others = [d["id"] for d in current["duties"] if d["kind"] == "other"]
        if raw["to"] == OTHER and _duty_id(raw.get("duty"), others) is None:
            raise IncidentError("duty", raw.get("duty"), "other_needs_duty", allowed=", ".join(others))
        event["to"] = raw["to"]
    if "channel" in raw:
        event["channel"] = check_text("channel", raw["channel"], CHANNEL_LIMIT, required=True)
    if "items" in raw:
        event["items"] = check_items("items", raw["items"])
    if "not_determinable" in raw:
        if not isinstance(raw["not_determinable"], bool):
            raise IncidentError("not_determinable", raw["not_determinable"], "boolean")
        event["not_determinable"] = raw["not_determinable"]
    if "reference" in raw:
        event["reference"] = check_text("reference", raw["reference"], REFERENCE_LIMIT, required=False)
    if "text" in raw:
        event["text"] = check_text("text", raw["text"], TEXT_LIMIT, required=kind == "note")
    if "duty" in raw:
        ids = [d["id"] for d in current["duties"]]
        duty = _duty_id(raw["duty"], ids)
        if duty is None:
            raise IncidentError("duty", raw["duty"], "duty", allowed=", ".join(ids))
        event["duty"] = duty
    if kind == "facts_changed":
        new = raw["answers"]
        if isinstance(new, dict) and new.get("discovered_at") is not None:
            if moment("answers.discovered_at", new["discovered_at"]) != discovered:
                raise IncidentError(
                    "answers.discovered_at",
                    new["discovered_at"],
                    "discovered_changed",
                    discovered=show_time(discovered),
                )
        elif isinstance(new, dict):
            new = {**new, "discovered_at": answers["discovered_at"]}
        result, event["answers"] = _answers("answers", new)
        event["assessment"] = _assessment(result)
    return event


def _duty_id(value: object, ids: list[str]) -> str | None:
    """The duty row an event names: a row id of :func:`status` (``other.computer_systems_14``) or
    the bare id of another duty as the result lists it (``computer_systems_14``); None if neither."""
    if not isinstance(value, str):
        return None
    if value in ids:
        return value
    return f"other.{value}" if f"other.{value}" in ids else None


def add_event(file: object, event: object, now: str) -> File:
    """``file`` with ``event`` appended (a new dict; ``file`` is not changed).

    Raises:
        IncidentError: for a file that is not ours, from a newer schema or whose chain is
            broken, and for an event that is not allowed (naming the field).
    """
    checked, events = read(file)
    verification = chain(checked, events)
    if not verification.ok:
        raise IncidentError(f"events[{verification.index}]", None, "chain", reason=verification.reason)
    recorded = moment("now", now)
    answers = _latest_answers(events)
    body = _event(event, discovery(events), recorded, checked, answers)
    new: Event = {"seq": len(events), **body, "recorded_at": iso(recorded), "prev": checked["head"]}
    out = copy.deepcopy(checked)
    out["events"].append(new)
    out["head"] = digest(new)
    return out


def merge(first: object, second: object) -> File:
    """One file holding every event of two copies of the same file (two tabs, two machines).

    Both must verify and start with the same opened event. The events both hold (the common
    prefix of the chain) stay as they are; the events after it, from either copy, are appended
    once each in the order they were written down (``recorded_at``, then their content), and
    re-chained. The result does not depend on which copy is given first, so two tabs converge.

    Raises:
        IncidentError: for a file that is not ours or does not verify, or two different files.
    """
    copies = []
    for name, file in (("first", first), ("second", second)):
        checked, events = read(file)
        verification = chain(checked, events)
        if not verification.ok:
            raise IncidentError(f"{name}.events[{verification.index}]", None, "chain", reason=verification.reason)
        copies.append((checked, events))
    (a, a_events), (b, b_events) = copies
    if digest(a_events[0]) != digest(b_events[0]):
        raise IncidentError("second.events[0]", b.get("id"), "merge_other_file", first=str(a.get("id")))
    common = 0
    while common < min(len(a_events), len(b_events)) and digest(a_events[common]) == digest(b_events[common]):
        common += 1
    out = copy.deepcopy(a)
    out["events"] = copy.deepcopy(a_events[:common])
    seen: set[bytes] = set()
    rest = []
    for event in (*a_events[common:], *b_events[common:]):
        body = {k: v for k, v in event.items() if k not in ("seq", "prev")}
        key = canonical(body)
        if key not in seen:
            seen.add(key)
            rest.append((str(event["recorded_at"]), key, body))
    for _, _, body in sorted(rest, key=lambda r: (moment("recorded_at", r[0]), r[1])):
        event = {"seq": len(out["events"]), **body, "prev": digest(out["events"][-1])}
        out["events"].append(event)
    out["head"] = digest(out["events"][-1])
    return out


def _latest_answers(events: list[Event]) -> dict[str, Any]:
    for event in reversed(events):
        if event.get("type") in ("opened", "facts_changed") and isinstance(event.get("answers"), dict):
            return dict(event["answers"])
    raise IncidentError("events[0].answers", events[0].get("answers"), "input", what=both(WORDS, "error.what.answers"))


def status(file: object, now: str) -> dict[str, Any]:
    """The file's duties at ``now``, each with its state, and whether the chain verifies."""
    checked, events = read(file)
    verification = chain(checked, events)
    at = moment("now", now)
    answers = _latest_answers(events)
    result, _ = _answers("answers", answers)
    recorded = events[0].get("assessment", {}).get("rules_version")
    levels = [
        {
            "seq": e["seq"],
            "at": e.get("at"),
            "level": e.get("assessment", {}).get("level"),
            "must_report": e.get("assessment", {}).get("must_report"),
        }
        for e in events
        if e.get("type") in ("opened", "facts_changed")
    ]
    duties = duty_rows(events, result, at)
    ended = [e for e in events if e.get("type") == "handling_ended"]
    return {
        "id": checked.get("id"),
        "now": iso(at),
        "head": checked.get("head"),
        "verified": verification.ok,
        "verification": verification.as_json(),
        "discovered_at": events[0].get("at"),
        "level": result["level"],
        "level_label": result["level_label"],
        "must_report": result["must_report"],
        "rules_version": result["rules_version"],
        "rules_version_recorded": recorded,
        "rules_changed": both(WORDS, "rules.changed", recorded=str(recorded), current=result["rules_version"])
        if recorded != result["rules_version"]
        else None,
        "levels": levels,
        "handling_ended_at": max(ended, key=lambda e: e["seq"])["at"] if ended else None,
        "duties": duties,
        "counts": {state: sum(1 for d in duties if d["state"] == state) for state in STATES},
        "interpretations": sorted(
            {
                key
                for d in duties
                for key in (
                    d.get("interpretation"),
                    d.get("basis"),
                    d.get("reading"),
                    (d.get("clock") or {}).get("reading"),
                )
                if isinstance(key, str) and key.startswith("interpretations/")
            }
        ),
        "result": result,
    }


def documents(file: object, now: str) -> dict[str, dict[str, str]]:
    """The documents for each stage, pre-filled from the file: Chinese to submit, English working copy."""
    state = status(file, now)
    _, events = read(file)
    return docs.incident_documents(events, state)
