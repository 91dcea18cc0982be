"""The command line's `incident` contract: new, add (--in-place, atomic), status, verify, documents.

No subprocess (these run inside Pyodide too): `main` is called with stdin replaced.
"""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path
from typing import Any

import pytest

from decision_tree.__main__ import main

NEW = {
    "involves_cii": False,
    "central_state_organ": False,
    "level": "relatively_major",
    "discovered_at": "2025-11-03T23:40",
}
REPORT = {
    "type": "report_sent",
    "at": "2025-11-04T02:05+08:00",
    "to": "provincial_cac",
    "channel": "hotline",
    "items": [1, 2],
    "reference": "A-123",
    "not_determinable": True,
}


def _run(monkeypatch: pytest.MonkeyPatch, capsys: Any, stdin: bytes, *args: str) -> tuple[int, str, str]:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(stdin)))
    status = main(list(args))
    out, err = capsys.readouterr()
    return status, out, err


def _new(monkeypatch: pytest.MonkeyPatch, capsys: Any, folder: Path) -> Path:
    status, out, err = _run(
        monkeypatch, capsys, json.dumps(NEW).encode(), "incident", "new", "--now", "2025-11-04T00:10"
    )
    assert (0, "") == (status, err)
    path = folder / "incident.json"
    path.write_text(out, encoding="utf-8")
    return path


def test_new_add_status_and_verify(monkeypatch: pytest.MonkeyPatch, capsys: Any, tmp_path: Path) -> None:
    """new → add a report → status (done at 02:05, supplement open) → verify exits 0."""
    path = _new(monkeypatch, capsys, tmp_path)
    status, out, err = _run(
        monkeypatch, capsys, json.dumps(REPORT).encode(), "incident", "add", str(path), "--now", "2025-11-04T02:10"
    )
    assert (0, "") == (status, err)
    assert "已报告" not in out and "hotline" in out  # the file, not a rendering
    path.write_text(out, encoding="utf-8")
    status, out, err = _run(monkeypatch, capsys, b"", "incident", "status", str(path), "--now", "2025-11-04T03:00")
    duties = {d["id"]: d for d in json.loads(out)["duties"]}
    assert (0, "done", "open") == (
        status,
        duties["report.other_operator.provincial_cac"]["state"],
        duties["supplement.provincial_cac"]["state"],
    )
    status, out, err = _run(monkeypatch, capsys, b"", "incident", "verify", str(path))
    assert (0, "") == (status, err)
    assert out.startswith("the hash chain is intact: 2 entries")


def test_status_states_follow_now(monkeypatch: pytest.MonkeyPatch, capsys: Any, tmp_path: Path) -> None:
    """With no report: open at 03:39, overdue at 03:41 (due 03:40, Beijing time)."""
    path = _new(monkeypatch, capsys, tmp_path)
    states = []
    for now in ("2025-11-04T03:39", "2025-11-04T03:41"):
        _, out, _ = _run(monkeypatch, capsys, b"", "incident", "status", str(path), "--now", now)
        states.append(next(d["state"] for d in json.loads(out)["duties"] if d["kind"] == "first_report"))
    assert ["open", "overdue"] == states


