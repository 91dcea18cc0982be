"""The incident file's format: an append-only, hash-chained record of one incident, read and
checked.

Package room. May import: the standard library and ``decision_tree.answers``,
``decision_tree.rules`` and ``decision_tree.wording``.

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
``created_at``, a deletion or a reordering shows (:func:`chain`); a whole rewritten chain does
not: this is not a signature.

Here: the format's constants, :class:`IncidentError` (whose message names the field, the value
and what is allowed, in both languages, from ``incident.toml``), times and fields as read, a file
checked (:func:`read`) and its chain verified (:func:`chain`). The commands that make, extend,
merge and read files are in :mod:`decision_tree.incident`; the duties in
:mod:`decision_tree.incident_duties`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from importlib import resources
from typing import Any

from decision_tree.answers import BEIJING, EARLIEST_YEAR, LATEST_YEAR, show
from decision_tree.rules import RECIPIENTS
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


# ── Reading times and fields.


def iso(moment: dt.datetime) -> str:
    return moment.astimezone(BEIJING).isoformat(timespec="seconds")


def show_time(moment: dt.datetime) -> str:
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


def check_text(field: str, value: object, limit: int, required: bool) -> str:
    if not isinstance(value, str) or len(value) > limit or (required and not value.strip()):
        raise IncidentError(field, value, "text_required" if required else "text", limit=limit)
    return value


def check_items(field: str, value: object) -> list[int]:
    if (
        not isinstance(value, list)
        or not value
        or any(isinstance(v, bool) or v not in ITEMS for v in value)
        or len(set(value)) != len(value)
    ):
        raise IncidentError(field, value, "items")
    return sorted(value)


# ── The file's structure and chain.


def read(file: object) -> tuple[File, list[Event]]:
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
        check_items(f"{where}.items", event["items"])
    for key, limit in (("channel", CHANNEL_LIMIT), ("reference", REFERENCE_LIMIT), ("text", TEXT_LIMIT)):
        if key in event:
            check_text(f"{where}.{key}", event[key], limit, required=False)
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


def chain(file: File, events: list[Event]) -> Verification:
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


def discovery(events: list[Event]) -> dt.datetime:
    """When the incident was discovered: the opened event's ``at``."""
    return moment("events[0].at", events[0].get("at"))
