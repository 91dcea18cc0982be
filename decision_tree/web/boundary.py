"""The browser boundary: a JSON request string in, a JSON response string out — never raises.

Package room. May import: the standard library, ``decision_tree.answers``, ``decision_tree.rules``,
``decision_tree.web.state``, ``decision_tree.web.page`` and ``decision_tree.web.texts``.

Only strings cross from JavaScript to Python (Pyodide's advice: anything else becomes a proxy
that must be destroyed). The page's script (``docs/assets/check/worker.js``) calls
:func:`respond`; :func:`tree_data` gives the page the question order, so that it can name the
static page of any link when it must fall back to the pre-rendered path.
"""

from __future__ import annotations

import datetime as dt
import json
import re

from decision_tree.answers import EARLIEST_YEAR, LATEST_YEAR, MAX_DEPTH, InputError, decode_json, echo
from decision_tree.rules import load_rules
from decision_tree.web.page import render
from decision_tree.web.state import STATE_CODES, VALUE_CODES, Place
from decision_tree.web.texts import LANGUAGES, Message, Texts

# The request's keys; a message names each by ``request.label.<key>`` in ui.toml (never by the
# key), and says what it may be by ``request.field.<key>``.
REQUEST_KEYS = ("fragment", "now", "root", "states", "lang")
MAX_PATH = 200  # root and states are short relative paths


class _BadRequest(ValueError):
    """A request respond cannot use: ``message`` names the field, in the reader's language."""

    def __init__(self, message: Message) -> None:
        super().__init__(message)
        self.message = message


def _allowed(key: str) -> Message:
    return Message(f"request.field.{key}")


def _label(key: str) -> Message:
    """A part of the request in the reader's words: its label, or what was sent, quoted."""
    return Message(f"request.label.{key}") if key in REQUEST_KEYS else Message("request.label.other", key=echo(key))


def _lang(data: object) -> str:
    """The request's language where it can be read (``lang`` of a JSON object), else Chinese."""
    lang = data.get("lang") if isinstance(data, dict) else None
    return lang if isinstance(lang, str) and lang in LANGUAGES else "zh"


def _usage() -> Message:
    return Message("request.usage", fields=_ListOf(_label(key) for key in REQUEST_KEYS))


def _decoded(request: object) -> dict[str, object]:
    """The request's JSON object; raises :class:`_BadRequest` (in Chinese: its language is unread)."""
    usage = _usage()
    if not isinstance(request, str):
        raise _BadRequest(Message("request.not_text", usage=usage))
    try:
        data = decode_json(request)
    except InputError as error:
        if error.kind == "empty":
            raise _BadRequest(Message("request.empty", usage=usage)) from None
        if error.kind == "depth":
            raise _BadRequest(Message("request.depth", depth=MAX_DEPTH, usage=usage)) from None
        if error.kind == "repeated":
            raise _BadRequest(Message("request.repeated", field=_label(str(error.key)), usage=usage)) from None
        # Where the JSON cannot be read, not the decoder's own words (they are Python's, in English).
        where = re.search(r"line (\d+), column (\d+)", error.allowed)
        line, column = where.groups() if where else ("1", "1")
        raise _BadRequest(Message("request.not_json", line=line, column=column, usage=usage)) from None
    if not isinstance(data, dict):
        raise _BadRequest(usage)
    return data


def _request(data: dict[str, object]) -> tuple[str, str | None, Place, str | None]:
    """The request's fragment, time and place, checked; raises :class:`_BadRequest`."""
    for key, value in data.items():
        if key not in REQUEST_KEYS:
            raise _BadRequest(Message("request.unknown_key", key=echo(key), usage=_usage()))
        if not (isinstance(value, str) or (key == "now" and value is None)):
            raise _BadRequest(Message("request.not_string", field=_label(key), allowed=_allowed(key)))
        if key in ("root", "states") and len(str(value)) > MAX_PATH:
            raise _BadRequest(Message("request.too_long", field=_label(key), limit=MAX_PATH, allowed=_allowed(key)))
        if key == "lang" and value not in LANGUAGES:
            raise _BadRequest(
                Message("request.bad_lang", field=_label("lang"), value=echo(value), allowed=_allowed("lang"))
            )
    now = data.get("now") or None
    if now is not None:
        try:
            moment = dt.datetime.fromisoformat(str(now))
        except ValueError:
            moment = None
        if moment is None or moment.tzinfo is None or not EARLIEST_YEAR <= moment.year <= LATEST_YEAR:
            raise _BadRequest(
                Message(
                    "request.bad_now",
                    field=_label("now"),
                    value=echo(now),
                    allowed=_allowed("now"),
                    earliest=EARLIEST_YEAR,
                    latest=LATEST_YEAR,
                )
            )
    place = Place(root=str(data.get("root", "../")), states=str(data.get("states", "s/")))
    lang = str(data["lang"]) if data.get("lang") else None
    return str(data.get("fragment", "")), (str(now) if now else None), place, lang


class _ListOf(tuple[str, ...]):
    """Names to list in a message, joined with the language's list separator when it is written."""

    def __str__(self) -> str:
        return Texts("zh")("sep.list").join(self)


def _written(message: Message, texts: Texts) -> str:
    """``message`` in the language of ``texts``, its nested messages and lists too."""

    def written(value: object) -> object:
        if isinstance(value, Message):
            return _written(value, texts)
        if isinstance(value, _ListOf):
            return texts("sep.list").join(str(written(item)) for item in value)
        return value

    return texts(message.message_id, **{name: written(value) for name, value in message.values.items()})


def respond(request: str) -> str:
    """The browser boundary: a JSON request string in, a JSON response string out; never raises.

    Request: ``{"fragment": "...", "now": "ISO 8601" | null, "root": "../", "states": "s/", "lang": "zh"}``.
    Response: ``{"html", "fragment", "focus", "record", "ics", "level", "must_report", "earliest_due"}``,
    or ``{"error": "..."}`` — one line naming the field and what is allowed, in the request's
    ``lang`` (Chinese when the request cannot be read that far) — for a request that cannot be
    used (not JSON, a repeated or unknown key, a wrong type, a time that cannot be read). The
    fragment itself is read leniently: what cannot be used is listed on the page (see
    :func:`parse_fragment`).
    """
    texts = Texts("zh")
    try:
        data = _decoded(request)
        texts = Texts(_lang(data))
        fragment, now, place, lang = _request(data)
        rendered = render(fragment, now=now, mode="live", place=place, lang=lang)
        return json.dumps(rendered.__dict__, ensure_ascii=False)
    except _BadRequest as error:
        return json.dumps({"error": _written(error.message, texts)}, ensure_ascii=False)
    except Exception:  # the boundary never raises: the page shows this, never a traceback or Python's words
        return json.dumps({"error": _written(Message("request.internal"), texts)}, ensure_ascii=False)


def tree_data() -> str:
    """The question order, options and conditions as JSON, for the page's script to name the
    static page of any fragment when it has to fall back to the static path."""
    rules = load_rules()
    return json.dumps(
        [
            {
                "id": q.id,
                "options": {(o[0] if isinstance(o, tuple) else VALUE_CODES[o]): STATE_CODES[o] for o in q.values()},
                "ask_if": {name: sorted(VALUE_CODES[v] for v in values) for name, values in q.ask_if.items()},
            }
            for q in rules.questions
        ],
        separators=(",", ":"),
    )
