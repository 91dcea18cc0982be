"""Assess an incident: must we report, to whom, by when, what to write, how — each line cited.

Package room. May import: the standard library and the other ``decision_tree`` modules except
``web`` and ``__main__``.

:func:`assess` is a pure function of :class:`~decision_tree.answers.Answers` (no clock, no I/O)
and returns a JSON-ready ``dict`` — the command line prints it as is, and the browser renders
it. Every entry carries ``basis``, a citation key that resolves to an anchor on the site.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from decision_tree.answers import Answers, parse
from decision_tree.citations import text_of
from decision_tree.documents import first_report
from decision_tree.grading import Grading, grade, thresholds_of
from decision_tree.load import load_duties, load_law
from decision_tree.model import Duties, Duty, Law, Level, Text
from decision_tree.rules import TRISTATE_ANSWERS, Condition, Entry, Rules, load_rules, matches

REPORTABLE = ("especially_major", "major", "relatively_major")
Result = dict[str, Any]


def _text(text: Text) -> dict[str, str]:
    return {"zh": text.zh, "en": text.en or text.zh}


def _iso(moment: dt.datetime | None) -> str | None:
    return moment.isoformat(timespec="seconds") if moment else None


def _level_decision(answers: Answers, grading: Grading) -> tuple[str, str, list[str]]:
    """``(level, level_source, level_basis)``.

    A level the user gives stands unless the facts or judgements meet a higher one: then the
    higher level applies, with the annex items that decided it (interpretation
    ``highest-level``) — an answer of 一般 must never hide indicators of 重大. Numbers that meet
    nothing leave the level unknown (``graded-general-caveat``).
    """
    graded = grading.level
    if answers.level != "unknown" and (graded is None or Level(answers.level).number <= graded.number):
        return answers.level, "given", []
    if graded is None:
        return "unknown", "graded" if (answers.facts or answers.judgements) else "unknown", []
    return graded.value, "graded", list(grading.basis)


def _derived(law: Law, answers: Answers, level: str, source: str) -> dict[str, object]:
    """The answers as `when` tables see them, including the derived ones."""
    effective = law.measures.source.effective
    facts = answers.facts
    return {
        "level": level,
        "involves_cii": answers.involves_cii,
        "central_state_organ": answers.central_state_organ,
        "sector_rules": answers.sector_rules,
        "suspected_crime": answers.suspected_crime,
        "ransomware": answers.ransomware,
        "state_secret": answers.state_secret,
        "level_source": source,
        "time_assumed_beijing": answers.time_assumed_beijing,
        "involves_cii_given": answers.involves_cii_given,
        "central_state_organ_given": answers.central_state_organ_given,
        "before_in_force": bool(answers.discovered_at and effective and answers.discovered_at.date() < effective),
        "provincial_share_only": "provincial_population_affected_percent" in facts
        and "prefectural_population_affected_percent" not in facts,
        "graded_above_given": answers.level != "unknown" and level != answers.level,
        "suspected_crime_given": answers.suspected_crime_given,
        "crime_suggested": crime_suggested(answers),
    }


# Facts that suggest a crime when the user has not said whether one is suspected (issue 19):
# records stolen, pages defaced. Ransomware is an answer of its own.
CRIME_FACTS = ("personal_info_leaked_people", "defacement_")


def crime_suggested(answers: Answers) -> bool:
    """Whether what was entered suggests a crime: ransomware, personal information leaked, defacement."""
    return answers.ransomware or any(
        value > 0 for name, value in answers.facts.items() if any(name.startswith(f) for f in CRIME_FACTS)
    )


def _conditions(
    rules: Rules, when: Condition, state: dict[str, object], level_condition: str | None
) -> list[dict[str, object]]:
    """Why an obligation only *may* apply: the answers still unknown that it depends on."""
    ids = [level_condition] if level_condition and state["level"] == "unknown" else []
    for name in TRISTATE_ANSWERS:
        if state[name] == "unknown" and name in when:
            ids.append(f"if_{name}" if True in when[name] else f"if_not_{name}")
    return [{"id": c, "label": _text(rules.term(c))} for c in ids]


def _channel(rules: Rules, recipient: str) -> Result:
    """How to reach a recipient: the 12387 channels only for the cyberspace administration."""
    channel = rules.channel_of(recipient)
    return {"kind": channel.kind, "text": _text(channel.text), "basis": channel.basis}


def _reports(rules: Rules, state: dict[str, object], answers: Answers) -> list[Result]:
    out = []
    for rule in rules.reports:
        if not matches(rule.when, state):
            continue
        due = (
            answers.discovered_at + dt.timedelta(minutes=rule.within_minutes)
            if (answers.discovered_at and rule.within_minutes)
            else None
        )
        conditions = _conditions(rules, rule.when, state, None if rule.any_level else "if_relatively_major_or_above")
        if rule.condition:
            conditions.append({"id": rule.condition[0], "label": _text(rule.condition[1])})
        for recipient in rule.to:
            out.append(
                {
                    "to": recipient,
                    "to_label": _text(rules.term(recipient)),
                    "kind": rule.kind,
                    "within_minutes": rule.within_minutes,
                    "due_at": _iso(due),
                    "basis": rule.basis,
                    "conditional": bool(conditions),
                    "conditions": conditions,
                    "rule": rule.id,
                    "promptness": _text(rule.promptness),
                    "promptness_word": rule.promptness_word,
                    "channel": _channel(rules, recipient),
                    "interpretation": f"interpretations/{rule.interpretation}" if rule.interpretation else None,
                }
            )
    # Earliest first; reports with no hour limit (sector rules, police) after those with one.
    return sorted(out, key=lambda r: (r["within_minutes"] is None, r["within_minutes"] or 0))


def _escalations(rules: Rules, state: dict[str, object]) -> list[Result]:
    out = []
    for rule in rules.escalations:
        if not matches(rule.when, state):
            continue
        conditions = _conditions(rules, rule.when, state, "if_major_or_above")
        out.append(
            {
                "by": rule.by,
                "by_label": _text(rules.term(rule.by)),
                "to": list(rule.to),
                "to_labels": [_text(rules.term(t)) for t in rule.to],
                "within_minutes": rule.within_minutes,
                "timing": _text(rule.timing) if rule.timing else None,
                "basis": rule.basis,
                "conditional": bool(conditions),
                "conditions": conditions,
                "rule": rule.id,
            }
        )
    return out


def _entries(entries: tuple[Entry, ...], state: dict[str, object]) -> list[Result]:
    return [
        {
            "id": entry.id,
            "text": _text(entry.text),
            "basis": entry.basis,
            **({"interpretation": f"interpretations/{entry.interpretation}"} if entry.interpretation else {}),
        }
        for entry in entries
        if matches(entry.when, state)
    ]


def _duty_state(duty: Duty, answers: Answers) -> tuple[str, str | None]:
    """``("applies" | "may" | "not", condition or reason id)`` for one duty under these answers.

    A duty is "not" only where an answer rules it out (or a left-out answer defaults to no, and the
    reason says so); an unanswered question leaves it "may", with the condition it turns on."""
    leak = answers.facts.get("personal_info_leaked_people", 0) > 0
    if duty.scope == "all":
        return "applies", None
    if duty.scope == "personal_info":
        return ("applies", None) if leak else ("may", "if_personal_info")
    if duty.scope == "data":
        condition = "if_network_data_incident" if duty.id.startswith("network_data") else "if_data_incident"
        return ("applies", None) if leak else ("may", condition)
    if duty.scope == "cii":
        if answers.involves_cii is False:
            return "not", "not_cii" if answers.involves_cii_given else "not_cii_unanswered"
        if answers.involves_cii == "unknown":
            return "may", "if_cii"
        # The Regulations' 重大 has its own scale (第十八条第二款), not the annex's levels.
        return "may", "if_major_cii_incident"
    if duty.scope in ("crime", "intrusion"):
        if answers.suspected_crime or (duty.scope == "intrusion" and answers.ransomware):
            return "applies", None
        if answers.suspected_crime_given:
            return "not", "no_crime"
        return "may", "if_suspected_crime" if duty.scope == "crime" else "if_intrusion"
    if duty.scope == "vulnerability":
        return "may", "if_product_vulnerability"
    if duty.sector in answers.sectors:
        return "applies", None
    if "unknown" in answers.sectors:
        return "may", "if_sector"
    return "not", "sector_not_named"


def _duty_row(duties: Duties, duty: Duty, answers: Answers, applies: str, condition: str | None) -> Result:
    """One row: the regime's trigger, clock, deadline, recipient, citation, quote and verification."""
    clock = duties.clocks[duty.clock_starts]
    due = (
        answers.discovered_at + dt.timedelta(minutes=duty.within_minutes)
        if answers.discovered_at and duty.within_minutes and clock.from_discovery
        else None
    )
    if duty.timing:
        timing = _text(duties.timings[duty.timing].label)
    elif duty.within_minutes is None:
        timing = _text(duties.texts["no_timing" if duty.verified == "text" else "unverified_timing"])
    else:
        timing = None
    citation = duty.citation
    line = duties.texts["row"]
    conditions = [{"id": condition, "label": _text(duties.conditions[condition])}] if condition else []
    return {
        "id": duty.id,
        "applies": applies,
        "conditional": applies == "may",
        "conditions": conditions,
        "sector": duty.sector,
        "title": _text(duty.title),
        "citation": _text(citation),
        "summary": _text(duty.summary),
        "trigger": _text(duty.trigger),
        "clock_starts": duty.clock_starts,
        "clock_starts_label": _text(clock.label),
        # Whether its hours run from the discovery entered (the police clocks); 第十条's do not.
        "from_discovery": clock.from_discovery,
        "within_minutes": duty.within_minutes,
        "timing": timing,
        "due_at": _iso(due),
        "to": _text(duty.to),
        "channel": _text(duty.channel) if duty.channel else None,
        "basis": f"duties/{duty.id}",
        "source": _duty_source(duties, duty),
        "quote": "\n".join(duty.quote) if duty.quote else None,
        "verified": duty.verified,
        "checked_on": duty.checked_on.isoformat(),
        "note": _text(duty.note) if duty.note else None,
        "text": {
            "zh": line.zh.format(citation=citation.zh, summary=duty.summary.zh),
            "en": (line.en or "").format(citation=citation.en, summary=duty.summary.en),
        },
        "zh": line.zh.format(citation=citation.zh, summary=duty.summary.zh),
        "en": (line.en or "").format(citation=citation.en, summary=duty.summary.en),
    }


