"""The incident file's browser boundary: a JSON request string in, a JSON response string out — never raises.

Package room. May import: the standard library, ``decision_tree.answers``, ``decision_tree.incident``,
``decision_tree.incident_format``, ``decision_tree.web.incident``, ``decision_tree.web.incident_list``
and ``decision_tree.web.texts``.

The page's file script (``docs/assets/check/incident.js``) stores files as text and asks
:func:`respond_incident` for everything else, through the worker (which adds ``now``)::

    {"action": "new",    "record": <the result's record JSON text>}       a new file from a live result
    {"action": "view",   "file": <file text>}                             the file rendered at ``now``
    {"action": "add",    "file": <file text>, "event": {form fields}}     the file with one more entry
    {"action": "import", "text": <a chosen file's text>}                  a file checked before it is kept
    {"action": "import", "text": …, "stored": <stored file text>}         merged with the stored copy of it
    {"action": "offer",  "record": <record text>, "file": <file text> | null}   the action under a result

each with ``now`` (ISO 8601), ``lang`` (``zh`` or ``en``) and ``root`` (from the page to its
edition's root). A file comes back as ``{"id", "file": <text, as exported>, "html", "row", "ics"}``,
a merge also with ``"merged"`` (what it added, to tell the reader), an offer as ``{"html"}``;
anything refused as ``{"error": {"field", "message"}}``: ``field`` the file format's name for what
was refused (the script focuses the form's field of that name), the message from ui.toml in the
reader's language, naming it in the form's words (its label, never the format's key) and saying
what is allowed — never Python's words. The stored file is never changed by a refused request:
the script keeps a new file only from a response without an error.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from typing import Any

from decision_tree import incident
from decision_tree.answers import EARLIEST_YEAR, LATEST_YEAR, echo, show
from decision_tree.incident_format import CHANNEL_LIMIT
from decision_tree.web import incident as markup
from decision_tree.web.incident_list import merged_text
from decision_tree.web.texts import LANGUAGES, Texts, table

ACTIONS = ("new", "view", "add", "import", "offer")
# What the file format names, by the part of the page the reader knows it as (incident.part.*);
# a form's field is named by its label (incident.field.<key>).
# (``first`` and ``second``: the two copies of a file merged on import.)
_FILE_KEYS = (
    *("file", "format", "schema_version", "id", "created_at", "events", "head", "seq", "prev", "recorded_at"),
    *("stored", "first", "second"),
)
_RECORD_KEYS = ("record", "input", "answers", "assessment")
_FILE_PROBLEMS = ("chain", "not_ours", "schema_version", "newer_schema", "merge_other_file")


class _Refused(Exception):
    """A request refused with a message already in the reader's language."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field, self.message = field, message


def export_text(file: Mapping[str, Any]) -> str:
    """A file as the browser stores and exports it (the command line reads and writes the same)."""
    return json.dumps(file, ensure_ascii=False) + "\n"  # as `incident new` writes it (no --indent)


def _refused(field: str, part: str, problem: str, t: Texts) -> _Refused:
    """A refusal: ``part`` (incident.part.*) and ``problem`` (incident.refused.*), from data."""
    return _Refused(
        field, t("incident.refused.line", label=t(f"incident.part.{part}"), problem=t(f"incident.refused.{problem}"))
    )


def _decode(text: object, t: Texts, field: str, part: str = "file") -> dict[str, Any]:
    """A JSON object sent as text (``part``: what the reader knows it as, incident.part.*)."""
    if not isinstance(text, str):
        raise _refused(field, part, "request", t)
    try:
        data = json.loads(text)
    except (ValueError, RecursionError):
        data = None
    if not isinstance(data, dict):
        raise _refused(field, part, "record_unreadable" if part == "record" else "not_json", t)
    return data


def _in_file(error: incident.IncidentError) -> bool:
    """Whether ``error`` is about the stored file (an entry of it, its format), not the form."""
    return re.sub(r"\[\d+\]", "", error.field).split(".", 1)[0] in _FILE_KEYS or error.message_id in _FILE_PROBLEMS


def _label(error: incident.IncidentError, t: Texts) -> str:
    """What ``error`` refused, in the form's words: the field's label, or the part of the page."""
    path = re.sub(r"\[\d+\]", "", error.field)
    key = path.rsplit(".", 1)[-1]
    if _in_file(error):
        return t("incident.part.file")
    if error.message_id == "unknown_key":
        return t("incident.part.form")  # the key is not ours: the form as a whole carried it
    if key == "discovered_at":
        return t("incident.part.discovered")
    if error.message_id in ("answers", "discovered_required") or path.split(".", 1)[0] in _RECORD_KEYS:
        return t("incident.part.record")
    if f"incident.field.{key}" in table():
        return t(f"incident.field.{key}")
    if key == "type":
        return t("incident.part.type")
    return t("incident.part.request")


