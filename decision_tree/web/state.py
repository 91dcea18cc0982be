"""The questionnaire's state: the URL fragment read and written, and the checks made on entry.

Package room. May import: the standard library, ``decision_tree.web.texts`` and the other
``decision_tree`` modules except ``web`` and ``__main__``.

State lives in the URL fragment, keyed by question id (``involves_cii=yes&level=major&t=…``), so
every state is a link that can be shared. :func:`parse_fragment` reads any fragment without
raising: every part that cannot be used becomes a :class:`~decision_tree.web.texts.Message`
(shown in the reader's language), and every grading-helper field that cannot be used gets its
message beside the field (``field_errors``), so that no input the engine would refuse reaches it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from decision_tree.answers import BEIJING, echo, percent_facts
from decision_tree.load import load_law
from decision_tree.rules import Question, Rules, load_rules, matches
from decision_tree.tree import next_question
from decision_tree.web.texts import LANGUAGES, Message

# urllib.parse takes ~150 ms to import in Pyodide, more than this whole package, for the few
# lines of it used here: the fragment codec is written out below instead.
_UNRESERVED = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~/:")


def encode(text: str) -> str:
    """Percent-encode for a URL fragment, as the browser's URLSearchParams reads it."""
    return "".join(c if c in _UNRESERVED else "".join(f"%{b:02X}" for b in c.encode()) for c in text)


def decode(text: str) -> str:
    """Undo :func:`encode` (and form encoding: '+' is a space); malformed escapes stay as they are."""
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


def pairs_of(fragment: str) -> list[tuple[str, str]]:
    """``a=1&b=2`` → ``[("a", "1"), ("b", "2")]``, decoded; empty pieces skipped."""
    out = []
    for piece in fragment.split("&"):
        if piece:
            key, _, value = piece.partition("=")
            out.append((decode(key), decode(value)))
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
FACT_PREFIX = "f."
PRESET_PREFIX = "preset."
# The embedding page's data attributes behind each preset, for messages an administrator can act on.
PRESET_ATTRIBUTES = {"involves_cii": "data-cii", "central_state_organ": "data-central-organ"}
# The longest fragment read: every answer, fact and judgement, the presets and a 200-character
# contact fit in well under half of it. Pieces beyond it are dropped, with a message.
MAX_FRAGMENT = 8000
# Keys a fragment may repeat (one value each); any other key given twice is dropped, with a message.
MULTI_KEYS = frozenset({"j", "ask"})
# At most this many problems are listed; the rest are counted.
MAX_PROBLEMS = 10
# "Found N minutes ago" as a link can say it (t=-15m): the live clock makes it a time.
MAX_AGO_DIGITS = 5
# The colour schemes an embedding may ask for (embed.js data-theme); auto follows the reader.
THEMES = ("light", "dark", "auto")


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
    problems: list[str] = field(default_factory=list)  # Messages: shown in the reader's language
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
    theme: str | None = None  # the embedding page's colour scheme (THEMES), applied by the page's script

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
        pairs += [(FACT_PREFIX + name, number_text(value)) for name, value in self.facts.items()]
        pairs += [(FACT_PREFIX + name, text) for name, text in self.raw_fields.items()]
        pairs += [("j", key) for key in self.judgements]
        pairs += self.carried()
        return "&".join(f"{encode(key)}={encode(value)}" for key, value in pairs)

    def carried(self, ask: list[str] | None = None) -> list[tuple[str, str]]:
        """The embedding's settings and the language, kept in every link of the widget."""
        pairs = [(PRESET_PREFIX + key, VALUE_CODES[value]) for key, value in self.presets.items()]
        pairs += [("ask", key) for key in (self.ask if ask is None else ask)]
        pairs += [
            (key, value)
            for key, value in (
                ("contact", self.contact),
                ("lang", self.lang),
                ("theme", self.theme),
                ("origin", self.origin),
            )
            if value
        ]
        return pairs


def number_text(value: float) -> str:
    """A number as the link and the form show it: ``1200000``, ``12.5``."""
    return str(int(value)) if float(value).is_integer() else repr(value)


