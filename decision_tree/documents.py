"""The report documents, pre-filled from what the tool knows: first report, supplement, summary.

Package room. May import: the standard library, ``decision_tree.answers``,
``decision_tree.citations``, ``decision_tree.load``, ``decision_tree.model``,
``decision_tree.rules`` and ``decision_tree.wording``.

Every word comes from ``data/documents.toml`` (zh + en); the items of 第七条第一款 and the
headings of 第八条 come from the official text in ``measures.toml``. Each document is plain text
in Chinese (the text to submit) with an English working copy marked unofficial. Every clock time
is labelled Beijing time.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from decision_tree.answers import BEIJING, Answers, parse
from decision_tree.citations import cn_numeral, resolve
from decision_tree.load import DataError, load_law, read_toml
from decision_tree.model import Law, Text
from decision_tree.rules import Rules, load_rules
from decision_tree.wording import LANGUAGES, say

WORDS = "documents.toml"
Result = dict[str, Any]


def _say(lang: str, text_id: str, /, **values: object) -> str:
    return say(WORDS, text_id, lang, **values)


def time_text(moment: dt.datetime | str | None, lang: str) -> str:
    """A clock time as the documents write it, labelled Beijing time (blank if unknown)."""
    if moment is None:
        return _say(lang, "blank")
    when = (dt.datetime.fromisoformat(moment) if isinstance(moment, str) else moment).astimezone(BEIJING)
    return _say(lang, "time", date=date_text(when.date().isoformat(), lang), clock=f"{when:%H:%M}")


def date_text(day: str, lang: str) -> str:
    """A calendar day (``YYYY-MM-DD``) as the documents write it."""
    parsed = dt.date.fromisoformat(day)
    return _say(lang, "date", year=parsed.year, month=parsed.month, day=parsed.day)


def item_list(items: Sequence[int], lang: str = "zh") -> str:
    """Item numbers as a document lists them: 三、四、五 / 3, 4, 5."""
    sep = _say(lang, "list.sep")
    return sep.join(cn_numeral(i) if lang == "zh" else str(i) for i in items)


def channel_name(channel: str | None, lang: str = "zh") -> str:
    """A channel id of 答记者问 第六问 as its label's short value (``hotline`` → 12387), or the free text given."""
    if not channel:
        return _say(lang, "blank")
    for known in load_rules().channels:
        if known.id == channel:
            return known.value
    return channel


def _term(rules: Rules, key: str | None, lang: str) -> str:
    if key and key in rules.terms:
        return rules.term(key).get(lang)
    return key or _say(lang, "blank")


@functools.cache
def summary_headings() -> tuple[Text, ...]:
    """第八条's headings, cut from the official sentence (never retyped), with their English glosses."""
    spec = read_toml(WORDS)["summary_headings"]
    _, article, paragraph = resolve(spec["basis"]).key.split("/")  # measures/8/1
    sentence = load_law().measures.article(int(article)).paragraphs[int(paragraph) - 1].text.zh
    start = sentence.index(spec["after"]) + len(spec["after"])
    end = sentence.index(spec["before"], start)
    zh = sentence[start:end].split(spec["separator"])
    if len(zh) != len(spec["en"]):
        raise DataError(f"{WORDS}: summary_headings: {len(zh)} headings in the text, {len(spec['en'])} in en")
    return tuple(Text(zh=z, en=e) for z, e in zip(zh, spec["en"], strict=True))


def draft_headings() -> tuple[tuple[str, str], ...]:
    """The first report's headings in Chinese with their English glosses (for the English page)."""
    out = []
    for key in ("field.to", "field.unit", "field.reporter", "field.report_time", "field.discovered", "field.level"):
        zh, en = (_say(lang, key, value="") for lang in LANGUAGES)
        out.append((_bare(zh), _bare(en)))
    for key in ("marker.required", "marker.may_follow"):
        zh, en = (_say(lang, key).strip()[1:-1] for lang in LANGUAGES)  # the brackets around a marker
        out.append((zh, en))
    return tuple(out)


