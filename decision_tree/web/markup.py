"""The questionnaire's markup: a state in, HTML out — the same at build time and in Pyodide.

Package room. May import: the standard library, ``decision_tree.web.state``,
``decision_tree.web.texts``, ``decision_tree.web.calendar`` and the other ``decision_tree``
modules except ``web`` and ``__main__``.

Every answer link carries both a ``data-fragment`` (used by the page's script) and an ``href`` to
the pre-rendered static page of the next state, so the same markup works with no JavaScript at
all. Two modes: ``live`` (in the browser, with a clock: due times, countdowns, the grading
helper) and ``static`` (pre-rendered at build time: deadlines as durations). Every word comes
from ``ui.toml`` in the reader's language (``lang=en`` in the fragment, or the page's own
language); the law's text and the engine's labels come from the data, and English is always
marked unofficial. Everything shown is escaped: the markup lives inside other people's pages.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, replace

from decision_tree.answers import BEIJING, InputError, parse, qualitative_keys
from decision_tree.citations import resolve, text_of
from decision_tree.engine import Result, assess
from decision_tree.grading import grade, thresholds_of
from decision_tree.load import load_law
from decision_tree.model import Level
from decision_tree.rules import Question, load_rules, matches
from decision_tree.web.calendar import ics
from decision_tree.web.state import (
    FACT_PREFIX,
    IMPACTS,
    SITE_KIND_TOPICS,
    Place,
    State,
    check_time,
    encode,
    next_gating,
    number_text,
    parse_fragment,
    state_key,
)
from decision_tree.web.texts import Texts, escape, table

OPTION_KEYS: dict[object, str] = {True: "yes", False: "no", "unknown": "unsure", "general": "general"}
TIME_OPTIONS = (0, 15, 30, 60)  # "found N minutes ago", one click each
EARLIER = (15, 30, 60, 180)  # quick corrections of the time: N minutes earlier


@dataclass(frozen=True)
class View:
    """What every part of the markup needs: the state, where it is shown, how, and in which language."""

    state: State
    place: Place
    mode: str
    t: Texts
    now: str | None = None

    @property
    def en(self) -> bool:
        """Whether the page is in (unofficial) English."""
        return self.t.lang == "en"


def answer_label(question: str, value: object, lang: str = "zh") -> str:
    """How an answer reads: 是 / 否 / 尚不确定, a level, or 尚不能判定 for an unknown level."""
    t = Texts(lang)
    if question == "level" and value == "unknown":
        return t("level.unknown")
    if isinstance(value, str) and value in ("especially_major", "major", "relatively_major"):
        # English always shows the Chinese level beside it: translations disagree on these words.
        term = load_rules().term(value)
        return f"{term.en} {term.zh}" if t.lang == "en" else t.pick(term)
    return t(f"option.{OPTION_KEYS[value]}")


def summary_title(question: str, lang: str = "zh") -> str:
    """The short title of a question in the list of answers and in the decision table."""
    return Texts(lang)(f"summary.{question}")


def _level_label(v: View, level: str) -> str:
    return answer_label("level", level, v.t.lang)


COPY = 'data-copy="ic-draft"'
JSON_DOWNLOAD = 'data-download="json"'


def _strong(text: str) -> str:
    return f"<strong>{escape(text)}</strong>"


def _button(text: str, attributes: str) -> str:
    return f'<button type="button" class="ic-button" {attributes}>{escape(text)}</button>'


def _a(href: str, text: str, fragment: str | None = None, cls: str = "", lang: str = "") -> str:
    attributes = f' class="{cls}"' if cls else ""
    attributes += f' lang="{lang}"' if lang else ""
    if fragment is not None:
        attributes += f' data-fragment="{escape(fragment)}"'
    return f'<a href="{escape(href)}"{attributes}>{escape(text)}</a>'


def _cite(v: View, key: str) -> str:
    citation = resolve(key)
    return _a(citation.url(v.place.root), citation.label(v.t.lang), cls="ic-cite")


def _cites(v: View, keys: list[str] | tuple[str, ...]) -> str:
    return v.t("sep.list").join(_cite(v, key) for key in keys)


def _state_link(v: View, path: dict[str, object], text: str, cls: str = "", state: State | None = None) -> str:
    state = state or v.state
    return _a(f"{v.place.states}{state_key(path)}.html", text, state.fragment(path), cls)


def _passage(v: View, key: str) -> str:
    """An annex passage quoted: the official Chinese, or on the English page its unofficial
    English with the Chinese beside it."""
    if not v.en:
        return escape(text_of(key))
    return (
        f'<span lang="en">{escape(text_of(key, lang="en"))}</span> '
        f'<span class="ic-original" lang="zh">{escape(text_of(key))}</span>'
    )


# ── Questions ────────────────────────────────────────────────────────────────────────────────


def _question(v: View, question: Question, step: int, total: int) -> str:
    options = "".join(
        "<li>"
        + _state_link(
            v, {**v.state.path, question.id: option}, answer_label(question.id, option, v.t.lang), "ic-option"
        )
        + "</li>"
        for option in question.options
    )
    helper = _grading_helper(v) if question.id == "level" and v.mode == "live" else ""
    if question.id == "level":
        table = _a(v.place.root + "guide/#guide-compare", v.t("level.table"))
        helper += f'<p class="ic-hint">{v.t.html("level.hint", table=table)}</p>'
    return (
        f'<section class="ic-question" id="ic-question" tabindex="-1" aria-labelledby="ic-question-title"'
        f' data-question="{escape(question.id)}">'
        f'<p class="ic-step">{escape(v.t("question.step", step=step, total=total))}</p>'
        f'<h2 class="ic-title" id="ic-question-title">{escape(v.t.pick(question.text))}</h2>'
        f'<p class="ic-help">{escape(v.t.pick(question.help))}</p>'
        f'<ul class="ic-options">{options}</ul>'
        f"{helper}"
        f'<p class="ic-basis">{escape(v.t("basis"))}{_cites(v, question.basis)}</p>'
        "</section>"
    )


def _time_input(v: View, label: str, button: str) -> str:
    """A form for the exact time of discovery (Beijing time), to the minute."""
    latest = dt.datetime.fromisoformat(v.now).astimezone(BEIJING) if v.now else None
    value = ""
    if v.state.discovered:
        try:
            value = f' value="{dt.datetime.fromisoformat(v.state.discovered).astimezone(BEIJING):%Y-%m-%dT%H:%M}"'
        except ValueError:
            value = ""
    maximum = f' max="{latest:%Y-%m-%dT%H:%M}"' if latest else ""
    return (
        '<form class="ic-time-form" aria-labelledby="ic-time-label">'
        f'<label class="ic-field"><span id="ic-time-label">{escape(label)}</span>'
        f'<input type="datetime-local" name="t" step="60" required min="2000-01-01T00:00"{maximum}{value}></label>'
        f'<button type="submit" class="ic-button">{escape(button)}</button></form>'
    )


def _time_question(v: View, step: int, total: int) -> str:
    """When was the incident discovered or learned of? One click for the common answers."""
    href = f"{v.place.states}{state_key(v.state.path)}.html"
    base = v.state.fragment(discovered=None)
    options = "".join(
        f"<li>{_a(href, v.t(f'time.ago.{minutes}'), f'{base}&t=-{minutes}m', 'ic-option')}</li>"
        for minutes in TIME_OPTIONS
    )
    unsure = _a(href, v.t("time.unsure"), f"{base}&t=unsure", "ic-option")
    return (
        '<section class="ic-question" id="ic-question" tabindex="-1" aria-labelledby="ic-question-title"'
        ' data-question="t">'
        f'<p class="ic-step">{escape(v.t("question.step", step=step, total=total))}</p>'
        f'<h2 class="ic-title" id="ic-question-title">{escape(v.t("time.question"))}</h2>'
        f'<p class="ic-help">{escape(v.t("time.help"))}</p>'
        f'<ul class="ic-options">{options}<li>{unsure}</li></ul>'
        f"{_time_input(v, v.t('time.earlier'), v.t('time.confirm'))}"
        f'<p class="ic-basis">{escape(v.t("basis"))}'
        f"{_cites(v, ['measures/4/1', 'interpretations/clock-start', 'interpretations/hours-run-continuously'])}</p>"
        "</section>"
    )


def _fact_field(v: View, name: str) -> str:
    fact = load_law().guide.fact(name)
    state = v.state
    value = state.raw_fields.get(name) or (number_text(state.facts[name]) if name in state.facts else "")
    error = state.field_errors.get(name)
    described = f' aria-invalid="true" aria-describedby="ic-err-{escape(name)}"' if error else ""
    message = (
        f'<span class="ic-field-error" id="ic-err-{escape(name)}">{escape(v.t.message(error))}</span>' if error else ""
    )
    return (
        f'<label class="ic-field{" ic-field-invalid" if error else ""}"><span>{escape(v.t.pick(fact.label))}</span>'
        f'<input type="text" inputmode="decimal" autocomplete="off" id="ic-f-{escape(name)}"'
        f' name="{FACT_PREFIX}{escape(name)}" value="{escape(value)}"{described}>{message}</label>'
    )


def _kind_field(v: View, kind: str) -> str:
    chosen = v.state.portal_site_kind if kind == "psk" else v.state.defaced_site_kind
    error = v.state.field_errors.get(kind)
    choices = f'<option value="">{escape(v.t("helper.choose"))}</option>' + "".join(
        f'<option value="{escape(k.id)}"{" selected" if k.id == chosen else ""}>{escape(v.t.pick(k.label))}</option>'
        for k in load_rules().site_kinds_for(SITE_KIND_TOPICS[kind])
    )
    described = f' aria-invalid="true" aria-describedby="ic-err-{kind}"' if error else ""
    message = f'<span class="ic-field-error" id="ic-err-{kind}">{escape(v.t.message(error))}</span>' if error else ""
    return (
        f'<label class="ic-field{" ic-field-invalid" if error else ""}"><span>{escape(v.t(f"helper.{kind}"))}</span>'
        f'<select name="{kind}" id="ic-f-{kind}"{described}>{choices}</select>{message}</label>'
    )


def _grading_helper(v: View) -> str:
    """Numbers and judgements → the level, in the browser (submitted by the page's script).

    It asks first which kinds of impact there are — one folded group each, opened with a click —
    so only their fields show, each kind of site beside its numbers. A field that cannot be used
    gets its message beside it and the form stays open, with what was typed.
    """
    law = load_law()
    state = v.state
    # The form sends every number, kind of site and judgement it shows: the base carries none of
    # them, or a second submission would repeat them (and a repeated key is dropped).
    base = replace(
        state, facts={}, raw_fields={}, judgements=[], portal_site_kind=None, defaced_site_kind=None
    ).fragment({**state.path, "level": "unknown"})
    groups = []
    for impact, names, kind in IMPACTS:
        typed = any(n in state.facts or n in state.raw_fields for n in names)
        if impact == "cii" and state.path.get("involves_cii") is False and not typed:
            continue  # CII = 否: the outage indicators do not apply
        used = typed or kind in state.field_errors
        fields = (_kind_field(v, kind) if kind else "") + "".join(_fact_field(v, n) for n in names)
        groups.append(
            f'<details class="ic-impact" data-impact="{impact}"{" open" if used else ""}>'
            f"<summary>{escape(v.t('impact.' + impact))}</summary>"
            f'<div class="ic-impact-fields">{fields}</div></details>'
        )
    boxes = []
    for level in (Level.ESPECIALLY_MAJOR, Level.MAJOR, Level.RELATIVELY_MAJOR):
        items = []
        for key in qualitative_keys(law):
            if not key.startswith(f"guide/{level.number}/"):
                continue
            citation = resolve(key)
            checked = " checked" if key in state.judgements else ""
            text = _passage(v, key)
            if key.endswith("/indicator/6/4"):
                # site-scopes: only for the sites and platforms that level's item 6 lists.
                sites = text_of(key.rsplit("/", 1)[0], lang=v.t.lang)
                sites = sites.split("被攻击篡改")[0] if not v.en else sites.split(" are attacked")[0]
                text = v.t.html("helper.scoped", sites=escape(sites), text=text)
            items.append(
                f'<label class="ic-check"><input type="checkbox" name="j" value="{escape(key)}"{checked}>'
                f"<span>{text}（{_a(citation.url(v.place.root), citation.label(v.t.lang))}）</span></label>"
            )
        legend = v.t.pick(load_rules().term(level.value))
        boxes.append(f"<fieldset><legend>{escape(legend)}</legend>{''.join(items)}</fieldset>")
    judged = bool(state.judgements)
    errors = ""
    if state.field_errors:
        errors = (
            '<div class="ic-problems ic-grade-errors" id="ic-grade-errors" role="alert" tabindex="-1">'
            f"<p>{escape(v.t('helper.errors', count=len(state.field_errors)))}</p></div>"
        )
    unofficial = f'<p class="ic-unofficial">{escape(v.t("unofficial.quote"))}</p>' if v.en else ""
    return (
        f'<details class="ic-grade"{" open" if state.field_errors or state.facts or judged else ""}>'
        f"<summary>{escape(v.t('helper.summary'))}</summary>"
        f'<form class="ic-grade-form" data-fragment="{escape(base)}" novalidate>{errors}'
        f'<p class="ic-hint">{escape(v.t("helper.hint"))}</p>'
        f'<div class="ic-impacts">{"".join(groups)}</div>'
        f'<details class="ic-impact"{" open" if judged else ""}><summary>{escape(v.t("helper.judgements"))}</summary>'
        f'<div class="ic-impact-fields">{unofficial}{"".join(boxes)}</div></details>'
        f'<button type="submit" class="ic-button">{escape(v.t("helper.submit"))}</button>'
        "</form></details>"
    )


# ── The list of answers ───────────────────────────────────────────────────────────────────────


def _summary(v: View, collapsed: bool = False) -> str:
    state = v.state
    if not state.path:
        return ""
    rows = []
    for key, value in state.path.items():
        shown = escape(answer_label(key, value, v.t.lang))
        if key == "level" and value == "unknown" and (state.facts or state.judgements):
            shown = _graded_label(v)
        change = {k: x for k, x in state.path.items() if k != key and k not in state.preset_answers}
        chooser = replace(state, ask=[*state.ask, key]) if key in state.preset_answers else state
        preset = (
            f'<span class="ic-preset">{escape(v.t("summary.preset"))}</span>' if key in state.preset_answers else ""
        )
        rows.append(
            f'<li><span class="ic-summary-q">{escape(summary_title(key, v.t.lang))}</span>'
            f'<span class="ic-summary-a">{shown}</span>{preset}'
            f" {_state_link(v, change, v.t('summary.change'), 'ic-change', chooser)}</li>"
        )
    restart = "&".join(f"{encode(k)}={encode(x)}" for k, x in state.carried(ask=[]))
    start = _a(f"{v.place.states}start.html", v.t("summary.restart"), restart, "ic-restart")
    body = f'<ol>{"".join(rows)}</ol><p class="ic-restart-line">{start}</p>'
    if collapsed:
        return (
            f'<details class="ic-summary"><summary class="ic-summary-title" id="ic-summary-title">'
            f"{escape(v.t('summary.folded', count=len(rows)))}</summary>{body}</details>"
        )
    return (
        '<section class="ic-summary" aria-labelledby="ic-summary-title">'
        f'<h2 class="ic-summary-title" id="ic-summary-title">{escape(v.t("summary.title"))}</h2>{body}</section>'
    )


def _graded_label(v: View) -> str:
    try:
        grading = grade(parse(v.state.engine_input()))
    except InputError:
        return escape(v.t("level.unknown"))
    if grading.level is None:
        return escape(v.t("level.graded_nothing"))
    return v.t.html(
        "level.graded",
        level=escape(v.t.pick(load_rules().term(grading.level.value))),
        basis=_cites(v, grading.basis),
        reading=_cite(v, "interpretations/indicators-usual-test"),
    )


# ── The result ───────────────────────────────────────────────────────────────────────────────


def _beijing(v: View, moment: str | None) -> str:
    if not moment:
        return ""
    when = dt.datetime.fromisoformat(moment).astimezone(BEIJING)
    return v.t("time.clock", year=when.year, month=when.month, day=when.day, time=f"{when:%H:%M}")


def _duration(v: View, minutes: int) -> str:
    if minutes == 60:
        return v.t("duration.hour")
    if minutes % 60 == 0:
        return v.t("duration.hours", hours=minutes // 60)
    return v.t("duration.minutes", minutes=minutes)


def _conditions(v: View, entry: Result) -> str:
    if not entry.get("conditional"):
        return ""
    labels = v.t("sep.clauses").join(v.t.pick(c["label"]) for c in entry["conditions"])
    return f'<span class="ic-condition">{escape(labels)}</span>'


def _due(v: View, entry: Result) -> str:
    promptness = f'<span class="ic-within">{escape(v.t.pick(entry["promptness"]))}</span>'
    if entry["due_at"] and v.mode == "live":
        return (
            f'<time class="ic-due" datetime="{escape(entry["due_at"])}">{escape(_beijing(v, entry["due_at"]))}</time>'
            f'<span class="ic-countdown" data-due="{escape(entry["due_at"])}" aria-live="off"></span>{promptness}'
        )
    if entry["within_minutes"] is None:
        return promptness
    pending = f'<span class="ic-pending">{escape(v.t("time.pending"))}</span>' if v.mode == "live" else ""
    return escape(v.t("duration.after", duration=_duration(v, entry["within_minutes"]))) + pending + promptness


def _headline(v: View, result: Result) -> str:
    level = result["level"]
    basis = _cites(v, result["level_basis"]) if result["level_basis"] else ""
    source = v.t(f"level.source.{result['level_source']}")
    if not result["in_force"]:
        verdict, cls = v.t("verdict.none"), "ic-verdict-none"
        why = v.t.html(
            "why.before_in_force",
            article=_cite(v, "measures/14/1"),
            reading=_cite(v, "interpretations/before-in-force"),
        )
    elif result["must_report"] is True:
        verdict, cls = v.t("verdict.report"), "ic-verdict-report"
        why = v.t.html("why.report", basis=_cite(v, "measures/4/1"))
    elif result["must_report"] is False:
        verdict, cls = v.t("verdict.none"), "ic-verdict-none"
        why = v.t.html("why.general", basis=_cite(v, "measures/4/1"))
    else:
        verdict, cls = v.t("verdict.unknown"), "ic-verdict-unknown"
        why = v.t.html("why.unknown", reading=_cite(v, "interpretations/unknown-level"))
    level_line = v.t.html(
        "level.line",
        level=f"<strong>{escape(_level_label(v, level))}</strong>",
        source=escape(source) + (v.t("sep.colon") + basis if basis else ""),
    )
    return (
        f'<div class="ic-headline {cls}"><p class="ic-verdict">{escape(verdict)}</p>'
        f"{_next_step(v, result)}"
        f'<p class="ic-level">{level_line}</p><p class="ic-why">{why}</p>{_secret_warning(v, result)}</div>'
    )


def _promptness_word(v: View, report: Result) -> str:
    """第一时间 or 及时: the text's own word before the hour limit (interpretation "promptness")."""
    return v.t("word.immediately" if report["promptness"]["zh"].startswith("第一时间") else "word.promptly")


def _channel_phrase(v: View, report: Result) -> str:
    if report["channel"]["kind"] == "12387":
        return v.t("channel.via_12387")
    return v.t("channel.via_designated", to=v.t.pick(report["to_label"]))


def _next_step(v: View, result: Result) -> str:
    """Every timed duty at the top, one line per deadline: definite ones first, then those that
    may apply, each with its condition, recipients and channel."""
    timed = [r for r in result["reports"] if r["within_minutes"] is not None]
    untimed = [r for r in result["reports"] if r["within_minutes"] is None and not r["conditional"]]
    if not timed and not untimed:
        return ""
    groups: dict[tuple[bool, int, str], list[Result]] = {}
    for report in sorted(timed, key=lambda r: (r["conditional"], r["within_minutes"])):
        conditions = v.t("sep.clauses").join(v.t.pick(c["label"]) for c in report["conditions"])
        groups.setdefault((report["conditional"], report["within_minutes"], conditions), []).append(report)
    lines = []
    for (conditional, minutes, conditions), reports in groups.items():
        who = v.t("sep.list").join(dict.fromkeys(v.t.pick(r["to_label"]) for r in reports))
        word = _promptness_word(v, reports[0])
        due = reports[0]["due_at"]
        if due and v.mode == "live":
            when = v.t.html("next.due", word=escape(word), due=f"<strong>{escape(_beijing(v, due))}</strong>")
            countdown = f' <span class="ic-countdown" data-due="{escape(due)}"></span>'
        else:
            duration = f"<strong>{escape(v.t('duration.after', duration=_duration(v, minutes)))}</strong>"
            when = v.t.html("next.within", word=escape(word), due=duration)
            countdown = f' <span class="ic-pending">{escape(v.t("time.pending"))}</span>' if v.mode == "live" else ""
        channel = v.t("sep.clauses").join(dict.fromkeys(_channel_phrase(v, r) for r in reports))
        prefix = (
            f'<span class="ic-condition">{escape(v.t("next.condition", conditions=conditions))}</span>'
            if conditional
            else ""
        )
        cls = "ic-next ic-next-conditional" if conditional else "ic-next"
        line = v.t.html("next.line", who=f"<strong>{escape(who)}</strong>", when=when, channel=escape(channel))
        lines.append(f'<li class="{cls}">{prefix}{line}{countdown}</li>')
    for report in untimed:
        line = v.t.html(
            "next.untimed",
            who=f"<strong>{escape(v.t.pick(report['to_label']))}</strong>",
            promptness=escape(v.t.pick(report["promptness"])),
        )
        lines.append(f'<li class="ic-next">{line}</li>')
    return f'<ul class="ic-next-list">{"".join(lines)}</ul>'


def _contact(v: View) -> str:
    if not v.state.contact:
        return ""
    return f'<p class="ic-contact">{v.t.html("contact", contact=f"<strong>{escape(v.state.contact)}</strong>")}</p>'


def _secret_warning(v: View, result: Result) -> str:
    if not any(f["id"] == "state_secret" for f in result["follow_ups"]):
        return ""
    return f'<p class="ic-secret">{v.t.html("secret", basis=_cite(v, "measures/13/1"))}</p>'


def _report_channel(v: View, report: Result) -> str:
    """The channel for one recipient: 12387 only for the cyberspace administration (第九条)."""
    channel = report["channel"]
    if channel["kind"] == "12387":
        return f"{_a('#ic-channels-title', v.t('channel.12387'))}（{_cite(v, channel['basis'])}）"
    return f"{escape(v.t.pick(channel['text']))}（{_cite(v, channel['basis'])}）"


def _reports(v: View, result: Result) -> str:
    if not result["reports"]:
        return ""
    label = {name: escape(v.t(f"reports.{name}")) for name in ("kind", "when", "channel", "basis")}
    rows = "".join(
        f'<tr data-to="{escape(r["to"])}" data-within="{r["within_minutes"] or ""}">'
        f'<th scope="row">{escape(v.t.pick(r["to_label"]))}{_conditions(v, r)}</th>'
        f'<td data-label="{label["kind"]}">{escape(v.t("kind." + r["kind"]))}</td>'
        f'<td class="ic-when" data-label="{label["when"]}">{_due(v, r)}</td>'
        f'<td class="ic-channel" data-label="{label["channel"]}" data-channel="{escape(r["channel"]["kind"])}">'
        f"{_report_channel(v, r)}</td>"
        f'<td data-label="{label["basis"]}">{_cite(v, r["basis"])}</td>'
        "</tr>"
        for r in result["reports"]
    )
    clock = f'<p class="ic-hint">{escape(v.t("reports.static"))}</p>' if v.mode != "live" else ""
    head = "".join(
        f'<th scope="col">{escape(v.t(f"reports.{name}"))}</th>' for name in ("to", "kind", "when", "channel", "basis")
    )
    return (
        '<section class="ic-section" aria-labelledby="ic-reports-title">'
        f'<h3 id="ic-reports-title">{escape(v.t("reports.title"))}</h3>'
        f"{clock}"
        f'<div class="ic-table-wrap"><table class="ic-table"><thead><tr>{head}</tr></thead>'
        f"<tbody>{rows}</tbody></table></div></section>"
    )


def _time_line(v: View, result: Result) -> str:
    """The time of discovery under the verdict: the deadlines count from it; change it in place."""
    if not result["discovered_at"]:
        return (
            f'<div class="ic-time-pending" id="ic-time"><p>'
            f"{v.t.html('time.pending_box', title=_strong(v.t('time.pending_title')))}</p>"
            f"{_time_input(v, v.t('time.label'), v.t('time.show'))}</div>"
        )
    when = dt.datetime.fromisoformat(result["discovered_at"]).astimezone(BEIJING)
    quick = []
    for minutes in EARLIER:
        earlier = (when - dt.timedelta(minutes=minutes)).strftime("%Y-%m-%dT%H:%M")
        fragment = v.state.fragment(discovered=earlier)
        quick.append(f"<li>{_a('#' + fragment, v.t(f'time.earlier.{minutes}'), fragment)}</li>")
    shown = f"<strong>{escape(_beijing(v, result['discovered_at']))}</strong>"
    return (
        f'<div class="ic-time" id="ic-time"><p>{v.t.html("time.line", time=shown)}</p>'
        f'<details class="ic-time-change"><summary>{escape(v.t("time.change"))}</summary>'
        f"{_time_input(v, v.t('time.label'), v.t('time.update'))}"
        f'<ul class="ic-quick" aria-label="{escape(v.t("time.quick"))}">{"".join(quick)}</ul></details></div>'
    )


def _refine(v: View) -> str:
    """The refining questions beside the result: one click each. Live, all of them (an answer can
    be changed); static, the next unanswered one, so every link leads to a pre-rendered page."""
    state = v.state
    asked = [q for q in load_rules().questions if q.refine and matches(q.ask_if, state.path)]
    if v.mode != "live":
        asked = [q for q in asked if q.id not in state.path][:1]
    if not asked:
        return ""
    rows = []
    for question in asked:
        chosen = state.path.get(question.id)
        options = "".join(
            "<li>"
            + (
                f'<span class="ic-chosen" aria-current="true">{escape(answer_label(question.id, option, v.t.lang))}'
                "</span>"
                if question.id in state.path and chosen == option and type(chosen) is type(option)
                else _state_link(
                    v, {**state.path, question.id: option}, answer_label(question.id, option, v.t.lang), "ic-option"
                )
            )
            + "</li>"
            for option in question.options
        )
        rows.append(
            f'<div class="ic-refine-q" data-question="{escape(question.id)}">'
            f'<p class="ic-refine-text">{escape(v.t.pick(question.text))}<span class="ic-refine-help">'
            f"{escape(v.t.pick(question.help))}（{_cites(v, question.basis)}）</span></p>"
            f'<ul class="ic-options ic-options-inline">{options}</ul></div>'
        )
    return (
        '<section class="ic-section ic-refine" aria-labelledby="ic-refine-title">'
        f'<h3 id="ic-refine-title">{escape(v.t("refine.title"))}</h3>'
        f"{''.join(rows)}</section>"
    )


def _below_thresholds(v: View) -> str:
    """The numbers given against the 较大 thresholds, the 情形 still to judge, and one click to 一般."""
    state = v.state
    try:
        grading = grade(parse(state.engine_input() | {"level": "unknown"}))
    except InputError:
        return ""
    if grading.level is not None:
        return ""
    law = load_law()
    rows = []
    for name, value in state.facts.items():
        limits = [
            _a(resolve(key).url(v.place.root), t.quote, lang="zh")
            for key, _, t in thresholds_of(law, Level.RELATIVELY_MAJOR)
            if t.fact == name
        ]
        if limits:
            line = v.t.html(
                "below.number",
                fact=escape(v.t.pick(law.guide.fact(name).label)),
                value=f"<strong>{escape(number_text(value))}</strong>",
                limits=v.t("sep.list").join(limits),
            )
            rows.append(f"<li>{line}</li>")
    criteria = [key for key in qualitative_keys(law) if key.startswith("guide/3/")]
    judge = "".join(f"<li>{_passage(v, key)}（{_cite(v, key)}）</li>" for key in criteria)
    general = {**state.path, "level": "general"}
    return (
        '<section class="ic-below" aria-labelledby="ic-below-title">'
        f'<h3 id="ic-below-title">{escape(v.t("below.title"))}</h3>'
        f'<ul class="ic-below-numbers">{"".join(rows)}</ul>'
        f"<p>{v.t.html('below.judge', reading=_cite(v, 'interpretations/graded-general-caveat'))}</p>"
        f'<ol class="ic-below-criteria">{judge}</ol>'
        f'<p class="ic-conclude">{_state_link(v, general, v.t("below.general"), "ic-option")}'
        f"{escape(v.t('below.otherwise'))}</p></section>"
    )


def _escalations(v: View, result: Result) -> str:
    if not result["escalations"]:
        return ""
    items = "".join(
        f"<li>{escape(v.t.pick(e['by_label']))} → {escape(v.t('sep.list').join(v.t.pick(x) for x in e['to_labels']))}"
        f"{v.t('sep.colon')}"
        f"{escape(_duration(v, e['within_minutes']) if e['within_minutes'] else v.t.pick(e['timing']))}"
        f"{_conditions(v, e)}（{_cite(v, e['basis'])}）</li>"
        for e in result["escalations"]
    )
    return (
        '<section class="ic-section" aria-labelledby="ic-escalations-title">'
        f'<h3 id="ic-escalations-title">{escape(v.t("escalations.title"))}</h3>'
        f'<p class="ic-hint">{v.t.html("escalations.hint", reading=_cite(v, "interpretations/authorities-escalation"))}'
        "</p>"
        f"<ul>{items}</ul></section>"
    )


def _channels(v: View, result: Result) -> str:
    if not result["channels"]:
        return ""
    reading = _cite(v, "interpretations/channels")
    if not any(r["channel"]["kind"] == "12387" for r in result["reports"]):
        return (
            '<section class="ic-section" aria-labelledby="ic-channels-title">'
            f'<h3 id="ic-channels-title">{escape(v.t("channels.title_none"))}</h3>'
            f"<p>{v.t.html('channels.none', reading=reading)}</p></section>"
        )
    items = "".join(
        f"<li><strong>{escape(c['value'])}</strong> — {escape(v.t.pick(c['label']))}"
        f'<span class="ic-needs">{escape(v.t("channels.needs", needs=v.t.pick(c["needs"])))}'
        f"{escape(v.t('channels.offline')) if c['works_without_own_network'] else ''}</span></li>"
        for c in result["channels"]
    )
    return (
        '<section class="ic-section" aria-labelledby="ic-channels-title">'
        f'<h3 id="ic-channels-title">{escape(v.t("channels.title"))}</h3>'
        f"<p>{v.t.html('channels.caveat', warning=_strong(v.t('channels.warning')), reading=reading)}</p>"
        f'<ul class="ic-channels">{items}</ul>'
        f'<p class="ic-basis">{escape(v.t("basis"))}{_cites(v, ["qa/6/1", "measures/9/1", "interpretations/channels"])}'
        "</p></section>"
    )


# The report draft stays in Chinese (it goes to Chinese authorities); the English page glosses
# each of its headings.
DRAFT_HEADINGS = (
    *("报告单位", "报告人及联系方式", "报告时间", "发现或获知事件的时间", "事件级别（初步研判）", "必报"),
    "规定时间内不能判定的，可先报第一、二项，及时补报",
)


def _contents(v: View, result: Result) -> str:
    contents = result["contents"]
    if not contents:
        return ""

    def item(entry: Result) -> str:
        text = (
            escape(entry["text"])
            if not v.en
            else f'<span lang="en">{escape(_item_en(entry["basis"]))}</span> <span class="ic-original" lang="zh">'
            f"{escape(entry['text'])}</span>"
        )
        follow = ""
        if entry["basis_may_follow"]:
            basis = _cite(v, entry["basis_may_follow"])
            follow = f'<span class="ic-may-follow">{v.t.html("contents.may_follow", basis=basis)}</span>'
        return f"<li>{text}（{_cite(v, entry['basis'])}）{follow}</li>"

    ransom = ""
    if contents["ransomware_fields"]:
        fields = "".join(f"<li>{escape(v.t.pick(f['label']))}</li>" for f in contents["ransomware_fields"])
        ransom = f"<p>{v.t.html('contents.ransom', basis=_cite(v, 'measures/7/1/2'))}</p><ul>{fields}</ul>"
    gloss = ""
    if v.en:
        rows = "".join(
            f'<li><span lang="zh">{escape(h)}</span> — {escape(v.t(f"draft.gloss.{n}"))}</li>'
            for n, h in enumerate(DRAFT_HEADINGS)
        )
        gloss = f'<p class="ic-hint">{escape(v.t("draft.gloss"))}</p><ul class="ic-gloss">{rows}</ul>'
    return (
        '<section class="ic-section" aria-labelledby="ic-contents-title">'
        f'<h3 id="ic-contents-title">{escape(v.t("contents.title"))}</h3>'
        "<p>"
        + v.t.html(
            "contents.lead",
            required=_cite(v, contents["required_basis"]),
            reading=_cite(v, "interpretations/report-contents"),
            first=_cite(v, contents["first_report_basis"]),
        )
        + "</p>"
        f'<ol class="ic-contents-items">{"".join(item(i) for i in contents["items"])}</ol>{ransom}'
        f'<label class="ic-field ic-draft-label" for="ic-draft"><span>{escape(v.t("draft.label"))}</span></label>'
        f'<textarea id="ic-draft" class="ic-draft" readonly rows="12" lang="zh">{escape(contents["draft"])}</textarea>'
        f'<pre class="ic-draft-print" aria-hidden="true" lang="zh">{escape(contents["draft"])}</pre>{gloss}'
        f'<p class="ic-js-only">{_button(v.t("draft.copy"), COPY)}'
        '<span class="ic-copied" role="status"></span></p></section>'
    )


def _item_en(key: str) -> str:
    """The unofficial English of an item of 第七条第一款."""
    _, article, paragraph, item = key.split("/")
    return load_law().measures.article(int(article)).paragraphs[int(paragraph) - 1].items[int(item) - 1].text.get("en")


def _cited_items(v: View, entries: list[Result]) -> str:
    """One list item per entry: its text and its citation."""
    return "".join(f"<li>{escape(v.t.pick(e['text']))}（{_cite(v, e['basis'])}）</li>" for e in entries)


def _entries(v: View, title: str, anchor: str, entries: list[Result], extra: str = "") -> str:
    if not entries:
        return ""
    return (
        f'<section class="ic-section" aria-labelledby="{anchor}"><h3 id="{anchor}">{escape(title)}</h3>'
        f"<ul>{_cited_items(v, entries)}</ul>{extra}</section>"
    )


def _notes(v: View, result: Result) -> str:
    """The notes, folded on screen (there are many) and printed in full."""
    return (
        '<section class="ic-section" aria-labelledby="ic-notes-title"><details class="ic-notes">'
        f'<summary><h3 id="ic-notes-title">{escape(v.t("notes.title", count=len(result["notes"])))}</h3></summary>'
        f"<ul>{_cited_items(v, result['notes'])}</ul></details></section>"
    )


def _follow_ups(v: View, result: Result) -> str:
    extra = ""
    summary = next((f for f in result["follow_ups"] if f["id"] == "summary_report"), None)
    if summary and summary.get("due_on"):
        due = f"<strong>{escape(summary['due_on'])}</strong>"
        reading = _cite(v, "interpretations/summary-30-days")
        extra += f'<p class="ic-summary-due">{v.t.html("follow.summary_due", due=due, reading=reading)}</p>'
    if summary and v.mode == "live":
        extra += (
            f'<form class="ic-ended-form"><label class="ic-field"><span>{escape(v.t("follow.ended"))}</span>'
            f'<input type="date" name="ended"></label><button type="submit" class="ic-button">'
            f"{escape(v.t('follow.compute'))}</button></form>"
        )
    return _entries(v, v.t("follow.title"), "ic-follow-title", result["follow_ups"], extra)


def _settle(v: View, result: Result) -> str:
    settle = result.get("settle")
    if not settle or result["level"] != "unknown":
        return ""
    facts = "".join(
        f"<li>{escape(v.t.pick(f['label']))}{v.t('sep.colon')}"
        + v.t("sep.clauses").join(
            f"{escape(_level_label(v, t['level']))} {_a(resolve(t['basis']).url(v.place.root), t['quote'], lang='zh')}"
            for t in f["thresholds"]
        )
        + "</li>"
        for f in settle["facts"]
    )
    guide = _a(v.place.root + "guide/", v.t("settle.guide"))
    return (
        '<section class="ic-section" aria-labelledby="ic-settle-title">'
        f'<h3 id="ic-settle-title">{escape(v.t("settle.title"))}</h3>'
        f"<p>{v.t.html('settle.lead', guide=guide)}</p>"
        f'<details><summary>{escape(v.t("settle.thresholds"))}</summary><ul class="ic-settle">{facts}</ul></details>'
        "</section>"
    )


def _record(v: View, result: Result) -> str:
    state = v.state
    source = load_law().measures.source
    answers = "".join(
        f"<li>{escape(summary_title(k, v.t.lang))}{v.t('sep.colon')}{escape(answer_label(k, x, v.t.lang))}</li>"
        for k, x in state.path.items()
        if k != "level"
    )
    how = v.t(f"level.source.{result['level_source']}")
    basis = v.t("sep.list").join(resolve(k).label(v.t.lang) for k in result["level_basis"])
    level_text = v.t(
        "record.level", level=_level_label(v, result["level"]), how=how + (v.t("sep.colon") + basis if basis else "")
    )
    answers += f"<li>{escape(level_text)}</li>"
    judged = "".join(f"<li>{escape(v.t('record.judged'))}{_cite(v, key)}</li>" for key in state.judgements)
    facts = "".join(
        f"<li>{escape(v.t.pick(load_law().guide.fact(k).label))}{v.t('sep.colon')}{escape(number_text(x))}</li>"
        for k, x in state.facts.items()
    )
    discovered = _beijing(v, result["discovered_at"])
    discovered_line = (v.t("record.discovered", time=discovered) if discovered else v.t("record.discovered_none")) + (
        v.t("record.assumed_beijing") if result["time_assumed_beijing"] else ""
    )
    generated = v.t("record.generated", time=_beijing(v, v.now)) if v.now else v.t("record.generated_static")
    version = v.t(
        "record.version",
        rules=result["rules_version"],
        title=v.t.pick(load_law().measures.title),
        issued=str(source.issued),
        effective=str(source.effective),
        checked=result["text_checked_on"],
    )
    calendar = (
        _button(v.t("record.ics"), 'data-download="ics"') + " " if any(r["due_at"] for r in result["reports"]) else ""
    )
    return (
        '<section class="ic-section ic-record" aria-labelledby="ic-record-title">'
        f'<h3 id="ic-record-title">{escape(v.t("record.title"))}</h3>'
        f"<ul>{answers}{facts}{judged}</ul>"
        f"<p>{escape(discovered_line)}</p>"
        f"<p>{escape(version)}</p>"
        f"<p>{escape(generated)}</p>"
        f'<p class="ic-record-url">{escape(v.t("record.url"))}<span data-page-url></span></p>'
        f'<p class="ic-js-only">{_button(v.t("record.json"), JSON_DOWNLOAD)} '
        f"{calendar}{_button(v.t('record.print'), 'data-print')}</p>"
        f'<p class="ic-hint">{escape(v.t("record.disclaimer"))}</p></section>'
    )


def _result(v: View, result: Result) -> str:
    live_time = _time_line(v, result) if v.mode == "live" and result["reports"] else ""
    below = _below_thresholds(v) if result["level"] == "unknown" and v.state.facts else ""
    return (
        '<section class="ic-result" id="ic-result" tabindex="-1" aria-labelledby="ic-result-title">'
        f'<h2 class="ic-title" id="ic-result-title">{escape(v.t("result.title"))}</h2>'
        f"{_headline(v, result)}"
        f"{_contact(v)}"
        f"{live_time}"
        f"{below}"
        f"{_refine(v)}"
        f"{_reports(v, result)}"
        f"{_escalations(v, result)}"
        f"{_channels(v, result)}"
        f"{_contents(v, result)}"
        f"{_settle(v, result)}"
        f"{_follow_ups(v, result)}"
        f"{_entries(v, v.t('duties.title'), 'ic-duties-title', result['other_duties'])}"
        f"{_notes(v, result)}"
        f"{_record(v, result)}"
        "</section>"
    )


def _problems(v: View) -> str:
    if not v.state.problems:
        return ""
    items = "".join(f"<li>{escape(v.t.message(p))}</li>" for p in v.state.problems)
    return f'<div class="ic-problems" role="alert"><ul>{items}</ul></div>'


def _banner(v: View) -> str:
    """On the English page: the whole questionnaire is an unofficial translation."""
    return f'<p class="ic-unofficial-banner">{v.t.html("unofficial.banner")}</p>' if v.en else ""


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


def render(
    fragment: str, *, now: str | None = None, mode: str = "static", place: Place | None = None, lang: str | None = None
) -> Rendered:
    """The widget's markup for the state in ``fragment``; never raises for bad input.

    Args:
        fragment: the URL fragment, with or without '#'.
        now: the current time (ISO 8601): "found N minutes ago" becomes a clock time (live mode).
        mode: ``"live"`` (browser, clock times) or ``"static"`` (build time, durations).
        place: where the markup is shown (links to the site root and to the static pages).
        lang: the page's language (``zh`` or ``en``); a ``lang`` in the fragment wins.
    """
    place = place or Place()
    state = parse_fragment(fragment)
    t = Texts(state.lang or lang)
    question = next_gating(state.path)
    if mode == "live":
        if state.ago is not None and now:
            moment = dt.datetime.fromisoformat(now).astimezone(BEIJING) - dt.timedelta(minutes=state.ago)
            state.discovered, state.ago = moment.strftime("%Y-%m-%dT%H:%M"), None
        check_time(state, now)
    if mode == "static":
        state.discovered = state.ended = None
        state.ago, state.time_unsure = None, False
    v = View(state=state, place=place, mode=mode, t=t, now=now)
    open_ = f'<div class="ic" data-mode="{mode}" data-state="{escape(state_key(state.path))}" lang="{t.lang}">'
    gating = [q.id for q in load_rules().questions if not q.refine]
    total = len(gating) + (1 if mode == "live" else 0)
    head = _banner(v) + _problems(v)
    if question is not None:
        step = gating.index(question.id) + 1
        body = head + _summary(v) + _question(v, question, step, total)
        focus = f"ic-f-{next(iter(state.field_errors))}" if state.field_errors else "ic-question"
        return Rendered(open_ + body + "</div>", state.fragment(), focus, "", "")
    # The time question, unless the answers leave nothing to report (一般: no deadline to compute).
    if mode == "live" and not state.discovered and not state.time_unsure and state.path.get("level") != "general":
        body = head + _summary(v) + _time_question(v, total, total)
        return Rendered(open_ + body + "</div>", state.fragment(), "ic-question", "", "")
    try:
        result = assess(parse(state.engine_input()))
    except InputError as error:
        # Every input the engine refuses should have been caught where it is entered; if one is
        # not, say so in the reader's language with the field, never the engine's own message.
        name = error.field.split(".")[-1].split(" ")[0]
        known = {f.id: t.pick(f.label) for f in load_law().guide.facts}
        label = known.get(name) or (summary_title(name, t.lang) if f"summary.{name}" in table() else name)
        state.problems.append(t("problem.engine", label=label))
        body = _banner(v) + _problems(v) + _summary(v)
        return Rendered(open_ + body + "</div>", state.fragment(), "ic-summary-title", "", "")
    body = head + _summary(v, collapsed=True) + _result(v, result)
    generated = dt.datetime.fromisoformat(now).astimezone(BEIJING).isoformat(timespec="seconds") if now else None
    record: dict[str, object] = {"generated_at": generated, "fragment": state.fragment()}
    if t.lang == "en":
        record["unofficial"] = t("unofficial.json")
    record |= {"input": state.engine_input(), "result": result}
    dues = [r["due_at"] for r in result["reports"] if r["due_at"]]
    return Rendered(
        html=open_ + body + "</div>",
        fragment=state.fragment(),
        focus="ic-result",
        record=json.dumps(record, ensure_ascii=False, indent=1),
        ics=ics(result, now, t.lang) if dues else "",
        level=result["level"],
        must_report=result["must_report"],
        earliest_due=min(dues) if dues else None,
    )