def _read_pairs(fragment: str, state: State) -> list[tuple[str, str]]:
    """The fragment's pairs, cut to :data:`MAX_FRAGMENT` characters and without repeated single keys."""
    fragment = fragment.lstrip("#")
    if "=" not in fragment:
        # An in-page anchor (#check, a heading's permalink), not a state: every state has key=value.
        return []
    if not fragment.isascii():  # a browser sends it percent-encoded; lone surrogates cannot be encoded
        fragment = fragment.encode("utf-8", "replace").decode("utf-8")
    if len(fragment) > MAX_FRAGMENT:
        state.problems.append(Message("problem.too_long", length=len(fragment), limit=MAX_FRAGMENT))
        fragment = fragment[: max(fragment.rfind("&", 0, MAX_FRAGMENT + 1), 0)]
    pairs = pairs_of(fragment)
    values: dict[str, list[str]] = {}
    for key, value in pairs:
        values.setdefault(key, []).append(value)
    repeated = {key for key, given in values.items() if len(given) > 1 and key not in MULTI_KEYS}
    for key in (k for k in values if k in repeated):  # in the order they first appear
        shown = "、".join(f"“{echo(v)}”" for v in values[key][:3]) + ("…" if len(values[key]) > 3 else "")
        state.problems.append(Message("problem.repeated", key=echo(key), count=len(values[key]), shown=shown))
    return [(key, value) for key, value in pairs if key not in repeated]


def _option(question: Question, value: str) -> object | None:
    """The answer a fragment value names, if it is one of the question's options."""
    decoded = FROM_CODE.get(value)
    if decoded is None or not any(decoded == o and type(decoded) is type(o) for o in question.options):
        return None
    return decoded


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
            decoded = _option(questions[key], value)
            if decoded is None:
                allowed = "、".join(VALUE_CODES[o] for o in questions[key].options)
                state.problems.append(Message("problem.bad_value", key=key, value=echo(value), allowed=allowed))
            else:
                given[key] = decoded
        elif key == "t":
            digits = value[1:-1]
            if value == "unsure":
                state.time_unsure = True
            elif value.startswith("-") and value.endswith("m") and digits.isdigit() and len(digits) <= MAX_AGO_DIGITS:
                state.ago = int(digits)
            else:
                state.discovered = value or None
        elif key == "ts":
            # Old links: a time that only defaulted to "now" is no time the user gave.
            ignore_time = ignore_time or value == "now"
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
            decoded = _option(questions[name], value)
            if decoded is None:
                allowed = "、".join(VALUE_CODES[o] for o in questions[name].options)
                attribute = PRESET_ATTRIBUTES[name]
                state.problems.append(
                    Message("problem.bad_preset", attribute=attribute, value=echo(value), allowed=allowed)
                )
            else:
                state.presets[name] = decoded
        elif key == "ask" and value in PRESET_ATTRIBUTES:
            state.ask.append(value)
        elif key == "contact":
            if len(value) > 200:
                state.problems.append(Message("problem.contact_long"))
            state.contact = value[:200] or None
        elif key == "lang":
            if value not in LANGUAGES:
                state.problems.append(Message("problem.bad_lang", value=echo(value)))
            state.lang = value if value in LANGUAGES else None
        elif key == "origin":
            state.origin = value or None
        elif key == "theme":
            if value not in THEMES:
                state.problems.append(Message("problem.bad_theme", value=echo(value)))
            state.theme = value if value in THEMES else None
        elif key.startswith(FACT_PREFIX) and key[len(FACT_PREFIX) :] in facts:
            name = key[len(FACT_PREFIX) :]
            problem = _fact_problem(name, value)
            if problem:
                state.field_errors[name] = problem
                state.raw_fields[name] = value[:40]
            elif value.strip():
                state.facts[name] = read_number(value) or 0.0
        else:
            state.problems.append(Message("problem.unknown_key", key=echo(key)))
    state.problems = list(dict.fromkeys(state.problems))
    if len(state.problems) > MAX_PROBLEMS:
        hidden = len(state.problems) - MAX_PROBLEMS + 1
        state.problems[MAX_PROBLEMS - 1 :] = [Message("problem.more", count=hidden)]
    if ignore_time:
        state.discovered = None
    # Presets answer their question unless the user has answered it, or chose to answer it anew.
    for name, preset in state.presets.items():
        if name not in given and name not in state.ask:
            given[name] = preset
            state.preset_answers.add(name)
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


def fragment_for(raw: dict[str, object]) -> str:
    """The questionnaire's fragment for an engine input (the worked examples link with it).

    Every question the input leaves out is answered as the engine reads it when left out (no;
    the level unknown), so the link opens at the result of the same input.
    """
    state = State()
    for question in load_rules().questions:
        value = raw.get(question.id, "unknown" if question.id == "level" else False)
        if matches(question.ask_if, state.path):
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


# ── The grading helper's fields, checked where they are entered ──────────────────────────────

