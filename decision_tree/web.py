"""The questionnaire's markup: URL-fragment state in, HTML out — the same at build time and in Pyodide.

Package room. May import: the standard library and the other ``decision_tree`` modules except
``__main__``.

The browser boundary takes and returns strings only (:func:`respond`: JSON in, JSON out), so
nothing but text crosses from JavaScript to Python. State lives in the URL fragment, keyed by
question id (``involves_cii=yes&level=major&t=2025-11-03T23:40``), so every state is a link that
can be shared, and back and forward work. Every answer link carries both a ``data-fragment``
(used by the page's script) and an ``href`` to the pre-rendered static page of the next state,
so the same markup also works with no JavaScript at all.

Two modes: ``live`` (in the browser, with a clock: due times, countdowns, the grading helper)
and ``static`` (pre-rendered at build time: deadlines as durations). Everything shown is escaped:
the markup lives inside other people's pages.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field, replace

from decision_tree.answers import (
    BEIJING,
    EARLIEST_YEAR,
    LATEST_YEAR,
    MAX_DEPTH,
    InputError,
    decode_json,
    echo,
    parse,
    percent_facts,
    qualitative_keys,
)
from decision_tree.citations import LEVEL_ZH, resolve, text_of
from decision_tree.engine import Result, assess
from decision_tree.grading import grade, thresholds_of
from decision_tree.load import load_law
from decision_tree.model import Level
from decision_tree.rules import Question, Rules, load_rules
from decision_tree.tree import next_question

# urllib.parse and html take ~150 ms to import in Pyodide, more than this whole package, for the
# few lines of them used here: the fragment codec and escaping are written out below instead.
_UNRESERVED = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~/:")


def escape(text: str, quote: bool = True) -> str:
    """HTML-escape ``text`` (``&``, ``<``, ``>`` and, for attributes, both quotes)."""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return text.replace('"', "&quot;").replace("'", "&#x27;") if quote else text


def _encode(text: str) -> str:
    """Percent-encode for a URL fragment, as the browser's URLSearchParams reads it."""
    return "".join(c if c in _UNRESERVED else "".join(f"%{b:02X}" for b in c.encode()) for c in text)


def _decode(text: str) -> str:
    """Undo :func:`_encode` (and form encoding: '+' is a space); malformed escapes stay as they are."""
    text = text.replace("+", " ")
    if "%" not in text:
        return text
    head, *parts = text.split("%")
    out = bytearray(head.encode())
    for part in parts:
        try:
            out += bytes.fromhex(part[:2]) + part[2:].encode()
        except ValueError:
            out += ("%" + part).encode()
    return out.decode("utf-8", "replace")


def _pairs(fragment: str) -> list[tuple[str, str]]:
    """``a=1&b=2`` → ``[("a", "1"), ("b", "2")]``, decoded; empty pieces skipped."""
    out = []
    for piece in fragment.split("&"):
        if piece:
            key, _, value = piece.partition("=")
            out.append((_decode(key), _decode(value)))
    return out


VALUE_CODES: dict[object, str] = {
    True: "yes",
    False: "no",
    "unknown": "unknown",
    "especially_major": "especially_major",
    "major": "major",
    "relatively_major": "relatively_major",
    "general": "general",
}
FROM_CODE = {code: value for value, code in VALUE_CODES.items()}
# Short codes for the static pages' file names: check/s/<code>-<code>-….html
STATE_CODES: dict[object, str] = {
    True: "y",
    False: "n",
    "unknown": "u",
    "especially_major": "em",
    "major": "ma",
    "relatively_major": "rm",
    "general": "ge",
}
OPTION_LABELS: dict[object, str] = {
    True: "是",
    False: "否",
    "unknown": "尚不确定",
    "especially_major": "特别重大",
    "major": "重大",
    "relatively_major": "较大",
    "general": "一般（未达到较大）",
}
LEVEL_UNKNOWN_LABEL = "尚不能判定"
KIND_LABELS = {"incident_report": "事件报告", "crime_report": "报案", "sector_report": "行业报告"}
TITLE = "国家网络安全事件报告管理办法"
FACT_PREFIX = "f."
PRESET_PREFIX = "preset."
# The embedding page's data attributes behind each preset, for messages an administrator can act on.
PRESET_ATTRIBUTES = {"involves_cii": "data-cii", "central_state_organ": "data-central-organ"}
LANGUAGES = {"zh": "中文"}
SUMMARY_TITLES = {
    "involves_cii": "涉及关键信息基础设施",
    "central_state_organ": "属于中央和国家机关各部门及其直属单位",
    "level": "事件级别",
    "sector_rules": "本行业有专门报告规定",
    "suspected_crime": "涉嫌违法犯罪",
    "ransomware": "勒索软件攻击",
    "state_secret": "涉及国家秘密",
}


@dataclass(frozen=True)
class Place:
    """Where the markup is shown: the way back to the site root and to the static state pages."""

    root: str = "../"  # from the page to the site root (citation links)
    states: str = "s/"  # from the page to the folder of static state pages


@dataclass
class State:
    """A fragment, read: the tree answers in order, the extra inputs, and any problems found."""

    path: dict[str, object] = field(default_factory=dict)
    # Answers given but moot under the other answers (a later question whose condition now fails):
    # kept in every link, so changing an earlier answer and back loses nothing.
    held: dict[str, object] = field(default_factory=dict)
    discovered: str | None = None
    ago: int | None = None  # "found N minutes ago" (t=-Nm), made a clock time with the live clock
    time_unsure: bool = False  # t=unsure: deadlines shown as durations until a time is given
    ended: str | None = None
    facts: dict[str, float] = field(default_factory=dict)
    judgements: list[str] = field(default_factory=list)
    portal_site_kind: str | None = None
    defaced_site_kind: str | None = None
    problems: list[str] = field(default_factory=list)
    # The grading helper's fields that cannot be used, with the message shown beside each, and the
    # text the user typed there (kept in the link, so the form shows it again for correction).
    field_errors: dict[str, str] = field(default_factory=dict)
    raw_fields: dict[str, str] = field(default_factory=dict)
    # Set by an embedding page (embed.js) and carried through every state, never sent anywhere:
    presets: dict[str, object] = field(default_factory=dict)  # answers the organisation gives in advance
    ask: list[str] = field(default_factory=list)  # preset questions the user chose to answer anew
    preset_answers: set[str] = field(default_factory=set)  # which answers in path came from presets
    contact: str | None = None  # the internal escalation contact shown on the result
    lang: str | None = None
    origin: str | None = None  # the embedding page's origin, for the page's postMessage

    def engine_input(self) -> dict[str, object]:
        """The engine's JSON input for this state."""
        raw: dict[str, object] = dict(self.path)
        if self.discovered:
            raw["discovered_at"] = self.discovered
        if self.ended:
            raw["handling_ended_at"] = self.ended
        if self.facts:
            raw["facts"] = dict(self.facts)
        if self.judgements:
            raw["judgements"] = list(self.judgements)
        if self.portal_site_kind:
            raw["portal_site_kind"] = self.portal_site_kind
        if self.defaced_site_kind:
            raw["defaced_site_kind"] = self.defaced_site_kind
        return raw

    def fragment(self, path: dict[str, object] | None = None, **changes: object) -> str:
        """This state as a canonical fragment (without '#'), optionally with another path."""
        path = self.path if path is None else path
        answers = {**path, **{k: v for k, v in self.held.items() if k not in path and k not in self.path}}
        pairs: list[tuple[str, str]] = [
            (key, VALUE_CODES[value])
            for key, value in answers.items()
            # An answer that came from a preset stays a preset (so 重新开始 and 更改 keep working).
            if not (key in self.preset_answers and self.presets.get(key) == value)
        ]
        discovered = changes.get("discovered", self.discovered)
        ended = changes.get("ended", self.ended)
        if "discovered" not in changes and self.time_unsure:
            pairs.append(("t", "unsure"))
        elif discovered:
            pairs.append(("t", str(discovered)))
        elif "discovered" not in changes and self.ago is not None:
            pairs.append(("t", f"-{self.ago}m"))
        if ended:
            pairs.append(("ended", str(ended)))
        if self.portal_site_kind:
            pairs.append(("psk", self.portal_site_kind))
        if self.defaced_site_kind:
            pairs.append(("dsk", self.defaced_site_kind))
        pairs += [(FACT_PREFIX + name, _number(value)) for name, value in self.facts.items()]
        pairs += [(FACT_PREFIX + name, text) for name, text in self.raw_fields.items()]
        pairs += [("j", key) for key in self.judgements]
        pairs += self.carried()
        return "&".join(f"{_encode(key)}={_encode(value)}" for key, value in pairs)

    def carried(self, ask: list[str] | None = None) -> list[tuple[str, str]]:
        """The embedding's settings, kept in every link of the widget."""
        pairs = [(PRESET_PREFIX + key, VALUE_CODES[value]) for key, value in self.presets.items()]
        pairs += [("ask", key) for key in (self.ask if ask is None else ask)]
        pairs += [
            (key, value)
            for key, value in (("contact", self.contact), ("lang", self.lang), ("origin", self.origin))
            if value
        ]
        return pairs


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else repr(value)


