"""What every part of the page shares: the view (state, place, mode, language), links, citations,
labels, times.

Package room. May import: the standard library, ``decision_tree.web.state``,
``decision_tree.web.texts``, and the other ``decision_tree`` modules except ``web`` and
``__main__``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from decision_tree.answers import BEIJING
from decision_tree.citations import resolve, text_of
from decision_tree.engine import Result
from decision_tree.grading import Grading
from decision_tree.load import load_duties
from decision_tree.rules import load_rules, matches
from decision_tree.web.state import Place, State, state_key
from decision_tree.web.texts import Texts, escape

OPTION_KEYS: dict[object, str] = {True: "yes", False: "no", "unknown": "unsure", "general": "general"}


@dataclass(frozen=True)
class View:
    """What every part of the markup needs: the state, where it is shown, how, and in which language."""

    state: State
    place: Place
    mode: str
    t: Texts
    now: str | None = None
    # The facts and judgements graded once, with the level left open (None without any, or when
    # the engine refuses them): the list of answers and the below-thresholds box both read it.
    grading: Grading | None = None

    @property
    def en(self) -> bool:
        """Whether the page is in (unofficial) English."""
        return self.t.lang == "en"


def answer_label(question: str, value: object, lang: str = "zh") -> str:
    """How an answer reads: 是 / 否 / 尚不确定, a level, or 尚不能判定 for an unknown level."""
    t = Texts(lang)
    if isinstance(value, tuple | str) and question == "sectors":  # several sector regulators
        labels = load_duties().sectors
        return t("sep.list").join(labels[key].get(t.lang) for key in (value if isinstance(value, tuple) else (value,)))
    if question == "level" and value == "unknown":
        return t("level.unknown")
    if isinstance(value, str) and value in ("especially_major", "major", "relatively_major"):
        # English always shows the Chinese level beside it: translations disagree on these words.
        term = load_rules().term(value)
        # Capitalised as a label, like the other answers ("General 一般", "Not sure").
        english = term.en or ""
        return f"{english[:1].upper()}{english[1:]} {term.zh}" if t.lang == "en" else t.pick(term)
    return t(f"option.{OPTION_KEYS[value]}")


def summary_title(question: str, lang: str = "zh") -> str:
    """The short title of a question in the list of answers and in the decision table."""
    return Texts(lang)(f"summary.{question}")


def level_label(v: View, level: str) -> str:
    return answer_label("level", level, v.t.lang)


COPY = 'data-copy="ic-draft"'


JSON_DOWNLOAD = 'data-download="json"'


def strong(text: str) -> str:
    return f"<strong>{escape(text)}</strong>"


def button(text: str, attributes: str) -> str:
    return f'<button type="button" class="ic-button" {attributes}>{escape(text)}</button>'


def link(href: str, text: str, fragment: str | None = None, cls: str = "", lang: str = "") -> str:
    attributes = f' class="{cls}"' if cls else ""
    attributes += f' lang="{lang}"' if lang else ""
    if fragment is not None:
        attributes += f' data-fragment="{escape(fragment)}"'
    return f'<a href="{escape(href)}"{attributes}>{escape(text)}</a>'


def cite(v: View, key: str) -> str:
    citation = resolve(key)
    return link(citation.url(v.place.root), citation.label(v.t.lang), cls="ic-cite")


def cites(v: View, keys: list[str] | tuple[str, ...]) -> str:
    return v.t("sep.list").join(cite(v, key) for key in keys)


def state_link(v: View, path: dict[str, object], text: str, cls: str = "", state: State | None = None) -> str:
    state = state or v.state
    return link(f"{v.place.states}{state_key(path)}.html", text, state.fragment(path), cls)


def passage(v: View, key: str) -> str:
    """An annex passage quoted: the official Chinese, or on the English page its unofficial
    English with the Chinese beside it."""
    if not v.en:
        return escape(text_of(key))
    return (
        f'<span lang="en">{escape(text_of(key, lang="en"))}</span> '
        f'<span class="ic-original" lang="zh">{escape(text_of(key))}</span>'
    )


def beijing_time(v: View, moment: str | None) -> str:
    """A moment as a Beijing clock time, labelled as such: 2026年12月6日 10:35（北京时间，UTC+8）."""
    if not moment:
        return ""
    when = dt.datetime.fromisoformat(moment).astimezone(BEIJING)
    clock = v.t("time.clock", year=when.year, month=when.month, day=when.day, time=f"{when:%H:%M}")
    return v.t("time.zoned", clock=clock)


def clock_html(v: View, moment: str, cls: str = "ic-clock") -> str:
    """:func:`beijing_time` as a ``<time>`` element: the page's script adds the reader's own time
    beside it when the browser's zone is not UTC+8."""
    return f'<time class="{cls}" datetime="{escape(moment)}">{escape(beijing_time(v, moment))}</time>'


def duration_text(v: View, minutes: int) -> str:
    if minutes == 60:
        return v.t("duration.hour")
    if minutes % 60 == 0:
        return v.t("duration.hours", hours=minutes // 60)
    return v.t("duration.minutes", minutes=minutes)


# Conditions that a question of the tree settles: the question is offered beside the condition.
CONDITION_QUESTIONS = {"if_suspected_crime": "suspected_crime", "if_intrusion": "suspected_crime"}


def condition_note(v: View, entry: Result) -> str:
    if not entry.get("conditional"):
        return ""
    labels = v.t("sep.clauses").join(v.t.pick(c["label"]) for c in entry["conditions"])
    asked = [CONDITION_QUESTIONS[c["id"]] for c in entry["conditions"] if c["id"] in CONDITION_QUESTIONS]
    beside = "".join(question_beside(v, question_id) for question_id in asked)
    return f'<span class="ic-condition">{escape(labels)}</span>{beside}'


def question_beside(v: View, question_id: str) -> str:
    """A yes/no question of the tree, answerable in one click where a condition depends on it (not
    where the tree asks it beside the result anyway: a refining question it asks in this state)."""
    question = next(q for q in load_rules().questions if q.id == question_id)
    if question_id in v.state.path or (question.refine and matches(question.ask_if, v.state.path)):
        return ""
    answers = v.t("sep.list").join(
        state_link(v, {**v.state.path, question_id: option}, answer_label(question_id, option, v.t.lang), "ic-option")
        for option in question.options
    )
    text = escape(v.t.pick(question.text))
    return f'<span class="ic-beside" data-question="{escape(question_id)}">{text} {answers}</span>'


def cited_items(v: View, entries: list[Result]) -> str:
    """One list item per entry: its text and its citation."""
    return "".join(f"<li>{escape(v.t.pick(e['text']))}（{cite(v, e['basis'])}）</li>" for e in entries)


def entries_section(v: View, title: str, anchor: str, entries: list[Result], extra: str = "") -> str:
    if not entries:
        return ""
    return (
        f'<section class="ic-section" aria-labelledby="{anchor}"><h3 id="{anchor}">{escape(title)}</h3>'
        f"<ul>{cited_items(v, entries)}</ul>{extra}</section>"
    )
