"""The incident file: an append-only, hash-chained record of one incident, and its duties.

Package room. May import: the standard library and the other ``decision_tree`` modules except
``web`` and ``__main__``.

A file is one JSON object (a public contract, the same from the browser and the command line;
its JSON Schema is ``data/incident.schema.json``)::

    {"format": "cn-incident-file", "schema_version": 1, "id": "…", "created_at": "…",
     "events": [{"seq": 0, "type": "opened", "at": …, "recorded_at": …, "prev": "000…0",
                 "answers": {…the assess input…}, "assessment": {…}}, …],
     "head": "<SHA-256 of the last event>"}

Every event has ``seq`` (its place, from 0), ``type``, ``at`` (the time the user states, ISO
8601, kept in Beijing time; input without an offset is Beijing time), ``recorded_at`` (when it
was written down) and ``prev``, the SHA-256 (hex) of the previous event's canonical JSON
(:func:`canonical`); the first event's ``prev`` is :data:`GENESIS`. ``head`` is the hash of the
last event. So an edit, a deletion or a reordering shows (:func:`verify`); a whole rewritten
chain does not: this is not a signature.

:func:`new_file`, :func:`add_event`, :func:`status`, :func:`verify` and :func:`documents` take
decoded JSON and never mutate it; bad input raises :class:`IncidentError`, whose message names
the field, the value and what is allowed, in both languages (``incident.toml``). The duties come
from :func:`decision_tree.engine.assess` of the latest answers: no legal logic lives anywhere else.
"""

from __future__ import annotations

import copy
import datetime as dt
import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from importlib import resources
from typing import Any

from decision_tree import documents as docs
from decision_tree.answers import BEIJING, EARLIEST_YEAR, LATEST_YEAR, InputError, parse, show
from decision_tree.engine import assess
from decision_tree.integrity import digests
from decision_tree.rules import RECIPIENTS, load_rules
from decision_tree.wording import both

FORMAT = "cn-incident-file"
SCHEMA_VERSION = 1
GENESIS = "0" * 64
WORDS = "incident.toml"
ITEMS = tuple(range(1, 9))  # the items of 第七条第一款
TEXT_LIMIT, REFERENCE_LIMIT, CHANNEL_LIMIT = 4000, 500, 200

# Per event type: the fields the user gives (required, optional). ``at`` is always required.
EVENT_FIELDS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "report_sent": (("to", "channel", "items"), ("reference", "duty")),
    "facts_changed": (("answers",), ()),
    "supplement_sent": (("to", "channel", "items"), ("reference",)),
    "development_reported": (("to", "channel"), ("reference", "text")),
    "handling_ended": ((), ()),
    "summary_sent": (("to", "channel"), ("reference",)),
    "police_reported": ((), ("channel", "reference", "text", "duty")),
    "note": (("text",), ()),
}
EVENT_TYPES = tuple(EVENT_FIELDS)
BOOKKEEPING = ("seq", "type", "at", "recorded_at", "prev")
# Fields the tool adds itself (never given by the user).
RECORDED = {"opened": ("answers", "assessment"), "facts_changed": ("assessment",)}
STATES = ("open", "done", "late", "overdue")
# ``to`` of a report under another regime (its recipient has no key): the event names the duty.
OTHER = "other"

File = dict[str, Any]
Event = dict[str, Any]
Result = dict[str, Any]


class IncidentError(ValueError):
    """Bad input for the incident file. ``str(error)`` is the English, one line.

    ``field`` names the field, ``value`` what was given, ``zh`` and ``en`` the message in each
    language (each naming the field, the value and what is allowed).
    """

    def __init__(self, field: str, value: object, message_id: str, /, **values: object) -> None:
        self.field, self.value, self.message_id, self.values = field, value, message_id, values
        words = both(WORDS, f"error.{message_id}", field=field, value=show(value), **values)
        self.zh, self.en = words["zh"], words["en"]
        super().__init__(self.en)

    def as_json(self) -> dict[str, str]:
        """The error as the browser shows it: field, value (as quoted) and both messages."""
        return {"field": self.field, "value": show(self.value), "zh": self.zh, "en": self.en}


@dataclass(frozen=True)
class Verification:
    """Whether the chain is intact; if not, the first entry that does not match, and why."""

    ok: bool
    index: int | None
    reason: dict[str, str]

    def as_json(self) -> dict[str, object]:
        """``{"ok", "index", "reason": {"zh", "en"}}``."""
        return {"ok": self.ok, "index": self.index, "reason": self.reason}