# The longest fragment read: every answer, fact and judgement, the presets and a 200-character
# contact fit in well under half of it. Pieces beyond it are dropped, with a message.
MAX_FRAGMENT = 8000
# Keys a fragment may repeat (one value each); any other key given twice is dropped, with a message.
MULTI_KEYS = frozenset({"j", "ask"})
# At most this many problems are listed; the rest are counted.
MAX_PROBLEMS = 10


def _read_pairs(fragment: str, state: State) -> list[tuple[str, str]]:
    """The fragment's pairs, cut to :data:`MAX_FRAGMENT` characters and without repeated single keys."""
    fragment = fragment.lstrip("#")
    if not fragment.isascii():  # a browser sends it percent-encoded; lone surrogates cannot be encoded
        fragment = fragment.encode("utf-8", "replace").decode("utf-8")
    if len(fragment) > MAX_FRAGMENT:
        state.problems.append(
            f"链接过长（{len(fragment)}个字符，最多{MAX_FRAGMENT}个）：超出的部分已忽略，请核对下面的答案。"
        )
        fragment = fragment[: max(fragment.rfind("&", 0, MAX_FRAGMENT + 1), 0)]
    pairs = _pairs(fragment)
    values: dict[str, list[str]] = {}
    for key, value in pairs:
        values.setdefault(key, []).append(value)
    repeated = {key for key, given in values.items() if len(given) > 1 and key not in MULTI_KEYS}
    for key in (k for k in values if k in repeated):  # in the order they first appear
        shown = "、".join(f"“{echo(v)}”" for v in values[key][:3]) + ("等" if len(values[key]) > 3 else "")
        state.problems.append(
            f"链接中“{echo(key)}”出现了{len(values[key])}次（{shown}），但只能给一个值：已全部忽略，"
            "请重新回答或填写此项。"
        )
    return [(key, value) for key, value in pairs if key not in repeated]


def fragment_for(raw: dict[str, object]) -> str:
    """The questionnaire's fragment for an engine input (the worked examples link with it).

    Every question the input leaves out is answered as the engine reads it when left out (no;
    the level unknown), so the link opens at the result of the same input.
    """
    state = State()
    for question in load_rules().questions:
        value = raw.get(question.id, "unknown" if question.id == "level" else False)
        if all(state.path.get(name) in values for name, values in question.ask_if.items()):
            state.path[question.id] = value
    if isinstance(raw.get("discovered_at"), str):
        when = dt.datetime.fromisoformat(str(raw["discovered_at"]))
        state.discovered = when.astimezone(BEIJING).strftime("%Y-%m-%dT%H:%M") if when.tzinfo else str(when)[:16]
    facts = raw.get("facts")
    if isinstance(facts, dict):
        state.facts = {str(k): float(v) for k, v in facts.items()}
    judgements = raw.get("judgements")
    if isinstance(judgements, list):
        state.judgements = [str(k) for k in judgements]
    state.portal_site_kind = str(raw["portal_site_kind"]) if raw.get("portal_site_kind") else None
    state.defaced_site_kind = str(raw["defaced_site_kind"]) if raw.get("defaced_site_kind") else None
    return state.fragment()


def parse_fragment(fragment: str, rules: Rules | None = None) -> State:
    """Read a fragment, collecting a clear message for every part that cannot be used.

    Every key and value a message quotes is cut to 60 characters; a fragment longer than
    :data:`MAX_FRAGMENT` is cut at a piece boundary; a key other than ``j`` and ``ask`` that
    appears twice (``level=major&level=general``) is dropped, so its question is asked again.
    """
    rules = rules or load_rules()
    state = State()
    questions = {q.id: q for q in rules.questions}
    facts = [f.id for f in load_law().guide.facts]
    given: dict[str, object] = {}
    ignore_time = False
    for key, value in _read_pairs(fragment, state):
        if key in questions:
            decoded = FROM_CODE.get(value)
            if decoded is None or not any(decoded == o and type(decoded) is type(o) for o in questions[key].options):
                allowed = "、".join(VALUE_CODES[o] for o in questions[key].options)
                state.problems.append(f"链接中“{key}”的值“{echo(value)}”无法识别（可用：{allowed}），已忽略。")
            else:
                given[key] = decoded
        elif key == "t":
            if value == "unsure":
                state.time_unsure = True
            elif value.startswith("-") and value.endswith("m") and value[1:-1].isdigit() and len(value) <= 7:
                state.ago = int(value[1:-1])
            else:
                state.discovered = value or None
        elif key == "ts":
            # Old links: a time that only defaulted to "now" is no time the user gave.
            if value == "now":
                ignore_time = True
        elif key == "ended":
            state.ended = value or None
        elif key == "psk":
            state.portal_site_kind = value or None
        elif key == "dsk":
            state.defaced_site_kind = value or None
        elif key == "j":
            state.judgements.append(value)
        elif key.startswith(PRESET_PREFIX) and key[len(PRESET_PREFIX) :] in PRESET_ATTRIBUTES:
            name = key[len(PRESET_PREFIX) :]
            decoded = FROM_CODE.get(value)
            if decoded is None or not any(decoded == o and type(decoded) is type(o) for o in questions[name].options):
                allowed = "、".join(VALUE_CODES[o] for o in questions[name].options)
                state.problems.append(
                    f'嵌入设置 {PRESET_ATTRIBUTES[name]}="{echo(value)}" 无效（可用：{allowed}），已忽略：请逐题回答。'
                )
            else:
                state.presets[name] = decoded
        elif key == "ask" and value in PRESET_ATTRIBUTES:
            state.ask.append(value)
        elif key == "contact":
            if len(value) > 200:
                state.problems.append("嵌入设置 data-contact 超过200字，已截断。")
            state.contact = value[:200] or None
        elif key == "lang":
            if value not in LANGUAGES:
                state.problems.append(f'嵌入设置 data-lang="{echo(value)}"：暂只提供中文版（zh），以中文显示。')
            state.lang = value or None
        elif key == "origin":
            state.origin = value or None
        elif key.startswith(FACT_PREFIX) and key[len(FACT_PREFIX) :] in facts:
            name = key[len(FACT_PREFIX) :]
            message = _fact_problem(name, value)
            if message:
                state.field_errors[name] = message
                state.raw_fields[name] = value[:40]
            elif value.strip():
                state.facts[name] = read_number(value) or 0.0
        else:
            state.problems.append(f"链接中的“{echo(key)}”无法识别，已忽略。")
    state.problems = list(dict.fromkeys(state.problems))
    if len(state.problems) > MAX_PROBLEMS:
        hidden = len(state.problems) - MAX_PROBLEMS + 1
        state.problems[MAX_PROBLEMS - 1 :] = [f"另有{hidden}处问题未列出（均已忽略）。"]
    # Presets answer their question unless the user has answered it, or chose to answer it anew.
    for name, preset in state.presets.items():
        if name not in given and name not in state.ask:
            given[name] = preset
            state.preset_answers.add(name)
    if ignore_time:
        state.discovered = None
    # Keep the answers in the tree's order; those the other answers make moot (a question whose
    # condition fails) are held, not lost. Later answers survive a gap, so one earlier answer can
    # be changed.
    for question in rules.questions:
        if question.id not in given:
            continue
        if all(given.get(name) is None or given[name] in values for name, values in question.ask_if.items()):
            state.path[question.id] = given[question.id]
        else:
            state.held[question.id] = given[question.id]
    _check_helper(state)
    return state