# The fields grouped by the kind of impact they measure (annex 通常情况下 items); the label of
# each group is ui.toml's ``impact.<id>``, and a group may have a kind of site beside its numbers.
IMPACTS: tuple[tuple[str, tuple[str, ...], str | None], ...] = (
    ("leak", ("personal_info_leaked_people",), None),
    ("loss", ("direct_economic_loss_yuan",), None),
    ("cii", ("cii_total_outage_minutes", "cii_main_function_outage_minutes"), None),
    ("portal", ("portal_unreachable_minutes",), "psk"),
    (
        "deface",
        ("defacement_home_page_minutes", "defacement_other_page_minutes", "defacement_shares", "defacement_views"),
        "dsk",
    ),
    (
        "life",
        (
            "daily_life_affected_people",
            "prefectural_population_affected_percent",
            "provincial_population_affected_percent",
        ),
        None,
    ),
)
SITE_KIND_TOPICS = {"psk": "portal_unreachable", "dsk": "defacement"}
CII_FACTS = ("cii_total_outage_minutes", "cii_main_function_outage_minutes")


def _fact_problem(name: str, text: str) -> Message | None:
    """Why a number typed into the grading helper cannot be used; None if it can."""
    if not text.strip():
        return None
    number = read_number(text)
    if number is None:
        return Message("field.not_number", value=echo(text, 20))
    if number < 0:
        return Message("field.negative")
    if name in percent_facts(load_law()) and number > 100:
        return Message("field.percent_max")
    return None


def _check_helper(state: State) -> None:
    """Inputs the engine would refuse, caught where they are entered: a message beside the field.

    While any field has a problem the level stays unanswered, so the level question (and its
    helper, open, with what was typed) is shown again instead of a result.
    """
    for _, names, kind in IMPACTS:
        if kind and any(name in state.facts for name in names):
            chosen = state.portal_site_kind if kind == "psk" else state.defaced_site_kind
            if not chosen:
                state.field_errors[kind] = Message(f"field.{kind}_missing")
    if state.path.get("involves_cii") is False:
        for name in CII_FACTS:
            if name in state.facts:
                state.field_errors[name] = Message("field.cii_no")
                state.raw_fields[name] = number_text(state.facts.pop(name))
    if state.field_errors and state.path.get("level") == "unknown":
        del state.path["level"]


_CN_DIGITS = dict(zip("零〇一二两三四五六七八九", (0, 0, 1, 2, 2, 3, 4, 5, 6, 7, 8, 9), strict=True))
_CN_UNITS = {"十": 10, "百": 100, "千": 1000}
_CN_BIG = {"万": 10_000, "亿": 100_000_000}
# Words around a number that do not change what to enter: "约120万人", "大约 5000 元", "超过30分钟".
_AROUND = (
    *("约", "大约", "近", "将近", "超过", "逾", "共", "about", "approx.", "approximately", "over", "~"),
    *("人次", "人", "元", "条", "次", "分钟", "个", "户", "%", "％", "people", "yuan", "minutes", "records"),
)
# English multipliers, spelled out (never "m": in a minutes field it could be read as a million).
_WORDS = {"million": 1_000_000, "thousand": 1_000, "billion": 1_000_000_000}


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
    ``一百二十万``, ``1.2 million``; None if it is none."""
    text = text.strip().lower().replace(",", "").replace("，", "").replace("\u3000", " ")
    changed = True
    while changed and text:
        changed = False
        for word in _AROUND:
            if text.startswith(word) or text.endswith(word):
                text = text.removeprefix(word).removesuffix(word).strip()
                changed = True
    text = text.replace(" ", "")
    if (chinese := _chinese_number(text)) is not None:
        return chinese
    factor = 1
    for unit, value in (("亿", 100_000_000), ("万", 10_000), *_WORDS.items()):
        if text.endswith(unit) and text[: -len(unit)][-1:].isdigit():
            text, factor = text[: -len(unit)], value
            break
    try:
        number = float(text) * factor
    except ValueError:
        return None
    return number if number == number and abs(number) != float("inf") else None


def check_time(state: State, now: str | None) -> None:
    """Keep a readable time of discovery; otherwise say why and ask for it again."""
    if not state.discovered:
        return
    try:
        when = dt.datetime.fromisoformat(state.discovered)
        if not 2000 <= when.year <= 2099:
            raise ValueError
    except ValueError:
        state.problems.append(Message("problem.time_unreadable", value=echo(state.discovered)))
        state.discovered = None
        return
    if now and when.replace(tzinfo=when.tzinfo or BEIJING) > dt.datetime.fromisoformat(now) + dt.timedelta(minutes=5):
        state.problems.append(Message("problem.time_future"))


# ── Which question comes next, and which static page shows a state ─────────────────────────────


def next_gating(path: dict[str, object]) -> Question | None:
    """The next question the result waits for: refining questions (``refine = true``) never hold
    it back — they are asked beside the result."""
    for question in load_rules().questions:
        if question.refine or question.id in path:
            continue
        if matches(question.ask_if, path):
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
