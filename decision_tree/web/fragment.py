"""The fragment read: any URL fragment → a :class:`~decision_tree.web.state.State`, never raising.

Package room. May import: the standard library, ``decision_tree.web.entry``,
``decision_tree.web.state``, ``decision_tree.web.texts``, and the other ``decision_tree`` modules
except ``web`` and ``__main__``.

Every part that cannot be used becomes a :class:`~decision_tree.web.texts.Message` (shown in the
reader's language), and every grading-helper field that cannot be used gets its message beside
the field, so that no input the engine would refuse reaches it. Also the reverse for the worked
examples: an engine input → its fragment.
"""

from __future__ import annotations

import datetime as dt

from decision_tree.answers import BEIJING, echo
from decision_tree.load import load_law
from decision_tree.rules import Question, Rules, load_rules, matches
from decision_tree.web.entry import check_helper, fact_problem, read_number
from decision_tree.web.state import (
    FACT_PREFIX,
    FROM_CODE,
    GRADED,
    MAX_AGO_DIGITS,
    MAX_FRAGMENT,
    MAX_PROBLEMS,
    MULTI_KEYS,
    PRESET_ATTRIBUTES,
    PRESET_PREFIX,
    THEMES,
    VALUE_CODES,
    State,
    pairs_of,
)
from decision_tree.web.texts import LANGUAGES, Message


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
    graded = False
    sectors: list[str] = []
    for key, value in _read_pairs(fragment, state):
        if key in questions and questions[key].kind == "multi":
            if value in questions[key].options:
                sectors.append(value)
            else:
                allowed = "、".join(map(str, questions[key].options))
                state.problems.append(Message("problem.bad_value", key=key, value=echo(value), allowed=allowed))
        elif key == "sector_rules" and "sectors" in questions:
            # Old links: the yes/no question this one replaced (yes → not sure which: all listed).
            old = FROM_CODE.get(value)
            if old is True or old is False or old == "unknown":
                sectors.append("none" if old is False else "unknown")
            else:
                allowed = "、".join(VALUE_CODES[o] for o in (True, False, "unknown"))
                state.problems.append(Message("problem.bad_value", key=key, value=echo(value), allowed=allowed))
        elif key in questions:
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
        elif key == GRADED:
            if value != "1":
                state.problems.append(Message("problem.bad_value", key=key, value=echo(value), allowed="1"))
            graded = value == "1"
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
            problem = fact_problem(name, value)
            if problem:
                state.field_errors[name] = problem
                state.raw_fields[name] = value[:40]
            elif value.strip():
                state.facts[name] = read_number(value, money=name.endswith("_yuan")) or 0.0
        else:
            state.problems.append(Message("problem.unknown_key", key=echo(key)))
    if sectors:
        chosen = tuple(dict.fromkeys(sectors))
        if "none" in chosen and len(chosen) > 1:
            state.problems.append(Message("problem.sectors_none"))
        else:
            given["sectors"] = chosen
    state.problems = list(dict.fromkeys(state.problems))
    if len(state.problems) > MAX_PROBLEMS:
        hidden = len(state.problems) - MAX_PROBLEMS + 1
        state.problems[MAX_PROBLEMS - 1 :] = [Message("problem.more", count=hidden)]
    if ignore_time:
        state.discovered = None
    if graded and (state.facts or state.judgements or state.field_errors):
        # The level was graded from the facts and judgements in the link: they decide it again.
        given["level"] = "unknown"
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
    check_helper(state)
    return state


def fragment_for(raw: dict[str, object]) -> str:
    """The questionnaire's fragment for an engine input (the worked examples link with it).

    Every question the input leaves out is answered as the engine reads it when left out (no;
    the level unknown), so the link opens at the result of the same input; a refining question
    left out stays unanswered (the engine tells "not answered" from "no" for a suspected crime).
    """
    state = State()
    for question in load_rules().questions:
        if question.kind == "multi" and isinstance(raw.get(question.id), list):
            state.path[question.id] = tuple(map(str, raw[question.id]))  # type: ignore[call-overload]
            continue
        if question.refine and question.id not in raw:
            continue  # asked beside the result; left out, the engine reads it as not answered
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