def _fact_problem(name: str, text: str) -> str | None:
    """Why a number typed into the grading helper cannot be used, in Chinese; None if it can."""
    if not text.strip():
        return None
    number = read_number(text)
    if number is None:
        return f"“{echo(text, 20)}”不是数字：可写 1200000、1,200,000、120万、约120万人 或 一百二十万。"
    if number < 0:
        return "不能为负数：请填写 0 或正数。"
    if name in percent_facts(load_law()) and number > 100:
        return "比例最多为100（%）。"
    return None


# The grading helper's fields, grouped by the kind of impact they measure (annex 通常情况下 items).
IMPACTS: tuple[tuple[str, str, tuple[str, ...], str | None], ...] = (
    ("leak", "个人信息泄露", ("personal_info_leaked_people",), None),
    ("loss", "直接经济损失", ("direct_economic_loss_yuan",), None),
    ("cii", "关键信息基础设施中断", ("cii_total_outage_minutes", "cii_main_function_outage_minutes"), None),
    ("portal", "门户网站、重点新闻网站不能访问", ("portal_unreachable_minutes",), "psk"),
    (
        "deface",
        "网站、平台被篡改，传播违法有害信息",
        ("defacement_home_page_minutes", "defacement_other_page_minutes", "defacement_shares", "defacement_views"),
        "dsk",
    ),
    (
        "life",
        "群众的工作、生活受影响（用水、用电、交通、就医等）",
        (
            "daily_life_affected_people",
            "prefectural_population_affected_percent",
            "provincial_population_affected_percent",
        ),
        None,
    ),
)
SITE_KIND_FIELDS = {
    "psk": ("portal_unreachable", "不能访问的网站属于"),
    "dsk": ("defacement", "被篡改的网站、平台属于"),
}


def _check_helper(state: State) -> None:
    """Inputs the engine would refuse, caught where they are entered: a message beside the field.

    While any field has a problem the level stays unanswered, so the level question (and its
    helper, open, with what was typed) is shown again instead of a result.
    """
    for _, _, names, kind in IMPACTS:
        if kind and any(name in state.facts for name in names):
            chosen = state.portal_site_kind if kind == "psk" else state.defaced_site_kind
            if not chosen:
                label = SITE_KIND_FIELDS[kind][1]
                state.field_errors[kind] = f"请选择{label}哪一类：附件按网站类别设不同的门槛。"
    if state.path.get("involves_cii") is False:
        for name in ("cii_total_outage_minutes", "cii_main_function_outage_minutes"):
            if name in state.facts:
                state.field_errors[name] = (
                    "第1题已回答“不涉及关键信息基础设施”，此项不适用。系统属于关键信息基础设施的，请先把第1题改为“是”。"
                )
                state.raw_fields[name] = _number(state.facts.pop(name))
    if state.field_errors and state.path.get("level") == "unknown":
        del state.path["level"]


_CN_DIGITS = dict(zip("零〇一二两三四五六七八九", (0, 0, 1, 2, 2, 3, 4, 5, 6, 7, 8, 9), strict=True))
_CN_UNITS = {"十": 10, "百": 100, "千": 1000}
_CN_BIG = {"万": 10_000, "亿": 100_000_000}
# Words around a number that do not change what to enter: "约120万人", "大约 5000 元", "超过30分钟".
_AROUND = (
    *("约", "大约", "近", "将近", "超过", "逾", "共"),
    *("人次", "人", "元", "条", "次", "分钟", "个", "户", "%", "％"),
)


def _chinese_number(text: str) -> float | None:
    """一百二十万 → 1200000; None unless ``text`` is made only of Chinese numerals."""
    if not text or any(c not in _CN_DIGITS and c not in _CN_UNITS and c not in _CN_BIG for c in text):
        return None
    total = section = digit = 0
    for char in text:
        if char in _CN_DIGITS:
            digit = _CN_DIGITS[char]
        elif char in _CN_UNITS:
            section += (digit or 1) * _CN_UNITS[char]
            digit = 0
        else:
            section += digit
            total = (total + section) * _CN_BIG[char] if _CN_BIG[char] > 10_000 else total + section * _CN_BIG[char]
            section = digit = 0
    return float(total + section + digit)


def read_number(text: str) -> float | None:
    """A number as people type it: ``1000000``, ``1,000,000``, ``100万``, ``1.5亿``, ``约120万人``,
    ``一百二十万``; None if it is none."""
    text = text.strip().replace(",", "").replace("，", "").replace(" ", "").replace("\u3000", "")
    changed = True
    while changed and text:
        changed = False
        for word in _AROUND:
            if text.startswith(word) or text.endswith(word):
                text = text.removeprefix(word).removesuffix(word)
                changed = True
    if (chinese := _chinese_number(text)) is not None:
        return chinese
    factor = 1
    for unit, value in (("亿", 100_000_000), ("万", 10_000)):
        if text.endswith(unit):
            text, factor = text[: -len(unit)], value
            break
    try:
        number = float(text) * factor
    except ValueError:
        return None
    return number if number == number and abs(number) != float("inf") else None


def _check_time(state: State, now: str | None) -> None:
    """Keep a readable time of discovery; otherwise say why, in Chinese, and use now instead."""
    if not state.discovered:
        return
    try:
        when = dt.datetime.fromisoformat(state.discovered)
        if not 2000 <= when.year <= 2099:
            raise ValueError
    except ValueError:
        state.problems.append(
            f"发现或获知时间“{echo(state.discovered)}”无法识别（应为 年-月-日 时:分，北京时间，2000–2099年）。"
            "已改用当前时间，请重新填写。"
        )
        state.discovered = None
        return
    if now and when.replace(tzinfo=when.tzinfo or BEIJING) > dt.datetime.fromisoformat(now) + dt.timedelta(minutes=5):
        state.problems.append("发现或获知时间晚于当前时间，请核对。")


def next_gating(path: dict[str, object]) -> Question | None:
    """The next question the result waits for: refining questions (``refine = true``) never hold
    it back — they are asked beside the result."""
    for question in load_rules().questions:
        if question.refine or question.id in path:
            continue
        if all(path.get(name) in values for name, values in question.ask_if.items()):
            return question
    return None


def prefix(path: dict[str, object]) -> dict[str, object]:
    """The answers up to the first unanswered question: the part a static page can show."""
    out: dict[str, object] = {}
    while (question := next_question(out)) is not None and question.id in path:
        out[question.id] = path[question.id]
    return out


def state_key(path: dict[str, object]) -> str:
    """The file name (without .html) of a state's static page: ``y-n-ma-n-n-n-n``, or ``start``.

    Static pages exist for gap-free states only, so answers after a gap are left out.
    """
    return "-".join(STATE_CODES[value] for value in prefix(path).values()) or "start"


def _a(href: str, text: str, fragment: str | None = None, cls: str = "") -> str:
    attributes = f' class="{cls}"' if cls else ""
    if fragment is not None:
        attributes += f' data-fragment="{escape(fragment)}"'
    return f'<a href="{escape(href)}"{attributes}>{escape(text)}</a>'


def _cite(key: str, place: Place) -> str:
    citation = resolve(key)
    return _a(citation.url(place.root), citation.label_zh, cls="ic-cite")


def _cites(keys: list[str] | tuple[str, ...], place: Place) -> str:
    return "、".join(_cite(key, place) for key in keys)


def _state_link(state: State, path: dict[str, object], text: str, place: Place, cls: str = "") -> str:
    return _a(f"{place.states}{state_key(path)}.html", text, state.fragment(path), cls)


def _question(state: State, question: Question, step: int, place: Place, mode: str) -> str:
    total = sum(1 for q in load_rules().questions if not q.refine) + (1 if mode == "live" else 0)
    options = "".join(
        "<li>"
        + _state_link(state, {**state.path, question.id: option}, answer_label(question.id, option), place, "ic-option")
        + "</li>"
        for option in question.options
    )
    helper = _grading_helper(state, place) if question.id == "level" and mode == "live" else ""
    if question.id == "level":
        helper += (
            f'<p class="ic-hint">对照{_a(place.root + "guide/#guide-compare", "各级定量指标对照表")}研判；'
            "不能判定的，选“尚不能判定”：较大以上时适用的时限照样列出。</p>"
        )
    return (
        f'<section class="ic-question" id="ic-question" tabindex="-1" aria-labelledby="ic-question-title"'
        f' data-question="{escape(question.id)}">'
        f'<p class="ic-step">第 {step} 题（共 {total} 题，随后即显示结果）</p>'
        f'<h2 class="ic-title" id="ic-question-title">{escape(question.text.zh)}</h2>'
        f'<p class="ic-help">{escape(question.help.zh)}</p>'
        f'<ul class="ic-options">{options}</ul>'
        f"{helper}"
        f'<p class="ic-basis">依据：{_cites(question.basis, place)}</p>'
        "</section>"
    )


