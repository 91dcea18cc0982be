"""The engine's input: one JSON object → checked :class:`Answers`, or one clear :class:`InputError`.

Package room. May import: the standard library, ``decision_tree.model``, ``decision_tree.load``
and ``decision_tree.rules``.

This is a public contract (the command line, the browser and automation all use it). Every key
is optional; an unknown or repeated key, a wrong type, a negative number, an unknown level or
site kind, or a time that cannot be read raises :class:`InputError`, whose message is one line
naming the field, the value and what is allowed — never a traceback, never a silently ignored
typo. Every piece of the input that a message echoes is cut to :data:`ECHO_LIMIT` characters,
so a line stays short whatever was sent: an integer of thousands of digits, JSON nested
thousands deep or a key of megabytes.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from decision_tree.load import SECTOR_EXTRA, load_duties, load_law
from decision_tree.model import Law
from decision_tree.rules import BOOLEAN_ANSWERS, LEVEL_VALUES, TRISTATE_ANSWERS, Rules, load_rules

BEIJING = dt.timezone(dt.timedelta(hours=8), "UTC+08:00")

# Facts about the CII itself: giving them while saying CII is not involved is a contradiction.
CII_FACTS = ("cii_total_outage_minutes", "cii_main_function_outage_minutes")
# Indicators limited to certain sites: their facts need the kind of site (rules.toml site_kind).
SITE_KIND_KEYS = {"portal_unreachable": "portal_site_kind", "defacement": "defaced_site_kind"}

# Times outside these years are refused: they are typing mistakes, and date arithmetic overflows.
EARLIEST_YEAR, LATEST_YEAR = 2000, 2099
# A message echoes at most this many characters of any key or value it quotes (then "…").
ECHO_LIMIT = 60
# Longer integers are refused: beyond any count or sum of money, and past 308 digits not even a
# floating-point number (Python itself refuses to read integers of more than 4,300 digits).
MAX_DIGITS = 300
# Deeper JSON is refused before it is decoded: the input needs two levels (the object, then
# facts or judgements), and decoding thousands of levels exhausts the interpreter's stack.
MAX_DEPTH = 10
_TOO_LONG = 10**MAX_DIGITS

KEYS = (
    *TRISTATE_ANSWERS,
    *BOOLEAN_ANSWERS,
    "sectors",
    "level",
    "facts",
    "judgements",
    "portal_site_kind",
    "defaced_site_kind",
    "discovered_at",
    "handling_ended_at",
)


def echo(text: object, limit: int = ECHO_LIMIT) -> str:
    """``text`` as a message may quote it: one printable line of at most ``limit`` characters + "…".

    Characters that are not printable (newlines, control and format characters, line and
    paragraph separators, lone surrogates) are shown as ``\\uXXXX`` escapes.
    """
    text = str(text)
    if not text.isprintable():
        text = "".join(c if c.isprintable() else _escaped(c) for c in text[: limit + 1])
    return text if len(text) <= limit else text[:limit] + "…"


def _escaped(char: str) -> str:
    code = ord(char)
    if code < 0x20:
        return json.dumps(char)[1:-1]  # \n, \t, \u0000 …
    return f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


def show(value: object) -> str:
    """A value as a message quotes it: JSON where it is JSON, bounded, on one line."""
    if isinstance(value, Unreadable):
        return str(value)
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) >= _TOO_LONG:
        return f"a number of about {int(value.bit_length() * math.log10(2)) + 1} digits"
    if isinstance(value, str):
        return echo(json.dumps(value[: ECHO_LIMIT * 2], ensure_ascii=False))
    try:
        return echo(json.dumps(value, ensure_ascii=False, allow_nan=False))
    except (TypeError, ValueError, RecursionError):
        return echo(repr(value)) if isinstance(value, float) else f"a {type(value).__name__}"


class InputError(ValueError):
    """Bad input. ``str(error)`` is one line naming the field, the value and what is allowed.

    ``problem`` replaces the usual "<value> is not allowed", e.g. for a key that was left out.
    ``kind`` says what is wrong for a caller that words its own message: ``"value"``, or, from
    :func:`decode_json`, ``"empty"``, ``"json"``, ``"depth"`` or ``"repeated"`` (then ``key``
    is the repeated key, cut).
    """

    def __init__(
        self, field: str, value: object, allowed: str, *, problem: str | None = None, kind: str = "value", key: str = ""
    ) -> None:
        field = echo(field, ECHO_LIMIT * 2)  # callers cut the input's own keys; this is a backstop
        self.field, self.value, self.allowed, self.kind, self.key = field, value, allowed, kind, key
        self.problem = problem if problem is not None else f"{show(value)} is not allowed"
        super().__init__(f"{field}: {self.problem}; expected {allowed}")


Routing = bool | str  # True, False or "unknown"


@dataclass(frozen=True)
class Answers:
    """Checked input. Booleans default to False, the level to ``unknown``.

    ``involves_cii`` and ``central_state_organ`` may also be ``"unknown"``; ``*_given`` records
    whether they were answered at all, so the result can say when "no" was only a default.
    """

    involves_cii: Routing = False
    central_state_organ: Routing = False
    involves_cii_given: bool = True
    central_state_organ_given: bool = True
    # Which sector regulators supervise the operator (keys of duties.toml [sector]); "unknown" lists
    # them all as rules that may apply. ``sector_rules`` is derived from it (the Measures' 第四条第五款
    # report): True for a named regulator, "unknown", or False for none / not answered.
    sectors: tuple[str, ...] = ()
    sector_rules: Routing = False
    suspected_crime: bool = False
    suspected_crime_given: bool = False
    ransomware: bool = False
    state_secret: bool = False
    level: str = "unknown"
    facts: Mapping[str, float] = field(default_factory=dict)
    judgements: tuple[str, ...] = ()
    portal_site_kind: str | None = None
    defaced_site_kind: str | None = None
    discovered_at: dt.datetime | None = None
    time_assumed_beijing: bool = False
    handling_ended_on: dt.date | None = None


def qualitative_keys(law: Law) -> tuple[str, ...]:
    """The annex items a user can only judge, never compute: 情形, and indicators without numbers."""
    keys: list[str] = []
    for n, level in enumerate(law.guide.levels[:3], 1):
        keys += [f"guide/{n}/criterion/{c}" for c in range(1, len(level.criteria) + 1)]
        for i, indicator in enumerate(level.indicators, 1):
            if not indicator.thresholds and not indicator.sub_items:
                keys.append(f"guide/{n}/indicator/{i}")
            keys += [
                f"guide/{n}/indicator/{i}/{s}" for s, sub in enumerate(indicator.sub_items, 1) if not sub.thresholds
            ]
    return tuple(keys)


def percent_facts(law: Law) -> frozenset[str]:
    """Facts that are shares of a population: at most 100."""
    return frozenset(f.id for f in law.guide.facts if f.id.endswith("_percent"))


def _boolean(raw: Mapping[str, object], key: str) -> bool:
    value = raw.get(key, False)
    if not isinstance(value, bool):
        raise InputError(key, value, "true or false")
    return value


def _routing(raw: Mapping[str, object], key: str) -> Routing:
    value = raw.get(key, False)
    if not isinstance(value, bool) and value != "unknown":
        raise InputError(key, value, 'true, false or "unknown" (then every report that may apply is listed)')
    return value if isinstance(value, bool) else "unknown"


def sector_keys() -> tuple[str, ...]:
    """The values the answer ``sectors`` may hold: the regulators, then "none" and "unknown"."""
    return tuple(load_duties().sectors)


def _sectors(raw: Mapping[str, object]) -> tuple[str, ...]:
    """``sectors`` (a list of keys), or the older yes/no ``sector_rules`` (true → "unknown")."""
    keys = sector_keys()
    allowed = f'a list of sector keys, e.g. ["pboc"]: {", ".join(keys)}'
    if "sectors" in raw and "sector_rules" in raw:
        raise InputError(
            "sector_rules",
            raw["sector_rules"],
            "sectors alone (sector_rules is its older form)",
            problem="given with sectors",
        )
    if "sector_rules" in raw:
        old = _routing(raw, "sector_rules")
        return ("none",) if old is False else ("unknown",)
    value = raw.get("sectors", [])
    if not isinstance(value, list):
        raise InputError("sectors", value, allowed)
    for key in value:
        if not isinstance(key, str) or key not in keys:
            raise InputError("sectors", key, allowed)
    chosen = tuple(dict.fromkeys(value))
    if "none" in chosen and len(chosen) > 1:
        raise InputError("sectors", value, f'"none" alone, or the regulators that apply: {", ".join(keys)}')
    return chosen


def _number(name: str, value: object, maximum: float | None) -> float:
    allowed = "a number ≥ 0" + (f" and ≤ {maximum:g}" if maximum is not None else "")
    if isinstance(value, Unreadable) or (isinstance(value, int) and abs(value) >= _TOO_LONG):
        raise InputError(name, value, f"{allowed}, of at most {MAX_DIGITS} digits (NaN and Infinity are not JSON)")
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value) or value < 0:
        raise InputError(name, value, allowed)
    if maximum is not None and value > maximum:
        raise InputError(name, value, allowed)
    return value


def _time(key: str, value: object, date_only_ok: bool) -> tuple[dt.datetime, bool]:
    allowed = "an ISO 8601 date and time, e.g. 2025-11-03T23:40:00+08:00 (no offset = Beijing time)"
    if date_only_ok:
        allowed = "an ISO 8601 date or date and time, e.g. 2025-11-20 or 2025-11-20T18:00+08:00"
    if not isinstance(value, str):
        raise InputError(key, value, allowed)
    text = value.strip()
    if not date_only_ok and len(text) <= 10:
        raise InputError(key, value, allowed)
    try:
        parsed = dt.datetime.fromisoformat(text)
    except ValueError:
        raise InputError(key, value, allowed) from None
    if not EARLIEST_YEAR <= parsed.year <= LATEST_YEAR:
        raise InputError(key, value, f"a time in the years {EARLIEST_YEAR}–{LATEST_YEAR}")
    if parsed.tzinfo is None:
        return parsed.replace(tzinfo=BEIJING), True
    return parsed.astimezone(BEIJING), False


def parse(raw: object, law: Law | None = None, rules: Rules | None = None) -> Answers:
    """Check one decoded JSON value and turn it into :class:`Answers`.

    Raises:
        InputError: for the first problem found, naming the field, the value and what is allowed.
    """
    law = law or load_law()
    rules = rules or load_rules()
    if not isinstance(raw, dict):
        raise InputError("input", raw, 'one JSON object, e.g. {"involves_cii": true, "level": "major"}')
    for key in raw:
        if key not in KEYS:
            raise InputError(f"{echo(key)} (unknown key)", raw[key], f"one of the keys {', '.join(KEYS)}")
    booleans = {key: _boolean(raw, key) for key in BOOLEAN_ANSWERS}
    routing = {key: _routing(raw, key) for key in TRISTATE_ANSWERS if key != "sector_rules"}
    sectors = _sectors(raw)
    named = [key for key in sectors if key not in SECTOR_EXTRA]
    sector_rules: Routing = True if named else "unknown" if "unknown" in sectors else False
    if "sector_rules" in raw:  # the older answer: "our sector has rules", without saying which
        sector_rules = _routing(raw, "sector_rules")

    level = raw.get("level", "unknown")
    if level not in LEVEL_VALUES or not isinstance(level, str):
        raise InputError("level", level, " | ".join(f'"{v}"' for v in LEVEL_VALUES))

    raw_facts = raw.get("facts", {})
    if not isinstance(raw_facts, dict):
        raise InputError("facts", raw_facts, 'an object of numbers, e.g. {"personal_info_leaked_people": 1000000}')
    known_facts = [f.id for f in law.guide.facts]
    percents = percent_facts(law)
    facts: dict[str, float] = {}
    for name, value in raw_facts.items():
        if name not in known_facts:
            raise InputError(f"facts.{echo(name)} (unknown fact)", value, f"one of the facts {', '.join(known_facts)}")
        facts[name] = _number(f"facts.{name}", value, 100 if name in percents else None)

    allowed_judgements = qualitative_keys(law)
    raw_judgements = raw.get("judgements", [])
    if not isinstance(raw_judgements, list):
        raise InputError("judgements", raw_judgements, 'a list of annex items, e.g. ["guide/2/criterion/2"]')
    for key in raw_judgements:
        if key not in allowed_judgements:
            raise InputError("judgements", key, f"annex items that can only be judged: {', '.join(allowed_judgements)}")

    kinds: dict[str, str | None] = {}
    for topic, key in SITE_KIND_KEYS.items():
        choices = [kind.id for kind in rules.site_kinds_for(topic)]
        value = raw.get(key)
        if value is not None and value not in choices:
            raise InputError(key, value, " | ".join(f'"{c}"' for c in choices))
        kinds[key] = value if isinstance(value, str) else None
        topic_facts = {
            t.fact
            for level_ in law.guide.levels
            for indicator in level_.indicators
            if indicator.topic == topic
            for t in (*indicator.thresholds, *(t for s in indicator.sub_items for t in s.thresholds))
        }
        given = sorted(name for name in topic_facts if facts.get(name, 0) > 0)
        if given and kinds[key] is None:
            raise InputError(
                key,
                None,
                " | ".join(f'"{c}"' for c in choices),
                problem=f"{'null' if key in raw else 'left out'}, but facts.{given[0]} needs the kind of site",
            )

    if routing["involves_cii"] is False:
        for name in CII_FACTS:
            if facts.get(name, 0) > 0 and "involves_cii" in raw:
                raise InputError(
                    "involves_cii",
                    False,
                    f"true, because facts.{name} says critical information infrastructure was interrupted",
                )
            if facts.get(name, 0) > 0:
                raise InputError(
                    "involves_cii",
                    None,
                    f'"involves_cii": true (or "unknown" if not yet known) alongside facts.{name}',
                    problem=f"left out, but facts.{name} says critical information infrastructure was interrupted",
                )

    discovered_at, assumed = (None, False)
    if raw.get("discovered_at") is not None:
        discovered_at, assumed = _time("discovered_at", raw["discovered_at"], date_only_ok=False)
    handling_ended_on = None
    if raw.get("handling_ended_at") is not None:
        ended, _ = _time("handling_ended_at", raw["handling_ended_at"], date_only_ok=True)
        handling_ended_on = ended.date()
        if discovered_at is not None and handling_ended_on < discovered_at.date():
            raise InputError("handling_ended_at", raw["handling_ended_at"], "a date on or after discovered_at")

    return Answers(
        **booleans,
        involves_cii=routing["involves_cii"],
        central_state_organ=routing["central_state_organ"],
        sectors=sectors,
        sector_rules=sector_rules,
        suspected_crime_given="suspected_crime" in raw,
        involves_cii_given="involves_cii" in raw,
        central_state_organ_given="central_state_organ" in raw,
        level=level,
        facts=facts,
        judgements=tuple(dict.fromkeys(raw_judgements)),
        portal_site_kind=kinds["portal_site_kind"],
        defaced_site_kind=kinds["defaced_site_kind"],
        discovered_at=discovered_at,
        time_assumed_beijing=assumed,
        handling_ended_on=handling_ended_on,
    )


def decode_json(text: str) -> object:
    """Decode JSON text, refusing what :func:`json.loads` would accept silently or fail on.

    Refused, each with a message naming the field: a key given twice in one object (the last
    would silently win), nesting deeper than :data:`MAX_DEPTH`, and, kept as :class:`Unreadable`
    for the field's own check to refuse, integers of more than :data:`MAX_DIGITS` digits, NaN,
    Infinity and numbers too large for a float.

    Raises:
        InputError: for the first problem found.
    """
    if not text.strip():
        raise InputError("input", "", 'one JSON object, e.g. {"involves_cii": true, "level": "major"}', kind="empty")
    deep = _too_deep(text)
    if deep is not None:
        raise InputError(
            deep,
            None,
            f"JSON nested at most {MAX_DEPTH} levels deep (the input needs two: the object, then facts or judgements)",
            problem=f"nested more than {MAX_DEPTH} levels deep",
            kind="depth",
        )
    try:
        raw = json.loads(
            text, parse_constant=_constant, parse_int=_integer, parse_float=_float, object_pairs_hook=_Object.of
        )
    except json.JSONDecodeError as error:
        raise InputError(
            "input",
            text.strip()[:40],
            f"valid JSON (line {error.lineno}, column {error.colno}: {error.msg})",
            kind="json",
        ) from None
    except RecursionError:  # a backstop: _too_deep refuses deep input first
        raise InputError(
            "input", None, "JSON nested less deeply", problem="nested too deeply to read", kind="depth"
        ) from None
    repeated = _repeated(raw)
    if repeated is not None:
        where, key, values = repeated
        raise InputError(
            f"{where} (repeated key)",
            values,
            "each key once (otherwise the last value would silently replace the others)",
            problem=f"given {len(values)} times: {show(values)}",
            kind="repeated",
            key=key,
        )
    return raw


def parse_json(text: str) -> Answers:
    """Decode one JSON object from ``text`` (see :func:`decode_json`) and check it (see :func:`parse`)."""
    return parse(decode_json(text))


class Unreadable:
    """A JSON number the engine never takes (too many digits, NaN, Infinity), kept as a description.

    Every key refuses it through its own check, so the message names the field it was given for.
    """

    def __init__(self, description: str) -> None:
        self.description = description

    def __str__(self) -> str:
        return self.description


def _integer(text: str) -> int | Unreadable:
    digits = len(text.lstrip("-"))
    return int(text) if digits <= MAX_DIGITS else Unreadable(f"a number of {digits} digits")


def _float(text: str) -> float | Unreadable:
    value = float(text)
    return value if math.isfinite(value) else Unreadable(f"{echo(text, 20)} (too large for a number)")


def _constant(name: str) -> Unreadable:
    return Unreadable(f"{name} (not a JSON number)")


class _Object(dict[str, object]):
    """A decoded JSON object that remembers a key it was given more than once, with the values."""

    repeated: tuple[str, list[object]] | None = None

    @classmethod
    def of(cls, pairs: list[tuple[str, object]]) -> _Object:
        result = cls(pairs)
        if len(result) < len(pairs):
            seen: set[str] = set()
            for key, _ in pairs:
                if key in seen:
                    result.repeated = (key, [v for k, v in pairs if k == key])
                    break
                seen.add(key)
        return result


def _repeated(value: object) -> tuple[str, str, list[object]] | None:
    """The first object (in document order) with a key given twice: its path, the key and the values."""
    stack: list[tuple[object, str]] = [(value, "")]
    while stack:
        value, path = stack.pop()
        if isinstance(value, _Object):
            if value.repeated is not None:
                key, values = value.repeated
                return (f"{path}.{echo(key)}" if path else echo(key)), echo(key), values
            stack += [(v, f"{path}.{echo(k)}" if path else echo(k)) for k, v in reversed(value.items())]
        elif isinstance(value, list):
            stack += [(v, f"{path}[{i}]") for i, v in reversed(list(enumerate(value)))]
    return None


# JSON strings (skipped whole, so brackets inside them do not count), brackets and colons.
_TOKENS = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"|[\[\]{}:]')


def _too_deep(text: str) -> str | None:
    """Where ``text`` nests deeper than :data:`MAX_DEPTH`: the top-level key (``facts.<name>`` in facts), or "input"."""
    if text.count("[") + text.count("{") <= MAX_DEPTH:
        return None
    keys: list[str | None] = []  # one per open bracket: the key being read (objects) or None
    last: str | None = None
    for match in _TOKENS.finditer(text):
        token = match.group()
        if token == "[" or token == "{":
            keys.append(None)
            if len(keys) > MAX_DEPTH:
                named = [key for key in keys if key is not None]
                field = named[:2] if named[:1] == ["facts"] else named[:1]  # the key the engine reads
                return ".".join(echo(key) for key in field) or "input"
        elif token == "]" or token == "}":
            if keys:
                keys.pop()
            last = None
        elif token == ":":
            if keys and last is not None:
                keys[-1] = last
        else:
            try:
                last = str(json.loads(token))
            except ValueError:
                last = token[1:-1]
    return None