def _bare(heading: str) -> str:
    """A field's heading without the punctuation that introduces its value."""
    heading = heading.strip()
    return heading[:-1] if heading and not heading[-1].isalnum() and not heading.endswith(")") else heading


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


def _level(rules: Rules, level: str, basis: Sequence[str], lang: str) -> str:
    if level == "unknown":
        return _say(lang, "level.pending")
    name = rules.term(level).get(lang)
    if not basis:
        return name
    cited = _say(lang, "list.sep").join(resolve(key).label(lang) for key in basis)
    return _say(lang, "level.with_basis", level=name, basis=cited)


def _recipients(rules: Rules, reports: Sequence[Mapping[str, Any]], lang: str) -> str:
    lines = []
    for report in reports:
        if report.get("kind") != "incident_report":
            continue
        due = _say(lang, "recipient.due", time=time_text(report["due_at"], lang)) if report.get("due_at") else ""
        promptness = report.get("promptness")
        conditions = [
            c["label"].get(lang, "") for c in report.get("conditions", []) if isinstance(c.get("label"), Mapping)
        ]
        lines.append(
            _say(
                lang,
                "recipient",
                to=_term(rules, report["to"], lang),
                basis=resolve(report["basis"]).label(lang),
                promptness=promptness.get(lang, "") if isinstance(promptness, Mapping) else "",
                due=due,
            )
            + (
                _say(lang, "recipient.conditional", conditions=_say(lang, "list.sep").join(conditions))
                if conditions
                else ""
            )
        )
    return _say(lang, "recipient.sep").join(lines) or _say(lang, "blank")


def _joined(lines: Sequence[str]) -> str:
    """The document's lines as text, without the spaces an empty field leaves at a line's end."""
    return "\n".join(line.rstrip() for line in lines)


def _known(lang: str, parts: Sequence[str]) -> list[str]:
    return [_say(lang, "known", value=_say(lang, "known.sep").join(parts))] if parts else []


def first_report(
    answers: Answers,
    level: str,
    lang: str = "zh",
    *,
    reports: Sequence[Mapping[str, Any]] = (),
    level_basis: Sequence[str] = (),
    sent_at: str | None = None,
    law: Law | None = None,
    rules: Rules | None = None,
) -> str:
    """The report of 第七条第一款 with what the tool knows filled into its items.

    Filled in: the recipients and their due times, the report time (once sent), the discovery
    time, the level (with the annex items that decided it), item (一)'s CII involvement, and
    item (二)'s time, level, the facts typed into the grading helper and the ransomware fields.
    """
    law = law or load_law()
    rules = rules or load_rules()
    paragraph = law.measures.article(7).paragraphs[0]
    level_text = _level(rules, level, level_basis, lang)
    lines = [_say(lang, "first.title")]
    if _say(lang, "unofficial"):
        lines.append(_say(lang, "unofficial"))
    lines.append("")
    if any(r.get("kind") == "incident_report" for r in reports):
        lines.append(_say(lang, "field.to", value=_recipients(rules, reports, lang)))
    blank = ""
    lines += [
        _say(lang, "field.unit", value=blank),
        _say(lang, "field.reporter", value=blank),
        _say(lang, "field.report_time", value=time_text(sent_at, lang) if sent_at else blank),
        _say(lang, "field.discovered", value=time_text(answers.discovered_at, lang) if answers.discovered_at else ""),
        _say(lang, "field.level", value=level_text if level != "unknown" else _say(lang, "level.pending")),
        "",
    ]
    known: dict[int, list[str]] = {1: [], 2: []}
    if answers.involves_cii is True:
        known[1].append(_say(lang, "known.cii"))
    elif answers.involves_cii == "unknown":
        known[1].append(_say(lang, "known.cii_unknown"))
    if answers.discovered_at:
        known[2].append(_say(lang, "known.time", time=time_text(answers.discovered_at, lang)))
    if level != "unknown":
        known[2].append(_say(lang, "known.level", level=level_text))
    facts = {fact.id: fact for fact in law.guide.facts}
    for fact_id, value in answers.facts.items():
        if not value:
            continue  # a figure of 0 says nothing happened there: nothing to report under item (二)
        known[2].append(_say(lang, "known.fact", label=facts[fact_id].label.get(lang), value=_number(value)))
    if answers.ransomware:
        known[2].append(_say(lang, "known.ransomware"))
    for i, item in enumerate(paragraph.items, 1):
        marker = _say(lang, "marker.required" if i in rules.first_report_items else "marker.may_follow")
        lines.append(
            _say(lang, "item", marker=marker, number=cn_numeral(i) if lang == "zh" else i, text=item.text.get(lang))
        )
        lines += _known(lang, known.get(i, []))
        if i == 2 and answers.ransomware:
            lines += [_say(lang, "ransom_field", label=field.label.get(lang)) for field in rules.ransomware_fields]
        lines += ["", ""]
    lines.append(_say(lang, "first.basis"))
    return _joined(lines)