def _fact_field(state: State, name: str) -> str:
    fact = load_law().guide.fact(name)
    value = state.raw_fields.get(name) or (_number(state.facts[name]) if name in state.facts else "")
    error = state.field_errors.get(name)
    described = f' aria-invalid="true" aria-describedby="ic-err-{escape(name)}"' if error else ""
    message = f'<span class="ic-field-error" id="ic-err-{escape(name)}">{escape(error)}</span>' if error else ""
    return (
        f'<label class="ic-field{" ic-field-invalid" if error else ""}"><span>{escape(fact.label.zh)}</span>'
        f'<input type="text" inputmode="decimal" autocomplete="off" id="ic-f-{escape(name)}"'
        f' name="{FACT_PREFIX}{escape(name)}" value="{escape(value)}"{described}>{message}</label>'
    )


def _kind_field(state: State, kind: str) -> str:
    topic, label = SITE_KIND_FIELDS[kind]
    chosen = state.portal_site_kind if kind == "psk" else state.defaced_site_kind
    error = state.field_errors.get(kind)
    choices = '<option value="">（请选择）</option>' + "".join(
        f'<option value="{escape(k.id)}"{" selected" if k.id == chosen else ""}>{escape(k.label.zh)}</option>'
        for k in load_rules().site_kinds_for(topic)
    )
    described = f' aria-invalid="true" aria-describedby="ic-err-{kind}"' if error else ""
    message = f'<span class="ic-field-error" id="ic-err-{kind}">{escape(error)}</span>' if error else ""
    return (
        f'<label class="ic-field{" ic-field-invalid" if error else ""}"><span>{label}</span>'
        f'<select name="{kind}" id="ic-f-{kind}"{described}>{choices}</select>{message}</label>'
    )


def _grading_helper(state: State, place: Place) -> str:
    """Numbers and judgements → the level, in the browser (submitted by the page's script).

    It asks first which kinds of impact there are — one folded group each, opened with a click —
    so only their fields show, each kind of site beside its numbers. A field that cannot be used
    gets its message beside it and the form stays open, with what was typed.
    """
    law = load_law()
    # The form sends every number, kind of site and judgement it shows: the base carries none of
    # them, or a second submission would repeat them (and a repeated key is dropped).
    base = replace(
        state, facts={}, raw_fields={}, judgements=[], portal_site_kind=None, defaced_site_kind=None
    ).fragment({**state.path, "level": "unknown"})
    groups = []
    for impact, title, names, kind in IMPACTS:
        if (
            impact == "cii"
            and state.path.get("involves_cii") is False
            and not any(n in state.raw_fields for n in names)
        ):
            continue  # CII = 否: the outage indicators do not apply
        used = any(n in state.facts or n in state.raw_fields for n in names) or kind in state.field_errors
        fields = (_kind_field(state, kind) if kind else "") + "".join(_fact_field(state, n) for n in names)
        groups.append(
            f'<details class="ic-impact" data-impact="{impact}"{" open" if used else ""}>'
            f'<summary>{escape(title)}</summary><div class="ic-impact-fields">{fields}</div></details>'
        )
    boxes = []
    for level in (Level.ESPECIALLY_MAJOR, Level.MAJOR, Level.RELATIVELY_MAJOR):
        items = []
        for key in qualitative_keys(law):
            if not key.startswith(f"guide/{level.number}/"):
                continue
            citation = resolve(key)
            checked = " checked" if key in state.judgements else ""
            text = text_of(key)
            if key.endswith("/indicator/6/4"):
                # site-scopes: only for the sites and platforms that level's item 6 lists.
                sites = text_of(key.rsplit("/", 1)[0]).split("被攻击篡改")[0]
                text = f"限于{sites}被攻击篡改时：{text}"
            items.append(
                f'<label class="ic-check"><input type="checkbox" name="j" value="{escape(key)}"{checked}>'
                f"<span>{escape(text)}（{_a(citation.url(place.root), citation.label_zh)}）</span></label>"
            )
        boxes.append(f"<fieldset><legend>{escape(LEVEL_ZH[level])}</legend>{''.join(items)}</fieldset>")
    judged = bool(state.judgements)
    errors = ""
    if state.field_errors:
        errors = (
            '<div class="ic-problems ic-grade-errors" id="ic-grade-errors" role="alert" tabindex="-1">'
            f"<p>有{len(state.field_errors)}项需要更正（见标出的字段）；其余已填写的内容都已保留。</p></div>"
        )
    return (
        f'<details class="ic-grade"{" open" if state.field_errors or state.facts or judged else ""}>'
        "<summary>不确定级别？按已知的影响，对照附件研判</summary>"
        f'<form class="ic-grade-form" data-fragment="{escape(base)}" novalidate>{errors}'
        '<p class="ic-hint">先点开有哪些影响，只填已知的项。'
        "数字可写 1200000、1,200,000、120万、约120万人 或 一百二十万；"
        "时长以分钟计（24小时 = 1440分钟）。“以上”均包括本数。</p>"
        f'<div class="ic-impacts">{"".join(groups)}</div>'
        f'<details class="ic-impact"{" open" if judged else ""}><summary>定性情形（原文照录，符合的请勾选）</summary>'
        f'<div class="ic-impact-fields">{"".join(boxes)}</div></details>'
        '<button type="submit" class="ic-button">研判级别并继续</button>'
        "</form></details>"
    )


def _below_thresholds(state: State, place: Place) -> str:
    """The numbers given against the 较大 thresholds, the 情形 still to judge, and one click to 一般."""
    try:
        answers = parse(state.engine_input() | {"level": "unknown"})
    except InputError:
        return ""
    grading = grade(answers)
    if grading.level is not None:
        return ""
    law = load_law()
    rows = []
    for name, value in state.facts.items():
        limits = [
            f"{_a(resolve(key).url(place.root), t.quote)}"
            for key, _, t in thresholds_of(law, Level.RELATIVELY_MAJOR)
            if t.fact == name
        ]
        if limits:
            rows.append(
                f"<li>{escape(law.guide.fact(name).label.zh)}：您填写 <strong>{escape(_number(value))}</strong>，"
                f"低于较大的门槛（{'、'.join(limits)}）</li>"
            )
    criteria = [key for key in qualitative_keys(law) if key.startswith("guide/3/")]
    judge = "".join(f"<li>{escape(text_of(key))}（{_cite(key, place)}）</li>" for key in criteria)
    general = {**state.path, "level": "general"}
    return (
        '<section class="ic-below" aria-labelledby="ic-below-title">'
        '<h3 id="ic-below-title">所填数字没有达到较大以上的任何指标</h3>'
        f'<ul class="ic-below-numbers">{"".join(rows)}</ul>'
        "<p>这还不能说明是一般事件：还需判断附件三（较大）的下列情形，以及未填写的其他影响"
        f"（{_cite('interpretations/graded-general-caveat', place)}）：</p>"
        f'<ol class="ic-below-criteria">{judge}</ol>'
        f'<p class="ic-conclude">{_state_link(state, general, "上述情形均不符合：级别为一般", place, "ic-option")}'
        "　符合其中任何一项的，在下方勾选后重新研判；一时不能判定的，选“尚不能判定”。</p></section>"
    )


def answer_label(question: str, value: object) -> str:
    """How an answer reads: 是 / 否 / 尚不确定, a level, or 尚不能判定 for an unknown level."""
    return LEVEL_UNKNOWN_LABEL if question == "level" and value == "unknown" else OPTION_LABELS[value]