def canonical(obj: object) -> bytes:
    """The canonical JSON of ``obj``, UTF-8: sorted keys, no spaces, Chinese not escaped."""
    return json.dumps(obj, ensure_ascii=False, sort_keys=True, separators=(",", ":"), allow_nan=False).encode("utf-8")


def digest(event: Mapping[str, Any]) -> str:
    """SHA-256 (hex) of an event's canonical JSON."""
    return hashlib.sha256(canonical(event)).hexdigest()


def json_schema() -> dict[str, Any]:
    """The file format's JSON Schema (``data/incident.schema.json``, published on the site)."""
    schema: dict[str, Any] = json.loads(
        (resources.files("decision_tree") / "data" / "incident.schema.json").read_text(encoding="utf-8")
    )
    return schema


def text_fingerprint() -> str:
    """SHA-256 (hex) over the digests of the official text the assessment was made against."""
    return hashlib.sha256(canonical(digests())).hexdigest()


# ── Reading times and fields.


def _iso(moment: dt.datetime) -> str:
    return moment.astimezone(BEIJING).isoformat(timespec="seconds")


def _show_time(moment: dt.datetime) -> str:
    return f"{moment.astimezone(BEIJING):%Y-%m-%d %H:%M}"


def moment(field: str, value: object) -> dt.datetime:
    """An ISO 8601 date and time (no offset = Beijing time) → an aware time in Beijing time."""
    problem = IncidentError(field, value, "time", earliest=EARLIEST_YEAR, latest=LATEST_YEAR)
    if not isinstance(value, str) or len(value.strip()) <= 10:
        raise problem
    try:
        parsed = dt.datetime.fromisoformat(value.strip())
    except ValueError:
        raise problem from None
    if not EARLIEST_YEAR <= parsed.year <= LATEST_YEAR:
        raise problem
    return parsed.replace(tzinfo=BEIJING) if parsed.tzinfo is None else parsed.astimezone(BEIJING)


def _text(field: str, value: object, limit: int, required: bool) -> str:
    if not isinstance(value, str) or len(value) > limit or (required and not value.strip()):
        raise IncidentError(field, value, "text_required" if required else "text", limit=limit)
    return value


def _items(field: str, value: object) -> list[int]:
    if (
        not isinstance(value, list)
        or not value
        or any(isinstance(v, bool) or v not in ITEMS for v in value)
        or len(set(value)) != len(value)
    ):
        raise IncidentError(field, value, "items")
    return sorted(value)


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


# ── The file's structure and chain.


def _file(file: object) -> tuple[File, list[Event]]:
    """Check what every reader needs (ours, a schema we read, events as objects); raise otherwise."""
    if not isinstance(file, dict):
        raise IncidentError("file", file, "input", what=both(WORDS, "error.what.file"))
    if file.get("format") != FORMAT:
        raise IncidentError("format", file.get("format"), "not_ours")
    version = file.get("schema_version")
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        raise IncidentError("schema_version", version, "schema_version", supported=SCHEMA_VERSION)
    if version > SCHEMA_VERSION:
        raise IncidentError("schema_version", version, "newer_schema", supported=SCHEMA_VERSION)
    for key in ("id", "created_at", "head"):
        if not isinstance(file.get(key), str) or not file[key]:
            raise IncidentError(key, file.get(key), "file_field", allowed=both(WORDS, "allowed.id"))
    events = file.get("events")
    if not isinstance(events, list) or not events:
        raise IncidentError("events", events, "file_field", allowed=both(WORDS, "allowed.events"))
    for n, event in enumerate(events):
        _stored(n, event)
    return file, events