def _event_line(rules: Rules, event: Mapping[str, Any], lang: str, event_label: str) -> str:
    detail = []
    if event.get("channel"):
        detail.append(_say(lang, "summary.record_channel", value=channel_name(event["channel"], lang)))
    if event.get("items"):
        detail.append(_say(lang, "summary.record_items", value=item_list(event["items"], lang)))
    if event.get("reference"):
        detail.append(_say(lang, "summary.record_reference", value=event["reference"]))
    return _say(
        lang,
        "summary.record_line",
        time=time_text(event["at"], lang),
        event=event_label,
        to=_say(lang, "summary.record_to", to=_term(rules, event["to"], lang)) if event.get("to") else "",
        detail=_say(lang, "summary.record_detail", value=_say(lang, "known.sep").join(detail)) if detail else "",
    )


def incident_documents(events: Sequence[Mapping[str, Any]], state: Mapping[str, Any]) -> dict[str, dict[str, str]]:
    """The three documents of an incident file (see :func:`decision_tree.incident.documents`)."""
    rules = load_rules()
    result = state["result"]
    answers = parse(_latest(events))
    # The earliest report to a recipient under the Measures (第四条第二款至第四款): not a report
    # under another regime (to: "other"), to the sector regulator or to the police as a crime report.
    measures = {d["to"] for d in state["duties"] if d["kind"] in ("first_report", "supplement", "summary")}
    first_sent = min(
        (e for e in events if e.get("type") == "report_sent" and e.get("to") in measures),
        key=lambda e: dt.datetime.fromisoformat(e["at"]),
        default=None,
    )
    drafted = _Drafted(rules, events, state, answers, first_sent)
    out: dict[str, dict[str, str]] = {"first_report": {}, "supplement": {}, "summary": {}}
    for lang in LANGUAGES:
        out["first_report"][lang] = first_report(
            answers,
            result["level"],
            lang,
            reports=result["reports"],
            level_basis=result["level_basis"],
            sent_at=first_sent["at"] if first_sent else None,
        )
        out["supplement"][lang] = _supplement(drafted, lang)
        out["summary"][lang] = _summary(drafted, lang)
    return out


def _latest(events: Sequence[Mapping[str, Any]]) -> Mapping[str, Any]:
    return next(e["answers"] for e in reversed(events) if e.get("type") in ("opened", "facts_changed"))


def _title(lang: str, title: str) -> list[str]:
    unofficial = _say(lang, "unofficial")
    return [_say(lang, title), *([unofficial] if unofficial else []), ""]


@dataclass(frozen=True)
class _Drafted:
    """What the supplement and the summary are drafted from: the file's events and state, the
    latest answers, and the earliest report sent under the Measures (None before one is)."""

    rules: Rules
    events: Sequence[Mapping[str, Any]]
    state: Mapping[str, Any]
    answers: Answers
    first_sent: Mapping[str, Any] | None