def _events(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


def _three(monkeypatch: pytest.MonkeyPatch, capsys: Any, tmp_path: Path) -> Path:
    path = _new(monkeypatch, capsys, tmp_path)
    for event, now in (
        (REPORT, "2025-11-04T02:10"),
        ({"type": "note", "at": "2025-11-04T09:00", "text": "现场已保全"}, "2025-11-04T09:05"),
    ):
        args = ("incident", "add", str(path), "--in-place", "--now", now)
        assert 0 == _run(monkeypatch, capsys, json.dumps(event, ensure_ascii=False).encode(), *args)[0]
    return path


@pytest.mark.parametrize(
    ("change", "entry"),
    [
        ("edit", "entry 2: its prev does not match entry 1"),
        ("delete", "entry 1: its seq is 2"),
        ("reorder", "entry 1: its seq is 2"),
        ("id", "entry 0: its prev does not match the file's id and created_at"),
        ("created_at", "entry 0: its prev does not match the file's id and created_at"),
    ],
)
def test_verify_names_the_first_entry_that_does_not_match(
    monkeypatch: pytest.MonkeyPatch, capsys: Any, tmp_path: Path, change: str, entry: str
) -> None:
    """An edited, deleted or reordered entry, or an edited id or created_at: exit 1, one line naming it."""
    path = _three(monkeypatch, capsys, tmp_path)
    data = _events(path)
    if change == "edit":
        data["events"][1]["reference"] = "A-999"
    elif change == "delete":
        del data["events"][1]
    elif change == "reorder":
        data["events"][1], data["events"][2] = data["events"][2], data["events"][1]
    else:
        data[change] = "2025-11-04T00:00:00+08:00" if change == "created_at" else "another-id"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    status, out, err = _run(monkeypatch, capsys, b"", "incident", "verify", str(path))
    assert (1, "", 1) == (status, out, err.count("\n"))
    assert err.startswith(f"error: {entry}")


def test_in_place_replaces_the_file_atomically(monkeypatch: pytest.MonkeyPatch, capsys: Any, tmp_path: Path) -> None:
    """--in-place writes nothing to stdout, replaces the file and leaves no temporary file behind."""
    path = _three(monkeypatch, capsys, tmp_path)
    assert (["incident.json"], 3) == (sorted(p.name for p in tmp_path.iterdir()), len(_events(path)["events"]))


def test_a_failed_rename_leaves_the_file_as_it_was(
    monkeypatch: pytest.MonkeyPatch, capsys: Any, tmp_path: Path
) -> None:
    """A crash between writing and renaming: the old file is intact, the temporary file is gone, exit 2."""
    path = _new(monkeypatch, capsys, tmp_path)
    before = path.read_bytes()

    def fail(self: Path, target: object) -> Path:
        raise OSError("disk full")

    monkeypatch.setattr(Path, "replace", fail)
    args = ("incident", "add", str(path), "--in-place", "--now", "2025-11-04T02:10")
    status, out, err = _run(monkeypatch, capsys, json.dumps(REPORT).encode(), *args)
    assert (2, "", before, ["incident.json"]) == (status, out, path.read_bytes(), [p.name for p in tmp_path.iterdir()])
    assert "unchanged" in err


BAD = [
    ("a sent time before the discovery", {**REPORT, "at": "2025-11-03T22:00"}, "at"),
    ("a sent time in the future", {**REPORT, "at": "2025-11-04T05:00"}, "at"),
    ("an unknown recipient", {**REPORT, "to": "12387"}, "to"),
    ("an unknown item", {**REPORT, "items": [0]}, "items"),
    ("an unknown type", {**REPORT, "type": "sent"}, "type"),
]


@pytest.mark.parametrize(("name", "event", "field"), BAD, ids=[b[0] for b in BAD])
def test_bad_events_exit_2_and_never_touch_the_file(
    monkeypatch: pytest.MonkeyPatch, capsys: Any, tmp_path: Path, name: str, event: dict[str, Any], field: str
) -> None:
    """Exit 2, nothing on stdout, one line naming the field; the file is byte for byte the same."""
    path = _new(monkeypatch, capsys, tmp_path)
    before = path.read_bytes()
    args = ("incident", "add", str(path), "--in-place", "--now", "2025-11-04T02:10")
    status, out, err = _run(monkeypatch, capsys, json.dumps(event).encode(), *args)
    assert (2, "", 1, before) == (status, out, err.count("\n"), path.read_bytes())
    assert err.startswith(f"error: {field}: ")


BAD_FILES = [
    ("not ours", lambda d: {**d, "format": "other"}, "error: format: "),
    ("a newer schema", lambda d: {**d, "schema_version": 9}, "error: schema_version: "),
    ("not JSON", None, "error: FILE: "),
]


@pytest.mark.parametrize(("name", "change", "start"), BAD_FILES, ids=[b[0] for b in BAD_FILES])
def test_files_not_ours_exit_2(
    monkeypatch: pytest.MonkeyPatch, capsys: Any, tmp_path: Path, name: str, change: Any, start: str
) -> None:
    """status, add and verify refuse a file that is not ours (or from a newer schema) with exit 2."""
    path = _new(monkeypatch, capsys, tmp_path)
    if change is None:
        path.write_text("{not json", encoding="utf-8")
    else:
        path.write_text(json.dumps(change(_events(path))), encoding="utf-8")
    for args in (("status", str(path)), ("verify", str(path)), ("add", str(path))):
        status, out, err = _run(monkeypatch, capsys, json.dumps(REPORT).encode(), "incident", *args)
        assert (2, "", 1) == (status, out, err.count("\n"))
        assert err.startswith(start)


def test_add_refuses_a_broken_chain(monkeypatch: pytest.MonkeyPatch, capsys: Any, tmp_path: Path) -> None:
    """A tampered file gets nothing appended: exit 2 naming the entry."""
    path = _three(monkeypatch, capsys, tmp_path)
    data = _events(path)
    data["events"][1]["at"] = "2025-11-04T01:00:00+08:00"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    status, _, err = _run(
        monkeypatch, capsys, b'{"type": "note", "at": "2025-11-04T10:00", "text": "x"}', "incident", "add", str(path)
    )
    assert (2, True) == (status, err.startswith("error: events[2]: "))


def test_new_refuses_input_without_discovered_at_and_bad_json(monkeypatch: pytest.MonkeyPatch, capsys: Any) -> None:
    """No discovered_at, a typo in a key, bytes that are not JSON: exit 2 naming the field."""
    cases = [
        (b'{"level": "major"}', "error: discovered_at: "),
        (b'{"levle": "major", "discovered_at": "2025-11-03T23:40"}', "error: levle (unknown key): "),
        (b"{", "error: input: "),
        (b'{"level": "\xff"}', "error: input: byte"),
    ]
    for stdin, start in cases:
        status, out, err = _run(monkeypatch, capsys, stdin, "incident", "new")
        assert (2, "", True) == (status, out, err.startswith(start)), err


def test_documents_are_written_in_both_languages(monkeypatch: pytest.MonkeyPatch, capsys: Any, tmp_path: Path) -> None:
    """`incident documents FILE`: first_report, supplement and summary, each zh and en."""
    path = _three(monkeypatch, capsys, tmp_path)
    status, out, _ = _run(monkeypatch, capsys, b"", "incident", "documents", str(path), "--now", "2025-11-05T00:00")
    docs = json.loads(out)
    assert (0, ["first_report", "summary", "supplement"]) == (status, sorted(docs))
    assert all(set(doc) == {"zh", "en"} for doc in docs.values())