def _message(error: incident.IncidentError, t: Texts) -> str:
    """An :class:`~decision_tree.incident.IncidentError` in the reader's words (ui.toml), never the
    command line's message, which names the file format's keys and lists their values."""
    problem_id = f"incident.refused.{error.message_id}"
    values = {name: t.pick(v) if isinstance(v, Mapping) else v for name, v in error.values.items()}
    if error.message_id == "answers" and error.field.endswith("discovered_at"):
        problem_id, values = "incident.refused.time", {"earliest": EARLIEST_YEAR, "latest": LATEST_YEAR}
    value = error.value if isinstance(error.value, str) else show(error.value)
    if error.message_id == "items" and isinstance(error.value, list):  # the boxes ticked, as numbers
        value = t("sep.list").join(str(item) for item in error.value)
        problem_id = "incident.refused.items" if error.value else "incident.refused.items_none"
    if error.field == "channel" and error.message_id in ("text_required", "missing"):  # a list, or typed
        problem_id, values = "incident.refused.channel", {"limit": error.values.get("limit", CHANNEL_LIMIT)}
    if _in_file(error) and error.message_id not in _FILE_PROBLEMS:
        problem_id = "incident.refused.file_field"  # an entry of the stored file: the file is damaged
    if problem_id not in table():
        problem_id = "incident.refused.input"
    problem = t(problem_id, **{**values, "value": echo(value)})
    return t("incident.refused.line", label=_label(error, t), problem=problem)


def _event(fields: object, now: str, t: Texts) -> dict[str, Any]:
    """A submitted form's fields → an event as :func:`decision_tree.incident.add_event` reads it."""
    if not isinstance(fields, dict):
        raise _refused("event", "request", "request", t)
    event: dict[str, Any] = {}
    other = str(fields.get("channel_other") or "").strip()
    for key, value in fields.items():
        if key == "channel_other":
            continue
        if key == "items" and isinstance(value, list):
            event["items"] = [int(v) if isinstance(v, str) and v.isdigit() else v for v in value]
        elif key == "not_determinable":  # a ticked box (an unticked one is not sent)
            event[key] = value == "true"
        elif key == "record":  # new facts: the answers of the result shown, as of now
            event["answers"] = _decode(value, t, "record", "record").get("input")
            event.setdefault("at", now)
        elif isinstance(value, str) and value.strip() == "" and key not in ("at", "channel"):
            continue  # an optional field left empty
        else:
            event[key] = value.strip() if isinstance(value, str) else value
    if other:
        event["channel"] = other
    if event.get("channel") == "" and event.get("type") == "police_reported":
        del event["channel"]  # optional there
    return event


def _file_response(file: Mapping[str, Any], now: str, t: Texts, root: str) -> dict[str, Any]:
    return {"id": file["id"], "file": export_text(file), **markup.shown(file, now, t.lang, root)}


def _answer(data: Mapping[str, Any], t: Texts) -> dict[str, Any]:
    action, now = data.get("action"), data.get("now")
    root = str(data.get("root") or "../")
    if action not in ACTIONS or not isinstance(now, str):
        raise _refused("action", "request", "request", t)
    if action == "new":
        record = _decode(data.get("record"), t, "record", "record")
        raw = record.get("input")
        if not isinstance(raw, dict) or not raw.get("discovered_at"):
            raise _Refused("discovered_at", t("incident.error.no_time"))
        return _file_response(incident.new_file(raw, now), now, t, root)
    if action == "offer":
        record = _decode(data.get("record"), t, "record", "record")
        open_file = _decode(data["file"], t, "file") if isinstance(data.get("file"), str) else None
        return {"html": markup.offer(record, open_file, now, t.lang)}
    if action == "import":
        file = _decode(data.get("text"), t, "file", "chosen")
        verification = incident.verify(file)
        if not verification.ok:
            raise _Refused(f"events[{verification.index}]", t.pick(verification.reason))
        incident.status(file, now)  # every duty can be worked out from it
        if isinstance(data.get("stored"), str):  # the same file is stored: keep every entry of both
            stored = _decode(data["stored"], t, "stored")
            merged = incident.merge(stored, file)
            return {**_file_response(merged, now, t, root), "merged": merged_text(stored, merged, t)}
        return _file_response(file, now, t, root)
    file = _decode(data.get("file"), t, "file")
    if action == "add":
        file = incident.add_event(file, _event(data.get("event"), now, t), now)
    return _file_response(file, now, t, root)


def respond_incident(request: str) -> str:
    """The incident file's boundary: a JSON request string in, a JSON response string out; never raises."""
    t = Texts("zh")
    try:
        try:
            data = json.loads(request) if isinstance(request, str) else None
        except (ValueError, RecursionError):
            data = None
        if not isinstance(data, dict):
            raise _refused("request", "request", "request", t)
        t = Texts(data["lang"] if data.get("lang") in LANGUAGES else "zh")
        response = _answer(data, t)
    except _Refused as refused:
        response = {"error": {"field": refused.field, "message": refused.message}}
    except incident.IncidentError as error:
        response = {"error": {"field": error.field, "message": _message(error, t)}}
    except Exception:  # the boundary never raises: the page shows this, never a traceback or Python's words
        response = {"error": {"field": "", "message": t("incident.error.internal")}}
    return json.dumps(response, ensure_ascii=False)