def _stored(n: int, event: object) -> None:
    """Check a recorded event's fields and their types, so that reading it never fails later."""
    where = f"events[{n}]"
    if not isinstance(event, dict):
        raise IncidentError(where, event, "file_field", allowed=both(WORDS, "allowed.event"))
    kind = event.get("type")
    if kind != "opened" and kind not in EVENT_FIELDS:
        raise IncidentError(f"{where}.type", kind, "type", allowed=", ".join(("opened", *EVENT_TYPES)))
    required, optional = EVENT_FIELDS.get(kind, ((), ()))
    recorded = RECORDED.get(kind, ())
    allowed = (*BOOKKEEPING, *required, *optional, *recorded)
    for key in event:
        if key not in allowed:
            raise IncidentError(f"{where}.{key}", event[key], "unknown_key", type=kind, allowed=", ".join(allowed))
    for key in (*BOOKKEEPING, *required, *recorded):
        if key not in event:
            raise IncidentError(f"{where}.{key}", None, "missing", type=kind, allowed=", ".join(allowed))
    seq = event["seq"]
    if isinstance(seq, bool) or not isinstance(seq, int):
        raise IncidentError(f"{where}.seq", seq, "file_field", allowed=both(WORDS, "allowed.seq", index=n))
    prev = event["prev"]
    if not isinstance(prev, str) or len(prev) != 64 or any(c not in "0123456789abcdef" for c in prev):
        raise IncidentError(f"{where}.prev", prev, "file_field", allowed=both(WORDS, "allowed.hash"))
    moment(f"{where}.at", event["at"])
    moment(f"{where}.recorded_at", event["recorded_at"])
    if "to" in event and not isinstance(event["to"], str):
        raise IncidentError(f"{where}.to", event["to"], "recipient", allowed=", ".join(RECIPIENTS))
    if "items" in event:
        _items(f"{where}.items", event["items"])
    for key, limit in (("channel", CHANNEL_LIMIT), ("reference", REFERENCE_LIMIT), ("text", TEXT_LIMIT)):
        if key in event:
            _text(f"{where}.{key}", event[key], limit, required=False)
    if "duty" in event and not isinstance(event["duty"], str):
        raise IncidentError(f"{where}.duty", event["duty"], "text", limit=TEXT_LIMIT)
    if "answers" in event and not isinstance(event["answers"], dict):
        raise IncidentError(f"{where}.answers", event["answers"], "input", what=both(WORDS, "error.what.answers"))
    if "assessment" in event and not isinstance(event["assessment"], dict):
        raise IncidentError(
            f"{where}.assessment", event["assessment"], "file_field", allowed=both(WORDS, "allowed.assessment")
        )


def _chain(file: File, events: list[Event]) -> Verification:
    previous = GENESIS
    for n, event in enumerate(events):
        if event.get("seq") != n:
            return _broken(n, "verify.seq", value=show(event.get("seq")))
        if (n == 0) != (event.get("type") == "opened"):
            return _broken(n, "verify.first") if n == 0 else _broken(n, "verify.opened_again")
        if event.get("prev") != previous:
            return _broken(n, "verify.first") if n == 0 else _broken(n, "verify.prev", previous=n - 1)
        try:
            previous = digest(event)
        except (TypeError, ValueError):
            return _broken(n, "verify.prev", previous=n)
    if file.get("head") != previous:
        return _broken(len(events) - 1, "verify.head")
    return Verification(True, None, both(WORDS, "verify.ok", count=len(events), head=previous))


def _broken(index: int, text_id: str, **values: object) -> Verification:
    return Verification(False, index, both(WORDS, text_id, index=index, **values))


def verify(file: object) -> Verification:
    """Whether ``file``'s chain is intact (raises :class:`IncidentError` if it is not a file of ours)."""
    checked, events = _file(file)
    return _chain(checked, events)


def _discovered(events: list[Event]) -> dt.datetime:
    return moment("events[0].at", events[0].get("at"))


# ── Making and extending files.