def _duty_source(duties: Duties, duty: Duty) -> Result:
    """Where the row was read: the repository, commit and file, or the copies named in the data."""
    if duty.verified == "text":
        return {
            "repository": duties.repository,
            "commit": duties.commit,
            "path": duty.path,
            "copy_date": duties.copy_date.isoformat() if duties.copy_date else None,
            "file": duties.file,
            "section": duty.quote_section,
        }
    return {"read_in": _text(duty.source) if duty.source else None}


def duty_order(duties: Duties, row: Result) -> tuple[int, int, int]:
    """Earliest first: minutes, then the text's words (立即 before 及时 …), then unverified deadlines.
    A product-vulnerability clock (网络数据安全管理条例 第十条) is no incident deadline: it goes last."""
    duty = duties.duty(row["id"])
    if duty.scope == "vulnerability":
        return (2, 0, 1)
    if row["within_minutes"] is not None:
        return (0, row["within_minutes"], 0)
    rank = duties.timings[duty.timing].rank if duty.timing else 90 if duty.verified == "text" else 99
    return (1, rank, 0 if row.get("applies", "applies") == "applies" else 1)


def other_duties(answers: Answers, duties: Duties | None = None) -> tuple[list[Result], list[Result]]:
    """``(rows, not_applicable)``: one row per regime that applies or may apply, earliest due first,
    and one line per regime considered that does not apply, saying why."""
    duties = duties or load_duties()
    rows, not_applicable = [], []
    for duty in duties.duties:
        applies, why = _duty_state(duty, answers)
        if applies == "not":
            reason = duties.reasons[str(why)]
            line = duties.texts["not_applicable"]
            citation = duty.citation
            not_applicable.append(
                {
                    "id": duty.id,
                    "reason_id": why,
                    "reason": _text(reason),
                    "basis": f"duties/{duty.id}",
                    "zh": line.zh.format(citation=citation.zh, reason=reason.zh),
                    "en": (line.en or "").format(citation=citation.en, reason=reason.en),
                }
            )
        else:
            rows.append(_duty_row(duties, duty, answers, applies, why))
    rows.sort(key=lambda row: duty_order(duties, row))
    return rows, not_applicable


