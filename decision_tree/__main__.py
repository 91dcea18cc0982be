"""The command line: ``python -m decision_tree assess`` and ``python -m decision_tree paths``.

Package room. May import: the standard library and any ``decision_tree`` module.

``assess`` reads one JSON object on standard input and writes one JSON object on standard
output (UTF-8, Chinese not escaped). Bad input — anything :func:`decision_tree.answers.decode_json`
or :func:`decision_tree.answers.parse` refuses, or bytes that are not UTF-8 — exits with status 2,
nothing on standard output and one line on standard error that starts with the field, then the
value and what is allowed, each echoed piece cut to 60 characters: never a traceback.
"""

from __future__ import annotations

import argparse
import json
import sys

from decision_tree.answers import InputError, parse_json
from decision_tree.engine import assess
from decision_tree.tree import table


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
    args = parser.parse_args(argv)
    if args.command == "assess":
        return _assess(args.indent)
    sys.stdout.buffer.write(table().encode("utf-8"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
