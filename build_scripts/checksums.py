"""Write ``decision_tree/data/checksums.toml``: a SHA-256 per article, annex level and question.

Build-time room. May import: the standard library and ``decision_tree``.

Run it (``make checksums``) only after the data was checked against the official text — the
integrity test compares the data with ``../shared/sources`` directly where that is present,
and with these digests everywhere else.
"""

from __future__ import annotations

from pathlib import Path

from decision_tree.integrity import digests

TARGET = Path(__file__).resolve().parent.parent / "decision_tree" / "data" / "checksums.toml"

HEADER = """\
# SHA-256 of each article, annex level, Q&A question and structural line of the official text,
# computed by decision_tree.integrity.digests() when the text was last verified against
# ../shared/sources. Regenerate only after such a check: make checksums
"""


def render() -> str:
    """The checksums file for the data as it is now."""
    rows = [f'"{group}" = "{digest}"' for group, digest in digests().items()]
    return HEADER + "\n[sha256]\n" + "\n".join(rows) + "\n"


def main() -> None:
    """Write the file and say how many digests it holds."""
    text = render()
    TARGET.write_text(text, encoding="utf-8")
    print(f"wrote {TARGET.name}: {text.count(' = ')} digests")


if __name__ == "__main__":
    main()