def _deadlines(reports: list[Result], rows: list[Result], duties: Duties) -> list[Result]:
    """Everything due, across regimes, earliest clock first: the Measures' reports and the other
    duties, each with its own start (a 24-hour police clock beside the 1-hour report)."""
    out = [
        {
            "source": "report",
            "id": r["rule"],
            "to_label": r["to_label"],
            "within_minutes": r["within_minutes"],
            "timing": None if r["within_minutes"] else r["promptness"],
            "due_at": r["due_at"],
            "clock_starts": "discovery",
            "basis": r["basis"],
            "conditional": r["conditional"],
        }
        for r in reports
    ] + [
        {
            "source": "other_duty",
            "id": row["id"],
            "to_label": row["to"],
            "within_minutes": row["within_minutes"],
            "timing": row["timing"],
            "due_at": row["due_at"],
            "clock_starts": row["clock_starts"],
            "basis": row["basis"],
            "conditional": row["conditional"],
        }
        for row in rows
        if duties.duty(row["id"]).scope != "vulnerability"  # a product clock, not an incident's
    ]

    def order(entry: Result) -> tuple[int, int]:
        if entry["within_minutes"] is not None:
            return (0, entry["within_minutes"])
        if entry["source"] == "report":
            return (1, 2)  # 及时 (第四条第五款、第六款)
        return duty_order(duties, entry)[:2]

    return sorted(out, key=order)


