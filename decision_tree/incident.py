"""The incident file: an append-only, hash-chained record of one incident, and its duties.

Package room. May import: the standard library and the other ``decision_tree`` modules except
``web`` and ``__main__``.

A file is one JSON object (a public contract, the same from the browser and the command line;
its JSON Schema is ``data/incident.schema.json``)::

    {"format": "cn-incident-file", "schema_version": 2, "id": "…", "created_at": "…",
     "events": [{"seq": 0, "type": "opened", "at": …, "recorded_at": …, "prev": "<anchor>",
                 "answers": {…the assess input…}, "assessment": {…}}, …],
     "head": "<SHA-256 of the last event>"}

Every event has ``seq`` (its place, from 0), ``type``, ``at`` (the time the user states, ISO
8601, kept in Beijing time; input without an offset is Beijing time), ``recorded_at`` (when it
was written down) and ``prev``, the SHA-256 (hex) of the previous event's canonical JSON
(:func:`canonical`); the first event's ``prev`` is the file's :func:`anchor`, the SHA-256 of its
format, ``id`` and ``created_at`` (schema version 1 files used :data:`GENESIS` there, and are
still read). ``head`` is the hash of the last event. So an edit of any entry, of ``id`` or of
``created_at``, a deletion or a reordering shows (:func:`verify`); a whole rewritten chain does
not: this is not a signature.

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
SCHEMA_VERSION = 2  # 2: the opened event's prev anchors id and created_at; report_sent.not_determinable
GENESIS = "0" * 64  # the opened event's prev in schema version 1 files
WORDS = "incident.toml"
ITEMS = tuple(range(1, 9))  # the items of 第七条第一款
TEXT_LIMIT, REFERENCE_LIMIT, CHANNEL_LIMIT = 4000, 500, 200

# Per event type: the fields the user gives (required, optional). ``at`` is always required.
EVENT_FIELDS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    # not_determinable: the report records 第七条第二款's condition (the cause, impact or trend
    # could not be determined in the time set), so items 3-8 may follow "及时补报".
    "report_sent": (("to", "channel", "items"), ("reference", "duty", "not_determinable")),
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


def anchor(file_id: str, created_at: str) -> str:
    """The opened event's ``prev`` (schema version 2): SHA-256 of the format, id and creation time,
    so that an edit of ``id`` or ``created_at`` breaks the chain like an edit of an entry."""
    return digest({"format": FORMAT, "id": file_id, "created_at": created_at})


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
    if "not_determinable" in event and not isinstance(event["not_determinable"], bool):
        raise IncidentError(f"{where}.not_determinable", event["not_determinable"], "boolean")
    if "duty" in event and not isinstance(event["duty"], str):
        raise IncidentError(f"{where}.duty", event["duty"], "text", limit=TEXT_LIMIT)
    if "answers" in event and not isinstance(event["answers"], dict):
        raise IncidentError(f"{where}.answers", event["answers"], "input", what=both(WORDS, "error.what.answers"))
    if "assessment" in event and not isinstance(event["assessment"], dict):
        raise IncidentError(
            f"{where}.assessment", event["assessment"], "file_field", allowed=both(WORDS, "allowed.assessment")
        )


def _chain(file: File, events: list[Event]) -> Verification:
    legacy = file.get("schema_version") == 1
    previous = GENESIS if legacy else anchor(str(file.get("id")), str(file.get("created_at")))
    for n, event in enumerate(events):
        if event.get("seq") != n:
            return _broken(n, "verify.seq", value=show(event.get("seq")))
        if (n == 0) != (event.get("type") == "opened"):
            return _broken(n, "verify.first") if n == 0 else _broken(n, "verify.opened_again")
        if event.get("prev") != previous:
            if n > 0:
                return _broken(n, "verify.prev", previous=n - 1)
            return _broken(n, "verify.first" if legacy else "verify.anchor")
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
    name = file_id if file_id is not None else digest(opened)[:16]
    opened["prev"] = anchor(name, _iso(recorded))
    head = digest(opened)
    return {
        "format": FORMAT,
        "schema_version": SCHEMA_VERSION,
        "id": name,
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
        if raw["to"] == OTHER and _duty_id(raw.get("duty"), others) is None:
            raise IncidentError("duty", raw.get("duty"), "other_needs_duty", allowed=", ".join(others))
        event["to"] = raw["to"]
    if "channel" in raw:
        event["channel"] = _text("channel", raw["channel"], CHANNEL_LIMIT, required=True)
    if "items" in raw:
        event["items"] = _items("items", raw["items"])
    if "not_determinable" in raw:
        if not isinstance(raw["not_determinable"], bool):
            raise IncidentError("not_determinable", raw["not_determinable"], "boolean")
        event["not_determinable"] = raw["not_determinable"]
    if "reference" in raw:
        event["reference"] = _text("reference", raw["reference"], REFERENCE_LIMIT, required=False)
    if "text" in raw:
        event["text"] = _text("text", raw["text"], TEXT_LIMIT, required=kind == "note")
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
                    discovered=_show_time(discovered),
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
    discovered = _discovered(events)
    clock: dict[str, Any] = {"from": "discovery", "label": both(WORDS, "clock.discovery", at=_show_time(discovered))}
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
            raised_at=_show_time(raised),
            other_due=_show_time(other),
        ),
        "reading": "interpretations/regrade-clock",
        "raised_at": _iso(raised),
        "raised_by": cause["seq"],
        "due_at_other_reading": _iso(other),
        "state_other_reading": _state(other, _when(sent) if sent else None, now),
    }


def _duties(events: list[Event], result: Result, now: dt.datetime) -> list[dict[str, Any]]:
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
