"""The command line: ``python -m decision_tree assess``, ``paths`` and ``incident``.

Package room. May import: the standard library and any ``decision_tree`` module.

``assess`` reads one JSON object on standard input and writes one JSON object on standard
output (UTF-8, Chinese not escaped). Bad input — anything :func:`decision_tree.answers.decode_json`
or :func:`decision_tree.answers.parse` refuses, or bytes that are not UTF-8 — exits with status 2,
nothing on standard output and one line on standard error that starts with the field, then the
value and what is allowed, each echoed piece cut to 60 characters: never a traceback.

``incident`` keeps an incident file (:mod:`decision_tree.incident`), the same format as the
browser's export: ``incident new`` (stdin: the assess input, ``discovered_at`` required; stdout:
the new file), ``incident add FILE`` (stdin: one event; stdout: the updated file, or with
``--in-place`` FILE replaced atomically: a temporary file in the same folder, then a rename),
``incident status FILE [--now T]`` (the duties as JSON), ``incident verify FILE`` (exit 0 when
the chain is intact, else exit 1 and one line naming the first entry that does not match) and
``incident documents FILE`` (the pre-filled reports). Bad input exits 2 with one line on
standard error, as for ``assess``; the file is never touched then.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
import tempfile
from pathlib import Path

from decision_tree import incident, incident_format
from decision_tree.answers import BEIJING, InputError, decode_json, parse_json
from decision_tree.engine import assess
from decision_tree.tree import table


class _Refused(Exception):
    """Bad input for the command line: one line for standard error, exit 2."""


def _read_stdin() -> object:
    raw = sys.stdin.buffer.read()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        raise _Refused(f"input: byte {error.start} is not UTF-8; expected UTF-8 JSON") from None
    return _decode("input", text)


def _decode(field: str, text: str) -> object:
    try:
        return decode_json(text)
    except InputError as error:
        name = field if error.field == "input" else f"{field}: {error.field}"
        raise _Refused(f"{name}: {error.problem}; expected {error.allowed}") from None


def _read_file(path: str) -> object:
    try:
        data = Path(path).read_bytes()
    except OSError as error:
        raise _Refused(f"FILE: {path} cannot be read ({error.strerror}); expected an incident file") from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise _Refused(
            f"FILE: byte {error.start} of {path} is not UTF-8; expected an incident file (UTF-8 JSON)"
        ) from None
    return _decode("FILE", text)


def _now(value: str | None) -> str:
    if value is None:
        return dt.datetime.now(BEIJING).isoformat(timespec="seconds")
    incident_format.moment("--now", value)  # refuse a time that cannot be read, naming --now
    return value


def _dump(obj: object, indent: int | None) -> bytes:
    return json.dumps(obj, ensure_ascii=False, indent=indent).encode("utf-8") + b"\n"


def _write_atomically(path: str, data: bytes) -> None:
    """Replace ``path`` by ``data``: a temporary file in the same folder, flushed, then renamed."""
    target = Path(path)
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(data)
            file.flush()
            os.fsync(file.fileno())
        Path(temporary).replace(target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _incident(args: argparse.Namespace) -> int:
    indent = args.indent
    try:
        if args.action == "new":
            sys.stdout.buffer.write(_dump(incident.new_file(_read_stdin(), _now(args.now)), indent))
        elif args.action == "add":
            event = _read_stdin()
            updated = _dump(incident.add_event(_read_file(args.file), event, _now(args.now)), indent)
            if args.in_place:
                try:
                    _write_atomically(args.file, updated)
                except OSError as error:
                    raise _Refused(f"FILE: {args.file} cannot be written ({error}); it is unchanged") from None
            else:
                sys.stdout.buffer.write(updated)
        elif args.action == "status":
            sys.stdout.buffer.write(_dump(incident.status(_read_file(args.file), _now(args.now)), indent))
        elif args.action == "documents":
            sys.stdout.buffer.write(_dump(incident.documents(_read_file(args.file), _now(args.now)), indent))
        else:
            verification = incident.verify(_read_file(args.file))
            if not verification.ok:
                print(f"error: {verification.reason['en']}", file=sys.stderr)
                return 1
            print(verification.reason["en"])
    except incident.IncidentError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    except _Refused as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    return 0


def _assess(indent: int | None) -> int:
    raw = sys.stdin.buffer.read()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        print(f"error: input: byte {error.start} is not UTF-8; expected UTF-8 JSON", file=sys.stderr)
        return 2
    try:
        answers = parse_json(text)
    except InputError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    sys.stdout.buffer.write(json.dumps(assess(answers), ensure_ascii=False, indent=indent).encode("utf-8") + b"\n")
    return 0


def main(argv: list[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    parser = argparse.ArgumentParser(
        prog="python -m decision_tree",
        description="China's Measures for the Reporting of National Cybersecurity Incidents, cited.",
    )
    commands = parser.add_subparsers(dest="command", required=True)
    assess_parser = commands.add_parser("assess", help="read one JSON object on stdin, write the result as JSON")
    assess_parser.add_argument("--indent", type=int, default=None, help="pretty-print with this indent")
    commands.add_parser("paths", help="print every path through the question tree and its outcome")
    incident_parser = commands.add_parser("incident", help="keep an incident file: new, add, status, verify, documents")
    actions = incident_parser.add_subparsers(dest="action", required=True)
    new = actions.add_parser("new", help="read the assess input (with discovered_at) on stdin, write a new file")
    add = actions.add_parser("add", help="read one event on stdin, write the updated file")
    add.add_argument("--in-place", action="store_true", help="replace FILE atomically instead of writing stdout")
    status = actions.add_parser("status", help="write the duties and their states as JSON")
    verify = actions.add_parser("verify", help="exit 0 if the hash chain is intact, else 1 naming the first bad entry")
    documents = actions.add_parser("documents", help="write the pre-filled reports (Chinese, English working copy)")
    for action in (add, status, verify, documents):
        action.add_argument("file", metavar="FILE", help="the incident file (JSON)")
    for action in (new, add, status, verify, documents):
        action.add_argument("--indent", type=int, default=None, help="pretty-print with this indent")
    for action in (new, add, status, documents):
        action.add_argument("--now", default=None, help="the present moment (ISO 8601; default: the clock)")
    args = parser.parse_args(argv)
    if args.command == "assess":
        return _assess(args.indent)
    if args.command == "incident":
        return _incident(args)
    sys.stdout.buffer.write(table().encode("utf-8"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
