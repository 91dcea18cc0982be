"""Properties over many generated inputs: grading is monotone; any input works or fails cleanly."""

from __future__ import annotations

import io
import json
import sys
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from decision_tree.__main__ import main
from decision_tree.answers import KEYS, InputError, parse
from decision_tree.engine import assess_raw
from decision_tree.grading import grade
from decision_tree.load import load_law
from decision_tree.model import Level
from decision_tree.rules import load_rules

FACTS = [f.id for f in load_law().guide.facts]
RANK = {None: 0, Level.GENERAL: 1, Level.RELATIVELY_MAJOR: 2, Level.MAJOR: 3, Level.ESPECIALLY_MAJOR: 4}


def _value(fact: str) -> st.SearchStrategy[float]:
    if fact.endswith("_percent"):
        return st.integers(0, 100).map(float) | st.floats(0, 100)
    return st.integers(0, 200_000_000).map(float) | st.sampled_from([9.0, 10.0, 999_999.0, 1_000_000.0])


@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow])
@given(
    facts=st.fixed_dictionaries({}, optional={k: _value(k) for k in FACTS}),
    fact=st.sampled_from(FACTS),
    increase=st.floats(0, 200_000_000),
    portal=st.sampled_from([k.id for k in load_rules().site_kinds_for("portal_unreachable")]),
    defaced=st.sampled_from([k.id for k in load_rules().site_kinds_for("defacement")]),
)
def test_grading_is_monotone_in_every_quantity(
    facts: dict[str, float], fact: str, increase: float, portal: str, defaced: str
) -> None:
    """Raising any one number never lowers the graded level."""
    base = {"involves_cii": True, "portal_site_kind": portal, "defaced_site_kind": defaced}
    before = parse({**base, "facts": facts})
    raised = dict(facts)
    ceiling = 100.0 if fact.endswith("_percent") else float("inf")
    raised[fact] = min(raised.get(fact, 0.0) + increase, ceiling)
    after = parse({**base, "facts": raised})
    assert RANK[grade(before).level] <= RANK[grade(after).level]


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=12),
    lambda children: st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=8), children, max_size=3),
    max_leaves=8,
)
near_valid = st.fixed_dictionaries(
    {},
    optional={
        key: json_values
        | st.sampled_from([True, False, "major", "unknown", "2025-11-03T23:40:00", "guide/2/criterion/2"])
        for key in KEYS
    },
)


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(raw=near_valid | json_values)
def test_any_input_gives_a_result_or_a_clean_error(raw: Any) -> None:
    """Whatever the input, the engine returns a result or raises InputError — nothing else."""
    try:
        result = assess_raw(raw)
    except InputError as error:
        assert str(error) and "\n" not in str(error)
    else:
        assert result["level"] in ("especially_major", "major", "relatively_major", "general", "unknown")
        json.dumps(result, ensure_ascii=False, allow_nan=False)


@settings(max_examples=100, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(text=st.text(max_size=40) | json_values.map(json.dumps))
def test_the_command_line_exits_0_or_2(text: str, monkeypatch: pytest.MonkeyPatch, capsys: Any) -> None:
    """The command line answers any text with a result (0) or one error line (2), never a traceback."""
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(text.encode("utf-8", "surrogatepass"))))
    status = main(["assess"])
    out, err = capsys.readouterr()
    if status == 0:
        assert json.loads(out)["level"] and not err
    else:
        assert 2 == status and err.startswith("error: ") and 1 == err.count("\n") and not out
