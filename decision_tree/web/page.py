"""A fragment → the whole widget, the same at build time and in Pyodide: parse the state, assess,
then assemble the markup of the rooms.

Package room. May import: the standard library, ``decision_tree.web.answer_list``,
``decision_tree.web.calendar``, ``decision_tree.web.channels``, ``decision_tree.web.clock``,
``decision_tree.web.contents``, ``decision_tree.web.deadlines``, ``decision_tree.web.duties``,
``decision_tree.web.follow_ups``,
``decision_tree.web.headline``, ``decision_tree.web.helper``, ``decision_tree.web.questions``,
``decision_tree.web.record``, ``decision_tree.web.state``, ``decision_tree.web.texts``,
``decision_tree.web.view``, and the other ``decision_tree`` modules except ``web`` and
``__main__``.

Every answer link carries both a ``data-fragment`` (used by the page's script) and an ``href`` to
the pre-rendered static page of the next state, so the same markup works with no JavaScript at
all. Two modes: ``live`` (in the browser, with a clock: due times, countdowns, the grading
helper) and ``static`` (pre-rendered at build time: deadlines as durations). Every word comes
from ``ui.toml`` in the reader's language (``lang=en`` in the fragment, or the page's own
language); the law's text and the engine's labels come from the data, and English is always
marked unofficial. Everything shown is escaped: the markup lives inside other people's pages.

The rooms, one per part of the page: ``view`` (what they share: links, citations, labels,
times), ``questions``, ``clock`` (the time of discovery), ``helper`` (the grading helper),
``answer_list``, ``headline``, ``deadlines`` (the table of reports and the escalations),
``channels``, ``contents`` (第七条 and the draft), ``follow_ups``, ``record``.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass

from decision_tree.answers import BEIJING, InputError, parse
from decision_tree.engine import Result, assess
from decision_tree.grading import Grading, grade
from decision_tree.load import load_law
from decision_tree.rules import Question, load_rules
from decision_tree.web.answer_list import answer_list
from decision_tree.web.calendar import ics
from decision_tree.web.channels import channels_section
from decision_tree.web.clock import time_line, time_question
from decision_tree.web.contents import contents_section
from decision_tree.web.deadlines import escalations_section, reports_table
from decision_tree.web.duties import duties_section
from decision_tree.web.entry import check_time
from decision_tree.web.follow_ups import follow_ups_section, notes_section
from decision_tree.web.fragment import parse_fragment
from decision_tree.web.headline import contact_line, headline
from decision_tree.web.helper import below_thresholds, settle_section
from decision_tree.web.questions import question_section, refine_section
from decision_tree.web.record import record_section
from decision_tree.web.state import Place, State, next_gating, state_key
from decision_tree.web.texts import Texts, escape, table
from decision_tree.web.view import View, summary_title


def _result(v: View, result: Result) -> str:
    live_time = time_line(v, result) if v.mode == "live" and result["reports"] else ""
    below = below_thresholds(v) if result["level"] == "unknown" and v.state.facts else ""
    return (
        '<section class="ic-result" id="ic-result" tabindex="-1" aria-labelledby="ic-result-title">'
        f'<h2 class="ic-title" id="ic-result-title">{escape(v.t("result.title"))}</h2>'
        f"{_banner(v, short=True)}"
        f"{headline(v, result)}"
        f"{contact_line(v)}"
        f"{live_time}"
        f"{below}"
        f"{refine_section(v)}"
        f"{reports_table(v, result)}"
        f"{escalations_section(v, result)}"
        f"{channels_section(v, result)}"
        f"{contents_section(v, result)}"
        f"{settle_section(v, result)}"
        f"{follow_ups_section(v, result)}"
        f"{duties_section(v, result)}"
        f"{notes_section(v, result)}"
        f"{record_section(v, result)}"
        "</section>"
    )


def _problems(v: View) -> str:
    if not v.state.problems:
        return ""
    items = "".join(f"<li>{escape(v.t.message(p))}</li>" for p in v.state.problems)
    return f'<div class="ic-problems" role="alert"><ul>{items}</ul></div>'


def _banner(v: View, short: bool = False) -> str:
    """On the English page: the whole questionnaire is an unofficial translation (above a result,
    one short line, so that the verdict, recipient and deadline fit on a phone's first screen)."""
    if not v.en:
        return ""
    cls = "ic-unofficial-banner ic-unofficial-short" if short else "ic-unofficial-banner"
    return f'<p class="{cls}">{v.t.html("unofficial.short" if short else "unofficial.banner")}</p>'


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


@dataclass
class Prepared:
    """A fragment read once into everything the markup needs: the state with its time resolved, the
    next question (or the time question, or none), the grading of the facts, and the result."""

    state: State
    texts: Texts
    question: Question | None = None
    step: int = 0
    total: int = 0
    asks_time: bool = False
    grading: Grading | None = None
    result: Result | None = None
    engine_problem: bool = False


def prepare(fragment: str, *, now: str | None, mode: str, lang: str | None) -> Prepared:
    """Parse the fragment, settle the time, choose what to show, grade and assess — each once."""
    state = parse_fragment(fragment)
    t = Texts(state.lang or lang)
    if mode == "live":
        if state.ago is not None and now:
            moment = dt.datetime.fromisoformat(now).astimezone(BEIJING) - dt.timedelta(minutes=state.ago)
            state.discovered, state.ago = moment.strftime("%Y-%m-%dT%H:%M"), None
        check_time(state, now)
    if mode == "static":
        state.discovered = state.ended = None
        state.ago, state.time_unsure = None, False
    gating = [q.id for q in load_rules().questions if not q.refine]
    prepared = Prepared(state=state, texts=t, total=len(gating) + (1 if mode == "live" else 0))
    if state.facts or state.judgements:
        try:
            prepared.grading = grade(parse(state.engine_input() | {"level": "unknown"}))
        except InputError:
            prepared.grading = None
        if prepared.grading is not None and prepared.grading.level is not None:
            state.graded = prepared.grading.level.value
    prepared.question = next_gating(state.path)
    if prepared.question is not None:
        prepared.step = gating.index(prepared.question.id) + 1
        return prepared
    # The time question, unless the answers leave nothing to report (一般: no deadline to compute).
    if mode == "live" and not state.discovered and not state.time_unsure and state.path.get("level") != "general":
        prepared.asks_time = True
        return prepared
    try:
        prepared.result = assess(parse(state.engine_input()))
    except InputError as error:
        # Every input the engine refuses should have been caught where it is entered; if one is
        # not, say so in the reader's language with the field, never the engine's own message.
        name = error.field.split(".")[-1].split(" ")[0]
        known = {f.id: t.pick(f.label) for f in load_law().guide.facts}
        label = known.get(name) or (summary_title(name, t.lang) if f"summary.{name}" in table() else name)
        state.problems.append(t("problem.engine", label=label))
        prepared.engine_problem = True
    return prepared


def render(
    fragment: str, *, now: str | None = None, mode: str = "static", place: Place | None = None, lang: str | None = None
) -> Rendered:
    """The widget's markup for the state in ``fragment``; never raises for bad input.

    One pass: :func:`prepare` reads everything once, then the rooms render from it.

    Args:
        fragment: the URL fragment, with or without '#'.
        now: the current time (ISO 8601): "found N minutes ago" becomes a clock time (live mode).
        mode: ``"live"`` (browser, clock times) or ``"static"`` (build time, durations).
        place: where the markup is shown (links to the site root and to the static pages).
        lang: the page's language (``zh`` or ``en``); a ``lang`` in the fragment wins.
    """
    p = prepare(fragment, now=now, mode=mode, lang=lang)
    state, t = p.state, p.texts
    v = View(state=state, place=place or Place(), mode=mode, t=t, now=now, grading=p.grading)
    open_ = f'<div class="ic" data-mode="{mode}" data-state="{escape(state_key(state.path))}" lang="{t.lang}">'
    head = _banner(v) + _problems(v)
    if p.question is not None:
        body = head + answer_list(v) + question_section(v, p.question, p.step, p.total)
        focus = f"ic-f-{next(iter(state.field_errors))}" if state.field_errors else "ic-question"
        return Rendered(open_ + body + "</div>", state.fragment(), focus, "", "")
    if p.asks_time:
        body = head + answer_list(v) + time_question(v, p.total, p.total)
        return Rendered(open_ + body + "</div>", state.fragment(), "ic-question", "", "")
    if p.result is None:
        body = head + answer_list(v)
        return Rendered(open_ + body + "</div>", state.fragment(), "ic-summary-title", "", "")
    result = p.result
    body = _problems(v) + answer_list(v, collapsed=True) + _result(v, result)
    generated = dt.datetime.fromisoformat(now).astimezone(BEIJING).isoformat(timespec="seconds") if now else None
    record: dict[str, object] = {"generated_at": generated, "fragment": state.fragment()}
    if t.lang == "en":
        record["unofficial"] = t("unofficial.json")
    record |= {"input": state.engine_input(), "result": result}
    dues = [r["due_at"] for r in result["reports"] if r["due_at"]]
    clocks = dues + [r["due_at"] for r in result["other_duties"] if r["due_at"]]
    return Rendered(
        html=open_ + body + "</div>",
        fragment=state.fragment(),
        focus="ic-result",
        record=json.dumps(record, ensure_ascii=False, indent=1),
        ics=ics(result, now, t.lang) if clocks else "",
        level=result["level"],
        must_report=result["must_report"],
        earliest_due=min(dues) if dues else None,
    )