def _header(drafted: _Drafted, lang: str) -> list[str]:
    rules, answers, result = drafted.rules, drafted.answers, drafted.state["result"]
    return [
        _say(lang, "field.unit", value=""),
        _say(lang, "field.reporter", value=""),
        _say(lang, "field.report_time", value=""),
        _say(lang, "field.discovered", value=time_text(answers.discovered_at, lang)),
        _say(lang, "field.level", value=_level(rules, result["level"], result["level_basis"], lang)),
    ]


def _supplement(drafted: _Drafted, lang: str) -> str:
    law, rules, events, state, first_sent = load_law(), drafted.rules, drafted.events, drafted.state, drafted.first_sent
    lines = _title(lang, "supplement.title") + _header(drafted, lang)
    if first_sent:
        sent = _say(
            lang,
            "supplement.first_sent",
            time=time_text(first_sent["at"], lang),
            to=_term(rules, first_sent["to"], lang),
            channel=channel_name(first_sent.get("channel"), lang),
            reference=first_sent.get("reference") or _say(lang, "blank"),
            items=item_list(first_sent.get("items", []), lang),
        )
    else:
        sent = _say(lang, "supplement.none")
    lines += [_say(lang, "supplement.first", value=sent), ""]
    # Only the items still owed under 第七条第二款 (a report that recorded the condition); none, no section.
    missing = sorted({i for d in state["duties"] if d["kind"] == "supplement" for i in d.get("items_missing", [])})
    items = law.measures.article(7).paragraphs[0].items
    if missing:
        lines += [_say(lang, "supplement.items"), ""]
    for i in missing:
        text = items[i - 1].text.get(lang)
        lines += [_say(lang, "item", marker="", number=cn_numeral(i) if lang == "zh" else i, text=text), "", ""]
    lines.append(_say(lang, "supplement.developments"))
    developments = [e for e in events if e.get("type") == "development_reported"]
    for event in developments:
        lines.append(
            _say(lang, "supplement.development", time=time_text(event["at"], lang), text=event.get("text") or "")
        )
    if not developments:
        lines.append(_say(lang, "supplement.no_developments"))
    lines += ["", _say(lang, "supplement.basis")]
    return _joined(lines)


def _summary(drafted: _Drafted, lang: str) -> str:
    rules, events, state = drafted.rules, drafted.events, drafted.state
    lines = _title(lang, "summary.title")
    rows = [d for d in state["duties"] if d["kind"] == "summary"]
    if rows:
        lines.append(
            _say(lang, "field.to", value=_say(lang, "list.sep").join(_term(rules, d["to"], lang) for d in rows))
        )
        channels = [channel_name(d["channel"], lang) for d in rows if d.get("channel")]
        lines.append(
            _say(
                lang,
                "summary.channel",
                value=_say(lang, "list.sep").join(dict.fromkeys(channels)) or _say(lang, "blank"),
            )
        )
    lines += _header(drafted, lang)
    ended = state.get("handling_ended_at")
    lines.append(_say(lang, "summary.ended", value=time_text(ended, lang) if ended else _say(lang, "blank")))
    # No due date in the text to submit: the last day rests on a reading (summary-30-days); the
    # incident file's timeline shows it, labelled as such.
    lines.append("")
    for n, heading in enumerate(summary_headings(), 1):
        lines += [
            _say(lang, "summary.heading", number=cn_numeral(n) if lang == "zh" else n, heading=heading.get(lang)),
            "",
            "",
        ]
    lines.append(_say(lang, "summary.record"))
    for event in sorted(events, key=lambda e: e["at"]):
        if event.get("type") in ("opened", "note"):
            continue
        label = say("incident.toml", f"event.{event['type']}", lang)
        lines.append(_event_line(rules, event, lang, label))
    lines += ["", _say(lang, "summary.file", head=state["head"]), _say(lang, "summary.basis")]
    return _joined(lines)
