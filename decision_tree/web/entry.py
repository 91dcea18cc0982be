"""Input checked where it is entered: the grading helper's numbers and kinds of site, numbers as
people type them (``100万``, ``一百二十万``, ``1.2 million``), and the time of discovery.

Package room. May import: the standard library, ``decision_tree.web.state``,
``decision_tree.web.texts``, and the other ``decision_tree`` modules except ``web`` and
``__main__``.
"""

from __future__ import annotations

import datetime as dt

from decision_tree.answers import BEIJING, echo, percent_facts
from decision_tree.load import load_law
from decision_tree.web.state import State, number_text
from decision_tree.web.texts import Message

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


def fact_problem(name: str, text: str) -> Message | None:
    """Why a number typed into the grading helper cannot be used; None if it can."""
    if not text.strip():
        return None
    number = read_number(text, money=name.endswith("_yuan"))
    if number is None:
        return Message("field.not_number", value=echo(text, 20))
    if number < 0:
        return Message("field.negative")
    if name in percent_facts(load_law()) and number > 100:
        return Message("field.percent_max")
    return None


def check_helper(state: State) -> None:
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
# In a field of yuan only: the currency written around the number ("¥2 million", "RMB 2m",
# "人民币200万元"), and the abbreviations money is written with ("2m", "500k", "1.2bn").
_CURRENCY = ("人民币", "rmb", "cny", "¥", "￥")
_MONEY_ABBREVIATIONS = {"bn": 1_000_000_000, "mn": 1_000_000, "m": 1_000_000, "k": 1_000}


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


def read_number(text: str, money: bool = False) -> float | None:
    """A number as people type it: ``1000000``, ``1,000,000``, ``100万``, ``1.5亿``, ``约120万人``,
    ``一百二十万``, ``1.2 million``; with ``money`` (a field of yuan) also ``¥2 million``,
    ``RMB 2m``, ``200万元``; None if it is none."""
    text = text.strip().lower().replace(",", "").replace("，", "").replace("\u3000", " ")
    around = (*_CURRENCY, *_AROUND) if money else _AROUND
    changed = True
    while changed and text:
        changed = False
        for word in around:
            if text.startswith(word) or text.endswith(word):
                text = text.removeprefix(word).removesuffix(word).strip()
                changed = True
    text = text.replace(" ", "")
    if (chinese := _chinese_number(text)) is not None:
        return chinese
    factor = 1
    units = (("亿", 100_000_000), ("万", 10_000), *_WORDS.items(), *(_MONEY_ABBREVIATIONS.items() if money else ()))
    for unit, value in units:
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
