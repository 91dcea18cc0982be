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

from decision_tree.answers import EARLIEST_YEAR, LATEST_YEAR, MAX_DEPTH, InputError, decode_json, echo
from decision_tree.rules import load_rules
from decision_tree.web.page import render
from decision_tree.web.state import STATE_CODES, VALUE_CODES, Place
from decision_tree.web.texts import LANGUAGES

# The request's keys and what each may be, for respond's messages.
REQUEST_KEYS = {
    "fragment": "链接中 # 之后的文本",
    "now": "当前时间（ISO 8601，含时区，如 2025-11-03T15:40:00Z）或 null",
    "root": "从本页到网站根目录的相对路径文本（如 ../）",
    "states": "从本页到静态状态页目录的相对路径文本（如 s/）",
    "lang": "页面的语言：zh 或 en",
}
REQUEST_USAGE = '请求应为一个 JSON 对象，如 {"fragment": "involves_cii=yes", "now": "2025-11-03T15:40:00Z"}。'
MAX_PATH = 200  # root and states are short relative paths


class _BadRequest(ValueError):
    """A request respond cannot use; the message is one line in Chinese, naming the field."""


def _request(request: object) -> tuple[str, str | None, Place, str | None]:
    """The request's fragment, time and place, checked; raises :class:`_BadRequest`."""
    if not isinstance(request, str):
        raise _BadRequest(f"请求应为 JSON 文本，收到的是 {type(request).__name__}。{REQUEST_USAGE}")
    try:
        data = decode_json(request)
    except InputError as error:
        reason = {
            "empty": "请求为空",
            "depth": f"请求嵌套超过{MAX_DEPTH}层",
            "repeated": f"请求中的“{error.key}”出现了多次（每个键只能出现一次）",
        }.get(error.kind, f"请求不是有效的 JSON（{error.allowed.removeprefix('valid JSON (').removesuffix(')')}）")
        raise _BadRequest(f"{reason}。{REQUEST_USAGE}") from None
    if not isinstance(data, dict):
        raise _BadRequest(REQUEST_USAGE)
    for key, value in data.items():
        if key not in REQUEST_KEYS:
            raise _BadRequest(f"请求中的“{echo(key)}”无法识别（可用：{'、'.join(REQUEST_KEYS)}）。")
        if not (isinstance(value, str) or (key == "now" and value is None)):
            raise _BadRequest(f"请求中“{key}”应为{REQUEST_KEYS[key]}，收到的不是文本。")
        if key in ("root", "states") and len(str(value)) > MAX_PATH:
            raise _BadRequest(f"请求中“{key}”超过{MAX_PATH}个字符，应为{REQUEST_KEYS[key]}。")
        if key == "lang" and value not in LANGUAGES:
            raise _BadRequest(f"请求中“lang”的值“{echo(value)}”无法使用，应为{REQUEST_KEYS['lang']}。")
    now = data.get("now") or None
    if now is not None:
        try:
            moment = dt.datetime.fromisoformat(str(now))
        except ValueError:
            moment = None
        if moment is None or moment.tzinfo is None or not EARLIEST_YEAR <= moment.year <= LATEST_YEAR:
            raise _BadRequest(
                f"请求中“now”的值“{echo(now)}”无法使用，应为{REQUEST_KEYS['now']}，年份在{EARLIEST_YEAR}–{LATEST_YEAR}之间。"
            )
    place = Place(root=str(data.get("root", "../")), states=str(data.get("states", "s/")))
    lang = str(data["lang"]) if data.get("lang") else None
    return str(data.get("fragment", "")), (str(now) if now else None), place, lang


def respond(request: str) -> str:
    """The browser boundary: a JSON request string in, a JSON response string out; never raises.

    Request: ``{"fragment": "...", "now": "ISO 8601" | null, "root": "../", "states": "s/", "lang": "zh"}``.
    Response: ``{"html", "fragment", "focus", "record", "ics", "level", "must_report", "earliest_due"}``,
    or ``{"error": "..."}`` — one line in Chinese naming the field and what is allowed — for a
    request that cannot be used (not JSON, a repeated or unknown key, a wrong type, a time that
    cannot be read). The fragment itself is read leniently: what cannot be used is listed on the
    page (see :func:`parse_fragment`).
    """
    try:
        fragment, now, place, lang = _request(request)
        rendered = render(fragment, now=now, mode="live", place=place, lang=lang)
        return json.dumps(rendered.__dict__, ensure_ascii=False)
    except _BadRequest as error:
        return json.dumps({"error": str(error)}, ensure_ascii=False)
    except Exception as error:  # the boundary never raises: the page shows this, not a traceback
        return json.dumps(
            {"error": f"内部错误（{type(error).__name__}：{echo(error)}），请报告此问题，并附上本页链接。"},
            ensure_ascii=False,
        )


def tree_data() -> str:
    """The question order, options and conditions as JSON, for the page's script to name the
    static page of any fragment when it has to fall back to the static path."""
    rules = load_rules()
    return json.dumps(
        [
            {
                "id": q.id,
                "options": {VALUE_CODES[o]: STATE_CODES[o] for o in q.options},
                "ask_if": {name: sorted(VALUE_CODES[v] for v in values) for name, values in q.ask_if.items()},
            }
            for q in rules.questions
        ],
        separators=(",", ":"),
    )