def _summary(state: State, place: Place, collapsed: bool = False) -> str:
    if not state.path:
        return ""
    rows = []
    for key, value in state.path.items():
        shown = answer_label(key, value)
        if key == "level" and value == "unknown" and (state.facts or state.judgements):
            shown = _graded_label(state, place)
        change = {k: v for k, v in state.path.items() if k != key and k not in state.preset_answers}
        chooser = replace(state, ask=[*state.ask, key]) if key in state.preset_answers else state
        preset = '<span class="ic-preset">（本单位预设）</span>' if key in state.preset_answers else ""
        rows.append(
            f'<li><span class="ic-summary-q">{escape(SUMMARY_TITLES[key])}</span>'
            f'<span class="ic-summary-a">{shown if key == "level" else escape(shown)}</span>{preset}'
            f" {_state_link(chooser, change, '更改', place, 'ic-change')}</li>"
        )
    restart = "&".join(f"{_encode(k)}={_encode(v)}" for k, v in state.carried(ask=[]))
    start = _a(f"{place.states}start.html", "重新开始", restart, "ic-restart")
    body = f'<ol>{"".join(rows)}</ol><p class="ic-restart-line">{start}</p>'
    if collapsed:
        return (
            f'<details class="ic-summary"><summary class="ic-summary-title" id="ic-summary-title">'
            f"您的回答（{len(rows)}项，可更改）</summary>{body}</details>"
        )
    return (
        '<section class="ic-summary" aria-labelledby="ic-summary-title">'
        f'<h2 class="ic-summary-title" id="ic-summary-title">您的回答</h2>{body}</section>'
    )


def _graded_label(state: State, place: Place) -> str:
    try:
        grading = grade(parse(state.engine_input()))
    except InputError:
        return escape(LEVEL_UNKNOWN_LABEL)
    if grading.level is None:
        return escape(f"{LEVEL_UNKNOWN_LABEL}（所给数字和判断未达到较大以上的指标）")
    return (
        f"按附件“通常情况下”的指标，可判别为{escape(LEVEL_ZH[grading.level])}"
        f"（依据：{_cites(grading.basis, place)}；{_cite('interpretations/indicators-usual-test', place)}）"
    )


def _beijing(moment: str | None) -> str:
    if not moment:
        return ""
    when = dt.datetime.fromisoformat(moment).astimezone(BEIJING)
    return f"{when.year}年{when.month}月{when.day}日 {when:%H:%M}"


def _duration(minutes: int | None) -> str:
    if minutes is None:
        return "按其要求 / 及时"
    if minutes % 60 == 0:
        return f"{minutes // 60}小时内"
    return f"{minutes}分钟内"


def _conditions(entry: Result) -> str:
    if not entry.get("conditional"):
        return ""
    labels = "；".join(c["label"]["zh"] for c in entry["conditions"])
    return f'<span class="ic-condition">{escape(labels)}</span>'


def _due(entry: Result, mode: str) -> str:
    promptness = f'<span class="ic-within">{escape(entry["promptness"]["zh"])}</span>'
    if entry["due_at"] and mode == "live":
        return (
            f'<time class="ic-due" datetime="{escape(entry["due_at"])}">{escape(_beijing(entry["due_at"]))}</time>'
            f'<span class="ic-countdown" data-due="{escape(entry["due_at"])}" aria-live="off"></span>{promptness}'
        )
    if entry["within_minutes"] is None:
        return promptness
    pending = '<span class="ic-pending">截止时刻待确认</span>' if mode == "live" else ""
    return f"发现或获知后{escape(_duration(entry['within_minutes']))}{pending}{promptness}"


def _headline(result: Result, place: Place, mode: str) -> str:
    level = result["level"]
    label = LEVEL_UNKNOWN_LABEL if level == "unknown" else LEVEL_ZH[Level(level)]
    basis = _cites(result["level_basis"], place) if result["level_basis"] else ""
    source = {"given": "您选择的级别", "graded": "按附件“通常情况下”的指标可判别", "unknown": "级别未定"}[
        result["level_source"]
    ]
    if not result["in_force"]:
        verdict, cls = "本办法不要求报告", "ic-verdict-none"
        why = (
            f"发现时间早于本办法施行日（2025年11月1日，{_cite('measures/14/1', place)}）："
            f"本办法的报告程序不适用（{_cite('interpretations/before-in-force', place)}）；"
            "其他法律法规的义务见下。"
        )
    elif result["must_report"] is True:
        verdict, cls = "必须报告", "ic-verdict-report"
        why = f"属于较大以上网络安全事件，应当按第四条规定的程序报告（{_cite('measures/4/1', place)}）。"
    elif result["must_report"] is False:
        verdict, cls = "本办法不要求报告", "ic-verdict-none"
        why = f"一般网络安全事件不属于较大以上，本办法不要求报告（{_cite('measures/4/1', place)}）；其他义务见下。"
    else:
        verdict, cls = "尚不能确定是否必须报告", "ic-verdict-unknown"
        why = (
            "是否必须报告取决于是否属于较大以上。时限自发现时起已在计算：下列报告在较大以上时适用"
            f"（{_cite('interpretations/unknown-level', place)}）。"
        )
    level_line = f"级别：<strong>{escape(label)}</strong>（{escape(source)}{'：' + basis if basis else ''}）"
    return (
        f'<div class="ic-headline {cls}"><p class="ic-verdict">{escape(verdict)}</p>'
        f"{_next_step(result, mode)}"
        f'<p class="ic-level">{level_line}</p><p class="ic-why">{why}</p>{_secret_warning(result, place)}</div>'
    )


def _promptness_word(report: Result) -> str:
    """第一时间 or 及时: the text's own word before the hour limit (interpretation "promptness")."""
    return "第一时间" if report["promptness"]["zh"].startswith("第一时间") else "及时"


def _next_step(result: Result, mode: str) -> str:
    """Every timed duty at the top, one line per deadline: definite ones first, then those that
    may apply, each with its condition, recipients and channel."""
    timed = [r for r in result["reports"] if r["within_minutes"] is not None]
    untimed = [r for r in result["reports"] if r["within_minutes"] is None and not r["conditional"]]
    if not timed and not untimed:
        return ""
    groups: dict[tuple[bool, int, str], list[Result]] = {}
    for report in sorted(timed, key=lambda r: (r["conditional"], r["within_minutes"])):
        conditions = "；".join(c["label"]["zh"] for c in report["conditions"])
        groups.setdefault((report["conditional"], report["within_minutes"], conditions), []).append(report)
    lines = []
    for (conditional, minutes, conditions), reports in groups.items():
        who = "、".join(dict.fromkeys(r["to_label"]["zh"] for r in reports))
        word = _promptness_word(reports[0])
        due = reports[0]["due_at"]
        if due and mode == "live":
            when = f"{word}报告，最迟 <strong>{escape(_beijing(due))}</strong>"
            countdown = f' <span class="ic-countdown" data-due="{escape(due)}"></span>'
        else:
            when = f"{word}报告，最迟<strong>发现或获知后{escape(_duration(minutes))}</strong>"
            countdown = ' <span class="ic-pending">截止时刻待确认</span>' if mode == "live" else ""
        channel = "；".join(
            dict.fromkeys(
                "经12387渠道" if r["channel"]["kind"] == "12387" else f"经{r['to_label']['zh']}指定的渠道"
                for r in reports
            )
        )
        prefix = f'<span class="ic-condition">{escape(conditions)}：</span>' if conditional else ""
        cls = "ic-next ic-next-conditional" if conditional else "ic-next"
        lines.append(
            f'<li class="{cls}">{prefix}向<strong>{escape(who)}</strong>{when}（{escape(channel)}）。{countdown}</li>'
        )
    for report in untimed:
        lines.append(
            f'<li class="ic-next">向<strong>{escape(report["to_label"]["zh"])}</strong>'
            f"{escape(report['promptness']['zh'])}。</li>"
        )
    return f'<ul class="ic-next-list">{"".join(lines)}</ul>'


def _contact(state: State) -> str:
    if not state.contact:
        return ""
    return f'<p class="ic-contact">本单位内部联系人（由本页设置）：<strong>{escape(state.contact)}</strong></p>'


def _secret_warning(result: Result, place: Place) -> str:
    if not any(f["id"] == "state_secret" for f in result["follow_ups"]):
        return ""
    return (
        '<p class="ic-secret">涉及国家秘密：按照有关部门规定报告，不要通过普通渠道（包括12387网站、邮箱）'
        f"传递涉密信息（{_cite('measures/13/1', place)}）。</p>"
    )


