"""The incident file's browser boundary: a JSON request string in, a JSON response string out — never raises.

Package room. May import: the standard library, ``decision_tree.incident``,
``decision_tree.web.incident``, ``decision_tree.web.incident_list`` and ``decision_tree.web.texts``.

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
anything refused as ``{"error": {"field", "message"}}``, the message in
the reader's language naming the field and what is allowed. The stored file is never changed
by a refused request: the script keeps a new file only from a response without an error.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from decision_tree import incident
from decision_tree.web import incident as markup
from decision_tree.web.incident_list import merged_text
from decision_tree.web.texts import LANGUAGES, Texts, table

ACTIONS = ("new", "view", "add", "import", "offer")


class _Refused(Exception):
    """A request refused with a message already in the reader's language."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field, self.message = field, message


def export_text(file: Mapping[str, Any]) -> str:
    """A file as the browser stores and exports it (the command line reads and writes the same)."""
    return json.dumps(file, ensure_ascii=False) + "\n"  # as `incident new` writes it (no --indent)


def _decode(text: object, t: Texts, field: str) -> dict[str, Any]:
    if not isinstance(text, str):
        raise _Refused(field, t("incident.error.request", reason=field))
    try:
        data = json.loads(text)
    except ValueError:
        raise _Refused(field, t("incident.error.not_json")) from None
    if not isinstance(data, dict):
        raise _Refused(field, t("incident.error.not_json"))
    return data


def _event(fields: object, now: str, t: Texts) -> dict[str, Any]:
    """A submitted form's fields → an event as :func:`decision_tree.incident.add_event` reads it."""
    if not isinstance(fields, dict):
        raise _Refused("event", t("incident.error.request", reason="event"))
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
            event["answers"] = _decode(value, t, "record").get("input")
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
        raise _Refused("action", t("incident.error.request", reason=f"action: {', '.join(ACTIONS)}; now"))
    if action == "new":
        record = _decode(data.get("record"), t, "record")
        raw = record.get("input")
        if not isinstance(raw, dict) or not raw.get("discovered_at"):
            raise _Refused("discovered_at", t("incident.error.no_time"))
        return _file_response(incident.new_file(raw, now), now, t, root)
    if action == "offer":
        record = _decode(data.get("record"), t, "record")
        open_file = _decode(data["file"], t, "file") if isinstance(data.get("file"), str) else None
        return {"html": markup.offer(record, open_file, now, t.lang)}
    if action == "import":
        file = _decode(data.get("text"), t, "file")
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
        data = json.loads(request) if isinstance(request, str) else None
        if not isinstance(data, dict):
            raise _Refused("request", t("incident.error.request", reason="JSON object"))
        t = Texts(data["lang"] if data.get("lang") in LANGUAGES else "zh")
        response = _answer(data, t)
    except _Refused as refused:
        response = {"error": {"field": refused.field, "message": refused.message}}
    except incident.IncidentError as error:
        message = error.en if t.lang == "en" else error.zh
        if f"incident.field.{error.field}" in table():  # a form's field: its label, not its key, heads it
            key = error.field.rsplit(".", 1)[-1]
            for head in (f"{key}：", f"{key}: "):
                message = message.removeprefix(head)
            message = t(f"incident.field.{error.field}") + t("sep.clauses") + message
        response = {"error": {"field": error.field, "message": message}}
    except Exception as error:  # the boundary never raises: the page shows this, never a traceback
        response = {"error": {"field": "", "message": t("incident.error.internal", kind=type(error).__name__)}}
    return json.dumps(response, ensure_ascii=False)
