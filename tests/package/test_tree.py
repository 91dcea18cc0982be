"""The question tree and every path through it: reachability, one outcome per fact set, citations."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from decision_tree.citations import resolve
from decision_tree.engine import Result
from decision_tree.rules import load_rules
from decision_tree.tree import next_question, outcome, paths, table

GOLDEN = Path(__file__).resolve().parent / "golden" / "paths.txt"


@pytest.fixture(scope="module")
def all_paths() -> list[tuple[dict[str, object], Result]]:
    """Every path with its outcome."""
    return [(path, outcome(path)) for path in paths()]


def test_golden_table_is_current() -> None:
    """The committed table of every path → outcome equals what the rules give (`make golden`)."""
    assert GOLDEN.read_text(encoding="utf-8") == table()


def test_every_question_and_option_is_reachable(all_paths: list[tuple[dict[str, object], Result]]) -> None:
    """Each question is asked on some path, and each of its options is chosen on some path."""
    for question in load_rules().questions:
        taken = {path[question.id] for path, _ in all_paths if question.id in path}
        assert set(question.values()) == taken, question.id


def test_paths_are_finite_and_never_repeat_a_question() -> None:
    """Walking the tree terminates (no cycles): each step asks a new question, paths are unique."""
    seen = set()
    for path in paths():
        assert next_question(path) is None
        assert len(path) == len(set(path)) <= len(load_rules().questions)
        seen.add(tuple(sorted(path.items())))
    # 3 CII × 3 central-organ answers × 5 levels × 2 sector answers × 2³ (crime, ransomware, state
    # secret: asked at every level, 一般 too, since the police duties have no level condition)
    assert 720 == len(seen)


def _unasked_variants(path: dict[str, object]) -> Iterator[dict[str, object]]:
    missing = [q for q in load_rules().questions if q.id not in path]
    for values in itertools.product(*(q.values() for q in missing)):
        yield {**path, **{q.id: v for q, v in zip(missing, values, strict=True)}}


def _routing(result: Result) -> Any:
    return (
        result["must_report"],
        [(r["to"], r["kind"], r["within_minutes"], r["basis"]) for r in result["reports"]],
        [(e["by"], e["to"], e["within_minutes"]) for e in result["escalations"]],
    )


def test_exactly_one_outcome_per_fact_set(all_paths: list[tuple[dict[str, object], Result]]) -> None:
    """Answers the tree does not ask on a path cannot change who must report, by when."""
    checked = 0
    for path, result in all_paths:
        for variant in _unasked_variants(path):
            assert _routing(result) == _routing(outcome(variant)), path
            checked += 1
    assert checked >= len(all_paths)


def test_reports_follow_the_level(all_paths: list[tuple[dict[str, object], Result]]) -> None:
    """较大以上: incident reports, conditional only on unknown routing or a stated reading; 一般: none;
    unknown: every incident report conditional, a crime report never (it is owed at any level)."""
    readings = {"if_other_operators_include_cii", "if_sector_rules"}  # not about routing
    for path, result in all_paths:
        incident = [r for r in result["reports"] if r["kind"] == "incident_report"]
        for report in result["reports"]:
            assert bool(report["conditions"]) == report["conditional"], path
        if path["level"] == "general":
            assert (False, []) == (result["must_report"], result["reports"])
        elif path["level"] == "unknown":
            assert result["must_report"] is None and incident and all(r["conditional"] for r in incident)
            assert not any(r["conditional"] for r in result["reports"] if r["kind"] == "crime_report")
        else:
            assert result["must_report"] is True and incident
            routing_known = "unknown" not in (path["involves_cii"], path["central_state_organ"])
            conditions = {c["id"] for r in result["reports"] for c in r["conditions"]}
            assert routing_known != bool(conditions - readings), path
        minutes = [r["within_minutes"] for r in result["reports"] if r["within_minutes"] is not None]
        assert sorted(minutes) == minutes


def test_escalation_only_for_major_and_above(all_paths: list[tuple[dict[str, object], Result]]) -> None:
    """The authorities escalate 重大 and 特别重大 only (and conditionally while unknown)."""
    for path, result in all_paths:
        expected = path["level"] in ("especially_major", "major", "unknown")
        assert expected == bool(result["escalations"]), path


def _citations(value: object) -> Iterator[str]:
    if isinstance(value, dict):
        for key, item in value.items():
            if key in ("basis", "interpretation", "must_report_basis", "first_report_basis") and isinstance(item, str):
                yield item
            elif key in ("level_basis", "interpretations") and isinstance(item, list):
                yield from item
            else:
                yield from _citations(item)
    elif isinstance(value, list):
        for item in value:
            yield from _citations(item)


def test_every_citation_in_every_outcome_resolves(all_paths: list[tuple[dict[str, object], Result]]) -> None:
    """Every basis, interpretation and level basis of every path's result names a real passage."""
    keys = {key for _, result in all_paths for key in _citations(result)}
    assert {"measures/4/2", "measures/4/3", "measures/4/4", "measures/7/2", "qa/6/1"} <= keys
    for key in keys:
        assert key == resolve(key).key


def test_every_line_of_a_result_is_cited(all_paths: list[tuple[dict[str, object], Result]]) -> None:
    """Each report, escalation, follow-up, channel, duty, note and content item carries a basis."""
    for _, result in all_paths:
        sections = ["reports", "escalations", "follow_ups", "channels", "other_duties", "notes"]
        entries = [entry for section in sections for entry in result[section]]
        if result["contents"]:
            entries += result["contents"]["items"] + result["contents"]["ransomware_fields"]
        assert entries and all(entry.get("basis") for entry in entries)