def _reports(result: Result, place: Place, mode: str) -> str:
    if not result["reports"]:
        return ""
    rows = "".join(
        f'<tr data-to="{escape(r["to"])}" data-within="{r["within_minutes"] or ""}">'
        f'<th scope="row">{escape(r["to_label"]["zh"])}{_conditions(r)}</th>'
        f'<td data-label="类别">{escape(KIND_LABELS[r["kind"]])}</td>'
        f'<td class="ic-when" data-label="最迟">{_due(r, mode)}</td>'
        f'<td class="ic-channel" data-label="渠道" data-channel="{escape(r["channel"]["kind"])}">'
        f"{_report_channel(r, place)}</td>"
        f'<td data-label="依据">{_cite(r["basis"], place)}</td>'
        "</tr>"
        for r in result["reports"]
    )
    clock = ""
    if mode != "live" and result["reports"]:
        clock = (
            '<p class="ic-hint">这是静态版本：时限以“发现或获知后多久”表示。'
            "启用 JavaScript 后可显示北京时间的截止时刻和倒计时。</p>"
        )
    return (
        '<section class="ic-section" aria-labelledby="ic-reports-title">'
        '<h3 id="ic-reports-title">向谁报告、最迟何时（按时限从早到晚）</h3>'
        f"{clock}"
        '<div class="ic-table-wrap"><table class="ic-table"><thead><tr><th scope="col">报告对象</th>'
        '<th scope="col">类别</th><th scope="col">最迟</th><th scope="col">渠道</th><th scope="col">依据</th>'
        "</tr></thead>"
        f"<tbody>{rows}</tbody></table></div></section>"
    )


def _report_channel(report: Result, place: Place) -> str:
    """The channel for one recipient: 12387 only for the cyberspace administration (第九条)."""
    channel = report["channel"]
    if channel["kind"] == "12387":
        return f"{_a('#ic-channels-title', '12387渠道')}（{_cite(channel['basis'], place)}）"
    return f"{escape(channel['text']['zh'])}（{_cite(channel['basis'], place)}）"


TIME_OPTIONS = ((0, "刚刚发现"), (15, "约15分钟前"), (30, "约30分钟前"), (60, "约1小时前"))


def _time_input(state: State, now: str | None, label: str, button: str) -> str:
    """A form for the exact time of discovery (Beijing time), to the minute."""
    latest = dt.datetime.fromisoformat(now).astimezone(BEIJING) if now else None
    value = ""
    if state.discovered:
        try:
            value = f' value="{dt.datetime.fromisoformat(state.discovered).astimezone(BEIJING):%Y-%m-%dT%H:%M}"'
        except ValueError:
            value = ""
    maximum = f' max="{latest:%Y-%m-%dT%H:%M}"' if latest else ""
    return (
        '<form class="ic-time-form" aria-labelledby="ic-time-label">'
        f'<label class="ic-field"><span id="ic-time-label">{escape(label)}</span>'
        f'<input type="datetime-local" name="t" step="60" required min="2000-01-01T00:00"{maximum}{value}></label>'
        f'<button type="submit" class="ic-button">{escape(button)}</button></form>'
    )


def _time_question(state: State, step: int, total: int, place: Place, now: str | None) -> str:
    """When was the incident discovered or learned of? One click for the common answers."""
    href = f"{place.states}{state_key(state.path)}.html"
    options = "".join(
        f"<li>{_a(href, label, state.fragment(discovered=None) + f'&t=-{minutes}m', 'ic-option')}</li>"
        for minutes, label in TIME_OPTIONS
    )
    unsure = _a(
        f"{place.states}{state_key(state.path)}.html",
        "尚不确定（先按时长显示）",
        state.fragment(discovered=None) + "&t=unsure",
        "ic-option",
    )
    return (
        '<section class="ic-question" id="ic-question" tabindex="-1" aria-labelledby="ic-question-title"'
        ' data-question="t">'
        f'<p class="ic-step">第 {step} 题（共 {total} 题，随后即显示结果）</p>'
        '<h2 class="ic-title" id="ic-question-title">什么时候发现或获知这一事件？</h2>'
        '<p class="ic-help">报告时限从发现或获知事件时起算，按小时连续计算，夜间、节假日不中止。'
        "服务商告知的，至迟从它告知本单位时起算。</p>"
        f'<ul class="ic-options">{options}<li>{unsure}</li></ul>'
        f"{_time_input(state, now, '更早：填写发现或获知的时间（北京时间）', '确定')}"
        f'<p class="ic-basis">依据：{_cite("measures/4/1", place)}、{_cite("interpretations/clock-start", place)}、'
        f"{_cite('interpretations/hours-run-continuously', place)}</p></section>"
    )


def _time_line(state: State, result: Result, now: str | None) -> str:
    """The time of discovery under the verdict: the deadlines count from it; change it in place."""
    if not result["discovered_at"]:
        return (
            '<div class="ic-time-pending" id="ic-time"><p><strong>截止时刻待确认：</strong>'
            "时限从发现或获知事件时起算。填写那个时间，即显示北京时间的截止时刻和倒计时。</p>"
            f"{_time_input(state, now, '发现或获知事件的时间（北京时间）', '显示截止时刻')}</div>"
        )
    when = dt.datetime.fromisoformat(result["discovered_at"]).astimezone(BEIJING)
    quick = []
    for minutes, label in ((15, "早15分钟"), (30, "早30分钟"), (60, "早1小时"), (180, "早3小时")):
        earlier = (when - dt.timedelta(minutes=minutes)).strftime("%Y-%m-%dT%H:%M")
        fragment = state.fragment(discovered=earlier)
        quick.append(f"<li>{_a('#' + fragment, label, fragment)}</li>")
    return (
        '<div class="ic-time" id="ic-time"><p>发现或获知时间：'
        f"<strong>{escape(_beijing(result['discovered_at']))}</strong>（北京时间），时限由此起算。</p>"
        '<details class="ic-time-change"><summary>更改发现时间</summary>'
        f"{_time_input(state, now, '发现或获知事件的时间（北京时间）', '更新截止时刻')}"
        f'<ul class="ic-quick" aria-label="快速调整发现时间">{"".join(quick)}</ul></details></div>'
    )


def _refine(state: State, place: Place, mode: str) -> str:
    """The refining questions beside the result: one click each. Live, all of them (an answer can
    be changed); static, the next unanswered one, so every link leads to a pre-rendered page."""
    rules = load_rules()
    asked = [
        q
        for q in rules.questions
        if q.refine and all(state.path.get(name) in values for name, values in q.ask_if.items())
    ]
    if mode != "live":
        asked = [q for q in asked if q.id not in state.path][:1]
    if not asked:
        return ""
    rows = []
    for question in asked:
        chosen = state.path.get(question.id)
        options = "".join(
            "<li>"
            + (
                f'<span class="ic-chosen" aria-current="true">{escape(answer_label(question.id, option))}</span>'
                if question.id in state.path and chosen == option and type(chosen) is type(option)
                else _state_link(
                    state, {**state.path, question.id: option}, answer_label(question.id, option), place, "ic-option"
                )
            )
            + "</li>"
            for option in question.options
        )
        rows.append(
            f'<div class="ic-refine-q" data-question="{escape(question.id)}">'
            f'<p class="ic-refine-text">{escape(question.text.zh)}<span class="ic-refine-help">'
            f"{escape(question.help.zh)}（{_cites(question.basis, place)}）</span></p>"
            f'<ul class="ic-options ic-options-inline">{options}</ul></div>'
        )
    return (
        '<section class="ic-section ic-refine" aria-labelledby="ic-refine-title">'
        '<h3 id="ic-refine-title">补充情况（各一键回答，结果随即更新）</h3>'
        f"{''.join(rows)}</section>"
    )


def _escalations(result: Result, place: Place) -> str:
    if not result["escalations"]:
        return ""
    items = "".join(
        f"<li>{escape(e['by_label']['zh'])} → {escape('、'.join(t['zh'] for t in e['to_labels']))}："
        f"{escape(_duration(e['within_minutes']) if e['within_minutes'] else e['timing']['zh'])}"
        f"{_conditions(e)}（{_cite(e['basis'], place)}）</li>"
        for e in result["escalations"]
    )
    return (
        '<section class="ic-section" aria-labelledby="ic-escalations-title">'
        '<h3 id="ic-escalations-title">接收部门随后的义务（不是您的时限）</h3>'
        '<p class="ic-hint">时限从接收部门收到报告时起算'
        f"（{_cite('interpretations/authorities-escalation', place)}）。</p>"
        f"<ul>{items}</ul></section>"
    )


