"""The command line contract: `assess` reads JSON on stdin and writes JSON; `paths` prints the table."""

from __future__ import annotations

import io
import json
import sys
from typing import Any

import pytest

from decision_tree.__main__ import main


def _run(monkeypatch: pytest.MonkeyPatch, capsys: Any, stdin: bytes, *args: str) -> tuple[int, str, str]:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(stdin)))
    status = main(list(args))
    out, err = capsys.readouterr()
    return status, out, err


def test_assess_example_from_the_readme(monkeypatch: pytest.MonkeyPatch, capsys: Any) -> None:
    """CII + 重大 at 23:40 → both reports due 00:40, escalation within 30 minutes; Chinese unescaped."""
    stdin = b'{"involves_cii": true, "level": "major", "discovered_at": "2025-11-03T23:40:00+08:00"}'
    status, out, err = _run(monkeypatch, capsys, stdin, "assess")
    assert (0, "") == (status, err)
    result = json.loads(out)
    assert [("protection_department", 60, "2025-11-04T00:40:00+08:00", "measures/4/2")] * 1 == [
        (r["to"], r["within_minutes"], r["due_at"], r["basis"]) for r in result["reports"][:1]
    ]
    assert "public_security" == result["reports"][1]["to"]
    assert (["national_cac", "state_council_public_security"], 30) == (
        result["escalations"][0]["to"],
        result["escalations"][0]["within_minutes"],
    )
    assert "保护工作部门" in out  # UTF-8, not \u escapes


def test_bad_input_exits_2_with_one_line(monkeypatch: pytest.MonkeyPatch, capsys: Any) -> None:
    """A typo in a key exits 2 with one line on stderr and nothing on stdout."""
    status, out, err = _run(monkeypatch, capsys, b'{"involves_cii": true, "levle": "major"}', "assess")
    assert (2, "") == (status, out)
    assert err.startswith("error: levle (unknown key): ") and 1 == err.count("\n")


def test_non_utf8_input_is_refused_cleanly(monkeypatch: pytest.MonkeyPatch, capsys: Any) -> None:
    """Bytes that are not UTF-8 get the clean error, not a traceback."""
    status, out, err = _run(monkeypatch, capsys, b'{"level": "\xff"}', "assess")
    assert (2, "") == (status, out)
    assert "not UTF-8" in err


def test_paths_prints_every_path(monkeypatch: pytest.MonkeyPatch, capsys: Any) -> None:
    """`paths` prints one block per path: 720 of them."""
    status, out, _ = _run(monkeypatch, capsys, b"", "paths")
    assert 0 == status
    assert 720 == sum(1 for line in out.splitlines() if line.startswith("involves_cii="))


# The contract for bad input (issue 8): exit 2, nothing on stdout, one bounded line on stderr that
# starts with the field. Shapes that used to end in a traceback or a line of megabytes:
LONGEST_LINE = 1000  # the longest "expected …" list (the facts) is ~450 characters
SHAPES = [
    (
        "an integer of 5,000 digits",
        '{"facts": {"direct_economic_loss_yuan": ' + "9" * 5000 + "}}",
        "facts.direct_economic_loss_yuan",
    ),
    ("an integer of 5,000 digits, negative, at the top", '{"level": -' + "9" * 5000 + "}", "level"),
    ("a float beyond any number", '{"facts": {"direct_economic_loss_yuan": 1e999}}', "facts.direct_economic_loss_yuan"),
    ("lists nested 100,000 deep", "[" * 100_000 + "]" * 100_000, "input"),
    ("objects nested 5,000 deep inside facts", '{"facts": ' + '{"a": ' * 5000 + "1" + "}" * 5001, "facts.a"),
    ("lists nested 50 deep in judgements", '{"judgements": ' + "[" * 50 + "]" * 50 + "}", "judgements"),
    ("a repeated top-level key", '{"involves_cii": true, "involves_cii": false}', "involves_cii (repeated key)"),
    (
        "a repeated fact",
        '{"facts": {"personal_info_leaked_people": 1, "personal_info_leaked_people": 2}}',
        "facts.personal_info_leaked_people (repeated key)",
    ),
    ("a repeated key deep inside an unknown one", '{"extra": [{"a": 1, "a": 2}]}', "extra[0].a (repeated key)"),
    ("a key of 2 MB", '{"' + "k" * 2_000_000 + '": 1}', "k" * 60 + "… (unknown key)"),
    ("a fact name of 2 MB", '{"facts": {"' + "k" * 2_000_000 + '": 1}}', "facts." + "k" * 60 + "… (unknown fact)"),
    ("a value of 2 MB", '{"level": "' + "v" * 2_000_000 + '"}', "level"),
    (
        "control and separator characters in a key",
        '{"a\\u0000\\u2028\\u0085\\ud800b": 1}',
        "a\\u0000\\u2028\\u0085\\ud800b (unknown key)",
    ),
    (
        "an outage fact with involves_cii left out",
        '{"facts": {"cii_main_function_outage_minutes": 40}}',
        "involves_cii",
    ),
]


@pytest.mark.parametrize(("text", "field"), [pytest.param(text, field, id=name) for name, text, field in SHAPES])
def test_bad_input_shapes_exit_2_with_one_bounded_line(
    text: str, field: str, monkeypatch: pytest.MonkeyPatch, capsys: Any
) -> None:
    """Huge numbers, deep nesting, repeated and huge keys: exit 2 and one short line naming the field."""
    status, out, err = _run(monkeypatch, capsys, text.encode(), "assess")
    assert (2, "") == (status, out)
    assert err.startswith(f"error: {field}: "), err[:200]
    assert 1 == len(err.splitlines()) and err.endswith("\n") and len(err) <= LONGEST_LINE


def test_left_out_is_not_called_false(monkeypatch: pytest.MonkeyPatch, capsys: Any) -> None:
    """Outage facts without involves_cii say it was left out and what to add, not "false is not allowed"."""
    _, _, err = _run(monkeypatch, capsys, b'{"facts": {"cii_total_outage_minutes": 30}}', "assess")
    assert "false" not in err and "left out" in err and '"involves_cii": true' in err
    _, _, err = _run(
        monkeypatch, capsys, b'{"involves_cii": false, "facts": {"cii_total_outage_minutes": 30}}', "assess"
    )
    assert err.startswith("error: involves_cii: false is not allowed; expected true")


def test_echoed_pieces_are_cut_to_60_characters(monkeypatch: pytest.MonkeyPatch, capsys: Any) -> None:
    """A long value is quoted with its first 60 characters (counting the opening quote) and "…"."""
    _, _, err = _run(monkeypatch, capsys, ('{"defaced_site_kind": "' + "v" * 500 + '"}').encode(), "assess")
    assert f'error: defaced_site_kind: "{"v" * 59}… is not allowed; expected ' in err


def test_english_strings_are_marked_unofficial(monkeypatch: pytest.MonkeyPatch, capsys: Any) -> None:
    """The JSON says, machine-readably, that its English texts are unofficial translations."""
    status, out, _ = _run(monkeypatch, capsys, b'{"level": "major"}', "assess")
    result = json.loads(out)
    assert (0, {"zh": "official", "en": "unofficial translation"}) == (status, result["language_status"])
    assert result["reports"][0]["to_label"]["en"]  # there are English texts to mark
