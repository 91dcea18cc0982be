"""Release bookkeeping: the rules' fingerprint, and the CHANGELOG.md entry that must record it.

Build-time room. May import: the standard library and ``decision_tree``.

The fingerprint is a SHA-256 over what decides an answer: the parsed contents of
``decision_tree/data/rules.toml``, ``tree.toml``, ``interpretations.toml`` and ``duties.toml``
(comments and layout do not count) and the digests of the official Chinese text
(:func:`decision_tree.integrity.digests`; English renderings do not count). CHANGELOG.md has one
entry per rules version (``[source] version`` in rules.toml)::

    ## Rules 2026-11-24.1 — package 0.2.0

    Fingerprint: `sha256:…`

``tests/test_release.py`` fails when the fingerprint of the data differs from the one recorded
under the current rules version, or when that version has no entry. After changing the rules or
the text: raise the rules version, add an entry, then ``make fingerprint`` (this module) records
the fingerprint in it — and refuses to change a fingerprint already recorded for a version.
"""

from __future__ import annotations

import hashlib
import json
import re
import sys
import tomllib
from pathlib import Path

import decision_tree
from decision_tree.integrity import digests

ROOT = Path(__file__).resolve().parent.parent
CHANGELOG = ROOT / "CHANGELOG.md"
DATA = Path(decision_tree.__file__).resolve().parent / "data"
FINGERPRINTED = ("rules.toml", "tree.toml", "interpretations.toml", "duties.toml")
ENTRY = re.compile(r"^## Rules (\S+)(.*)$", re.MULTILINE)
FINGERPRINT = re.compile(r"^Fingerprint: `sha256:([0-9a-f]{64})`$", re.MULTILINE)


def rules_version(data: Path = DATA) -> str:
    """The rules version the data declares (``[source] version`` in rules.toml)."""
    rules = tomllib.loads((data / "rules.toml").read_text(encoding="utf-8"))
    return str(rules["source"]["version"])


def fingerprint(data: Path = DATA) -> str:
    """SHA-256 (hex) of the parsed rules, tree and interpretations and of the Chinese text's digests."""
    parts = {name: tomllib.loads((data / name).read_text(encoding="utf-8")) for name in FINGERPRINTED}
    parts["text"] = digests()
    canonical = json.dumps(parts, sort_keys=True, ensure_ascii=False, default=str, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def entries(changelog: str) -> dict[str, str | None]:
    """``{rules version: recorded fingerprint or None}`` for every entry of the changelog."""
    found: dict[str, str | None] = {}
    headings = list(ENTRY.finditer(changelog))
    for index, heading in enumerate(headings):
        end = headings[index + 1].start() if index + 1 < len(headings) else len(changelog)
        recorded = FINGERPRINT.search(changelog, heading.end(), end)
        found[heading.group(1)] = recorded.group(1) if recorded else None
    return found


def record(changelog: str, version: str, digest: str) -> str:
    """The changelog with ``digest`` recorded under the entry for ``version`` (which must have none)."""
    heading = next(h for h in ENTRY.finditer(changelog) if h.group(1) == version)
    return f"{changelog[: heading.end()]}\n\nFingerprint: `sha256:{digest}`{changelog[heading.end() :]}"


def main() -> int:
    """``make fingerprint``: check or record the current fingerprint; explain what to do when it cannot."""
    version, digest = rules_version(), fingerprint()
    text = CHANGELOG.read_text(encoding="utf-8")
    recorded = entries(text)
    print(f"rules version {version}\nfingerprint   sha256:{digest}")
    if version not in recorded:
        print(
            f"CHANGELOG.md has no entry for rules {version}. If the rules, the tree, the interpretations or the\n"
            "text changed, raise [source] version in decision_tree/data/rules.toml, then add an entry headed\n"
            f"'## Rules <version> — package {decision_tree.__version__}' saying what changed, and run\n"
            "make fingerprint again.",
            file=sys.stderr,
        )
        return 1
    if recorded[version] == digest:
        print("CHANGELOG.md records this fingerprint: nothing to do")
        return 0
    if recorded[version] is not None:
        print(
            f"CHANGELOG.md records another fingerprint for rules {version}: the data changed after that version\n"
            "was recorded. Raise [source] version in rules.toml and add a new entry. (Only if that version was\n"
            "never committed: delete its Fingerprint line and run make fingerprint again.)",
            file=sys.stderr,
        )
        return 1
    CHANGELOG.write_text(record(text, version, digest), encoding="utf-8")
    print(f"recorded in CHANGELOG.md under rules {version}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