def _channels(result: Result, place: Place) -> str:
    if not result["channels"]:
        return ""
    if not any(r["channel"]["kind"] == "12387" for r in result["reports"]):
        return (
            '<section class="ic-section" aria-labelledby="ic-channels-title">'
            '<h3 id="ic-channels-title">报告渠道</h3>'
            "<p>本结果的报告对象都不是网信部门：按各机关指定的渠道报告。12387是网信部门统一接收报告的渠道，"
            f"向12387报告不能代替向这些机关报告（{_cite('interpretations/channels', place)}）。</p></section>"
        )
    items = "".join(
        f"<li><strong>{escape(c['value'])}</strong> — {escape(c['label']['zh'])}"
        f'<span class="ic-needs">需要：{escape(c["needs"]["zh"])}'
        f"{'；本单位网络中断时仍可用' if c['works_without_own_network'] else ''}</span></li>"
        for c in result["channels"]
    )
    return (
        '<section class="ic-section" aria-labelledby="ic-channels-title">'
        '<h3 id="ic-channels-title">12387渠道：向属地省级网信部门报告时使用</h3>'
        "<p><strong>12387是网信部门统一接收报告的渠道，不能代替向保护工作部门、公安机关、本部门网信工作机构"
        "或行业主管监管部门报告</strong>：向这些机关报告，经各自指定的渠道"
        f"（{_cite('interpretations/channels', place)}）。</p>"
        f'<ul class="ic-channels">{items}</ul>'
        f'<p class="ic-basis">依据：{_cite("qa/6/1", place)}、{_cite("measures/9/1", place)}；'
        f"{_cite('interpretations/channels', place)}</p></section>"
    )


def _contents(result: Result, place: Place) -> str:
    contents = result["contents"]
    if not contents:
        return ""

    def items(entries: list[Result]) -> str:
        return "".join(
            f"<li>{escape(i['text'])}（{_cite(i['basis'], place)}）"
            + (
                f'<span class="ic-may-follow">规定时间内不能判定的，可先报第一、二项，本项及时补报'
                f"（{_cite(i['basis_may_follow'], place)}）</span>"
                if i["basis_may_follow"]
                else ""
            )
            + "</li>"
            for i in entries
        )

    ransom = ""
    if contents["ransomware_fields"]:
        fields = "".join(f"<li>{escape(f['label']['zh'])}</li>" for f in contents["ransomware_fields"])
        ransom = f"<p>勒索软件攻击，第二项还应包括（{_cite('measures/7/1/2', place)}）：</p><ul>{fields}</ul>"
    return (
        '<section class="ic-section" aria-labelledby="ic-contents-title">'
        '<h3 id="ic-contents-title">报告内容：应当包括以下八项</h3>'
        f"<p>报告应当包括全部八项（{_cite(contents['required_basis'], place)}；"
        f"{_cite('interpretations/report-contents', place)}）。只有规定时间内不能判定事发原因、影响或发展趋势等情况的，"
        f"才可先报告第一项、第二项，其他情况及时补报（{_cite(contents['first_report_basis'], place)}）。</p>"
        f'<ol class="ic-contents-items">{items(contents["items"])}</ol>{ransom}'
        '<label class="ic-field ic-draft-label" for="ic-draft"><span>报告草稿（纯文本，可复制后填写）</span></label>'
        f'<textarea id="ic-draft" class="ic-draft" readonly rows="12">{escape(contents["draft"])}</textarea>'
        f'<pre class="ic-draft-print" aria-hidden="true">{escape(contents["draft"])}</pre>'
        '<p class="ic-js-only"><button type="button" class="ic-button" data-copy="ic-draft">复制草稿</button>'
        '<span class="ic-copied" role="status"></span></p></section>'
    )


def _cited_items(entries: list[Result], place: Place) -> str:
    """One list item per entry: its Chinese text and its citation."""
    return "".join(f"<li>{escape(e['text']['zh'])}（{_cite(e['basis'], place)}）</li>" for e in entries)


def _entries(title: str, anchor: str, entries: list[Result], place: Place, extra: str = "") -> str:
    if not entries:
        return ""
    items = _cited_items(entries, place)
    return (
        f'<section class="ic-section" aria-labelledby="{anchor}"><h3 id="{anchor}">{escape(title)}</h3>'
        f"<ul>{items}</ul>{extra}</section>"
    )


def _notes(result: Result, place: Place) -> str:
    """The notes, folded on screen (there are many) and printed in full."""
    items = _cited_items(result["notes"], place)
    return (
        '<section class="ic-section" aria-labelledby="ic-notes-title"><details class="ic-notes">'
        f'<summary><h3 id="ic-notes-title">说明（{len(result["notes"])}条：适用范围、起算、罚则等）</h3></summary>'
        f"<ul>{items}</ul></details></section>"
    )


def _follow_ups(result: Result, place: Place, mode: str) -> str:
    extra = ""
    summary = next((f for f in result["follow_ups"] if f["id"] == "summary_report"), None)
    if summary and summary.get("due_on"):
        extra += (
            f'<p class="ic-summary-due">事件处置总结报告最迟：<strong>{escape(summary["due_on"])}</strong>'
            f"（{_cite('interpretations/summary-30-days', place)}）</p>"
        )
    if summary and mode == "live":
        extra += (
            '<form class="ic-ended-form"><label class="ic-field"><span>处置工作结束的日期（用于计算30日期限）</span>'
            '<input type="date" name="ended"></label><button type="submit" class="ic-button">计算</button></form>'
        )
    return _entries("后续义务", "ic-follow-title", result["follow_ups"], place, extra)


def _settle(result: Result, place: Place) -> str:
    settle = result.get("settle")
    if not settle or result["level"] != "unknown":
        return ""
    facts = "".join(
        f"<li>{escape(f['label']['zh'])}："
        + "；".join(
            f"{escape(LEVEL_ZH[Level(t['level'])])} {_a(resolve(t['basis']).url(place.root), t['quote'])}"
            for t in f["thresholds"]
        )
        + "</li>"
        for f in settle["facts"]
    )
    return (
        '<section class="ic-section" aria-labelledby="ic-settle-title">'
        '<h3 id="ic-settle-title">哪些事实可以确定级别</h3>'
        "<p>下列任何一项达到较大以上的门槛，即可确定级别（“以上”包括本数）；定性情形见"
        f"{_a(place.root + 'guide/', '分级指南')}。</p>"
        f'<details><summary>各项数字的门槛</summary><ul class="ic-settle">{facts}</ul></details></section>'
    )


def _record(state: State, result: Result, now: str | None, place: Place) -> str:
    law = load_law()
    source = law.measures.source
    answers = "".join(
        f"<li>{escape(SUMMARY_TITLES[k])}：{escape(answer_label(k, v))}</li>"
        for k, v in state.path.items()
        if k != "level"
    )
    level = LEVEL_UNKNOWN_LABEL if result["level"] == "unknown" else LEVEL_ZH[Level(result["level"])]
    how = {"given": "所选", "graded": "按附件“通常情况下”的指标可判别", "unknown": "未定"}[result["level_source"]]
    basis = "、".join(resolve(k).label_zh for k in result["level_basis"])
    answers += f"<li>事件级别：{escape(level)}（{escape(how)}{'：' + escape(basis) if basis else ''}）</li>"
    judged = "".join(f"<li>判断符合：{_cite(key, place)}</li>" for key in state.judgements)
    facts = "".join(
        f"<li>{escape(law.guide.fact(k).label.zh)}：{escape(_number(v))}</li>" for k, v in state.facts.items()
    )
    return (
        '<section class="ic-section ic-record" aria-labelledby="ic-record-title">'
        '<h3 id="ic-record-title">记录</h3>'
        f"<ul>{answers}{facts}{judged}</ul>"
        f"<p>发现或获知时间：{escape(_beijing(result['discovered_at']) or '未填写')}"
        f"{'（北京时间，UTC+8）' if result['discovered_at'] else ''}"
        f"{'（未写时区，按北京时间理解）' if result['time_assumed_beijing'] else ''}</p>"
        f"<p>规则版本：{escape(result['rules_version'])}；条文：《{escape(source.title)}》"
        f"（{escape(str(source.issued))}印发，{escape(str(source.effective))}起施行），"
        f"本站核对于 {escape(result['text_checked_on'])}</p>"
        f"<p>生成时间：{escape(_beijing(now) + '（北京时间，UTC+8）' if now else '（静态页面，构建时生成）')}</p>"
        '<p class="ic-record-url">本结果的链接：<span data-page-url></span></p>'
        '<p class="ic-js-only"><button type="button" class="ic-button" data-download="json">下载记录（JSON）</button> '
        + (
            '<button type="button" class="ic-button" data-download="ics">下载截止时刻日历（.ics）</button> '
            if any(r["due_at"] for r in result["reports"])
            else ""
        )
        + '<button type="button" class="ic-button" data-print>打印</button></p>'
        '<p class="ic-hint">本工具的结果是对条文的整理，不是法律意见；条文以官方文本为准。</p></section>'
    )


