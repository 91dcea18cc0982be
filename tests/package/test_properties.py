"""Properties over many generated inputs: grading is monotone; any input works or fails cleanly."""

from __future__ import annotations

import io
import json
import re
import sys
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from decision_tree.__main__ import main
from decision_tree.answers import ECHO_LIMIT, KEYS, MAX_DEPTH, MAX_DIGITS, InputError, echo, parse
from decision_tree.engine import assess_raw
from decision_tree.grading import grade
from decision_tree.load import load_law
from decision_tree.model import Level
from decision_tree.rules import load_rules
from decision_tree.web import respond

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


# Shapes of input that must always be refused (issue 8), built as JSON text. Each comes with the
# field its message must start with. They sit among answers that are fine on their own.
GOOD_PAIRS = [("involves_cii", "true"), ("level", '"major"'), ("ransomware", "false")]
huge_ints = st.integers(MAX_DIGITS + 1, 6000).map(lambda n: "9" * n) | st.integers(MAX_DIGITS + 1, 6000).map(
    lambda n: "-1" + "0" * n
)
deep_values = st.integers(MAX_DEPTH, 3000).flatmap(
    lambda n: st.sampled_from(["[" * n + "]" * n, '{"a": ' * n + "1" + "}" * n])
)
huge_keys = st.integers(ECHO_LIMIT + 1, 300_000).map(lambda n: "k" * n)
control_keys = st.text(st.characters(categories=["Cc", "Cf", "Zl", "Zp", "Cs"]), min_size=1, max_size=6) | st.tuples(
    st.text(max_size=4), st.characters(categories=["Cc", "Zl", "Zp"])
).map("".join)
simple_values = st.sampled_from(["true", "1", '"major"', "[]", "{}", "null"])


def _object(pairs: list[tuple[str, str]]) -> str:
    return "{" + ", ".join(f"{json.dumps(key)}: {value}" for key, value in pairs) + "}"


@st.composite
def refused_inputs(draw: st.DrawFn) -> tuple[str, str]:
    """(JSON text, field) for one shape the contract refuses, placed at the top level or in facts."""
    shape = draw(st.sampled_from(["huge_int", "deep", "repeated", "huge_key", "control_key"]))
    in_facts = draw(st.booleans())
    key = draw(st.sampled_from(FACTS if in_facts else KEYS))
    if shape == "huge_int":
        bad, field = [(key, draw(huge_ints))], key
    elif shape == "deep":
        value = draw(deep_values)
        bad, field = [(key, value)], "facts.a" if key == "facts" and value.startswith("{") else key
    elif shape == "repeated":
        bad, field = [(key, draw(simple_values)), (key, draw(simple_values))], f"{key} (repeated key)"
    else:
        key = draw(huge_keys if shape == "huge_key" else control_keys)
        read = json.loads(json.dumps(key))  # as the decoder reads it: a surrogate pair is one character
        bad, field = [(key, draw(simple_values))], f"{echo(read)} (unknown {'fact' if in_facts else 'key'})"
    if in_facts:
        return _object([*GOOD_PAIRS, ("facts", _object(bad))]), f"facts.{field}"
    position = draw(st.integers(0, len(GOOD_PAIRS)))
    pairs = [(k, v) for k, v in GOOD_PAIRS if k != key]
    return _object(pairs[:position] + bad + pairs[position:]), field


def _assess_text(text: str, monkeypatch: pytest.MonkeyPatch, capsys: Any) -> tuple[int, str, str]:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(text.encode("utf-8", "surrogatepass"))))
    status = main(["assess"])
    out, err = capsys.readouterr()
    return status, out, err


@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(case=refused_inputs())
def test_refused_shapes_exit_2_with_one_bounded_line_naming_the_field(
    case: tuple[str, str], monkeypatch: pytest.MonkeyPatch, capsys: Any
) -> None:
    """Huge integers, deep nesting, repeated, huge or unprintable keys: exit 2, one short line, the field first."""
    text, field = case
    status, out, err = _assess_text(text, monkeypatch, capsys)
    assert (2, "") == (status, out)
    assert err.startswith(f"error: {field}: "), err[:300]
    assert [err[:-1]] == err.splitlines() and err[:-1].isprintable() and len(err) <= 1000


@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(
    pairs=st.lists(
        st.tuples(
            st.sampled_from(KEYS) | control_keys | huge_keys,
            simple_values | huge_ints | deep_values | control_keys.map(json.dumps) | json_values.map(json.dumps),
        ),
        max_size=4,
    )
)
def test_any_object_gives_a_result_or_one_bounded_line(
    pairs: list[tuple[str, str]], monkeypatch: pytest.MonkeyPatch, capsys: Any
) -> None:
    """Any mix of these keys and values: a result (0) or one printable line of at most 1,000 characters (2)."""
    status, out, err = _assess_text(_object(pairs), monkeypatch, capsys)
    if status == 0:
        assert json.loads(out)["level"] and not err
    else:
        assert 2 == status and not out
        assert [err[:-1]] == err.splitlines() and err[:-1].isprintable() and len(err) <= 1000


# The browser boundary: a request of any shape gets JSON back, never an exception.
fragment_pieces = st.sampled_from(
    [
        "involves_cii=yes",
        "level=major",
        "level=general",
        "j=guide/1/criterion/1",
        "ask=involves_cii",
        "t=2025-11-03T23:40",
    ]
) | st.tuples(
    st.sampled_from(["level", "t", "f.direct_economic_loss_yuan", "psk", "lang", "zz"]), control_keys | huge_keys
).map("=".join)
fragments = st.lists(fragment_pieces, max_size=6).map("&".join)
requests = (
    st.fixed_dictionaries(
        {"fragment": fragments}, optional={"now": st.sampled_from([None, "2025-11-03T15:40:00Z", "yesterday"])}
    ).map(json.dumps)
    | refused_inputs().map(lambda case: case[0])
    | st.text(max_size=20)
)


@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow])
@given(request=requests)
def test_respond_always_answers_with_json(request: str) -> None:
    """respond() never raises: a page (html, fragment) or one line of error in Chinese, never an internal error."""
    response = json.loads(respond(request))
    if "error" in response:
        assert [response["error"]] == response["error"].splitlines() and len(response["error"]) <= 500
        assert "内部错误" not in response["error"] and "Internal error" not in response["error"]
    else:
        problems = re.findall(r'<div class="ic-problems".*?</div>', response["html"], re.S)
        assert all("k" * (ECHO_LIMIT + 1) not in block for block in problems)
        assert isinstance(response["fragment"], str)