def _follow_ups(rules: Rules, state: dict[str, object], answers: Answers) -> list[Result]:
    out = _entries(rules.follow_ups, state)
    for entry, rule in zip(out, (e for e in rules.follow_ups if matches(e.when, state)), strict=True):
        if rule.within_days is not None:
            entry["within_days"] = rule.within_days
            # summary-30-days: the day handling ended is not counted; the 30th day after it is the last.
            ended = answers.handling_ended_on
            entry["due_on"] = (ended + dt.timedelta(days=rule.within_days)).isoformat() if ended else None
    return out


def draft(
    law: Law, rules: Rules, ransomware: bool, discovered: dt.datetime | None = None, level: str = "unknown"
) -> str:
    """The report draft of 第七条第一款 in Chinese for only these answers (kept for callers of the
    old signature; :func:`decision_tree.documents.first_report` fills in more)."""
    answers = Answers(ransomware=ransomware, discovered_at=discovered, level=level)
    return first_report(answers, level, "zh", law=law, rules=rules)


def _contents(law: Law, rules: Rules, answers: Answers, level: str, reports: list[Result], basis: list[str]) -> Result:
    items = law.measures.article(7).paragraphs[0].items
    return {
        "items": [
            {
                "item": i,
                "text": item.text.zh,
                "basis": f"measures/7/1/{i}",
                # Every item is required (第七条第一款); items 3-8 may follow only when they cannot
                # be determined in time (第七条第二款).
                "stage": "required" if i in rules.first_report_items else "required_may_follow",
                "basis_may_follow": None if i in rules.first_report_items else rules.first_report_basis,
            }
            for i, item in enumerate(items, 1)
        ],
        "required_basis": "measures/7/1",
        "first_report_basis": rules.first_report_basis,
        "ransomware_fields": [
            {"id": f.id, "label": _text(f.label), "basis": "measures/7/1/2"} for f in rules.ransomware_fields
        ]
        if answers.ransomware
        else [],
        # The draft to submit (Chinese), with what the tool knows filled into its items.
        "draft": first_report(answers, level, "zh", reports=reports, level_basis=basis, law=law, rules=rules),
        # The same draft as an English working copy (unofficial; the Chinese is what is submitted).
        "draft_en": first_report(answers, level, "en", reports=reports, level_basis=basis, law=law, rules=rules),
    }


