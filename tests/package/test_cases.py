"""Named cases from the text (cases/*.toml): routing, grading, clock times and bad input."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

import pytest

from decision_tree.answers import InputError, parse_json
from decision_tree.citations import resolve
from decision_tree.engine import assess_raw

CASES = Path(__file__).resolve().parent / "cases"


def _load(name: str, table: str) -> list[dict[str, Any]]:
    with (CASES / name).open("rb") as file:
        return list(tomllib.load(file)[table])


def _cases() -> list[Any]:
    return [
        pytest.param(case, id=case["name"])
        for name in ("routing.toml", "grading.toml", "readings.toml", "scenarios.toml")
        for case in _load(name, "case")
    ]


def _none(value: object) -> object:
    """In the case files an empty string stands for null."""
    return None if value == "" else value


@pytest.mark.parametrize("case", _cases())
def test_named_case(case: dict[str, Any]) -> None:
    """The engine's result for the case's input has every property the case expects."""
    assert case["source"] == resolve(case["source"]).key
    result = assess_raw(case["input"])
    expect = case["expect"]
    for key in (
        "level",
        "level_source",
        "must_report",
        "must_report_basis",
        "in_force",
        "level_basis",
        "time_assumed_beijing",
        "discovered_at",
    ):
        if key in expect:
            assert _none(expect[key]) == result[key], key
    if "reports" in expect:
        expected = [[_none(v) for v in row] for row in expect["reports"]]
        actual = [[r["to"], r["kind"], r["within_minutes"], r["due_at"], r["basis"]] for r in result["reports"]]
        assert expected == actual
    if "escalations" in expect:
        expected = [[_none(v) for v in row] for row in expect["escalations"]]
        actual = [[e["by"], e["to"], e["within_minutes"], e["basis"]] for e in result["escalations"]]
        assert expected == actual
    if "report_conditions" in expect:
        assert expect["report_conditions"] == [[c["id"] for c in r["conditions"]] for r in result["reports"]]
    if "escalation_conditions" in expect:
        assert expect["escalation_conditions"] == [[c["id"] for c in e["conditions"]] for e in result["escalations"]]
    if expect.get("all_conditional"):
        assert result["reports"] and all(r["conditional"] for r in result["reports"])
    for key, section in [("notes_include", "notes"), ("follow_ups_include", "follow_ups")]:
        if key in expect:
            assert set(expect[key]) <= {entry["id"] for entry in result[section]}
    if "other_duties" in expect:
        assert expect["other_duties"] == [entry["id"] for entry in result["other_duties"]]
    if "other_duty_states" in expect:
        actual_states = [
            [e["id"], e["applies"], e["conditions"][0]["id"] if e["conditions"] else ""] for e in result["other_duties"]
        ]
        assert expect["other_duty_states"] == actual_states
    if "not_applicable" in expect:
        assert expect["not_applicable"] == [entry["id"] for entry in result["not_applicable"]]
    if "interpretations_include" in expect:
        assert set(expect["interpretations_include"]) <= set(result["interpretations"])
    if "ransomware_fields" in expect:
        assert expect["ransomware_fields"] == [f["id"] for f in result["contents"]["ransomware_fields"]]
    if "settle_facts_include" in expect:
        assert set(expect["settle_facts_include"]) <= {f["fact"] for f in result["settle"]["facts"]}
    if "settle_facts_exclude" in expect:
        assert not set(expect["settle_facts_exclude"]) & {f["fact"] for f in result["settle"]["facts"]}
    if "report_channels" in expect:
        assert expect["report_channels"] == [[r["to"], r["channel"]["kind"]] for r in result["reports"]]
    if "contents_stages" in expect:
        assert expect["contents_stages"] == [i["stage"] for i in result["contents"]["items"]]
    if "escalation_timings" in expect:
        timings = [_none(t) for t in expect["escalation_timings"]]
        assert timings == [e["timing"]["zh"] if e["timing"] else None for e in result["escalations"]]
    if "note_bases" in expect:
        notes = {n["id"]: n["basis"] for n in result["notes"]}
        assert expect["note_bases"] == {k: notes.get(k) for k in expect["note_bases"]}
    if "absent" in expect:
        present = {n["id"] for n in result["notes"]} | {f["id"] for f in result["follow_ups"]}
        assert not set(expect["absent"]) & present
    if "summary_due_on" in expect:
        summary = next(f for f in result["follow_ups"] if f["id"] == "summary_report")
        assert expect["summary_due_on"] == summary["due_on"]


@pytest.mark.parametrize("case", [pytest.param(c, id=c["name"]) for c in _load("errors.toml", "error")])
def test_bad_input_gets_one_clear_message(case: dict[str, Any]) -> None:
    """Bad input raises InputError naming the field first, then the value and what is allowed."""
    with pytest.raises(InputError) as caught:
        parse_json(case["json"])
    message = str(caught.value)
    assert message.startswith(case["field"] + ":"), message
    assert case["says"] in message
    assert "\n" not in message