def _result(state: State, result: Result, now: str | None, place: Place, mode: str) -> str:
    return (
        '<section class="ic-result" id="ic-result" tabindex="-1" aria-labelledby="ic-result-title">'
        '<h2 class="ic-title" id="ic-result-title">结果</h2>'
        f"{_headline(result, place, mode)}"
        f"{_contact(state)}"
        f"{_time_line(state, result, now) if mode == 'live' and result['reports'] else ''}"
        f"{_below_thresholds(state, place) if result['level'] == 'unknown' and state.facts else ''}"
        f"{_refine(state, place, mode)}"
        f"{_reports(result, place, mode)}"
        f"{_escalations(result, place)}"
        f"{_channels(result, place)}"
        f"{_contents(result, place)}"
        f"{_settle(result, place)}"
        f"{_follow_ups(result, place, mode)}"
        f"{_entries('值得核查的其他义务（本工具不作判断）', 'ic-duties-title', result['other_duties'], place)}"
        f"{_notes(result, place)}"
        f"{_record(state, result, now, place)}"
        "</section>"
    )


def _problems(problems: list[str]) -> str:
    if not problems:
        return ""
    items = "".join(f"<li>{escape(p)}</li>" for p in problems)
    return f'<div class="ic-problems" role="alert"><ul>{items}</ul></div>'


@dataclass(frozen=True)
class Rendered:
    """What the page needs for one state."""

    html: str
    fragment: str
    focus: str  # id of the element that should receive focus
    record: str  # JSON record (empty until there is a result)
    ics: str  # calendar file (empty without clock times)
    level: str | None = None
    must_report: bool | None = None
    earliest_due: str | None = None


def render(fragment: str, *, now: str | None = None, mode: str = "static", place: Place | None = None) -> Rendered:
    """The widget's markup for the state in ``fragment``; never raises for bad input.

    Args:
        fragment: the URL fragment, with or without '#'.
        now: the current time (ISO 8601), used as the time of discovery when none is given (live mode).
        mode: ``"live"`` (browser, clock times) or ``"static"`` (build time, durations).
        place: where the markup is shown (links to the site root and to the static pages).
    """
    place = place or Place()
    state = parse_fragment(fragment)
    question = next_gating(state.path)
    if mode == "live":
        if state.ago is not None and now:
            moment = dt.datetime.fromisoformat(now).astimezone(BEIJING) - dt.timedelta(minutes=state.ago)
            state.discovered, state.ago = moment.strftime("%Y-%m-%dT%H:%M"), None
        _check_time(state, now)
    if mode == "static":
        state.discovered = state.ended = None
        state.ago, state.time_unsure = None, False
    open_ = f'<div class="ic" data-mode="{mode}" data-state="{escape(state_key(state.path))}">'
    gating = [q.id for q in load_rules().questions if not q.refine]
    total = len(gating) + (1 if mode == "live" else 0)
    if question is not None:
        step = gating.index(question.id) + 1
        body = _problems(state.problems) + _summary(state, place) + _question(state, question, step, place, mode)
        focus = f"ic-f-{next(iter(state.field_errors))}" if state.field_errors else "ic-question"
        return Rendered(open_ + body + "</div>", state.fragment(), focus, "", "")
    if mode == "live" and not state.discovered and not state.time_unsure:
        body = _problems(state.problems) + _summary(state, place) + _time_question(state, total, total, place, now)
        return Rendered(open_ + body + "</div>", state.fragment(), "ic-question", "", "")
    try:
        result = assess(parse(state.engine_input()))
    except InputError as error:
        # Every input the engine refuses should have been caught where it is entered; if one is
        # not, say so in Chinese with the field, never the engine's own message.
        field_name = error.field.split(".")[-1].split(" ")[0]
        label = SUMMARY_TITLES.get(field_name) or next(
            (f.label.zh for f in load_law().guide.facts if f.id == field_name), field_name
        )
        state.problems.append(f"无法计算结果：“{label}”的值不符合要求，请更改该项（可点“更改”）。")
        body = _problems(state.problems) + _summary(state, place)
        return Rendered(open_ + body + "</div>", state.fragment(), "ic-summary-title", "", "")
    body = _problems(state.problems) + _summary(state, place, collapsed=True) + _result(state, result, now, place, mode)
    generated = dt.datetime.fromisoformat(now).astimezone(BEIJING).isoformat(timespec="seconds") if now else None
    record = json.dumps(
        {"generated_at": generated, "fragment": state.fragment(), "input": state.engine_input(), "result": result},
        ensure_ascii=False,
        indent=1,
    )
    dues = [r["due_at"] for r in result["reports"] if r["due_at"]]
    return Rendered(
        html=open_ + body + "</div>",
        fragment=state.fragment(),
        focus="ic-result",
        record=record,
        ics=ics(result, now) if dues else "",
        level=result["level"],
        must_report=result["must_report"],
        earliest_due=min(dues) if dues else None,
    )


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


def ics(result: Result, now: str | None) -> str:
    """An iCalendar file with one event, and a 15-minute alarm, per report deadline."""
    stamp = dt.datetime.fromisoformat(now).astimezone(dt.UTC) if now else dt.datetime(2025, 11, 1, tzinfo=dt.UTC)
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//incident-reporting-guide//decision_tree//ZH",
        "CALSCALE:GREGORIAN",
    ]
    for n, report in enumerate(r for r in result["reports"] if r["due_at"]):
        due = dt.datetime.fromisoformat(report["due_at"]).astimezone(dt.UTC)
        citation = resolve(report["basis"]).label_zh
        lines += [
            "BEGIN:VEVENT",
            f"UID:{due:%Y%m%dT%H%M%SZ}-{n}-{report['to']}@incident-reporting-guide",
            f"DTSTAMP:{stamp:%Y%m%dT%H%M%SZ}",
            f"DTSTART:{due:%Y%m%dT%H%M%SZ}",
            f"DTEND:{due:%Y%m%dT%H%M%SZ}",
            "SUMMARY:"
            + _ics_text(
                ("可能适用 · " if report["conditional"] else "")
                + f"报告截止：向{report['to_label']['zh']}报告（{citation}）"
            ),
            "DESCRIPTION:" + _ics_text(f"{report['promptness']['zh']}。依据：《{TITLE}》{citation}。"),
            "BEGIN:VALARM",
            "ACTION:DISPLAY",
            "TRIGGER:-PT15M",
            "DESCRIPTION:" + _ics_text(f"15分钟后截止：向{report['to_label']['zh']}报告"),
            "END:VALARM",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "\r\n".join(folded for line in lines for folded in _fold(line)) + "\r\n"


# The request's keys and what each may be, for respond's messages.
REQUEST_KEYS = {
    "fragment": "链接中 # 之后的文本",
    "now": "当前时间（ISO 8601，含时区，如 2025-11-03T15:40:00Z）或 null",
    "root": "从本页到网站根目录的相对路径文本（如 ../）",
    "states": "从本页到静态状态页目录的相对路径文本（如 s/）",
}
REQUEST_USAGE = '请求应为一个 JSON 对象，如 {"fragment": "involves_cii=yes", "now": "2025-11-03T15:40:00Z"}。'
MAX_PATH = 200  # root and states are short relative paths


class _BadRequest(ValueError):
    """A request respond cannot use; the message is one line in Chinese, naming the field."""


def _request(request: object) -> tuple[str, str | None, Place]:
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
    return str(data.get("fragment", "")), (str(now) if now else None), place


def respond(request: str) -> str:
    """The browser boundary: a JSON request string in, a JSON response string out; never raises.

    Request: ``{"fragment": "...", "now": "ISO 8601" | null, "root": "../", "states": "s/"}``.
    Response: ``{"html", "fragment", "focus", "record", "ics", "level", "must_report", "earliest_due"}``,
    or ``{"error": "..."}`` — one line in Chinese naming the field and what is allowed — for a
    request that cannot be used (not JSON, a repeated or unknown key, a wrong type, a time that
    cannot be read). The fragment itself is read leniently: what cannot be used is listed on the
    page (see :func:`parse_fragment`).
    """
    try:
        fragment, now, place = _request(request)
        rendered = render(fragment, now=now, mode="live", place=place)
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