def _channels(rules: Rules) -> list[Result]:
    return [
        {
            "id": c.id,
            "value": c.value,
            "url": c.url,
            "label": _text(c.label),
            "needs": _text(c.needs),
            "works_without_own_network": c.works_without_own_network,
            "basis": c.basis,
        }
        for c in rules.channels
    ]


def _settle(law: Law, grading: Grading, answers: Answers) -> Result:
    """What would settle the level: facts not given, with every level's threshold, and judgements.

    CII outage figures are left out when the incident does not involve CII (interpretation cii-facts).
    """
    facts = []
    for fact_id in grading.unassessed_facts:
        if answers.involves_cii is False and fact_id.startswith("cii_"):
            continue
        thresholds = [
            {"level": level.value, "at_least": t.at_least, "quote": t.quote, "basis": key}
            for level in (Level.RELATIVELY_MAJOR, Level.MAJOR, Level.ESPECIALLY_MAJOR)
            for key, _, t in thresholds_of(law, level)
            if t.fact == fact_id
        ]
        facts.append({"fact": fact_id, "label": _text(law.guide.fact(fact_id).label), "thresholds": thresholds})
    judgements = []
    for key in grading.unassessed_judgements:
        level = law.guide.level(int(key.split("/")[1])).level
        judgements.append({"key": key, "level": level.value, "text": text_of(key, law)})
    return {"facts": facts, "judgements": judgements}


def assess(answers: Answers, law: Law | None = None, rules: Rules | None = None) -> Result:
    """The full, cited result for one set of answers (see the README for the output keys)."""
    law = law or load_law()
    rules = rules or load_rules()
    grading = grade(answers, law, rules)
    level, source, level_basis = _level_decision(answers, grading)
    state = _derived(law, answers, level, source)
    notes = _entries(rules.notes, state)
    # before-in-force: an incident discovered before 2025-11-01 owes no report under these Measures.
    in_force = not state["before_in_force"]
    must_report = False if not in_force else None if level == "unknown" else level in REPORTABLE
    duties = load_duties()
    duty_rows, not_applicable = other_duties(answers, duties)
    reports = _reports(rules, state, answers) if in_force else []
    result: Result = {
        # Every {"zh", "en"} text below: the Chinese is the official text (or the project's own
        # wording of it); the English is an unofficial translation.
        "language_status": {"zh": "official", "en": "unofficial translation"},
        "rules_version": rules.version,
        "text_checked_on": law.measures.source.checked_on.isoformat(),
        "level": level,
        "level_label": _text(rules.term(level)),
        "level_source": source,
        "level_basis": level_basis,
        "indicators_met": [
            {"level": m.level.value, "basis": m.key, "fact": m.fact, "value": m.value, "at_least": m.at_least}
            for m in grading.met
        ],
        "must_report": must_report,
        "must_report_basis": "measures/4/1" if in_force else "interpretations/before-in-force",
        "in_force": in_force,
        "discovered_at": _iso(answers.discovered_at),
        "time_assumed_beijing": answers.time_assumed_beijing,
        "reports": reports,
        "escalations": _escalations(rules, state) if in_force else [],
        "contents": _contents(law, rules, answers, level, reports, level_basis)
        if level != "general" and in_force
        else None,
        "follow_ups": _follow_ups(rules, state, answers),
        "channels": _channels(rules) if level != "general" and in_force else [],
        "other_duties": duty_rows,
        "not_applicable": not_applicable,
        "settle": _settle(law, grading, answers) if source in ("unknown", "graded") else None,
        "notes": notes,
    }
    result["deadlines"] = _deadlines(result["reports"], duty_rows, duties)
    result["sectors"] = list(answers.sectors)
    result["interpretations"] = sorted(
        {
            key
            for entries in (result["reports"], result["follow_ups"], result["notes"], result["other_duties"])
            for entry in entries
            for key in (entry.get("interpretation"), entry.get("basis"))
            if isinstance(key, str) and key.startswith("interpretations/")
        }
    )
    return result


def assess_raw(raw: object) -> Result:
    """Check decoded JSON input and assess it (raises :class:`~decision_tree.answers.InputError`)."""
    return assess(parse(raw))
