"""The question tree: which question comes next, and every path through it.

Package room. May import: the standard library and the other ``decision_tree`` modules except
``web`` and ``__main__``.

Questions are asked in file order; one is asked when its flat ``ask_if`` holds for the answers
given so far (rules.toml / tree.toml). The tree is finite, so :func:`paths` lists every path —
the golden table, the static decision table and the invariant tests are all built from it.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from decision_tree.answers import Answers, parse
from decision_tree.engine import Result, assess
from decision_tree.rules import Question, Rules, load_rules, matches

Path = dict[str, object]


def next_question(answers: Mapping[str, object], rules: Rules | None = None) -> Question | None:
    """The first question not yet answered whose ``ask_if`` holds; None when the path is complete."""
    rules = rules or load_rules()
    for question in rules.questions:
        if question.id not in answers and matches(question.ask_if, answers):
            return question
    return None


def paths(rules: Rules | None = None) -> Iterator[Path]:
    """Every complete path, depth first, options in the order the tree lists them."""
    rules = rules or load_rules()

    def walk(answers: Path) -> Iterator[Path]:
        question = next_question(answers, rules)
        if question is None:
            yield answers
            return
        for option in question.values():
            yield from walk({**answers, question.id: option})

    yield from walk({})


def answers_of(path: Mapping[str, object]) -> Answers:
    """The engine's input for a path (questions not asked keep their defaults), checked as any input is."""
    return parse({key: list(value) if isinstance(value, tuple) else value for key, value in path.items()})


def outcome(path: Mapping[str, object]) -> Result:
    """The engine's result for a path, without a clock time."""
    return assess(answers_of(path))


def _flag(value: object) -> str:
    if value is True:
        return "yes"
    if value is False:
        return "no"
    if isinstance(value, tuple):
        return "+".join(map(str, value))
    return str(value)


def summary(path: Mapping[str, object], result: Result) -> list[str]:
    """Lines describing one path and its outcome: ids, minutes and citation keys, never prose."""
    head = " ".join(f"{key}={_flag(value)}" for key, value in path.items())
    must = {True: "yes", False: "no", None: "undetermined"}[result["must_report"]]
    lines = [head, f"  must_report={must} level={result['level']}"]
    for report in result["reports"]:
        within = report["within_minutes"] if report["within_minutes"] is not None else "-"
        flag = " if=" + ",".join(c["id"][3:] for c in report["conditions"]) if report["conditional"] else ""
        lines.append(f"  report {report['to']} {report['kind']} within={within} basis={report['basis']}{flag}")
    for escalation in result["escalations"]:
        within = escalation["within_minutes"] if escalation["within_minutes"] is not None else "-"
        flag = " if=" + ",".join(c["id"][3:] for c in escalation["conditions"]) if escalation["conditional"] else ""
        to = ",".join(escalation["to"])
        lines.append(f"  escalation {escalation['by']}->{to} within={within} basis={escalation['basis']}{flag}")
    if result["contents"]:
        ransom = "+ransomware" if result["contents"]["ransomware_fields"] else ""
        lines.append(f"  contents first=1,2 basis={result['contents']['first_report_basis']}{ransom}")
    for key in ("follow_ups", "notes"):
        ids = " ".join(f"{e['id']}({e['basis']})" for e in result[key])
        lines.append(f"  {key}: {ids}")
    duties = " ".join(
        f"{e['id']}({e['within_minutes'] or '-'}{',may' if e['conditional'] else ''})" for e in result["other_duties"]
    )
    lines.append(f"  other_duties: {duties}")
    lines.append(
        f"  not_applicable: {' '.join(e['id'] + '(' + e['reason_id'] + ')' for e in result['not_applicable'])}"
    )
    return lines


def table(rules: Rules | None = None) -> str:
    """The golden table: every path and its outcome, as text that diffs well."""
    out = [
        "# Every path through the question tree and its outcome.",
        "# generated — do not edit: `make golden` (python -m decision_tree paths) writes this file",
        "",
    ]
    for path in paths(rules):
        out += summary(path, outcome(path))
        out.append("")
    return "\n".join(out)
