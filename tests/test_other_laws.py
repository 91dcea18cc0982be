"""Every quote of duties.toml is in ../shared/sources/other-laws.zh.md, word for word (host only).

Skipped where ../shared is absent: then the package's tests check each quote against the digest
recorded in duties.toml when this comparison was made (tests/package/test_duties.py).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from decision_tree.load import load_duties

OTHER_LAWS = Path(__file__).resolve().parent.parent.parent / "shared" / "sources" / "other-laws.zh.md"


def _sections() -> dict[str, list[str]]:
    """The file's `## ` sections, each as its non-empty lines."""
    if not OTHER_LAWS.exists():
        pytest.skip(f"{OTHER_LAWS} is absent: only the digests recorded in duties.toml are checked")
    sections: dict[str, list[str]] = {}
    current: list[str] | None = None
    for line in OTHER_LAWS.read_text(encoding="utf-8").splitlines():
        if line.startswith("## "):
            current = sections.setdefault(line[3:].strip(), [])
        elif current is not None and line.strip():
            current.append(line)
    return sections


def test_every_quote_is_whole_lines_of_its_section() -> None:
    """Each line of each quote is a whole line of the named section of other-laws.zh.md."""
    sections = _sections()
    missing = [
        (duty.id, line[:30])
        for duty in load_duties().duties
        for line in duty.quote
        if line not in sections.get(str(duty.quote_section), [])
    ]
    assert [] == missing
    assert 9 == sum(1 for duty in load_duties().duties if duty.quote)


def test_each_text_row_names_the_file_the_section_gives() -> None:
    """A text row's path is the `Source file:` of its section."""
    sections = _sections()
    for duty in load_duties().duties:
        if duty.quote:
            assert f"Source file: `{duty.path}`" in sections[str(duty.quote_section)][0], duty.id


def test_the_repository_commit_is_the_one_the_file_was_copied_from() -> None:
    """duties.toml's commit is the one other-laws.zh.md names."""
    _sections()
    assert load_duties().commit in OTHER_LAWS.read_text(encoding="utf-8")