def new_file(raw: object, now: str, file_id: str | None = None) -> File:
    """A new file for the incident the assess input ``raw`` describes (``discovered_at`` required).

    ``file_id`` names the file (the browser passes a random one); by default it is the first 16
    hexadecimal digits of the opened event's hash.
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
        raise IncidentError("discovered_at", raw["discovered_at"], "future", now=_show_time(recorded))
    opened: Event = {
        "seq": 0,
        "type": "opened",
        "at": _iso(discovered),
        "recorded_at": _iso(recorded),
        "prev": GENESIS,
        "answers": answers,
        "assessment": _assessment(result),
    }
    head = digest(opened)
    return {
        "format": FORMAT,
        "schema_version": SCHEMA_VERSION,
        "id": file_id if file_id is not None else head[:16],
        "created_at": _iso(recorded),
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
        raise IncidentError("at", raw["at"], "before_discovery", discovered=_show_time(discovered))
    if at > now:
        raise IncidentError("at", raw["at"], "future", now=_show_time(now))
    event: Event = {"type": kind, "at": _iso(at)}
    current = status(file, _iso(now))
    if "to" in raw:
        recipients = _recipients(current["result"])
        if kind == "report_sent":
            recipients = (*recipients, OTHER)
        if raw["to"] not in recipients:
            raise IncidentError("to", raw["to"], "recipient", allowed=", ".join(recipients))
        others = [d["id"] for d in current["duties"] if d["kind"] == "other"]
        if raw["to"] == OTHER and raw.get("duty") not in others:
            raise IncidentError("duty", raw.get("duty"), "other_needs_duty", allowed=", ".join(others))
        event["to"] = raw["to"]
    if "channel" in raw:
        event["channel"] = _text("channel", raw["channel"], CHANNEL_LIMIT, required=True)
    if "items" in raw:
        event["items"] = _items("items", raw["items"])
    if "reference" in raw:
        event["reference"] = _text("reference", raw["reference"], REFERENCE_LIMIT, required=False)
    if "text" in raw:
        event["text"] = _text("text", raw["text"], TEXT_LIMIT, required=kind == "note")
    if "duty" in raw:
        ids = [d["id"] for d in current["duties"]]
        if raw["duty"] not in ids:
            raise IncidentError("duty", raw["duty"], "duty", allowed=", ".join(ids))
        event["duty"] = raw["duty"]
    if kind == "facts_changed":
        new = raw["answers"]
        if isinstance(new, dict) and new.get("discovered_at") is not None:
            if moment("answers.discovered_at", new["discovered_at"]) != discovered:
                raise IncidentError(
                    "answers.discovered_at",
                    new["discovered_at"],
                    "discovered_changed",
                    discovered=_show_time(discovered),
                )
        elif isinstance(new, dict):
            new = {**new, "discovered_at": answers["discovered_at"]}
        result, event["answers"] = _answers("answers", new)
        event["assessment"] = _assessment(result)
    return event


def add_event(file: object, event: object, now: str) -> File:
    """``file`` with ``event`` appended (a new dict; ``file`` is not changed).

    Raises:
        IncidentError: for a file that is not ours, from a newer schema or whose chain is
            broken, and for an event that is not allowed (naming the field).
    """
    checked, events = _file(file)
    verification = _chain(checked, events)
    if not verification.ok:
        raise IncidentError(f"events[{verification.index}]", None, "chain", reason=verification.reason)
    recorded = moment("now", now)
    answers = _latest_answers(events)
    body = _event(event, _discovered(events), recorded, checked, answers)
    new: Event = {"seq": len(events), **body, "recorded_at": _iso(recorded), "prev": checked["head"]}
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
        checked, events = _file(file)
        verification = _chain(checked, events)
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


# ── The duties.


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
        "due_at": _iso(due) if due else None,
        "timing": dict(timing) if timing else None,
        "done_at": _iso(done) if done else None,
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


def _duties(events: list[Event], result: Result, now: dt.datetime) -> list[dict[str, Any]]:
    discovered = _discovered(events)
    rows: list[dict[str, Any]] = []
    # When new facts first made the incident reportable after it was opened (interpretation regrade-clock).
    raised: dt.datetime | None = None
    if events[0].get("assessment", {}).get("must_report") is not True:
        for event in events[1:]:
            if event.get("type") == "facts_changed" and event.get("assessment", {}).get("must_report") is True:
                raised = _when(event)
                break
    by_duty = {e["duty"]: e for e in sorted(events, key=_when, reverse=True) if isinstance(e.get("duty"), str)}
    for report in result["reports"]:
        to, kind = report["to"], report["kind"]
        due = dt.datetime.fromisoformat(report["due_at"]) if report["due_at"] else None
        row_kind = {"incident_report": "first_report", "sector_report": "sector_report"}.get(kind, "crime_report")
        row_id = f"report.{report['rule']}.{to}"
        sent_kinds = ("police_reported",) if row_kind == "crime_report" else ("report_sent",)
        sent = by_duty.get(row_id) or _first(events, sent_kinds, None if row_kind == "crime_report" else to)
        extra: dict[str, object] = {
            "within_minutes": report["within_minutes"],
            "conditional": report["conditional"],
            "conditions": report["conditions"],
            "promptness": report["promptness"],
            "rule": report["rule"],
            "interpretation": report["interpretation"],
            "done_by": sent["seq"] if sent else None,
        }
        if due is not None:
            extra["clock"] = {"from": "discovery", "label": both(WORDS, "clock.discovery", at=_show_time(discovered))}
            if raised is not None and report["within_minutes"]:
                other = raised + dt.timedelta(minutes=report["within_minutes"])
                extra["clock"] = {
                    "from": "discovery",
                    "label": both(WORDS, "clock.raised", raised_at=_show_time(raised), other_due=_show_time(other)),
                    "reading": "interpretations/regrade-clock",
                    "raised_at": _iso(raised),
                    "due_at_other_reading": _iso(other),
                    "state_other_reading": _state(other, _when(sent) if sent else None, now),
                }
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
    rows += _supplements(events, now)
    follow_ups = {f["id"]: f for f in result["follow_ups"]}
    ended_event = max((e for e in events if e.get("type") == "handling_ended"), key=lambda e: e["seq"], default=None)
    ended = _when(ended_event) if ended_event else None
    if "new_developments" in follow_ups:
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
        row["state"] = "done" if ended else "open"
        row["state_label"] = both(WORDS, f"state.{row['state']}")
        rows.append(row)
    if "summary_report" in follow_ups:
        rows += _summaries(events, result, follow_ups["summary_report"], ended, now)
    rows += [_other(duty, events, by_duty, now) for duty in result["other_duties"]]
    return rows


def _bilingual(value: object) -> dict[str, str] | None:
    """A ``{"zh", "en"}`` value as such, a plain string in both languages, anything else None."""
    if isinstance(value, Mapping) and isinstance(value.get("zh"), str):
        return {"zh": value["zh"], "en": str(value.get("en") or value["zh"])}
    return {"zh": value, "en": value} if isinstance(value, str) and value else None


def _other(duty: Mapping[str, Any], events: list[Event], by_duty: Mapping[str, Event], now: dt.datetime) -> Result:
    """A duty under another regime, as the result lists it (read generically: its id, basis and,
    where given, recipient, due time or timing word, title, clock start and conditions). Done by an
    event naming it as ``duty``; a police report also by ``police_reported``."""
    row_id = f"other.{duty['id']}"
    to = duty.get("to") if isinstance(duty.get("to"), str) else None
    done_event = by_duty.get(row_id)
    if done_event is None and ("police" in str(duty["id"]) or to == "public_security"):
        done_event = _first(events, ("police_reported",))
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


def _supplements(events: list[Event], now: dt.datetime) -> list[dict[str, Any]]:
    """第七条第二款: items 3-8 to follow "及时" wherever a report carried only some items."""
    rows = []
    sent = sorted((e for e in events if e.get("type") in ("report_sent", "supplement_sent")), key=_when)
    for to in dict.fromkeys(e["to"] for e in sent if e.get("type") == "report_sent" and e["to"] != OTHER):
        covered: set[int] = set()
        done: Event | None = None
        for event in (e for e in sent if e.get("to") == to):
            covered |= set(event.get("items", []))
            if covered >= set(ITEMS):
                done = event
                break
        first_items = set(next(e for e in sent if e.get("to") == to and e["type"] == "report_sent").get("items", []))
        if first_items >= set(ITEMS):
            continue
        missing = [i for i in ITEMS if i not in first_items]
        rows.append(
            _row(
                f"supplement.{to}",
                "supplement",
                both(WORDS, "duty.supplement", to=_to_label(to), items=docs.item_list(missing)),
                "measures/7/2",
                now,
                to=to,
                done=_when(done) if done else None,
                timing=both(WORDS, "timing.promptly"),
                items_missing=[i for i in ITEMS if i not in covered],
                done_by=done["seq"] if done else None,
            )
        )
    return rows


def _summaries(
    events: list[Event], result: Result, rule: Mapping[str, Any], ended: dt.datetime | None, now: dt.datetime
) -> list[dict[str, Any]]:
    """第八条: the summary within 30 days after handling ends, to each recipient, through the original channel."""
    reported = [e["to"] for e in sorted(events, key=_when) if e.get("type") == "report_sent" and e["to"] != OTHER]
    owed = [r["to"] for r in result["reports"] if r["kind"] == "incident_report"]
    rows = []
    days = int(rule.get("within_days") or 30)
    for to in dict.fromkeys([*reported, *owed]):
        first = _first(events, ("report_sent",), to)
        sent = _first(events, ("summary_sent",), to)
        due_on = ended.date() + dt.timedelta(days=days) if ended else None
        # summary-30-days: the day handling ended is not counted; the last day ends at 24:00.
        due = dt.datetime.combine(due_on + dt.timedelta(days=1), dt.time(), BEIJING) if due_on else None
        channel = first.get("channel") if first else None
        rows.append(
            _row(
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
                interpretation="interpretations/summary-30-days",
                reading="interpretations/summary-recipients",
                done_by=sent["seq"] if sent else None,
            )
        )
    return rows


def status(file: object, now: str) -> dict[str, Any]:
    """The file's duties at ``now``, each with its state, and whether the chain verifies."""
    checked, events = _file(file)
    verification = _chain(checked, events)
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
    duties = _duties(events, result, at)
    ended = [e for e in events if e.get("type") == "handling_ended"]
    return {
        "id": checked.get("id"),
        "now": _iso(at),
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
    _, events = _file(file)
    return docs.incident_documents(events, state)
