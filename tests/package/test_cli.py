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
    """`paths` prints one block per path: 594 of them."""
    status, out, _ = _run(monkeypatch, capsys, b"", "paths")
    assert 0 == status
    assert 594 == sum(1 for line in out.splitlines() if line.startswith("involves_cii="))
